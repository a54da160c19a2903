"""Topic-classifier benchmark: zhnews beside the baselines a user would build, in one run.

Tools (each fitted on the same articles, predicting label tuples, ``("other",)`` when no
topic fires):

- ``zhnews``: ``TopicClassifier()`` as shipped (its default settings).
- ``TF-IDF + LinearSVC``: what a user writes by hand — ``jieba.lcut`` →
  ``TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)`` on title + text →
  one-vs-rest ``LinearSVC``, default thresholds (decision > 0).
- ``THUCTC-style``: character bigrams, TF-IDF, chi-square selection of the 20,000 best
  features per topic, one-vs-rest ``LinearSVC`` (the recipe of THUCTC, Sun et al. 2016).
- ``keyword rule``: one regular expression of each topic's cue words from the label spec
  (TOPICS.md); a topic fires when its cues occur at least twice in title + text (once
  fires on nearly every government article).

Evaluations: the corpus test split (fitted on train + dev), 5-fold cross-validation over
the whole corpus, and each real development set (fitted on train + dev; never trained
on). Scores: macro-F1 over the four topics, micro-F1, exact match, per-topic F1; fit
time and docs/s (prediction including tokenization, on the test split and the real sets).

``--ablations`` adds the measurements behind zhnews's design choices (domain dictionary,
character n-grams, cue lexicon, title features, class weights, C, the threshold rule;
how far each threshold rule moves between the folds of a 5-fold split; thresholds set
by internal CV against thresholds tuned on the other real set). ``--check`` scores only the
shipped model (no fitting) and the summarizer's ROUGE-L, and exits 1 when one falls
below its floor in ``benchmarks/floors.json`` (the measured value minus 0.02).

Usage::

    python benchmarks/classify.py [--markdown] [--no-cv] [--ablations] [--seed-page]
    python benchmarks/classify.py --check
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import _bench
import numpy as np

FLOORS = Path(__file__).resolve().parent / "floors.json"
Labels = tuple[str, ...]
Article = tuple[str, str]  # (title, text)


@dataclass(frozen=True, slots=True)
class Dataset:
    name: str
    articles: list[Article]
    labels: list[Labels]
    real: bool


@dataclass(frozen=True, slots=True)
class Score:
    macro: float
    micro: float
    exact: float
    per_label: dict[str, float]
    docs_per_s: float


def _progress(message: str) -> None:
    print(f"[classify] {message}", file=sys.stderr, flush=True)


# --- data --------------------------------------------------------------------------


def load_sets(notes: list[str]) -> tuple[list[Article], list[Labels], list[str], list[Dataset]]:
    """The corpus (articles, labels, splits) and the real development sets present."""
    from zhnews.corpus import load_corpus
    from zhnews.topics.training import read_labelled

    corpus = load_corpus()
    articles = [(a.title, a.text) for a in corpus]
    labels = [a.labels for a in corpus]
    splits = [a.split or "train" for a in corpus]
    real = []
    shared = _bench.shared_dir()
    for name in ("local_news", "news_topics"):
        path = shared / "realdev" / f"{name}.jsonl" if shared else None
        if path is None or not path.is_file():
            notes.append(f"real set {name} not found (../shared/realdev): skipped")
            continue
        texts, gold = read_labelled(path)
        real.append(Dataset(name, texts, gold, real=True))
    return articles, labels, splits, real


# --- tools --------------------------------------------------------------------------


class Tool:
    """A classifier under test: fit on (articles, labels), predict label tuples."""

    name = ""

    def fit(self, articles: Sequence[Article], labels: Sequence[Labels]) -> "Tool":
        raise NotImplementedError

    def predict(self, articles: Sequence[Article]) -> list[Labels]:
        raise NotImplementedError


class ZhnewsTool(Tool):
    def __init__(self, name: str = "zhnews", **settings: object) -> None:
        self.name = name
        self.settings = settings

    def fit(self, articles, labels):
        from zhnews import NewsFeaturizer, TopicClassifier

        featurizer_settings = {k[len("featurizer__"):]: v for k, v in self.settings.items() if k.startswith("featurizer__")}
        other = {k: v for k, v in self.settings.items() if not k.startswith("featurizer__")}
        self.model = TopicClassifier(NewsFeaturizer(**featurizer_settings), **other).fit(articles, labels)
        return self

    def predict(self, articles):
        return self.model.predict(articles)


def _jieba_words(text: str) -> list[str]:
    import jieba

    return [w for w in jieba.lcut(text) if w.strip()]


def _binarize(labels: Sequence[Labels]) -> np.ndarray:
    from zhnews.topics.model import label_matrix

    return label_matrix(labels)


def _tuples(matrix: np.ndarray) -> list[Labels]:
    from zhnews.labels import OTHER, TOPICS

    return [tuple(t for t, v in zip(TOPICS, row) if v) or (OTHER,) for row in matrix]


class HandTfidfSvm(Tool):
    name = "TF-IDF + LinearSVC"

    def fit(self, articles, labels):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.multiclass import OneVsRestClassifier
        from sklearn.svm import LinearSVC

        self.vectorizer = TfidfVectorizer(tokenizer=_jieba_words, lowercase=False, token_pattern=None,
                                          ngram_range=(1, 2), sublinear_tf=True, min_df=2)
        features = self.vectorizer.fit_transform([f"{t}\n{x}" for t, x in articles])
        self.model = OneVsRestClassifier(LinearSVC()).fit(features, _binarize(labels))
        return self

    def predict(self, articles):
        features = self.vectorizer.transform([f"{t}\n{x}" for t, x in articles])
        return _tuples(self.model.predict(features))


class ThuctcStyle(Tool):
    name = "THUCTC-style char bigrams"

    def fit(self, articles, labels):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.feature_selection import SelectKBest, chi2
        from sklearn.multiclass import OneVsRestClassifier
        from sklearn.pipeline import make_pipeline
        from sklearn.svm import LinearSVC

        self.vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(2, 2), sublinear_tf=True, min_df=2)
        features = self.vectorizer.fit_transform([f"{t}\n{x}" for t, x in articles])
        k = min(20000, features.shape[1])
        self.model = OneVsRestClassifier(make_pipeline(SelectKBest(chi2, k=k), LinearSVC())).fit(features, _binarize(labels))
        return self

    def predict(self, articles):
        return _tuples(self.model.predict(self.vectorizer.transform([f"{t}\n{x}" for t, x in articles])))


#: The "typical cues" of each topic in TOPICS.md, as a user would copy them into a rule.
KEYWORD_CUES = {
    "party_building": "党组织|党支部|党委|党员|党建品牌|三会一课|理论学习|专题教育|廉政|纪检监察",
    "rule_of_law": "法院|检察院|公安|派出所|司法所|调解|纠纷|普法|依法|案件|法律援助",
    "civilization_campaign": "文明创建|文明城市|文明实践|志愿服务|最美|好人|家风|未成年人|移风易俗",
    "safety": "安全生产|隐患排查|消防|防溺水|应急|演练|食品安全|燃气|交通安全|防汛",
}
KEYWORD_MIN_HITS = 2


class KeywordRule(Tool):
    name = "keyword rule"

    def fit(self, articles, labels):
        self.patterns = {t: re.compile(p) for t, p in KEYWORD_CUES.items()}
        return self

    def predict(self, articles):
        from zhnews.labels import OTHER

        out = []
        for title, text in articles:
            both = f"{title}\n{text}"
            chosen = tuple(t for t, p in self.patterns.items() if len(p.findall(both)) >= KEYWORD_MIN_HITS)
            out.append(chosen or (OTHER,))
        return out


def baseline_tools() -> list[Callable[[], Tool]]:
    return [ZhnewsTool, HandTfidfSvm, ThuctcStyle, KeywordRule]


# --- scoring ------------------------------------------------------------------------


def score(predicted: Sequence[Labels], gold: Sequence[Labels], seconds: float) -> Score:
    from zhnews.labels import TOPICS
    from zhnews.topics.training import metrics_from

    m = metrics_from(_binarize(gold), _binarize(predicted))
    return Score(m.macro_f1, m.micro_f1, m.exact_match, {t: m.per_label[t]["f1"] for t in TOPICS},
                 len(gold) / seconds if seconds else float("inf"))


def timed_predict(tool: Tool, articles: Sequence[Article]) -> tuple[list[Labels], float]:
    start = time.perf_counter()
    predicted = tool.predict(articles)
    return predicted, time.perf_counter() - start


def evaluate_tools(
    makers: Sequence[Callable[[], Tool]], articles, labels, splits, real: Sequence[Dataset], cv: bool
) -> tuple[dict[str, dict[str, Score]], dict[str, float]]:
    """Every tool on test, the real sets and (optionally) 5-fold CV over the corpus."""
    from sklearn.model_selection import KFold

    fit_idx = [i for i, s in enumerate(splits) if s in ("train", "dev")]
    test_idx = [i for i, s in enumerate(splits) if s == "test"]
    results: dict[str, dict[str, Score]] = {}
    fit_times: dict[str, float] = {}
    for make in makers:
        tool = make()
        _progress(f"{tool.name}: fit on train+dev ({len(fit_idx)} articles)")
        start = time.perf_counter()
        tool.fit([articles[i] for i in fit_idx], [labels[i] for i in fit_idx])
        fit_times[tool.name] = time.perf_counter() - start
        tool.predict([articles[test_idx[0]]])  # warm-up: dictionaries loaded
        scores = {}
        predicted, seconds = timed_predict(tool, [articles[i] for i in test_idx])
        scores["corpus test"] = score(predicted, [labels[i] for i in test_idx], seconds)
        for dataset in real:
            predicted, seconds = timed_predict(tool, dataset.articles)
            scores[dataset.name] = score(predicted, dataset.labels, seconds)
        if cv:
            _progress(f"{tool.name}: 5-fold cross-validation over {len(articles)} articles")
            pooled: list[Labels] = [()] * len(articles)
            for train, held in KFold(5, shuffle=True, random_state=0).split(np.zeros(len(articles))):
                fold = make().fit([articles[i] for i in train], [labels[i] for i in train])
                for i, p in zip(held, fold.predict([articles[i] for i in held])):
                    pooled[i] = p
            scores["5-fold CV"] = score(pooled, labels, 0)
        results[tool.name] = scores
    return results, fit_times


def threshold_transfer(articles, labels, splits, real: Sequence[Dataset]) -> list[list[str]]:
    """Thresholds tuned by internal CV (shipped) vs tuned on the other real set."""
    from zhnews import NewsFeaturizer, TopicClassifier
    from zhnews.labels import TOPICS
    from zhnews.topics.model import _best_threshold, label_matrix, macro_f1

    if len(real) < 2:
        return []
    fit_idx = [i for i, s in enumerate(splits) if s in ("train", "dev")]
    model = TopicClassifier(NewsFeaturizer()).fit([articles[i] for i in fit_idx], [labels[i] for i in fit_idx])
    probabilities = {d.name: model.predict_proba(d.articles) for d in real}
    truth = {d.name: label_matrix(d.labels) for d in real}
    rows = []
    for tuned_on, judged_on in ((real[0].name, real[1].name), (real[1].name, real[0].name)):
        tuned = np.array([_best_threshold(probabilities[tuned_on][:, j], truth[tuned_on][:, j]) for j in range(len(TOPICS))])
        cv_f1 = macro_f1(truth[judged_on], (probabilities[judged_on] >= model.thresholds_).astype(int))
        dev_f1 = macro_f1(truth[judged_on], (probabilities[judged_on] >= tuned).astype(int))
        rows.append([judged_on, f"{cv_f1:.3f}", f"{dev_f1:.3f}", f"{tuned_on}: " + " ".join(f"{t:.2f}" for t in tuned)])
    rows.append(["(internal CV thresholds)", "", "", " ".join(f"{t:.2f}" for t in model.thresholds_)])
    return rows


def threshold_spread(articles, labels, splits) -> list[list[str]]:
    """Each topic's threshold in the 5 folds of a split of train + dev, by threshold rule.

    A rule that gives much the same threshold on 80% of the articles as on the rest is
    set by the data, not by a few articles. Both rules read the same out-of-fold
    probabilities, so each fold is fitted once.
    """
    from sklearn.model_selection import KFold
    from zhnews import NewsFeaturizer, TopicClassifier
    from zhnews.labels import TOPICS
    from zhnews.topics.model import _best_threshold, _half_best_f1, label_matrix

    fit_idx = [i for i, s in enumerate(splits) if s in ("train", "dev")]
    found: dict[str, list[np.ndarray]] = {"half-f1": [], "best-f1": []}
    for train, _ in KFold(5, shuffle=True, random_state=0).split(np.zeros(len(fit_idx))):
        chosen = [fit_idx[i] for i in train]
        model = TopicClassifier(NewsFeaturizer()).fit([articles[i] for i in chosen], [labels[i] for i in chosen])
        truth = label_matrix([labels[i] for i in chosen])
        for rule, pick in (("half-f1", _half_best_f1), ("best-f1", _best_threshold)):
            found[rule].append(np.array([pick(model.oof_probabilities_[:, j], truth[:, j]) for j in range(len(TOPICS))]))
    rows = []
    for rule, values in found.items():
        table = np.array(values)
        rows.append([rule, *[f"{table[:, j].min():.2f}–{table[:, j].max():.2f}" for j in range(len(TOPICS))]])
    return rows


ABLATIONS: list[tuple[str, dict[str, object]]] = [
    ("zhnews (shipped settings)", {}),
    ("without the domain dictionary", {"featurizer__tokenizer": "no-domain"}),
    ("without character n-grams", {"featurizer__char_ngram_range": None}),
    ("without the cue lexicon", {"featurizer__cues": False}),
    ("without title features", {"featurizer__title": False}),
    ("class_weight='balanced'", {"class_weight": "balanced"}),
    ("C = 1", {"C": 1.0}),
    ("thresholds where out-of-fold F1 peaks", {"threshold_rule": "best-f1"}),
]


def ablation_makers() -> list[Callable[[], Tool]]:
    from zhnews import Tokenizer

    makers = []
    for name, settings in ABLATIONS:
        resolved = {k: (Tokenizer(domain_terms=False) if v == "no-domain" else v) for k, v in settings.items()}
        makers.append(lambda name=name, resolved=resolved: ZhnewsTool(name, **resolved))
    return makers


# --- the gate -----------------------------------------------------------------------


def gate_values(notes: list[str]) -> dict[str, float]:
    """What CI gates: the shipped model's macro-F1 and zhnews's ROUGE-L on the real sets."""
    import zhnews
    from zhnews.topics.training import evaluate

    articles, labels, splits, real = load_sets(notes)
    model = zhnews.load_model()
    values = {}
    test = [i for i, s in enumerate(splits) if s == "test"]
    values["macro_f1.corpus_test"] = evaluate(model, [articles[i] for i in test], [labels[i] for i in test]).macro_f1
    for dataset in real:
        values[f"macro_f1.{dataset.name}"] = evaluate(model, dataset.articles, dataset.labels).macro_f1
    import summarize as summarize_bench

    for article_set in summarize_bench.load_realdev_sets(notes):
        if article_set.articles:
            quality = summarize_bench.score_set(summarize_bench.make_zhnews(), article_set.articles)
            values[f"rouge_l.{article_set.name}"] = quality.rouge_l
    return values


def check(args: argparse.Namespace) -> int:
    notes: list[str] = []
    values = gate_values(notes)
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    failed = 0
    for key, floor in sorted(floors["floors"].items()):
        value = values.get(key)
        if value is None:
            print(f"FAIL  {key}: not measured (missing data?)")
            failed += 1
            continue
        ok = value >= floor
        failed += not ok
        print(f"{'PASS' if ok else 'FAIL'}  {key}: {value:.4f} (floor {floor:.4f})")
    for note in notes:
        print(f"note: {note}")
    if args.write_floors:
        floors["floors"] = {k: round(v - 0.02, 4) for k, v in sorted(values.items())}
        floors["measured"] = {k: round(v, 4) for k, v in sorted(values.items())}
        FLOORS.write_text(json.dumps(floors, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {FLOORS}")
        return 0
    return 1 if failed else 0


# --- the seed page and start-up time -------------------------------------------------


def seed_page_rows() -> list[list[str]]:
    """The 12 gold articles of the seed page as printed (text + byline), classified."""
    import zhnews

    shared = _bench.shared_dir()
    path = shared / "pages" / "langya-2020-08.gold.jsonl" if shared else None
    if path is None or not path.is_file():
        return []
    records, _ = _bench.read_jsonl(path)
    rows = []
    for record in records:
        printed = record["text"] + (record.get("byline") or "")
        topics = zhnews.classify(printed, title=record.get("title") or None)
        probabilities = " ".join(f"{k[:4]} {v:.2f}" for k, v in topics.probabilities.items())
        rows.append([record["id"], record.get("title", "")[:24], "+".join(topics.labels), probabilities])
    return rows


def startup_seconds(runs: int = 5) -> float:
    """Median wall time of fresh processes that import zhnews and classify one article."""
    code = "import zhnews; zhnews.classify('区消防救援大队开展消防安全检查，督促企业整改火灾隐患。')"
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# --- report -------------------------------------------------------------------------


def tables(results, fit_times, markdown: bool) -> str:
    from zhnews.labels import TOPICS

    out = []
    sets = list(next(iter(results.values())))
    headers = ["tool", *[f"{s} macro-F1" for s in sets], "fit s", "docs/s (test)"]
    rows = [[name, *[f"{scores[s].macro:.3f}" for s in sets], f"{fit_times[name]:.1f}", f"{scores['corpus test'].docs_per_s:.0f}"]
            for name, scores in results.items()]
    out.append(_bench.render_table(headers, rows, markdown=markdown))
    for s in sets:
        headers = ["tool", "macro-F1", "micro-F1", "exact", *TOPICS]
        rows = [[name, f"{sc[s].macro:.3f}", f"{sc[s].micro:.3f}", f"{sc[s].exact:.3f}", *[f"{sc[s].per_label[t]:.3f}" for t in TOPICS]]
                for name, sc in results.items()]
        out.append(("\n### " if markdown else "\n== ") + s + "\n\n" + _bench.render_table(headers, rows, markdown=markdown))
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--markdown", action="store_true", help="tables in Markdown for RESULTS.md")
    parser.add_argument("--no-cv", action="store_true", help="skip the 5-fold cross-validation")
    parser.add_argument("--ablations", action="store_true", help="also measure zhnews's design choices")
    parser.add_argument("--seed-page", action="store_true", help="also classify the seed page's 12 gold articles")
    parser.add_argument("--check", action="store_true", help="gate: shipped model and summarizer against benchmarks/floors.json")
    parser.add_argument("--write-floors", action="store_true", help="with --check: write floors = measured - 0.02")
    args = parser.parse_args(argv)
    _bench.quiet_third_party()
    if args.check:
        return check(args)
    notes: list[str] = []
    articles, labels, splits, real = load_sets(notes)
    heading = "\n### " if args.markdown else "\n== "
    print(f"{heading}zhnews topic classifier benchmark")
    print(f"corpus: {len(articles)} articles ({splits.count('test')} test); real sets: "
          + ", ".join(f"{d.name} ({len(d.articles)})" for d in real))
    results, fit_times = evaluate_tools(baseline_tools(), articles, labels, splits, real, cv=not args.no_cv)
    print(tables(results, fit_times, args.markdown))
    if args.ablations:
        print(f"{heading}design choices (zhnews variants)")
        results, fit_times = evaluate_tools(ablation_makers(), articles, labels, splits, real, cv=False)
        print(tables(results, fit_times, args.markdown).split("\n\n### ")[0].split("\n\n== ")[0])
        _progress("threshold rules: 5 folds of train + dev")
        print(f"{heading}thresholds in each of 5 folds of train + dev (min–max), by rule")
        from zhnews.labels import TOPICS

        print(_bench.render_table(["rule", *TOPICS], threshold_spread(articles, labels, splits), markdown=args.markdown))
        rows = threshold_transfer(articles, labels, splits, real)
        if rows:
            print(f"{heading}thresholds: internal CV (shipped) vs tuned on the other real set")
            print(_bench.render_table(["judged on", "CV thresholds macro-F1", "dev-tuned macro-F1", "dev-tuned thresholds"], rows, markdown=args.markdown))
    if args.seed_page:
        rows = seed_page_rows()
        if rows:
            print(f"{heading}seed page: the 12 gold articles as printed")
            print(_bench.render_table(["id", "title", "labels", "probabilities"], rows, markdown=args.markdown))
        else:
            notes.append("seed page not found: skipped")
    print(f"{heading}start-up")
    print(f"import zhnews + first classification, median of 5 fresh processes: {startup_seconds():.2f} s")
    for note in notes:
        print(f"note: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
