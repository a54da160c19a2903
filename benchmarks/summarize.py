"""Summarizer benchmark: zhnews's extractive briefs beside Lead-k and three open-source
Chinese summarizers, on real news and on the corpus's reference briefs.

Why one run for everything: figures taken on different days, machines or article
subsets cannot be compared, so every tool is scored on the same articles and timed in
the same process, alternating, on the same pool.

Tools (each returns k sentences, put in article order before scoring):

- ``zhnews``: ``zhnews.summarize(text, title=title or None, max_sentences=k)``, as
  shipped, and again with its lead prior off (``lead_weight=0.0``) to show what the
  ranking does on its own.
- ``Lead-k``: the first k sentences by zhnews's own splitter, the baseline that news
  summarizers must beat (news puts the gist first).
- ``textrank4zh`` 0.3: ``TextRank4Sentence``, ``source="all_filters"`` (Mihalcea &
  Tarau 2004 over jieba words). It calls ``networkx.from_numpy_matrix``, removed in
  networkx 3; the benchmark aliases it to ``from_numpy_array``, which builds the same
  graph.
- ``SnowNLP``: ``SnowNLP(text).summary(k)``; note that SnowNLP's "sentences" are
  clauses, since its splitter also cuts at "，" and "；".
- ``sumy TextRank``: sumy's ``TextRankSummarizer`` with ``Tokenizer("chinese")``
  (jieba words) and sumy's Chinese stop words, as sumy's documentation sets them up.

A tool that is not installed is skipped with a note; so is a data set that is absent.

ROUGE is computed on characters, the usual unit for Chinese (word scores would depend
on which segmenter is used): whitespace and punctuation (Unicode category P*) are
removed, n-grams are counted with repeats, ROUGE-L is the plain longest common
subsequence of the whole brief against the whole reference (rouge-score's ``rougeL``,
not ``rougeLsum``), and F = 2PR/(P+R), averaged over articles.

Speed is measured on a pool of distinct articles (every realdev text plus the corpus's
articles): one warm-up pass per tool, then ``--runs`` passes per tool, alternating
tools, reporting the median. Nothing is cached between passes. Peak memory is the
high-water mark of resident memory (Linux ``VmHWM``) of a freshly spawned interpreter
that loads the pool, then imports the tool and runs one pass over the pool; the table
shows that peak and what the tool added to the harness's own footprint.

Usage::

    python benchmarks/summarize.py [--sets local clts lcsts corpus] [--runs N]
                                   [--quick] [--markdown] [--check]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType

import _bench

SummarizeFn = Callable[[str, str, int], list[str]]
"""A summarizer under test: (text, title, k) -> its k sentences in article order."""

K_ARTICLE = 2
K_POST = 1
MIN_POOL = 300
WARMUP_ARTICLES = 50
TEXTRANK4ZH_SPEEDUP = 12.0
SUMY_SPEEDUP = 1.5
ZHNEWS = "zhnews"
ZHNEWS_NO_LEAD = "zhnews lead_weight=0"
LEAD_K = "Lead-k"
TEXTRANK4ZH = "textrank4zh"
SNOWNLP = "SnowNLP"
SUMY = "sumy TextRank"
ANCHORS = (TEXTRANK4ZH, SNOWNLP, SUMY)


class Unavailable(Exception):
    """A tool cannot run in this environment; the message says why and how to fix it."""


@dataclass(frozen=True, slots=True)
class Article:
    """One article with what every tool needs and, when scored, its reference brief."""

    id: str
    title: str
    text: str
    reference: str
    k: int


@dataclass(frozen=True, slots=True)
class ArticleSet:
    """A set of articles reported on its own; ``real`` sets carry the done-criteria."""

    name: str
    description: str
    articles: tuple[Article, ...]
    real: bool


@dataclass(frozen=True, slots=True)
class Quality:
    """Mean character ROUGE F of one tool on one set, and how long its briefs were."""

    rouge1: float
    rouge2: float
    rouge_l: float
    brief_chars: float
    errors: int


@dataclass(frozen=True, slots=True)
class Speed:
    """Throughput of one tool on the pool (median pass) and its memory peak."""

    seconds: float
    docs_per_s: float
    chars_per_s: float
    memory: _bench.MemoryPeak | None


@dataclass(frozen=True, slots=True)
class Check:
    """One done-criterion: passed (True), failed (False) or not checkable (None)."""

    name: str
    passed: bool | None
    detail: str


# --- tools -----------------------------------------------------------------------


def _probe(tool: SummarizeFn, name: str) -> SummarizeFn:
    """Run a tool once on a tiny text so that a broken install or API is a note, not a crash."""
    try:
        result = tool("今天天气很好。我们去公园散步。", "", 1)
    except Exception as exc:  # any failure here means the tool cannot be benchmarked
        raise Unavailable(f"{name} fails on a two-sentence text: {type(exc).__name__}: {exc}") from exc
    if not isinstance(result, list) or not all(isinstance(sentence, str) for sentence in result):
        raise Unavailable(f"{name} returned {result!r}, not a list of sentence strings")
    return tool


def _import_zhnews() -> ModuleType:
    try:
        import zhnews
    except Exception as exc:  # the library may be mid-change; report, don't crash
        raise Unavailable(f"zhnews does not import ({type(exc).__name__}: {exc}); run `pip install -e .`") from exc
    return zhnews


def _zhnews_tool(**options: float) -> SummarizeFn:
    zhnews = _import_zhnews()

    def run(text: str, title: str, k: int) -> list[str]:
        brief = zhnews.summarize(text, title=title or None, max_sentences=k, **options)
        return [sentence.text for sentence in sorted(brief.sentences, key=lambda s: s.index)]

    return run


def make_zhnews() -> SummarizeFn:
    """zhnews as shipped."""
    return _probe(_zhnews_tool(), ZHNEWS)


def make_zhnews_no_lead() -> SummarizeFn:
    """zhnews with the position prior off: what its ranking alone is worth."""
    return _probe(_zhnews_tool(lead_weight=0.0), ZHNEWS_NO_LEAD)


def make_lead_k() -> SummarizeFn:
    """The first k sentences by zhnews's splitter, so only the choice of sentences differs."""
    zhnews = _import_zhnews()

    def run(text: str, title: str, k: int) -> list[str]:
        return [sentence.text for sentence in zhnews.split_sentences(text)[:k]]

    return _probe(run, LEAD_K)


