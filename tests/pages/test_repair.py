"""Repairs: dictionary words across a cut, repeats, joining cuts, ordering pieces."""

from __future__ import annotations

import pytest

from zhnews.pages.repair import Run, crossing_word, find_repeats, link_cuts, order_runs
from zhnews.text.tokenize import default_tokenizer


@pytest.mark.parametrize(
    "left,right,word",
    [
        ("定期召开街道调解工", "作对接会。出台文件", "工作"),
        ("全镇298个物业小", "区已全部建立党组织", "小区"),
        ("告诉在场的未成", "年人要敢于担当", "未成年人"),
        ("全镇共建成", "党群服务中心5个", None),  # the cut falls between words
        ("问题。", "整改到位", None),  # punctuation is no part of a word
        ("", "开头", None),
    ],
)
def test_crossing_word(left, right, word):
    assert crossing_word(left, right, default_tokenizer()) == word


def test_find_repeats_whole_lines_and_across_a_join():
    texts = {
        0: "街道组织志愿者清理河道垃圾，共出动人员两百余人次。",
        1: "共出动人员两百余人次。",  # inside line 0, but 11 characters: too short to call a repeat
        2: "清理河道垃圾，共出动人员两百余人次。",
        3: "下一步将建立长效机制，定期开",
        4: "展巡查，确保河道整洁。",
        5: "建立长效机制，定期开展巡查",
    }
    found = find_repeats(texts, joins=[(3, 4)])
    assert found == {2: 0, 5: 3}


def test_equal_lines_drop_the_later():
    assert find_repeats({4: "同一段文字被印了两遍的情况。", 9: "同一段文字被印了两遍的情况。"}) == {9: 4}


def test_link_cuts_takes_best_pairs_once_and_never_loops():
    scores = {(1, 2): 4.0, (1, 5): 3.0, (3, 5): 2.5, (5, 1): 9.0}
    links = link_cuts([1, 3, 5], [1, 2, 5], lambda c, y: scores.get((c, y), 0.0), threshold=1.5)
    # 5 -> 1 first; then 1 -> 2; 3 -> 5 is allowed (no loop: 5 -> 1 -> 2).
    assert links == {5: 1, 1: 2, 3: 5}
    loop = link_cuts([1, 2], [1, 2], lambda c, y: 5.0, threshold=1.5)
    assert len(loop) == 1


def test_order_runs_follows_joins_and_puts_datelines_first():
    tail, head = Run((10, 11, 12)), Run((14, 15))
    assert order_runs([tail, head], {15: 10}, first=lambda r: False) == [head, tail]
    a, b = Run((1, 2)), Run((4,))
    assert order_runs([a, b], {}, first=lambda r: r.first == 4) == [b, a]
    assert order_runs([a, b], {}, first=lambda r: False) == [a, b]
