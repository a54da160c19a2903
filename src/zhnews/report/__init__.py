"""The archive report: batch records in, counts per period and topic out, as data or one HTML page.

Stages, one module each: :mod:`~zhnews.report.records` reads the JSONL that
``zhnews batch`` writes; :mod:`~zhnews.report.aggregate` counts it (pure
Python); :mod:`~zhnews.report.charts` draws the chart with matplotlib (the
optional extra ``zhnews[report]``); :mod:`~zhnews.report.html` writes the page;
:func:`build_report` runs them all, as ``zhnews report`` does.

Examples
--------
>>> from zhnews.report import aggregate, read_records   # doctest: +SKIP
>>> agg = aggregate(read_records(["out.jsonl"]), by="quarter")   # doctest: +SKIP
>>> [(p.key, p.articles, p.shares["safety"]) for p in agg.periods]   # doctest: +SKIP
"""

from __future__ import annotations

from .aggregate import (
    PERIODS,
    UNDATED,
    Aggregate,
    ErrorGroup,
    FileInfo,
    Header,
    Keyword,
    ModelInfo,
    PeriodRow,
    TopArticle,
    TopicSummary,
    aggregate,
    normalise_reason,
)
from .build import build_report
from .html import render_html
from .records import (
    LABELS,
    OTHER,
    TOPICS,
    Record,
    parse_line,
    parse_record,
    read_records,
)

__all__ = [
    "LABELS",
    "OTHER",
    "PERIODS",
    "TOPICS",
    "UNDATED",
    "Aggregate",
    "ErrorGroup",
    "FileInfo",
    "Header",
    "Keyword",
    "ModelInfo",
    "PeriodRow",
    "Record",
    "TopArticle",
    "TopicSummary",
    "aggregate",
    "build_report",
    "normalise_reason",
    "parse_line",
    "parse_record",
    "read_records",
    "render_html",
]