def make_textrank4zh() -> SummarizeFn:
    """textrank4zh's sentence TextRank over all-filtered jieba words."""
    try:
        import networkx
        from textrank4zh import TextRank4Sentence
    except ImportError as exc:
        raise Unavailable("textrank4zh is not installed (pip install textrank4zh)") from exc
    if not hasattr(networkx, "from_numpy_matrix"):
        # networkx 3 removed from_numpy_matrix; from_numpy_array builds the same graph.
        networkx.from_numpy_matrix = networkx.from_numpy_array
    ranker = TextRank4Sentence()

    def run(text: str, title: str, k: int) -> list[str]:
        ranker.analyze(text=text, lower=True, source="all_filters")
        chosen = sorted(ranker.get_key_sentences(num=k), key=lambda item: item["index"])
        return [item["sentence"] for item in chosen]

    return _probe(run, TEXTRANK4ZH)


def _in_article_order(sentences: Sequence[str], chosen: Sequence[str]) -> list[str]:
    """Put ranked sentences back in article order, matching repeats one by one."""
    taken: set[int] = set()
    for sentence in chosen:
        taken.add(next(i for i, s in enumerate(sentences) if s == sentence and i not in taken))
    return [sentences[i] for i in sorted(taken)]


def make_snownlp() -> SummarizeFn:
    """SnowNLP's TextRank summary (returned by rank, so reordered here)."""
    try:
        from snownlp import SnowNLP
    except ImportError as exc:
        raise Unavailable("SnowNLP is not installed (pip install snownlp)") from exc

    def run(text: str, title: str, k: int) -> list[str]:
        blob = SnowNLP(text)
        return _in_article_order(blob.sentences, blob.summary(k))

    return _probe(run, SNOWNLP)


