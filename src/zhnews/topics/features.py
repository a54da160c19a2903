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
a pair of ids, up to three code points packed in 63 bits), so a chunk of articles is
encoded with a few numpy operations over the whole chunk and one hashed lookup
(:mod:`zhnews.topics.encoding`), ten times faster than building and hashing n-gram
strings; and a saved model is just the sorted keys and IDF arrays
(:mod:`zhnews.topics.persistence`). A test checks that the matrix equals
``TfidfVectorizer``'s on the same features. The fitted vocabulary is also a
:class:`~zhnews.topics.linear.FeatureSpace` (:meth:`NewsFeaturizer.space_`), which
makes the same rows without scikit-learn.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from numbers import Real

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from ..text.document import Document
from ..text.tokenize import Tokenizer, default_tokenizer, stopwords
from .encoding import MAX_CHAR_NGRAM, ArticleKeys, Encoded, FeatureSettings, Rows, body_ids, encode_documents
from .linear import FeatureSpace, as_document, as_documents, feature_label

__all__ = ["NewsFeaturizer", "as_document", "feature_label"]

#: The featurizer settings that :class:`FeatureSettings` carries to the encoder.
_SETTINGS = ("ngram_range", "sublinear_tf", "stop_words", "title", "cues", "char_ngram_range", "char_weight")


def _document_frequency(encoded: Iterable[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct keys and, for each, the number of articles that have it."""
    per_doc = [np.unique(keys) for keys in encoded]
    if not per_doc:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.unique(np.concatenate(per_doc), return_counts=True)


def _idf(df: np.ndarray, n: int) -> np.ndarray:
    return np.log((1.0 + n) / (1.0 + df)) + 1.0


def as_csr(rows: Rows) -> sp.csr_matrix:
    """Rows as a SciPy CSR matrix (what scikit-learn's estimators take)."""
    return sp.csr_matrix((rows.data, rows.indices, rows.indptr), shape=(rows.n, rows.width))


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

    def _settings(self) -> FeatureSettings:
        return FeatureSettings(**{key: getattr(self, key) for key in _SETTINGS})

    # -- encoding (needs only the token ids) -------------------------------------------
    def documents(self, X: Iterable[object]) -> list[Document]:
        """The inputs as Documents, each tokenized once (see :func:`as_document`)."""
        return as_documents(X, self._tokenizer())

    @staticmethod
    def _token_index(docs: Sequence[Document]) -> dict[str, int]:
        """Ids for every word of the documents: their sorted order (deterministic)."""
        words = {w for doc in docs for sentence in doc.tokens for w in sentence}
        words.update(w for doc in docs for w in doc.title_tokens)
        return {w: i for i, w in enumerate(sorted(words))}

    def _body_ids(self, index: Mapping[str, int]) -> dict[str, int]:
        """:func:`~zhnews.topics.encoding.body_ids` of ``index``, kept while the index is the same."""
        cached = getattr(self, "_body_ids_cache", None)
        if cached is not None and cached[0] is index:
            return cached[1]
        ids = body_ids(index, stopwords() if self.stop_words else ())
        self._body_ids_cache = (index, ids)
        return ids

    def _encode(self, docs: Sequence[Document], index: Mapping[str, int]) -> list[ArticleKeys]:
        """Feature keys of each document, given word ids (unknown words drop out)."""
        return encode_documents(docs, index, self._body_ids(index), self._settings()).per_document()

    # -- learning -----------------------------------------------------------------------
    def _fit_encoded(self, encoded: Sequence[ArticleKeys], tokens: list[str]) -> "NewsFeaturizer":
        """Keep the features of at least ``min_df`` articles and learn their IDF."""
        if not encoded:
            raise ValueError("cannot fit the featurizer on no articles")
        n = len(encoded)
        min_df = min(self.min_df, n)
        self.tokens_ = tokens
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
        self._space_cache = None
        return self

    def _transform_encoded(self, encoded: Sequence[ArticleKeys]) -> sp.csr_matrix:
        return as_csr(self.space_().rows(Encoded.join(encoded)))

    def space_(self) -> FeatureSpace:
        """The fitted vocabulary as a :class:`~zhnews.topics.linear.FeatureSpace` (what predicts).

        Built once and kept while the fitted arrays and settings stay the same.
        """
        check_is_fitted(self, "word_keys_")
        fitted = (self.tokens_, self.word_keys_, self.word_idf_, self.char_keys_, self.char_idf_, self.tokenizer)
        settings = self._settings()
        cached = getattr(self, "_space_cache", None)
        if cached is not None and cached[1] == settings and all(a is b for a, b in zip(cached[0], fitted)):
            return cached[2]
        space = FeatureSpace(*fitted[:5], settings, self.tokenizer)
        self._space_cache = (fitted, settings, space)
        return space

    def token_index(self) -> dict[str, int]:
        """The fitted word ids (``tokens_`` by position), built once."""
        check_is_fitted(self, "tokens_")
        return self.space_().index()

    def encode(self, docs: Sequence[Document]) -> list[ArticleKeys]:
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
        space = self.space_()
        return as_csr(space.rows(space.encode(self.documents(X))))

    def fit_transform(self, X: Iterable[object], y: object = None, **fit_params: object) -> sp.csr_matrix:
        """Fit and transform, tokenizing every article once."""
        self._validate()
        docs = self.documents(X)
        index = self._token_index(docs)
        encoded = self._encode(docs, index)
        return self._fit_encoded(encoded, list(index))._transform_encoded(encoded)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """Names of the output columns: ``word:``, ``title:``, ``cue:``, ``title-cue:``, ``chars:`` + value."""
        return self.space_().feature_names()


def _pair(name: str, value: object) -> tuple[int, int]:
    if (
        not isinstance(value, (tuple, list))
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        raise ValueError(f"{name} must be a pair of integers, got {value!r}")
    return int(value[0]), int(value[1])
