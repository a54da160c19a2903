"""Small fitted classifiers shared by the classify tests (fitted once per session)."""

from __future__ import annotations

import pytest

from zhnews.topics import NewsFeaturizer, TopicClassifier
from zhnews.corpus import load_corpus


@pytest.fixture(scope="session")
def corpus():
    return load_corpus()


@pytest.fixture(scope="session")
def small_set(corpus):
    """240 corpus articles (every 4th), as (title, text) pairs and label tuples."""
    articles = corpus[::4][:240]
    return [(a.title, a.text) for a in articles], [a.labels for a in articles]


@pytest.fixture(scope="session")
def small_model(small_set):
    """A classifier fitted on the small set with 3 internal folds."""
    X, y = small_set
    return TopicClassifier(NewsFeaturizer(), cv=3).fit(X, y)
