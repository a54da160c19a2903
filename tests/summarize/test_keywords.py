"""keywords(): TextRank over the article's content words."""

from __future__ import annotations

import pytest

import zhnews

TEXT = (
    "本报讯 星湖社区开展消防安全检查，检查组逐栋查看消防通道和灭火器。\n"
    "检查发现消防通道堆放杂物3处，社区当场督促整改。\n"
    "社区党支部组织党员志愿者上门讲解消防知识。"
)


def test_keywords_rank_the_articles_content_words():
    ranked = zhnews.keywords(TEXT, top_k=5)
    words = [w for w, _ in ranked]
    assert len(ranked) == 5
    assert "消防通道" in words or "消防" in words
    assert not {"的", "本报讯", "和"} & set(words)
    scores = [s for _, s in ranked]
    assert scores == sorted(scores, reverse=True) and all(s > 0 for s in scores)
    assert sum(scores) <= 1.0 + 1e-9


def test_keywords_from_a_document_match_keywords_from_text():
    doc = zhnews.Document.from_text(TEXT)
    assert zhnews.keywords(doc) == zhnews.keywords(TEXT)


@pytest.mark.parametrize("text", ["", "   ", "的了和。", "！！！"])
def test_no_content_words_gives_no_keywords(text):
    assert zhnews.keywords(text) == []


def test_single_word_article():
    assert [w for w, _ in zhnews.keywords("消防")] == ["消防"]


@pytest.mark.parametrize("option", [{"top_k": 0}, {"top_k": 2.5}, {"window": 1}, {"top_k": True}])
def test_bad_settings_fail_fast(option):
    with pytest.raises(ValueError, match=next(iter(option))):
        zhnews.keywords(TEXT, **option)


def test_non_string_is_a_type_error():
    with pytest.raises(TypeError, match="str"):
        zhnews.keywords(None)
