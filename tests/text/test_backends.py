"""The tokenizer's backends: how one is chosen, the fast one's cache, and how alike they cut.

The agreement tests cut the whole corpus with both backends (about 2 s) and compare
them as :mod:`text.backends` defines: token-level F1 of word spans, and identical
label sets from one classifier fed each backend's tokens.
"""

from __future__ import annotations

import os
import pickle
import stat
import subprocess
import sys
import textwrap
from collections.abc import Sequence

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer
from text.backends import label_agreement, require_backend, token_agreement

import zhnews
from zhnews.corpus import load_corpus
from zhnews.errors import MissingExtraError
from zhnews.text import _backends
from zhnews.text.tokenize import BACKENDS, TOKENIZER_ENV, available_backends, default_tokenizer, resolve_backend

TOKEN_AGREEMENT = 0.995
LABEL_AGREEMENT = 0.99


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No ZHNEWS_TOKENIZER in the environment, whatever the caller's shell sets."""
    monkeypatch.delenv(TOKENIZER_ENV, raising=False)
    return monkeypatch


@pytest.fixture
def fast_absent(no_env: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """jieba-fast-dat cannot be imported (as where the extra is not installed)."""
    no_env.setitem(sys.modules, "jieba_fast_dat", None)  # find_spec → None, import → ImportError
    return no_env


# -- choosing a backend -----------------------------------------------------------


def test_the_backends_are_named_jieba_and_jieba_fast():
    assert BACKENDS == ("jieba", "jieba-fast")
    assert available_backends()[0] == "jieba"


def test_default_is_jieba_fast_when_installed(no_env):
    require_backend("jieba-fast")
    assert resolve_backend() == "jieba-fast"
    assert zhnews.Tokenizer().backend_name == "jieba-fast"
    assert available_backends() == ("jieba", "jieba-fast")


def test_without_the_extra_the_default_is_jieba_and_works_as_before(fast_absent):
    tok = zhnews.Tokenizer()
    assert tok.backend_name == "jieba" and available_backends() == ("jieba",)
    assert tok.cut("社区开展三会一课") == ["社区", "开展", "三会一课"]
    assert type(tok.backend).__module__.split(".")[0] == "jieba"


def test_asking_for_jieba_fast_without_the_extra_names_the_install_command(fast_absent):
    with pytest.raises(MissingExtraError, match=r"pip install 'zhnews\[fast\]'") as info:
        zhnews.Tokenizer(backend="jieba-fast")
    assert info.value.extra == "fast" and "jieba-fast" in str(info.value)
    fast_absent.setenv(TOKENIZER_ENV, "jieba-fast")
    with pytest.raises(MissingExtraError, match=r"zhnews\[fast\]"):
        zhnews.Tokenizer()


def test_a_tokenizer_of_jieba_fast_unpickled_without_the_extra_says_what_to_install(fast_absent):
    state = {**zhnews.Tokenizer(backend="jieba").__getstate__(), "backend_name": "jieba-fast"}  # pickled where it was
    clone = zhnews.Tokenizer.__new__(zhnews.Tokenizer)
    clone.__setstate__(state)
    with pytest.raises(MissingExtraError, match=r"zhnews\[fast\]"):
        clone.cut("社区")


@pytest.mark.parametrize("bad", ["fast", "Jieba", "jieba_fast", "", 3])
def test_an_unknown_backend_is_refused_with_the_choices(no_env, bad):
    with pytest.raises(ValueError, match=r"backend: unknown tokenizer backend .*'jieba' or 'jieba-fast'"):
        zhnews.Tokenizer(backend=bad)


def test_the_environment_variable_chooses_when_the_argument_does_not(no_env):
    no_env.setenv(TOKENIZER_ENV, " jieba ")
    assert zhnews.Tokenizer().backend_name == "jieba"
    no_env.setenv(TOKENIZER_ENV, "")
    assert zhnews.Tokenizer().backend_name == resolve_backend(None)  # empty counts as unset
    no_env.setenv(TOKENIZER_ENV, "snownlp")
    with pytest.raises(ValueError, match=rf"{TOKENIZER_ENV}: unknown tokenizer backend 'snownlp'"):
        zhnews.Tokenizer()
    assert zhnews.Tokenizer(backend="jieba").backend_name == "jieba"  # the argument wins


def test_the_backend_is_part_of_equality_hash_repr_and_pickle():
    require_backend("jieba-fast")
    slow, fast = zhnews.Tokenizer(backend="jieba"), zhnews.Tokenizer(backend="jieba-fast")
    assert slow != fast and hash(slow) != hash(fast)
    assert slow == zhnews.Tokenizer(backend="jieba") and hash(slow) == hash(zhnews.Tokenizer(backend="jieba"))
    assert "backend='jieba-fast'" in repr(fast) and "backend='jieba'" in repr(slow)
    assert pickle.loads(pickle.dumps(fast)).backend_name == "jieba-fast"


def test_a_tokenizer_pickled_before_the_choice_existed_runs_on_jieba():
    tok = zhnews.Tokenizer.__new__(zhnews.Tokenizer)
    tok.__setstate__({"user_words": (), "user_dict": None, "hmm": True, "domain_terms": True})
    assert tok.backend_name == "jieba" and tok == zhnews.Tokenizer(backend="jieba")


def test_a_pickled_tokenizer_keeps_its_backend_whatever_the_workers_environment(no_env):
    require_backend("jieba-fast")
    blob = pickle.dumps(zhnews.Tokenizer(backend="jieba-fast"))
    no_env.setenv(TOKENIZER_ENV, "jieba")
    assert pickle.loads(blob).backend_name == "jieba-fast"


def _run(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120, env={**os.environ, **env}
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_default_tokenizer_reads_the_environment_at_first_use_only(backend):
    require_backend("jieba-fast")
    other = next(name for name in BACKENDS if name != backend)
    result = _run(
        f"""
        import os
        import zhnews
        from zhnews.text.tokenize import default_tokenizer
        os.environ["ZHNEWS_TOKENIZER"] = {backend!r}  # after import, before first use: seen
        zhnews.summarize("社区开展消防演练。居民踊跃参加。")
        assert default_tokenizer().backend_name == {backend!r}, default_tokenizer()
        os.environ["ZHNEWS_TOKENIZER"] = {other!r}  # after first use: not seen ...
        assert default_tokenizer().backend_name == {backend!r}
        default_tokenizer.cache_clear()  # ... until the cache is cleared
        print(default_tokenizer().backend_name)
        """,
        {TOKENIZER_ENV: "an invalid name, which import must not read"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == other


# -- the fast backend's dictionary cache ------------------------------------------


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """A temporary folder of the test's own, where the fast backend writes its cache."""
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    return tmp_path


def test_the_fast_backends_trie_is_cached_atomically_and_reused(private_tmp):
    require_backend("jieba-fast")
    tok = zhnews.Tokenizer(backend="jieba-fast")
    words = tok.cut("社区开展三会一课")
    caches = sorted(p.name for p in private_tmp.iterdir())
    assert len(caches) == 1 and caches[0].startswith("zhnews.jieba_fast_dat.") and caches[0].endswith(".cache")
    (cache,) = private_tmp.iterdir()
    built = cache.stat().st_mtime_ns
    again = zhnews.Tokenizer(backend="jieba-fast")
    assert again.cut("社区开展三会一课") == words == ["社区", "开展", "三会一课"]
    assert cache.stat().st_mtime_ns == built and len(list(private_tmp.iterdir())) == 1  # read, not rewritten


def test_a_cache_file_others_may_write_is_not_read(private_tmp):
    require_backend("jieba-fast")
    zhnews.Tokenizer(backend="jieba-fast").cut("预热")
    (cache,) = private_tmp.iterdir()
    cache.write_bytes(b"not a trie")  # as a stranger could, given write access
    cache.chmod(0o666)
    tok = zhnews.Tokenizer(backend="jieba-fast")
    assert tok.cut("社区开展三会一课") == ["社区", "开展", "三会一课"]
    assert cache.stat().st_size > 1_000_000 and not cache.stat().st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def test_an_unwritable_temporary_folder_costs_only_the_cache(tmp_path, monkeypatch):
    require_backend("jieba-fast")
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "missing" / "folder"))
    assert zhnews.Tokenizer(backend="jieba-fast").cut("社区开展三会一课") == ["社区", "开展", "三会一课"]


# -- agreement over the corpus ----------------------------------------------------


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


@pytest.fixture(scope="module")
def texts(corpus) -> list[str]:
    return [f"{a.title}\n{a.text}" for a in corpus]


@pytest.fixture(scope="module")
def tokenizers() -> tuple[zhnews.Tokenizer, zhnews.Tokenizer]:
    require_backend("jieba-fast")
    return zhnews.Tokenizer(backend="jieba"), zhnews.Tokenizer(backend="jieba-fast")


def test_the_backends_agree_on_the_corpus_tokens(texts, tokenizers):
    agreement = token_agreement(texts, *tokenizers)
    assert agreement >= TOKEN_AGREEMENT, f"token-level F1 of word spans {agreement:.5f} < {TOKEN_AGREEMENT}"


def test_the_backends_agree_on_every_token_without_the_hmm(texts):
    require_backend("jieba-fast")
    slow, fast = zhnews.Tokenizer(backend="jieba", hmm=False), zhnews.Tokenizer(backend="jieba-fast", hmm=False)
    assert token_agreement(texts[:200], slow, fast) == 1.0


def test_token_agreement_sees_a_moved_boundary():
    # The measure itself: the same words score 1; one word cut in two costs it and its pieces.
    slow = zhnews.Tokenizer(backend="jieba")
    assert token_agreement(["社区开展三会一课"], slow, slow) == 1.0
    split = zhnews.Tokenizer(backend="jieba", domain_terms=False)  # 三会一课 → 三会 / 一课
    assert token_agreement(["社区开展三会一课"], slow, split) == pytest.approx(2 * 2 / (3 + 4))


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def _labels_from_probabilities(probs: np.ndarray, classes: Sequence[str]) -> list[tuple[str, ...]]:
    """Every label at 0.5 or more; the most probable one when none is."""
    return [tuple(classes[i] for i in np.flatnonzero(row >= 0.5)) or (classes[int(row.argmax())],) for row in probs]


def train_jieba_classifier(corpus, tokenizer: zhnews.Tokenizer):
    """A TF-IDF + one-vs-rest logistic regression on the corpus's train split, on ``tokenizer``'s words.

    A second, simpler model than the shipped one, asking the same question of it:
    does a model trained on jieba's tokens label articles the same when it is fed the
    fast backend's?
    """
    train = [a for a in corpus if a.split == "train"]
    binarizer = MultiLabelBinarizer()
    y = binarizer.fit_transform([a.labels for a in train])
    vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=2)
    x = vectorizer.fit_transform(tokenizer.cut(f"{a.title}\n{a.text}") for a in train)
    model = OneVsRestClassifier(LogisticRegression(C=10.0, max_iter=1000)).fit(x, y)

    def predict(texts: Sequence[str], tok: zhnews.Tokenizer) -> list[tuple[str, ...]]:
        probs = model.predict_proba(vectorizer.transform(tok.cut(t) for t in texts))
        return _labels_from_probabilities(probs, list(binarizer.classes_))

    return predict


def test_a_model_trained_on_jieba_labels_the_corpus_alike_on_either_backend(corpus, texts, tokenizers):
    predict = train_jieba_classifier(corpus, tokenizers[0])
    agreement = label_agreement(texts, predict, *tokenizers)
    assert agreement >= LABEL_AGREEMENT, f"same labels on {agreement:.4f} of the articles < {LABEL_AGREEMENT}"


def test_label_agreement_counts_articles_with_the_same_label_set():
    # The measure itself: label order does not matter, any other difference does.
    slow, plain = zhnews.Tokenizer(backend="jieba"), zhnews.Tokenizer(backend="jieba", hmm=False)

    def predict(texts: Sequence[str], tok: zhnews.Tokenizer) -> list[tuple[str, ...]]:
        return [("safety", "rule_of_law") if tok.hmm else ("rule_of_law", "safety") if i % 4 else ("other",) for i, _ in enumerate(texts)]

    assert label_agreement(["x"] * 8, predict, slow, slow) == 1.0
    assert label_agreement(["x"] * 8, predict, slow, plain) == 0.75


def test_the_default_model_labels_the_corpus_alike_on_either_backend(texts, tokenizers):
    # The shipped model was trained on plain jieba (its metadata says so); fed the fast
    # backend's tokens it must label the corpus as it does on jieba's.
    model = zhnews.load_model()
    assert model.metadata_["tokenizer"]["backend"] == "jieba"

    def predict(batch: Sequence[str], tok: zhnews.Tokenizer) -> list[tuple[str, ...]]:
        docs = []
        for text in batch:
            title, _, body = text.partition("\n")
            docs.append(zhnews.Document.from_text(body, title=title or None, tokenizer=tok))
        return model.predict(docs)

    agreement = label_agreement(texts, predict, *tokenizers)
    assert agreement >= LABEL_AGREEMENT, f"same labels on {agreement:.4f} of the articles < {LABEL_AGREEMENT}"
