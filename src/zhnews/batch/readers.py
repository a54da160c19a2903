"""Batch inputs: files, folders and globs in; one work item per article file or JSONL line out.

An archive is listed once, up front (:func:`list_inputs`), so that a run knows how many
files it has to read and a resumed run lists the same files in the same order. Listing
turns what the user typed into :class:`InputFile` entries:

- a file is taken whatever its name (``.txt`` or ``.txt.gz``: one article, or one page
  with ``pages=True``; ``.jsonl`` or ``.jsonl.gz``: one article per line);
- a folder is walked recursively in sorted order, keeping only ``.txt``, ``.jsonl`` and
  their ``.gz`` (an archive folder also holds images and PDFs);
- a pattern with ``*``, ``?`` or ``[`` is a glob (``**`` recursive), its matches sorted;
- a path given twice, or reached by two inputs, is read once.

A missing input or a glob that matches nothing is refused at once
(:class:`~zhnews.errors.InputError`): that is a typo, not a damaged archive.

:func:`iter_tasks` then yields the work items, lazily and in input order. A ``.txt``
file becomes a :class:`FileTask` that the worker reads itself (so that on a Dask
cluster the workers read the files where they stand); a JSONL file is streamed here and
each non-blank line becomes a :class:`RecordTask`; a JSONL file that cannot be opened or
whose gzip stream breaks becomes a :class:`FailedTask`. :func:`articles_of` — run by the
worker — turns an item into its articles (:class:`ArticleInput`) or into the reason it
has none (:class:`InputFailure`).

Whatever goes wrong with one input — bytes that are neither UTF-8 nor GB18030, NUL bytes,
a damaged gzip stream, an empty file, a line that is not JSON, a record without ``text``,
a file deleted between listing and reading — is an :class:`InputFailure` with a one-line
reason that names the input: every input article yields exactly one record, and one bad
file never stops a run over twenty thousand.

Titles and dates
----------------
In a ``.txt`` article the first non-blank line is the title when it is at most
:data:`TITLE_MAX_CHARS` characters, does not end in terminal punctuation, and more lines
follow; otherwise all of it is body. The rule is for batch files only (``analyze`` and
``classify`` take the title from ``--title``): an archive has no other place for a
headline, and a headline is short and unpunctuated.

A date comes from the record (JSONL ``date``: ``20220110``, ``2022-01-10``,
``2022/1/10``, ``2022年1月10日``, ``2022.01.10``, a time may follow), else from the
path (``2020/08/28/…``, ``20200828…``, ``2020-08-28…``; the match nearest the file name
wins), as ``YYYY-MM-DD``. A date that cannot be read, or is no calendar day, is None —
never an error: a record without a date is still an analysed article.
"""

from __future__ import annotations

import datetime as dt
import glob
import gzip
import json
import os
import re
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Union

from ..errors import InputError
from ..text.decode import decode_bytes

__all__ = [
    "ArticleInput",
    "FailedTask",
    "FileTask",
    "InputFailure",
    "InputFile",
    "RecordTask",
    "Task",
    "TextTask",
    "TITLE_MAX_CHARS",
    "articles_of",
    "date_from_path",
    "iter_tasks",
    "list_inputs",
    "normalize_date",
    "split_title",
]

#: A first line longer than this is body, not a headline.
TITLE_MAX_CHARS = 40
#: Names kept when a folder is walked or a glob is expanded.
KNOWN_SUFFIXES = (".txt", ".jsonl", ".txt.gz", ".jsonl.gz")

_TERMINAL = frozenset("。！？!?…；;.")
_CLOSERS = "”’\"'」』）)】]》〉"
_GLOB_CHARS = re.compile(r"[*?\[]")
_GZIP_MAGIC = b"\x1f\x8b"


# -- work items ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class InputFile:
    """A file found by :func:`list_inputs`.

    Attributes
    ----------
    path : str
        The path as it names the file in records (the input joined with the path
        inside a walked folder).
    kind : {"txt", "jsonl"}
        An article or page file, or one article per line.
    """

    path: str
    kind: str


