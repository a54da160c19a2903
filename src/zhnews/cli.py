"""The ``zhnews`` command: a thin layer of argument parsing over the library.

Every failure the user can fix (a missing file, undecodable bytes, a bad
option value) is reported as one line on stderr with a non-zero exit status;
a traceback means a bug in zhnews.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from . import __version__
from .errors import InputError, MissingExtraError
from .pages import DEFAULT_SECTION_LABELS, PageSplit, split_page
from .report.aggregate import PERIODS
from .summarize import keywords, summarize
from .text.decode import decode_bytes, read_text
from .text.document import Document
from .text.tokenize import Tokenizer, default_tokenizer

__all__ = ["main"]

EXIT_INPUT = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"zhnews: error: {message}\n")


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value!r}")
    return number


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="zhnews",
        description="Topic tagging and extractive briefs for Chinese news.",
        epilog="Input files may be UTF-8 (with or without BOM) or GB18030. Run 'zhnews COMMAND --help' for details.",
    )
    parser.add_argument("--version", action="version", version=f"zhnews {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True, parser_class=_Parser)

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("file", nargs="?", default="-", metavar="FILE", help="article text file, or - for standard input (default)")
        sub.add_argument("--title", help="the article's headline (used as a query bias)")
        sub.add_argument("--user-dict", metavar="FILE", help="extra words for the tokenizer, one per line")
        sub.add_argument("--json", action="store_true", help="print JSON instead of plain text")

    summ = commands.add_parser("summarize", help="write an extractive brief of an article", description="Print an extractive brief: the article's most central sentences, in article order, without dateline, byline or photo credit.")
    common(summ)
    summ.add_argument("--sentences", type=_positive_int, default=2, metavar="N", help="at most N sentences (default 2)")
    summ.add_argument("--max-chars", type=_positive_int, default=None, metavar="N", help="at most N characters (never cuts a sentence; at least one sentence)")

    keys = commands.add_parser("keywords", help="list an article's keywords", description="Print the article's keywords ranked by TextRank, one per line with its score.")
    common(keys)
    keys.add_argument("--top", type=_positive_int, default=10, metavar="N", help="how many keywords (default 10)")

    rep = commands.add_parser(
        "report",
        help="write an HTML report of 'zhnews batch' output",
        description="Write one self-contained HTML page (no network needed to open it) about the records of 'zhnews batch': "
        "topic shares per period as a chart and a table, each topic's keywords and most typical briefs, and the error records by reason. "
        "Needs the 'report' extra: pip install 'zhnews[report]'.",
    )
    rep.add_argument("inputs", nargs="+", metavar="FILE", help="JSONL written by 'zhnews batch' (.jsonl or .jsonl.gz)")
    rep.add_argument("-o", "--output", required=True, metavar="HTML", help="the page to write (replaced if it exists)")
    rep.add_argument("--by", choices=PERIODS, default="month", help="periods of the chart and table: calendar month, quarter or year, or input FILE (default month)")

    split = commands.add_parser(
        "split",
        help="split an exported newspaper page into its articles",
        description="Split the text exported from a newspaper page into its articles and photo items, in page "
        "order: headline, subtitle, byline and body, column cuts joined, repeats dropped.",
    )
    split.add_argument("file", nargs="?", default="-", metavar="PAGE", help="page text file, or - for standard input (default)")
    split.add_argument("--label", action="append", default=[], metavar="TEXT", help="one more section label of this paper (repeatable)")
    split.add_argument("--json", action="store_true", help="print JSON Lines: one article per line")
    return parser


def _read_input(name: str) -> str:
    if name == "-":
        if sys.stdin is None or sys.stdin.isatty():
            raise InputError("<stdin>", "no input: give a FILE or pipe text to standard input")
        return decode_bytes(sys.stdin.buffer.read(), "<stdin>")
    return read_text(name)


def _document(args: argparse.Namespace) -> Document:
    tokenizer = Tokenizer(user_dict=args.user_dict) if args.user_dict else default_tokenizer()
    return Document.from_text(_read_input(args.file), title=args.title, tokenizer=tokenizer)


def _print_json(payload: Any) -> None:
    print(json.dumps(payload, ensure_ascii=False, indent=2))


def _report(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .report import build_report

    out = Path(args.output).resolve()
    for name in args.inputs:
        if Path(name).resolve() == out:
            raise ValueError(f"-o {args.output}: that is an input file; choose another name for the page")
    agg = build_report(args.inputs, args.output, by=args.by)
    if agg.header.unreadable:
        first = next(g for g in agg.errors if g.reason.startswith("unreadable line: "))
        print(
            f"zhnews: warning: {agg.header.unreadable} unreadable line(s), e.g. {first.examples[0]}: {first.example_error}; "
            "they are listed with the error records in the report",
            file=sys.stderr,
        )
    return 0


def _print_split(split: PageSplit, *, as_json: bool) -> None:
    if as_json:
        for article in split:
            print(json.dumps(article.as_dict(), ensure_ascii=False))
        return
    for k, article in enumerate(split):
        if k:
            print()
        kind = " [photo]" if article.kind == "photo" else ""
        print(f"##{kind} {article.title}" if article.title else f"##{kind} (no headline)")
        for line in (article.subtitle, article.byline):
            if line:
                print(line)
        if article.text:
            print()
            print(article.text)


def _run(args: argparse.Namespace) -> int:
    if args.command == "report":
        return _report(args)
    if args.command == "split":
        labels = (*DEFAULT_SECTION_LABELS, *args.label)
        _print_split(split_page(_read_input(args.file), section_labels=labels), as_json=args.json)
        return 0
    doc = _document(args)
    if args.command == "summarize":
        brief = summarize(doc, max_sentences=args.sentences, max_chars=args.max_chars)
        if args.json:
            _print_json(
                {
                    "source": "<stdin>" if args.file == "-" else args.file,
                    "brief": brief.text,
                    "sentences": [
                        {"index": s.index, "start": s.start, "end": s.end, "text": s.text, "score": round(s.score, 6)}
                        for s in brief.sentences
                    ],
                }
            )
        elif brief.text:
            print(brief.text)
    else:
        ranked = keywords(doc, top_k=args.top)
        if args.json:
            _print_json([{"word": w, "score": round(score, 6)} for w, score in ranked])
        else:
            for word, score in ranked:
                print(f"{word}\t{score:.4f}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except (InputError, MissingExtraError) as exc:
        print(f"zhnews: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except (ValueError, TypeError) as exc:
        print(f"zhnews: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
