"""LinearTopics: prediction without scikit-learn, the same numbers as the estimator."""

from __future__ import annotations

import json

import numpy as np
from conftest import python_prints

import zhnews
from zhnews.topics.linear import LinearTopics
from zhnews.topics.persistence import read_model, save_model

SAMPLES = [
    ("社区开展消防演练", "星湖社区开展消防应急演练，居民学习使用灭火器。"),
    ("", "区法院法官走进社区开展普法宣传，解答居民法律问题。"),
    ("秋粮喜获丰收", "今年全县秋粮总产量比上年增长3.2%。"),
]


def test_the_predictor_gives_the_estimators_numbers(small_model):
    predictor = small_model.predictor()
    assert isinstance(predictor, LinearTopics)
    np.testing.assert_array_equal(predictor.predict_proba(SAMPLES), small_model.predict_proba(SAMPLES))
    assert predictor.predict(SAMPLES) == small_model.predict(SAMPLES)
    assert [t.explain() for t in predictor.topics(SAMPLES)] == [t.explain() for t in small_model.topics(SAMPLES)]


def test_read_model_and_load_model_agree_on_the_shipped_model():
    estimator, predictor = zhnews.load_model(), read_model()
    np.testing.assert_array_equal(estimator.predict_proba(SAMPLES), predictor.predict_proba(SAMPLES))
    assert predictor.metadata["name"] == estimator.metadata_["name"] == "news-topics"
    assert predictor.path == estimator.path_


def test_a_predictor_saves_as_its_estimator_does(tmp_path, small_model):
    a = save_model(small_model, tmp_path / "a", name="m", version="1")
    b = save_model(small_model.predictor(), tmp_path / "b", name="m", version="1")
    assert {p.name: p.read_bytes() for p in a.iterdir()} == {p.name: p.read_bytes() for p in b.iterdir()}
    np.testing.assert_array_equal(read_model(b).predict_proba(SAMPLES), small_model.predict_proba(SAMPLES))


def test_classify_imports_neither_scikit_learn_nor_scipy():
    # A first classification with the shipped model reads it as arrays: importing
    # scikit-learn and SciPy would add over a second to every command's start-up.
    code = (
        "import json, sys, zhnews; t = zhnews.classify('区消防救援大队开展消防安全检查。'); "
        "a = zhnews.analyze('区消防救援大队开展消防安全检查。督促企业整改火灾隐患。'); "
        "print(json.dumps([t.labels, sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'scipy'))]))"
    )
    labels, heavy = json.loads(python_prints(code))
    assert labels == ["safety"]
    assert heavy == []


def test_resolve_model_takes_every_kind_of_model(small_model, tmp_path):
    from zhnews.pipeline import resolve_model

    assert isinstance(resolve_model(None), LinearTopics)
    assert isinstance(resolve_model(small_model), LinearTopics)
    folder = save_model(small_model, tmp_path / "m", name="m", version="1")
    assert resolve_model(str(folder)).path == folder.resolve() or resolve_model(str(folder)).path == folder
    predictor = read_model(folder)
    assert resolve_model(predictor) is predictor
    try:
        resolve_model(42)  # type: ignore[arg-type]
    except TypeError as exc:
        assert "TopicClassifier" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("a bad model was accepted")
