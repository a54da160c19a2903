"""Topic classification: features, the estimator, prediction, persistence and training.

Named ``topics`` rather than ``classify`` so that ``zhnews.classify`` stays the function.
The estimator's modules (``features``, ``model``) import scikit-learn; prediction
(``linear``, ``encoding``, ``persistence.read_model``) does not, so the names below are
loaded on first access (PEP 562).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names

if TYPE_CHECKING:  # pragma: no cover
    from .features import NewsFeaturizer
    from .linear import LinearTopics, Topics
    from .model import TopicClassifier

__getattr__, __dir__ = lazy_names(
    "zhnews.topics",
    {
        "LinearTopics": "zhnews.topics.linear",
        "NewsFeaturizer": "zhnews.topics.features",
        "TopicClassifier": "zhnews.topics.model",
        "Topics": "zhnews.topics.linear",
    },
    globals(),
)

__all__ = ["LinearTopics", "NewsFeaturizer", "TopicClassifier", "Topics"]
