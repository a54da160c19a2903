"""The zhnews command: output, JSON, and one-line errors with non-zero exits."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from conftest import EXAMPLES, skip_optional

import zhnews
from zhnews.cli import main

ARTICLE = EXAMPLES / "article.txt"
FEATURE = EXAMPLES / "feature-gb18030.txt"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_summarize_prints_the_brief(capsys):
    code, out, err = run(capsys, "summarize", str(ARTICLE))
    expected = zhnews.summarize(zhnews.read_text(ARTICLE)).text
    assert code == 0 and err == "" and out == expected + "\n"


def test_summarize_options_and_json(capsys):
    code, out, _ = run(capsys, "summarize", str(FEATURE), "--sentences", "1", "--json", "--title", "小院里的解扣人")
    payload = json.loads(out)
    assert code == 0 and payload["source"] == str(FEATURE)
    assert len(payload["sentences"]) == 1
    text = zhnews.read_text(FEATURE)
    s = payload["sentences"][0]
    assert text[s["start"]:s["end"]] == s["text"] == payload["brief"]


def test_max_chars(capsys):
    code, out, _ = run(capsys, "summarize", str(ARTICLE), "--sentences", "3", "--max-chars", "60")
    assert code == 0 and out.strip()


def test_stdin(monkeypatch, capsys):
    import io

    class FakeStdin(io.TextIOWrapper):
        def isatty(self):
            return False

    monkeypatch.setattr(sys, "stdin", FakeStdin(io.BytesIO("社区开展消防演练。居民参加。".encode("gb18030"))))
    code, out, _ = run(capsys, "summarize", "-", "--sentences", "1")
    assert code == 0 and out.strip() in {"社区开展消防演练。", "居民参加。"}


def test_keywords(capsys):
    code, out, _ = run(capsys, "keywords", str(ARTICLE), "--top", "3")
    lines = out.strip().split("\n")
    assert code == 0 and len(lines) == 3 and all("\t" in line for line in lines)
    code, out, _ = run(capsys, "keywords", str(ARTICLE), "--json")
    assert [k["word"] for k in json.loads(out)] == [w for w, _ in zhnews.keywords(zhnews.read_text(ARTICLE))]


def test_user_dict(tmp_path, capsys):
    words = tmp_path / "words.txt"
    words.write_text("九小场所排查\n", encoding="utf-8")
    code, _, err = run(capsys, "keywords", str(ARTICLE), "--user-dict", str(words))
    assert code == 0 and err == ""


@pytest.mark.parametrize(
    "make,needle",
    [
        (lambda p: p / "missing.txt", "missing.txt: no such file"),
        (lambda p: p, "is a directory"),
        (lambda p: (p / "bin.dat").write_bytes(b"\x89PNG\x00\x01") and p / "bin.dat", "bin.dat: binary data"),
        (lambda p: (p / "ko.txt").write_bytes("대한민국 정부는 오늘 새로운 경제 정책을 발표했습니다. 이번 정책은 중소기업 지원에 초점을 맞춥니다.".encode("euc-kr")) and p / "ko.txt", "ko.txt: not UTF-8"),
    ],
)
def test_bad_input_is_one_line_on_stderr(tmp_path, capsys, make, needle):
    code, out, err = run(capsys, "summarize", str(make(tmp_path)))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and needle in err and err.startswith("zhnews: error: ")


def test_bad_option_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["summarize", str(ARTICLE), "--sentences", "0"])
    assert exc.value.code == 2
    assert "--sentences" in capsys.readouterr().err


def test_missing_user_dict_names_it(tmp_path, capsys):
    code, _, err = run(capsys, "summarize", str(ARTICLE), "--user-dict", str(tmp_path / "nope.txt"))
    assert code == 1 and "nope.txt" in err


def test_version_and_help_from_the_installed_script():
    exe = shutil.which("zhnews") or skip_optional("console script not on PATH")
    version = subprocess.run([exe, "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.strip() == f"zhnews {zhnews.__version__}"
    helptext = subprocess.run([exe, "--help"], capture_output=True, text=True)
    assert helptext.returncode == 0 and "summarize" in helptext.stdout and "keywords" in helptext.stdout
    result = subprocess.run([exe, "summarize", str(ARTICLE)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stderr == "" and result.stdout.strip()


def test_batch_collects_less_often_while_it_runs_and_restores_the_collector(tmp_path, monkeypatch):
    import gc

    import zhnews.batch.run as batch_run

    seen = {}

    def fake_run_batch(*args, **kwargs):
        seen["threshold"] = gc.get_threshold()
        seen["frozen"] = gc.get_freeze_count()
        raise RuntimeError("stop here")

    monkeypatch.setattr(batch_run, "run_batch", fake_run_batch)
    before = gc.get_threshold()
    with pytest.raises(RuntimeError, match="stop here"):
        main(["batch", str(tmp_path), "-o", str(tmp_path / "out.jsonl"), "--quiet"])
    assert seen["threshold"][0] >= 20_000 and seen["threshold"][1:] == before[1:]
    assert seen["frozen"] > 0
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0  # as it was, even on failure
