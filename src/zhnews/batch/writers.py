"""Batch output: records to JSONL or CSV, crash-safe, resumable.

A run over an archive can take hours and be killed at any moment — by the user, the
out-of-memory killer, a lost SSH session. So the output is never written in place:

- records go to ``OUT.part`` (``out.jsonl.part``), appended a chunk at a time and
  flushed after each chunk, so that what the operating system holds is always whole
  records plus, at worst, one torn last line;
- when the run completes, the ``.part`` is synced to disk and renamed to ``OUT`` in one
  step (``os.replace``): an ``OUT`` that exists is complete;
- :func:`read_part` reads what a killed run left: the sources of its whole records (so
  that a resumed run writes none of them again) and where the torn tail begins (cut off,
  so that its article is redone).

JSONL holds one record (:mod:`zhnews.records`) a line and nothing else. CSV flattens a
record into :func:`csv_columns`: labels joined by ``;``, one ``p_<topic>`` column per
topic, keywords as ``word:score`` joined by ``;``, the model as ``model_name`` and
``model_version``; it is written as UTF-8 with a byte-order mark (which spreadsheet
programs need to read Chinese), ``\\r\\n`` line ends and quoting where needed
(RFC 4180), so a field may hold a line break.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import InputError
from ..labels import TOPICS

__all__ = ["FORMATS", "RecordWriter", "ResumeState", "csv_columns", "flatten", "format_of", "part_path", "read_part"]

#: Output formats.
FORMATS = ("jsonl", "csv")
_BOM = "\ufeff".encode("utf-8")


def csv_columns() -> tuple[str, ...]:
    """The CSV header: the record's fields with labels, probabilities and model flattened."""
    return (
        "source", "id", "title", "date", "labels", *(f"p_{t}" for t in TOPICS),
        "brief", "keywords", "model_name", "model_version", "status", "error",
    )


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def flatten(record: Mapping[str, Any]) -> list[str]:
    """One record as a CSV row (:func:`csv_columns`); absent values are empty cells.

    Examples
    --------
    >>> row = flatten({"source": "a.txt", "labels": ["safety", "rule_of_law"], "probabilities": {"safety": 0.9},
    ...                "keywords": [["消防", 0.12]], "model": {"name": "news-topics", "version": "1"}, "status": "ok"})
    >>> row[4], row[8], row[10], row[11]
    ('safety;rule_of_law', '0.9', '消防:0.12', 'news-topics')
    """
    probabilities = record.get("probabilities") or {}
    model = record.get("model") or {}
    labels = record.get("labels")
    keywords = record.get("keywords")
    return [
        _cell(record.get("source")),
        _cell(record.get("id")),
        _cell(record.get("title")),
        _cell(record.get("date")),
        "" if labels is None else ";".join(labels),
        *(_cell(probabilities.get(t)) for t in TOPICS),
        _cell(record.get("brief")),
        "" if keywords is None else ";".join(f"{w}:{s}" for w, s in keywords),
        _cell(model.get("name")),
        _cell(model.get("version")),
        _cell(record.get("status")),
        _cell(record.get("error")),
    ]


def format_of(path: str | os.PathLike[str], format: str | None = None) -> str:
    """The output format: the one given, else ``csv`` for a ``.csv`` name, else ``jsonl``."""
    if format is not None:
        if format not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {format!r}")
        return format
    return "csv" if os.fspath(path).lower().endswith(".csv") else "jsonl"


def part_path(output: str | os.PathLike[str]) -> Path:
    """Where a run writes until it completes: ``OUT`` + ``.part``."""
    path = Path(output)
    return path.with_name(path.name + ".part")


@dataclass(frozen=True, slots=True)
class ResumeState:
    """What a killed run left in its ``.part``.

    Attributes
    ----------
    done : frozenset of str
        The sources of the whole records kept (none of them is written again).
    last_source : str or None
        The source of the last whole record: the only item that may be half done
        (a page whose first articles were written).
    records, ok, errors : int
        Whole records kept, and of them how many are ``ok`` and ``error``.
    kept_bytes : int
        Length of the whole records; a torn tail after it is cut off.
    torn : bool
        Whether a torn last line (or row) was found and will be redone.
    """

    done: frozenset[str]
    last_source: str | None
    records: int
    ok: int
    errors: int
    kept_bytes: int
    torn: bool


def _jsonl_state(part: Path, data: bytes) -> ResumeState:
    done: set[str] = set()
    last = None
    ok = errors = records = 0
    kept = 0
    complete = data.split(b"\n")[:-1]  # what follows the last line end is a torn line (or nothing)
    for number, raw in enumerate(complete, 1):
        end = kept + len(raw) + 1
        if raw.strip():
            try:
                record = json.loads(raw)
                source, status = record["source"], record["status"]
            except (ValueError, KeyError, TypeError):
                if number == len(complete):
                    break  # a damaged last line is torn too: redo it
                raise InputError(str(part), f"line {number} is not a batch record; cannot resume (delete the .part to start over)") from None
            done.add(source)
            last = source
            records += 1
            ok += status == "ok"
            errors += status == "error"
        kept = end
    return ResumeState(frozenset(done), last, records, ok, errors, kept, torn=kept < len(data))


