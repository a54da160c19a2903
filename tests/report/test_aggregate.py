"""aggregate(): counts, shares, periods, undated, errors, keywords, top articles, header."""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest
from conftest import python_prints
from hypothesis import given, settings
from hypothesis import strategies as st
from report.builders import article, failure, write_jsonl

import zhnews
from zhnews.report import LABELS, UNDATED, aggregate, normalise_reason, read_records


def rows(agg):
    return {p.key: p for p in agg.periods}


def test_counts_and_shares_per_month():
    agg = aggregate(
        [
            article("2020-01-05", "safety"),
            article("2020-01-20", "safety"),
            article("2020-01-31", "party_building"),
            article("2020-02-01", "other"),
        ]
    )
    jan, feb = rows(agg)["2020-01"], rows(agg)["2020-02"]
    assert (jan.articles, jan.mentions) == (3, 3)
    assert jan.counts == {"party_building": 1, "rule_of_law": 0, "civilization_campaign": 0, "safety": 2, "other": 0}
    assert jan.shares["safety"] == pytest.approx(2 / 3)
    assert feb.counts["other"] == 1 and feb.shares["other"] == 1.0
    assert agg.labels == LABELS


def test_an_article_with_two_labels_counts_under_both_and_shares_are_of_mentions():
    agg = aggregate([article("2021-03-01", "party_building", "rule_of_law"), article("2021-03-02", "rule_of_law")])
    march = rows(agg)["2021-03"]
    assert march.articles == 2
    assert march.counts["party_building"] == 1 and march.counts["rule_of_law"] == 2
    assert march.mentions == 3
    assert march.shares["rule_of_law"] == pytest.approx(2 / 3)
    assert sum(march.shares.values()) == pytest.approx(1.0)
    assert agg.totals.counts["rule_of_law"] == 2 and agg.totals.articles == 2


def test_undated_articles_have_their_own_last_period_never_dropped():
    agg = aggregate([article("2020-05-01", "safety"), article(None, "safety"), article("bad date", "other")])
    assert agg.periods[-1].key == UNDATED
    assert agg.periods[-1].articles == 2 and agg.periods[-1].counts == {**dict.fromkeys(LABELS, 0), "safety": 1, "other": 1}
    assert sum(p.articles for p in agg.periods) == 3
    assert agg.header.undated == 2


def test_the_undated_period_is_there_even_when_empty_and_when_nothing_is_dated():
    assert [p.key for p in aggregate([article("2020-05-01")]).periods] == ["2020-05", UNDATED]
    only = aggregate([article(None)])
    assert [p.key for p in only.periods] == [UNDATED] and only.header.first_date is None
    assert [p.key for p in aggregate([]).periods] == [UNDATED]


def test_empty_months_between_the_first_and_last_are_kept_as_gaps():
    agg = aggregate([article("2019-11-30"), article("2020-02-01")])
    assert [p.key for p in agg.periods] == ["2019-11", "2019-12", "2020-01", "2020-02", UNDATED]
    gap = rows(agg)["2019-12"]
    assert gap.articles == 0 and gap.mentions == 0 and set(gap.shares.values()) == {0.0}


@pytest.mark.parametrize(
    ("date", "quarter"),
    [
        ("2020-01-01", "2020-Q1"),
        ("2020-03-31", "2020-Q1"),
        ("2020-04-01", "2020-Q2"),
        ("2020-06-30", "2020-Q2"),
        ("2020-07-01", "2020-Q3"),
        ("2020-09-30", "2020-Q3"),
        ("2020-10-01", "2020-Q4"),
        ("2020-12-31", "2020-Q4"),
    ],
)
def test_quarter_boundaries(date, quarter):
    agg = aggregate([article(date, "safety")], by="quarter")
    assert [p.key for p in agg.periods if p.articles] == [quarter]


def test_quarters_run_across_a_year_end_in_order():
    agg = aggregate([article("2020-12-31"), article("2021-01-01"), article("2021-07-15")], by="quarter")
    assert [p.key for p in agg.periods] == ["2020-Q4", "2021-Q1", "2021-Q2", "2021-Q3", UNDATED]
    assert [p.articles for p in agg.periods] == [1, 1, 0, 1, 0]


def test_years():
    agg = aggregate([article("2018-06-01"), article("2020-01-01"), article("2020-12-31"), article(None)], by="year")
    assert [(p.key, p.articles) for p in agg.periods] == [("2018", 1), ("2019", 0), ("2020", 2), (UNDATED, 1)]


def test_by_source_is_one_period_per_input_file_in_reading_order(tmp_path):
    b = write_jsonl(tmp_path / "b.jsonl", article("2020-01-01", "safety"), article(None, "safety"), failure())
    a = write_jsonl(tmp_path / "a.jsonl", article("2019-01-01", "rule_of_law"))
    agg = aggregate(read_records([b, a]), by="source")
    assert [p.key for p in agg.periods] == [str(b), str(a)]
    assert [(p.articles, p.errors) for p in agg.periods] == [(2, 1), (1, 0)]
    assert agg.periods[0].counts["safety"] == 2
    assert [(f.name, f.records) for f in agg.header.files] == [(str(b), 3), (str(a), 1)]