def make_sumy() -> SummarizeFn:
    """sumy's TextRank with its jieba-based Chinese tokenizer and Chinese stop words."""
    try:
        from sumy.nlp.tokenizers import Tokenizer
        from sumy.parsers.plaintext import PlaintextParser
        from sumy.summarizers.text_rank import TextRankSummarizer
        from sumy.utils import get_stop_words
    except ImportError as exc:
        raise Unavailable("sumy is not installed (pip install sumy 'setuptools<82')") from exc
    try:
        tokenizer = Tokenizer("chinese")
    except Exception as exc:  # its Chinese support has broken with packaging changes
        raise Unavailable(f"sumy's Chinese tokenizer fails ({exc}); pip install 'setuptools<82' jieba") from exc
    summarizer = TextRankSummarizer()
    summarizer.stop_words = get_stop_words("chinese")

    def run(text: str, title: str, k: int) -> list[str]:
        document = PlaintextParser.from_string(text, tokenizer).document
        return [str(sentence) for sentence in summarizer(document, k)]  # already in document order

    return _probe(run, SUMY)


TOOLS: dict[str, Callable[[], SummarizeFn]] = {
    ZHNEWS: make_zhnews,
    ZHNEWS_NO_LEAD: make_zhnews_no_lead,
    LEAD_K: make_lead_k,
    TEXTRANK4ZH: make_textrank4zh,
    SNOWNLP: make_snownlp,
    SUMY: make_sumy,
}


def load_tools(notes: list[str]) -> dict[str, SummarizeFn]:
    """Build every tool that can run here; note the others."""
    tools: dict[str, SummarizeFn] = {}
    for name, make in TOOLS.items():
        try:
            tools[name] = make()
        except Unavailable as exc:
            notes.append(f"skipped {name}: {exc}")
    return tools


def run_pool(tool: SummarizeFn, articles: Sequence[Article]) -> int:
    """Summarize every article once; return how many raised.

    A tool that raises on an article is charged the time it took and scored as an
    empty brief: third-party tools do fail on some real texts, and that must neither
    stop the benchmark nor go unseen.
    """
    errors = 0
    for article in articles:
        try:
            tool(article.text, article.title, article.k)
        except Exception:  # counted and reported, see docstring
            errors += 1
    return errors


def _memory_job(name: str, articles: Sequence[Article]) -> None:
    """Build one tool and run one pass over the pool (run in a fresh interpreter)."""
    run_pool(TOOLS[name](), articles)


def jieba_lcut_pass(articles: Sequence[Article]) -> None:
    """The reference pass: jieba's word segmentation alone, a floor for any jieba user."""
    import jieba

    for article in articles:
        jieba.lcut(article.text)


# --- data ------------------------------------------------------------------------


def _realdev() -> Path | None:
    shared = _bench.shared_dir()
    if shared is None or not (shared / "realdev").is_dir():
        return None
    return shared / "realdev"


def _articles(records: Sequence[dict], *, prefix: str, reference: str, k: int) -> tuple[Article, ...]:
    return tuple(
        Article(
            id=str(record.get("id", f"{prefix}-{i}")),
            title=record.get("title") or "",
            text=record["text"],
            reference=record.get(reference) or "",
            k=k,
        )
        for i, record in enumerate(records)
    )


