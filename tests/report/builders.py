"""Small builders of synthetic batch records (the schema of issue 6) for the report tests."""

from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path
from typing import Any

_ids = itertools.count(1)


def article(date: str | None = "2020-08-28", *labels: str, **fields: Any) -> dict[str, Any]:
    """An ``ok`` record dated ``date`` with ``labels`` (default ``other``); ``fields`` override."""
    n = next(_ids)
    labels = labels or ("other",)
    record: dict[str, Any] = {
        "source": f"archive/p{n}.txt#1",
        "id": f"a{n}",
        "title": f"标题{n}",
        "date": date,
        "labels": list(labels),
        "probabilities": {t: (0.9 if t in labels else 0.1) for t in ("party_building", "rule_of_law", "civilization_campaign", "safety")},
        "brief": f"简讯{n}。",
        "keywords": [["社区", 0.2], ["工作", 0.1]],
        "model": {"name": "zhnews-topics", "version": "1.0"},
        "status": "ok",
    }
    record.update(fields)
    return record


def failure(error: str = "empty text", date: str | None = None, **fields: Any) -> dict[str, Any]:
    """An ``error`` record whose message names its source, as batch writes it."""
    n = next(_ids)
    source = fields.pop("source", f"archive/bad{n}.txt#1")
    record: dict[str, Any] = {"source": source, "id": f"e{n}", "date": date, "status": "error", "error": f"{source}: {error}"}
    record.update(fields)
    return record


def write_jsonl(path: Path, *lines: dict[str, Any] | str, gz: bool = False) -> Path:
    """Write records (dicts as JSON, strings as they are) one a line; gzipped when ``gz``."""
    text = "".join((line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n" for line in lines)
    if gz:
        path.write_bytes(gzip.compress(text.encode("utf-8")))
    else:
        path.write_text(text, encoding="utf-8")
    return path


def needs_matplotlib() -> None:
    """Skip (fail under CI's strict flag) when the ``report`` extra is not installed."""
    from conftest import skip_optional

    try:
        import matplotlib  # noqa: F401
    except ImportError:
        skip_optional("matplotlib not installed (pip install 'zhnews[report]')")
