"""Topic features of articles as integer keys, and their TF-IDF rows: numpy only.

This is what prediction needs of a fitted :class:`~zhnews.topics.NewsFeaturizer`,
kept apart from the estimator for two reasons:

- **start-up**: scikit-learn and SciPy take over a second to import, more than the
  rest of a command's first classification; classifying with
  :class:`~zhnews.topics.linear.LinearTopics` imports neither;
- **batch cost**: a chunk of articles is encoded and turned into TF-IDF rows with a
  few numpy operations over the whole chunk, not a dozen small ones per article.

Every feature is an integer key: a word's id, a pair of ids, a cue count's slot, or up
to three code points packed in 63 bits. Word-key regions, in units of the token count
T: unigram ids [0, T), title ids [T, 2T), cue counts [2T, 2T + 8), bigrams from 3T on
(3T + a·T + b). A fitted vocabulary is a sorted array of kept keys per block (words,
characters), looked up by hashing (:class:`KeyTable`).

The TF-IDF arithmetic is scikit-learn's ``TfidfVectorizer`` (sublinear term frequency
``1 + log tf``, the fitted IDF, each block L2-normalised), with the same floating-point
operations in the same order as the SciPy version it replaces, so rows and scores are
unchanged to the last bit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat

import numpy as np

from .._keys import unique_keys
from ..labels import TOPICS
from ..text.document import Document
from ..text.normalize import normalize
from .lexicon import default_cue_counter

__all__ = ["ArticleKeys", "Encoded", "FeatureSettings", "KeyTable", "Rows", "body_ids", "encode_documents", "tfidf_rows"]

#: Bits per code point in a character n-gram key (Unicode needs 21).
CODE_BITS = 21
#: Longest character n-gram a key can pack (3 × 21 bits fit in a signed 64-bit integer).
MAX_CHAR_NGRAM = 3
#: Cue-count slots: one per topic for the body, one per topic for the title.
N_CUES = 2 * len(TOPICS)
#: From this many stored values, :meth:`Rows.dot` multiplies through SciPy.
SCIPY_VALUES = 16384


@dataclass(frozen=True, slots=True)
class FeatureSettings:
    """The featurizer settings that shape an article's keys and rows (see ``NewsFeaturizer``)."""

    ngram_range: tuple[int, int] = (1, 2)
    sublinear_tf: bool = True
    stop_words: bool = True
    title: bool = True
    cues: bool = True
    char_ngram_range: tuple[int, int] | None = (1, 3)
    char_weight: float = 1.0


@dataclass(frozen=True, slots=True)
class ArticleKeys:
    """One article as feature keys (repeats kept: a key's count is its term frequency)."""

    words: np.ndarray
    chars: np.ndarray


@dataclass(frozen=True, slots=True)
class Encoded:
    """A batch of articles as feature keys: ``words[i]`` belongs to article ``word_docs[i]``."""

    n: int
    words: np.ndarray
    word_docs: np.ndarray
    chars: np.ndarray
    char_docs: np.ndarray

    @classmethod
    def join(cls, articles: Sequence[ArticleKeys]) -> "Encoded":
        """Per-article keys as one batch (the inverse of :meth:`per_document`)."""
        def docs(sizes: list[int]) -> np.ndarray:
            return np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)

        return cls(
            len(articles),
            _concat([a.words for a in articles]), docs([len(a.words) for a in articles]),
            _concat([a.chars for a in articles]), docs([len(a.chars) for a in articles]),
        )

    def per_document(self) -> list[ArticleKeys]:
        """The keys of each article (for fitting, where folds pick articles)."""
        words = _split(self.words, self.word_docs, self.n)
        chars = _split(self.chars, self.char_docs, self.n)
        return [ArticleKeys(w, c) for w, c in zip(words, chars)]


