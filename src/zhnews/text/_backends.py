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

Both engines load their dictionary from a cache of zhnews's own in the temporary
folder, as jieba does, but written atomically (a private temporary file, then
:func:`os.replace`), so that worker processes building at the same time never read a
half-written file, and read only when the current user owns it and nobody else may
write it. A file's name is a hash of everything its content depends on (the library's
version, ``dict.txt``'s path, size and modification time, …), so a new dictionary or
library gets a new file instead of a stale one.

* jieba-fast-dat: building its trie from ``dict.txt`` takes about 0.8 s; loading it
  from the cache takes 10 ms.
* jieba: ``Tokenizer.initialize`` loads jieba's own cache (``jieba.cache``, a
  ``marshal`` of its prefix dictionary ``FREQ`` of about 499,000 words and prefixes)
  in 1.0-1.5 s, most of start-up on plain jieba. The engine caches instead the
  tokenizer's final state — ``FREQ`` after the domain and caller's words are added,
  and ``total`` — as plain data, no code: a header (magic, format, key, counts,
  CRC-32), the words as one UTF-8 string joined by newlines, their frequencies as
  little-endian int64, then ``total``. Reading it takes about 0.4 s (splitting a
  string and zipping it with an ``array``; the dictionary's 499,000 inserts are most
  of that), writing it 0.1 s, once; start-up on plain jieba (import, a tokenizer, a
  first cut) fell from 2.2 s to 1.05 s. The key also hashes the word list, in order
  (a word's frequency depends on the words added before it), and is written in the
  header as well as hashed into the name. A file that is damaged, for another key or
  format, or not trustworthy is ignored: the tokenizer is built as before and the
  file rewritten. Only on the jieba release :mod:`zhnews.text._jieba_cut` was checked
  against, as the state is set on jieba's tokenizer directly (``FREQ``, ``total``,
  ``initialized``); elsewhere jieba loads itself.

Neither engine changes the host program's state: the jieba and jieba_fast_dat module
tokenizers (``jieba.dt``, ``jieba_fast_dat.dt``) are never touched, and the libraries'
loggers are silenced only while a dictionary loads, under a lock, then put back.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import re
import stat
import struct
import sys
import tempfile
import threading
import warnings
import zlib
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
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
_BUF_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+#&._%-"
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

    def dag(self, text: str) -> dict[int, list[int]]:
        """jieba's DAG of ``text``: for each start, the last index of each word starting there.

        Words of two or more characters have a positive frequency; a start no word
        begins at lists itself (a single character, word or not).
        """


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
        with quiet_loggers(_LOGGERS[JIEBA]):
            self._tk = _load_jieba_tokenizer(jieba, tuple(words))
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

    def dag(self, text: str) -> dict[int, list[int]]:
        return self._tk.get_DAG(text)


