"""Files in, page out: the whole report in one call, as ``zhnews report`` runs it."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..errors import InputError
from .aggregate import Aggregate, aggregate
from .charts import chart_svg, require_matplotlib
from .html import render_html
from .records import read_records

__all__ = ["build_report", "write_text_atomic"]


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` through a temporary file in the same folder.

    A report that fails half way (a full disk, an interrupt) leaves the previous
    file, or none, never a truncated page.

    Raises
    ------
    InputError
        The folder does not exist or cannot be written.
    """
    name = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(name))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".zhnews-report-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(name, f"cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, name)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(name, f"cannot write: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build_report(
    inputs: Iterable[str | os.PathLike[str]],
    output: str | os.PathLike[str],
    *,
    by: str = "month",
    generated: dt.datetime | None = None,
    font: str | os.PathLike[str] | None = "auto",
) -> Aggregate:
    """Read batch output files, aggregate them and write the HTML report.

    Parameters
    ----------
    inputs : iterable of path-like
        JSONL files written by ``zhnews batch`` (gzipped or not).
    output : path-like
        The HTML file to write (replaced atomically).
    by : {"month", "quarter", "year", "source"}
        How to form periods; see :mod:`zhnews.report.aggregate`.
    generated : datetime or None
        The time shown in the header; now (UTC) by default.
    font : path-like, "auto" or None
        The chart's font; see :func:`~zhnews.report.charts.chart_svg`.

    Returns
    -------
    Aggregate
        What the page shows, e.g. to report the number of unreadable lines.

    Raises
    ------
    MissingExtraError
        matplotlib (``zhnews[report]``) is missing; checked before any reading.
    InputError
        An input cannot be read, or the output cannot be written.
    ValueError
        ``by`` is not a known period.
    """
    require_matplotlib()
    agg = aggregate(read_records(inputs), by=by)
    chart = chart_svg(agg, font=font, title=f"Topic shares by {by}")
    write_text_atomic(output, render_html(agg, chart, generated=generated))
    return agg