@dataclass(frozen=True, slots=True)
class FileTask:
    """A ``.txt`` (or ``.txt.gz``) file, read by the worker that analyses it.

    Attributes
    ----------
    path : str
        The file; its records' ``source`` is the path (an article) or ``path#k``
        (the k-th article of a page, from 1).
    pages : bool
        Whether the file is a newspaper page to split (:func:`zhnews.split_page`).
    """

    path: str
    pages: bool = False

    @property
    def key(self) -> str:
        """The source this item's records share (resume bookkeeping)."""
        return self.path


@dataclass(frozen=True, slots=True)
class TextTask:
    """Text already read (standard input, a program's string), set out like a ``.txt`` file.

    Attributes
    ----------
    source : str
        The name of the text in records.
    text : str
        The content.
    pages : bool
        Split it as a newspaper page.
    title_rule : bool
        Take the first line as the title by the batch rule (:func:`split_title`).
    path : str, optional
        Where a date may be read from.
    """

    source: str
    text: str
    pages: bool = False
    title_rule: bool = True
    path: str | None = None

    @property
    def key(self) -> str:
        return self.source


@dataclass(frozen=True, slots=True)
class RecordTask:
    """One article record: a JSONL line (bytes) or a mapping a program gave.

    Attributes
    ----------
    source : str
        ``path:line`` of a JSONL line, or the name a program's record is known by.
    data : bytes or mapping
        The raw line (decoded and parsed by the worker) or the record itself.
    path : str, optional
        The file it came from, for a date from the path.
    """

    source: str
    data: bytes | Mapping[str, Any]
    path: str | None = None

    @property
    def key(self) -> str:
        return self.source


@dataclass(frozen=True, slots=True)
class FailedTask:
    """An input that failed before any article could be read from it (one error record)."""

    source: str
    error: str
    path: str | None = None

    @property
    def key(self) -> str:
        return self.source


Task = Union[FileTask, TextTask, RecordTask, FailedTask]


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """An article ready to analyse, with what its record says about where it came from."""

    source: str
    id: str
    title: str | None
    date: str | None
    text: str


@dataclass(frozen=True, slots=True)
class InputFailure:
    """An input that yields no article; ``error`` names the input and says why, in one line."""

    source: str
    error: str
    id: str | None = None
    title: str | None = None
    date: str | None = None


# -- listing -------------------------------------------------------------------------
def _kind(path: str) -> str:
    name = path.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return "jsonl" if name.endswith(".jsonl") else "txt"


def _known(name: str) -> bool:
    return name.lower().endswith(KNOWN_SUFFIXES)


def _walk(folder: str) -> list[str]:
    """The known files under a folder, sorted by their path components (2020/08 before 2020/09)."""
    found = []
    for root, _dirs, files in os.walk(folder):
        found.extend(os.path.join(root, name) for name in files if _known(name))
    start = len(folder)  # every path found begins with the folder as given
    return sorted(found, key=lambda path: path[start:].lstrip(os.sep).split(os.sep))


