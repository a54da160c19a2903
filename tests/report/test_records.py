"""Reading batch output: strict about files, forgiving about fields, no line lost."""

from __future__ import annotations

import datetime as dt
import gzip
import json

import pytest
from report.builders import article, failure, write_jsonl

from zhnews import InputError
from zhnews.report import parse_line, parse_record, read_records


def test_an_ok_record_is_read_with_its_fields(tmp_path):
    rec = article("2020-08-28", "safety", "rule_of_law", title="  社区消防演练 ", keywords=[["消防", 0.5], {"word": "演练", "score": 0.25}])
    [r] = read_records([write_jsonl(tmp_path / "out.jsonl", rec)])
    assert r.status == "ok" and r.file == str(tmp_path / "out.jsonl") and r.line == 1
    assert r.date == dt.date(2020, 8, 28)
    assert r.labels == ("safety", "rule_of_law")
    assert r.title == "社区消防演练"
    assert r.keywords == (("消防", 0.5), ("演练", 0.25))
    assert r.probabilities["safety"] == 0.9
    assert (r.model_name, r.model_version) == ("zhnews-topics", "1.0")


def test_gzip_is_recognised_by_content_and_lines_are_numbered(tmp_path):
    path = write_jsonl(tmp_path / "out.jsonl.gz", article(), "", article(), gz=True)
    records = list(read_records([path]))
    assert [r.line for r in records] == [1, 3]  # the blank line 2 is no record
    renamed = tmp_path / "packed.jsonl"
    renamed.write_bytes(path.read_bytes())
    assert len(list(read_records([renamed]))) == 2


def test_files_are_read_in_order(tmp_path):
    a = write_jsonl(tmp_path / "a.jsonl", article(id="x1"), article(id="x2"))
    b = write_jsonl(tmp_path / "b.jsonl", article(id="y1"))
    assert [r.id for r in read_records([b, a])] == ["y1", "x1", "x2"]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"source": "torn', "not JSON"),
        ("[1, 2]", "not a JSON object"),
        ('{"source": "a.txt#1", "labels": []}', 'no "status" field'),
        ('{"source": "a.txt#1", "status": "done"}', "unknown status 'done'"),
        ('{"source": "a.txt#1", "status": "ok", "labels": "safety"}', '"labels" is not a list'),
        ('{"source": "a.txt#1", "status": "ok", "labels": [1]}', '"labels" is not a list'),
    ],
)
def test_a_bad_line_becomes_an_unreadable_record_naming_file_and_line(tmp_path, line, reason):
    path = write_jsonl(tmp_path / "out.jsonl", article(), line, article())
    records = list(read_records([path]))
    assert [r.status for r in records] == ["ok", "unreadable", "ok"]
    bad = records[1]
    assert reason in bad.error
    assert bad.location == f"{path}:2"


def test_a_line_that_is_not_utf8_is_unreadable_not_fatal(tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_bytes(json.dumps(article()).encode() + b"\n" + '{"title": "新闻"}'.encode("gb18030") + b"\n")
    records = list(read_records([path]))
    assert records[1].status == "unreadable" and "not UTF-8" in records[1].error


def test_a_bom_on_the_first_line_is_accepted(tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(article()).encode() + b"\n")
    assert [r.status for r in read_records([path])] == ["ok"]


def test_error_records_keep_a_one_line_reason():
    r = parse_record(failure("neither UTF-8 nor GB18030\ntraceback follows", source="x/y.txt#2"))
    assert r.status == "error" and r.error == "x/y.txt#2: neither UTF-8 nor GB18030"
    assert r.labels == () and r.source == "x/y.txt#2"
    assert parse_record({"status": "error", "source": "z"}).error == "(no reason given)"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-08-28", dt.date(2020, 8, 28)),
        ("2020-08-28T09:30:00+08:00", dt.date(2020, 8, 28)),
        ("2020-02-30", None),
        ("20200828", None),
        ("2020年8月28日", None),
        (None, None),
        (20200828, None),
    ],
)
def test_dates_are_iso_or_unknown(value, expected):
    assert parse_record(article(value)).date == expected


def test_missing_and_odd_optional_fields_are_forgiven():
    r = parse_record({"status": "ok", "source": "a#1", "title": None, "labels": [], "keywords": [["词"], ["好", "x"], {"word": "", "score": 1}, "裸词"], "probabilities": {"safety": "high", "rule_of_law": 0.4}, "model": "m"})
    assert r.title == "" and r.brief == "" and r.id == ""
    assert r.labels == ("other",)  # no topic is `other`
    assert r.keywords == (("裸词", 1.0),)
    assert r.probabilities == {"rule_of_law": 0.4}
    assert r.model_name is None


def test_duplicate_labels_count_once():
    assert parse_record(article(None, "safety", "safety")).labels == ("safety",)


def test_parse_line_skips_blank_lines():
    assert parse_line("   \n") is None
    assert parse_line(b"\n") is None


def test_a_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(read_records([tmp_path / "nope.jsonl"]))
    with pytest.raises(InputError, match="is a directory"):
        list(read_records([tmp_path]))


def test_a_truncated_gzip_file_is_an_input_error_after_what_was_readable(tmp_path):
    path = tmp_path / "out.jsonl.gz"
    path.write_bytes(gzip.compress(("\n".join(json.dumps(article()) for _ in range(200)) + "\n").encode())[:-30])
    seen = []
    with pytest.raises(InputError, match="damaged gzip"):
        for r in read_records([path]):
            seen.append(r)  # noqa: PERF402 - keep what came before the damage
    assert 0 < len(seen) < 200