class _Lines:
    """Lines of a text with the offset reached, for a csv.reader (which reads on demand)."""

    def __init__(self, text: str) -> None:
        self._lines = iter(io.StringIO(text, newline=""))
        self.offset = 0
        self.last = ""

    def __iter__(self) -> "_Lines":
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.offset += len(line)
        self.last = line
        return line


def _csv_state(part: Path, data: bytes) -> ResumeState:
    text = data[len(_BOM):].decode("utf-8", errors="strict") if data.startswith(_BOM) else data.decode("utf-8")
    lines = _Lines(text)
    reader = csv.reader(lines)
    columns = list(csv_columns())
    source_at, status_at = columns.index("source"), columns.index("status")
    done: set[str] = set()
    last = None
    ok = errors = records = 0
    kept_chars = 0
    header = False
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error:  # end of data inside a quoted field: a torn last row
            break
        at_end = lines.offset == len(text)
        if at_end and (not lines.last.endswith("\n") or (header and len(row) != len(columns))):
            break  # the last row has no line end, or ends inside a quoted field: torn
        if not header:
            if row != columns:
                raise InputError(str(part), "is not CSV written by zhnews batch (its header differs); cannot resume")
            header = True
            kept_chars = lines.offset
            continue
        if len(row) != len(columns):
            raise InputError(str(part), f"row {records + 1} has {len(row)} cells, not {len(columns)}; cannot resume")
        done.add(row[source_at])
        last = row[source_at]
        records += 1
        ok += row[status_at] == "ok"
        errors += row[status_at] == "error"
        kept_chars = lines.offset
    if not header:
        return ResumeState(frozenset(), None, 0, 0, 0, 0, torn=bool(data))
    kept = len(text[:kept_chars].encode("utf-8")) + (len(_BOM) if data.startswith(_BOM) else 0)
    return ResumeState(frozenset(done), last, records, ok, errors, kept, torn=kept < len(data))


def read_part(part: str | os.PathLike[str], format: str) -> ResumeState:
    """Read a killed run's ``.part``: its whole records, and where its torn tail begins.

    Raises
    ------
    InputError
        The file cannot be read, or is damaged before its last line (not what a killed
        run leaves: something else wrote to it).
    """
    path = Path(part)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None
    try:
        return _csv_state(path, data) if format == "csv" else _jsonl_state(path, data)
    except UnicodeDecodeError:
        raise InputError(str(path), "is not UTF-8 text; cannot resume (delete the .part to start over)") from None


class RecordWriter:
    """Appends records to ``OUT.part`` a chunk at a time; :meth:`finish` renames it to ``OUT``.

    Parameters
    ----------
    output : path
        The final file.
    format : {"jsonl", "csv"}
        The output format.
    resume : ResumeState, optional
        Continue the ``.part`` a killed run left (its torn tail is cut off first);
        without it the ``.part`` is started afresh.

    Notes
    -----
    Used as a context manager, an exception leaves the ``.part`` in place (to resume),
    and a normal exit does *not* finish: only an explicit :meth:`finish` marks the run
    complete.
    """

    def __init__(self, output: str | os.PathLike[str], format: str, *, resume: ResumeState | None = None) -> None:
        if format not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {format!r}")
        self.output = Path(output)
        self.part = part_path(self.output)
        self.format = format
        folder = self.output.parent
        if not folder.is_dir():
            raise InputError(str(self.output), f"no such folder: {folder}")
        self._handle: BinaryIO
        if resume is not None:
            self._handle = open(self.part, "r+b")  # noqa: SIM115 - closed by finish/close
            self._handle.truncate(resume.kept_bytes)
            self._handle.seek(resume.kept_bytes)
            fresh = resume.kept_bytes == 0
        else:
            self._handle = open(self.part, "wb")  # noqa: SIM115
            fresh = True
        if fresh and format == "csv":
            self._write(_BOM + self._csv_text([list(csv_columns())]).encode("utf-8"))

    @staticmethod
    def _csv_text(rows: Iterable[Sequence[str]]) -> str:
        buffer = io.StringIO(newline="")
        csv.writer(buffer, lineterminator="\r\n").writerows(rows)
        return buffer.getvalue()

    def _write(self, data: bytes) -> None:
        self._handle.write(data)
        self._handle.flush()

    def write(self, records: Sequence[Mapping[str, Any]]) -> None:
        """Append records (one chunk) and flush them to the operating system."""
        if not records:
            return
        if self.format == "csv":
            text = self._csv_text(flatten(r) for r in records)
        else:
            text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        self._write(text.encode("utf-8"))

    def finish(self) -> Path:
        """Sync the ``.part`` to disk and rename it to the output: the run is complete."""
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()
        os.replace(self.part, self.output)
        return self.output

    def close(self) -> None:
        """Close without finishing (the ``.part`` stays, to resume)."""
        if not self._handle.closed:
            self._handle.close()

    def __enter__(self) -> "RecordWriter":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
