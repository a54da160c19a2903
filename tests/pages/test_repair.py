"""Repairs: dictionary words across a cut, repeats, joining cuts, ordering pieces."""

from __future__ import annotations

import pytest

import math
import random

from zhnews.pages import repair
from zhnews.pages.repair import CrossingWords, Run, crossing_word, find_repeats, link_cuts, order_runs
from zhnews.text.tokenize import Tokenizer, default_tokenizer


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


def plain_search(left: str, right: str, tokenizer: Tokenizer) -> str | None:
    """The maximum-probability search over every substring of the window, as first written."""
    a, b = repair._edge_run(left, tail=True), repair._edge_run(right, tail=False)
    if not a or not b:
        return None
    window, cut = a + b, len(a)
    best = [0.0] + [-math.inf] * len(window)
    back = [0] * (len(window) + 1)
    for i in range(1, len(window) + 1):
        for j in range(max(0, i - repair._MAX_WORD), i):
            p = tokenizer.word_probability(window[j:i])
            if i - j > 1 and p <= 0.0:
                continue
            score = best[j] + math.log(max(p, repair._FLOOR))
            if score > best[i]:
                best[i], back[i] = score, j
    i = len(window)
    while i > 0:
        j = back[i]
        if j < cut < i:
            return window[j:i]
        i = j
    return None


@pytest.mark.parametrize("backend", ["jieba", "default"])
def test_crossing_words_answer_as_the_plain_search(backend):
    # CrossingWords looks words up one window at a time and visits only the pieces a
    # path can take; every answer must be the plain search's, on news text cut
    # anywhere and on edge cases (Latin letters, digits, upper case, no word at all).
    tokenizer = Tokenizer(backend="jieba") if backend == "jieba" else default_tokenizer()
    text = (
        "定期召开街道调解工作对接会，全镇298个物业小区已全部建立党组织。告诉在场的未成年人要敢于担当，"
        "B超检查和3D打印进社区，iPhone手机以旧换新。中华人民共和国民法典宣讲走进乡村文明实践站"
    )
    rng = random.Random(7)
    pairs = [(text[:k], text[k:]) for k in range(len(text) + 1)]
    pairs += [(text[rng.randrange(len(text)):][:rng.randrange(1, 9)], text[rng.randrange(len(text)):]) for _ in range(300)]
    pairs += [("ABC", "公司"), ("T", "恤衫"), ("1", "2345"), ("", ""), ("问题。", "整改")]
    crossing = CrossingWords(tokenizer)
    assert [crossing(a, b) for a, b in pairs] == [plain_search(a, b, tokenizer) for a, b in pairs]


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
