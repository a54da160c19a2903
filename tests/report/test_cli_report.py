"""zhnews report: writes the page; one-line errors with exit 1 (input, missing extra) or 2 (options)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from report.builders import article, failure, needs_matplotlib, write_jsonl

from zhnews.cli import main


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def archive(tmp_path):
    return write_jsonl(tmp_path / "out.jsonl", article("2020-01-01", "safety", title="社区消防演练"), article(None, "other"), failure())


def test_the_page_is_written(capsys, archive, tmp_path):
    needs_matplotlib()
    out = tmp_path / "report.html"
    code, stdout, err = run(capsys, "report", archive, "-o", out, "--by", "quarter")
    assert (code, stdout, err) == (0, "", "")
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<svg role="img"' in html and "社区消防演练" in html
    assert "2020-Q1" in html and "Topic shares by quarter" in html
    assert not list(tmp_path.glob(".zhnews-report-*"))  # no temporary file left


def test_several_inputs_plain_and_gzipped_by_source(capsys, archive, tmp_path):
    needs_matplotlib()
    packed = write_jsonl(tmp_path / "more.jsonl.gz", article("2021-06-01", "rule_of_law"), gz=True)
    out = tmp_path / "r.html"
    code, _, err = run(capsys, "report", archive, packed, "-o", out, "--by", "source")
    assert code == 0 and err == ""
    html = out.read_text(encoding="utf-8")
    assert str(archive) in html and str(packed) in html and "Topic shares by input file" in html


def test_unreadable_lines_warn_and_still_write_the_page(capsys, tmp_path):
    needs_matplotlib()
    src = write_jsonl(tmp_path / "out.jsonl", article(), '{"torn')
    out = tmp_path / "r.html"
    code, _, err = run(capsys, "report", src, "-o", out)
    assert code == 0 and out.exists()
    assert err.count("\n") == 1 and err.startswith("zhnews: warning: 1 unreadable line(s), e.g. ") and f"{src}:2: not JSON" in err
    assert f"{src}:2" in out.read_text(encoding="utf-8")


def test_a_missing_input_is_one_line_and_exit_1(capsys, tmp_path):
    needs_matplotlib()
    out = tmp_path / "r.html"
    code, _, err = run(capsys, "report", tmp_path / "nope.jsonl", "-o", out)
    assert code == 1 and err == f"zhnews: error: {tmp_path / 'nope.jsonl'}: no such file\n"
    assert not out.exists()


def test_an_unwritable_output_is_exit_1(capsys, archive, tmp_path):
    needs_matplotlib()
    code, _, err = run(capsys, "report", archive, "-o", tmp_path / "no-such-dir" / "r.html")
    assert code == 1 and err.startswith("zhnews: error: ") and "cannot write" in err and err.count("\n") == 1


def test_missing_extra_is_one_line_naming_it(capsys, archive, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    out = tmp_path / "r.html"
    code, _, err = run(capsys, "report", archive, "-o", out)
    assert code == 1 and err == "zhnews: error: the report's chart (matplotlib) needs the 'report' extra: pip install 'zhnews[report]'\n"
    assert not out.exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["report", "-o", "r.html"],  # no input
        ["report", "x.jsonl"],  # no -o
        ["report", "x.jsonl", "-o", "r.html", "--by", "week"],
    ],
)
def test_bad_options_exit_2(capsys, argv):
    with pytest.raises(SystemExit) as info:
        main(argv)
    code = info.value.code
    err = capsys.readouterr().err
    assert code == 2 and "zhnews: error:" in err


def test_an_output_that_is_an_input_is_refused(capsys, archive):
    before = archive.read_bytes()
    code, _, err = run(capsys, "report", archive, "-o", archive)
    assert code == 2 and "is an input file" in err and err.count("\n") == 1
    assert archive.read_bytes() == before


def test_the_installed_command_runs(archive, tmp_path):
    needs_matplotlib()
    out = tmp_path / "r.html"
    done = subprocess.run([sys.executable, "-m", "zhnews", "report", str(archive), "-o", str(out)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 1000
