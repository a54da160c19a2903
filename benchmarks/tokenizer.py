"""Tokenizer speed: chars/s of jieba.lcut and of zhnews's Tokenizer on each backend.

Issue 6 asks what the ``fast`` extra buys: the batch's floor is one tokenization
pass, so the speed of that pass bounds everything else. Every tool cuts the same
texts, the corpus's articles (title and body, as ``zhnews batch`` reads them), in
one process:

- ``jieba.lcut``: jieba's global tokenizer as people call it (jieba's dictionary,
  HMM on, no domain terms); the reference the issue measures against.
- ``jieba_fast_dat.lcut``: jieba-fast-dat's global tokenizer as it comes (its own
  bundled dictionary): what the C++ engine does before zhnews adds anything.
- ``zhnews jieba``: ``Tokenizer(backend="jieba").cut(text)``; on top of jieba it
  normalises the text (NFKC, case folding) and drops punctuation and spaces.
- ``zhnews jieba-fast``: ``Tokenizer(backend="jieba-fast").cut(text)``; the same,
  plus the rejoining of numbers that makes its tokens jieba's.

Every tool is warmed up first (one pass: dictionaries loaded, HMM loaded), then
``--runs`` passes are timed, alternating tools (``_bench.time_alternating``), and the
median is reported; chars/s counts the characters of the texts as given. "load s" is
the warm-up pass less the median pass: about what loading the dictionary costs (from
each library's cache in the temporary folder once it exists, as on a user's second
run).

With ``--agreement`` it also prints how alike the two backends cut the corpus, by
the definition the tests use (``tests/text/backends.py``: token-level F1 of word
spans, with the HMM on and off); that needs the ``test`` extra (pytest).

The file is not called ``tokenize.py``: a script runs with its own folder first on
``sys.path``, and a ``tokenize.py`` there hides the standard library's ``tokenize``
module, which ``import numpy`` (through ``inspect`` and ``linecache``) needs.

Usage::

    python benchmarks/tokenizer.py [--runs N] [--markdown] [--agreement]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence

import _bench


def corpus_texts() -> list[str]:
    """Title and body of every corpus article, as the batch command reads a ``.txt`` article."""
    from zhnews.corpus import load_corpus

    return [f"{a.title}\n{a.text}" if a.title else a.text for a in load_corpus()]


def tools(texts: Sequence[str]) -> tuple[dict[str, Callable[[], object]], list[str]]:
    """One pass over ``texts`` per tool that can run here, and notes on those that cannot."""
    import jieba

    import zhnews
    from zhnews.text.tokenize import available_backends

    passes: dict[str, Callable[[], object]] = {"jieba.lcut": lambda: [jieba.lcut(t) for t in texts]}
    notes: list[str] = []
    try:
        import jieba_fast_dat
    except ImportError:
        notes.append("jieba-fast-dat not installed (pip install 'zhnews[fast]'): its rows are left out")
    else:
        passes["jieba_fast_dat.lcut"] = lambda: [jieba_fast_dat.lcut(t) for t in texts]
    for backend in available_backends():
        tok = zhnews.Tokenizer(backend=backend)
        passes[f"zhnews {backend}"] = lambda tok=tok: [tok.cut(t) for t in texts]
    return passes, notes


def agreement(texts: Sequence[str]) -> list[str]:
    """Lines giving the token-level F1 of jieba-fast against jieba, HMM on and off."""
    sys.path.insert(0, str(_bench.PROJECT_ROOT / "tests"))
    from text.backends import token_agreement

    import zhnews

    lines = []
    for hmm in (True, False):
        slow, fast = zhnews.Tokenizer(backend="jieba", hmm=hmm), zhnews.Tokenizer(backend="jieba-fast", hmm=hmm)
        lines.append(f"token agreement (F1 of word spans), HMM {'on' if hmm else 'off'}: {100 * token_agreement(texts, slow, fast):.3f} %")
    return lines


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed passes per tool (median reported; default 5)")
    parser.add_argument("--markdown", action="store_true", help="print the table in Markdown for RESULTS")
    parser.add_argument("--agreement", action="store_true", help="also print the backends' token agreement")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error(f"--runs must be at least 1, not {args.runs}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    _bench.quiet_third_party()
    texts = corpus_texts()
    chars = sum(map(len, texts))
    passes, notes = tools(texts)
    warm = {}
    for name, run in passes.items():  # warm-up: dictionaries, HMM, caches of the libraries
        start = time.perf_counter()
        run()
        warm[name] = time.perf_counter() - start
    seconds = _bench.time_alternating(passes, runs=args.runs)
    medians = {name: _bench.median(values) for name, values in seconds.items()}
    reference = medians["jieba.lcut"]
    rows = [
        (
            name,
            f"{chars / medians[name]:,.0f}",
            f"{reference / medians[name]:.1f}×",
            f"{medians[name]:.3f}",
            f"{min(values):.3f}–{max(values):.3f}",
            f"{max(0.0, warm[name] - medians[name]):.2f}",
        )
        for name, values in seconds.items()
    ]
    versions = ", ".join(
        f"{name} {_bench.package_version(name) or 'absent'}" for name in ("zhnews", "jieba", "jieba-fast-dat")
    )
    load = " ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    print(f"{len(texts)} corpus articles, {chars:,} characters; median of {args.runs} alternating passes after one warm-up")
    print(f"Python {platform.python_version()}, {versions}; {os.cpu_count()} cores, load average {load}")
    print()
    headers = ("tool", "chars/s", "× jieba.lcut", "median s", "range s", "load s")
    print(_bench.render_table(headers, rows, markdown=args.markdown))
    if args.agreement:
        print()
        print("\n".join(agreement(texts)))
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
