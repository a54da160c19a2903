"""Document: one segmentation pass shared by every stage."""

from __future__ import annotations

import pytest

import zhnews


def test_document_holds_sentences_and_their_tokens():
    doc = zhnews.Document.from_text("本报讯 社区开展消防演练。\n居民踊跃参加！", title="社区消防演练")
    assert [s.text for s in doc.sentences] == ["本报讯 社区开展消防演练。", "居民踊跃参加！"]
    assert len(doc.tokens) == len(doc.sentences)
    assert doc.tokens[1] == ("居民", "踊跃", "参加")
    assert doc.title_tokens == ("社区", "消防演练")  # a domain term, kept whole
    assert doc.words == [w for sent in doc.tokens for w in sent]


def test_document_tokenizes_in_one_call(monkeypatch):
    tok = zhnews.Tokenizer()
    calls = []
    original = tok.cut_lines

    def counting(lines):
        calls.append(len(lines))
        return original(lines)

    monkeypatch.setattr(tok, "cut_lines", counting)
    doc = zhnews.Document.from_text("第一句。第二句。\n第三句", title="标题", tokenizer=tok)
    assert calls == [4] and len(doc.sentences) == 3


@pytest.mark.parametrize("text", ["", "   \n\t ", "\u200b\u200b"])
def test_blank_text_gives_an_empty_document(text):
    doc = zhnews.Document.from_text(text)
    assert doc.sentences == () and doc.tokens == ()


@pytest.mark.parametrize("bad", [None, b"bytes", 3, ["list"]])
def test_non_string_text_is_a_type_error(bad):
    with pytest.raises(TypeError, match="str"):
        zhnews.Document.from_text(bad)


def test_non_string_title_is_a_type_error():
    with pytest.raises(TypeError, match="title"):
        zhnews.Document.from_text("正文。", title=5)
