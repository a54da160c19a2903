"""summarize(): briefs are sentences of the article, in order, within budget, without furniture."""

from __future__ import annotations

import re

import pytest
from conftest import read_jsonl, shared_path
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zhnews
from zhnews.summarize.textrank import MAX_GRAPH_SENTENCES

ARTICLE = (
    "本报讯 3月12日上午，青溪区星湖街道在星湖社区举行高层住宅消防应急演练，300余名居民参加。\n"
    "演练模拟12楼住户厨房起火，消防救援站接警后5分钟到场，疏散居民、铺设水带、扑灭明火。\n"
    "社区还请消防员现场讲解灭火器使用方法，并为老人发放烟感报警器80个。\n"
    "街道负责人表示，下一步将在辖区18个小区逐一开展演练。(王晓东 李娜)"
)


def test_brief_skips_dateline_and_byline_and_keeps_offsets():
    brief = zhnews.summarize(ARTICLE)
    assert 1 <= len(brief) <= 2
    assert "本报讯" not in brief.text and "王晓东" not in brief.text
    for s in brief.sentences:
        assert ARTICLE[s.start:s.end] == s.text
    assert [s.index for s in brief.sentences] == sorted(s.index for s in brief.sentences)
    assert brief.text == "".join(s.text for s in brief.sentences) == str(brief)


def test_lead_sentence_wins_for_news_with_the_default_prior():
    assert zhnews.summarize(ARTICLE, max_sentences=1).sentences[0].index == 0


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t", "(王晓东 李娜)"])
def test_empty_or_furniture_only_text_gives_an_empty_brief(text):
    brief = zhnews.summarize(text)
    assert brief.sentences == () and brief.text == ""


def test_one_sentence_gives_that_sentence():
    assert zhnews.summarize("社区开展消防演练。").text == "社区开展消防演练。"
    assert zhnews.summarize("没有标点的一句话").text == "没有标点的一句话"


def test_max_chars_never_cuts_a_sentence_and_keeps_at_least_one():
    first = zhnews.summarize(ARTICLE, max_sentences=1)
    tight = zhnews.summarize(ARTICLE, max_chars=10)
    assert len(tight) == 1 and tight.text == first.text  # longer than 10, but never empty
    budget = zhnews.summarize(ARTICLE, max_sentences=3, max_chars=80)
    assert len(budget.text) <= 80 or len(budget) == 1


def test_title_biases_the_choice_when_the_lead_prior_is_off():
    text = "今年春耕比往年提前一周。星湖社区开展消防演练，居民学习使用灭火器。农技人员下田指导播种。"
    plain = zhnews.summarize(text, max_sentences=1, lead_weight=0.0, title_weight=0.0)
    biased = zhnews.summarize(text, max_sentences=1, lead_weight=0.0, title_weight=1.0, title="社区消防演练")
    assert biased.text == "星湖社区开展消防演练，居民学习使用灭火器。"
    assert plain.sentences[0].score > 0


def test_redundancy_avoids_a_repeated_sentence():
    text = "社区开展消防演练，居民学习使用灭火器。社区开展消防演练，居民学习使用灭火器！区里下月检查各小区的消防通道。"
    brief = zhnews.summarize(text, max_sentences=2, lead_weight=0.0, redundancy=0.9)
    assert [s.index for s in brief.sentences] != [0, 1]


def test_document_input_reuses_its_tokens():
    doc = zhnews.Document.from_text(ARTICLE)
    assert zhnews.summarize(doc).text == zhnews.summarize(ARTICLE).text


@pytest.mark.parametrize("bad", [None, b"bytes", 12, ["a"]])
def test_non_string_input_is_a_type_error(bad):
    with pytest.raises(TypeError, match="str"):
        zhnews.summarize(bad)


@pytest.mark.parametrize(
    "option",
    [{"max_sentences": 0}, {"max_sentences": 1.5}, {"max_chars": 0}, {"lead_weight": 1.5}, {"title_weight": -0.1}, {"redundancy": 1.0}, {"damping": 0}, {"max_sentences": True}],
)
def test_bad_settings_fail_fast_naming_the_setting(option):
    name = next(iter(option))
    with pytest.raises(ValueError, match=name):
        zhnews.summarize(ARTICLE, **option)


def test_a_2mb_article_is_bounded():
    paragraph = "第{}段：社区开展消防演练，居民学习使用灭火器和逃生技能，物业检查消防通道。"
    text = "\n".join(paragraph.format(i) for i in range(60000))[: 2 * 1024 * 1024]
    brief = zhnews.summarize(text)  # one linear tokenization pass, a graph of at most MAX_GRAPH_SENTENCES
    assert 1 <= len(brief) <= 2
    assert all(s.index < MAX_GRAPH_SENTENCES for s in brief.sentences)


