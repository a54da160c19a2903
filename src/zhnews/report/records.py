"""Batch records in: read the JSONL that ``zhnews batch`` writes, one typed record a line.

The report is the last stage of a long run, so this reader is strict where a
wrong answer would mislead and forgiving where batch output may vary:

* A missing or unreadable file, or a damaged gzip stream, raises
  :class:`~zhnews.errors.InputError`: records the reader never saw cannot be
  reported, so the report is refused rather than quietly incomplete.
* A line that is not JSON, not a JSON object, not UTF-8, has no ``status``, an
  unknown ``status``, or ``labels`` that are not a list of names becomes an
  *unreadable* record (``status == "unreadable"``) naming the file and line. It is
  neither dropped nor fatal: the report lists it with the error records, and
  :func:`~zhnews.report.aggregate` warns about it on the ``zhnews`` logger.
* Optional fields are taken as they come: a null or empty title, a missing
  brief, keywords as ``[word, score]`` pairs or ``{"word": …, "score": …}``
  objects, probabilities with missing topics, a missing model. A date that is not
  ``YYYY-MM-DD`` (a time may follow) is treated as unknown, as batch itself does
  with unreadable dates. An ``ok`` record with no labels is ``other``: an article
  that carries none of the four topics is ``other`` by definition.
* Blank lines are skipped (an editor's trailing newline is not a record).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import json
import math
import os
import re
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from ..errors import InputError

__all__ = [
    "LABELS",
    "LABEL_NAMES_ZH",
    "OTHER",
    "TOPICS",
    "Record",
    "parse_line",
    "parse_record",
    "read_records",
]

#: The four topics, in the order of TOPICS.md; ``other`` is the absence of all four.
TOPICS: tuple[str, ...] = ("party_building", "rule_of_law", "civilization_campaign", "safety")
OTHER = "other"
LABELS: tuple[str, ...] = TOPICS + (OTHER,)
#: Chinese names of the labels, for readers of the page (TOPICS.md).
LABEL_NAMES_ZH: Mapping[str, str] = {
    "party_building": "党建",
    "rule_of_law": "法治",
    "civilization_campaign": "文明创建",
    "safety": "安全",
    "other": "其他",
}

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:$|[T ])")
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class Record:
    """One batch record as the report sees it.

    Attributes
    ----------
    status : str
        ``"ok"``, ``"error"`` (batch could not analyse the article) or
        ``"unreadable"`` (the line itself could not be read; see the module doc).
    source : str
        The article's source as batch wrote it (``file#index``); for an
        unreadable line without one, ``FILE:LINE`` of the line.
    file, line : str or None, int or None
        Where the record was read (the JSONL file and its 1-based line), or
        None for records handed to :func:`parse_record` without a location.
    id, title, brief : str
        Empty strings when batch gave none.
    date : datetime.date or None
        The article's date; None when unknown.
    labels : tuple of str
        The article's labels (``("other",)`` when batch gave none); empty for
        error and unreadable records.
    probabilities : Mapping[str, float]
        Topic probabilities; topics batch did not give are absent.
    keywords : tuple of (str, float)
        The article's keywords with their scores, in batch's order.
    model_name, model_version : str or None
        The model that labelled the article.
    error : str or None
        The one-line reason of an error or unreadable record.
    """

    status: str
    source: str
    file: str | None = None
    line: int | None = None
    id: str = ""
    title: str = ""
    date: dt.date | None = None
    labels: tuple[str, ...] = ()
    probabilities: Mapping[str, float] = field(default_factory=dict)
    brief: str = ""
    keywords: tuple[tuple[str, float], ...] = ()
    model_name: str | None = None
    model_version: str | None = None
    error: str | None = None

    @property
    def location(self) -> str:
        """``FILE:LINE`` where the record was read, else its source."""
        if self.file is not None and self.line is not None:
            return f"{self.file}:{self.line}"
        return self.source


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0].strip() if text.strip() else ""


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    m = _DATE.match(value.strip())
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _keywords(value: Any) -> tuple[tuple[str, float], ...]:
    if not isinstance(value, list):
        return ()
    out: list[tuple[str, float]] = []
    for item in value:
        if isinstance(item, (list, tuple)) and len(item) == 2:
            word, score = item
        elif isinstance(item, Mapping):
            word, score = item.get("word"), item.get("score")
        elif isinstance(item, str):
            word, score = item, 1.0
        else:
            continue
        number = _number(score)
        if isinstance(word, str) and word.strip() and number is not None:
            out.append((word.strip(), number))
    return tuple(out)


def _probabilities(value: Any) -> dict[str, float]:
    if not isinstance(value, Mapping):
        return {}
    out = {}
    for label, p in value.items():
        number = _number(p)
        if isinstance(label, str) and number is not None:
            out[label] = number
    return out


def _unreadable(reason: str, *, file: str | None, line: int | None, source: Any = None) -> Record:
    where = f"{file}:{line}" if file is not None and line is not None else "<record>"
    src = source if isinstance(source, str) and source else where
    return Record(status="unreadable", source=src, file=file, line=line, error=reason)


def parse_record(obj: Any, *, file: str | None = None, line: int | None = None) -> Record:
    """Turn one decoded JSON value into a :class:`Record`; never raises for bad data.

    Parameters
    ----------
    obj : Any
        The decoded JSON value of one line (normally a dict).
    file, line : str or None, int or None
        Where it was read, for messages and the errors table.

    Returns
    -------
    Record
        An ``ok`` or ``error`` record, or an ``unreadable`` one saying what is
        wrong with ``obj`` (see the module doc for the rules).

    Examples
    --------
    >>> parse_record({"status": "ok", "source": "a.txt", "labels": ["safety"]}).labels
    ('safety',)
    >>> parse_record({"source": "a.txt"}).error
    'no "status" field'
    """
    if not isinstance(obj, Mapping):
        return _unreadable(f"not a JSON object (a JSON {type(obj).__name__})", file=file, line=line)
    status = obj.get("status")
    source = obj.get("source")
    if status is None:
        return _unreadable('no "status" field', file=file, line=line, source=source)
    if status not in ("ok", "error"):
        return _unreadable(f'unknown status {_text(status)[:40]!r} (expected "ok" or "error")', file=file, line=line, source=source)
    where = f"{file}:{line}" if file is not None and line is not None else "<record>"
    model = obj.get("model")
    model = model if isinstance(model, Mapping) else {}
    base = Record(
        status="ok",
        source=_text(source) or where,
        file=file,
        line=line,
        id=_text(obj.get("id")),
        title=_text(obj.get("title")).strip(),
        date=_date(obj.get("date")),
        model_name=_text(model.get("name")) or None,
        model_version=_text(model.get("version")) or None,
    )
    if status == "error":
        return dataclasses.replace(base, status="error", error=_first_line(_text(obj.get("error"))) or "(no reason given)")
    labels = obj.get("labels")
    if labels is None:
        labels = []
    if not isinstance(labels, list) or not all(isinstance(x, str) and x for x in labels):
        return _unreadable('"labels" is not a list of label names', file=file, line=line, source=source)
    return dataclasses.replace(
        base,
        labels=tuple(dict.fromkeys(labels)) or (OTHER,),
        probabilities=_probabilities(obj.get("probabilities")),
        brief=_text(obj.get("brief")).strip(),
        keywords=_keywords(obj.get("keywords")),
    )


def parse_line(raw: bytes | str, *, file: str | None = None, line: int | None = None) -> Record | None:
    """Parse one JSONL line; None for a blank line, an unreadable record for a bad one."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            return _unreadable(f"not UTF-8 (undecodable byte at offset {exc.start})", file=file, line=line)
    raw = raw.lstrip("\ufeff").strip()
    if not raw:
        return None
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        return _unreadable(f"not JSON ({exc.msg}: column {exc.colno})", file=file, line=line)
    except RecursionError:
        return _unreadable("not JSON (nested too deeply)", file=file, line=line)
    return parse_record(obj, file=file, line=line)