def list_inputs(inputs: Iterable[str | os.PathLike[str]], *, exclude: Iterable[str | os.PathLike[str]] = ()) -> list[InputFile]:
    """The files that the inputs name, in order, each once.

    Parameters
    ----------
    inputs : iterable of path-like
        Files, folders (walked recursively) and glob patterns.
    exclude : iterable of path-like
        Files never to read, such as the run's own output and its ``.part`` when they
        lie inside an input folder.

    Returns
    -------
    list of InputFile

    Raises
    ------
    InputError
        An input that does not exist, or a pattern that matches no file.
    """
    # Paths are compared absolute but unresolved (resolving symbolic links costs system
    # calls per path component, seconds for an archive): a file reached through two
    # different links is read twice, the run's own output never.
    skip = {os.path.abspath(os.fspath(p)) for p in exclude} | {os.path.realpath(os.fspath(p)) for p in exclude}
    seen: set[str] = set()
    found: list[InputFile] = []

    def add(path: str) -> None:
        absolute = os.path.abspath(path)
        if absolute in seen or absolute in skip:
            return
        seen.add(absolute)
        found.append(InputFile(path, _kind(path)))

    for item in inputs:
        name = os.fspath(item)
        if os.path.isdir(name):
            for path in _walk(name):
                add(path)
        elif os.path.exists(name):
            add(name)
        elif _GLOB_CHARS.search(name):
            matches = sorted(glob.glob(name, recursive=True))
            if not matches:
                raise InputError(name, "matches no file")
            for match in matches:
                if os.path.isdir(match):
                    for path in _walk(match):
                        add(path)
                elif _known(match):
                    add(match)
        else:
            raise InputError(name, "no such file or folder")
    return found


# -- JSONL streaming (in the process that lists) --------------------------------------------
def _open_binary(path: str) -> Any:
    """The file's bytes, through gzip when its first bytes say so (whatever its name)."""
    handle = open(path, "rb")  # noqa: SIM115 - closed by the caller
    try:
        magic = handle.read(2)
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    if magic == _GZIP_MAGIC:
        return gzip.GzipFile(fileobj=handle, mode="rb")
    if path.lower().endswith(".gz"):
        handle.close()
        raise gzip.BadGzipFile("not a gzip file")
    return handle


def _read_error(path: str, exc: BaseException) -> str:
    """One line saying why a file could not be read (the caller prefixes the source)."""
    if isinstance(exc, FileNotFoundError):
        return "no such file (deleted after the archive was listed?)"
    if isinstance(exc, IsADirectoryError):
        return "is a directory, not a file"
    if isinstance(exc, (EOFError, gzip.BadGzipFile, zlib.error)):
        return f"damaged gzip file ({exc or 'truncated stream'})"
    if isinstance(exc, OSError):
        return f"cannot read: {exc.strerror or exc}"
    return f"cannot read: {type(exc).__name__}: {exc}"


def _jsonl_tasks(path: str) -> Iterator[Task]:
    """One RecordTask per non-blank line; a file that breaks ends with one FailedTask."""
    line = 0
    try:
        with _open_binary(path) as handle:
            for line, raw in enumerate(handle, 1):
                if raw.strip():
                    yield RecordTask(f"{path}:{line}", raw, path)
    except Exception as exc:  # one bad file is one error record, never the end of the run
        where = path if line == 0 else f"{path}:{line + 1}"
        after = "" if line == 0 else f" after line {line}; the lines after it are lost"
        yield FailedTask(where, f"{where}: {_read_error(path, exc)}{after}", path)


def iter_tasks(files: Iterable[InputFile], *, pages: bool = False) -> Iterator[Task]:
    """The work items of the listed files, lazily, in order.

    Parameters
    ----------
    files : iterable of InputFile
        As :func:`list_inputs` returns them.
    pages : bool
        Read ``.txt`` files as newspaper pages.

    Yields
    ------
    Task
        A FileTask per ``.txt`` file; a RecordTask per non-blank JSONL line (a FailedTask
        for a JSONL file that cannot be read, or for the rest of one whose gzip stream
        breaks).
    """
    for f in files:
        if f.kind == "jsonl":
            yield from _jsonl_tasks(f.path)
        else:
            yield FileTask(f.path, pages)


# -- titles and dates -------------------------------------------------------------------
def split_title(text: str) -> tuple[str | None, str]:
    """The batch title rule for a ``.txt`` article: ``(title or None, body)``.

    Examples
    --------
    >>> split_title("社区开展消防演练\\n本报讯 3月2日，星湖社区开展消防演练。")
    ('社区开展消防演练', '本报讯 3月2日，星湖社区开展消防演练。')
    >>> split_title("星湖社区开展消防演练。\\n居民踊跃参加。")[0] is None
    True
    """
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return None, text
    head = lines[first].strip()
    rest = "\n".join(lines[first + 1:])
    tail = head.rstrip(_CLOSERS)
    if len(head) <= TITLE_MAX_CHARS and rest.strip() and tail and tail[-1] not in _TERMINAL:
        return head, rest.strip("\n")
    return None, text


