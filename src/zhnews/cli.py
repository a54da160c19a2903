"""The ``zhnews`` command: a thin layer of argument parsing over the library.

Every failure the user can fix (a missing file, undecodable bytes, a bad
option value) is reported as one line on stderr with a non-zero exit status;
a traceback means a bug in zhnews.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NoReturn

from .errors import InputError, MissingExtraError
from .report.aggregate import PERIODS
from .summarize import keywords, summarize
from .text.decode import decode_bytes, read_text
from .text.document import Document
from .text.tokenize import Tokenizer, default_tokenizer

if TYPE_CHECKING:  # pragma: no cover
    from .pages import PageSplit

__all__ = ["main"]

EXIT_INPUT = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"zhnews: error: {message}\n")


class _VersionAction(argparse.Action):
    """``--version``: the version is read from the package metadata only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="show the version and exit", **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option_string: str | None = None) -> None:
        from . import __version__

        print(f"zhnews {__version__}")
        parser.exit()


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
    parser.add_argument("--version", action=_VersionAction)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True, parser_class=_Parser)

    def file_argument(sub: argparse.ArgumentParser, *, default: str | None = "-") -> None:
        sub.add_argument("file", nargs="?", default=default, metavar="FILE", help="article text file, or - for standard input (default)")

    def model_option(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--model", metavar="PATH", help="a model folder (default: the shipped model)")

    def common(sub: argparse.ArgumentParser) -> None:
        file_argument(sub)
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

    cls = commands.add_parser(
        "classify",
        help="tag an article by topic",
        description="Print the article's topics (party_building, rule_of_law, civilization_campaign, safety; "
        "'other' when none applies), with their probabilities.",
    )
    file_argument(cls)
    cls.add_argument("--title", help="the article's headline (a feature of its own)")
    cls.add_argument("--json", action="store_true", help="print JSON instead of plain text")
    cls.add_argument("--explain", action="store_true", help="also list, per topic, the terms that pushed it most")
    model_option(cls)

    ana = commands.add_parser(
        "analyze",
        help="topics, brief and keywords of an article, as one JSON record",
        description="Print one JSON record with the article's topics, probabilities, brief and keywords: "
        "the record 'zhnews batch' writes for each article.",
    )
    file_argument(ana, default=None)
    ana.add_argument("--title", help="the article's headline")
    model_option(ana)
    ana.add_argument(
        "--page", metavar="PAGE",
        help="a newspaper page (file, or - for standard input): split it into articles and print one record per article (JSON Lines)",
    )

    bat = commands.add_parser(
        "batch",
        help="analyse an archive: one record per article, in parallel, resumable",
        description="Analyse every article of the inputs into one JSONL (or CSV) file of records, the record 'zhnews analyze' "
        "prints. INPUT is files, folders (recursive) or globs of .txt (one article, or one page with --pages), .jsonl "
        "(one article per line: text required; id, title, date kept) and .gz of either. A bad input is an error record, "
        "never the end of the run; the exit status is 0 when the run completes. Results go to OUT.part, renamed to OUT "
        "when complete; --resume continues a killed run.",
    )
    bat.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders or globs")
    bat.add_argument("-o", "--output", required=True, metavar="OUT", help="the output file (.jsonl, or .csv)")
    bat.add_argument("--jobs", type=_positive_int, default=None, metavar="N", help="worker processes (default: every core; 1 runs in this process)")
    bat.add_argument("--pages", action="store_true", help="read .txt files as newspaper pages and split them into articles")
    bat.add_argument("--resume", action="store_true", help="continue OUT.part left by a killed run (nothing lost, nothing written twice)")
    bat.add_argument("--quiet", action="store_true", help="no progress bar and no summary line")
    bat.add_argument("--format", choices=("jsonl", "csv"), default=None, help="output format (default: csv for a .csv name, else jsonl)")
    model_option(bat)
    bat.add_argument("--dask", metavar="ADDRESS", help="run on the Dask cluster at ADDRESS (needs the 'dask' extra)")

    trn = commands.add_parser(
        "train",
        help="train a topic model on a corpus",
        description="Fit a topic model on the corpus's train and dev splits, evaluate it on the test split, "
        "and write the model folder with its model card (MODEL.md). Deterministic.",
    )
    trn.add_argument("--corpus", metavar="DIR", help="the corpus folder (default: the repository's corpus/)")
    trn.add_argument("--out", required=True, metavar="DIR", help="the model folder to write, e.g. models/news-topics")
    trn.add_argument("--name", help="the model's name (default: the folder name)")
    trn.add_argument("--model-version", metavar="VERSION", help="the model's version (default: the zhnews version)")
    trn.add_argument(
        "--dev-set", action="append", default=[], metavar="NAME=FILE",
        help="a labelled JSONL set (text, labels, title) reported in the model card, never trained on; repeatable",
    )

    evl = commands.add_parser(
        "evaluate",
        help="score a topic model on labelled articles",
        description="Print per-label precision, recall, F1 and Brier score, macro-F1 over the four topics, "
        "micro-F1 and exact match, on a corpus split or on a labelled JSONL file.",
    )
    evl.add_argument("--corpus", metavar="DIR", help="the corpus folder (default: the repository's corpus/)")
    evl.add_argument("--split", choices=("train", "dev", "test"), default="test", help="the corpus split to score (default test)")
    evl.add_argument("--data", metavar="FILE", help="score this labelled JSONL file (text, labels, title) instead of a corpus split")
    model_option(evl)
    evl.add_argument("--json", action="store_true", help="print JSON instead of a table")

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


def _source(name: str) -> str:
    return "<stdin>" if name == "-" else name


def _source_name(args: argparse.Namespace) -> str:
    return _source(args.file)


def _classify(args: argparse.Namespace) -> int:
    from .pipeline import classify, model_tokenizer, resolve_model

    model = resolve_model(args.model)
    doc = Document.from_text(_read_input(args.file), title=args.title, tokenizer=model_tokenizer(model))
    topics = classify(doc, model=model)
    explained = topics.explain() if args.explain else {}
    if args.json:
        payload: dict[str, Any] = {
            "source": _source_name(args),
            "labels": list(topics.labels),
            "probabilities": {k: round(v, 4) for k, v in topics.probabilities.items()},
        }
        if args.explain:
            payload["explain"] = {k: [[term, round(w, 4)] for term, w in v] for k, v in explained.items()}
        _print_json(payload)
        return 0
    print(" ".join(topics.labels))
    for label, probability in topics.probabilities.items():
        print(f"  {label:<22} {probability:.3f}")
    for label, terms in explained.items():
        print(f"{label}: " + ", ".join(f"{term} {w:.3f}" for term, w in terms))
    return 0


def _analyze(args: argparse.Namespace) -> int:
    from .pipeline import analyze, model_tokenizer, resolve_model
    from .records import model_info, ok_record

    if args.page is not None:
        return _analyze_page(args)
    args.file = "-" if args.file is None else args.file
    model = resolve_model(args.model)
    doc = Document.from_text(_read_input(args.file), title=args.title, tokenizer=model_tokenizer(model))
    analysis = analyze(doc, model=model)
    source = _source_name(args)
    record = ok_record(analysis, source=source, id=source, title=args.title, date=None, model=model_info(model))
    print(json.dumps(record, ensure_ascii=False))
    return 0


def _analyze_page(args: argparse.Namespace) -> int:
    from .batch.engine import analyze_many
    from .batch.readers import TextTask

    if args.file is not None:
        raise ValueError("give the page with --page PAGE or an article FILE, not both")
    if args.title is not None:
        raise ValueError("--title does not apply to --page: each article's headline comes from the page")
    text = _read_input(args.page)
    if not text.strip():
        raise InputError(_source(args.page), "empty page")
    source = _source(args.page)
    task = TextTask(source, text, pages=True, path=None if args.page == "-" else args.page)
    for record in analyze_many([task], model=args.model):
        print(json.dumps(record, ensure_ascii=False))
    return 0


#: The youngest generation's collection threshold while ``zhnews batch`` runs (Python's
#: default is 700).
_BATCH_GC_THRESHOLD = 20_000


@contextmanager
def _batch_collector() -> Iterator[None]:
    """Collect cycles less often while this process analyses an archive.

    An article leaves tens of thousands of short-lived objects (tokens, lists, tuples)
    and no cycles worth collecting; at Python's default threshold the collector runs
    every 700 allocations and takes about 3 % of a ``--jobs 1`` batch. Done in the
    command, never in the library: a program that calls :func:`zhnews.analyze_many`
    keeps its own collector settings.
    """
    threshold = gc.get_threshold()
    gc.freeze()  # what is loaded by now (modules, the model's tables) is never garbage
    gc.set_threshold(max(threshold[0], _BATCH_GC_THRESHOLD), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _batch(args: argparse.Namespace) -> int:
    from .batch.run import run_batch

    with _batch_collector():
        summary = run_batch(
            args.inputs,
            args.output,
            format=args.format,
            pages=args.pages,
            resume=args.resume,
            n_jobs=args.jobs,
            model=args.model,
            dask_client=args.dask,
            progress=False if args.quiet else None,
        )
    if not args.quiet:
        print(f"zhnews: {summary.line()}", file=sys.stderr)
    return 0


def _train(args: argparse.Namespace) -> int:
    from .topics.training import train

    dev_sets = {}
    for item in args.dev_set:
        name, sep, path = item.partition("=")
        if not sep or not name or not path:
            raise ValueError(f"--dev-set {item!r}: expected NAME=FILE")
        dev_sets[name] = path
    model, report = train(args.corpus, args.out, name=args.name, version=args.model_version, dev_sets=dev_sets)
    for set_name, metrics in report.items():
        print(f"{set_name}: macro-F1 {metrics['macro_f1']:.3f}, micro-F1 {metrics['micro_f1']:.3f}, exact match {metrics['exact_match']:.3f} ({metrics['n']} articles)")
    print(f"wrote {args.out}")
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from .topics.training import evaluate, read_labelled
    from .corpus import load_corpus
    from .pipeline import resolve_model

    model = resolve_model(args.model)
    if args.data:
        texts, labels = read_labelled(args.data)
        what = args.data
    else:
        articles = load_corpus(args.corpus, split=args.split)
        texts, labels = [(a.title, a.text) for a in articles], [a.labels for a in articles]
        what = f"corpus split {args.split}"
    metrics = evaluate(model, texts, labels)
    if args.json:
        _print_json({"data": what, **metrics.as_dict()})
    else:
        print(f"{what}: {metrics.n} articles\n")
        print(metrics.table())
    return 0


_COMMANDS = {"classify": _classify, "analyze": _analyze, "batch": _batch, "train": _train, "evaluate": _evaluate}


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
        from .pages import DEFAULT_SECTION_LABELS, split_page

        labels = (*DEFAULT_SECTION_LABELS, *args.label)
        _print_split(split_page(_read_input(args.file), section_labels=labels), as_json=args.json)
        return 0
    if args.command in _COMMANDS:
        return _COMMANDS[args.command](args)
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
