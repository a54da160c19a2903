"""Word segmentation: a picklable tokenizer that owns its own jieba instance.

jieba's module-level functions share one global dictionary and log to stderr;
a library must touch neither. :class:`Tokenizer` builds a private
``jieba.Tokenizer`` on first use, loads the shipped dictionary of Chinese
government-news terms (``data/domain_terms.txt``) and the caller's words into it,
and keeps jieba quiet while it loads. The host program's jieba — its global
dictionary, its logger's level and handlers — is left exactly as it was.

The same tokenizer runs on one of two engines (:data:`BACKENDS`): ``"jieba"``, or
``"jieba-fast"`` — jieba-fast-dat, a C++ reimplementation of jieba, about ten times
as fast, installed by ``pip install 'zhnews[fast]'``. It loads jieba's dictionary
and cuts numbers as jieba does, so that its tokens are jieba's (over 99.99 % of
the corpus's tokens; see :mod:`zhnews.text._backends` for where they differ). Which one
runs is chosen by the ``backend`` argument, else by the environment variable
``ZHNEWS_TOKENIZER``, else ``"jieba-fast"`` when it is installed and ``"jieba"``
otherwise.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from typing import Any, Iterator

from ..errors import InputError
from . import _backends
from ._backends import BACKENDS, JIEBA, JIEBA_FAST
from .decode import read_text
from .normalize import normalize

__all__ = [
    "BACKENDS",
    "TOKENIZER_ENV",
    "Tokenizer",
    "available_backends",
    "default_tokenizer",
    "domain_terms",
    "is_word",
    "resolve_backend",
    "stopwords",
]

#: The environment variable that picks the backend of a ``Tokenizer(backend=None)``.
TOKENIZER_ENV = "ZHNEWS_TOKENIZER"

_WORD_CHAR = re.compile(r"[^\W_]")
logger = logging.getLogger("zhnews")


def is_word(token: str) -> bool:
    """Whether a token carries a letter, digit or Han character (not punctuation or space)."""
    # One character is a word character exactly when it is alphanumeric (re's \w is
    # str.isalnum() plus "_"): only a longer token that is not alphanumeric as a whole
    # needs the search. Most non-words are one punctuation mark.
    return token.isalnum() or (len(token) > 1 and _WORD_CHAR.search(token) is not None)


def _words(tokens: Iterable[str]) -> list[str]:
    """The tokens that are words (:func:`is_word`), inlined: this runs once per token of every article."""
    search = _WORD_CHAR.search
    return [tok for tok in tokens if tok.isalnum() or (len(tok) > 1 and search(tok) is not None)]


def _read_word_list(text: str) -> list[str]:
    """Words of a list file: the first field of each line, ``#`` comments skipped."""
    words = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.append(line.split()[0])
    return words


@lru_cache(maxsize=None)
def domain_terms() -> tuple[str, ...]:
    """The shipped dictionary of Chinese government-news terms (三会一课, 枫桥经验, …)."""
    data = resources.files("zhnews").joinpath("data", "domain_terms.txt").read_text(encoding="utf-8")
    return tuple(_read_word_list(data))


@lru_cache(maxsize=None)
def stopwords() -> frozenset[str]:
    """The shipped Chinese stopword list: function words and news filler (本报讯, 记者, …)."""
    data = resources.files("zhnews").joinpath("data", "stopwords.txt").read_text(encoding="utf-8")
    return frozenset(_read_word_list(data))


@contextmanager
def _quiet_jieba() -> Iterator[None]:
    """Silence jieba's own logger while it loads, then restore its level exactly."""
    with _backends.quiet_loggers(["jieba"]):
        yield


def _import_jieba() -> Any:
    # jieba 0.42 imports pkg_resources, which warns on recent setuptools.
    return _backends.import_jieba()


def available_backends() -> tuple[str, ...]:
    """The backends that can run here, in the order of :data:`BACKENDS`.

    Examples
    --------
    >>> "jieba" in available_backends()
    True
    """
    return tuple(name for name in BACKENDS if name == JIEBA or _backends.fast_installed())


def resolve_backend(backend: str | None = None) -> str:
    """The backend a ``Tokenizer(backend=backend)`` runs on.

    Parameters
    ----------
    backend : {"jieba", "jieba-fast"} or None
        An explicit choice, returned as it is once checked. ``None`` reads the
        environment variable ``ZHNEWS_TOKENIZER`` (when set and not empty), and
        without it picks ``"jieba-fast"`` when jieba-fast-dat is installed, else
        ``"jieba"``: the fast engine gives jieba's tokens, so it is the better
        default wherever it exists.

    Returns
    -------
    str
        One of :data:`BACKENDS`.

    Raises
    ------
    ValueError
        For an unknown name, naming it (and the environment variable when it came
        from there) and the choices.
    zhnews.errors.MissingExtraError
        When ``"jieba-fast"`` is asked for, by argument or environment, and
        jieba-fast-dat is not installed: ``pip install 'zhnews[fast]'``.
    """
    where = "backend"
    if backend is None:
        env = os.environ.get(TOKENIZER_ENV, "").strip()
        if not env:
            return JIEBA_FAST if _backends.fast_installed() else JIEBA
        backend, where = env, f"environment variable {TOKENIZER_ENV}"
    if backend not in BACKENDS:
        choices = " or ".join(repr(name) for name in BACKENDS)
        raise ValueError(f"{where}: unknown tokenizer backend {backend!r}; choose {choices} (or None: the default)")
    if backend == JIEBA_FAST and not _backends.fast_installed():
        _backends.require_fast()
    return backend


