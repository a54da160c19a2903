"""Throughput of ``zhnews batch`` against the floor of one tokenization pass, and its memory.

Generates an archive from the corpus (``zhnews.corpus.load_corpus``), the way a
newspaper's archive looks: mostly ``.txt`` articles in dated folders, some in GB18030,
some gzipped, some in JSONL files (plain and gzipped), a few damaged files (NUL bytes,
bytes that are no encoding, an empty file, a truncated gzip) and a part of it as
newspaper pages (``tests/pages/pagegen.py`` sets corpus articles as exported pages).
Article ``k`` is corpus article ``k % 1050`` with its paragraphs rotated by
``k // 1050``, so that no two articles of the archive are the same text.

It then runs, as separate processes and in alternating rounds (A, B, C, A, B, C, …, so
that a neighbour's load falls on every row alike), and prints:

- ``zhnews batch --jobs 1`` and ``--jobs 2`` over the archive — two commands per run,
  the articles and, with ``--pages``, the pages — timed end to end (start-up, reading,
  decoding, splitting, analysis, writing), as articles/s and chars/s;
- with the ``fast`` tokenizer backend and without it, when jieba-fast-dat is installed
  (``ZHNEWS_TOKENIZER``); the rows are marked *skipped* when it is not;
- ``jieba.lcut`` alone in one process over the same articles' text (title and body),
  already in memory: the floor, one tokenization pass;
- the peak RSS (``VmHWM``) of the main process and of each worker process, at the full
  size and at a quarter of it, to show that it does not grow with the archive.

Nothing is cached between runs: each run is a fresh process writing a fresh output.
zhnews is byte-compiled first (:func:`compile_package`), as an installed copy is.
The machine's load average is printed before and after, since other people's jobs on
a shared machine slow every row.

Run: ``python benchmarks/throughput.py`` (20,000 articles; ``--articles N`` for
another size, ``--rounds`` for more alternating rounds, ``--markdown`` for tables to
paste into ``benchmarks/RESULTS.md``, section 6).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import _bench

PAGE_SHARE = 0.05  # of the articles, set as pages
JSONL_SHARE = 0.07
GB18030_SHARE = 0.08
GZIP_SHARE = 0.10
DAMAGED_FILES = 8


@dataclass
class Archive:
    root: Path
    texts: list[str] = field(default_factory=list)  # every article's title + body, for jieba.lcut
    chars: int = 0
    files: int = 0

    @property
    def articles_dir(self) -> Path:
        return self.root / "articles"

    @property
    def pages_dir(self) -> Path:
        return self.root / "pages"


def _pagegen():
    import importlib.util

    path = _bench.PROJECT_ROOT / "tests" / "pages" / "pagegen.py"
    spec = importlib.util.spec_from_file_location("_zhnews_throughput_pagegen", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _rotated(text: str, by: int) -> str:
    paragraphs = text.split("\n")
    if len(paragraphs) < 2:
        return text
    k = by % len(paragraphs)
    return "\n".join(paragraphs[k:] + paragraphs[:k])


def make_archive(root: Path, n: int, *, seed: int = 0) -> Archive:
    """Write an archive of about ``n`` articles under ``root`` (see the module doc)."""
    from zhnews.corpus import load_corpus

    corpus = load_corpus()
    rng = random.Random(seed)
    archive = Archive(root)
    n_pages_articles = int(n * PAGE_SHARE)
    jsonl: list[dict[str, str]] = []
    for k in range(n - n_pages_articles):
        article = corpus[k % len(corpus)]
        body = _rotated(article.text, k // len(corpus))
        title = article.title
        archive.texts.append(f"{title}\n{body}" if title else body)
        day = 1 + k % 28
        folder = archive.articles_dir / str(2018 + k % 4) / f"{1 + (k // 28) % 12:02d}" / f"{day:02d}"
        text = f"{title}\n{body}" if title else body
        draw = rng.random()
        if draw < JSONL_SHARE:
            jsonl.append({"id": f"j{k}", "title": title, "date": f"{2018 + k % 4}年{1 + k % 12}月{day}日", "text": body})
            continue
        folder.mkdir(parents=True, exist_ok=True)
        if draw < JSONL_SHARE + GB18030_SHARE:
            try:
                data, suffix = text.encode("gb18030"), ".txt"
            except UnicodeEncodeError:  # pragma: no cover - every corpus text is GB18030-encodable
                data, suffix = text.encode("utf-8"), ".txt"
        elif draw < JSONL_SHARE + GB18030_SHARE + GZIP_SHARE:
            data, suffix = gzip.compress(text.encode("utf-8"), mtime=0), ".txt.gz"
        else:
            data, suffix = text.encode("utf-8"), ".txt"
        (folder / f"a{k:06d}{suffix}").write_bytes(data)
        archive.files += 1
    for start in range(0, len(jsonl), 100):
        name = archive.articles_dir / "feeds" / f"feed-{start // 100:04d}.jsonl"
        name.parent.mkdir(parents=True, exist_ok=True)
        lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in jsonl[start:start + 100]).encode("utf-8")
        if (start // 100) % 2:
            name.with_suffix(".jsonl.gz").write_bytes(gzip.compress(lines, mtime=0))
        else:
            name.write_bytes(lines)
        archive.files += 1
    damaged = archive.articles_dir / "damaged"
    damaged.mkdir(parents=True, exist_ok=True)
    samples = [b"\x00\x00\x00binary", b"\xff\xfe\xfd" * 30, b"", gzip.compress("断了的压缩文件".encode() * 50)[:40]]
    for k in range(DAMAGED_FILES):
        suffix = ".txt.gz" if k % len(samples) == 3 else ".txt"
        (damaged / f"bad{k}{suffix}").write_bytes(samples[k % len(samples)])
        archive.files += 1
    pagegen = _pagegen()
    written = 0
    seed_no = 0
    archive.pages_dir.mkdir(parents=True, exist_ok=True)
    while written < n_pages_articles:
        page = pagegen.make_page(10_000 + seed_no, photos="few")
        (archive.pages_dir / f"{20200101 + seed_no % 28:08d}-{seed_no:04d}.txt").write_text(page.text, encoding="utf-8")
        for gold in page.gold:
            archive.texts.append(f"{gold['title']}\n{gold['text']}")
        written += len(page.gold)
        seed_no += 1
        archive.files += 1
    archive.chars = sum(len(t) for t in archive.texts)
    return archive


# -- measuring --------------------------------------------------------------------------
def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(p) for p in handle.read().split()]
    except OSError:
        return []


def _command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


class _Watcher(threading.Thread):
    """Polls the peak RSS of a process and all its descendants until it exits."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peaks: dict[int, float] = {}
        self.kinds: dict[int, str] = {}
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            stack = [self.pid]
            while stack:
                pid = stack.pop()
                peak = _bench.peak_rss_mib(pid)
                if peak is not None:
                    self.peaks[pid] = max(peak, self.peaks.get(pid, 0.0))
                    if pid not in self.kinds:
                        line = _command_line(pid)
                        worker = ("loky" in line or "joblib" in line) and "resource_tracker" not in line
                        self.kinds[pid] = "main" if pid == self.pid else ("worker" if worker else "helper")
                stack.extend(_children(pid))
            self._done.wait(0.2)

    def stop(self) -> None:
        self._done.set()
        self.join()


