"""Segmentation engines behind :class:`zhnews.Tokenizer`: jieba and jieba-fast-dat.

Both engines answer the same three questions — the tokens of a text (all of it,
spaces and punctuation included, so that they add up to the text), the dictionary
frequency of a word, and the dictionary's total — so the tokenizer above them does
not know which one it runs on.

``"jieba"``
    A private ``jieba.Tokenizer`` (pure Python; jieba is a core dependency).
``"jieba-fast"``
    A private ``jieba_fast_dat.Tokenizer`` (the ``fast`` extra: a C++/pybind11
    reimplementation of jieba on a double-array trie, about ten times jieba's speed).
    Two departures from jieba-fast-dat's defaults keep its tokens those of jieba, on
    which the shipped model was trained:

    * it loads **jieba's** main dictionary (``jieba/dict.txt``, 349,046 words) instead
      of its own bundled one (584,428 lines, jieba's ``dict.txt.big`` with traditional
      forms), with which it cuts more compounds (铁路部门, 万元以上);
    * with the HMM on, jieba keeps a number with its decimals and percent sign as one
      token (``3.5%``: ``[a-zA-Z0-9]+(?:\\.\\d+)?%?`` in ``jieba.finalseg``), while
      jieba-fast-dat splits it (``3 . 5 %``); :func:`_rejoin_numbers` puts such runs
      back as jieba cuts them. Without the HMM both split numbers the same way.

    Measured on the corpus (token-level F1 of word spans against jieba, HMM on):
    jieba-fast-dat as it comes 99.28 %, with jieba's dictionary 99.45 %, with both
    changes 99.997 % — what is left is its HMM on characters rare in jieba's model
    (大塅镇: one article). With the HMM off the two agree on every token.

    jieba-fast-dat cannot take strings holding lone surrogates (``"\\ud800"``, which
    ``json.loads`` produces from a JSON escape); jieba cuts each of them off as a token
    of its own, so the text is cut around them and they are given back alone.

Building a jieba-fast-dat trie from ``dict.txt`` takes about 0.8 s; loading it from a
cache file takes 10 ms. The cache is written to the temporary folder, as jieba's own
is, but atomically (a private temporary file, then :func:`os.replace`), so that worker
processes building at the same time never read a half-written trie, and it is read
only when the current user owns it and nobody else may write it.

Neither engine changes the host program's state: the jieba and jieba_fast_dat module
tokenizers (``jieba.dt``, ``jieba_fast_dat.dt``) are never touched, and the libraries'
loggers are silenced only while a dictionary loads, under a lock, then put back.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import re
import stat
import tempfile
import threading
import warnings
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import accumulate
from pathlib import Path
from typing import Any, Protocol

from ..errors import MissingExtraError
from . import _jieba_cut

__all__ = ["BACKENDS", "JIEBA", "JIEBA_FAST", "Engine", "build_engine", "fast_installed", "import_jieba", "quiet_loggers", "require_fast"]

logger = logging.getLogger("zhnews")

#: The plain jieba engine (always installed).
JIEBA = "jieba"
#: The jieba-fast-dat engine (the ``fast`` extra).
JIEBA_FAST = "jieba-fast"
#: Every backend name :class:`zhnews.Tokenizer` accepts, in order of preference when
#: both would do (the caller's or the environment's choice comes first).
BACKENDS: tuple[str, ...] = (JIEBA, JIEBA_FAST)

#: The loggers each library logs its loading on ("Building prefix dict…").
_LOGGERS = {
    JIEBA: ("jieba",),
    JIEBA_FAST: ("jieba_fast_dat", "jieba_fast_dat.core.tokenizer"),
}
_LOG_LOCK = threading.Lock()

_SURROGATE = re.compile("([\ud800-\udfff])")
# The characters of a jieba "block" (jieba.re_han_default) other than Han ones: the
# only characters jieba's finalseg splits with the number pattern below.
_BUF_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+#&._%-")
# jieba.finalseg.re_skip: how jieba (HMM on) cuts the non-Han part of unknown text.
_FINALSEG_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.[0-9]+)?%?)")
# Where jieba's pattern keeps more together than jieba-fast-dat's [a-zA-Z0-9]+ does.
_NUMBER_TAIL = re.compile(r"[a-zA-Z0-9](?:\.[0-9]|%)")


class Engine(Protocol):
    """What :class:`zhnews.Tokenizer` needs of a segmentation engine."""

    #: The backend name, one of :data:`BACKENDS`.
    name: str

    @property
    def library_tokenizer(self) -> Any:
        """The library's own tokenizer object (``jieba.Tokenizer`` or ``jieba_fast_dat.Tokenizer``)."""

    @property
    def total(self) -> float:
        """Sum of the dictionary's word frequencies."""

    def cut(self, text: str, hmm: bool) -> list[str]:
        """All tokens of ``text``, in order; they concatenate to ``text``."""

    def freq(self, word: str) -> int:
        """Dictionary frequency of ``word``; 0 when it is not a word of the dictionary."""