class Tokenizer:
    """Chinese word segmentation for news, on the normalised form of the text.

    Parameters
    ----------
    user_words : iterable of str, optional
        Extra words to keep whole (place names, organisations, local terms).
    user_dict : str or path, optional
        A file of extra words: one per line, first field used (jieba's user
        dictionary format works), ``#`` comments allowed; UTF-8 or GB18030.
    hmm : bool, default True
        Let jieba's HMM join unknown characters into words (names, new terms).
    domain_terms : bool, default True
        Load the shipped dictionary of government-news terms; switch off to
        measure what it adds.
    backend : {"jieba", "jieba-fast"} or None, default None
        The segmentation engine: ``"jieba"``, or ``"jieba-fast"`` (jieba-fast-dat,
        the ``fast`` extra, about ten times as fast with the same tokens on over
        99.99 % of the corpus). ``None`` reads ``ZHNEWS_TOKENIZER``, else takes
        ``"jieba-fast"`` when installed, else ``"jieba"`` (:func:`resolve_backend`).

    Attributes
    ----------
    backend_name : str
        The backend this tokenizer runs on, resolved once when it is made, so that
        a model can record the engine it was trained with and a tokenizer sent to
        a worker process runs there on the same engine, whatever that process's
        environment says.

    Raises
    ------
    ValueError
        For an unknown backend name.
    zhnews.errors.MissingExtraError
        When ``backend="jieba-fast"`` (or ``ZHNEWS_TOKENIZER=jieba-fast``) and
        jieba-fast-dat is not installed.

    Notes
    -----
    The engine is built on first use and not pickled: a pickled tokenizer
    carries its settings, words and backend name, and rebuilds itself in the
    process that unpickles it (so it can be sent to worker processes). Unlike a
    scikit-learn estimator it keeps the *resolved* backend, not the argument:
    ``None`` means "whatever this environment offers", which is no setting a
    model could be reproduced with.

    Examples
    --------
    >>> Tokenizer().cut("社区开展三会一课")
    ['社区', '开展', '三会一课']
    """

    def __init__(
        self,
        *,
        user_words: Iterable[str] = (),
        user_dict: str | os.PathLike[str] | None = None,
        hmm: bool = True,
        domain_terms: bool = True,
        backend: str | None = None,
    ) -> None:
        words = []
        for word in user_words:
            if not isinstance(word, str) or not word.strip() or any(ch.isspace() for ch in word.strip()):
                raise ValueError(f"user_words: {word!r} is not a word (a non-empty string without spaces)")
            words.append(word.strip())
        self.user_dict = None if user_dict is None else os.fspath(user_dict)
        if self.user_dict is not None:
            file_words = _read_word_list(read_text(self.user_dict))
            if not file_words:
                raise InputError(self.user_dict, "user dictionary holds no words")
            words.extend(file_words)
        self.user_words = tuple(words)
        self.hmm = bool(hmm)
        self.domain_terms = bool(domain_terms)
        self.backend_name = resolve_backend(backend)
        self._backend: _backends.Engine | None = None
        self._lock = threading.Lock()

    # -- pickling: settings travel, the engine is rebuilt ------------------------
    def __getstate__(self) -> dict[str, Any]:
        return {
            "user_words": self.user_words,
            "user_dict": self.user_dict,
            "hmm": self.hmm,
            "domain_terms": self.domain_terms,
            "backend_name": self.backend_name,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.user_words = tuple(state["user_words"])
        self.user_dict = state["user_dict"]
        self.hmm = state["hmm"]
        self.domain_terms = state["domain_terms"]
        # Tokenizers pickled before there was a choice ran on jieba.
        self.backend_name = state.get("backend_name", JIEBA)
        self._backend = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return (
            f"Tokenizer(user_words=<{len(self.user_words)} words>, hmm={self.hmm}, "
            f"domain_terms={self.domain_terms}, backend={self.backend_name!r})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Tokenizer):
            return NotImplemented
        return self.__getstate__() == other.__getstate__()

    def __hash__(self) -> int:
        return hash((self.user_words, self.user_dict, self.hmm, self.domain_terms, self.backend_name))

    @property
    def backend(self) -> Any:
        """The library's private tokenizer, built and loaded on first access.

        A ``jieba.Tokenizer`` or a ``jieba_fast_dat.Tokenizer``, as
        :attr:`backend_name` says; for inspection only (zhnews's own
        segmentation goes through its engine, which also rejoins numbers).
        """
        return self._engine().library_tokenizer

    def _engine(self) -> _backends.Engine:
        """The segmentation engine, built once per tokenizer (thread-safe)."""
        if self._backend is None:
            with self._lock:
                if self._backend is None:
                    words = (domain_terms() if self.domain_terms else ()) + self.user_words
                    self._backend = _backends.build_engine(self.backend_name, words)
        return self._backend

    # -- segmentation -----------------------------------------------------------
    def cut(self, text: str) -> list[str]:
        """Words of ``text`` (normalised; spaces and punctuation left out)."""
        return _words(self._engine().cut(normalize(text), self.hmm))

    def cut_lines(self, lines: Sequence[str]) -> list[list[str]]:
        """Words of each of ``lines``, segmented in one pass.

        The lines are normalised and joined with line breaks. Line breaks inside
        a line (``\\n``, and ``\\r``, which jieba would join with the next
        line's break into one ``\\r\\n`` token) become spaces: both only
        separate words, so a line's words are those :meth:`cut` gives. Should an
        engine still put a line break inside a token, the lines are cut one by
        one instead (logged at DEBUG), so the result always has one list per line.
        """
        if not lines:
            return []
        # One normalisation of the joined lines: normalize() maps each line break to
        # itself and works within the stretches it separates, so this is the join of
        # the lines' normal forms, in one call instead of one per line.
        raw = "\n".join(lines)
        if "\r" in raw or raw.count("\n") != len(lines) - 1:  # a line with a break of its own
            raw = "\n".join(line.replace("\r", " ").replace("\n", " ") for line in lines)
        joined = normalize(raw)
        engine = self._engine()
        tokens = engine.cut(joined, self.hmm)
        # The words (is_word, inlined: see _words) and the line breaks to split them at,
        # in one pass over the tokens.
        search = _WORD_CHAR.search
        kept = [tok for tok in tokens if tok.isalnum() or tok == "\n" or (len(tok) > 1 and search(tok) is not None)]
        if kept.count("\n") == len(lines) - 1:
            out: list[list[str]] = []
            start = 0
            for _ in range(len(lines) - 1):
                end = kept.index("\n", start)
                out.append(kept[start:end])
                start = end + 1
            out.append(kept[start:])
            return out
        logger.debug("the %s engine moved a line break of %d lines; cutting them one by one", self.backend_name, len(lines))
        return [_words(engine.cut(line, self.hmm)) for line in joined.split("\n")]

    def word_probability(self, word: str) -> float:
        """Unigram probability of ``word`` in this tokenizer's dictionary; 0.0 when unknown.

        The dictionary is jieba's (on either backend: the fast one loads jieba's),
        plus the shipped domain terms and the caller's words. Callers that weigh
        evidence across a line break (is ``工`` + ``作`` a word?) need the
        dictionary without the HMM, which would join any two unknown characters;
        this answers for one string, normalised first.

        Examples
        --------
        >>> tok = Tokenizer()
        >>> tok.word_probability("工作") > 0.0, tok.word_probability("调解工")
        (True, 0.0)
        """
        if not isinstance(word, str):
            raise TypeError(f"word must be a str, not {type(word).__name__}")
        engine = self._engine()
        key = normalize(word)
        freq = engine.freq(key) if key else 0
        total = engine.total
        return freq / total if freq and total else 0.0

    def word_spans(self, text: str) -> list[tuple[int, int]]:
        """Where words of the dictionary, of two or more characters, stand in ``text``.

        ``text`` is looked up as given (pass it through :func:`~zhnews.text.normalize.normalize`
        first, as :meth:`word_probability` does for you): ``(start, end)`` for every
        ``text[start:end]`` of at least two characters whose
        :meth:`word_probability` is positive, by start then end. One pass of the
        engine over the text instead of a lookup per substring: splitting a page asks
        this of every few characters around every column cut.

        Examples
        --------
        >>> Tokenizer().word_spans("调解工作")
        [(0, 2), (2, 4)]
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        if not text:
            return []
        dag = self._engine().dag(text)
        return [(start, last + 1) for start in range(len(text)) for last in dag.get(start, ()) if last > start]

    def is_stopword(self, token: str) -> bool:
        """Whether ``token`` is in the shipped stopword list."""
        return token in stopwords()


@lru_cache(maxsize=1)
def default_tokenizer() -> Tokenizer:
    """The shared default :class:`Tokenizer` (domain terms, HMM on), built once.

    Its backend is resolved at the first call, as for ``Tokenizer()``: from
    ``ZHNEWS_TOKENIZER`` if set, else ``"jieba-fast"`` when installed, else
    ``"jieba"``. Set the variable before the first analysis of the process; a later
    change is not seen by the cached tokenizer (``default_tokenizer.cache_clear()``
    makes the next call read it again).
    """
    return Tokenizer()
