"""Topic classification: features, the estimator, persistence and training."""

from .features import NewsFeaturizer
from .model import TopicClassifier, Topics

__all__ = ["NewsFeaturizer", "TopicClassifier", "Topics"]