_RECORD_DATE = re.compile(
    r"^\s*(\d{4})\s*(?:[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?|(\d{2})(\d{2}))(?!\d)"
)
_PATH_DATES = (
    re.compile(r"(?<!\d)(\d{4})[/\\](\d{1,2})[/\\](\d{1,2})(?=[/\\])"),
    re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(\d{4})年(\d{1,2})月(\d{1,2})日"),
    re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})"),
)
_MIN_YEAR, _MAX_YEAR = 1900, 2100


def _iso(year: str, month: str, day: str) -> str | None:
    y, m, d = int(year), int(month), int(day)
    if not _MIN_YEAR <= y <= _MAX_YEAR:
        return None
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def normalize_date(value: object) -> str | None:
    """A record's date as ``YYYY-MM-DD``, or None when it cannot be read.

    Examples
    --------
    >>> [normalize_date(v) for v in ("20220110", "2022/1/10", "2022年1月10日", "2022-01-10T08:00", 20220110)]
    ['2022-01-10', '2022-01-10', '2022-01-10', '2022-01-10', '2022-01-10']
    >>> normalize_date("2022-02-30") is None, normalize_date("last week") is None
    (True, True)
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        return None
    m = _RECORD_DATE.match(value)
    if not m:
        return None
    year = m.group(1)
    month, day = next((m.group(a), m.group(b)) for a, b in ((2, 3), (4, 5), (6, 7)) if m.group(a))
    return _iso(year, month, day)


def date_from_path(path: str | None) -> str | None:
    """The date a path carries (``2020/08/28/…``, ``2020-08-28…``, ``20200828…``), or None.

    Of several, the one ending nearest the end of the path (the file name's) wins.

    Examples
    --------
    >>> date_from_path("archive/2020/08/28/p3.txt"), date_from_path("x/20200828_01.txt")
    ('2020-08-28', '2020-08-28')
    >>> date_from_path("x/page-2020-13-01.txt") is None
    True
    """
    if not path:
        return None
    best: tuple[int, str] | None = None
    for pattern in _PATH_DATES:
        for m in pattern.finditer(path):
            iso = _iso(*m.groups())
            if iso is not None and (best is None or m.end() > best[0]):
                best = (m.end(), iso)
    return best[1] if best else None


# -- items to articles (in the worker) ------------------------------------------------------
def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _read_file(path: str) -> bytes:
    with _open_binary(path) as handle:
        return handle.read()


def _text_articles(source: str, text: str, *, path: str | None, pages: bool, title_rule: bool, split: Any) -> list[ArticleInput | InputFailure]:
    date = date_from_path(path)
    if not text.strip():
        return [InputFailure(source, f"{source}: empty text", id=source, date=date)]
    if not pages:
        title, body = split_title(text) if title_rule else (None, text)
        return [ArticleInput(source, source, title, date, body)]
    out: list[ArticleInput | InputFailure] = []
    for k, article in enumerate(split(text), 1):
        name = f"{source}#{k}"
        title = article.title or None
        if article.text.strip():
            out.append(ArticleInput(name, name, title, date, article.text))
        else:
            out.append(InputFailure(name, f"{name}: empty text (a headline without a body)", id=name, title=title, date=date))
    if not out:
        return [InputFailure(source, f"{source}: no article found on the page", id=source, date=date)]
    return out


def _field(record: Mapping[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (str, int, float)):
        text = str(value).strip()
        return text or None
    return None


def _record_article(task: RecordTask) -> ArticleInput | InputFailure:
    source = task.source
    path_date = date_from_path(task.path)
    data = task.data
    if isinstance(data, (bytes, bytearray)):
        try:
            line = decode_bytes(bytes(data), source).lstrip("\ufeff")
        except InputError as exc:
            return InputFailure(source, _one_line(str(exc)), id=source, date=path_date)
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            return InputFailure(source, f"{source}: bad JSON line ({exc.msg} at column {exc.colno})", id=source, date=path_date)
        except RecursionError:
            return InputFailure(source, f"{source}: bad JSON line (nested too deeply)", id=source, date=path_date)
    else:
        record = data
    if not isinstance(record, Mapping):
        return InputFailure(source, f"{source}: not a JSON object (a JSON {type(record).__name__})", id=source, date=path_date)
    ident = _field(record, "id") or source
    title = record.get("title")
    title = title.strip() or None if isinstance(title, str) else None
    has_date = record.get("date") not in (None, "")
    date = normalize_date(record.get("date")) if has_date else path_date
    if "text" not in record:
        return InputFailure(source, f'{source}: no "text" field', id=ident, title=title, date=date)
    text = record["text"]
    if not isinstance(text, str):
        return InputFailure(source, f'{source}: "text" is not a string (a JSON {type(text).__name__})', id=ident, title=title, date=date)
    if not text.strip():
        return InputFailure(source, f"{source}: empty text", id=ident, title=title, date=date)
    return ArticleInput(source, ident, title, date, text)


def articles_of(task: Task, *, split: Any = None) -> list[ArticleInput | InputFailure]:
    """The articles of one work item, or why it has none; never raises for bad input.

    Parameters
    ----------
    task : Task
        A work item of :func:`iter_tasks` (or of :func:`zhnews.analyze_many`).
    split : callable, optional
        ``text -> iterable of articles`` for pages (the engine passes
        :func:`zhnews.split_page` with the model's tokenizer).

    Returns
    -------
    list of ArticleInput or InputFailure
        One entry per article: a ``.txt`` article, a JSONL line and a failed item give
        one; a page gives one per article found (one failure when none is).
    """
    if split is None:
        from ..pages import split_page as split
    if isinstance(task, FailedTask):
        return [InputFailure(task.source, _one_line(task.error), id=task.source, date=date_from_path(task.path))]
    if isinstance(task, RecordTask):
        return [_record_article(task)]
    if isinstance(task, TextTask):
        return _text_articles(task.source, task.text, path=task.path, pages=task.pages, title_rule=task.title_rule, split=split)
    if isinstance(task, FileTask):
        path = task.path
        try:
            text = decode_bytes(_read_file(path), path)
        except InputError as exc:
            return [InputFailure(path, _one_line(str(exc)), id=path, date=date_from_path(path))]
        except Exception as exc:  # vanished, unreadable, damaged gzip: an error record, never a crash
            return [InputFailure(path, f"{path}: {_read_error(path, exc)}", id=path, date=date_from_path(path))]
        return _text_articles(path, text, path=path, pages=task.pages, title_rule=True, split=split)
    raise TypeError(f"not a batch work item: {type(task).__name__}")


def task_of(item: object, index: int) -> Task:
    """A work item for one input of :func:`zhnews.analyze_many`.

    A str is an article body (no title rule: a program knows its titles); a mapping is
    a record like a JSONL line's (``text`` required; ``id``, ``title``, ``date`` and
    ``source`` kept); a work item passes through. ``index`` names inputs without a
    source: ``<input>:N``, from 1.
    """
    if isinstance(item, (FileTask, TextTask, RecordTask, FailedTask)):
        return item
    if isinstance(item, str):
        return TextTask(f"<input>:{index + 1}", item, title_rule=False)
    if isinstance(item, Mapping):
        source = item.get("source")
        name = source if isinstance(source, str) and source else f"<input>:{index + 1}"
        return RecordTask(name, item)
    raise TypeError(
        f"analyze_many() takes article texts (str), records (mappings with 'text') or batch work items; "
        f"item {index} is a {type(item).__name__}"
    )
