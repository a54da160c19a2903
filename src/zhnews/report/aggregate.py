"""Aggregate batch records into the plain tables behind the report (pure Python).

How articles are counted
------------------------
* An article counts once in the ``articles`` of its period and once under *each*
  of its labels: an article labelled ``party_building`` and ``rule_of_law`` adds
  1 to both counts. The sum of a period's label counts is therefore its number
  of *labelled mentions* (``mentions``), which is at least its number of articles.
* A label's ``share`` in a period is its count divided by the period's mentions,
  so the shares of a period add up to 1 (0 for an empty period) and stack to
  100 % in the chart: "of everything this period's articles were about, how much
  was safety". The share of *articles* that carry a label is ``counts[label] /
  articles`` and can be computed from the same row.
* Error and unreadable records are not articles: they have no labels. They are
  counted in the ``errors`` column of the period their date (if any) falls in,
  and grouped by reason in :attr:`Aggregate.errors`.

Periods
-------
``by="month"`` (``2020-08``), ``"quarter"`` (``2020-Q3``: Q1 is January–March),
``"year"`` (``2020``): every period from the first to the last date seen, in
order, including empty ones (a gap in an archive shows as a gap), then the
``undated`` period, which is always present, even when empty, so that articles
without a date are never dropped. ``by="source"``: one period per input file
(the JSONL a record was read from, in reading order; records given as plain
mappings without a file form the period ``(records)``), and no ``undated``.

Keywords per topic
------------------
A topic's keywords are ranked by class-based TF-IDF (c-TF-IDF, Grootendorst
2022, "BERTopic: Neural topic modeling with a class-based TF-IDF procedure"):
the articles of a label form one class; ``tf`` is the number of the class's
articles that list the word among their batch keywords (document frequency
rather than raw term counts, since batch gives only each article's top
keywords); the weight is ``tf * log(1 + A / f)`` with ``f`` the word's frequency
over all classes and ``A`` the average number of keyword occurrences per class.
Words every topic uses (工作, 开展) sink; words that set a topic apart rise.

Top articles per topic
----------------------
Among the ``ok`` articles that carry a topic, the five with the highest
probability for it (ties keep reading order). ``other`` has no probability, so
it gets keywords but no top articles.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import heapq
import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .records import LABELS, OTHER, Record, parse_record

__all__ = [
    "PERIODS",
    "UNDATED",
    "Aggregate",
    "ErrorGroup",
    "FileInfo",
    "Header",
    "Keyword",
    "ModelInfo",
    "PeriodRow",
    "TopArticle",
    "TopicSummary",
    "aggregate",
    "normalise_reason",
]

logger = logging.getLogger("zhnews")

#: The values of ``by``.
PERIODS: tuple[str, ...] = ("month", "quarter", "year", "source")
#: The key of the period of articles without a date.
UNDATED = "undated"
#: The period of records that were not read from a file (``by="source"``).
NO_FILE = "(records)"
#: How many example sources an error group keeps.
ERROR_EXAMPLES = 3


@dataclass(frozen=True, slots=True)
class PeriodRow:
    """The counts of one period (one bar of the chart, one row of the table).

    Attributes
    ----------
    key : str
        ``2020-08``, ``2020-Q3``, ``2020``, ``undated``, or an input file.
    articles : int
        ``ok`` articles in the period.
    mentions : int
        Sum of ``counts``: an article with two labels counts twice.
    counts : dict[str, int]
        Articles carrying each label (every label of the report, zeros included).
    shares : dict[str, float]
        ``counts[label] / mentions`` (all 0.0 when the period is empty).
    errors : int
        Error and unreadable records in the period.
    """

    key: str
    articles: int
    mentions: int
    counts: dict[str, int]
    shares: dict[str, float]
    errors: int


@dataclass(frozen=True, slots=True)
class Keyword:
    """A word that characterises a topic: c-TF-IDF weight and how many of its articles list it."""

    word: str
    weight: float
    articles: int


@dataclass(frozen=True, slots=True)
class TopArticle:
    """One of the articles with the highest probability for a topic."""

    title: str
    source: str
    id: str
    date: str | None
    probability: float | None
    labels: tuple[str, ...]
    brief: str


@dataclass(frozen=True, slots=True)
class TopicSummary:
    """What one label's articles were about: keywords and the most typical articles."""

    label: str
    articles: int
    keywords: tuple[Keyword, ...]
    top_articles: tuple[TopArticle, ...]


