"""The real page in ../shared/pages: the done criteria of issue 5, read at run time (never copied)."""

from __future__ import annotations

import pytest
from conftest import read_jsonl, shared_path
from pages.coverage import check_accounting
from pages.scoring import char_f1

import zhnews


@pytest.fixture(scope="module")
def seed():
    page = shared_path("pages", "langya-2020-08.txt").read_text(encoding="utf-8")
    gold = read_jsonl(shared_path("pages", "langya-2020-08.gold.jsonl"))
    return page, gold, zhnews.split_page(page)


def test_every_gold_article_with_its_exact_title_in_page_order(seed):
    _, gold, split = seed
    assert len(gold) == 12
    assert [a.title for a in split] == [g["title"] for g in gold]
    assert [a.kind for a in split] == [g["kind"] for g in gold]


def test_no_section_label_taken_for_an_article(seed):
    _, gold, split = seed
    labels = {s.text for s in split.section_labels}
    assert {"通讯", "新闻进行时"} <= labels
    assert not labels & {a.title for a in split}


def test_the_repeated_fragment_is_dropped(seed):
    page, gold, split = seed
    (dropped,) = split.dropped
    assert page.count(dropped.text) == 2 and page[dropped.start:dropped.end] == dropped.text
    for article in split:
        assert article.text.count(dropped.text[:40]) <= 1


def test_the_fengqiao_story_is_reassembled_in_reading_order(seed):
    _, gold, split = seed
    g = next(x for x in gold if x["title"].startswith("践行“枫桥经验”"))
    a = next(x for x in split if x.title == g["title"])
    positions = [a.text.find(p) for p in g["text"].split("\n")]
    assert -1 not in positions and positions == sorted(positions)
    assert a.text == g["text"]


def test_body_f1_of_every_article_and_the_bylines(seed):
    page, gold, split = seed
    for a, g in zip(split, gold):
        assert char_f1(a.text, g["text"]) >= 0.98, g["title"]
        assert (a.subtitle, a.author, a.byline) == (g["subtitle"], g["author"], g["byline"]), g["title"]
    check_accounting(page, split)
