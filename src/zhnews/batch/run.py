"""A whole batch run: list the inputs, analyse them, write the output, resume a killed run.

:func:`run_batch` is ``zhnews batch`` without the argument parsing. It ties the stages
together — :mod:`~zhnews.batch.readers` lists and reads, :mod:`~zhnews.batch.engine`
analyses, :mod:`~zhnews.batch.writers` writes — and adds what only a whole run knows:

- **Resume.** With ``resume=True`` a ``.part`` left by a killed run is continued: its
  whole records are kept, its torn last line cut off, the items whose records are all
  there are not read again, and a record already written is never written twice (a page
  half written when the run was killed is analysed again and only its missing articles
  are added). Items are listed in the same order as before, so what was written is the
  beginning of what the complete run writes. No ``.part``: the run starts from the
  beginning. A complete output and no ``.part``: there is nothing to do.
- **Progress** for a person at a terminal (tqdm on stderr: files, articles, articles/s,
  ETA), off when stderr is not a terminal; and a :class:`BatchSummary` for the caller.

A bad input never fails the run: it is an error record. The run fails — raising, with
the ``.part`` kept to resume — only when it cannot go on: an input that does not exist,
an output folder that does not, a model that does not load, a worker that dies.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from .engine import DEFAULT_CHUNK_SIZE, DEFAULT_PAGE_CHUNK_SIZE, analyze_chunks
from .readers import FailedTask, FileTask, RecordTask, Task, TextTask, iter_tasks, list_inputs
from .writers import RecordWriter, ResumeState, format_of, part_path, read_part

if TYPE_CHECKING:  # pragma: no cover
    from ..pipeline import ModelLike

__all__ = ["BatchSummary", "run_batch"]

logger = logging.getLogger("zhnews")


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """What a batch run did.

    Attributes
    ----------
    output : str
        The output file.
    files : int
        Input files listed.
    ok, errors : int
        Records written by this run, by status.
    resumed : int
        Records kept from the ``.part`` of a killed run (0 without ``resume``).
    seconds : float
        Wall-clock time of the run.
    already_complete : bool
        The output was complete and there was no ``.part``: nothing was done.
    """

    output: str
    files: int
    ok: int
    errors: int
    resumed: int
    seconds: float
    already_complete: bool = False

    @property
    def articles(self) -> int:
        """Records written by this run."""
        return self.ok + self.errors

    def line(self) -> str:
        """The one-line summary ``zhnews batch`` prints."""
        if self.already_complete:
            return f"{self.output} is complete; nothing to do (delete it to run again)"
        rate = self.articles / self.seconds if self.seconds > 0 else 0.0
        kept = f", {self.resumed} kept from the interrupted run" if self.resumed else ""
        return (
            f"{self.articles} articles ({self.ok} ok, {self.errors} errors) from {self.files} files "
            f"in {self.seconds:.1f} s ({rate:.1f} articles/s){kept} -> {self.output}"
        )


def _path_of(task: Task) -> str | None:
    return task.path if isinstance(task, (FileTask, RecordTask, TextTask, FailedTask)) else None


def _skip_done(tasks: Iterable[Task], state: ResumeState) -> Iterator[Task]:
    """The items not yet fully written: all but those whose records are all in the ``.part``."""
    last = state.last_source
    for task in tasks:
        key = task.key
        if key in state.done:
            continue  # one record (an article, a line, a failed page): written
        if isinstance(task, FileTask) and task.pages and f"{key}#1" in state.done:
            if last is not None and last.startswith(key + "#"):
                yield task  # the page being written when the run was killed: redo, keep what is there
            continue  # a page written to its end: its successor's records follow it
        yield task


class _Progress:
    """tqdm over files with the article count and rate as postfix; nothing when disabled."""

    def __init__(self, total: int, enabled: bool) -> None:
        self._bar: Any = None
        self.articles = 0
        self._start = time.perf_counter()
        self._path: str | None = None
        if enabled:
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="file", desc="zhnews batch", file=sys.stderr, dynamic_ncols=True, leave=False)

    def update(self, tasks: Sequence[Task], records: int) -> None:
        self.articles += records
        if self._bar is None:
            return
        finished = 0
        for task in tasks:
            path = _path_of(task)
            if path != self._path:
                finished += self._path is not None
                self._path = path
        elapsed = time.perf_counter() - self._start
        rate = self.articles / elapsed if elapsed > 0 else 0.0
        self._bar.set_postfix_str(f"{self.articles} articles, {rate:.1f} articles/s", refresh=False)
        self._bar.update(finished)

    def close(self, *, complete: bool = False) -> None:
        if self._bar is not None:
            if complete:
                self._bar.update(self._bar.total - self._bar.n)
            self._bar.close()
            self._bar = None


def run_batch(
    inputs: Sequence[str | os.PathLike[str]],
    output: str | os.PathLike[str],
    *,
    format: str | None = None,
    pages: bool = False,
    resume: bool = False,
    n_jobs: int | None = None,
    chunk_size: int | None = None,
    model: ModelLike = None,
    dask_client: Any = None,
    progress: bool | None = None,
) -> BatchSummary:
    """Analyse an archive into one output file of records (the ``zhnews batch`` command).

    Parameters
    ----------
    inputs : sequence of path-like
        Files, folders (recursive) and globs of ``.txt``, ``.jsonl`` and their ``.gz``
        (:func:`zhnews.batch.readers.list_inputs`).
    output : path-like
        The JSONL or CSV file to write; written as ``output + ".part"`` until complete.
    format : {"jsonl", "csv"}, optional
        Default: ``csv`` for a ``.csv`` output name, else ``jsonl``.
    pages : bool
        Read ``.txt`` files as newspaper pages, one record per article on them.
    resume : bool
        Continue the ``.part`` of a killed run (see the module doc).
    n_jobs : int or None
        Worker processes (None: every core; 1: this process).
    chunk_size : int, optional
        Items per chunk; by default :data:`~zhnews.batch.engine.DEFAULT_CHUNK_SIZE`
        (128) articles, or :data:`~zhnews.batch.engine.DEFAULT_PAGE_CHUNK_SIZE` (16)
        pages with ``pages=True``.
    model : TopicClassifier, path or None
        The classifier (None: the shipped model).
    dask_client : distributed.Client or str, optional
        Run on this Dask cluster (a client or a scheduler address) instead of local processes.
    progress : bool, optional
        Show a progress bar on stderr; None (default): when stderr is a terminal.

    Returns
    -------
    BatchSummary

    Raises
    ------
    InputError
        An input that does not exist, an output folder that does not, a ``.part`` that
        cannot be resumed; :class:`~zhnews.ModelError` for a model that does not load.
    """
    start = time.perf_counter()
    fmt = format_of(output, format)
    out = Path(output)
    part = part_path(out)
    state: ResumeState | None = None
    if resume:
        if part.exists():
            state = read_part(part, fmt)
            logger.info("resuming %s: %d records kept%s", part, state.records, ", a torn last line redone" if state.torn else "")
        elif out.exists():
            return BatchSummary(str(out), 0, 0, 0, 0, time.perf_counter() - start, already_complete=True)
    if not out.parent.is_dir():
        raise InputError(str(out), f"no such folder: {out.parent}")
    files = list_inputs(inputs, exclude=(out, part))
    tasks: Iterable[Task] = iter_tasks(files, pages=pages)
    if state is not None:
        tasks = _skip_done(tasks, state)
    results = analyze_chunks(
        tasks,
        n_jobs=n_jobs,
        chunk_size=(DEFAULT_PAGE_CHUNK_SIZE if pages else DEFAULT_CHUNK_SIZE) if chunk_size is None else chunk_size,
        backend="dask" if dask_client is not None else "loky",
        model=model,
        dask_client=dask_client,
    )
    done = state.done if state is not None else frozenset()
    shown = sys.stderr is not None and sys.stderr.isatty() if progress is None else progress
    bar = _Progress(len(files), bool(shown))
    ok = errors = 0
    writer = RecordWriter(out, fmt, resume=state)
    try:
        for result in results:
            records = [r for r in result.records if r["source"] not in done] if done else result.records
            writer.write(records)
            for record in records:
                if record["status"] == "ok":
                    ok += 1
                else:
                    errors += 1
            bar.update(result.tasks, len(records))
        bar.close(complete=True)
        writer.finish()
    finally:
        writer.close()
        bar.close()
    return BatchSummary(str(out), len(files), ok, errors, state.records if state else 0, time.perf_counter() - start)
