"""Datelines, bylines and photo credits are recognised, and ordinary sentences left alone."""

from __future__ import annotations

import pytest
from conftest import python_prints

from zhnews.text.markers import content_span, is_furniture

KEPT = [
    ("本报讯 8月28日下午，星湖社区开展消防演练。", "8月28日下午，星湖社区开展消防演练。"),
    ("本报讯(记者 王明)3月2日，社区举行消防演练。", "3月2日，社区举行消防演练。"),
    ("本报讯（记者 刘洋 通讯员 陈思）近日，区法院审结一起案件。", "近日，区法院审结一起案件。"),
    ("本报5月6日讯 全区春播进度过半。", "全区春播进度过半。"),
    ("新华社北京5月8日电（记者 张三）国务院常务会议今天召开。", "国务院常务会议今天召开。"),
    ("新华社北京5月8日电 国务院常务会议今天召开。", "国务院常务会议今天召开。"),
    ("央视网消息（新闻联播）：今天（1月10日），有关部门发布规划。", "今天（1月10日），有关部门发布规划。"),
    ("通过比较，拓展孩子们对国画的认知。孙海摄", "通过比较，拓展孩子们对国画的认知。"),
    ("现场清理菜地约1000平方米。(李昌霞 吴立龙)", "现场清理菜地约1000平方米。"),
    ("活动持续到傍晚。（本报记者 张三 通讯员 李四）", "活动持续到傍晚。"),
    ("志愿者为老人理发。 记者 王某 摄", "志愿者为老人理发。"),
    ("会议听取了工作汇报。（完）", "会议听取了工作汇报。"),
    ("本报北京电（记者 李明）全国春播进度过半。", "全国春播进度过半。"),
    ("本报北京电 全国春播进度过半。", "全国春播进度过半。"),
    ("志愿者清理河道垃圾。记者 梁  斌 摄", "志愿者清理河道垃圾。"),
    ("活动持续到傍晚。(王  芳 李  强)", "活动持续到傍晚。"),
    # ordinary sentences stay whole
    ("好消息传来，工程提前完工。", "好消息传来，工程提前完工。"),
    ("我们传来好消息：项目开工。", "我们传来好消息：项目开工。"),
    ("社区设立调解室（试点）。", "社区设立调解室（试点）。"),
    ("他们一起拍摄", "他们一起拍摄"),
    ("本报记者获悉，新馆将于下月开放。", "本报记者获悉，新馆将于下月开放。"),
    ("本报电视台记者来到现场。", "本报电视台记者来到现场。"),
    ("王世明", "王世明"),
]


@pytest.mark.parametrize("sentence,kept", KEPT, ids=[k[:8] for k, _ in KEPT])
def test_content_span(sentence, kept):
    start, end = content_span(sentence)
    assert sentence[start:end] == kept


@pytest.mark.parametrize("sentence", ["孙海摄", "(李昌霞 吴立龙)", "（项芳芳）", "本报记者 张某 通讯员 李某", "记者 王某 摄", "本报讯"])
def test_furniture_only(sentence):
    assert is_furniture(sentence)


def test_the_patterns_compile_on_first_use_not_on_import():
    out = python_prints(
        """
        import zhnews
        from zhnews.text import markers
        print(markers._patterns.cache_info().currsize)
        markers.content_span("本报讯 社区开展消防演练。")
        print(markers._patterns.cache_info().currsize)
        """,
        quiet=True,
    )
    assert out.split() == ["0", "1"]