@contextmanager
def quiet_loggers(names: Iterable[str]) -> Iterator[None]:
    """Silence the named library loggers while a dictionary loads, then restore their levels.

    A level, not a filter: a filter on a parent logger does not see the records of its
    children, and jieba-fast-dat logs on ``jieba_fast_dat.core.tokenizer``. The lock
    keeps two threads from restoring each other's saved level.
    """
    loggers = [logging.getLogger(name) for name in names]
    with _LOG_LOCK:
        levels = [one.level for one in loggers]
        for one in loggers:
            one.setLevel(logging.CRITICAL + 1)
        try:
            yield
        finally:
            for one, level in zip(loggers, levels):
                one.setLevel(level)


def import_jieba() -> Any:
    """Import jieba without its ``pkg_resources`` deprecation warning (jieba 0.42)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import jieba
    return jieba


def require_fast() -> Any:
    """Import jieba_fast_dat, or raise :class:`MissingExtraError` naming the ``fast`` extra."""
    try:
        import jieba_fast_dat
    except ImportError as exc:
        raise MissingExtraError("fast", f"the {JIEBA_FAST!r} tokenizer backend (jieba-fast-dat)") from exc
    return jieba_fast_dat


def fast_installed() -> bool:
    """Whether jieba-fast-dat can be imported here.

    Importing it (40 ms, no dictionary loaded) rather than only finding it means a
    broken install (a wheel for another platform) counts as absent, so that the
    default choice falls back to jieba instead of failing at first use.
    """
    if importlib.util.find_spec("jieba_fast_dat") is None:
        return False
    try:
        require_fast()
    except ImportError:
        return False
    return True


class JiebaEngine:
    """A private ``jieba.Tokenizer`` with the given words added.

    It cuts with :class:`zhnews.text._jieba_cut.Cutter` — jieba's algorithm on this
    tokenizer's dictionary, the same tokens in half the time — on the jieba release
    that module was checked against, else with jieba's own ``lcut``.
    """

    name = JIEBA

    def __init__(self, words: Iterable[str]) -> None:
        jieba = import_jieba()
        self._tk = jieba.Tokenizer()
        with quiet_loggers(_LOGGERS[JIEBA]):
            self._tk.initialize()
            for word in words:
                self._tk.add_word(word)
        self._cutter = _jieba_cut.Cutter(jieba, self._tk) if _jieba_cut.supported(jieba) else None

    @property
    def library_tokenizer(self) -> Any:
        return self._tk

    @property
    def total(self) -> float:
        return float(self._tk.total)

    def cut(self, text: str, hmm: bool) -> list[str]:
        if self._cutter is None:
            return self._tk.lcut(text, HMM=hmm)
        return self._cutter.cut(text, hmm)

    def freq(self, word: str) -> int:
        return int(self._tk.FREQ.get(word) or 0)


def _jieba_dict_path() -> Path:
    """jieba's main dictionary, found without importing jieba (its import costs 0.3 s)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:  # pragma: no cover - jieba is a core dependency
        raise ImportError("jieba is not installed")
    return Path(spec.origin).parent / "dict.txt"


def _cache_path(jf: Any, dictionary: Path) -> Path:
    """Where the trie of ``dictionary`` is cached: a new name for a new dictionary or library."""
    info = dictionary.stat()
    version = getattr(jf, "__version__", "0")
    key = f"{dictionary}\0{info.st_size}\0{info.st_mtime_ns}\0{version}".encode("utf-8", "surrogateescape")
    return Path(tempfile.gettempdir()) / f"zhnews.jieba_fast_dat.{hashlib.sha256(key).hexdigest()[:20]}.cache"


def _trustworthy(path: Path) -> bool:
    """A cache file this user wrote and nobody else may change (the trie is read by C++ code)."""
    try:
        info = path.lstat()
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()


