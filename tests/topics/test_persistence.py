"""Saving and loading models: round trip, determinism, refusals, and the shipped model."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT

import zhnews
from zhnews.topics.persistence import (
    FORMAT_VERSION,
    ModelError,
    _metadata_checksum,
    default_model_path,
    load_model,
    save_model,
)
from zhnews.corpus import corpus_hash

SAMPLES = [
    ("社区开展消防演练", "星湖社区开展消防应急演练，居民学习使用灭火器。"),
    ("", "区法院法官走进社区开展普法宣传，解答居民法律问题。"),
    ("秋粮喜获丰收", "今年全县秋粮总产量比上年增长3.2%。"),
]


@pytest.fixture()
def saved(tmp_path, small_model) -> Path:
    return save_model(small_model, tmp_path / "m", name="test-model", version="9.9")


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _reseal(folder: Path, change=None) -> None:
    """Rewrite model.json with fresh checksums, as a careful forger would, after ``change(meta)``."""
    meta_path = folder / "model.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if change is not None:
        change(meta)
    for name in meta["files"]:
        meta["files"][name] = hashlib.sha256((folder / name).read_bytes()).hexdigest()
    meta["checksum"] = _metadata_checksum(meta)
    meta_path.write_text(json.dumps(meta), encoding="utf-8")


def test_round_trip_gives_identical_predictions(saved, small_model):
    loaded = load_model(saved)
    np.testing.assert_array_equal(loaded.predict_proba(SAMPLES), small_model.predict_proba(SAMPLES))
    assert loaded.predict(SAMPLES) == small_model.predict(SAMPLES)
    assert loaded.metadata_["name"] == "test-model" and loaded.metadata_["version"] == "9.9"
    assert [t.explain() for t in loaded.topics(SAMPLES)] == [t.explain() for t in small_model.topics(SAMPLES)]


def test_the_threshold_rule_is_recorded_and_a_model_without_it_still_loads(saved, small_model):
    assert load_model(saved).threshold_rule == small_model.threshold_rule == "half-f1"
    _reseal(saved, lambda meta: meta["classifier"].pop("threshold_rule"))  # a model saved before the setting existed
    loaded = load_model(saved)
    assert loaded.threshold_rule == "half-f1"
    np.testing.assert_array_equal(loaded.thresholds_, small_model.thresholds_)  # thresholds are stored, not re-derived


def test_saving_twice_gives_byte_identical_files(tmp_path, small_model):
    a = save_model(small_model, tmp_path / "a", name="m", version="1")
    b = save_model(small_model, tmp_path / "b", name="m", version="1")
    assert _files(a) == _files(b)


def test_a_model_saves_with_its_tokenizer(tmp_path, small_set):
    X, y = small_set
    tokenizer = zhnews.Tokenizer(user_words=["星湖社区"], hmm=False)
    model = zhnews.TopicClassifier(zhnews.NewsFeaturizer(tokenizer=tokenizer, char_ngram_range=None), cv=2).fit(X[:100], y[:100])
    loaded = load_model(save_model(model, tmp_path / "m", name="m", version="1"))
    assert loaded.featurizer_.tokenizer == tokenizer
    assert loaded.metadata_["tokenizer"]["backend"] == tokenizer.backend_name  # jieba-fast where installed
    np.testing.assert_array_equal(loaded.predict_proba(SAMPLES), model.predict_proba(SAMPLES))


@pytest.mark.parametrize("backend", ["jieba", None])
def test_a_model_records_the_backend_it_was_trained_on(tmp_path, small_set, backend):
    # None: the featurizer runs on the shared default tokenizer, whose backend it records.
    from zhnews.text.tokenize import default_tokenizer

    X, y = small_set
    tokenizer = None if backend is None else zhnews.Tokenizer(backend=backend)
    model = zhnews.TopicClassifier(zhnews.NewsFeaturizer(tokenizer=tokenizer, char_ngram_range=None), cv=2).fit(X[:100], y[:100])
    loaded = load_model(save_model(model, tmp_path / "m", name="m", version="1"))
    assert loaded.metadata_["tokenizer"]["backend"] == (backend or default_tokenizer().backend_name)


def test_loading_does_not_unpickle(saved, monkeypatch):
    import pickle

    def refuse(*args, **kwargs):
        raise AssertionError("load_model used pickle")

    monkeypatch.setattr(pickle, "load", refuse)
    monkeypatch.setattr(pickle, "loads", refuse)
    load_model(saved)


def test_a_changed_array_is_refused_naming_the_file(saved):
    path = saved / "coef.npy"
    data = bytearray(path.read_bytes())
    data[-3] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(ModelError, match=r"coef\.npy: checksum mismatch"):
        load_model(saved)


def test_changed_metadata_is_refused(saved):
    meta_path = saved / "model.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["thresholds"]["safety"] = 0.01
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match=r"model\.json: checksum mismatch"):
        load_model(saved)


def test_a_pickled_array_is_refused_even_with_matching_checksums(saved):
    path = saved / "intercept.npy"
    np.save(path, np.array([object()] * 4, dtype=object), allow_pickle=True)
    _reseal(saved)
    with pytest.raises(ModelError, match=r"intercept\.npy: not a plain array file"):
        load_model(saved)


def test_an_array_of_the_wrong_shape_is_refused(saved):
    path = saved / "thresholds.npy"
    np.save(path, np.array([0.5, 0.5]))
    _reseal(saved)
    with pytest.raises(ModelError, match=r"thresholds\.npy: shape"):
        load_model(saved)


def test_another_format_version_is_refused(saved):
    _reseal(saved, lambda meta: meta.update(format_version=FORMAT_VERSION + 1))
    with pytest.raises(ModelError, match="is not the format 1 this zhnews reads"):
        load_model(saved)


def test_missing_and_damaged_files_are_refused(saved, tmp_path):
    (saved / "tokens.json").unlink()
    with pytest.raises(ModelError, match=r"tokens\.json: missing"):
        load_model(saved)
    (saved / "model.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match=r"model\.json: damaged"):
        load_model(saved)
    with pytest.raises(ModelError, match="no such model folder"):
        load_model(tmp_path / "nowhere")
    (tmp_path / "file").write_text("x")
    with pytest.raises(ModelError, match="not a model folder"):
        load_model(tmp_path / "file")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelError, match="not a zhnews model"):
        load_model(tmp_path / "empty")


def test_model_error_is_an_input_error_naming_the_file(saved):
    (saved / "word_idf.npy").write_bytes(b"junk")
    with pytest.raises(zhnews.InputError) as exc:
        load_model(saved)
    assert str(saved / "word_idf.npy") in str(exc.value)


# -- the shipped model ------------------------------------------------------------------


def test_the_shipped_model_is_in_models_and_loads():
    assert default_model_path() == ROOT / "models" / "news-topics"
    model = zhnews.load_model()
    assert model.metadata_["name"] == "news-topics"
    assert model.predict(["区消防救援大队在工业园区开展消防安全检查，督促企业整改火灾隐患12处。"]) == [("safety",)]


def test_the_shipped_model_was_trained_on_this_corpus():
    meta = json.loads((default_model_path() / "model.json").read_text(encoding="utf-8"))
    assert meta["corpus"]["hash"] == corpus_hash(), (
        "corpus/ changed since the shipped model was trained: retrain and commit it with the corpus "
        "(ZHNEWS_TOKENIZER=jieba zhnews train --corpus corpus --out models/news-topics --dev-set local_news=../shared/realdev/local_news.jsonl "
        "--dev-set news_topics=../shared/realdev/news_topics.jsonl)"
    )


def test_the_shipped_model_is_small_and_carries_its_card():
    folder = default_model_path()
    size = sum(p.stat().st_size for p in folder.iterdir())
    assert size <= 20 * 1024 * 1024
    card = (folder / "MODEL.md").read_text(encoding="utf-8")
    meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    assert "macro-F1" in card and meta["corpus"]["hash"] in card
    for key in ("libraries", "metrics", "thresholds", "tokenizer", "labels", "zhnews_version"):
        assert key in meta
    test = meta["metrics"]["test"]
    assert set(test["per_label"]) == set(meta["labels"]) and test["macro_f1"] >= 0.92
    assert all("brier" in m for m in test["per_label"].values())
    assert meta["tokenizer"]["backend"] == "jieba"  # the reference backend, whatever runs it later


def test_a_copied_model_folder_loads_from_anywhere(tmp_path):
    copy = shutil.copytree(default_model_path(), tmp_path / "copy")
    assert load_model(copy).metadata_["name"] == "news-topics"
