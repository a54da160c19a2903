"""Page-splitting benchmark: zhnews.split_page against gold splits.

Two sets:

- ``generated``: pages made by the seeded layout generator of the tests
  (``tests/pages/pagegen.py``) from the corpus, with the split a careful reader
  makes of them; one page in four is mostly photo items.
- ``seed``: the real page ``../shared/pages/langya-2020-08.txt`` and its gold,
  when that folder is present (it is never copied into the project; the table
  names its articles by their gold ids only).

Scores (``tests/pages/scoring.py`` defines them): articles found (precision /
recall of a one-to-one alignment by the character F1 of title + text, at least
0.5), titles (precision / recall of exact non-empty titles), exact title match
over gold articles, body character F1 after alignment (mean and minimum over
gold articles), captions attached to the right headline, reading-order errors
(adjacent gold paragraphs found in the opposite order), section labels taken
for articles, and repeats dropped. Speed is pages per second of
``split_page`` alone, the median of ``--runs`` passes after a warm-up.

Usage::

    python benchmarks/pages.py [--pages N] [--seed S] [--runs N] [--markdown] [--check]

``--check`` exits 1 when a target of issue 5 is missed (generated pages: title
precision and recall and mean body F1 at least 0.95; seed page: every article
found with its exact title and a body F1 of at least 0.98).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Sequence
from types import ModuleType

import _bench

import zhnews


def _test_helper(name: str) -> ModuleType:
    """A helper module of ``tests/pages`` (this script's own name shadows that package)."""
    path = _bench.PROJECT_ROOT / "tests" / "pages" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_zhnews_pages_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


_pagegen = _test_helper("pagegen")
_scoring = _test_helper("scoring")
make_pages = _pagegen.make_pages
PageScore, char_f1, combine, score_split = _scoring.PageScore, _scoring.char_f1, _scoring.combine, _scoring.score_split

HEADERS = (
    "set", "pages", "gold", "found P", "found R", "title P", "title R", "exact title",
    "body F1", "min F1", "captions", "order err", "labels as art.", "repeats dropped", "pages/s",
)


def _row(name: str, pages: int, s: "_scoring.PageScore", speed: float | None, *, dropped: int | None = None) -> list[str]:
    """One table row; ``dropped`` replaces the repeats column where the gold names no repeats."""
    return [
        name,
        str(pages),
        str(s.gold),
        f"{s.precision:.3f}",
        f"{s.recall:.3f}",
        f"{s.title_precision:.3f}",
        f"{s.title_recall:.3f}",
        f"{s.exact_title_rate:.3f}",
        f"{s.mean_body_f1:.3f}",
        f"{min(s.body_f1, default=1.0):.3f}",
        f"{s.photos_attached}/{s.photos}",
        str(s.order_errors),
        str(s.labels_as_articles),
        f"{s.repeats_dropped}/{s.repeats}" if dropped is None else f"{dropped} dropped",
        "-" if speed is None else f"{speed:.1f}",
    ]


def _score(text: str, gold: Sequence[dict], labels: Sequence[str] = (), repeats: Sequence[str] = ()) -> "_scoring.PageScore":
    split = zhnews.split_page(text)
    return score_split([a.as_dict() for a in split], gold, labels=labels or [s.text for s in split.section_labels], repeats=repeats, dropped=[d.text for d in split.dropped])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=36, help="generated pages (default 36, as the tests)")
    parser.add_argument("--seed", type=int, default=0, help="first seed of the generated pages (default 0)")
    parser.add_argument("--runs", type=int, default=3, help="timed passes for pages/s (default 3)")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target of issue 5 is missed")
    args = parser.parse_args(argv)
    _bench.quiet_third_party()

    pages = make_pages(args.pages, seed=args.seed)
    texts = [p.text for p in pages]
    zhnews.split_page(texts[0])  # warm-up: the dictionary loads once
    times = _bench.time_alternating({"split": lambda: [zhnews.split_page(t) for t in texts]}, runs=args.runs)["split"]
    speed = len(texts) / _bench.median(times)
    generated = combine([_score(p.text, p.gold, p.labels, p.repeats) for p in pages])
    rows = [_row("generated", len(pages), generated, speed)]
    ok = generated.title_precision >= 0.95 and generated.title_recall >= 0.95 and generated.mean_body_f1 >= 0.95

    shared = _bench.shared_dir()
    seed_page = shared / "pages" / "langya-2020-08.txt" if shared else None
    detail: list[list[str]] = []
    if seed_page is not None and seed_page.exists():
        text = seed_page.read_text(encoding="utf-8")
        gold, bad = _bench.read_jsonl(seed_page.with_name("langya-2020-08.gold.jsonl"))
        if bad:
            print(f"note: {bad} unreadable gold line(s) skipped", file=sys.stderr)
        seed = _score(text, gold)
        whole = zhnews.split_page(text)
        rows.append(_row("seed page", 1, seed, None, dropped=len(whole.dropped)))
        split = list(whole)
        by_title = {a.title: a for a in split}
        for g in gold:
            a = by_title.get(g["title"])
            f1 = char_f1(a.text, g["text"]) if a else 0.0
            detail.append([g.get("id", "?"), g["kind"], "yes" if a else "no", f"{f1:.4f}", "yes" if a and a.byline == g["byline"] else "no"])
        ok = ok and seed.exact_titles == seed.gold == len(split) and min(seed.body_f1) >= 0.98
    else:
        print("note: ../shared/pages not present; the seed page is skipped", file=sys.stderr)

    print(_bench.render_table(HEADERS, rows, markdown=args.markdown))
    if detail:
        print()
        print(_bench.render_table(("seed article", "kind", "exact title", "body F1", "byline"), detail, markdown=args.markdown))
    if args.check and not ok:
        print("targets missed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
