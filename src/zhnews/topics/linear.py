"""A fitted topic model as arrays, and the results it gives: classification without scikit-learn.

:class:`~zhnews.topics.TopicClassifier` is the estimator: it fits, and it follows
scikit-learn's contract. Predicting needs none of scikit-learn: an article's features
are integer keys looked up in the fitted vocabulary (:mod:`zhnews.topics.encoding`),
its scores are a sparse row times four coefficient vectors, and its probabilities a
Platt sigmoid of those. :class:`LinearTopics` does just that. It is what
:func:`zhnews.classify`, :func:`zhnews.analyze` and ``zhnews batch`` run on — read from
a model folder by :func:`zhnews.topics.persistence.read_model` without importing
scikit-learn or SciPy (over a second of a first classification's start-up), or made
from a fitted estimator by ``TopicClassifier.predictor()``. The estimator predicts
through it too, so both give the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from ..labels import OTHER, TOPICS
from ..text.document import Document
from ..text.tokenize import Tokenizer, default_tokenizer, stopwords
from .encoding import (
    N_CUES,
    Encoded,
    FeatureSettings,
    KeyTable,
    Rows,
    body_ids,
    char_gram,
    encode_documents,
    tfidf_rows,
)

__all__ = ["FeatureSpace", "LinearTopics", "Topics", "as_document", "feature_label"]

#: How many terms per chosen topic a Topics result keeps for ``explain``.
EXPLAIN_TERMS = 10


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


def as_documents(X: Iterable[object], tokenizer: Tokenizer) -> list[Document]:
    """A batch of inputs as Documents, each tokenized once (see :func:`as_document`)."""
    if isinstance(X, (str, bytes, Document, Mapping)):
        raise TypeError("X must be a sequence of articles, not a single article")
    return [as_document(item, tokenizer) for item in X]


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


class FeatureSpace:
    """A fitted featurizer's vocabulary and settings: what turns Documents into TF-IDF rows.

    Parameters
    ----------
    tokens : list of str
        Every word seen in training, sorted; a word's id is its position.
    word_keys, word_idf, char_keys, char_idf : ndarray
        The sorted kept keys of each block and their IDF.
    settings : FeatureSettings
        How keys and rows are made.
    tokenizer : Tokenizer, optional
        The tokenizer the features were made with (None: the default one).
    """

    def __init__(
        self,
        tokens: list[str],
        word_keys: np.ndarray,
        word_idf: np.ndarray,
        char_keys: np.ndarray,
        char_idf: np.ndarray,
        settings: FeatureSettings,
        tokenizer: Tokenizer | None = None,
    ) -> None:
        self.tokens = tokens
        self.word_keys, self.word_idf = word_keys, word_idf
        self.char_keys, self.char_idf = char_keys, char_idf
        self.settings = settings
        self.tokenizer = tokenizer
        self._index: dict[str, int] | None = None
        self._ids: dict[str, int] | None = None
        self._tables: tuple[KeyTable, KeyTable] | None = None
        self._idf: np.ndarray | None = None
        self._names: np.ndarray | None = None

    @property
    def width(self) -> int:
        """Number of feature columns: word features, then character features."""
        return len(self.word_keys) + len(self.char_keys)

    def index(self) -> dict[str, int]:
        """Word → id (built on first use: 25,000 words cost a few milliseconds)."""
        if self._index is None:
            self._index = {w: i for i, w in enumerate(self.tokens)}
        return self._index

    def encode(self, docs: Sequence[Document]) -> Encoded:
        """The feature keys of a batch of Documents."""
        if self._ids is None:
            self._ids = body_ids(self.index(), stopwords() if self.settings.stop_words else ())
        return encode_documents(docs, self.index(), self._ids, self.settings)

    def rows(self, encoded: Encoded) -> Rows:
        """TF-IDF rows of encoded articles."""
        if self._tables is None:
            self._tables = (KeyTable(self.word_keys), KeyTable(self.char_keys))
            self._idf = np.concatenate([self.word_idf, self.char_idf])
        assert self._idf is not None
        return tfidf_rows(encoded, self._tables, self._idf, len(self.word_keys), self.settings)

    def feature_names(self) -> np.ndarray:
        """Names of the columns: ``word:``, ``title:``, ``cue:``, ``title-cue:``, ``chars:`` + value."""
        if self._names is None:
            size = len(self.tokens)
            names = []
            for key in self.word_keys.tolist():
                if key < size:
                    names.append("word:" + self.tokens[key])
                elif key < 2 * size:
                    names.append("title:" + self.tokens[key - size])
                elif key < 2 * size + N_CUES:
                    j = key - 2 * size
                    names.append(("cue:" if j < len(TOPICS) else "title-cue:") + TOPICS[j % len(TOPICS)])
                else:
                    a, b = divmod(key - 3 * size, size)
                    names.append(f"word:{self.tokens[a]} {self.tokens[b]}")
            names.extend("chars:" + char_gram(key) for key in self.char_keys.tolist())
            self._names = np.asarray(names, dtype=object)
        return self._names


@dataclass(frozen=True, slots=True)
class Topics:
    """The topics of one article.

    Attributes
    ----------
    labels : tuple of str
        The chosen topics in label order, or ``("other",)`` when none fires (never empty).
    probabilities : mapping of str to float
        The calibrated probability of each of the four topics.
    """

    labels: tuple[str, ...]
    probabilities: Mapping[str, float]
    terms: Mapping[str, tuple[tuple[str, float], ...]]

    def explain(self, top_k: int = 5) -> dict[str, list[tuple[str, float]]]:
        """For each chosen topic, the terms of this article that pushed it most.

        Returns ``{topic: [(term, weight), ...]}``, strongest first: a weight is the
        term's TF-IDF value times its coefficient, its share of the decision score.
        Empty for an ``other`` article.
        """
        if isinstance(top_k, bool) or not isinstance(top_k, int) or top_k < 1:
            raise ValueError(f"top_k must be a positive integer, got {top_k!r}")
        return {label: list(self.terms.get(label, ())[:top_k]) for label in self.labels if label != OTHER}


class _Terms(Mapping[str, tuple[tuple[str, float], ...]]):
    """``Topics.terms``: the terms behind each chosen topic, ranked when first read.

    Ranking them costs more than classifying (a sort per topic, a name per term), and a
    batch over an archive never reads them; so a result keeps its article's feature row
    and ranks on first access, once. Reading it gives what an eager ranking would.
    """

    __slots__ = ("_source", "_ranked")

    def __init__(self, model: "LinearTopics", labels: Sequence[str], columns: np.ndarray, values: np.ndarray) -> None:
        self._source: tuple[Any, ...] | None = (model, tuple(labels), columns, values)
        self._ranked: dict[str, tuple[tuple[str, float], ...]] | None = None

    def _terms(self) -> dict[str, tuple[tuple[str, float], ...]]:
        if self._ranked is None:
            model, labels, columns, values = self._source  # type: ignore[misc]
            self._ranked = model.explain_terms(labels, columns, values)
            self._source = None  # the row and the model are no longer needed
        return self._ranked

    def __getitem__(self, label: str) -> tuple[tuple[str, float], ...]:
        return self._terms()[label]

    def __iter__(self) -> Iterator[str]:
        return iter(self._terms())

    def __len__(self) -> int:
        return len(self._terms())

    def __repr__(self) -> str:
        return repr(self._terms())


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -50, 50)))


class LinearTopics:
    """A fitted topic model as plain arrays: four calibrated linear models over a feature space.

    Parameters
    ----------
    features : FeatureSpace
        The fitted vocabulary and settings.
    coef : ndarray (4, width), intercept : ndarray (4,)
        The linear models, one per topic.
    calibration : ndarray (4, 2)
        Platt slope and intercept of each topic.
    thresholds : ndarray (4,)
        The probability threshold of each topic.
    metadata : dict, optional
        The model folder's metadata (name, version, metrics), when read from one.
    path : Path, optional
        The model folder it was read from.
    classifier_settings : dict, optional
        The estimator's settings (C, class weights, …), kept so that a save of this
        model records what fitted it.
    """

    def __init__(
        self,
        features: FeatureSpace,
        coef: np.ndarray,
        intercept: np.ndarray,
        calibration: np.ndarray,
        thresholds: np.ndarray,
        *,
        metadata: Mapping[str, Any] | None = None,
        path: Path | None = None,
        classifier_settings: Mapping[str, Any] | None = None,
    ) -> None:
        self.features = features
        self.coef, self.intercept = coef, intercept
        self.calibration, self.thresholds = calibration, thresholds
        self.metadata = dict(metadata) if metadata is not None else None
        self.path = path
        self.classifier_settings = dict(classifier_settings or {})

    def __repr__(self) -> str:
        name = (self.metadata or {}).get("name", "unsaved")
        return f"LinearTopics({name!r}, {self.features.width} features)"

    @property
    def tokenizer(self) -> Tokenizer:
        """The tokenizer the features were made with (the default one unless set)."""
        return self.features.tokenizer if self.features.tokenizer is not None else default_tokenizer()

    def rows(self, X: Iterable[object]) -> Rows:
        """The TF-IDF rows of articles (each tokenized once, or given as Documents)."""
        return self.features.rows(self.features.encode(as_documents(X, self.tokenizer)))

    def scores(self, rows: Rows) -> np.ndarray:
        """Raw linear scores of feature rows, (n, 4)."""
        return rows.dot(self.coef) + self.intercept

    def probabilities(self, scores: np.ndarray) -> np.ndarray:
        """Calibrated probabilities of raw scores, (n, 4)."""
        return sigmoid(scores * self.calibration[:, 0] + self.calibration[:, 1])

    def decision_function(self, X: Iterable[object]) -> np.ndarray:
        """Raw linear scores, (n, 4), one column per topic (positive leans towards the topic)."""
        return self.scores(self.rows(X))

    def predict_proba(self, X: Iterable[object]) -> np.ndarray:
        """Calibrated probability of each topic, (n, 4); rows need not sum to 1 (multi-label)."""
        return self.probabilities(self.decision_function(X))

    def predict(self, X: Iterable[object]) -> list[tuple[str, ...]]:
        """The label tuple of each article; ``("other",)`` when no topic reaches its threshold."""
        return [self.labels(row) for row in self.predict_proba(X)]

    def labels(self, probabilities: np.ndarray) -> tuple[str, ...]:
        """The topics whose probability reaches its threshold, or ``("other",)``."""
        chosen = tuple(topic for topic, p, t in zip(TOPICS, probabilities, self.thresholds) if p >= t)
        return chosen or (OTHER,)

    def topics(self, X: Iterable[object] | Sequence[Document]) -> list[Topics]:
        """Full results (labels, probabilities, explaining terms) for a batch of articles.

        Classification is vectorised over the batch; only the chosen topics' terms are
        ranked, and only when read.
        """
        rows = self.rows(X)
        probabilities = self.probabilities(self.scores(rows))
        results = []
        for i, row in enumerate(probabilities.tolist()):
            labels = self.labels(row)
            start, end = rows.indptr[i], rows.indptr[i + 1]
            results.append(
                Topics(
                    labels=labels,
                    probabilities=MappingProxyType(dict(zip(TOPICS, row))),
                    terms=_Terms(self, labels, rows.indices[start:end], rows.data[start:end]),
                )
            )
        return results

    def explain_terms(self, labels: Sequence[str], columns: np.ndarray, values: np.ndarray) -> dict[str, tuple[tuple[str, float], ...]]:
        """Per chosen topic, an article's features by contribution (TF-IDF value × coefficient)."""
        names = self.features.feature_names()
        terms = {}
        for label in labels:
            if label == OTHER:
                continue
            contribution = values * self.coef[TOPICS.index(label), columns]
            order = np.argsort(-contribution, kind="stable")[:EXPLAIN_TERMS]
            terms[label] = tuple(
                (feature_label(names[columns[k]]), float(contribution[k])) for k in order if contribution[k] > 0
            )
        return terms