def test_by_source_without_files():
    agg = aggregate([article(), failure()], by="source")
    assert [(p.key, p.articles, p.errors) for p in agg.periods] == [("(records)", 1, 1)]


def test_errors_are_grouped_by_reason_without_paths_and_numbers():
    agg = aggregate(
        [
            article(),
            failure("neither UTF-8 nor GB18030 (undecodable byte at offset 17)", source="a/2020/x.txt#1"),
            failure("neither UTF-8 nor GB18030 (undecodable byte at offset 912)", source="a/2021/y.txt#4"),
            failure("empty text"),
            failure("file vanished: /data/archive/2020/08/p3.txt"),
            failure("file vanished: /data/archive/2021/01/p9.txt"),
            failure("neither UTF-8 nor GB18030 (undecodable byte at offset 3)"),
        ]
    )
    reasons = {g.reason: g for g in agg.errors}
    utf = reasons["neither UTF-8 nor GB18030 (undecodable byte at offset N)"]
    assert utf.count == 3 and utf.examples[:2] == ("a/2020/x.txt#1", "a/2021/y.txt#4") and len(utf.examples) == 3
    assert utf.example_error == "a/2020/x.txt#1: neither UTF-8 nor GB18030 (undecodable byte at offset 17)"
    assert reasons["file vanished: <path>"].count == 2
    assert reasons["empty text"].count == 1
    assert [g.count for g in agg.errors] == [3, 2, 1]  # largest first
    assert agg.header.errors == 6 and agg.header.articles == 1 and agg.totals.errors == 6


def test_error_records_count_in_the_period_of_their_date_and_are_not_articles():
    agg = aggregate([article("2020-01-10", "safety"), failure(date="2020-03-01"), failure()])
    assert [(p.key, p.articles, p.errors) for p in agg.periods] == [("2020-01", 1, 0), ("2020-02", 0, 0), ("2020-03", 0, 1), (UNDATED, 0, 1)]
    assert agg.totals.mentions == 1


def test_unreadable_lines_are_errors_named_by_file_and_line_and_logged(tmp_path, caplog):
    path = write_jsonl(tmp_path / "out.jsonl", article(), '{"torn', '{"no": "status"}', '{"also torn')
    with caplog.at_level(logging.WARNING, logger="zhnews"):
        agg = aggregate(read_records([path]))
    assert agg.header.unreadable == 3 and agg.header.records == 4 and agg.header.articles == 1
    torn = next(g for g in agg.errors if g.reason.startswith("unreadable line: not JSON"))
    assert torn.count == 2 and torn.examples == (f"{path}:2", f"{path}:4")
    assert any("3 unreadable record(s)" in m and f"{path}:2" in m for m in caplog.messages)


@pytest.mark.parametrize(
    ("error", "source", "reason"),
    [
        ("a/b.txt: empty text", "a/b.txt#3", "empty text"),
        ("a/b.txt#3: empty text", "a/b.txt#3", "empty text"),
        ("binary data (control byte 0x1B), not text", "", "binary data (control byte 0xN), not text"),
        ("bad JSON line 12 in C:\\data\\in.jsonl", "", "bad JSON line N in <path>"),
        ("missing 'text' in in.jsonl", "", "missing 'text' in <path>"),
        ("第3行 为空", "", "第N行 为空"),  # numbers inside Chinese text vary too
        ("  ", "", "(no reason given)"),
    ],
)
def test_normalise_reason(error, source, reason):
    assert normalise_reason(error, source) == reason


def test_top_articles_are_the_five_most_probable_of_the_topic():
    records = [article("2020-01-01", "safety", probabilities={"safety": p}, title=f"t{p}") for p in (0.55, 0.99, 0.7, 0.8, 0.61, 0.95, 0.66)]
    records.append(article("2020-01-01", "rule_of_law", probabilities={"safety": 1.0}, title="not safety"))
    records.append(article("2020-01-01", "safety", probabilities={}, title="no probability"))
    safety = next(t for t in aggregate(records).topics if t.label == "safety")
    assert [a.probability for a in safety.top_articles] == [0.99, 0.95, 0.8, 0.7, 0.66]
    assert safety.top_articles[0].title == "t0.99" and safety.top_articles[0].date == "2020-01-01"
    assert safety.articles == 8


def test_ties_keep_reading_order_and_missing_probabilities_come_last():
    records = [article(None, "safety", probabilities={}, title="none")] + [article(None, "safety", probabilities={"safety": 0.5}, title=f"tie{i}") for i in range(3)]
    top = next(t for t in aggregate(records, top_articles=4).topics if t.label == "safety").top_articles
    assert [a.title for a in top] == ["tie0", "tie1", "tie2", "none"]
    assert top[-1].probability is None


