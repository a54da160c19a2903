"""Scoring a page split against its gold split: shared by the tests and benchmarks/pages.py.

- **Articles found**: predicted and gold articles are aligned one to one, best
  first, by the character F1 of title + text; a pair needs at least 0.5.
  Precision is aligned / predicted, recall aligned / gold.
- **Titles**: precision and recall of the exact non-empty titles (as multisets).
- **Exact title match**: aligned pairs whose titles are equal, over gold articles.
- **Body F1**: per gold article, the character F1 of the aligned article's text
  against the gold text (0 when none is aligned), where matched characters are
  those of ``difflib.SequenceMatcher``'s matching blocks (an alignment, so that
  a misplaced piece counts only once).
- **Caption attachment**: gold photo items with a headline whose aligned item is
  a photo with that headline.
- **Reading-order errors**: adjacent gold paragraphs that appear in the aligned
  text in the opposite order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

__all__ = ["PageScore", "char_f1", "score_split", "combine"]


def char_f1(predicted: str, gold: str) -> float:
    """Character F1 of two strings after alignment (1.0 for two empty strings)."""
    if not predicted and not gold:
        return 1.0
    if not predicted or not gold:
        return 0.0
    matched = sum(b.size for b in SequenceMatcher(None, predicted, gold, autojunk=False).get_matching_blocks())
    return 2 * matched / (len(predicted) + len(gold))


@dataclass(frozen=True)
class PageScore:
    """Counts of one page (or several, see :func:`combine`)."""

    predicted: int
    gold: int
    aligned: int
    titles_predicted: int
    titles_gold: int
    titles_right: int
    exact_titles: int
    body_f1: tuple[float, ...]
    photos: int
    photos_attached: int
    order_errors: int
    labels_as_articles: int
    repeats: int
    repeats_dropped: int

    @property
    def precision(self) -> float:
        return self.aligned / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.aligned / self.gold if self.gold else 1.0

    @property
    def title_precision(self) -> float:
        return self.titles_right / self.titles_predicted if self.titles_predicted else 1.0

    @property
    def title_recall(self) -> float:
        return self.titles_right / self.titles_gold if self.titles_gold else 1.0

    @property
    def exact_title_rate(self) -> float:
        return self.exact_titles / self.gold if self.gold else 1.0

    @property
    def mean_body_f1(self) -> float:
        return sum(self.body_f1) / len(self.body_f1) if self.body_f1 else 1.0

    @property
    def caption_rate(self) -> float:
        return self.photos_attached / self.photos if self.photos else 1.0


def _order_errors(predicted: str, gold: str) -> int:
    positions = [predicted.find(p) for p in gold.split("\n") if p]
    positions = [p for p in positions if p >= 0]
    return sum(1 for a, b in zip(positions, positions[1:]) if b < a)


def score_split(
    predicted: Sequence[Mapping[str, Any]],
    gold: Sequence[Mapping[str, Any]],
    *,
    labels: Iterable[str] = (),
    repeats: Iterable[str] = (),
    dropped: Iterable[str] = (),
) -> PageScore:
    """Score one page's predicted articles (``as_dict()`` records) against its gold."""
    pairs = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            f = char_f1(p["title"] + "\n" + p["text"], g["title"] + "\n" + g["text"])
            if f >= 0.5:
                pairs.append((-f, i, j))
    pairs.sort()
    match: dict[int, int] = {}
    used: set[int] = set()
    for _, i, j in pairs:
        if j not in match and i not in used:
            match[j] = i
            used.add(i)
    pt = Counter(p["title"] for p in predicted if p["title"])
    gt = Counter(g["title"] for g in gold if g["title"])
    body = tuple(char_f1(predicted[match[j]]["text"], g["text"]) if j in match else 0.0 for j, g in enumerate(gold))
    photos = [j for j, g in enumerate(gold) if g["kind"] == "photo" and g["title"]]
    attached = sum(
        1 for j in photos if j in match and predicted[match[j]]["kind"] == "photo" and predicted[match[j]]["title"] == gold[j]["title"]
    )
    label_set = set(labels)
    dropped_text = list(dropped)
    repeat_list = list(repeats)
    return PageScore(
        predicted=len(predicted),
        gold=len(gold),
        aligned=len(match),
        titles_predicted=sum(pt.values()),
        titles_gold=sum(gt.values()),
        titles_right=sum((pt & gt).values()),
        exact_titles=sum(1 for j, i in match.items() if predicted[i]["title"] == gold[j]["title"]),
        body_f1=body,
        photos=len(photos),
        photos_attached=attached,
        order_errors=sum(_order_errors(predicted[i]["text"], gold[j]["text"]) for j, i in match.items()),
        labels_as_articles=sum(1 for p in predicted if p["title"] in label_set),
        repeats=len(repeat_list),
        repeats_dropped=sum(1 for r in repeat_list if r in dropped_text),
    )


def combine(scores: Sequence[PageScore]) -> PageScore:
    """Pool the counts of several pages (micro-averages; body F1 over all articles)."""
    ints = {
        name: sum(getattr(s, name) for s in scores)
        for name in PageScore.__dataclass_fields__
        if name != "body_f1"
    }
    return PageScore(body_f1=tuple(f for s in scores for f in s.body_f1), **ints)
