"""The topic classifier: one-vs-rest logistic regression over :class:`NewsFeaturizer` features.

An article carries every topic that is a substantial part of it, or none
(``("other",)``), so the four topics are four binary decisions
(one-vs-rest). Each is a logistic regression (scikit-learn, L2, liblinear), chosen over a
linear SVM and SGD by cross-validation and by the real development sets
(``benchmarks/RESULTS.md``): as accurate, and its scores are the log-odds that
calibration needs.

``fit`` is self-contained: it measures, by internal K-fold cross-validation on the
data it is given, how each label's out-of-fold scores map to probabilities
(Platt scaling: a one-dimensional logistic fit, Platt 1999) and how well each label can
be told apart (its best out-of-fold F1, F*). A label's threshold is F*/2: for calibrated
probabilities that is the threshold which maximises F1 (Lipton, Elkan and Naryanaswamy
2014). The threshold at which the out-of-fold F1 peaks is not used by default: on a
corpus this separable F1 is flat over wide ranges of thresholds, so its argmax is set by
one or two articles and moves far when a few articles are added, while F* barely moves
(``threshold_rule="best-f1"`` keeps the argmax; ``benchmarks/RESULTS.md`` compares the
two). The final models are then fitted on all the data. ``thresholds=`` sets the
thresholds instead (e.g. chosen on a development set).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from numbers import Real

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.utils.validation import check_is_fitted

from ..labels import TOPICS, check_label_set
from ..text.document import Document
from .features import NewsFeaturizer, as_csr
from .linear import LinearTopics, Topics, sigmoid as _sigmoid

__all__ = ["TopicClassifier", "Topics", "label_matrix", "macro_f1"]

#: Candidate probability thresholds searched by ``fit`` (ties go to the one nearest 0.5).
THRESHOLD_GRID = np.round(np.linspace(0.05, 0.95, 91), 2)
#: How ``fit`` turns a label's out-of-fold probabilities into its threshold.
THRESHOLD_RULES = ("half-f1", "best-f1")
#: The estimator's settings, as a saved model records them.
CLASSIFIER_SETTINGS = ("C", "class_weight", "threshold_rule", "cv", "random_state", "max_iter")


def label_matrix(y: Iterable[object]) -> np.ndarray:
    """Label sets as an (n, 4) 0/1 matrix over the four topics (``other`` is all zeros)."""
    rows = [check_label_set(labels, f"y[{i}]") for i, labels in enumerate(y)]
    return np.array([[topic in row for topic in TOPICS] for row in rows], dtype=np.int8).reshape(len(rows), len(TOPICS))


def macro_f1(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Mean F1 over the four topics (a topic with no article either way counts 1.0)."""
    scores = []
    for j in range(y_true.shape[1]):
        tp = int(np.sum((y_true[:, j] == 1) & (y_pred[:, j] == 1)))
        denominator = int(np.sum(y_true[:, j])) + int(np.sum(y_pred[:, j]))
        scores.append(1.0 if denominator == 0 else 2 * tp / denominator)
    return float(np.mean(scores))