# -- properties over arbitrary text ------------------------------------------------
_ALPHABET = st.sampled_from(list("社区开展消防演练居民参加法院调解文明安全党员。！？!?.,，；;：:、（）()“”…\n \t\u200b\u3000abcXYZ019本报讯摄"))
TEXTS = st.one_of(st.text(), st.text(alphabet=_ALPHABET, max_size=600))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS, max_sentences=st.integers(1, 4), max_chars=st.one_of(st.none(), st.integers(1, 120)))
def test_properties_of_any_brief(text, max_sentences, max_chars):
    brief = zhnews.summarize(text, max_sentences=max_sentences, max_chars=max_chars)
    starts = [s.start for s in brief.sentences]
    assert starts == sorted(starts)
    assert len(brief) <= max_sentences
    for s in brief.sentences:
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start:s.end] == s.text
    if max_chars is not None and len(brief) > 1:
        assert len(brief.text) <= max_chars
    assert zhnews.summarize(text, max_sentences=max_sentences, max_chars=max_chars) == brief


# -- the real page: briefs of its 12 gold articles as printed -----------------------
_BYLINE = re.compile(r"[（(][\u4e00-\u9fff ]{2,12}[）)]$")


def test_seed_page_briefs_have_no_furniture():
    articles = read_jsonl(shared_path("pages", "langya-2020-08.gold.jsonl"))
    assert len(articles) == 12
    for art in articles:
        printed = art["text"] + (art["byline"] if art["byline"].startswith(("(", "（")) or art["byline"].endswith("摄") else "")
        brief = zhnews.summarize(printed, title=art["title"])
        assert brief.text, art["title"]
        assert "本报讯" not in brief.text, art["title"]
        assert not brief.text.endswith("摄") and "摄" not in brief.text[-6:], art["title"]
        assert not any(_BYLINE.search(s.text) for s in brief.sentences), art["title"]
        for s in brief.sentences:
            assert printed[s.start:s.end] == s.text


def _chunk_of_articles():
    long_article = "".join(f"第{i}段，社区开展消防演练，居民参加培训{i % 7}次。" for i in range(600))  # > 128 and > MAX_GRAPH_SENTENCES candidates
    texts = [ARTICLE, "", "(王晓东 李娜)", "社区开展消防演练。", "没有标点的一句话", "的了和。的了和。", long_article, ARTICLE[:60]]
    return [zhnews.Document.from_text(t, title=title) for t in texts for title in (None, "社区举行消防应急演练")]


@pytest.mark.parametrize("options", [{}, {"max_chars": 30}, {"max_sentences": 4, "redundancy": 0.0}, {"title_weight": 0.0, "lead_weight": 0.0}])
def test_a_chunk_gets_the_brief_of_each_article_alone(options):
    from zhnews.summarize.textrank import summarize_documents

    docs = _chunk_of_articles()
    assert summarize_documents(docs, **options) == [zhnews.summarize(d, **options) for d in docs]  # same sentences, same scores
    assert summarize_documents([]) == []


def test_the_chunk_graph_is_each_articles_textrank_graph():
    import numpy as np

    from zhnews.summarize._rank import transition
    from zhnews.summarize.textrank import _candidates, _chunk_graphs

    docs = [d for d in _chunk_of_articles() if _candidates(d)[1]]
    candidates = [_candidates(d)[1] for d in docs]
    graphs = _chunk_graphs([d.content_ids() for d in docs], candidates, 0.3, 0.85)
    block = graphs.transition
    start = 0
    for doc, chosen in zip(docs, candidates):
        # the plain definition, article by article (Mihalcea & Tarau 2004, with zhnews's title teleport)
        vocab, sentence_ids, title_ids = doc.content_ids()
        rows = [set(sentence_ids[i]) for i in chosen]
        n = len(rows)
        overlap = np.array([[len(a & b) for b in rows] for a in rows], dtype=float).reshape(n, n)
        sizes = np.array([len(a) for a in rows], dtype=float)
        norm = np.log1p(sizes)[:, None] + np.log1p(sizes)[None, :]
        weights = np.divide(overlap, norm, out=np.zeros_like(overlap), where=norm > 0)
        np.fill_diagonal(weights, 0.0)
        title_overlap = np.array([len(a & set(title_ids)) for a in rows], dtype=float)
        teleport = np.full(n, 1.0 / n)
        if title_overlap.sum() > 0:
            teleport = 0.7 * teleport + 0.3 * title_overlap / title_overlap.sum()
        alone = transition(weights, personalization=teleport)
        lo, hi = block.indptr[start], block.indptr[start + n]
        assert (block.indptr[start:start + n + 1] - lo).tolist() == alone.indptr.tolist()
        assert (block.indices[lo:hi] - start).tolist() == alone.indices.tolist()
        assert block.data[lo:hi].tolist() == alone.data.tolist()  # the same floats
        assert block.teleport[start:start + n].tolist() == alone.teleport.tolist()
        assert block.dangling[start:start + n].tolist() == alone.dangling.tolist()
        start += n