@dataclass(frozen=True, slots=True)
class ErrorGroup:
    """Error records sharing one normalised reason.

    Attributes
    ----------
    reason : str
        The reason with paths and numbers replaced (see :func:`normalise_reason`);
        unreadable lines read ``unreadable line: …``.
    count : int
        Records with this reason.
    examples : tuple of str
        The first few sources (``FILE:LINE`` for unreadable lines).
    example_error : str
        The first record's full error text.
    """

    reason: str
    count: int
    examples: tuple[str, ...]
    example_error: str


@dataclass(frozen=True, slots=True)
class FileInfo:
    """An input file and the number of records read from it."""

    name: str
    records: int


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """A model that labelled articles of the archive, and how many."""

    name: str
    version: str
    articles: int


@dataclass(frozen=True, slots=True)
class Header:
    """What was analysed: files, record counts, dates and models."""

    files: tuple[FileInfo, ...]
    records: int
    articles: int
    errors: int
    unreadable: int
    first_date: str | None
    last_date: str | None
    undated: int
    models: tuple[ModelInfo, ...]


@dataclass(frozen=True, slots=True)
class Aggregate:
    """The aggregated archive: everything the report page shows, as plain data.

    Attributes
    ----------
    by : str
        How periods were formed (one of :data:`PERIODS`).
    labels : tuple of str
        The labels in report order: the four topics, ``other``, then any other
        label batch wrote, alphabetically.
    periods : tuple of PeriodRow
        In order (see the module doc).
    totals : PeriodRow
        The same counts over the whole archive (key ``total``).
    topics : tuple of TopicSummary
        One per label, in ``labels`` order.
    errors : tuple of ErrorGroup
        By count, largest first.
    header : Header
    """

    by: str
    labels: tuple[str, ...]
    periods: tuple[PeriodRow, ...]
    totals: PeriodRow
    topics: tuple[TopicSummary, ...]
    errors: tuple[ErrorGroup, ...]
    header: Header

    def to_dict(self) -> dict[str, Any]:
        """The aggregate as nested dicts and lists, ready for ``json.dumps``."""
        return dataclasses.asdict(self)


_PATH = re.compile(r"""(?:[A-Za-z]:)?(?:[^\s'"():;,]*[/\\])+[^\s'"():;,]*|[^\s'"():;,/\\]+\.(?:txt|jsonl|json|gz|csv|html?)\b""")
_HEX = re.compile(r"\b0x[0-9A-Fa-f]+\b")
_NUMBER = re.compile(r"(?<![A-Za-z0-9_-])\d+(?:\.\d+)?(?![A-Za-z0-9_])")
_SPACE = re.compile(r"\s+")


def normalise_reason(error: str, source: str = "") -> str:
    """The reason of an error with what differs between records taken out.

    Error texts name their file and carry offsets (``a/b.txt: neither UTF-8 nor
    GB18030 (undecodable byte at offset 1234)``); to group records by *why* they
    failed, the leading source is removed, paths become ``<path>``, hexadecimal
    numbers ``0xN`` and other numbers ``N``.

    Examples
    --------
    >>> normalise_reason("p/2020/a.txt: neither UTF-8 nor GB18030 (undecodable byte at offset 17)", "p/2020/a.txt#1")
    'neither UTF-8 nor GB18030 (undecodable byte at offset N)'
    """
    text = error.strip()
    for prefix in {source, source.split("#", 1)[0]} - {""}:
        if text.startswith(prefix + ":"):
            text = text[len(prefix) + 1 :]
            break
    text = _PATH.sub("<path>", text)
    text = _HEX.sub("0xN", text)
    text = _NUMBER.sub("N", text)
    text = _SPACE.sub(" ", text).strip(" :")
    return text or "(no reason given)"


