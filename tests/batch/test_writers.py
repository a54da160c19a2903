"""Batch writers: JSONL and CSV shapes, the .part file, and what a killed run leaves."""

from __future__ import annotations

import csv
import io
import json

import pytest

from zhnews import InputError
from zhnews.batch.writers import RecordWriter, csv_columns, flatten, format_of, part_path, read_part
from zhnews.labels import TOPICS
from zhnews.records import error_record

OK = {
    "source": "a.txt", "id": "a.txt", "title": "标题, 带逗号", "date": "2020-08-28", "labels": ["party_building", "safety"],
    "probabilities": {"party_building": 0.91, "rule_of_law": 0.0, "civilization_campaign": 0.1, "safety": 0.75},
    "brief": "第一句。\n“第二句”", "keywords": [["消防", 0.12], ["社区", 0.05]], "model": {"name": "news-topics", "version": "0.1.0"},
    "status": "ok", "error": None,
}
BAD = error_record("b.txt: empty text", source="b.txt", id="b.txt")


def records(n: int) -> list[dict]:
    return [dict(OK, source=f"s{k}", id=str(k)) for k in range(n)]


def test_csv_shape(tmp_path):
    out = tmp_path / "out.csv"
    writer = RecordWriter(out, "csv")
    writer.write([OK, BAD])
    writer.finish()
    data = out.read_bytes()
    assert data.startswith("\ufeff".encode()) and data.endswith(b"\r\n")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == list(csv_columns())
    assert rows[0][:5] == ["source", "id", "title", "date", "labels"] and [f"p_{t}" for t in TOPICS] == rows[0][5:9]
    ok = dict(zip(rows[0], rows[1]))
    assert ok["labels"] == "party_building;safety" and ok["p_safety"] == "0.75" and ok["p_rule_of_law"] == "0.0"
    assert ok["keywords"] == "消防:0.12;社区:0.05" and ok["model_name"] == "news-topics" and ok["model_version"] == "0.1.0"
    assert ok["title"] == "标题, 带逗号" and ok["brief"] == "第一句。\n“第二句”" and ok["error"] == ""
    bad = dict(zip(rows[0], rows[2]))
    assert bad["status"] == "error" and bad["labels"] == "" and bad["p_safety"] == "" and bad["error"] == "b.txt: empty text"
    assert len(rows) == 3 and all(len(r) == len(rows[0]) for r in rows)


def test_jsonl_holds_one_record_a_line_and_nothing_else(tmp_path):
    out = tmp_path / "out.jsonl"
    writer = RecordWriter(out, "jsonl")
    writer.write(records(3))
    writer.write([])
    writer.write([BAD])
    assert not out.exists() and part_path(out).exists()  # written as .part until complete
    assert writer.finish() == out and not part_path(out).exists()
    lines = out.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "" and [json.loads(line) for line in lines[:-1]] == records(3) + [BAD]


def test_format_from_name_or_option():
    assert (format_of("a.csv"), format_of("a.CSV"), format_of("a.jsonl"), format_of("a.out")) == ("csv", "csv", "jsonl", "jsonl")
    assert format_of("a.csv", "jsonl") == "jsonl"
    with pytest.raises(ValueError, match="format"):
        format_of("a", "xml")


def test_missing_output_folder_is_refused(tmp_path):
    with pytest.raises(InputError, match="no such folder"):
        RecordWriter(tmp_path / "no" / "out.jsonl", "jsonl")


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_torn_last_line_is_cut_and_redone(tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    writer = RecordWriter(out, fmt)
    writer.write(records(5))
    writer.close()  # killed: no finish
    part = part_path(out)
    whole = part.read_bytes()
    part.write_bytes(whole[:-25])  # the last record torn
    state = read_part(part, fmt)
    assert (state.records, state.ok, state.errors, state.torn, state.last_source) == (4, 4, 0, True, "s3")
    assert state.done == frozenset(f"s{k}" for k in range(4))
    resumed = RecordWriter(out, fmt, resume=state)
    resumed.write(records(5)[4:])
    resumed.finish()
    assert out.read_bytes() == whole


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_part_cut_at_a_line_end_loses_nothing(tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    with RecordWriter(out, fmt) as writer:
        writer.write(records(3))
    state = read_part(part_path(out), fmt)
    assert (state.records, state.torn) == (3, False)


def test_a_csv_row_torn_inside_a_quoted_line_break(tmp_path):
    out = tmp_path / "out.csv"
    with RecordWriter(out, "csv") as writer:
        writer.write(records(2))
    part = part_path(out)
    data = part.read_bytes()
    cut = data.rindex("第一句。\n".encode()) + len("第一句。\n".encode())  # inside the last row's quoted brief
    part.write_bytes(data[:cut])
    state = read_part(part, "csv")
    assert (state.records, state.torn, state.last_source) == (1, True, "s0")


def test_an_empty_or_headless_part_starts_over(tmp_path):
    part = part_path(tmp_path / "out.csv")
    part.write_bytes(b"\xef\xbb\xbfsource,id,ti")
    state = read_part(part, "csv")
    assert (state.records, state.kept_bytes, state.torn) == (0, 0, True)
    with RecordWriter(tmp_path / "out.csv", "csv", resume=state) as writer:
        writer.write([OK])
    assert part.read_bytes().decode("utf-8-sig").startswith(",".join(csv_columns()) + "\r\n")


def test_a_part_damaged_before_its_end_is_refused(tmp_path):
    part = part_path(tmp_path / "out.jsonl")
    part.write_text(json.dumps(OK) + "\nnot json\n" + json.dumps(OK) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 2 is not a batch record"):
        read_part(part, "jsonl")
    other = part_path(tmp_path / "out.csv")
    other.write_text("a,b\r\n1,2\r\n", encoding="utf-8")
    with pytest.raises(InputError, match="header differs"):
        read_part(other, "csv")


def test_flatten_of_an_error_record_has_every_column():
    assert len(flatten(BAD)) == len(csv_columns())
