"""classify() and analyze(): the classifier and the summarizer over one tokenization.

``classify/`` and ``summarize/`` do not know each other; they meet here. An article
is read into one :class:`~zhnews.Document` — split into sentences and segmented by
the model's tokenizer once — and the topic classifier, the brief and the keywords
all read that Document.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Union

from .topics.linear import LinearTopics, Topics
from .topics.persistence import read_model
from .summarize import Brief
from .summarize.keywords import keywords_documents
from .summarize.textrank import summarize_documents
from .text.document import Document
from .text.tokenize import Tokenizer

__all__ = ["Analysis", "analyze", "analyze_documents", "classify", "resolve_model"]

if TYPE_CHECKING:  # pragma: no cover
    from .topics.model import TopicClassifier

ModelLike = Union["TopicClassifier", LinearTopics, str, "os.PathLike[str]", None]


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything zhnews says about one article.

    Attributes
    ----------
    topics : Topics
        Labels, probabilities and the terms behind them.
    brief : Brief
        The extractive brief.
    keywords : tuple of (str, float)
        The article's keywords by TextRank, best first.
    """

    topics: Topics
    brief: Brief
    keywords: tuple[tuple[str, float], ...]


@lru_cache(maxsize=1)
def _default_model() -> LinearTopics:
    """The shipped model, read once per process (shared by classify and analyze)."""
    return read_model()


@lru_cache(maxsize=8)
def _model_at(path: str) -> LinearTopics:
    return read_model(path)


def resolve_model(model: ModelLike) -> LinearTopics:
    """The model to predict with: the given one, the model at a path, or the shipped default.

    A :class:`~zhnews.TopicClassifier` is used through its
    :meth:`~zhnews.TopicClassifier.predictor`; a path or the default is read with
    :func:`~zhnews.topics.persistence.read_model`, which imports no scikit-learn.
    """
    if model is None:
        return _default_model()
    if isinstance(model, LinearTopics):
        return model
    if isinstance(model, (str, os.PathLike)):
        return _model_at(os.path.abspath(os.fspath(model)))
    estimators = sys.modules.get("zhnews.topics.model")  # a TopicClassifier means it is imported
    if estimators is not None and isinstance(model, estimators.TopicClassifier):
        return model.predictor()
    raise TypeError(f"model must be a TopicClassifier, a model folder path or None, not {type(model).__name__}")


def model_tokenizer(model: ModelLike) -> Tokenizer:
    """The tokenizer a model's features were made with (the default one unless set)."""
    return resolve_model(model).tokenizer


def _document(text: str | Document, title: str | None, tokenizer: Tokenizer) -> Document:
    if isinstance(text, Document):
        if title is not None and title != text.title:
            return Document.from_text(text.text, title=title, tokenizer=tokenizer)
        return text
    if not isinstance(text, str):
        raise TypeError(f"expected the article text as a str or Document, not {type(text).__name__}")
    return Document.from_text(text, title=title, tokenizer=tokenizer)


def classify(text: str | Document, *, title: str | None = None, model: ModelLike = None) -> Topics:
    """Tag an article by the topics of the label spec.

    Parameters
    ----------
    text : str or Document
        The article body (or a Document already tokenized).
    title : str, optional
        The headline: a feature of its own.
    model : TopicClassifier, path or None
        The classifier; None is the shipped default model.

    Returns
    -------
    Topics
        ``labels`` (``("other",)`` when no topic fires), ``probabilities`` and ``explain()``.

    Examples
    --------
    >>> classify("派出所民警走进社区开展反诈宣传，提醒居民谨防电信诈骗。").labels  # doctest: +SKIP
    ('rule_of_law',)
    """
    classifier = resolve_model(model)
    return classifier.topics([_document(text, title, model_tokenizer(classifier))])[0]


def analyze(
    text: str | Document,
    *,
    title: str | None = None,
    model: ModelLike = None,
    max_sentences: int = 2,
    max_chars: int | None = None,
    top_k: int = 10,
) -> Analysis:
    """Topics, brief and keywords of an article, from one tokenization.

    Parameters
    ----------
    text : str or Document
        The article body.
    title : str, optional
        The headline (a classifier feature and the summarizer's query bias).
    model : TopicClassifier, path or None
        The classifier; None is the shipped default model.
    max_sentences, max_chars :
        Passed to :func:`zhnews.summarize`.
    top_k : int
        How many keywords.

    Examples
    --------
    >>> a = analyze("本报讯 3月2日，星湖社区开展消防演练。200名居民参加。")  # doctest: +SKIP
    >>> a.topics.labels, a.brief.text                                          # doctest: +SKIP
    (('safety',), '3月2日，星湖社区开展消防演练。200名居民参加。')
    """
    classifier = resolve_model(model)
    doc = _document(text, title, model_tokenizer(classifier))
    return analyze_documents([doc], model=classifier, max_sentences=max_sentences, max_chars=max_chars, top_k=top_k)[0]


def analyze_documents(
    docs: Sequence[Document],
    *,
    model: ModelLike = None,
    max_sentences: int = 2,
    max_chars: int | None = None,
    top_k: int = 10,
) -> list[Analysis]:
    """Analyses of Documents already tokenized, classified together (one matrix product).

    The batch engine calls this per chunk of articles: the chunk is classified with one
    matrix product, and its sentence and word graphs are ranked together
    (:func:`~zhnews.summarize.textrank.summarize_documents`,
    :func:`~zhnews.summarize.keywords.keywords_documents`); each article's analysis is
    the one it gets alone. The Documents must have been made with the model's
    tokenizer (:func:`model_tokenizer`).
    """
    classifier = resolve_model(model)
    if not docs:
        return []
    topics = classifier.topics(docs)
    briefs = summarize_documents(docs, max_sentences=max_sentences, max_chars=max_chars)
    words = keywords_documents(docs, top_k=top_k)
    return [Analysis(topics=t, brief=b, keywords=tuple(k)) for t, b, k in zip(topics, briefs, words)]


def documents(items: Iterable[tuple[str | None, str]], model: ModelLike = None) -> list[Document]:
    """(title, text) pairs as Documents made with the model's tokenizer."""
    tokenizer = model_tokenizer(resolve_model(model))
    return [Document.from_text(text, title=title or None, tokenizer=tokenizer) for title, text in items]
