"""The tokenizer's backends: how one is chosen, their dictionary caches, and how alike they cut.

The jieba cache tests compare a tokenizer read from zhnews's cache with one jieba
builds itself (the same ``FREQ``, ``total`` and tokens of the corpus), and damage,
forge and race the file; they keep it in a folder of their own (``_cache_dir``), while
jieba's own cache stays where it is.

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
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer
from conftest import run_python
from text.backends import label_agreement, require_backend, token_agreement

import zhnews
from zhnews.corpus import load_corpus
from zhnews.errors import MissingExtraError
from zhnews.text import _backends, _jieba_cut
from zhnews.text.tokenize import BACKENDS, TOKENIZER_ENV, available_backends, domain_terms, resolve_backend

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


@pytest.mark.parametrize("backend", BACKENDS)
def test_default_tokenizer_reads_the_environment_at_first_use_only(backend):
    require_backend("jieba-fast")
    other = next(name for name in BACKENDS if name != backend)
    result = run_python(
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
        env={TOKENIZER_ENV: "an invalid name, which import must not read"},
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


# -- the jieba backend's dictionary cache -----------------------------------------


@pytest.fixture(scope="module")
def jieba():
    return _backends.import_jieba()


@pytest.fixture
def dict_dir(tmp_path, monkeypatch, jieba):
    """A folder of the test's own for the jieba dictionary cache (jieba's own cache stays where it is)."""
    if not _jieba_cut.supported(jieba):
        pytest.skip(f"the dictionary cache is used on jieba {sorted(_jieba_cut.VERIFIED_JIEBA)} only, not {jieba.__version__}")
    monkeypatch.setattr(_backends, "_cache_dir", lambda: tmp_path)
    return tmp_path


def jieba_tokenizer(jieba, words: Sequence[str]):
    """A jieba tokenizer built as jieba builds it — the way before the cache, and the reference."""
    tk = jieba.Tokenizer()
    with _backends.quiet_loggers(["jieba"]):
        tk.initialize()
        for word in words:
            tk.add_word(word)
    return tk


@pytest.fixture(scope="module")
def reference(jieba):
    """jieba's tokenizer with the domain terms added, built the slow way."""
    return jieba_tokenizer(jieba, domain_terms())


def dict_caches(folder: Path) -> list[Path]:
    return sorted(folder.glob("zhnews.jieba_dict.*"))


def cache_of(jieba, words: Sequence[str]) -> tuple[bytes, Path]:
    """The cache key of ``words`` and where its file lives."""
    key = _backends._dict_cache_key(jieba, words)
    assert key is not None
    return key, _backends._dict_cache_path(key)


def from_cache(jieba, words: Sequence[str]) -> _backends.JiebaEngine:
    """A jieba engine that must come from the cache: jieba's own loading is forbidden meanwhile."""

    def forbidden(self, dictionary=None):
        raise AssertionError("jieba.Tokenizer.initialize called: the cache was not read")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(jieba.Tokenizer, "initialize", forbidden)
        return _backends.JiebaEngine(words)


def test_the_jieba_dictionary_is_cached_and_then_read_not_rebuilt(dict_dir, jieba):
    words = ["社区", "开展", "三会一课"]
    assert _backends.JiebaEngine(domain_terms()).cut("社区开展三会一课", True) == words
    (cache,) = dict_caches(dict_dir)
    assert cache == cache_of(jieba, domain_terms())[1] and cache.name.endswith(".cache")
    assert not cache.stat().st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    built = cache.stat().st_mtime_ns
    assert from_cache(jieba, domain_terms()).cut("社区开展三会一课", True) == words
    assert cache.stat().st_mtime_ns == built and dict_caches(dict_dir) == [cache]  # read, not rewritten


def test_a_tokenizer_from_the_cache_is_the_one_jieba_builds(dict_dir, jieba, reference, corpus):
    _backends.JiebaEngine(domain_terms())  # builds and writes the cache
    engine = from_cache(jieba, domain_terms())
    tk = engine.library_tokenizer
    assert list(tk.FREQ.items()) == list(reference.FREQ.items())  # the same words, counts and order
    assert tk.total == reference.total and type(tk.total) is int
    assert tk.initialized and tk.user_word_tag_tab == reference.user_word_tag_tab == {}
    assert len(tk.FREQ) > 400_000
    differ = [a.id for a in corpus if engine.cut(a.text, True) != reference.lcut(a.text, HMM=True)]
    assert not differ, f"{len(differ)} articles cut differently, e.g. {differ[:5]}"
    differ = [a.id for a in corpus[:200] if engine.cut(a.text, False) != reference.lcut(a.text, HMM=False)]
    assert not differ, f"{len(differ)} articles cut differently without the HMM, e.g. {differ[:5]}"


