"""classify() and analyze(): one tokenization shared by every stage."""

from __future__ import annotations

import pytest

import zhnews
from zhnews.pipeline import analyze_documents, resolve_model
from zhnews.text.tokenize import Tokenizer

ARTICLE = (
    "本报讯 6月12日，青溪区应急管理局联合区消防救援大队，在工业园区开展安全生产隐患排查。"
    "检查组走进28家企业，查看消防通道、危险化学品仓库和电气线路，发现隐患41处，当场督促整改。"
    "区应急管理局负责人表示，将对整改情况开展“回头看”。(王晓东)"
)


def test_classify_returns_topics_that_are_never_empty():
    topics = zhnews.classify(ARTICLE, title="青溪区开展安全生产隐患排查")
    assert topics.labels == ("safety",)
    assert 0.5 < topics.probabilities["safety"] <= 1
    assert zhnews.classify("今天多云，最高气温二十六度，夜间有小雨。").labels == ("other",)
    assert zhnews.classify("").labels == ("other",)


def test_analyze_tokenizes_the_article_once(monkeypatch):
    model = resolve_model(None)
    calls = []
    original = Tokenizer.cut_lines

    def counting(self, lines):
        calls.append(len(lines))
        return original(self, lines)

    monkeypatch.setattr(Tokenizer, "cut_lines", counting)
    monkeypatch.setattr(Tokenizer, "cut", lambda self, text: pytest.fail("a second tokenization"))
    analysis = zhnews.analyze(ARTICLE, title="青溪区开展安全生产隐患排查", model=model)
    assert len(calls) == 1
    assert analysis.topics.labels == ("safety",)
    assert analysis.brief.text and "本报讯" not in analysis.brief.text and "王晓东" not in analysis.brief.text
    assert analysis.keywords and all(isinstance(w, str) for w, _ in analysis.keywords)


def test_analyze_agrees_with_each_stage_on_the_same_document():
    doc = zhnews.Document.from_text(ARTICLE, title="青溪区开展安全生产隐患排查")
    analysis = zhnews.analyze(doc)
    assert analysis.brief == zhnews.summarize(doc)
    assert list(analysis.keywords) == zhnews.keywords(doc)
    assert analysis.topics.labels == zhnews.classify(doc).labels


def test_analyze_documents_classifies_a_chunk_like_one_by_one():
    texts = [ARTICLE, "区人民法院开庭审理一起电信诈骗案件。", "秋粮喜获丰收。"]
    docs = [zhnews.Document.from_text(t) for t in texts]
    together = analyze_documents(docs)
    alone = [zhnews.analyze(t) for t in texts]
    assert [a.topics.labels for a in together] == [a.topics.labels for a in alone]
    assert [a.brief for a in together] == [a.brief for a in alone]
    assert analyze_documents([]) == []


def test_the_title_is_a_feature():
    body = "6月12日，检查组走进28家企业，查看消防通道和电气线路。"
    with_title = zhnews.classify(body, title="区应急管理局开展安全生产大检查")
    without = zhnews.classify(body)
    assert with_title.probabilities["safety"] != without.probabilities["safety"]


def test_model_can_be_a_path_or_an_estimator(tmp_path):
    from zhnews.topics.persistence import default_model_path

    by_path = zhnews.classify(ARTICLE, model=str(default_model_path()))
    by_object = zhnews.classify(ARTICLE, model=zhnews.load_model())
    assert by_path.labels == by_object.labels
    with pytest.raises(zhnews.ModelError, match="no such model folder"):
        zhnews.classify(ARTICLE, model=tmp_path / "missing")
    with pytest.raises(TypeError, match="model must be"):
        zhnews.classify(ARTICLE, model=42)


def test_bad_text_is_a_type_error():
    with pytest.raises(TypeError, match="str or Document"):
        zhnews.analyze(b"bytes")