@dataclass(frozen=True)
class Run:
    seconds: float
    records: int
    main_mib: float
    worker_mib: tuple[float, ...]


def run_batch(archive: Archive, jobs: int, out_dir: Path, env: dict[str, str]) -> Run:
    """Both batch commands (articles, then pages), fresh processes and outputs; summed."""
    seconds = 0.0
    records = 0
    main_peak = 0.0
    workers: list[float] = []
    for name, extra in (("articles", []), ("pages", ["--pages"])):
        out = out_dir / f"{name}-{jobs}.jsonl"
        for stale in (out, out.with_name(out.name + ".part")):
            stale.unlink(missing_ok=True)
        command = [sys.executable, "-m", "zhnews", "batch", str(archive.root / name), "-o", str(out), "--jobs", str(jobs), "--quiet", *extra]
        start = time.perf_counter()
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        watcher = _Watcher(proc.pid)
        watcher.start()
        _, err = proc.communicate()
        seconds += time.perf_counter() - start
        watcher.stop()
        if proc.returncode != 0:
            raise SystemExit(f"zhnews batch failed ({proc.returncode}): {err.decode(errors='replace')}")
        with open(out, "rb") as handle:
            records += sum(1 for _ in handle)
        main_peak = max(main_peak, watcher.peaks.get(proc.pid, 0.0))
        workers.extend(v for pid, v in watcher.peaks.items() if watcher.kinds.get(pid) == "worker")
    return Run(seconds, records, main_peak, tuple(sorted(workers, reverse=True)))


def compile_package() -> None:
    """Byte-compile zhnews, as pip does when it installs a wheel.

    From an editable install under ``PYTHONDONTWRITEBYTECODE`` (as on CI), every
    command would otherwise compile zhnews's sources again (about 0.1 s of each start-up
    here), a cost no installed copy pays. The bytecode lands in ``__pycache__``
    folders beside the sources (ignored by git); Python checks it against them.
    """
    import compileall

    import zhnews

    compileall.compile_dir(os.path.dirname(zhnews.__file__), quiet=1)


def time_startup(work: Path, jobs: int, env: dict[str, str], archive: Archive) -> float:
    """Wall time of ``zhnews batch`` over one article: the start-up a run pays once per command."""
    one = work / f"one-{jobs}"
    one.mkdir(exist_ok=True)
    (one / "a.txt").write_text(archive.texts[0], encoding="utf-8")
    out = work / f"one-{jobs}.jsonl"
    out.unlink(missing_ok=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "zhnews", "batch", str(one), "-o", str(out), "--jobs", str(jobs), "--quiet"], env=env, check=True)
    return time.perf_counter() - start


def time_lcut(texts: Sequence[str]) -> float:
    import jieba

    jieba.initialize()
    start = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    return time.perf_counter() - start