def load_realdev_sets(notes: list[str]) -> list[ArticleSet]:
    """The real sets: local news, the long CLTS articles and the short LCSTS posts."""
    realdev = _realdev()
    if realdev is None:
        notes.append(f"no real sets: {_bench.PROJECT_ROOT.parent / 'shared' / 'realdev'} is missing")
        return []
    local, _ = _bench.read_jsonl(realdev / "local_news.jsonl")
    briefs, _ = _bench.read_jsonl(realdev / "news_briefs.jsonl")
    clts = [r for r in briefs if r.get("source", "").startswith("CLTS")]
    lcsts = [r for r in briefs if r.get("source", "").startswith("LCSTS")]
    return [
        ArticleSet(
            "local",
            "realdev local_news.jsonl: local news, editor-style reference briefs",
            _articles(local, prefix="local", reference="summary", k=K_ARTICLE),
            real=True,
        ),
        ArticleSet(
            "clts",
            "realdev news_briefs.jsonl, CLTS: long 澎湃 articles, editors' summaries",
            _articles(clts, prefix="clts", reference="summary", k=K_ARTICLE),
            real=True,
        ),
        ArticleSet(
            "lcsts",
            "realdev news_briefs.jsonl, LCSTS: short Weibo posts, headline-like summaries",
            _articles(lcsts, prefix="lcsts", reference="summary", k=K_POST),
            real=True,
        ),
    ]


def load_corpus_set(notes: list[str]) -> ArticleSet | None:
    """The project corpus's reference briefs; files may be partial while being written."""
    files = sorted((_bench.PROJECT_ROOT / "corpus").glob("*.jsonl"))
    records: list[dict] = []
    bad = 0
    for path in files:
        file_records, file_bad = _bench.read_jsonl(path)
        records += file_records
        bad += file_bad
    usable = [r for r in records if isinstance(r.get("text"), str) and r["text"] and r.get("brief")]
    bad += len(records) - len(usable)
    if bad:
        notes.append(f"corpus: {bad} record(s) skipped (unparseable, or no text or brief)")
    if not usable:
        notes.append("no corpus set: corpus/*.jsonl has no record with text and brief yet")
        return None
    return ArticleSet(
        "corpus",
        f"corpus/*.jsonl ({len(files)} files): the project's written articles and briefs",
        _articles(usable, prefix="corpus", reference="brief", k=K_ARTICLE),
        real=False,
    )


def load_pool(sets: Sequence[ArticleSet]) -> list[Article]:
    """Distinct articles for timing: every realdev text plus the corpus's articles.

    Built from all sets whatever ``--sets`` selects, plus ``news_topics.jsonl``
    (no reference briefs, but real articles), so speed is always measured on the same
    pool. Duplicates are dropped so that no text is timed twice in a pass.
    """
    candidates = [article for s in sets for article in s.articles]
    realdev = _realdev()
    if realdev is not None:
        topics, _ = _bench.read_jsonl(realdev / "news_topics.jsonl")
        candidates += _articles(topics, prefix="topics", reference="summary", k=K_ARTICLE)
    seen: set[str] = set()
    pool: list[Article] = []
    for article in candidates:
        if article.text not in seen:
            seen.add(article.text)
            pool.append(article)
    return pool


# --- quality ---------------------------------------------------------------------


class CharTokenizer:
    """rouge-score tokenizer: one token per character, whitespace and punctuation dropped.

    A module-level class (not a lambda) so rouge-score can hold it like its own.
    """

    def tokenize(self, text: str) -> list[str]:
        """Characters of ``text`` that are neither whitespace nor punctuation (P*)."""
        return [c for c in text if not c.isspace() and not unicodedata.category(c).startswith("P")]


