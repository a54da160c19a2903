"""How long ``zhnews report`` takes on a 20,000-article archive (issue 7: under 10 s).

Generates synthetic batch records with a seeded generator (the batch command's
output schema: topics, probabilities, briefs, keywords, dates over five years,
some undated, some error records, one unreadable line), writes them as JSONL and
as gzipped JSONL, then times the real command, ``zhnews report``, in a fresh
process per run (so matplotlib's import and font lookup are in the figure, as
a user sees them) and prints one line per run.

Usage::

    python benchmarks/report.py                  # 20,000 records, 3 runs, --by month
    python benchmarks/report.py --records 50000 --runs 5 --by quarter --keep /tmp/bench
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TOPICS = ("party_building", "rule_of_law", "civilization_campaign", "safety")
WORDS = {
    "party_building": ["党支部", "党员", "主题党日", "三会一课", "党建引领", "廉政", "理论学习", "组织生活会"],
    "rule_of_law": ["法院", "调解", "普法", "纠纷", "检察院", "派出所", "法律援助", "案件"],
    "civilization_campaign": ["文明实践", "志愿服务", "最美家庭", "移风易俗", "文明城市", "好人", "家风", "未成年人"],
    "safety": ["消防", "安全生产", "隐患排查", "防溺水", "应急演练", "燃气", "食品安全", "防汛"],
    "other": ["项目", "农业", "旅游", "教育", "招商", "医疗", "天气", "交通"],
}
COMMON = ["工作", "开展", "社区", "群众", "活动", "推进"]
ERRORS = [
    "{src}: neither UTF-8 nor GB18030 (undecodable byte at offset {n})",
    "{src}: empty text",
    "{src}: binary data (NUL bytes), not text",
]


def make_records(n: int, seed: int = 7) -> list[dict]:
    """``n`` synthetic batch records: about 1 % errors, 3 % undated, 15 % with two labels."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        day = rng.randrange(5 * 365)
        y, rest = 2019 + day // 365, day % 365
        m, d = 1 + rest // 31 % 12, 1 + rest % 28
        source = f"archive/{y}/{m:02d}/{d:02d}/p{rng.randrange(1, 9)}.txt#{rng.randrange(1, 12)}"
        date = None if rng.random() < 0.03 else f"{y}-{m:02d}-{d:02d}"
        if rng.random() < 0.01:
            out.append({"source": source, "id": f"a{i}", "date": date, "status": "error", "error": rng.choice(ERRORS).format(src=source, n=rng.randrange(10, 9000))})
            continue
        probs = {t: round(rng.random() * 0.4, 4) for t in TOPICS}
        labels = []
        if rng.random() < 0.75:
            main = rng.choice(TOPICS)
            probs[main] = round(0.5 + rng.random() * 0.5, 4)
            labels.append(main)
            if rng.random() < 0.2:
                second = rng.choice([t for t in TOPICS if t != main])
                probs[second] = round(0.5 + rng.random() * 0.4, 4)
                labels.append(second)
        else:
            labels = ["other"]
        pool = [w for label in labels for w in WORDS[label]] + COMMON
        kws = rng.sample(pool, k=min(8, len(pool)))
        out.append(
            {
                "source": source,
                "id": f"a{i}",
                "title": rng.choice(["", None, f"{kws[0]}工作推进会召开（第{i}期）"]) if rng.random() < 0.1 else f"{kws[0]}{kws[1]}工作扎实推进",
                "date": date,
                "labels": labels,
                "probabilities": probs,
                "brief": f"本月，{kws[0]}和{kws[1]}工作取得新进展，{kws[2]}覆盖{rng.randrange(2, 90)}个社区。" * rng.randrange(1, 3),
                "keywords": [[w, round(1.0 / (k + 2), 4)] for k, w in enumerate(kws)],
                "model": {"name": "zhnews-topics", "version": "0.2.0"},
                "status": "ok",
            }
        )
    return out


def write(records: list[dict], folder: Path) -> list[Path]:
    """Half the records as ``a.jsonl``, half as ``b.jsonl.gz``, and one unreadable line."""
    half = len(records) // 2
    plain, packed = folder / "a.jsonl", folder / "b.jsonl.gz"
    with open(plain, "w", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records[:half])
        fh.write('{"source": "torn line\n')
    with gzip.open(packed, "wt", encoding="utf-8") as fh:
        for r in records[half:]:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return [plain, packed]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--by", default="month", choices=("month", "quarter", "year", "source"))
    parser.add_argument("--keep", type=Path, help="write the inputs and the page here instead of a temporary folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        inputs = write(make_records(args.records), folder)
        out = folder / "report.html"
        cmd = [sys.executable, "-m", "zhnews", "report", *map(str, inputs), "-o", str(out), "--by", args.by]
        times = []
        for run in range(args.runs):
            start = time.perf_counter()
            subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
            print(f"run {run + 1}: {times[-1]:.2f} s")
        size = out.stat().st_size
        print(f"{args.records:,} records, --by {args.by}: median {statistics.median(times):.2f} s, max {max(times):.2f} s; page {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