def test_other_has_keywords_but_no_top_articles():
    other = next(t for t in aggregate([article(None, "other", keywords=[["天气", 1.0]])]).topics if t.label == "other")
    assert [k.word for k in other.keywords] == ["天气"] and other.top_articles == ()


def test_keywords_prefer_words_that_set_a_topic_apart():
    common = [["工作", 0.3]]
    records = [article(None, "safety", keywords=[["消防", 0.2], *common]) for _ in range(6)]
    records += [article(None, "rule_of_law", keywords=[["调解", 0.2], *common]) for _ in range(6)]
    records += [article(None, "safety", keywords=[["罕见", 0.9]])]
    topics = {t.label: t for t in aggregate(records).topics}
    safety = [k.word for k in topics["safety"].keywords]
    # 消防 is in every safety article and in no other: ahead of 工作, which every article uses
    # as often; a word of a single article comes last.
    assert safety == ["消防", "工作", "罕见"]
    weights = [k.weight for k in topics["safety"].keywords]
    assert weights == sorted(weights, reverse=True)
    assert topics["rule_of_law"].keywords[0].word == "调解"
    assert topics["safety"].keywords[0].articles == 6


def test_keyword_limit():
    rec = article(None, "safety", keywords=[[f"词{i}", 1.0 / (i + 1)] for i in range(30)])
    assert len(next(t for t in aggregate([rec], top_keywords=4).topics if t.label == "safety").keywords) == 4


def test_unknown_labels_are_kept_after_the_known_ones():
    agg = aggregate([article(None, "weather"), article(None, "safety")])
    assert agg.labels == (*LABELS, "weather")
    assert agg.totals.counts["weather"] == 1


def test_header_files_dates_and_models(tmp_path):
    path = write_jsonl(
        tmp_path / "o.jsonl",
        article("2020-03-04"),
        article("2019-12-31", model={"name": "m", "version": "2"}),
        article(None),
        article("2021-01-01", model=None),
        failure(date="2018-01-01"),
    )
    h = aggregate(read_records([path])).header
    assert (h.records, h.articles, h.errors, h.unreadable) == (5, 4, 1, 0)
    assert (h.first_date, h.last_date, h.undated) == ("2019-12-31", "2021-01-01", 1)  # articles' dates
    assert [(m.name, m.version, m.articles) for m in h.models] == [("zhnews-topics", "1.0", 2), ("m", "2", 1), ("unknown", "unknown", 1)]
    assert [(f.name, f.records) for f in h.files] == [(str(path), 5)]


def test_bad_options_fail_fast_naming_them():
    with pytest.raises(ValueError, match="by must be one of month, quarter, year, source"):
        aggregate([], by="week")
    with pytest.raises(ValueError, match="top_articles"):
        aggregate([], top_articles=0)


def test_the_result_is_plain_data_for_json():
    agg = zhnews.report.aggregate([article("2020-01-01", "safety"), failure()], by="year")
    data = json.loads(json.dumps(agg.to_dict(), ensure_ascii=False))
    assert data["by"] == "year" and data["periods"][0]["counts"]["safety"] == 1
    assert data["errors"][0]["reason"] == "empty text"


def test_importing_zhnews_does_not_import_matplotlib():
    code = "import sys, zhnews, zhnews.report; zhnews.report.aggregate([]); print('matplotlib' in sys.modules)"
    assert python_prints(code).strip() == "False"


_label_sets = st.lists(st.sampled_from(LABELS[:4]), max_size=3, unique=True)
_dates = st.one_of(st.none(), st.dates(dt.date(2015, 1, 1), dt.date(2024, 12, 31)).map(dt.date.isoformat))
_records = st.lists(
    st.one_of(
        st.builds(lambda d, ls: article(d, *ls), _dates, _label_sets),
        st.builds(lambda d: failure(date=d), _dates),
    ),
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(_records, st.sampled_from(["month", "quarter", "year", "source"]))
def test_no_record_is_lost_and_counts_add_up(records, by):
    agg = aggregate(records, by=by)
    ok = [r for r in records if r["status"] == "ok"]
    assert sum(p.articles for p in agg.periods) == agg.totals.articles == len(ok)
    assert sum(p.errors for p in agg.periods) == len(records) - len(ok) == sum(g.count for g in agg.errors)
    for label in agg.labels:
        assert sum(p.counts[label] for p in agg.periods) == agg.totals.counts[label]
        assert agg.totals.counts[label] == sum(label in (r["labels"] or ["other"]) for r in ok)
    for p in agg.periods:
        assert p.mentions == sum(p.counts.values()) >= p.articles
        assert sum(p.shares.values()) == pytest.approx(1.0 if p.mentions else 0.0)
    keys = [p.key for p in agg.periods]
    assert keys == sorted(keys[:-1]) + [UNDATED] if by != "source" else len(keys) <= 1