def _f1_by_threshold(probabilities: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """F1 of each grid threshold on out-of-fold probabilities."""
    positives = truth == 1
    scores = np.zeros(len(THRESHOLD_GRID))
    for k, threshold in enumerate(THRESHOLD_GRID):
        predicted = probabilities >= threshold
        tp = int(np.sum(predicted & positives))
        denominator = int(np.sum(predicted)) + int(np.sum(positives))
        scores[k] = 2 * tp / denominator if denominator else 0.0
    return scores


def _best_threshold(probabilities: np.ndarray, truth: np.ndarray) -> float:
    """The grid threshold with the best F1 on out-of-fold probabilities; ties nearest 0.5."""
    best, best_key = 0.5, (-1.0, 0.0)
    for threshold, f1 in zip(THRESHOLD_GRID, _f1_by_threshold(probabilities, truth)):
        key = (round(float(f1), 12), -abs(float(threshold) - 0.5))
        if key > best_key:
            best, best_key = float(threshold), key
    return best


def _half_best_f1(probabilities: np.ndarray, truth: np.ndarray) -> float:
    """Half the best F1 over the grid: the F1-optimal threshold of calibrated probabilities.

    Lipton, Elkan and Naryanaswamy (2014): if p is the calibrated probability of the
    positive class, predicting positive when p >= F*/2 maximises F1, F* being the best F1
    attainable. It depends on how high the F1 curve peaks, not on where, so it stays put
    when the curve is flat (0.5 at most, less for a label that is hard to tell apart).
    """
    return round(float(_f1_by_threshold(probabilities, truth).max()) / 2, 4)


def _platt(scores: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    """Slope and intercept of p = sigmoid(a·s + b) fitted on out-of-fold scores."""
    if truth.min() == truth.max():
        return 1.0, 0.0
    fit = LogisticRegression(C=1e4, max_iter=1000).fit(scores.reshape(-1, 1), truth)
    return float(fit.coef_[0, 0]), float(fit.intercept_[0])


class TopicClassifier(ClassifierMixin, BaseEstimator):
    """Multi-label topic classifier for Chinese news (a scikit-learn estimator).

    Parameters
    ----------
    featurizer : NewsFeaturizer, optional
        The features; defaults to ``NewsFeaturizer()``. Nested settings are reachable
        as ``featurizer__<name>`` (``set_params``, ``GridSearchCV``).
    C : float, default 10.0
        Inverse L2 regularisation strength of each logistic regression.
    class_weight : None or "balanced", default None
        Weighting of positives against negatives per topic.
    thresholds : None, float, sequence of 4 floats, or mapping, default None
        Probability thresholds per topic. None: set by internal cross-validation in
        ``fit`` (see ``threshold_rule``). A float applies to every topic; a mapping sets
        some topics and leaves the others to the rule.
    threshold_rule : {"half-f1", "best-f1"}, default "half-f1"
        How ``fit`` sets a threshold from a topic's out-of-fold probabilities:
        "half-f1", half its best out-of-fold F1 (the F1-optimal threshold of calibrated
        probabilities, stable when the F1 curve is flat); "best-f1", the grid threshold
        at which its out-of-fold F1 peaks (ties nearest 0.5).
    cv : int, default 5
        Folds of the internal cross-validation (calibration and thresholds).
    random_state : int, default 0
        Seed of the fold assignment; with the same data and settings ``fit`` is
        deterministic.
    max_iter : int, default 2000
        Iteration cap of the logistic regression solver.

    Attributes
    ----------
    classes_ : ndarray of str
        The four topics, in label order.
    featurizer_ : NewsFeaturizer
        The fitted featurizer.
    coef_ : ndarray (4, n_features), intercept_ : ndarray (4,)
        The linear models.
    calibration_ : ndarray (4, 2)
        Platt slope and intercept of each topic.
    thresholds_ : ndarray (4,)
        The probability threshold of each topic.

    Examples
    --------
    >>> clf = TopicClassifier().fit(texts, labels)               # doctest: +SKIP
    >>> clf.predict(["派出所民警走进社区开展反诈宣传。"])            # doctest: +SKIP
    [('rule_of_law',)]
    """

    def __init__(
        self,
        featurizer: NewsFeaturizer | None = None,
        *,
        C: float = 10.0,
        class_weight: str | None = None,
        thresholds: float | Sequence[float] | Mapping[str, float] | None = None,
        threshold_rule: str = "half-f1",
        cv: int = 5,
        random_state: int = 0,
        max_iter: int = 2000,
    ) -> None:
        self.featurizer = featurizer
        self.C = C
        self.class_weight = class_weight
        self.thresholds = thresholds
        self.threshold_rule = threshold_rule
        self.cv = cv
        self.random_state = random_state
        self.max_iter = max_iter

    # -- settings ---------------------------------------------------------------
    def _validate(self) -> None:
        if self.featurizer is not None and not isinstance(self.featurizer, NewsFeaturizer):
            raise TypeError(f"featurizer must be a NewsFeaturizer, got {type(self.featurizer).__name__}")
        if isinstance(self.C, bool) or not isinstance(self.C, Real) or not self.C > 0:
            raise ValueError(f"C must be a positive number, got {self.C!r}")
        if self.class_weight not in (None, "balanced"):
            raise ValueError(f"class_weight must be None or 'balanced', got {self.class_weight!r}")
        if self.threshold_rule not in THRESHOLD_RULES:
            raise ValueError(f"threshold_rule must be one of {THRESHOLD_RULES}, got {self.threshold_rule!r}")
        if isinstance(self.cv, bool) or not isinstance(self.cv, int) or self.cv < 2:
            raise ValueError(f"cv must be an integer >= 2, got {self.cv!r}")
        self._given_thresholds()

    def _given_thresholds(self) -> dict[int, float]:
        """The thresholds set by the ``thresholds`` parameter, by topic index."""
        value = self.thresholds
        if value is None:
            return {}
        if isinstance(value, Mapping):
            unknown = sorted(set(value) - set(TOPICS))
            if unknown:
                raise ValueError(f"thresholds: unknown topic(s) {unknown}; topics are {list(TOPICS)}")
            given = {TOPICS.index(label): v for label, v in value.items()}
        elif isinstance(value, Real) and not isinstance(value, bool):
            given = dict.fromkeys(range(len(TOPICS)), value)
        elif isinstance(value, Sequence) and not isinstance(value, str) and len(value) == len(TOPICS):
            given = dict(enumerate(value))
        else:
            raise ValueError(f"thresholds must be None, a number, {len(TOPICS)} numbers or a mapping of topics, got {value!r}")
        for j, v in given.items():
            if isinstance(v, bool) or not isinstance(v, Real) or not 0 < v < 1:
                raise ValueError(f"thresholds: the threshold of {TOPICS[j]} must be in (0, 1), got {v!r}")
        return {j: float(v) for j, v in given.items()}

    def _linear(self) -> LogisticRegression:
        # liblinear: on these sparse, wide matrices five times faster than lbfgs for the
        # same coefficients (measured on the corpus); seeded, so fit stays deterministic.
        return LogisticRegression(
            C=self.C, class_weight=self.class_weight, max_iter=self.max_iter, solver="liblinear",
            random_state=self.random_state,
        )

    def _fit_linear(self, features: sp.csr_matrix, truth: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        coef = np.zeros((len(TOPICS), features.shape[1]))
        intercept = np.zeros(len(TOPICS))
        for j in range(len(TOPICS)):
            model = self._linear().fit(features, truth[:, j])
            coef[j], intercept[j] = model.coef_[0], model.intercept_[0]
        return coef, intercept

    # -- learning -------------------------------------------------------------------
    def fit(self, X: Iterable[object], y: Iterable[object]) -> "TopicClassifier":
        """Fit on articles and their label sets (tuples such as ``("safety",)`` or ``("other",)``).

        Raises
        ------
        ValueError
            For an unknown label, ``other`` with a topic, a length mismatch, a topic
            with no article (or no article without it), or fewer articles than folds.
        """
        self._validate()
        featurizer = clone(self.featurizer) if self.featurizer is not None else NewsFeaturizer()
        featurizer._validate()
        docs = featurizer.documents(X)
        truth = label_matrix(list(y))
        if len(docs) != len(truth):
            raise ValueError(f"X has {len(docs)} articles but y has {len(truth)} label sets")
        for j, topic in enumerate(TOPICS):
            positives = int(truth[:, j].sum())
            if positives == 0 or positives == len(truth):
                raise ValueError(f"y: topic {topic!r} needs articles with and without it (has {positives} of {len(truth)})")
        if len(docs) < self.cv:
            raise ValueError(f"fit needs at least cv={self.cv} articles, got {len(docs)}")
        index = featurizer._token_index(docs)
        tokens = list(index)
        encoded = featurizer._encode(docs, index)

        scores = np.zeros(truth.shape)
        folds = KFold(self.cv, shuffle=True, random_state=self.random_state)
        for train, held_out in folds.split(np.zeros(len(docs))):
            fold_featurizer = clone(featurizer)._fit_encoded([encoded[i] for i in train], tokens)
            coef, intercept = self._fit_linear(fold_featurizer._transform_encoded([encoded[i] for i in train]), truth[train])
            held = fold_featurizer._transform_encoded([encoded[i] for i in held_out])
            scores[held_out] = np.asarray(held @ coef.T) + intercept
        self.calibration_ = np.array([_platt(scores[:, j], truth[:, j]) for j in range(len(TOPICS))])
        probabilities = _sigmoid(scores * self.calibration_[:, 0] + self.calibration_[:, 1])
        given = self._given_thresholds()
        rule = _half_best_f1 if self.threshold_rule == "half-f1" else _best_threshold
        self.thresholds_ = np.array([given.get(j, rule(probabilities[:, j], truth[:, j])) for j in range(len(TOPICS))])
        self.oof_probabilities_ = probabilities

        self.featurizer_ = featurizer._fit_encoded(encoded, tokens)
        self.coef_, self.intercept_ = self._fit_linear(self.featurizer_._transform_encoded(encoded), truth)
        self.classes_ = np.array(TOPICS)
        return self

    # -- prediction -----------------------------------------------------------------
    def predictor(self) -> LinearTopics:
        """The fitted model as a :class:`~zhnews.topics.linear.LinearTopics` (no scikit-learn).

        Every prediction method below runs on it, as :func:`zhnews.classify` and batch do.
        """
        check_is_fitted(self, "coef_")
        return LinearTopics(
            self.featurizer_.space_(), self.coef_, self.intercept_, self.calibration_, self.thresholds_,
            metadata=getattr(self, "metadata_", None), path=getattr(self, "path_", None),
            classifier_settings={key: getattr(self, key) for key in CLASSIFIER_SETTINGS},
        )

    def transform_documents(self, X: Iterable[object]) -> sp.csr_matrix:
        """The feature rows of articles (each tokenized once, or given as Documents)."""
        return as_csr(self.predictor().rows(X))

    def decision_function(self, X: Iterable[object]) -> np.ndarray:
        """Raw linear scores, (n, 4), one column per topic (positive leans towards the topic)."""
        return self.predictor().decision_function(X)

    def predict_proba(self, X: Iterable[object]) -> np.ndarray:
        """Calibrated probability of each topic, (n, 4); rows need not sum to 1 (multi-label)."""
        return self.predictor().predict_proba(X)

    def predict(self, X: Iterable[object]) -> list[tuple[str, ...]]:
        """The label tuple of each article; ``("other",)`` when no topic reaches its threshold."""
        return self.predictor().predict(X)

    def topics(self, X: Iterable[object] | Sequence[Document]) -> list[Topics]:
        """Full results (labels, probabilities, explaining terms) for a batch of articles.

        Classification is vectorised over the batch; only the chosen topics' terms are
        ranked, and only when read.
        """
        return self.predictor().topics(X)

    def score(self, X: Iterable[object], y: Iterable[object], sample_weight: object = None) -> float:
        """Macro-F1 over the four topics (the default score of ``GridSearchCV``)."""
        predicted = label_matrix(self.predict(X))
        return macro_f1(label_matrix(list(y)), predicted)

    def __sklearn_tags__(self):  # type: ignore[no-untyped-def]
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.target_tags.multi_output = True
        return tags
