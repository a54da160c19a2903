"""Batch readers: listing, every input kind, the title rule, dates, and damaged inputs."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest
from batch.archive import BODY, TITLE, write_article, write_bytes, write_jsonl

from zhnews import InputError
from zhnews.batch.readers import (
    ArticleInput,
    FailedTask,
    FileTask,
    InputFailure,
    RecordTask,
    TextTask,
    articles_of,
    date_from_path,
    iter_tasks,
    list_inputs,
    normalize_date,
    split_title,
    task_of,
)


def one(task) -> ArticleInput | InputFailure:
    found = articles_of(task)
    assert len(found) == 1
    return found[0]


def tasks_of(*inputs, pages=False):
    return list(iter_tasks(list_inputs([str(i) for i in inputs]), pages=pages))


# -- listing ----------------------------------------------------------------------------
def test_folders_are_walked_recursively_in_path_order_keeping_known_kinds(tmp_path):
    write_article(tmp_path / "2020" / "09" / "b.txt")
    write_article(tmp_path / "2020" / "08" / "z.txt")
    write_article(tmp_path / "2020" / "08" / "a.txt.gz", gz=True)
    write_jsonl(tmp_path / "2020" / "r.jsonl", [{"text": BODY}])
    write_bytes(tmp_path / "2020" / "08" / "photo.jpg", b"\xff\xd8")
    names = [os.path.relpath(f.path, tmp_path) for f in list_inputs([tmp_path])]
    assert names == ["2020/08/a.txt.gz", "2020/08/z.txt", "2020/09/b.txt", "2020/r.jsonl"]
    assert [f.kind for f in list_inputs([tmp_path])] == ["txt", "txt", "txt", "jsonl"]


def test_globs_files_and_duplicates(tmp_path):
    a = write_article(tmp_path / "a.txt")
    write_article(tmp_path / "b.txt")
    write_jsonl(tmp_path / "c.jsonl.gz", [{"text": BODY}], gz=True)
    files = list_inputs([a, str(tmp_path / "*.txt"), str(tmp_path / "**" / "*.gz"), tmp_path])
    assert [Path(f.path).name for f in files] == ["a.txt", "b.txt", "c.jsonl.gz"]  # each file once
    assert [f.kind for f in files] == ["txt", "txt", "jsonl"]


def test_an_explicit_file_of_another_name_is_read_as_text(tmp_path):
    path = write_article(tmp_path / "notes.md")
    assert [f.kind for f in list_inputs([path])] == ["txt"]


def test_missing_input_and_empty_glob_are_refused(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        list_inputs([tmp_path / "nope"])
    with pytest.raises(InputError, match="matches no file"):
        list_inputs([str(tmp_path / "*.txt")])


def test_excluded_files_are_not_listed(tmp_path):
    write_article(tmp_path / "a.txt")
    out = write_jsonl(tmp_path / "out.jsonl", [{"text": BODY}])
    assert [Path(f.path).name for f in list_inputs([tmp_path], exclude=[out])] == ["a.txt"]


# -- the title rule -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "title"),
    [
        (f"{TITLE}\n{BODY}", TITLE),
        (f"\n\n  {TITLE}  \n{BODY}", TITLE),  # blank lines and spaces around the headline
        ("“平安社区”建设启动\n" + BODY, "“平安社区”建设启动"),
        ("社区开展消防演练。\n" + BODY, None),  # ends in terminal punctuation
        ("他说：“我们赢了！”\n" + BODY, None),  # terminal punctuation inside a closing quote
        ("一" * 41 + "\n" + BODY, None),  # longer than 40 characters
        ("一" * 40 + "\n" + BODY, "一" * 40),
        (TITLE, None),  # no more lines
        (TITLE + "\n\n   \n", None),  # only blank lines follow
    ],
)
def test_title_rule(text, title):
    got, body = split_title(text)
    assert got == title
    if title is None:
        assert body == text
    else:
        assert body.strip() == text.split(title, 1)[1].strip()


def test_txt_article_record_fields(tmp_path):
    path = write_article(tmp_path / "2020" / "08" / "28" / "a.txt")
    item = one(FileTask(str(path)))
    assert item == ArticleInput(str(path), str(path), TITLE, "2020-08-28", BODY)


def test_gb18030_and_gzipped_articles(tmp_path):
    gb = write_article(tmp_path / "gb.txt", encoding="gb18030")
    packed = write_article(tmp_path / "p.txt.gz", gz=True)
    assert one(FileTask(str(gb))).text == BODY
    assert one(FileTask(str(packed))).title == TITLE


def test_a_page_gives_one_article_per_item_with_the_page_and_index_as_source(tmp_path):
    page = Path(__file__).resolve().parents[2] / "examples" / "page.txt"
    found = articles_of(FileTask(str(page), pages=True))
    assert len(found) >= 4 and all(isinstance(a, ArticleInput) for a in found)
    assert [a.source for a in found] == [f"{page}#{k}" for k in range(1, len(found) + 1)]
    assert found[0].title == "小巷里的“夜间议事会”"
    assert [a.source for a in articles_of(TextTask("p", page.read_text(encoding="utf-8"), pages=True))][:2] == ["p#1", "p#2"]


# -- JSONL -------------------------------------------------------------------------------
def test_jsonl_lines_keep_id_title_and_date(tmp_path):
    path = write_jsonl(
        tmp_path / "2021" / "r.jsonl",
        [{"text": BODY, "id": 7, "title": " 标题 ", "date": "2022年1月10日", "extra": 1}, "", {"text": BODY}],
    )
    tasks = tasks_of(path)
    assert [t.source for t in tasks] == [f"{path}:1", f"{path}:3"]  # blank lines are no articles
    first, second = (one(t) for t in tasks)
    assert (first.id, first.title, first.date, first.text) == ("7", "标题", "2022-01-10", BODY)
    assert (second.id, second.title, second.date) == (f"{path}:3", None, None)


def test_a_record_date_wins_over_the_path_and_an_unreadable_one_is_null(tmp_path):
    path = write_jsonl(tmp_path / "2020-08-28.jsonl", [{"text": BODY}, {"text": BODY, "date": "2021/3/4"}, {"text": BODY, "date": "soon"}])
    assert [one(t).date for t in tasks_of(path)] == ["2020-08-28", "2021-03-04", None]


def test_gzipped_jsonl(tmp_path):
    path = write_jsonl(tmp_path / "r.jsonl.gz", [{"text": BODY, "id": "a"}, {"text": BODY, "id": "b"}], gz=True)
    assert [one(t).id for t in tasks_of(path)] == ["a", "b"]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{bad json", "bad JSON line"),
        ('{"title": "无正文"}', 'no "text" field'),
        ('{"text": ""}', "empty text"),
        ('{"text": "   \\n "}', "empty text"),
        ('{"text": 12}', '"text" is not a string'),
        ('["a list"]', "not a JSON object"),
    ],
)
def test_bad_jsonl_lines_are_error_records(tmp_path, line, reason):
    path = write_jsonl(tmp_path / "r.jsonl", [{"text": BODY}, line, {"text": BODY}])
    items = [one(t) for t in tasks_of(path)]
    assert [type(i).__name__ for i in items] == ["ArticleInput", "InputFailure", "ArticleInput"]
    bad = items[1]
    assert bad.source == f"{path}:2" and bad.error.startswith(f"{path}:2: ") and reason in bad.error
    assert "\n" not in bad.error


def test_a_jsonl_line_in_gb18030_is_read_and_binary_one_refused(tmp_path):
    gb = ('{"text": "' + BODY.replace("\n", "\\n") + '"}').encode("gb18030")
    path = write_bytes(tmp_path / "r.jsonl", gb + b"\n" + b'{"text": "\x00x"}\n')
    first, second = (one(t) for t in tasks_of(path))
    assert first.text == BODY
    assert isinstance(second, InputFailure) and "binary data" in second.error


# -- damaged files ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\xff\xfe\xfa\x80\x81" * 20, "UTF-16"),
        (b"\x81\x30\xff\xff\xff" * 10, "neither UTF-8 nor GB18030"),
        ("新闻".encode() + b"\x00\x00" + "正文".encode(), "binary data (NUL bytes)"),
        (b"", "empty text"),
        (b"  \n\t\n", "empty text"),
    ],
)
def test_damaged_txt_files_are_error_records(tmp_path, data, reason):
    path = write_bytes(tmp_path / "2020" / "08" / "28" / "bad.txt", data)
    item = one(FileTask(str(path)))
    assert isinstance(item, InputFailure)
    assert item.source == str(path) and item.error.startswith(f"{path}: ") and reason in item.error
    assert item.date == "2020-08-28"  # what is known is kept


def test_bad_gzip_txt_is_an_error_record(tmp_path):
    broken = write_bytes(tmp_path / "a.txt.gz", gzip.compress(BODY.encode())[:-12])
    not_gzip = write_bytes(tmp_path / "b.txt.gz", BODY.encode())
    assert "damaged gzip file" in one(FileTask(str(broken))).error
    assert "damaged gzip file" in one(FileTask(str(not_gzip))).error


def test_a_jsonl_gzip_that_breaks_gives_its_lines_then_one_error(tmp_path):
    records = [{"text": BODY, "id": str(k)} for k in range(200)]
    data = gzip.compress(("\n".join(f'{{"text": "{BODY.replace(chr(10), " ")}", "id": "{k}", "pad": "{"x" * (k * 37 % 400)}"}}' for k in range(200)) + "\n").encode())
    path = write_bytes(tmp_path / "r.jsonl.gz", data[: len(data) // 2])
    tasks = tasks_of(path)
    assert isinstance(tasks[-1], FailedTask) and all(isinstance(t, RecordTask) for t in tasks[:-1])
    assert 0 < len(tasks) - 1 < len(records)
    failure = one(tasks[-1])
    assert "damaged gzip file" in failure.error and f"after line {len(tasks) - 1}" in failure.error


def test_a_jsonl_file_that_cannot_be_opened_is_one_error_record(tmp_path):
    path = write_jsonl(tmp_path / "r.jsonl", [{"text": BODY}])
    files = list_inputs([path])
    path.unlink()
    (task,) = iter_tasks(files)
    assert isinstance(task, FailedTask) and "no such file" in one(task).error


def test_a_file_deleted_between_listing_and_reading_is_an_error_record(tmp_path):
    path = write_article(tmp_path / "gone.txt")
    (task,) = tasks_of(path)
    path.unlink()
    item = one(task)
    assert isinstance(item, InputFailure) and "no such file" in item.error and item.error.startswith(f"{path}: ")


def test_a_folder_in_place_of_a_file_is_an_error_record(tmp_path):
    (tmp_path / "d.txt").mkdir()
    assert "directory" in one(FileTask(str(tmp_path / "d.txt"))).error


def test_program_inputs_become_tasks():
    assert task_of("正文", 0) == TextTask("<input>:1", "正文", title_rule=False)
    assert task_of({"text": "正文", "source": "s"}, 4).source == "s"
    assert task_of({"text": "正文"}, 4).source == "<input>:5"
    with pytest.raises(TypeError, match="item 3 is a int"):
        task_of(5, 3)


# -- dates ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("20220110", "2022-01-10"),
        (20220110, "2022-01-10"),
        ("2022/01/10", "2022-01-10"),
        ("2022/1/10", "2022-01-10"),
        ("2022-01-10", "2022-01-10"),
        ("2022-01-10T08:30:00+08:00", "2022-01-10"),
        ("2022-01-10 08:30", "2022-01-10"),
        ("2022.1.10", "2022-01-10"),
        ("2022年1月10日", "2022-01-10"),
        ("2022年01月10日 星期一", "2022-01-10"),
        (" 2022年1月10 ", "2022-01-10"),
        ("2022-02-30", None),
        ("2022-13-01", None),
        ("202201100", None),
        ("1月10日", None),
        ("yesterday", None),
        ("", None),
        (None, None),
        (True, None),
        (["2022-01-10"], None),
        ("0999-01-01", None),
    ],
)
def test_normalize_date(value, iso):
    assert normalize_date(value) == iso


@pytest.mark.parametrize(
    ("path", "iso"),
    [
        ("archive/2020/08/28/page3.txt", "2020-08-28"),
        ("archive/2020/8/28/page3.txt", "2020-08-28"),
        ("archive/20200828_03.txt", "2020-08-28"),
        ("archive/2020082803.txt", "2020-08-28"),
        ("archive/2020-08-28-a.txt", "2020-08-28"),
        ("archive/2020年8月28日/a.txt", "2020-08-28"),
        ("archive/2019/01/01/20200828.txt", "2020-08-28"),  # the file name's date wins
        ("archive/2020/13/40/a.txt", None),
        ("archive/12345678.txt", None),
        ("archive/page.txt", None),
        (None, None),
    ],
)
def test_date_from_path(path, iso):
    assert date_from_path(path) == iso