def _open(name: str) -> BinaryIO:
    fh: BinaryIO = open(name, "rb")  # noqa: SIM115 - returned to the caller
    if fh.read(2) == _GZIP_MAGIC:
        fh.close()
        return gzip.open(name, "rb")  # type: ignore[return-value]
    fh.seek(0)
    return fh


def read_records(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Record]:
    """Read batch output files (JSONL, or gzipped JSONL) as records, lazily, in file order.

    Gzip is recognised by its magic bytes, so ``OUT.jsonl.gz`` and a gzipped file
    with any other name both work.

    Parameters
    ----------
    paths : iterable of path-like
        The files, read one after the other.

    Yields
    ------
    Record
        One per non-blank line; see the module doc for bad lines.

    Raises
    ------
    InputError
        A file that does not exist, cannot be read, or is a damaged gzip stream
        (the records after the damage are lost, so no report is made).
    """
    for path in paths:
        name = os.fspath(path)
        try:
            with _open(name) as fh:
                for lineno, raw in enumerate(fh, 1):
                    record = parse_line(raw, file=name, line=lineno)
                    if record is not None:
                        yield record
        except FileNotFoundError:
            raise InputError(name, "no such file") from None
        except IsADirectoryError:
            raise InputError(name, "is a directory, not a file") from None
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
            raise InputError(name, f"damaged gzip file ({exc})") from None
        except OSError as exc:
            raise InputError(name, f"cannot read: {exc.strerror or exc}") from None
