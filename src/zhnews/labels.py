"""The topic labels of zhnews (the label spec, TOPICS.md), shared by every stage."""

from __future__ import annotations

__all__ = ["TOPICS", "OTHER", "LABELS", "check_label_set"]

#: The four topics, in the order of the label spec.
TOPICS: tuple[str, ...] = ("party_building", "rule_of_law", "civilization_campaign", "safety")
#: The label of an article that carries none of the topics; never combined with one.
OTHER = "other"
#: Every label name an article can carry.
LABELS: tuple[str, ...] = (*TOPICS, OTHER)


def check_label_set(labels: object, where: str = "labels") -> tuple[str, ...]:
    """Validate one article's labels and return them as a tuple in :data:`LABELS` order.

    Accepts a list, tuple or set of label names, or one name as a string. ``("other",)``
    stands for "none of the topics"; an empty set means the same and is returned as
    ``("other",)``.

    Raises
    ------
    ValueError
        For an unknown label, or ``other`` combined with a topic (the message says
        ``where``).
    TypeError
        When ``labels`` is not a string or a collection of strings.
    """
    if isinstance(labels, str):
        labels = (labels,)
    if not isinstance(labels, (list, tuple, set, frozenset)) or not all(isinstance(x, str) for x in labels):
        raise TypeError(f"{where}: expected a list of label names, got {labels!r}")
    unknown = sorted(set(labels) - set(LABELS))
    if unknown:
        raise ValueError(f"{where}: unknown label(s) {unknown}; known: {list(LABELS)}")
    chosen = set(labels)
    if OTHER in chosen and len(chosen) > 1:
        raise ValueError(f"{where}: 'other' cannot be combined with a topic: {sorted(chosen)}")
    topics = tuple(label for label in TOPICS if label in chosen)
    return topics or (OTHER,)
