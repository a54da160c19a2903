"""Shape cues of single lines: tails, author lines, labels, sentence ends, open quotes."""

from __future__ import annotations

import pytest

from zhnews.pages import DEFAULT_SECTION_LABELS
from zhnews.pages.layout import (
    author_names,
    clause_marks,
    has_dateline,
    is_closed,
    is_label_shape,
    label_key,
    page_lines,
    trailing_tail,
    unbalanced,
)

LABELS = frozenset(label_key(x) for x in DEFAULT_SECTION_LABELS)


@pytest.mark.parametrize(
    "line,kind,offset,names",
    [
        ("居民们纷纷点赞。(周明 李华)", "byline", 8, "周明 李华"),
        ("活动持续到傍晚。（本报记者 张三 通讯员 李四）", "byline", 8, "张三 李四"),
        ("情况向社会公示。（区委巡察办）", "byline", 8, "区委巡察办"),
        ("孩子们画出了心中的家乡。陈路摄", "credit", 12, "陈路"),
        ("大家有序撤离。 记者 王一帆 摄", "credit", 8, "王一帆"),
        ("游客驻足观看。记者 梁  斌 摄", "credit", 7, "梁斌"),
        ("现场气氛热烈。市消防支队供图 顾言摄", "credit", 7, "顾言"),
        ("尕玛措摄", "credit", 0, "尕玛措"),
        ("游客漫步古城街巷。古丽孜巴·艾则孜摄", "credit", 9, "古丽孜巴·艾则孜"),
        ("学生免费体验滑雪。巴合提别克摄", "credit", 9, "巴合提别克"),
        ("(张亮)", "byline", 0, "张亮"),
    ],
)
def test_trailing_tails(line, kind, offset, names):
    tail = trailing_tail(line)
    assert tail is not None and (tail.kind, tail.offset, tail.names) == (kind, offset, names)


@pytest.mark.parametrize(
    "line",
    [
        "社区设立调解室(试点)",  # no sentence end before the bracket
        "会议听取了工作汇报。（完）",  # names nobody
        "他们一起拍摄",
        "队员们在河边航拍",
        "据统计，参与人数超过一百人。",
    ],
)
def test_no_tail(line):
    assert trailing_tail(line) is None


@pytest.mark.parametrize(
    "line,names",
    [
        ("王世明", "王世明"),
        ("本报记者 顾春燕 通讯员 杨敏", "顾春燕 杨敏"),
        ("欧阳晓峰 李立", "欧阳晓峰 李立"),
        ("文/图 周丽", "周丽"),
        ("新华社记者 章雨桐 余斌", "章雨桐 余斌"),
        ("小镇消防员", None),  # no surname: a headline
        ("社区开学第一课", None),
        ("王某某在家中被打伤了", None),
    ],
)
def test_author_names(line, names):
    assert author_names(line) == names


@pytest.mark.parametrize(
    "line,expected",
    [
        ("新闻进行时", True),
        ("通 讯", True),  # compared without spaces
        ("本版责编：王明 校对：李华", True),
        ("责任编辑:陈一", True),
        ("第3版", True),
        ("2021年5月6日 星期四", True),
        ("社区开展消防演练", False),
        ("乡村振兴", False),
    ],
)
def test_label_shapes(line, expected):
    assert is_label_shape(line, LABELS) is expected


def test_labels_are_extensible():
    assert is_label_shape("乡村振兴", LABELS | {label_key("乡村振兴")})


@pytest.mark.parametrize(
    "line,closed",
    [
        ("居民参加了活动。", True),
        ("他说：“我们赢了！”", True),
        ("一、检查重点为燃气安全；", True),
        ("各镇（街道）、各有关部门：", True),
        ("The end.", True),
        ("增长了2.", False),
        ("共清理垃圾10余", False),
        ("被评为“文明小区”", False),
        ("社区党支部、", False),
        ("", False),
    ],
)
def test_is_closed(line, closed):
    assert is_closed(line) is closed


def test_unbalanced_quotes_and_brackets():
    assert unbalanced("倡导网民“不造谣、不信")
    assert unbalanced("她结合《未成年人保护法》和《")
    assert unbalanced('他说"我们')
    assert not unbalanced("建设路社区引导未成年人“扣好人生第一粒扣子”")
    assert clause_marks("一、二,三；四:五") == 4


def test_datelines():
    assert has_dateline("本报讯 3月2日，社区举行消防演练。")
    assert has_dateline("本报北京电 有关部门近日召开会议。")
    assert has_dateline("新华社北京5月8日电（记者 张三）国务院常务会议今天召开。")
    assert has_dateline("新华社长春1月14") and has_dateline("新华社")  # cut at a column end
    assert not has_dateline("本报记者获悉，新馆将于下月开放。")
    assert not has_dateline("新华社记者走访了当地农户")


def test_page_lines_spans_and_gaps():
    page = "\n\n  标题一 \n\n\n正文。\r\n\u200b\n尾行"
    lines = page_lines(page)
    assert [(ln.text, ln.gap) for ln in lines] == [("标题一", 2), ("正文。", 2), ("尾行", 1)]
    assert all(page[ln.start:ln.end] == ln.text for ln in lines)
    assert page_lines("") == () and page_lines("\n \n") == ()
