"""Small builders for batch tests: archive files of every kind, written into a tmp folder."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from zhnews.corpus import Article, load_corpus

BODY = "本报讯 3月2日，星湖社区开展消防安全演练，二百多名居民参加。\n社区党支部组织党员志愿者上门讲解消防知识，排查楼道隐患。"
TITLE = "星湖社区开展消防演练"


def write_bytes(path: Path, data: bytes, *, gz: bool = False) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


def write_article(path: Path, body: str = BODY, title: str | None = TITLE, *, encoding: str = "utf-8", gz: bool = False) -> Path:
    """A .txt article: the title on the first line (when given), then the body."""
    text = f"{title}\n{body}" if title else body
    return write_bytes(path, text.encode(encoding), gz=gz)


def write_jsonl(path: Path, records: Iterable[Mapping[str, Any] | str], *, gz: bool = False) -> Path:
    """A .jsonl file; a str item is written as the raw line (to write damaged lines)."""
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    return write_bytes(path, ("\n".join(lines) + "\n").encode("utf-8"), gz=gz)


@lru_cache(maxsize=1)
def corpus() -> tuple[Article, ...]:
    return tuple(load_corpus())


def corpus_archive(folder: Path, n: int) -> list[Path]:
    """``n`` corpus articles as .txt files (title line, body) under dated folders, sorted as listed."""
    paths = []
    for k, article in enumerate(corpus()[:n]):
        path = folder / "2020" / f"{1 + k // 500:02d}" / f"{1 + (k // 20) % 25:02d}" / f"a{k:05d}.txt"
        paths.append(write_article(path, article.text, article.title or None))
    return sorted(paths, key=lambda p: p.relative_to(folder).parts)


def read_records(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]
