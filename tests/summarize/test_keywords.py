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


def _degenerate_and_real_documents():
    texts = [TEXT, "", "的了和。", "消防", "消防消防。", "社区开展消防演练。", "社区开展消防演练，居民参加消防演练。" * 3000, TEXT[:40]]
    return [zhnews.Document.from_text(t, title=title) for t in texts for title in (None, "社区消防检查")]


def test_a_chunk_gets_the_keywords_of_each_article_alone():
    from zhnews.summarize.keywords import keywords_documents

    docs = _degenerate_and_real_documents()
    together, alone = keywords_documents(docs), [zhnews.keywords(d) for d in docs]
    assert [[w for w, _ in k] for k in together] == [[w for w, _ in k] for k in alone]
    assert all(s == pytest.approx(t, rel=1e-12) for a, b in zip(together, alone) for (_, s), (_, t) in zip(a, b))
    assert keywords_documents([]) == []


def test_the_chunk_graph_is_each_articles_graph_on_the_diagonal():
    import numpy as np

    from zhnews.summarize._rank import symmetric_transition
    from zhnews.summarize.keywords import _chunk_graph

    docs = [d for d in _degenerate_and_real_documents() if d.content_ids()[0]]
    block, sizes = _chunk_graph([d.content_ids() for d in docs], 5)
    matrix = np.zeros((block.size, block.size))
    matrix[np.repeat(np.arange(block.size), np.diff(block.indptr)), block.indices] = block.data
    start = 0
    for doc, n in zip(docs, sizes):
        vocab, sentence_ids, title_ids = doc.content_ids()
        counts = np.zeros((n, n))  # the plain definition: pairs within 5 words of one sentence
        for ids in (title_ids, *sentence_ids):
            for a in range(len(ids)):
                for b in range(a + 1, min(a + 5, len(ids))):
                    if ids[a] != ids[b]:
                        counts[ids[a], ids[b]] += 1
                        counts[ids[b], ids[a]] += 1
        rows, cols = np.nonzero(counts)
        indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n))])
        alone = symmetric_transition(indptr, cols, counts[rows, cols])
        assert np.array_equal(matrix[start:start + n, start:start + n][rows, cols], alone.data)
        assert np.count_nonzero(matrix[start:start + n]) == len(alone.data)
        assert block.dangling[start:start + n].tolist() == alone.dangling.tolist()
        start += n