def test_loading_either_way_leaves_jiebas_global_state_alone(dict_dir, jieba):
    # add_word puts a word of frequency 0 into finalseg's global force-split set; the
    # domain terms are added without a frequency (at least 1), so neither way does.
    force_split = set(jieba.finalseg.Force_Split_Words)
    module_freq = jieba.dt.FREQ
    _backends.JiebaEngine(domain_terms())
    from_cache(jieba, domain_terms())
    assert jieba.finalseg.Force_Split_Words == force_split and jieba.dt.FREQ is module_freq


def _repack(data: bytes, *, body: bytes | None = None, **fields) -> bytes:
    """``data`` with header fields replaced and the CRC-32 made to fit: damage the checksum alone misses."""
    names = ("magic", "version", "key", "count", "size", "crc")
    head = _backends._DICT_HEADER
    header = dict(zip(names, head.unpack_from(data)))
    header.update(fields)
    body = data[head.size :] if body is None else body
    header["crc"] = zlib.crc32(body)
    return head.pack(*(header[n] for n in names)) + body


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def _count_mismatch(data: bytes) -> bytes:
    # One count more and eight bytes more of frequencies: every size fits, the words do not.
    _, _, _, count, size, _ = _backends._DICT_HEADER.unpack_from(data)
    h = _backends._DICT_HEADER.size
    return _repack(data, count=count + 1, body=data[h : len(data) - 8] + bytes(8) + data[-8:])


def _bad_utf8(data: bytes) -> bytes:
    h = _backends._DICT_HEADER.size
    return _repack(data, body=b"\xff" + data[h + 1 :])