def _period_key(date: dt.date, by: str) -> tuple[int, int]:
    if by == "month":
        return (date.year, date.month)
    if by == "quarter":
        return (date.year, (date.month - 1) // 3 + 1)
    return (date.year, 0)


def _period_name(key: tuple[int, int], by: str) -> str:
    year, part = key
    if by == "month":
        return f"{year:04d}-{part:02d}"
    if by == "quarter":
        return f"{year:04d}-Q{part}"
    return f"{year:04d}"


def _period_range(first: tuple[int, int], last: tuple[int, int], by: str) -> list[tuple[int, int]]:
    per_year = {"month": 12, "quarter": 4}.get(by)
    if per_year is None:
        return [(y, 0) for y in range(first[0], last[0] + 1)]
    out = []
    year, part = first
    while (year, part) <= last:
        out.append((year, part))
        part += 1
        if part > per_year:
            year, part = year + 1, 1
    return out


def _row(key: str, articles: int, counts: Counter[str], errors: int, labels: tuple[str, ...]) -> PeriodRow:
    full = {label: counts.get(label, 0) for label in labels}
    mentions = sum(full.values())
    shares = {label: (n / mentions if mentions else 0.0) for label, n in full.items()}
    return PeriodRow(key=key, articles=articles, mentions=mentions, counts=full, shares=shares, errors=errors)


def _keywords(per_label: dict[str, Counter[str]], weights: Mapping[str, Mapping[str, float]], top: int) -> dict[str, tuple[Keyword, ...]]:
    overall: Counter[str] = Counter()
    for counter in per_label.values():
        overall.update(counter)
    classes = [sum(c.values()) for c in per_label.values() if c]
    average = sum(classes) / len(classes) if classes else 0.0
    out = {}
    for label, counter in per_label.items():
        scored = [(tf * math.log(1.0 + average / overall[word]), word, tf) for word, tf in counter.items()]
        summed = weights.get(label, {})
        best = heapq.nsmallest(top, scored, key=lambda t: (-t[0], -summed.get(t[1], 0.0), t[1]))
        out[label] = tuple(Keyword(word=w, weight=round(weight, 6), articles=tf) for weight, w, tf in best)
    return out


def aggregate(
    records: Iterable[Record | Mapping[str, Any]],
    *,
    by: str = "month",
    top_keywords: int = 10,
    top_articles: int = 5,
) -> Aggregate:
    """Count an archive's batch records by period and label, and gather what the page shows.

    Parameters
    ----------
    records : iterable of Record or mapping
        Records from :func:`~zhnews.report.read_records`, or decoded batch JSON
        objects (read with :func:`~zhnews.report.parse_record`). Consumed once.
    by : {"month", "quarter", "year", "source"}
        How to form periods (see the module doc).
    top_keywords : int
        Keywords kept per label.
    top_articles : int
        Articles kept per topic.

    Returns
    -------
    Aggregate
        Periods, totals, per-label summaries, error groups and header.

    Raises
    ------
    ValueError
        ``by`` is not one of :data:`PERIODS`, or a count is below 1.

    Examples
    --------
    >>> agg = aggregate([
    ...     {"status": "ok", "source": "a#1", "date": "2020-08-28", "labels": ["safety", "rule_of_law"]},
    ...     {"status": "ok", "source": "a#2", "date": None, "labels": ["other"]},
    ... ])
    >>> [(p.key, p.articles, p.mentions) for p in agg.periods]
    [('2020-08', 1, 2), ('undated', 1, 1)]
    """
    if by not in PERIODS:
        raise ValueError(f"by must be one of {', '.join(PERIODS)}; got {by!r}")
    for name, value in (("top_keywords", top_keywords), ("top_articles", top_articles)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a positive integer; got {value!r}")

    time_based = by != "source"
    files: dict[str, int] = {}
    period_articles: Counter[Any] = Counter()
    period_counts: dict[Any, Counter[str]] = defaultdict(Counter)
    period_errors: Counter[Any] = Counter()
    label_seen: set[str] = set()
    kw_tf: dict[str, Counter[str]] = defaultdict(Counter)
    kw_weight: dict[str, defaultdict[str, float]] = defaultdict(lambda: defaultdict(float))
    tops: dict[str, list[tuple[float, int, Record]]] = defaultdict(list)
    groups: dict[str, list[Any]] = {}
    models: Counter[tuple[str, str]] = Counter()
    n_records = n_articles = n_errors = n_unreadable = n_undated = 0
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    first_unreadable: Record | None = None

    for seq, item in enumerate(records):
        record = item if isinstance(item, Record) else parse_record(item)
        n_records += 1
        if record.file is not None:
            files[record.file] = files.get(record.file, 0) + 1
        if time_based:
            period: Any = _period_key(record.date, by) if record.date is not None else UNDATED
        else:
            period = record.file if record.file is not None else NO_FILE
        if record.status != "ok":
            if record.status == "unreadable":
                n_unreadable += 1
                first_unreadable = first_unreadable or record
                reason = "unreadable line: " + normalise_reason(record.error or "")
                example = record.location
            else:
                n_errors += 1
                reason = normalise_reason(record.error or "", record.source)
                example = record.source
            period_errors[period] += 1
            group = groups.get(reason)
            if group is None:
                groups[reason] = [1, [example], record.error or ""]
            else:
                group[0] += 1
                if len(group[1]) < ERROR_EXAMPLES:
                    group[1].append(example)
            continue

        n_articles += 1
        period_articles[period] += 1
        counts = period_counts[period]
        for label in record.labels:
            counts[label] += 1
        label_seen.update(record.labels)
        if record.date is None:
            n_undated += 1
        else:
            first_date = record.date if first_date is None or record.date < first_date else first_date
            last_date = record.date if last_date is None or record.date > last_date else last_date
        models[(record.model_name or "unknown", record.model_version or "unknown")] += 1
        words = {w for w, _ in record.keywords}
        for label in record.labels:
            kw_tf[label].update(words)
            weights = kw_weight[label]
            for word, score in record.keywords:
                weights[word] += score
            if label != OTHER:
                p = record.probabilities.get(label, -math.inf)
                heap = tops[label]
                entry = (p, -seq, record)
                if len(heap) < top_articles:
                    heapq.heappush(heap, entry)
                elif entry[:2] > heap[0][:2]:
                    heapq.heapreplace(heap, entry)

    if first_unreadable is not None:
        logger.warning(
            "%d unreadable record(s); the first: %s: %s", n_unreadable, first_unreadable.location, first_unreadable.error
        )

    labels = LABELS + tuple(sorted(label_seen - set(LABELS)))

    keys: list[Any]
    if time_based:
        dated = [k for k in list(period_articles) + list(period_errors) if k != UNDATED]
        keys = [*(_period_range(min(dated), max(dated), by) if dated else []), UNDATED]
        names = [_period_name(k, by) if k != UNDATED else UNDATED for k in keys]
    else:
        keys = list(files) + ([NO_FILE] if NO_FILE in period_articles or NO_FILE in period_errors else [])
        names = list(keys)
    periods = tuple(
        _row(name, period_articles[k], period_counts.get(k, Counter()), period_errors[k], labels) for k, name in zip(keys, names)
    )
    total_counts: Counter[str] = Counter()
    for counter in period_counts.values():
        total_counts.update(counter)
    totals = _row("total", n_articles, total_counts, n_errors + n_unreadable, labels)

    keywords = _keywords({label: kw_tf.get(label, Counter()) for label in labels}, kw_weight, top_keywords)
    topics = []
    for label in labels:
        best = sorted(tops.get(label, []), key=lambda e: (e[0], e[1]), reverse=True)
        topics.append(
            TopicSummary(
                label=label,
                articles=total_counts.get(label, 0),
                keywords=keywords[label],
                top_articles=tuple(
                    TopArticle(
                        title=r.title,
                        source=r.source,
                        id=r.id,
                        date=r.date.isoformat() if r.date else None,
                        probability=None if p == -math.inf else p,
                        labels=r.labels,
                        brief=r.brief,
                    )
                    for p, _, r in best
                ),
            )
        )

    errors = tuple(
        ErrorGroup(reason=reason, count=count, examples=tuple(examples), example_error=example_error)
        for reason, (count, examples, example_error) in sorted(groups.items(), key=lambda kv: (-kv[1][0], kv[0]))
    )
    header = Header(
        files=tuple(FileInfo(name, n) for name, n in files.items()),
        records=n_records,
        articles=n_articles,
        errors=n_errors,
        unreadable=n_unreadable,
        first_date=first_date.isoformat() if first_date else None,
        last_date=last_date.isoformat() if last_date else None,
        undated=n_undated,
        models=tuple(ModelInfo(name, version, n) for (name, version), n in models.most_common()),
    )
    return Aggregate(by=by, labels=labels, periods=periods, totals=totals, topics=tuple(topics), errors=errors, header=header)
