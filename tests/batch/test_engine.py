"""analyze_many: one record per input, in order, lazily; the same records as analyze; workers."""

from __future__ import annotations

import itertools
import json

import pytest
from batch.archive import BODY, TITLE, corpus, write_article
from conftest import EXAMPLES, python_prints
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zhnews
from zhnews.batch.engine import Chunk, Settings, analyze_chunks, run_chunk
from zhnews.batch.readers import FileTask, TextTask
from zhnews.records import FIELDS, model_info, ok_record


def test_it_is_a_public_lazy_name():
    assert "analyze_many" in zhnews.__all__ and callable(zhnews.analyze_many)


def test_a_record_is_the_record_analyze_prints():
    model = zhnews.load_model()
    (record,) = zhnews.analyze_many([{"text": BODY, "title": TITLE, "id": "a", "date": "2022-01-10", "source": "s"}])
    expected = ok_record(zhnews.analyze(BODY, title=TITLE), source="s", id="a", title=TITLE, date="2022-01-10", model=model_info(model))
    assert record == expected
    assert tuple(record) == FIELDS and json.loads(json.dumps(record, ensure_ascii=False)) == record


def test_strings_are_bodies_and_bad_inputs_are_error_records():
    records = list(zhnews.analyze_many([BODY, "", "   ", {"title": "x"}, {"text": None}, "的"]))
    assert [r["status"] for r in records] == ["ok", "error", "error", "error", "error", "ok"]
    assert [r["source"] for r in records] == [f"<input>:{k}" for k in range(1, 7)]
    assert records[0]["title"] is None  # no title rule for a program's strings
    assert records[1]["error"] == "<input>:2: empty text"
    assert all(r["labels"] is None and r["model"] is None for r in records[1:5])


def test_results_keep_input_order_across_chunks():
    texts = [(a.title, a.text) for a in corpus()[:23]]
    records = list(zhnews.analyze_many(({"text": b, "title": t, "id": str(k)} for k, (t, b) in enumerate(texts)), chunk_size=4))
    assert [r["id"] for r in records] == [str(k) for k in range(23)]
    assert [r["title"] for r in records] == [t or None for t, _ in texts]


def test_it_is_lazy():
    taken = []

    def endless():
        for k in itertools.count():
            taken.append(k)
            yield f"第{k}条：社区开展消防演练，居民踊跃参加。"

    records = zhnews.analyze_many(endless(), chunk_size=5)
    assert taken == []  # nothing is read before the first record is asked for
    first = list(itertools.islice(records, 7))
    assert [r["source"] for r in first] == [f"<input>:{k}" for k in range(1, 8)]
    assert len(taken) == 10  # two chunks, no more


def test_bad_settings_fail_at_the_call():
    for option in ({"n_jobs": 0}, {"chunk_size": 0}, {"backend": "spark"}, {"top_k": 0}, {"max_chars": 0}):
        with pytest.raises(ValueError, match=next(iter(option))):
            zhnews.analyze_many([BODY], **option)


def test_a_stage_that_fails_costs_one_record(monkeypatch):
    import zhnews.pipeline as pipeline

    real = pipeline.analyze_documents

    def flaky(docs, **options):
        if any("爆炸" in d.text for d in docs):
            raise RuntimeError("boom\nsecond line")
        return real(docs, **options)

    monkeypatch.setattr(pipeline, "analyze_documents", flaky)
    records = list(zhnews.analyze_many([BODY, "仓库爆炸，社区紧急疏散。", BODY], chunk_size=3))
    assert [r["status"] for r in records] == ["ok", "error", "ok"]
    assert records[1]["error"] == "<input>:2: internal error (RuntimeError: boom second line)"