#: Damage to a cache file, each caught by another check of _decode_dict.
DAMAGE = {
    "empty": lambda d: b"",
    "header only": lambda d: d[: _backends._DICT_HEADER.size],
    "truncated": lambda d: d[:-1],
    "half": lambda d: d[: len(d) // 2],
    "one byte more": lambda d: d + b"\0",
    "garbage": lambda d: np.random.default_rng(0).bytes(len(d)),
    "wrong magic": lambda d: b"JIEBADIC" + d[8:],
    "another format": lambda d: _repack(d, version=_backends._DICT_FORMAT + 1),
    "another key": lambda d: _repack(d, key=bytes(32)),
    "count mismatch": _count_mismatch,
    "a frequency flipped": lambda d: _flip(d, len(d) - 12),
    "the total flipped": lambda d: _flip(d, len(d) - 1),
    "not utf-8": _bad_utf8,
}

SMALL_KEY = bytes(range(32))
SMALL = {"社区": 5, "社": 0, "三会一课": 3, "三": 2, "三会": 0, "三会一": 0, "a": 7}


def test_the_cache_format_round_trips_a_dictionary_in_order():
    data = _backends._encode_dict(SMALL_KEY, SMALL, 17)
    assert data is not None and data[:8] == b"ZHNJDICT"
    freq, total = _backends._decode_dict(SMALL_KEY, data)
    assert list(freq.items()) == list(SMALL.items()) and total == 17
    assert _backends._decode_dict(bytes(32), data) is None  # another key


@given(
    freq=st.dictionaries(
        st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n"), max_size=6),
        st.integers(-(2**63), 2**63 - 1),
        min_size=1,
        max_size=30,
    ),
    total=st.integers(-(2**63), 2**63 - 1),
)
def test_the_cache_format_round_trips_any_words_and_int64_counts(freq, total):
    data = _backends._encode_dict(SMALL_KEY, freq, total)
    assert data is not None
    assert _backends._decode_dict(SMALL_KEY, data) == (freq, total)
    assert list(_backends._decode_dict(SMALL_KEY, data)[0]) == list(freq)


@pytest.mark.parametrize(
    "freq, total",
    [({}, 0), ({"a\nb": 1, "a": 0}, 1), ({"\ud800": 1}, 1), ({"a": 2**63}, 1), ({"a": 1}, 2**63), ({"a": 1}, 1.0)],
    ids=["empty", "newline in a word", "lone surrogate", "count over int64", "total over int64", "float total"],
)
def test_what_the_cache_format_cannot_hold_is_not_cached(freq, total):
    assert _backends._encode_dict(SMALL_KEY, freq, total) is None


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_cache_is_not_decoded(damage):
    data = _backends._encode_dict(SMALL_KEY, SMALL, 17)
    assert _backends._decode_dict(SMALL_KEY, data) is not None
    assert _backends._decode_dict(SMALL_KEY, damage(data)) is None


def test_a_word_twice_is_not_decoded():
    words = "社区\n社区".encode()
    counts = np.array([1, 2], dtype="<i8").tobytes()
    data = _backends._DICT_HEADER.pack(b"ZHNJDICT", _backends._DICT_FORMAT, SMALL_KEY, 2, len(words), 0)
    data = _repack(data, body=words + counts + np.array([3], dtype="<i8").tobytes())
    assert _backends._decode_dict(SMALL_KEY, data) is None


def assert_rebuilt(engine: _backends.JiebaEngine, reference, cache: Path, key: bytes) -> None:
    """``engine`` is jieba's own tokenizer, and ``cache`` now holds it, intact and private."""
    assert engine.cut("社区开展三会一课", True) == ["社区", "开展", "三会一课"]
    tk = engine.library_tokenizer
    assert tk.FREQ == reference.FREQ and tk.total == reference.total
    assert stat.S_ISREG(cache.lstat().st_mode) and not cache.stat().st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    assert _backends._decode_dict(key, cache.read_bytes()) == (reference.FREQ, reference.total)


@pytest.fixture(scope="module")
def good_cache(jieba, reference) -> bytes:
    key, _ = cache_of(jieba, domain_terms())
    data = _backends._encode_dict(key, reference.FREQ, reference.total)
    assert data is not None
    return data


@pytest.mark.parametrize("damage", ["truncated", "garbage", "wrong magic", "count mismatch"])
def test_a_damaged_cache_file_is_ignored_and_rewritten(dict_dir, jieba, reference, good_cache, damage):
    key, cache = cache_of(jieba, domain_terms())
    cache.write_bytes(DAMAGE[damage](good_cache))
    cache.chmod(0o644)
    assert_rebuilt(_backends.JiebaEngine(domain_terms()), reference, cache, key)


@pytest.mark.parametrize("how", ["group-writable", "other-writable", "a symlink"])
def test_a_cache_file_others_may_change_is_not_read(dict_dir, jieba, reference, how):
    # An intact file of the right key, but of a dictionary without 三会一课: read, it
    # would cut the words wrong.
    key, cache = cache_of(jieba, domain_terms())
    forged = _backends._encode_dict(key, {"社": 1, "区": 1, "三": 1}, 3)
    if how == "a symlink":
        target = dict_dir / "elsewhere"
        target.write_bytes(forged)
        target.chmod(0o644)
        cache.symlink_to(target)
    else:
        cache.write_bytes(forged)
        cache.chmod(0o664 if how == "group-writable" else 0o646)
    engine = _backends.JiebaEngine(domain_terms())
    if how == "a symlink":
        assert not cache.is_symlink()  # replaced by a file of its own
    assert_rebuilt(engine, reference, cache, key)


def test_a_forged_cache_file_of_the_owner_is_read(dict_dir, jieba):
    # The control of the test above: the same file, private, is read — so it is its
    # mode alone that keeps the file out there.
    key, cache = cache_of(jieba, domain_terms())
    cache.write_bytes(_backends._encode_dict(key, {"社": 1, "区": 1, "三": 1}, 3))
    cache.chmod(0o644)
    assert from_cache(jieba, domain_terms()).cut("社区开展三会一课", True) != ["社区", "开展", "三会一课"]


def test_each_word_list_has_its_own_cache_and_never_reads_anothers(dict_dir, jieba, reference):
    a, b = domain_terms() + ("梧桐湾议事厅",), domain_terms() + ("星湖社区",)
    assert _backends.JiebaEngine(a).cut("梧桐湾议事厅", True) == ["梧桐湾议事厅"]
    assert len(dict_caches(dict_dir)) == 1
    key_b, cache_b = cache_of(jieba, b)
    assert cache_b != cache_of(jieba, a)[1]
    cache_b.write_bytes(cache_of(jieba, a)[1].read_bytes())  # a's file under b's name
    cache_b.chmod(0o644)
    engine = _backends.JiebaEngine(b)
    assert engine.cut("星湖社区梧桐湾议事厅", True)[0] == "星湖社区" and "梧桐湾议事厅" not in engine.cut("梧桐湾议事厅", True)
    assert _backends._decode_dict(key_b, cache_b.read_bytes()) is not None  # rewritten for b
    assert len(dict_caches(dict_dir)) == 2


def test_the_cache_key_covers_the_words_their_order_jiebas_version_and_the_user(jieba, monkeypatch):
    key = _backends._dict_cache_key(jieba, ["甲乙", "丙丁"])
    assert key == _backends._dict_cache_key(jieba, ("甲乙", "丙丁")) and len(key) == 32
    assert key != _backends._dict_cache_key(jieba, ["丙丁", "甲乙"])
    assert key != _backends._dict_cache_key(jieba, ["甲乙"])
    assert key != _backends._dict_cache_key(jieba, ["甲乙丙丁"])
    other = type("jieba", (), {"__version__": "0.42.2"})
    assert key != _backends._dict_cache_key(other, ["甲乙", "丙丁"])
    if hasattr(os, "getuid"):
        uid = os.getuid()
        monkeypatch.setattr(os, "getuid", lambda: uid + 1)  # another user: another file
        assert key != _backends._dict_cache_key(jieba, ["甲乙", "丙丁"])


def test_the_cache_key_covers_the_dictionary_file(tmp_path, monkeypatch, jieba):
    dictionary = tmp_path / "dict.txt"
    dictionary.write_text("社区 100 n\n", encoding="utf-8")
    monkeypatch.setattr(_backends, "_jieba_dict_path", lambda: dictionary)
    key = _backends._dict_cache_key(jieba, [])
    dictionary.write_text("社区 1000 n\n", encoding="utf-8")  # a byte more
    assert _backends._dict_cache_key(jieba, []) != key
    dictionary.unlink()
    assert _backends._dict_cache_key(jieba, []) is None  # no file to key on: no cache


def test_the_cache_is_written_whole_under_another_name_then_moved_in_place(dict_dir, jieba, monkeypatch):
    key, cache = cache_of(jieba, domain_terms())
    moves = []
    real_replace = os.replace

    def replace(src, dst):
        # At the moment the file appears under its name it is already complete.
        assert Path(dst) == cache and not cache.exists() and Path(src).parent == dict_dir
        assert _backends._decode_dict(key, Path(src).read_bytes()) is not None
        moves.append(src)
        real_replace(src, dst)

    monkeypatch.setattr(_backends.os, "replace", replace)
    _backends.JiebaEngine(domain_terms())
    assert len(moves) == 1 and dict_caches(dict_dir) == [cache] and list(dict_dir.iterdir()) == [cache]


def test_a_failed_write_costs_only_the_cache(dict_dir, jieba, monkeypatch, reference):
    def replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(_backends.os, "replace", replace)
    engine = _backends.JiebaEngine(domain_terms())
    assert engine.cut("社区开展三会一课", True) == ["社区", "开展", "三会一课"]
    assert list(dict_dir.iterdir()) == []  # no cache, and no temporary file left behind


def test_an_unwritable_temporary_folder_costs_only_the_jieba_cache(tmp_path, monkeypatch, jieba):
    monkeypatch.setattr(_backends, "_cache_dir", lambda: tmp_path / "missing" / "folder")
    assert _backends.JiebaEngine(domain_terms()).cut("社区开展三会一课", True) == ["社区", "开展", "三会一课"]
    assert list(tmp_path.iterdir()) == []


def test_on_another_jieba_release_jieba_loads_itself(dict_dir, jieba, monkeypatch):
    key, cache = cache_of(jieba, domain_terms())
    cache.write_bytes(_backends._encode_dict(key, {"社": 1, "区": 1, "三": 1}, 3))  # would cut wrong
    cache.chmod(0o644)
    monkeypatch.setattr(_backends._jieba_cut, "supported", lambda module: False)
    engine = _backends.JiebaEngine(domain_terms())
    assert engine.cut("社区开展三会一课", True) == ["社区", "开展", "三会一课"]
    assert dict_caches(dict_dir) == [cache] and len(cache.read_bytes()) < 1000  # neither read nor written


def test_two_processes_building_the_cache_at_once_both_get_jiebas_dictionary(tmp_path):
    folder = tmp_path / "cache"
    folder.mkdir()
    code = """
        import hashlib, sys, time
        from pathlib import Path
        from zhnews.text import _backends
        from zhnews.text.tokenize import domain_terms
        folder = Path(sys.argv[1])
        _backends._cache_dir = lambda: folder
        while not (folder.parent / "go").exists():  # start together
            time.sleep(0.005)
        for _ in range(2):  # built (or read, if the other was first), then read
            tk = _backends.JiebaEngine(domain_terms()).library_tokenizer
            print(hashlib.sha256(repr((list(tk.FREQ.items()), tk.total)).encode()).hexdigest(), flush=True)
    """
    procs = [
        subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), str(folder)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    (tmp_path / "go").touch()
    outs = [p.communicate(timeout=180) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err
        assert err == ""  # jieba's "Building prefix dict" stays quiet
    digests = {line for out, _ in outs for line in out.split()}
    assert len(digests) == 1 and sum(len(out.split()) for out, _ in outs) == 4
    assert [p.name for p in folder.iterdir()] == [p.name for p in dict_caches(folder)] and len(dict_caches(folder)) == 1


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


@pytest.mark.parametrize("token", ["", "3", "3.5", "%", "a#b", "C++", "-", "3新", "新", " ", "3 5", "ａ", "_"])
def test_buf_like_is_a_token_made_only_of_jiebas_block_characters(token):
    from zhnews.text._backends import _buf_like

    block = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+#&._%-")
    unknown = lambda word: 0  # noqa: E731 - no dictionary word
    known = lambda word: 5  # noqa: E731
    assert _buf_like(token, unknown) == all(ch in block for ch in token)
    assert _buf_like(token, known) == (all(ch in block for ch in token) and len(token) == 1)
