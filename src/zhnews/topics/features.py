"""Features of a news article for the topic classifier: jieba words, title words, cues, characters.

:class:`NewsFeaturizer` is a scikit-learn transformer. It reads each article as a
:class:`~zhnews.Document` — tokenized once by :class:`zhnews.Tokenizer`, so that
:func:`zhnews.analyze` hands the classifier the very tokens the summarizer uses —
and returns one sparse row of TF-IDF features (sublinear term frequency
``1 + log tf``, smoothed IDF ``1 + log((1 + n) / (1 + df))``, as scikit-learn's
``TfidfVectorizer``) made of two blocks, each L2-normalised:

- **words**: the body's word unigrams and bigrams (bigrams within a sentence;
  stopwords and bare numbers left out); the title's words as features of their own,
  since a headline says more per word than a paragraph; and, per topic, the number
  of cue terms of :mod:`zhnews.topics.lexicon` in the body and in the title, as
  pseudo-words whose term frequency is that count.
- **characters** (``char_ngram_range``, at most trigrams): character n-grams of the
  normalised title and body, whitespace runs collapsed to one space. They catch what
  the segmenter cuts differently from one text to the next (campaign names, new
  terms); on the real local news they raised macro-F1 by 0.05 (on national TV news they
  cost 0.016; ``benchmarks/RESULTS.md``), so they are on by default.

Why not ``TfidfVectorizer`` itself: batch classification must cost little beside the
one tokenization pass it shares. Every feature here is an integer key (a word's id,
a pair of ids, up to three code points packed in 63 bits), so an article's features
are a few numpy operations and one sorted lookup, ten times faster than building
and hashing n-gram strings; and a saved model is just the sorted keys and IDF arrays
(:mod:`zhnews.topics.persistence`). A test checks that the matrix equals
``TfidfVectorizer``'s on the same features.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from numbers import Real

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from ..labels import TOPICS
from ..text.document import Document
from ..text.normalize import normalize
from ..text.tokenize import Tokenizer, default_tokenizer, stopwords
from .lexicon import default_cue_counter

__all__ = ["NewsFeaturizer", "as_document", "feature_label"]

#: Bits per code point in a character n-gram key (Unicode needs 21).
_CODE_BITS = 21
#: Longest character n-gram a key can pack (3 × 21 bits fit in a signed 64-bit integer).
MAX_CHAR_NGRAM = 3
#: Word-key regions, in units of the token count T: unigram ids [0, T), title ids
#: [T, 2T), cue counts [2T, 2T + 8), bigrams from 3T on (3T + a·T + b).
_N_CUES = 2 * len(TOPICS)


def as_document(item: object, tokenizer: Tokenizer) -> Document:
    """Read one input of the classifier as a Document (tokenizing it when needed).

    An input is a :class:`~zhnews.Document`, the body as a ``str``, a ``(title, body)``
    pair, or a mapping with ``"text"`` and an optional ``"title"`` (a batch or corpus
    record).
    """
    if isinstance(item, Document):
        return item
    if isinstance(item, str):
        return Document.from_text(item, tokenizer=tokenizer)
    if isinstance(item, tuple) and len(item) == 2:
        title, text = item
        return Document.from_text(text, title=title or None, tokenizer=tokenizer)
    if isinstance(item, Mapping) and "text" in item:
        return Document.from_text(item["text"], title=item.get("title") or None, tokenizer=tokenizer)
    raise TypeError(
        "a classifier input must be a str, a (title, text) pair, a mapping with 'text', or a Document; "
        f"got {type(item).__name__}"
    )


def feature_label(name: str) -> str:
    """A feature name as a reader understands it (used by ``Topics.explain``)."""
    kind, _, value = name.partition(":")
    return {
        "word": value,
        "title": f"{value} (title)",
        "cue": f"{value} cue words",
        "title-cue": f"{value} cue words in the title",
        "chars": f"“{value}” (characters)",
    }.get(kind, name)


@dataclass(frozen=True, slots=True)
class _Encoded:
    """One article as feature keys (repeats kept: a key's count is its term frequency)."""

    words: np.ndarray
    chars: np.ndarray


def _char_keys(text: str, low: int, high: int) -> np.ndarray:
    """Packed code-point keys of the character n-grams of ``text``, low ≤ n ≤ high."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    parts = []
    for n in range(low, high + 1):
        if len(codes) < n:
            break
        key = codes[: len(codes) - n + 1].copy()
        for k in range(1, n):
            key |= codes[k: len(codes) - n + 1 + k] << (_CODE_BITS * k)
        parts.append(key)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _char_gram(key: int) -> str:
    """The n-gram a packed key stands for (for feature names)."""
    chars = []
    while key:
        chars.append(chr(key & ((1 << _CODE_BITS) - 1)))
        key >>= _CODE_BITS
    return "".join(chars)


def _document_frequency(encoded: Iterable[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct keys and, for each, the number of articles that have it."""
    per_doc = [np.unique(keys) for keys in encoded]
    if not per_doc:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.unique(np.concatenate(per_doc), return_counts=True)


def _tfidf(encoded: Sequence[np.ndarray], keys: np.ndarray, idf: np.ndarray, sublinear_tf: bool) -> sp.csr_matrix:
    """L2-normalised TF-IDF rows of encoded articles over the learned sorted ``keys``.

    Each article's keys are counted first (``np.unique``), so that the lookup in
    ``keys`` searches each distinct key once, in sorted order, and the rows come out
    canonical (sorted columns, no duplicates) without a COO-to-CSR pass.
    """
    n = len(encoded)
    size = len(keys)
    lengths = np.zeros(n + 1, dtype=np.int64)
    columns, counts = [], []
    for i, doc_keys in enumerate(encoded):
        if not size or not len(doc_keys):
            continue
        distinct, count = np.unique(doc_keys, return_counts=True)
        position = np.searchsorted(keys, distinct)
        position[position == size] = 0
        known = keys[position] == distinct
        columns.append(position[known])
        counts.append(count[known])
        lengths[i + 1] = len(columns[-1])
    if columns:
        indptr = np.cumsum(lengths)
        matrix = sp.csr_matrix((np.concatenate(counts).astype(float), np.concatenate(columns), indptr), shape=(n, size))
    else:
        matrix = sp.csr_matrix((n, size))
    if sublinear_tf:
        np.log(matrix.data, out=matrix.data)
        matrix.data += 1.0
    matrix.data *= idf[matrix.indices]
    norms = np.sqrt(np.bincount(np.repeat(np.arange(n), np.diff(matrix.indptr)), weights=matrix.data**2, minlength=n))
    norms[norms == 0] = 1.0
    matrix.data /= np.repeat(norms, np.diff(matrix.indptr))
    return matrix


def _idf(df: np.ndarray, n: int) -> np.ndarray:
    return np.log((1.0 + n) / (1.0 + df)) + 1.0


class NewsFeaturizer(TransformerMixin, BaseEstimator):
    """jieba + TF-IDF features of Chinese news articles (a scikit-learn transformer).

    Parameters
    ----------
    tokenizer : Tokenizer, optional
        Segments inputs that are not Documents yet; defaults to the shared
        :class:`zhnews.Tokenizer` (jieba with the domain dictionary).
    ngram_range : (int, int), default (1, 2)
        Word n-grams of the body, within a sentence: (1, 1), (1, 2) or (2, 2).
    min_df : int, default 2
        A feature must occur in at least this many training articles (capped at
        their number).
    sublinear_tf : bool, default True
        Use ``1 + log(tf)`` for term frequency.
    stop_words : bool, default True
        Leave out the shipped stopwords (function words, news filler).
    title : bool, default True
        Add the title's words as features of their own.
    cues : bool, default True
        Add the per-topic counts of the cue lexicon (body and title).
    char_ngram_range : (int, int) or None, default (1, 3)
        Character n-grams of title and body, n ≤ 3; None leaves them out.
    char_weight : float, default 1.0
        Scale of the character block against the word block.

    Attributes
    ----------
    tokens_ : list of str
        Every word seen in training, sorted; a word's id is its position.
    word_keys_, word_idf_ : ndarray
        Sorted keys of the kept word features and their IDF.
    char_keys_, char_idf_ : ndarray
        The same for character n-grams (empty without them).
    n_features_out_ : int
        Number of output columns: word features, then character features.

    Examples
    --------
    >>> f = NewsFeaturizer(min_df=1, char_ngram_range=None).fit(["社区开展消防演练。", "法院审理案件。"])
    >>> f.transform(["消防演练"]).shape[0]
    1
    """

    def __init__(
        self,
        *,
        tokenizer: Tokenizer | None = None,
        ngram_range: tuple[int, int] = (1, 2),
        min_df: int = 2,
        sublinear_tf: bool = True,
        stop_words: bool = True,
        title: bool = True,
        cues: bool = True,
        char_ngram_range: tuple[int, int] | None = (1, 3),
        char_weight: float = 1.0,
    ) -> None:
        self.tokenizer = tokenizer
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.sublinear_tf = sublinear_tf
        self.stop_words = stop_words
        self.title = title
        self.cues = cues
        self.char_ngram_range = char_ngram_range
        self.char_weight = char_weight

    # -- settings -------------------------------------------------------------------
    def _validate(self) -> None:
        low, high = _pair("ngram_range", self.ngram_range)
        if not 1 <= low <= high <= 2:
            raise ValueError(f"ngram_range must be (1, 1), (1, 2) or (2, 2), got {self.ngram_range!r}")
        if self.char_ngram_range is not None:
            low, high = _pair("char_ngram_range", self.char_ngram_range)
            if not 1 <= low <= high <= MAX_CHAR_NGRAM:
                raise ValueError(
                    f"char_ngram_range must be None or (low, high) with 1 <= low <= high <= {MAX_CHAR_NGRAM}, "
                    f"got {self.char_ngram_range!r}"
                )
        if isinstance(self.min_df, bool) or not isinstance(self.min_df, int) or self.min_df < 1:
            raise ValueError(f"min_df must be a positive integer, got {self.min_df!r}")
        if isinstance(self.char_weight, bool) or not isinstance(self.char_weight, Real) or not self.char_weight > 0:
            raise ValueError(f"char_weight must be a positive number, got {self.char_weight!r}")
        if self.tokenizer is not None and not isinstance(self.tokenizer, Tokenizer):
            raise TypeError(f"tokenizer must be a zhnews.Tokenizer, got {type(self.tokenizer).__name__}")

    def _tokenizer(self) -> Tokenizer:
        return self.tokenizer if self.tokenizer is not None else default_tokenizer()

    # -- encoding (needs only the token ids) -------------------------------------------
    def documents(self, X: Iterable[object]) -> list[Document]:
        """The inputs as Documents, each tokenized once (see :func:`as_document`)."""
        if isinstance(X, (str, bytes, Document, Mapping)):
            raise TypeError("X must be a sequence of articles, not a single article")
        tokenizer = self._tokenizer()
        return [as_document(item, tokenizer) for item in X]

    def _kept(self, words: Iterable[str]) -> list[str]:
        stop = stopwords() if self.stop_words else frozenset()
        return [w for w in words if w not in stop and not w.isdigit()]

    @staticmethod
    def _token_index(docs: Sequence[Document]) -> dict[str, int]:
        """Ids for every word of the documents: their sorted order (deterministic)."""
        words = {w for doc in docs for sentence in doc.tokens for w in sentence}
        words.update(w for doc in docs for w in doc.title_tokens)
        return {w: i for i, w in enumerate(sorted(words))}

    def _body_ids(self, index: Mapping[str, int]) -> dict[str, int | None]:
        """Word → id for body words, ``None`` for the words :meth:`_kept` leaves out.

        One dict lookup per token instead of a stopword test, a digit test and a lookup
        (the encoding loop runs once per token of every article classified). Kept with
        the fitted index, whose ids it copies; unknown words are not in it.
        """
        cached = getattr(self, "_body_ids_cache", None)
        if cached is not None and cached[0] is index:
            return cached[1]
        stop = stopwords() if self.stop_words else frozenset()
        ids: dict[str, int | None] = {w: None if w in stop or w.isdigit() else i for w, i in index.items()}
        ids.update(dict.fromkeys(stop))
        self._body_ids_cache = (index, ids)
        return ids

    def _encode(self, docs: Sequence[Document], index: Mapping[str, int]) -> list[_Encoded]:
        """Feature keys of each document, given word ids (unknown words drop out)."""
        size = len(index)
        low, high = self.ngram_range
        counter = default_cue_counter() if self.cues else None
        get = self._body_ids(index).get
        out = []
        for doc in docs:
            ids: list[int] = []
            for sentence in doc.tokens:  # -1 between sentences: no bigram crosses them
                row = list(map(get, sentence, repeat(-1)))  # an id, None (left out) or -1 (unknown)
                if -1 in row:  # an unknown bare number is left out too, as a known one is
                    row = [None if i == -1 and w.isdigit() else i for w, i in zip(sentence, row)]
                ids.extend([i for i in row if i is not None])
                ids.append(-1)
            body = np.asarray(ids, dtype=np.int64)
            parts = []
            if low == 1:
                parts.append(body[body >= 0])
            if high == 2 and len(body) > 1:
                a, b = body[:-1], body[1:]
                valid = (a >= 0) & (b >= 0)
                parts.append(3 * size + a[valid] * size + b[valid])
            if self.title and doc.title_tokens:
                title_ids = np.asarray([index.get(w, -1) for w in self._kept(doc.title_tokens)], dtype=np.int64)
                parts.append(size + title_ids[title_ids >= 0])
            body_text = normalize(doc.text)
            title_text = normalize(doc.title) if doc.title else ""
            if counter is not None:
                for offset, text in ((0, body_text), (len(TOPICS), title_text)):
                    for label, n in counter.count(text).items():
                        parts.append(np.full(n, 2 * size + offset + TOPICS.index(label), dtype=np.int64))
            words = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
            if self.char_ngram_range is not None:
                chars = _char_keys(" ".join(f"{title_text}\n{body_text}".split()), *self.char_ngram_range)
            else:
                chars = np.zeros(0, dtype=np.int64)
            out.append(_Encoded(words, chars))
        return out

    # -- learning -----------------------------------------------------------------------
    def _fit_encoded(self, encoded: Sequence[_Encoded], tokens: list[str]) -> "NewsFeaturizer":
        """Keep the features of at least ``min_df`` articles and learn their IDF."""
        if not encoded:
            raise ValueError("cannot fit the featurizer on no articles")
        n = len(encoded)
        min_df = min(self.min_df, n)
        self.tokens_ = tokens
        self._index = None
        keys, df = _document_frequency(e.words for e in encoded)
        keep = df >= min_df
        self.word_keys_, self.word_idf_ = keys[keep], _idf(df[keep], n)
        if self.char_ngram_range is not None:
            keys, df = _document_frequency(e.chars for e in encoded)
            keep = df >= min_df
            self.char_keys_, self.char_idf_ = keys[keep], _idf(df[keep], n)
        else:
            self.char_keys_, self.char_idf_ = np.zeros(0, dtype=np.int64), np.zeros(0)
        self.n_features_out_ = len(self.word_keys_) + len(self.char_keys_)
        return self

    def _transform_encoded(self, encoded: Sequence[_Encoded]) -> sp.csr_matrix:
        check_is_fitted(self, "word_keys_")
        blocks = [_tfidf([e.words for e in encoded], self.word_keys_, self.word_idf_, self.sublinear_tf)]
        if self.char_ngram_range is not None:
            chars = _tfidf([e.chars for e in encoded], self.char_keys_, self.char_idf_, self.sublinear_tf)
            if self.char_weight != 1:
                chars.data *= float(self.char_weight)
            blocks.append(chars)
        return sp.hstack(blocks, format="csr") if len(blocks) > 1 else blocks[0]

    def token_index(self) -> dict[str, int]:
        """The fitted word ids (``tokens_`` by position), built once."""
        check_is_fitted(self, "tokens_")
        index = getattr(self, "_index", None)
        if index is None:
            index = {w: i for i, w in enumerate(self.tokens_)}
            self._index = index
        return index

    def encode(self, docs: Sequence[Document]) -> list[_Encoded]:
        """Feature keys of documents with the fitted word ids."""
        return self._encode(docs, self.token_index())

    def fit(self, X: Iterable[object], y: object = None) -> "NewsFeaturizer":
        """Learn the word ids, the kept features and their IDF."""
        self._validate()
        docs = self.documents(X)
        index = self._token_index(docs)
        return self._fit_encoded(self._encode(docs, index), list(index))

    def transform(self, X: Iterable[object]) -> sp.csr_matrix:
        """TF-IDF rows of the articles (one row each, ``n_features_out_`` columns)."""
        check_is_fitted(self, "word_keys_")
        return self._transform_encoded(self.encode(self.documents(X)))

    def fit_transform(self, X: Iterable[object], y: object = None, **fit_params: object) -> sp.csr_matrix:
        """Fit and transform, tokenizing every article once."""
        self._validate()
        docs = self.documents(X)
        index = self._token_index(docs)
        encoded = self._encode(docs, index)
        return self._fit_encoded(encoded, list(index))._transform_encoded(encoded)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """Names of the output columns: ``word:``, ``title:``, ``cue:``, ``title-cue:``, ``chars:`` + value."""
        check_is_fitted(self, "word_keys_")
        size = len(self.tokens_)
        names = []
        for key in self.word_keys_.tolist():
            if key < size:
                names.append("word:" + self.tokens_[key])
            elif key < 2 * size:
                names.append("title:" + self.tokens_[key - size])
            elif key < 2 * size + _N_CUES:
                j = key - 2 * size
                names.append(("cue:" if j < len(TOPICS) else "title-cue:") + TOPICS[j % len(TOPICS)])
            else:
                a, b = divmod(key - 3 * size, size)
                names.append(f"word:{self.tokens_[a]} {self.tokens_[b]}")
        names.extend("chars:" + _char_gram(key) for key in self.char_keys_.tolist())
        return np.asarray(names, dtype=object)


def _pair(name: str, value: object) -> tuple[int, int]:
    if (
        not isinstance(value, (tuple, list))
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        raise ValueError(f"{name} must be a pair of integers, got {value!r}")
    return int(value[0]), int(value[1])
