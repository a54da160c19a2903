"""Word segmentation: a picklable tokenizer that owns its own jieba instance.

jieba's module-level functions share one global dictionary and log to stderr;
a library must touch neither. :class:`Tokenizer` builds a private
``jieba.Tokenizer`` on first use, loads the shipped dictionary of Chinese
government-news terms (``data/domain_terms.txt``) and the caller's words into it,
and keeps jieba quiet while it loads. The host program's jieba — its global
dictionary, its logger's level and handlers — is left exactly as it was.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import warnings
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Iterator

from ..errors import InputError
from .decode import read_text
from .normalize import normalize

if TYPE_CHECKING:  # pragma: no cover
    import jieba

__all__ = ["Tokenizer", "default_tokenizer", "domain_terms", "stopwords", "is_word"]

_WORD_CHAR = re.compile(r"[^\W_]")
_JIEBA_LOG_LOCK = threading.Lock()


def is_word(token: str) -> bool:
    """Whether a token carries a letter, digit or Han character (not punctuation or space)."""
    return token.isalnum() or _WORD_CHAR.search(token) is not None


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
    logger = logging.getLogger("jieba")
    with _JIEBA_LOG_LOCK:
        level = logger.level
        logger.setLevel(logging.CRITICAL + 1)
        try:
            yield
        finally:
            logger.setLevel(level)


def _import_jieba() -> Any:
    # jieba 0.42 imports pkg_resources, which warns on recent setuptools.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import jieba
    return jieba


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

    Notes
    -----
    The jieba instance is built on first use and not pickled: a pickled
    tokenizer carries its settings and words, and rebuilds itself in the
    process that unpickles it (so it can be sent to worker processes).

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
        self._backend: Any = None
        self._lock = threading.Lock()

    # -- pickling: settings travel, the jieba instance is rebuilt -------------
    def __getstate__(self) -> dict[str, Any]:
        return {"user_words": self.user_words, "user_dict": self.user_dict, "hmm": self.hmm, "domain_terms": self.domain_terms}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.user_words = tuple(state["user_words"])
        self.user_dict = state["user_dict"]
        self.hmm = state["hmm"]
        self.domain_terms = state["domain_terms"]
        self._backend = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Tokenizer(user_words=<{len(self.user_words)} words>, hmm={self.hmm}, domain_terms={self.domain_terms})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Tokenizer):
            return NotImplemented
        return self.__getstate__() == other.__getstate__()

    def __hash__(self) -> int:
        return hash((self.user_words, self.user_dict, self.hmm, self.domain_terms))

    @property
    def backend(self) -> "jieba.Tokenizer":
        """The private ``jieba.Tokenizer``, built and loaded on first access."""
        if self._backend is None:
            with self._lock:
                if self._backend is None:
                    self._backend = self._build()
        return self._backend

    def _build(self) -> Any:
        jieba = _import_jieba()
        backend = jieba.Tokenizer()
        with _quiet_jieba():
            backend.initialize()
            words = (domain_terms() if self.domain_terms else ()) + self.user_words
            for word in words:
                backend.add_word(word)
        return backend

    # -- segmentation -----------------------------------------------------------
    def cut(self, text: str) -> list[str]:
        """Words of ``text`` (normalised; spaces and punctuation left out)."""
        return [tok for tok in self.backend.cut(normalize(text), HMM=self.hmm) if is_word(tok)]

    def cut_lines(self, lines: Sequence[str]) -> list[list[str]]:
        """Words of each of ``lines``, segmented in one pass.

        The lines are normalised and joined with line breaks, which jieba never
        puts inside a word, so one call serves a whole article.
        """
        out: list[list[str]] = [[]]
        joined = "\n".join(normalize(line).replace("\n", " ") for line in lines)
        for tok in self.backend.cut(joined, HMM=self.hmm):
            if tok == "\n":
                out.append([])
            elif is_word(tok):
                out[-1].append(tok)
        if len(out) != max(1, len(lines)):  # pragma: no cover - guards the invariant above
            raise RuntimeError("line count changed during segmentation")
        return out if lines else []

    def word_probability(self, word: str) -> float:
        """Unigram probability of ``word`` in this tokenizer's dictionary; 0.0 when unknown.

        The dictionary is jieba's, plus the shipped domain terms and the caller's
        words. Callers that weigh evidence across a line break (is ``工`` + ``作``
        a word?) need the dictionary without the HMM, which would join any two
        unknown characters; this answers for one string, normalised first.

        Examples
        --------
        >>> tok = Tokenizer()
        >>> tok.word_probability("工作") > 0.0, tok.word_probability("调解工")
        (True, 0.0)
        """
        if not isinstance(word, str):
            raise TypeError(f"word must be a str, not {type(word).__name__}")
        backend = self.backend
        key = normalize(word)
        freq = backend.FREQ.get(key, 0) if key else 0
        return freq / backend.total if freq and backend.total else 0.0

    def is_stopword(self, token: str) -> bool:
        """Whether ``token`` is in the shipped stopword list."""
        return token in stopwords()


@lru_cache(maxsize=1)
def default_tokenizer() -> Tokenizer:
    """The shared default :class:`Tokenizer` (domain terms, HMM on), built once."""
    return Tokenizer()
