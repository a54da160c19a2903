"""zhnews batch end to end: the command, resume after SIGKILL, pages, CSV, and batch → report."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from batch.archive import BODY, corpus_archive, read_records, write_article, write_bytes, write_jsonl
from conftest import EXAMPLES

from zhnews.batch.run import run_batch
from zhnews.batch.writers import part_path
from zhnews.cli import main


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def mixed(tmp_path):
    """An archive of every kind, with damaged files among them: 9 articles in 8 files."""
    root = tmp_path / "archive"
    write_article(root / "2020" / "08" / "28" / "a.txt")
    write_article(root / "2020" / "08" / "28" / "gb.txt", encoding="gb18030")
    write_article(root / "2020" / "08" / "29" / "p.txt.gz", gz=True)
    write_bytes(root / "2020" / "08" / "29" / "nul.txt", b"\x00\x00binary")
    write_bytes(root / "2020" / "08" / "30" / "empty.txt", b"")
    write_jsonl(root / "lines.jsonl", [{"text": BODY, "id": "j1", "date": "20220110"}, "{oops", {"title": "没有正文"}])
    write_jsonl(root / "more.jsonl.gz", [{"text": BODY, "id": "g1"}], gz=True)
    write_bytes(root / "broken.jsonl.gz", b"\x1f\x8b\x08\x00garbage")
    return root


def test_batch_writes_one_record_per_article_and_exits_0_whatever_the_errors(capsys, mixed, tmp_path):
    out = tmp_path / "out.jsonl"
    code, stdout, err = run(capsys, "batch", mixed, "-o", out, "--jobs", "1")
    assert code == 0 and stdout == ""
    records = read_records(out)
    assert len(records) == 10
    status = {os.path.relpath(r["source"], mixed): r["status"] for r in records}
    assert status == {
        "2020/08/28/a.txt": "ok", "2020/08/28/gb.txt": "ok", "2020/08/29/nul.txt": "error", "2020/08/29/p.txt.gz": "ok",
        "2020/08/30/empty.txt": "error", "broken.jsonl.gz": "error", "lines.jsonl:1": "ok", "lines.jsonl:2": "error",
        "lines.jsonl:3": "error", "more.jsonl.gz:1": "ok",
    }
    assert all(r["error"] is None or "\n" not in r["error"] for r in records)
    assert err.count("\n") == 1 and "10 articles (5 ok, 5 errors) from 8 files" in err  # no progress bar: not a terminal
    assert not part_path(out).exists()


def test_quiet_prints_nothing_and_csv_by_name(capsys, mixed, tmp_path):
    out = tmp_path / "out.csv"
    code, stdout, err = run(capsys, "batch", mixed, "-o", out, "--jobs", "1", "--quiet")
    assert (code, stdout, err) == (0, "", "")
    text = out.read_bytes().decode("utf-8-sig")
    assert text.startswith("source,id,title,date,labels,p_party_building,") and text.count("\r\n") == 11


def test_resume_of_a_complete_output_does_nothing(capsys, mixed, tmp_path):
    out = tmp_path / "out.jsonl"
    assert run(capsys, "batch", mixed, "-o", out, "--jobs", "1")[0] == 0
    before = out.read_bytes()
    code, _, err = run(capsys, "batch", mixed, "-o", out, "--resume")
    assert code == 0 and "is complete; nothing to do" in err and out.read_bytes() == before


def test_resume_without_a_part_starts_from_the_beginning(mixed, tmp_path):
    summary = run_batch([mixed], tmp_path / "out.jsonl", resume=True, n_jobs=1)
    assert (summary.ok, summary.errors, summary.resumed) == (5, 5, 0)


def test_a_run_that_cannot_start_fails_with_one_line(capsys, tmp_path):
    code, _, err = run(capsys, "batch", tmp_path / "missing", "-o", tmp_path / "out.jsonl")
    assert code == 1 and err == f"zhnews: error: {tmp_path / 'missing'}: no such file or folder\n"
    write_article(tmp_path / "a.txt")
    code, _, err = run(capsys, "batch", tmp_path / "a.txt", "-o", tmp_path / "no" / "out.jsonl")
    assert code == 1 and "no such folder" in err and err.count("\n") == 1
    with pytest.raises(SystemExit) as stop:
        main(["batch", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out.jsonl"), "--jobs", "0"])
    assert stop.value.code == 2 and "positive integer" in capsys.readouterr().err


def test_the_output_inside_an_input_folder_is_not_read(mixed):
    out = mixed / "out.jsonl"
    run_batch([mixed], out, n_jobs=1)
    again = run_batch([mixed], out, n_jobs=1)
    assert again.articles == 10 and len(read_records(out)) == 10


def test_pages_a_half_written_page_is_completed_on_resume(tmp_path):
    root = tmp_path / "pages"
    for k in range(3):
        write_bytes(root / f"2020082{k}.txt", (EXAMPLES / "page.txt").read_bytes())
    out = tmp_path / "out.jsonl"
    run_batch([root], out, pages=True, n_jobs=1, chunk_size=1)
    complete = out.read_bytes()
    lines = complete.split(b"\n")
    per_page = len(lines[:-1]) // 3
    assert per_page >= 4 and json.loads(lines[per_page + 1])["source"].endswith("20200821.txt#2")
    # killed after the second article of page 2, in the middle of the third
    part_path(out).write_bytes(b"\n".join(lines[: per_page + 2]) + b"\n" + lines[per_page + 2][:30])
    out.unlink()
    summary = run_batch([root], out, pages=True, n_jobs=1, resume=True)
    assert out.read_bytes() == complete
    assert summary.resumed == per_page + 2 and summary.articles == 2 * per_page - 2


def test_chunks_default_to_about_as_many_articles_for_pages_as_for_articles(monkeypatch, tmp_path):
    import zhnews.batch.run as run
    from zhnews.batch.engine import DEFAULT_CHUNK_SIZE, DEFAULT_PAGE_CHUNK_SIZE

    sizes = []
    analyze_chunks = run.analyze_chunks

    def recording(tasks, **options):
        sizes.append(options["chunk_size"])
        return analyze_chunks(tasks, **options)

    write_article(tmp_path / "a.txt")
    monkeypatch.setattr(run, "analyze_chunks", recording)
    for pages, chunk_size in ((False, None), (True, None), (True, 5)):
        run_batch([tmp_path / "a.txt"], tmp_path / f"out-{pages}-{chunk_size}.jsonl", pages=pages, chunk_size=chunk_size, n_jobs=1)
    assert sizes == [DEFAULT_CHUNK_SIZE, DEFAULT_PAGE_CHUNK_SIZE, 5]
    assert DEFAULT_PAGE_CHUNK_SIZE < DEFAULT_CHUNK_SIZE


def test_sigkill_part_way_then_resume_loses_nothing_and_doubles_nothing(tmp_path):
    root = tmp_path / "archive"
    paths = corpus_archive(root, 640)
    out = tmp_path / "out.jsonl"
    part = part_path(out)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(EXAMPLES.parent / "src"), os.environ.get("PYTHONPATH")])))
    command = [sys.executable, "-m", "zhnews", "batch", str(root), "-o", str(out), "--jobs", "1", "--quiet"]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if part.exists() and part.read_bytes().count(b"\n") >= 1:
                break
            time.sleep(0.01)
        assert proc.poll() is None, f"the run ended before it could be killed: {proc.communicate()[1].decode()}"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert not out.exists()
    written = part.read_bytes().count(b"\n")
    assert 0 < written < len(paths)  # some but not all records were written before the kill
    result = subprocess.run([*command[:-1], "--resume"], env=env, capture_output=True, timeout=300)
    assert result.returncode == 0, result.stderr.decode()
    sources = [r["source"] for r in read_records(out)]
    assert sorted(sources) == sorted(map(str, paths))  # nothing lost
    assert len(sources) == len(set(sources)) == len(paths)  # nothing twice
    reference = tmp_path / "reference.jsonl"
    run_batch([root], reference, n_jobs=1)
    assert out.read_bytes() == reference.read_bytes()  # and the very records of an uninterrupted run, in order


def test_batch_output_feeds_the_report(capsys, mixed, tmp_path):
    from report.builders import needs_matplotlib

    needs_matplotlib()
    out = tmp_path / "out.jsonl"
    assert run(capsys, "batch", mixed, "-o", out, "--jobs", "1", "--quiet")[0] == 0
    page = tmp_path / "report.html"
    code, _, err = run(capsys, "report", out, "-o", page)
    assert (code, err) == (0, "")
    html = page.read_text(encoding="utf-8")
    assert "星湖社区开展消防演练" in html and "empty text" in html and "2020-08" in html


def test_analyze_page_prints_the_records_batch_writes(capsys, tmp_path):
    code, stdout, err = run(capsys, "analyze", "--page", EXAMPLES / "page.txt")
    assert (code, err) == (0, "")
    printed = [json.loads(line) for line in stdout.splitlines()]
    assert [r["source"] for r in printed] == [f"{EXAMPLES / 'page.txt'}#{k}" for k in range(1, len(printed) + 1)]
    out = tmp_path / "out.jsonl"
    run_batch([EXAMPLES / "page.txt"], out, pages=True, n_jobs=1)
    assert printed == read_records(out)


def test_analyze_page_refuses_a_file_too_and_an_empty_page(capsys, tmp_path):
    code, _, err = run(capsys, "analyze", "--page", EXAMPLES / "page.txt", EXAMPLES / "article.txt")
    assert code == 2 and "not both" in err
    empty = write_bytes(tmp_path / "empty.txt", b"\n")
    code, _, err = run(capsys, "analyze", "--page", empty)
    assert code == 1 and err == f"zhnews: error: {empty}: empty page\n"


def test_dask_without_the_extra_names_it(capsys, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    write_article(tmp_path / "a.txt")
    code, _, err = run(capsys, "batch", tmp_path / "a.txt", "-o", tmp_path / "out.jsonl", "--dask", "tcp://127.0.0.1:1")
    assert code == 1 and "pip install 'zhnews[dask]'" in err and err.count("\n") == 1
    assert not (tmp_path / "out.jsonl").exists() and not part_path(tmp_path / "out.jsonl").exists()