def test_run_chunk_reads_files_and_pages(tmp_path):
    article = write_article(tmp_path / "2020" / "08" / "28" / "a.txt")
    page = tmp_path / "page.txt"
    page.write_bytes((EXAMPLES / "page.txt").read_bytes())
    model = zhnews.load_model()
    chunk = Chunk(Settings(None, model_info(model)), (FileTask(str(article)), FileTask(str(page), pages=True), TextTask("t", "")))
    records = run_chunk(chunk)
    assert records[0]["source"] == str(article) and records[0]["title"] == TITLE and records[0]["date"] == "2020-08-28"
    assert [r["source"] for r in records[1:-1]] == [f"{page}#{k}" for k in range(1, len(records) - 1)]
    assert records[-1]["status"] == "error"


def test_a_chunk_of_articles_does_not_import_the_page_splitter():
    """A worker on articles starts without zhnews.pages (a page imports it when it comes)."""
    code = (
        "import sys; from zhnews.batch.engine import Chunk, Settings, run_chunk; "
        "from zhnews.batch.readers import TextTask; "
        "run_chunk(Chunk(Settings(None, {}), (TextTask('t', '社区开展消防演练。居民踊跃参加。'),))); "
        "print('zhnews.pages' in sys.modules)"
    )
    assert python_prints(code).strip() == "False"


# -- exactly one record per input ---------------------------------------------------------
_pieces = st.sampled_from(["社区开展消防演练。", "派出所民警宣传反诈。", "\n", " ", "，", "的", "2020年", "abc", "！！", "\u200b", "“引号”"])
_texts = st.lists(_pieces, max_size=12).map("".join)
_inputs = st.one_of(
    _texts,
    st.fixed_dictionaries({"text": _texts}, optional={"title": st.one_of(st.none(), _texts), "id": st.one_of(st.integers(), _texts), "date": st.one_of(_texts, st.just("2020-08-28"))}),
    st.fixed_dictionaries({}, optional={"title": _texts, "text": st.one_of(st.none(), st.integers())}),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=st.lists(_inputs, max_size=15), chunk_size=st.integers(1, 6))
def test_every_input_yields_exactly_one_record_in_order(items, chunk_size):
    records = list(zhnews.analyze_many(items, chunk_size=chunk_size))
    assert [r["source"] for r in records] == [f"<input>:{k}" for k in range(1, len(items) + 1)]
    for item, record in zip(items, records):
        assert tuple(record) == FIELDS and record["status"] in ("ok", "error")
        text = item if isinstance(item, str) else item.get("text")
        readable = isinstance(text, str) and text.strip()
        assert (record["status"] == "ok") == bool(readable)
        if record["status"] == "error":
            assert record["error"] and "\n" not in record["error"]
        else:
            assert record["labels"] and set(record["probabilities"]) == {"party_building", "rule_of_law", "civilization_campaign", "safety"}


# -- worker processes ---------------------------------------------------------------------
def test_two_worker_processes_give_the_records_of_one():
    items = [{"text": a.text, "title": a.title, "id": a.id} for a in corpus()[:40]] + ["", BODY]
    local = list(zhnews.analyze_many(items, chunk_size=5))
    parallel = list(zhnews.analyze_many(items, chunk_size=5, n_jobs=2))
    assert parallel == local


def test_a_model_fitted_in_memory_is_saved_once_for_the_workers(tmp_path):
    from zhnews.topics import NewsFeaturizer, TopicClassifier

    articles = corpus()[::5][:120]
    model = TopicClassifier(NewsFeaturizer(char_ngram_range=None), cv=3).fit([(a.title, a.text) for a in articles], [a.labels for a in articles])
    items = [a.text for a in corpus()[1:30:3]]
    local = list(zhnews.analyze_many(items, model=model))
    parallel = list(zhnews.analyze_many(items, model=model, n_jobs=2, chunk_size=3))
    assert parallel == local and local[0]["model"] == {"name": "unsaved", "version": None}


def test_chunk_results_carry_their_items():
    tasks = [TextTask(f"t{k}", BODY) for k in range(7)]
    results = list(analyze_chunks(tasks, chunk_size=3))
    assert [len(r.tasks) for r in results] == [3, 3, 1]
    assert [[t.source for t in r.tasks] for r in results] == [[rec["source"] for rec in r.records] for r in results]
    assert [rec["source"] for r in results for rec in r.records] == [t.source for t in tasks]