def score_set(tool: SummarizeFn, articles: Sequence[Article]) -> Quality:
    """Mean character ROUGE-1/2/L F of a tool's briefs against the references."""
    from rouge_score import rouge_scorer

    tokenizer = CharTokenizer()
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], tokenizer=tokenizer)
    totals = {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
    chars = 0
    errors = 0
    for article in articles:
        try:
            brief = "".join(tool(article.text, article.title, article.k))
        except Exception:  # scored as an empty brief and reported, as in run_pool
            brief = ""
            errors += 1
        scores = scorer.score(article.reference, brief)
        for key in totals:
            totals[key] += scores[key].fmeasure
        chars += len(tokenizer.tokenize(brief))
    n = len(articles)
    return Quality(
        rouge1=totals["rouge1"] / n,
        rouge2=totals["rouge2"] / n,
        rouge_l=totals["rougeL"] / n,
        brief_chars=chars / n,
        errors=errors,
    )


# --- speed -----------------------------------------------------------------------


def measure_speed(
    tools: dict[str, SummarizeFn], pool: Sequence[Article], runs: int, notes: list[str]
) -> tuple[dict[str, Speed], Speed]:
    """Time every tool and jieba.lcut on the pool; measure each one's memory peak.

    The warm-up is a pass over the first articles of the pool: enough to load every
    dictionary and model, which the quality scoring before it has loaded already.
    """
    errors: dict[str, int] = {}

    def timed_pass(name: str, tool: SummarizeFn) -> Callable[[], None]:
        def run() -> None:
            errors[name] = run_pool(tool, pool)

        return run

    passes: dict[str, Callable[[], object]] = {name: timed_pass(name, tool) for name, tool in tools.items()}
    passes["jieba.lcut"] = lambda: jieba_lcut_pass(pool)
    _progress(f"warm-up: each tool on the first {WARMUP_ARTICLES} pool articles")
    for tool in tools.values():
        run_pool(tool, pool[:WARMUP_ARTICLES])
    jieba_lcut_pass(pool[:WARMUP_ARTICLES])
    _progress(f"timing: {runs} alternating run(s) of {len(passes)} passes over {len(pool)} articles")
    seconds = _bench.time_alternating(passes, runs=runs)
    notes += [f"{name} raised on {n} of {len(pool)} pool articles" for name, n in errors.items() if n]

    _progress("memory: one pass per tool, each in a fresh interpreter")
    jobs: dict[str, tuple[Callable[..., object], tuple[object, ...]]] = {
        name: (_memory_job, (name, list(pool))) for name in tools
    }
    jobs["jieba.lcut"] = (jieba_lcut_pass, (list(pool),))
    memory = _bench.peak_memories(jobs)
    chars = sum(len(article.text) for article in pool)

    def speed(name: str) -> Speed:
        median = _bench.median(seconds[name])
        return Speed(median, len(pool) / median, chars / median, memory[name])

    return {name: speed(name) for name in tools}, speed("jieba.lcut")


# --- checks ----------------------------------------------------------------------


def quality_checks(quality: dict[str, dict[str, Quality]], sets: Sequence[ArticleSet]) -> list[Check]:
    """On each real set: zhnews ≥ Lead-k and > every anchor; zhnews without lead > textrank4zh."""
    checks = []
    for article_set in (s for s in sets if s.real):
        scores = quality[article_set.name]
        comparisons = [(ZHNEWS, LEAD_K, True)] + [(ZHNEWS, a, False) for a in ANCHORS]
        comparisons.append((ZHNEWS_NO_LEAD, TEXTRANK4ZH, False))
        for ours, theirs, ties_pass in comparisons:
            relation = "≥" if ties_pass else ">"
            name = f"{article_set.name}: {ours} ROUGE-L {relation} {theirs}"
            if ours not in scores or theirs not in scores:
                missing = ours if ours not in scores else theirs
                checks.append(Check(name, None, f"{missing} did not run"))
                continue
            a, b = scores[ours].rouge_l, scores[theirs].rouge_l
            passed = a >= b if ties_pass else a > b
            checks.append(Check(name, passed, f"{100 * a:.3f} vs {100 * b:.3f}"))
    return checks


def speed_checks(speed: dict[str, Speed], pool_size: int) -> list[Check]:
    """zhnews docs/s ≥ 12× textrank4zh's and ≥ 1.5× sumy's, on a pool of ≥ 300 articles."""
    checks = []
    for anchor, factor in ((TEXTRANK4ZH, TEXTRANK4ZH_SPEEDUP), (SUMY, SUMY_SPEEDUP)):
        name = f"speed: {ZHNEWS} docs/s ≥ {factor:g}× {anchor}"
        if ZHNEWS not in speed or anchor not in speed:
            missing = ZHNEWS if ZHNEWS not in speed else anchor
            checks.append(Check(name, None, f"{missing} did not run"))
            continue
        ratio = speed[ZHNEWS].docs_per_s / speed[anchor].docs_per_s
        detail = f"{ratio:.1f}× ({speed[ZHNEWS].docs_per_s:.0f} vs {speed[anchor].docs_per_s:.0f} docs/s)"
        if pool_size < MIN_POOL:
            checks.append(Check(name, None, f"{detail}, but the pool has {pool_size} < {MIN_POOL} articles"))
            continue
        checks.append(Check(name, ratio >= factor, detail))
    return checks


# --- report ----------------------------------------------------------------------


def _progress(message: str) -> None:
    """Say what is running on stderr, so a several-minute run does not look hung."""
    print(f"[summarize] {message}", file=sys.stderr, flush=True)


def _heading(text: str, markdown: bool) -> str:
    return f"\n### {text}\n" if markdown else f"\n== {text}"


def _tokenizer_backend() -> str:
    try:
        import zhnews

        return zhnews.Tokenizer().backend_name
    except Exception as exc:  # reported, not fatal: the environment line is informational
        return f"unknown ({type(exc).__name__})"


def _environment() -> str:
    versions = [
        f"{package} {_bench.package_version(package) or 'not installed'}"
        for package in ("zhnews", "jieba", "jieba-fast-dat", "textrank4zh", "networkx", "snownlp", "sumy", "rouge-score")
    ]
    openblas = {key: os.environ[key] for key in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if key in os.environ}
    lines = [
        f"date: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; Python {platform.python_version()} "
        f"on {platform.machine()}, {os.cpu_count()} cores",
        "packages: " + ", ".join(versions),
        f"zhnews tokenizer backend: {_tokenizer_backend()} (set ZHNEWS_TOKENIZER=jieba or jieba-fast to choose)",
        f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
    ]
    if openblas:
        lines.append("environment: " + ", ".join(f"{k}={v}" for k, v in openblas.items()))
    return "\n".join(lines)


def quality_table(article_set: ArticleSet, scores: dict[str, Quality], markdown: bool) -> str:
    """One set's ROUGE table, with the mean brief and reference lengths for context."""
    tokenizer = CharTokenizer()
    reference_chars = sum(len(tokenizer.tokenize(a.reference)) for a in article_set.articles)
    n = len(article_set.articles)
    k = article_set.articles[0].k
    title = f"{article_set.name}: {n} articles, k = {k}, reference {reference_chars / n:.0f} chars on average"
    rows = [
        [
            name,
            f"{100 * q.rouge1:.2f}",
            f"{100 * q.rouge2:.2f}",
            f"{100 * q.rouge_l:.2f}",
            f"{q.brief_chars:.0f}",
            str(q.errors),
        ]
        for name, q in scores.items()
    ]
    headers = ["tool", "ROUGE-1 F", "ROUGE-2 F", "ROUGE-L F", "brief chars", "errors"]
    table = _bench.render_table(headers, rows, markdown=markdown)
    return f"{_heading(title, markdown)}\n{article_set.description}; F × 100, characters\n\n{table}"


def _memory_cells(memory: _bench.MemoryPeak | None) -> list[str]:
    if memory is None:
        return ["n/a", "n/a"]
    return [f"{memory.peak_mib:.0f}", f"{memory.added_mib:+.0f}"]


def speed_table(
    speed: dict[str, Speed], reference: Speed, pool: Sequence[Article], runs: int, markdown: bool
) -> str:
    """The pool's throughput and memory table, then the jieba.lcut reference line."""
    chars = sum(len(article.text) for article in pool)
    title = f"speed: pool of {len(pool)} distinct articles, {chars} chars"
    rows = [
        [name, f"{s.docs_per_s:.1f}", f"{s.chars_per_s:,.0f}", f"{s.seconds:.3f}", *_memory_cells(s.memory)]
        for name, s in speed.items()
    ]
    headers = ["tool", "docs/s", "chars/s", "s/pass", "peak MiB", "tool MiB"]
    table = _bench.render_table(headers, rows, markdown=markdown)
    how = (
        f"median of {runs} alternating timed pass(es) per tool after one warm-up pass; "
        "peak MiB = high-water RSS (VmHWM) of a fresh interpreter that loaded the pool, "
        "then imported the tool and ran one pass; tool MiB = that peak minus the same "
        "process's peak before importing the tool"
    )
    line = (
        f"reference: jieba.lcut alone on the same pool: {reference.docs_per_s:.1f} docs/s, "
        f"{reference.chars_per_s:,.0f} chars/s, peak {_memory_cells(reference.memory)[0]} MiB"
    )
    return f"{_heading(title, markdown)}\n{how}\n\n{table}\n\n{line}"


def checks_section(checks: Sequence[Check], markdown: bool) -> str:
    """The done-criteria, one line each: PASS, FAIL, or N/A with the reason."""
    bullet = "- " if markdown else "  "
    lines = []
    for check in checks:
        status = {True: "PASS", False: "FAIL", None: "N/A "}[check.passed]
        lines.append(f"{bullet}{status}  {check.name}  ({check.detail})")
    return f"{_heading('checks', markdown)}\n" + "\n".join(lines)


# --- command line ----------------------------------------------------------------

SET_NAMES = ("local", "clts", "lcsts", "corpus")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Options of the benchmark (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="+", choices=SET_NAMES, default=list(SET_NAMES), help="sets to score")
    parser.add_argument("--runs", type=int, default=5, help="timed passes per tool (median reported; default 5)")
    parser.add_argument("--quick", action="store_true", help="one timed pass per tool: a smoke check")
    parser.add_argument("--markdown", action="store_true", help="print tables in Markdown for RESULTS.md")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 unless every done-criterion passes (N/A counts as failing)"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.runs = 1
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Score, time and check; print the report; return the exit status."""
    args = parse_args(argv)
    _bench.quiet_third_party()
    notes: list[str] = []
    all_sets = load_realdev_sets(notes)
    corpus = load_corpus_set(notes)
    if corpus is not None:
        all_sets.append(corpus)
    sets = [s for s in all_sets if s.name in args.sets and s.articles]
    pool = load_pool(all_sets)
    if len(pool) < MIN_POOL:
        notes.append(f"the speed pool has {len(pool)} articles, fewer than the {MIN_POOL} the criteria ask for")
    if args.runs < 5:
        notes.append(f"{args.runs} timed run(s): a smoke check; the reported figures need --runs 5 or more")
    tools = load_tools(notes)

    quality: dict[str, dict[str, Quality]] = {}
    for article_set in sets:
        _progress(f"scoring {article_set.name} ({len(article_set.articles)} articles)")
        quality[article_set.name] = {name: score_set(tool, article_set.articles) for name, tool in tools.items()}
        for name, q in quality[article_set.name].items():
            if q.errors:
                notes.append(f"{name} raised on {q.errors} of {len(article_set.articles)} {article_set.name} articles")
    speed, reference = measure_speed(tools, pool, args.runs, notes)
    checks = quality_checks(quality, sets) + speed_checks(speed, len(pool))

    print(_heading("zhnews summarizer benchmark", args.markdown))
    print(_environment())
    for article_set in sets:
        print(quality_table(article_set, quality[article_set.name], args.markdown))
    print(speed_table(speed, reference, pool, args.runs, args.markdown))
    print(checks_section(checks, args.markdown))
    if notes:
        bullet = "- " if args.markdown else "  "
        print(f"{_heading('notes', args.markdown)}\n" + "\n".join(bullet + note for note in notes))

    failing = [check for check in checks if check.passed is not True]
    if args.check and (failing or not checks):
        print(f"\n--check: {len(failing)} criterion(s) not passed" if checks else "\n--check: nothing to check")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
