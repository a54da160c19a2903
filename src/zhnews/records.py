"""The output record of an analysed article, shared by ``zhnews analyze`` and ``zhnews batch``.

One plain JSON-ready dict per article, so that a single article and an archive of
twenty thousand give the same shape: ``source``, ``id``, ``title``, ``date``,
``labels``, ``probabilities``, ``brief``, ``keywords``, ``model`` and ``status: "ok"``;
or, for an input that could not be analysed, ``status: "error"`` with a one-line
``error`` and the fields that are known.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .labels import TOPICS
from .pipeline import Analysis
from .topics.linear import LinearTopics

if TYPE_CHECKING:  # pragma: no cover
    from .topics.model import TopicClassifier

__all__ = ["FIELDS", "error_record", "model_info", "ok_record"]

#: The fields of every record, in output order.
FIELDS: tuple[str, ...] = (
    "source", "id", "title", "date", "labels", "probabilities", "brief", "keywords", "model", "status", "error",
)
#: Decimals kept of probabilities and keyword scores (more says nothing and bloats archives).
DECIMALS = 4


def model_info(model: LinearTopics | TopicClassifier) -> dict[str, Any]:
    """Name and version of a loaded model (``unsaved`` for one fitted in this process)."""
    metadata = getattr(model, "metadata", None) or getattr(model, "metadata_", None) or {}
    return {"name": metadata.get("name", "unsaved"), "version": metadata.get("version")}


def ok_record(
    analysis: Analysis,
    *,
    source: str,
    id: str | None,
    title: str | None,
    date: str | None,
    model: dict[str, Any],
) -> dict[str, Any]:
    """The record of an analysed article."""
    return {
        "source": source,
        "id": id,
        "title": title,
        "date": date,
        "labels": list(analysis.topics.labels),
        "probabilities": {t: round(analysis.topics.probabilities[t], DECIMALS) for t in TOPICS},
        "brief": analysis.brief.text,
        "keywords": [[word, round(score, DECIMALS)] for word, score in analysis.keywords],
        "model": model,
        "status": "ok",
        "error": None,
    }


def error_record(
    error: str,
    *,
    source: str,
    id: str | None = None,
    title: str | None = None,
    date: str | None = None,
    model: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The record of an input that yielded no analysis; ``error`` is folded to one line."""
    return {
        "source": source,
        "id": id,
        "title": title,
        "date": date,
        "labels": None,
        "probabilities": None,
        "brief": None,
        "keywords": None,
        "model": model,
        "status": "error",
        "error": " ".join(str(error).split()) or "unknown error",
    }
