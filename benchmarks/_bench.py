"""Plumbing shared by the zhnews benchmarks.

Every benchmark needs the same few things done the same honest way: find the real
development data (``../shared/realdev`` beside the project, absent in some checkouts),
time several tools fairly against one another, measure their peak memory without one
tool's footprint leaking into another's, and print tables that paste into
``benchmarks/RESULTS.md``. Keeping them here means two benchmarks cannot disagree on
what "docs/s" or "peak memory" means.
"""

from __future__ import annotations

import gc
import json
import logging
import statistics
import time
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from multiprocessing import get_context
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def shared_dir() -> Path | None:
    """Return the ``shared`` folder beside the project root, or None when absent.

    The real data is published by others and is never copied into the repo, so a
    checkout without it must still run the benchmark on what it has.
    """
    path = PROJECT_ROOT.parent / "shared"
    return path if path.is_dir() else None


def read_jsonl(path: Path) -> tuple[list[dict[str, Any]], int]:
    """Read a JSON-lines file, returning its records and the number of bad lines.

    Files under ``corpus/`` are written while benchmarks run, so a half-written last
    line is expected; it is counted (and reported by the caller) rather than fatal.
    """
    records: list[dict[str, Any]] = []
    bad = 0
    with path.open(encoding="utf-8-sig") as handle:
        for line in handle:
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                bad += 1
                continue
            if isinstance(record, dict):
                records.append(record)
            else:
                bad += 1
    return records, bad


def quiet_third_party() -> None:
    """Silence start-up chatter that would otherwise interleave with the tables.

    jieba logs "Building prefix dict…" on first use and, with setuptools < 82, warns
    that ``pkg_resources`` is deprecated; neither says anything about the results.
    The benchmark is the host program here, so it may set these.
    """
    # A filter, not a level: importing jieba resets its logger's level to DEBUG.
    logging.getLogger("jieba").addFilter(lambda record: record.levelno >= logging.WARNING)
    warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)


def package_version(name: str) -> str | None:
    """Return the installed version of a distribution, or None when not installed."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def time_alternating(passes: Mapping[str, Callable[[], object]], *, runs: int) -> dict[str, list[float]]:
    """Time each pass ``runs`` times, alternating tools: A, B, C, A, B, C, ….

    Alternating rather than running each tool's repeats back to back spreads slow
    drifts of the machine (frequency scaling, a neighbour's load) over all tools
    alike; the caller takes the median, which one disturbed run cannot move. The
    caller warms every tool up first, so that none is charged for loading its
    dictionaries and models. Garbage is collected before each pass so that a tool
    does not pay for the previous tool's garbage.

    Returns the wall-clock seconds of every timed run per tool, in run order.
    """
    seconds: dict[str, list[float]] = {name: [] for name in passes}
    for _ in range(runs):
        for name, run in passes.items():
            gc.collect()
            start = time.perf_counter()
            run()
            seconds[name].append(time.perf_counter() - start)
    return seconds


def median(values: Sequence[float]) -> float:
    """Median of a non-empty sequence (a named helper keeps call sites readable)."""
    return statistics.median(values)


def peak_rss_mib(pid: int | str = "self") -> float | None:
    """Peak resident set size of a process (this one by default) in MiB, from Linux's ``VmHWM``.

    ``VmHWM`` is the high-water mark of the current address space, so a freshly
    started interpreter begins from its own footprint. ``getrusage().ru_maxrss`` is
    not used because Linux carries the parent's high-water mark into a child across
    fork/vfork + exec, which would charge every tool for the parent's memory.
    """
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


@dataclass(frozen=True, slots=True)
class MemoryPeak:
    """Peak RSS of a fresh process that ran one job, and what it held before it.

    ``baseline_mib`` is the peak after the interpreter, the benchmark module and the
    job's input were loaded; ``peak_mib - baseline_mib`` is what the job itself added
    (its imports, dictionaries, models and working memory).
    """

    baseline_mib: float
    peak_mib: float

    @property
    def added_mib(self) -> float:
        """Memory the job added on top of the harness."""
        return self.peak_mib - self.baseline_mib


def _measure_in_child(job: Callable[..., object], args: tuple[Any, ...]) -> MemoryPeak | None:
    """Run ``job(*args)`` in this (fresh) process and report its memory peak."""
    quiet_third_party()
    gc.collect()
    baseline = peak_rss_mib()
    job(*args)
    peak = peak_rss_mib()
    if baseline is None or peak is None:
        return None
    return MemoryPeak(baseline_mib=baseline, peak_mib=peak)


def peak_memories(
    jobs: Mapping[str, tuple[Callable[..., object], tuple[Any, ...]]], *, workers: int = 2
) -> dict[str, MemoryPeak | None]:
    """Measure the peak RSS of each ``job(*args)``, each in its own fresh interpreter.

    One process per job, started with ``spawn`` (not ``fork``) and never reused, so
    that no job inherits another's imports or allocations and each figure is what a
    program running only that job would need. Peaks are per process, so running
    ``workers`` jobs at once changes none of them; it only shortens the wait. Jobs
    must be module-level functions with picklable arguments. A value is None where
    ``/proc`` is not available.
    """
    context = get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, max_tasks_per_child=1) as pool:
        futures = {name: pool.submit(_measure_in_child, job, args) for name, (job, args) in jobs.items()}
        return {name: future.result() for name, future in futures.items()}


def render_table(headers: Sequence[str], rows: Iterable[Sequence[str]], *, markdown: bool) -> str:
    """Render rows as a Markdown table or as aligned plain text.

    Columns after the first are right-aligned, since they hold numbers.
    """
    body = [list(row) for row in rows]
    if markdown:
        lines = ["| " + " | ".join(headers) + " |"]
        lines.append("|" + "|".join([" --- "] + [" ---: "] * (len(headers) - 1)) + "|")
        lines += ["| " + " | ".join(row) + " |" for row in body]
        return "\n".join(lines)
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *body)]

    def line(cells: Sequence[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:])]
        return "  ".join([first, *rest]).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in body)])