def _load_fast_tokenizer(jf: Any) -> Any:
    """A ``jieba_fast_dat.Tokenizer`` on jieba's dictionary, from the cache when there is one."""
    dictionary = _jieba_dict_path()
    tk = jf.Tokenizer(str(dictionary))
    cache = _cache_path(jf, dictionary)
    if _trustworthy(cache):
        tk.cache_file = str(cache)
        tk.initialize()
        return tk
    partial = cache.with_name(f"{cache.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tk.cache_file = str(partial)
    try:
        tk.initialize()  # builds from dict.txt and writes the trie to `partial`
        os.chmod(partial, 0o644)  # whatever the umask: only its owner may change what C++ reads
        os.replace(partial, cache)
    except OSError as exc:  # an unwritable temporary folder costs only the cache
        logger.debug("jieba-fast-dat trie not cached at %s: %s", cache, exc)
    finally:
        partial.unlink(missing_ok=True)
    return tk


def _buf_like(tok: str, freq: Callable[[str], int]) -> bool:
    """Whether jieba would hold ``tok`` in its buffer of unknown characters (see below)."""
    return all(ch in _BUF_CHARS for ch in tok) and (len(tok) == 1 or not freq(tok))


def _rejoin_numbers(text: str, tokens: list[str], freq: Callable[[str], int]) -> list[str]:
    """Cut the number-like runs of jieba-fast-dat's HMM output of ``text`` as jieba does.

    A run is a stretch of consecutive tokens made only of the ASCII letters, digits
    and ``+#&._%-`` of a jieba block, leaving out dictionary words of two or more
    characters (jieba's route keeps those whole, outside its buffer of unknown
    characters). jieba hands such a run to ``finalseg``, which cuts it with
    ``[a-zA-Z0-9]+(?:\\.\\d+)?%?``: ``3 . 5 %`` becomes ``3.5%``, ``10 . 0 . 0 . 1``
    becomes ``10.0 . 0.1``. jieba-fast-dat cuts runs with ``[a-zA-Z0-9]+`` alone, so
    only runs where a letter or digit is followed by ``.`` and a digit, or by ``%``,
    can differ; they are found with one regular-expression search of the text, and a
    text without them (most of them) costs no pass over its tokens.
    """
    matches = [m.span() for m in _NUMBER_TAIL.finditer(text)]
    if not matches:
        return tokens
    ends = list(accumulate(map(len, tokens)))  # ends[i]: offset just past tokens[i]
    runs: list[tuple[int, int]] = []  # token index ranges [a, b), increasing, disjoint
    for start, end in matches:
        i, last = bisect_right(ends, start), bisect_right(ends, end - 1)
        if runs:
            i = max(i, runs[-1][1])
        while i <= last:
            if not _buf_like(tokens[i], freq):
                i += 1
                continue
            a, b = i, i + 1
            while a > 0 and _buf_like(tokens[a - 1], freq):
                a -= 1
            while b < len(tokens) and _buf_like(tokens[b], freq):
                b += 1
            runs.append((a, b))
            i = b
    out: list[str] = []
    done = 0
    for a, b in runs:
        out.extend(tokens[done:a])
        out.extend(piece for piece in _FINALSEG_SKIP.split("".join(tokens[a:b])) if piece)
        done = b
    out.extend(tokens[done:])
    return out


class JiebaFastEngine:
    """A private ``jieba_fast_dat.Tokenizer`` on jieba's dictionary, with the given words added."""

    name = JIEBA_FAST

    def __init__(self, words: Iterable[str]) -> None:
        jf = require_fast()
        with quiet_loggers(_LOGGERS[JIEBA_FAST]):
            self._tk = _load_fast_tokenizer(jf)
            for word in words:
                self._tk.add_word(word)

    @property
    def library_tokenizer(self) -> Any:
        return self._tk

    @property
    def total(self) -> float:
        return float(self._tk.total)

    def freq(self, word: str) -> int:
        return int(self._tk.get_freq(word))

    def cut(self, text: str, hmm: bool) -> list[str]:
        if not text:
            return []
        if _SURROGATE.search(text) is None:
            return self._cut(text, hmm)
        tokens: list[str] = []
        for i, piece in enumerate(_SURROGATE.split(text)):  # text, surrogate, text, …
            if i % 2:
                tokens.append(piece)
            elif piece:
                tokens.extend(self._cut(piece, hmm))
        return tokens

    def _cut(self, text: str, hmm: bool) -> list[str]:
        tokens = self._tk.lcut(text, HMM=hmm)
        return _rejoin_numbers(text, tokens, self.freq) if hmm else tokens


def build_engine(name: str, words: Iterable[str]) -> Engine:
    """Build the engine called ``name`` (one of :data:`BACKENDS`) with ``words`` added."""
    if name == JIEBA:
        return JiebaEngine(words)
    if name == JIEBA_FAST:
        return JiebaFastEngine(words)
    raise ValueError(f"unknown tokenizer backend {name!r}; choose one of {', '.join(map(repr, BACKENDS))}")
