"""Topic classification: features, the estimator, persistence and training.

Named ``topics`` rather than ``classify`` so that ``zhnews.classify`` stays the function.
"""

from .features import NewsFeaturizer
from .model import TopicClassifier, Topics

__all__ = ["NewsFeaturizer", "TopicClassifier", "Topics"]
