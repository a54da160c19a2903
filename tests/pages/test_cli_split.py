"""zhnews split: plain text and JSON Lines over split_page, one-line errors."""

from __future__ import annotations

import io
import json
import sys

from conftest import EXAMPLES
from pages.coverage import check_accounting

import zhnews
from zhnews.cli import main

PAGE = EXAMPLES / "page.txt"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_example_page_splits_as_a_reader_would():
    text = zhnews.read_text(PAGE)
    split = zhnews.split_page(text)
    check_accounting(text, split)
    assert [(a.kind, a.title) for a in split] == [
        ("article", "小巷里的“夜间议事会”"),
        ("article", "河畔公园新添两公里健身步道"),
        ("article", "社区食堂开到居民家门口"),
        ("photo", "消防员走进幼儿园"),
        ("photo", "笔墨童心 绘就家乡新貌"),
    ]
    feature = split[0]
    assert feature.text.startswith("东河区青石街道") and "帮助居民找准法律依据" in feature.text
    assert feature.text.split("\n")[-1].startswith("成效看群众口碑")
    assert [s.text for s in split.section_labels] == ["通讯", "新闻进行时"]
    assert len(split.dropped) == 1 and split[1].text.endswith("补齐了无障碍坡道。")


def test_json_lines_one_article_per_line(capsys):
    code, out, err = run(capsys, "split", "--json", str(PAGE))
    records = [json.loads(line) for line in out.splitlines()]
    expected = [a.as_dict() for a in zhnews.split_page(zhnews.read_text(PAGE))]
    assert code == 0 and err == "" and records == expected


def test_plain_text(capsys):
    code, out, _ = run(capsys, "split", str(PAGE))
    assert code == 0
    assert out.startswith("## 小巷里的“夜间议事会”\n——东河区青石街道")
    assert "## [photo] 消防员走进幼儿园\n周航摄\n\n5月27日" in out


def test_extra_labels_and_stdin(monkeypatch, capsys):
    class FakeStdin(io.TextIOWrapper):
        def isatty(self):
            return False

    page = "乡村振兴\n\n果园里办起了农民夜校\n\n本报讯 每到周三晚上，果农来到文化礼堂听农技课。(罗岚)\n"
    monkeypatch.setattr(sys, "stdin", FakeStdin(io.BytesIO(page.encode("gb18030"))))
    code, out, _ = run(capsys, "split", "--json", "--label", "乡村振兴")
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and record["title"] == "果园里办起了农民夜校" and record["author"] == "罗岚"


def test_errors_are_one_line(tmp_path, capsys):
    code, out, err = run(capsys, "split", str(tmp_path / "missing.txt"))
    assert code == 1 and out == "" and err.count("\n") == 1 and "missing.txt: no such file" in err
    (tmp_path / "bin.dat").write_bytes(b"\x89PNG\x00\x01")
    code, _, err = run(capsys, "split", str(tmp_path / "bin.dat"))
    assert code == 1 and "binary data" in err
    code, _, err = run(capsys, "split", "--label", " ", str(PAGE))
    assert code == 2 and err.startswith("zhnews: error: section_labels")