@dataclass(frozen=True, slots=True)
class Rows:
    """Sparse rows in CSR form (what a ``scipy.sparse.csr_matrix`` is made of), columns sorted."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    width: int

    @property
    def n(self) -> int:
        return len(self.indptr) - 1

    def row_ids(self) -> np.ndarray:
        """The row of each stored value."""
        return np.repeat(np.arange(self.n, dtype=np.int64), np.diff(self.indptr))

    def dot(self, coef: np.ndarray) -> np.ndarray:
        """``rows @ coef.T`` for a dense (k, width) ``coef``, summed in column order per row.

        ``np.bincount`` adds each row's products in stored order starting from zero, as
        SciPy's CSR product does, so the sums are bit-identical to it. From
        :data:`SCIPY_VALUES` stored values (a batch's chunk) the product is SciPy's —
        one pass instead of a gather, a product and a bincount per topic, three times as
        fast; below it (one article: ``zhnews classify``) numpy's, and no SciPy is imported.
        """
        if len(self.data) >= SCIPY_VALUES:
            import scipy.sparse as sp  # a hard dependency (scikit-learn's), imported only for big batches

            matrix = sp.csr_matrix((self.data, self.indices, self.indptr), shape=(self.n, self.width))
            return np.asarray(matrix @ np.ascontiguousarray(coef.T), dtype=np.float64)
        rows = self.row_ids()
        out = np.zeros((self.n, coef.shape[0]))
        for j in range(coef.shape[0]):
            out[:, j] = np.bincount(rows, weights=self.data * coef[j, self.indices], minlength=self.n)
        return out


class KeyTable:
    """Sorted distinct non-negative int64 keys → their positions, found by hashing.

    Why not ``np.searchsorted``: a chunk's few hundred thousand character n-grams,
    unsorted, each cost a binary search of 17 cache-missing steps among 100,000 keys;
    an open-addressing table (multiplicative hash, linear probing, at most half full)
    finds most in one probe, a few times faster (``benchmarks/RESULTS.md``). Built once
    per fitted vocabulary.
    """

    _EMPTY = -1
    _MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # 2^64 / golden ratio (Knuth's multiplicative hashing)

    def __init__(self, keys: np.ndarray) -> None:
        keys = np.asarray(keys, dtype=np.int64)
        bits = max(4, (2 * len(keys)).bit_length())
        self._shift = np.uint64(64 - bits)
        self._mask = (1 << bits) - 1
        self._keys = np.full(1 << bits, self._EMPTY, dtype=np.int64)
        self._positions = np.full(1 << bits, self._EMPTY, dtype=np.int64)
        self._probes = 0
        home = self._home(keys)
        pending = np.arange(len(keys), dtype=np.int64)
        while len(pending):
            slot = (home[pending] + self._probes) & self._mask
            free = self._keys[slot] == self._EMPTY
            wanting, slot = pending[free], slot[free]
            slot, first = np.unique(slot, return_index=True)  # one key per free slot this round
            self._keys[slot] = keys[wanting[first]]
            self._positions[slot] = wanting[first]
            placed = np.zeros(len(keys), dtype=bool)
            placed[wanting[first]] = True
            pending = pending[~placed[pending]]
            self._probes += 1  # the rest move one slot on: every slot before theirs is now taken

    def _home(self, keys: np.ndarray) -> np.ndarray:
        return ((keys.view(np.uint64) * self._MULTIPLIER) >> self._shift).astype(np.int64)

    def lookup(self, keys: np.ndarray) -> np.ndarray:
        """The position of each key, -1 for keys not in the table."""
        if not len(keys) or not self._probes:
            return np.full(len(keys), -1, dtype=np.int64)
        slot = self._home(keys)
        found = np.take(self._keys, slot)  # np.take: several times faster than [] here
        out = np.take(self._positions, slot)  # EMPTY (-1) where the slot is free
        missed = found != keys
        out[missed] = -1
        todo = np.flatnonzero(missed & (found != self._EMPTY))  # a slot of another key: probe on
        slot, keys = slot[todo], keys[todo]
        for _ in range(1, self._probes):
            if not len(todo):
                break
            slot = (slot + 1) & self._mask
            found = np.take(self._keys, slot)
            hit = found == keys
            out[todo[hit]] = np.take(self._positions, slot[hit])
            going_on = ~hit & (found != self._EMPTY)
            todo, slot, keys = todo[going_on], slot[going_on], keys[going_on]
        return out


#: The id :func:`body_ids` gives a word that is left out (a stopword, a bare number).
LEFT_OUT = -2
#: The id of an unknown word, and of the sentence break :func:`encode_documents` puts
#: after every sentence: a bigram spans neither.
BREAK = -1


def body_ids(index: Mapping[str, int], stop: Iterable[str]) -> dict[str, int]:
    """Word → id for body words, :data:`LEFT_OUT` for stopwords and bare numbers.

    One dict lookup per token instead of a stopword test, a digit test and a lookup;
    unknown words are not in it.
    """
    stop = frozenset(stop)
    ids = {w: LEFT_OUT if w in stop or w.isdigit() else i for w, i in index.items()}
    ids.update(dict.fromkeys(stop, LEFT_OUT))
    return ids


def encode_documents(
    docs: Sequence[Document], index: Mapping[str, int], ids: Mapping[str, int], settings: FeatureSettings
) -> Encoded:
    """Feature keys of documents, given word ids (``index``) and :func:`body_ids` of them.

    Words that are not in ``index`` drop out; a bigram never spans an unknown word or
    a sentence break, and joins the words on either side of a left-out one.
    """
    size = len(index)
    low, high = settings.ngram_range
    counter = default_cue_counter() if settings.cues else None
    words_of: list[str] = []  # the batch's body words, "" after every sentence (no token is empty)
    body_sizes: list[int] = []
    title: list[str] = []
    title_sizes: list[int] = []
    cue_keys: list[int] = []
    cue_counts: list[int] = []
    cue_docs: list[int] = []
    texts: list[str] = []
    for d, doc in enumerate(docs):
        before = len(words_of)
        for sentence in doc.tokens:
            words_of.extend(sentence)
            words_of.append("")
        body_sizes.append(len(words_of) - before)
        if settings.title and doc.title_tokens:
            title.extend(doc.title_tokens)
            title_sizes.append(len(doc.title_tokens))
        else:
            title_sizes.append(0)
        body_text = normalize(doc.text)
        title_text = normalize(doc.title) if doc.title else ""
        if counter is not None:
            for offset, text in ((0, body_text), (len(TOPICS), title_text)):
                for label, n in counter.count(text).items():
                    cue_keys.append(2 * size + offset + TOPICS.index(label))
                    cue_counts.append(n)
                    cue_docs.append(d)
        if settings.char_ngram_range is not None:
            texts.append(" ".join(f"{title_text}\n{body_text}".split()))

    n = len(docs)
    get = ids.get
    body = np.fromiter(map(get, words_of, repeat(BREAK)), dtype=np.int64, count=len(words_of))
    for i in np.flatnonzero(body == BREAK).tolist():
        if words_of[i].isdigit():  # an unknown bare number is left out too, as a known one is
            body[i] = LEFT_OUT
    body_docs = np.repeat(np.arange(n, dtype=np.int64), body_sizes)
    kept = body != LEFT_OUT
    body, body_docs = body[kept], body_docs[kept]
    words, word_docs = [], []
    if low == 1:
        known = body >= 0
        words.append(body[known])
        word_docs.append(body_docs[known])
    if high == 2 and len(body) > 1:
        a, b = body[:-1], body[1:]
        pair = (a >= 0) & (b >= 0)  # every article ends in a break: no pair spans two articles
        words.append(3 * size + a[pair] * size + b[pair])
        word_docs.append(body_docs[:-1][pair])
    if title:
        title_ids = np.fromiter(map(get, title, repeat(BREAK)), dtype=np.int64, count=len(title))
        known = title_ids >= 0
        words.append(size + title_ids[known])
        word_docs.append(np.repeat(np.arange(n, dtype=np.int64), title_sizes)[known])
    if cue_keys:
        words.append(np.repeat(np.array(cue_keys, dtype=np.int64), cue_counts))
        word_docs.append(np.repeat(np.array(cue_docs, dtype=np.int64), cue_counts))
    chars, char_docs = _char_keys(texts, settings.char_ngram_range)
    return Encoded(n, _concat(words), _concat(word_docs), chars, char_docs)


def _char_keys(texts: Sequence[str], ngram_range: tuple[int, int] | None) -> tuple[np.ndarray, np.ndarray]:
    """Packed code-point keys of each text's character n-grams, and the text of each."""
    if ngram_range is None or not texts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    low, high = ngram_range
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    owner = np.repeat(np.arange(len(texts), dtype=np.int64), [len(t) for t in texts])
    keys, docs = [], []
    for n in range(low, high + 1):
        if len(codes) < n:
            break
        end = len(codes) - n + 1
        key = codes[:end].copy()
        for k in range(1, n):
            key |= codes[k: end + k] << (CODE_BITS * k)
        inside = owner[:end] == owner[n - 1:]  # the n-gram lies within one text
        keys.append(key[inside])
        docs.append(owner[:end][inside])
    return _concat(keys), _concat(docs)


def tfidf_rows(
    encoded: Encoded,
    tables: tuple[KeyTable, KeyTable],
    idf: np.ndarray,
    n_word_columns: int,
    settings: FeatureSettings,
) -> Rows:
    """L2-normalised TF-IDF rows: word columns first, then character columns.

    ``tables`` finds the column of a word key and of a character key; ``idf`` holds the
    IDF of every column. Keys outside the vocabulary drop out.
    """
    n = encoded.n
    width = len(idf)
    word_columns = tables[0].lookup(encoded.words)
    char_columns = tables[1].lookup(encoded.chars)
    known_words, known_chars = word_columns >= 0, char_columns >= 0
    cells = np.concatenate([
        encoded.word_docs[known_words] * width + word_columns[known_words],
        encoded.char_docs[known_chars] * width + (n_word_columns + char_columns[known_chars]),
    ])
    cells, counts = unique_keys(cells)
    rows = cells // width
    columns = cells - rows * width
    data = counts.astype(float)
    if settings.sublinear_tf:
        np.log(data, out=data)
        data += 1.0
    data *= idf[columns]
    is_char = columns >= n_word_columns
    block = 2 * rows + is_char
    norms = np.sqrt(np.bincount(block, weights=data**2, minlength=2 * n))
    norms[norms == 0] = 1.0
    data /= norms[block]
    if settings.char_weight != 1:
        data[is_char] *= float(settings.char_weight)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    return Rows(indptr, columns, data, width)


def char_gram(key: int) -> str:
    """The n-gram a packed key stands for (for feature names)."""
    chars = []
    while key:
        chars.append(chr(key & ((1 << CODE_BITS) - 1)))
        key >>= CODE_BITS
    return "".join(chars)


def _concat(parts: Sequence[np.ndarray]) -> np.ndarray:
    return np.concatenate(parts) if len(parts) else np.zeros(0, dtype=np.int64)


def _split(values: np.ndarray, owners: np.ndarray, n: int) -> list[np.ndarray]:
    if n == 0:
        return []
    order = np.argsort(owners, kind="stable")
    bounds = np.cumsum(np.bincount(owners, minlength=n))[:-1]
    return np.split(values[order], bounds)