def _jieba_dict_path() -> Path:
    """jieba's main dictionary, found without importing jieba (its import costs 0.3 s)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:  # pragma: no cover - jieba is a core dependency
        raise ImportError("jieba is not installed")
    return Path(spec.origin).parent / "dict.txt"


def _cache_dir() -> Path:
    """The folder of zhnews's dictionary caches: the temporary folder, as jieba's."""
    return Path(tempfile.gettempdir())


def _cache_path(kind: str, library: Any, dictionary: Path, *extra: str) -> Path:
    """Where ``kind`` of cache of ``dictionary`` lives: a new name for a new dictionary, library or ``extra``.

    ``extra`` holds whatever else the content depends on; without it, the key is the
    one the jieba-fast-dat trie has always had, so existing caches stay valid.
    """
    return _cache_dir() / f"zhnews.{kind}.{_cache_key(library, dictionary, *extra).hex()[:20]}.cache"


def _cache_key(library: Any, dictionary: Path, *extra: str) -> bytes:
    """SHA-256 of what a cache of ``dictionary`` depends on (see :func:`_cache_path`)."""
    info = dictionary.stat()
    version = getattr(library, "__version__", "0")
    key = "\0".join((str(dictionary), str(info.st_size), str(info.st_mtime_ns), version, *extra))
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).digest()


def _trustworthy(path: Path) -> bool:
    """A cache file this user wrote and nobody else may change (C++ code reads the trie; the dictionaries decide the tokens)."""
    try:
        info = path.lstat()
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()


#: The jieba dictionary cache: magic and format (part of the file's name and header).
_DICT_MAGIC = b"ZHNJDICT"
_DICT_FORMAT = 1
#: magic, format, the cache key (:func:`_cache_key`), number of words, bytes of their
#: UTF-8, CRC-32 of everything after the header.
_DICT_HEADER = struct.Struct("<8sI32sQQI")
_INT64 = struct.Struct("<q")


def _words_key(words: Sequence[str]) -> str:
    """A hash of the added words in their order (each one's frequency depends on those before it)."""
    blob = json.dumps(list(words), ensure_ascii=True).encode("ascii")
    return hashlib.sha256(blob).hexdigest()


def _dict_cache_key(jieba: Any, words: Sequence[str]) -> bytes | None:
    """The key of the final dictionary of a jieba tokenizer with ``words`` added; None without ``dict.txt``.

    It names the file and is written in it, so that a file for another word list or
    dictionary, whatever its name, is never read as this one. The user id is part of
    it: in a shared temporary folder, another user's file could be neither read (not
    trustworthy) nor replaced (sticky bit).
    """
    uid = str(os.getuid()) if hasattr(os, "getuid") else ""
    try:
        return _cache_key(jieba, _jieba_dict_path(), "jieba_dict", f"format {_DICT_FORMAT}", _words_key(words), uid)
    except OSError:  # jieba's initialize will say what is wrong
        return None


def _dict_cache_path(key: bytes) -> Path:
    """Where the dictionary of cache key ``key`` is cached."""
    return _cache_dir() / f"zhnews.jieba_dict.{key.hex()[:20]}.cache"


def _encode_dict(key: bytes, freq: dict[str, int], total: int) -> bytes | None:
    """The cache file's bytes for ``freq`` and ``total``; None when they do not fit the format.

    They do not when a word holds a newline or a lone surrogate, or a count is not an
    int64: none of jieba's or zhnews's words, but a caller's could.
    """
    text = "\n".join(freq)
    if not freq or text.count("\n") != len(freq) - 1 or type(total) is not int:
        return None
    try:
        words = text.encode("utf-8")
        counts = array("q", freq.values())
        tail = _INT64.pack(total)
    except (UnicodeEncodeError, OverflowError, TypeError, struct.error):
        return None
    if counts.itemsize != _INT64.size:  # pragma: no cover - 'q' is 8 bytes on every CPython platform
        return None
    if sys.byteorder == "big":  # pragma: no cover - the file is little-endian everywhere
        counts.byteswap()
    body = words + counts.tobytes() + tail
    return _DICT_HEADER.pack(_DICT_MAGIC, _DICT_FORMAT, key, len(freq), len(words), zlib.crc32(body)) + body


def _decode_dict(key: bytes, data: bytes) -> tuple[dict[str, int], int] | None:
    """``freq`` and ``total`` back from :func:`_encode_dict`'s bytes; None unless they are intact and for ``key``."""
    head = _DICT_HEADER.size
    if len(data) < head:
        return None
    magic, version, their_key, count, size, crc = _DICT_HEADER.unpack_from(data)
    if magic != _DICT_MAGIC or version != _DICT_FORMAT or their_key != key or count == 0:
        return None
    if len(data) != head + size + _INT64.size * (count + 1) or zlib.crc32(memoryview(data)[head:]) != crc:
        return None
    try:
        words = data[head : head + size].decode("utf-8").split("\n")
    except UnicodeDecodeError:
        return None
    counts = array("q")
    if counts.itemsize != _INT64.size:  # pragma: no cover - as in _encode_dict
        return None
    counts.frombytes(memoryview(data)[head + size : len(data) - _INT64.size])
    if sys.byteorder == "big":  # pragma: no cover
        counts.byteswap()
    if len(words) != count:
        return None
    freq = dict(zip(words, counts.tolist()))
    if len(freq) != count:  # a word twice: not a file _encode_dict wrote
        return None
    (total,) = _INT64.unpack_from(data, len(data) - _INT64.size)
    return freq, total


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``path`` as a whole or not at all: a private temporary file beside it, then :func:`os.replace`.

    Readers in other processes see the old file, no file, or the new one; never a
    part of it. A folder that cannot be written costs only the cache.
    """
    partial = None
    try:
        fd, name = tempfile.mkstemp(prefix=f"{path.name}.", suffix=".tmp", dir=path.parent)
        partial = Path(name)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(partial, 0o644)  # whatever the umask: only its owner may change it
        os.replace(partial, path)
        partial = None
    except OSError as exc:
        logger.debug("jieba dictionary not cached at %s: %s", path, exc)
    finally:
        if partial is not None:
            partial.unlink(missing_ok=True)


def _read_dict_cache(key: bytes) -> tuple[dict[str, int], int] | None:
    """The cached dictionary of ``key`` when there is a trustworthy, intact one; else None."""
    path = _dict_cache_path(key)
    if not _trustworthy(path):
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return _decode_dict(key, data)


def _load_jieba_tokenizer(jieba: Any, words: Sequence[str]) -> Any:
    """A ``jieba.Tokenizer`` with ``words`` added, its dictionary from zhnews's cache when there is one.

    The cached state is what ``initialize`` and ``add_word`` leave (checked against
    jieba 0.42.1's source): ``FREQ``, ``total`` and ``initialized``. ``add_word`` also
    sets ``user_word_tag_tab`` (only for a tag: zhnews gives none) and, for a word of
    frequency 0, adds it to ``jieba.finalseg``'s global force-split set; a word added
    without a frequency gets at least 1 (``suggest_freq``), so that never happens, and
    a state where it did is not cached, so that loading one never skips it.
    """
    tk = jieba.Tokenizer()
    key = _dict_cache_key(jieba, words) if _jieba_cut.supported(jieba) else None
    state = None if key is None else _read_dict_cache(key)
    if state is not None:
        tk.FREQ, tk.total = state
        tk.initialized = True
        return tk
    tk.initialize()
    for word in words:
        tk.add_word(word)
    if key is not None and all(tk.FREQ.get(word) for word in words):
        data = _encode_dict(key, tk.FREQ, tk.total)
        if data is not None:
            _write_atomically(_dict_cache_path(key), data)
    return tk


def _load_fast_tokenizer(jf: Any) -> Any:
    """A ``jieba_fast_dat.Tokenizer`` on jieba's dictionary, from the cache when there is one."""
    dictionary = _jieba_dict_path()
    tk = jf.Tokenizer(str(dictionary))
    cache = _cache_path("jieba_fast_dat", jf, dictionary)
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
    # nothing left once those characters are stripped from both ends: all of it is theirs
    return not tok.strip(_BUF_CHARS) and (len(tok) == 1 or not freq(tok))


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

    def dag(self, text: str) -> dict[int, list[int]]:
        return self._tk.get_DAG(text)

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