def _fast_available() -> bool:
    try:
        from zhnews.text.tokenize import available_backends  # the fast-tokenizer branch
    except ImportError:
        return False
    return "jieba-fast" in available_backends()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20_000, help="archive size (default 20000)")
    parser.add_argument("--small", type=int, default=None, help="the second size for memory (default a quarter)")
    parser.add_argument("--rounds", type=int, default=2, help="alternating timing rounds (default 2)")
    parser.add_argument("--workdir", type=Path, default=None, help="where to write the archive (default a temporary folder)")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = parser.parse_args(argv)
    _bench.quiet_third_party()

    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores", flush=True)
    compile_package()
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="zhnews-throughput-", dir=args.workdir))
    try:
        archive = make_archive(work / "big", args.articles)
        small = make_archive(work / "small", args.small or args.articles // 4, seed=1)
        print(f"archive: {len(archive.texts)} articles in {archive.files} files, {archive.chars} chars; "
              f"second size {len(small.texts)} articles", flush=True)
        fast = _fast_available()
        base_env = dict(os.environ)
        configs: dict[str, tuple[int, dict[str, str]] | None] = {
            "zhnews batch --jobs 1": (1, dict(base_env, ZHNEWS_TOKENIZER="jieba")),
            "zhnews batch --jobs 2": (2, dict(base_env, ZHNEWS_TOKENIZER="jieba")),
            "zhnews batch --jobs 1, fast tokenizer": (1, dict(base_env, ZHNEWS_TOKENIZER="jieba-fast")) if fast else None,
            "zhnews batch --jobs 2, fast tokenizer": (2, dict(base_env, ZHNEWS_TOKENIZER="jieba-fast")) if fast else None,
        }
        seconds: dict[str, list[float]] = {"jieba.lcut alone (1 process)": []}
        runs: dict[str, list[Run]] = {name: [] for name, c in configs.items() if c is not None}
        for r in range(args.rounds):
            seconds["jieba.lcut alone (1 process)"].append(time_lcut(archive.texts))
            for name, config in configs.items():
                if config is None:
                    continue
                runs[name].append(run_batch(archive, config[0], work, config[1]))
                print(f"round {r + 1}: {name}: {runs[name][-1].seconds:.1f} s", flush=True)
        lcut = statistics.median(seconds["jieba.lcut alone (1 process)"])
        n = len(archive.texts)
        rows = [["jieba.lcut alone (1 process)", str(n), f"{lcut:.1f}", f"{n / lcut:.0f}", f"{archive.chars / lcut:.0f}", "1.00", ""]]
        jobs1 = statistics.median(x.seconds for x in runs["zhnews batch --jobs 1"])
        for name, config in configs.items():
            if config is None:
                rows.append([name, "skipped: jieba-fast-dat not installed (pip install 'zhnews[fast]')", "", "", "", "", ""])
                continue
            t = statistics.median(x.seconds for x in runs[name])
            records = runs[name][0].records
            per_round = " / ".join(f"{(lcut_r / x.seconds) * (x.records / n):.2f}" for lcut_r, x in zip(seconds["jieba.lcut alone (1 process)"], runs[name]))
            rows.append([name, str(records), f"{t:.1f}", f"{records / t:.0f}", f"{archive.chars / t:.0f}", f"{(records / t) / (n / lcut):.2f}", per_round])
        print()
        print(_bench.render_table(["run", "articles", "s (median)", "articles/s", "chars/s", "× lcut", "× lcut per round"], rows, markdown=args.markdown))
        print(f"\n--jobs 2 / --jobs 1: {jobs1 / statistics.median(x.seconds for x in runs['zhnews batch --jobs 2']):.2f}× "
              f"(per round: {' / '.join(f'{a.seconds / b.seconds:.2f}' for a, b in zip(runs['zhnews batch --jobs 1'], runs['zhnews batch --jobs 2']))})")
        startup_rows = []
        for name, config in configs.items():
            if config is None:
                continue
            once = statistics.median(time_startup(work, config[0], config[1], archive) for _ in range(3))
            t = statistics.median(x.seconds for x in runs[name])
            records = runs[name][0].records
            steady = records / (t - 2 * once)  # two commands per run, each starting once
            startup_rows.append([name, f"{once:.1f}", f"{steady:.0f}", f"{steady / (n / lcut):.2f}"])
        print()
        print(_bench.render_table(["run", "start-up of one command (s)", "articles/s after start-up", "× lcut"], startup_rows, markdown=args.markdown))

        memory_rows = []
        for label, arch in ((f"{len(archive.texts)} articles", archive), (f"{len(small.texts)} articles", small)):
            for jobs in (1, 2):
                if arch is archive:
                    got = runs[f"zhnews batch --jobs {jobs}"][0]
                else:
                    got = run_batch(arch, jobs, work, dict(base_env, ZHNEWS_TOKENIZER="jieba"))
                workers = ", ".join(f"{w:.0f}" for w in got.worker_mib) or "none (in process)"
                memory_rows.append([f"--jobs {jobs}, {label}", f"{got.main_mib:.0f}", workers])
        print()
        print(_bench.render_table(["run", "main process peak RSS (MiB)", "worker peak RSS (MiB)"], memory_rows, markdown=args.markdown))
        print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
