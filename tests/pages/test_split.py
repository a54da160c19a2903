"""split_page: the API, hand-made pages for what the generator cannot make, generated pages."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pages.coverage import check_accounting
from pages.pagegen import make_page, make_pages
from pages.scoring import combine, score_split

import zhnews
from zhnews.pages import DEFAULT_SECTION_LABELS, Article, PageSplit


def page_of(*blocks: str, gap: int = 1) -> str:
    return ("\n" * (gap + 1)).join(blocks) + "\n"


# --------------------------------------------------------------------------- API


def test_public_names():
    assert {"split_page", "PageSplit", "Article"} <= set(zhnews.__all__)
    assert zhnews.split_page is zhnews.pages.split_page
    assert zhnews.Article is Article and zhnews.PageSplit is PageSplit


@pytest.mark.parametrize("bad", [None, b"\xe6\x96\xb0", 12, ["新闻"]])
def test_non_text_is_a_type_error(bad):
    with pytest.raises(TypeError, match="page text as a str"):
        zhnews.split_page(bad)


def test_bad_section_labels():
    with pytest.raises(TypeError, match="not one str"):
        zhnews.split_page("标题", section_labels="要闻")
    with pytest.raises(TypeError, match="must be a str"):
        zhnews.split_page("标题", section_labels=["要闻", 3])
    with pytest.raises(ValueError, match="empty"):
        zhnews.split_page("标题", section_labels=["  "])
    with pytest.raises(TypeError, match="Tokenizer"):
        zhnews.split_page("标题", tokenizer="jieba")


@pytest.mark.parametrize("page", ["", "\n\n", "  \n\t\n", "\u200b\n"])
def test_empty_page(page):
    split = zhnews.split_page(page)
    assert len(split) == 0 and list(split) == [] and split.section_labels == () and split.dropped == ()


def test_results_are_frozen_and_iterable():
    page = page_of("河畔公园新添健身步道", "本报讯 3月9日，东河区河畔公园新建的健身步道向市民开放，全长约两公里。(陈路)")
    split = zhnews.split_page(page)
    art = split[0]
    assert len(split) == 1 and [a.title for a in split] == ["河畔公园新添健身步道"]
    with pytest.raises(AttributeError):
        art.title = "x"
    assert art.as_dict()["spans"]["title"] == list(art.title_span)
    assert (art.author, art.byline, art.text.endswith("两公里。")) == ("陈路", "(陈路)", True)


# --------------------------------------------------------------------------- hand-made pages


def test_a_stray_piece_after_another_story_goes_home():
    # The first story's cut paragraph goes on after the second story's byline.
    page = page_of(
        "老旧小区加装电梯提速",
        "本报讯 今年以来，南湖区加快推进老旧小区加装电梯工作，街道和社区工",
        "社区食堂开到家门口",
        "本报讯 4月1日，南湖区青石社区长者食堂正式开业，六十岁以上居民凭卡就餐可享受优惠。(许文)",
        "作人员逐户上门征求意见，帮助居民协商出资比例，目前已有38部电梯投入使用。(韩立)",
    )
    split = zhnews.split_page(page)
    check_accounting(page, split)
    assert [a.title for a in split] == ["老旧小区加装电梯提速", "社区食堂开到家门口"]
    first, second = split
    assert "社区工作人员逐户上门" in first.text and first.author == "韩立"
    assert second.text.endswith("享受优惠。") and second.author == "许文"


def test_section_labels_can_be_extended():
    page = page_of(
        "乡村振兴",
        "果园里办起了农民夜校",
        "本报讯 每到周三晚上，西岭村的文化礼堂就坐满了果农，农技员在这里讲授修剪和病虫害防治知识。(罗岚)",
    )
    default = zhnews.split_page(page)
    extended = zhnews.split_page(page, section_labels=(*DEFAULT_SECTION_LABELS, "乡村振兴"))
    for split in (default, extended):
        check_accounting(page, split)
        assert [a.title for a in split] == ["果园里办起了农民夜校"]
    # By shape alone (a short line heading a headline) and by the list alike.
    assert [s.text for s in extended.section_labels] == ["乡村振兴"]
    assert [s.text for s in default.section_labels] == ["乡村振兴"]


def test_editor_lines_page_headers_and_a_credit_on_its_own_line():
    page = page_of(
        "2022年6月1日 星期三",
        "本版责编：周岚 校对：孙一",
        "儿童节里的消防课",
        "5月31日，东河区消防救援站邀请辖区幼儿园的孩子们走进营区，体验穿戴防护服、使用灭火毯。",
        "通讯员 赵一鸣 摄",
    )
    split = zhnews.split_page(page)
    check_accounting(page, split)
    assert [s.text for s in split.section_labels] == ["2022年6月1日 星期三", "本版责编：周岚 校对：孙一"]
    (photo,) = split
    assert (photo.kind, photo.title, photo.byline, photo.author) == ("photo", "儿童节里的消防课", "通讯员 赵一鸣 摄", "赵一鸣")
    assert photo.text.endswith("灭火毯。")


def test_a_paragraph_printed_twice_is_dropped_once():
    para = "这次排查共发现燃气管道老化、私拉电线等隐患二十三处，已当场整改十九处，其余限期整改。"
    page = page_of(
        "商户燃气安全排查",
        "本报讯 近日，西城街道组织安监、市场监管等部门对沿街餐饮商户开展燃气安全排查。",
        para,
        para,
        "街道将每月回头看一次，确保隐患动态清零。(周明)",
    )
    split = zhnews.split_page(page)
    check_accounting(page, split)
    assert [d.text for d in split.dropped] == [para]
    assert split[0].text.count(para) == 1


def test_photo_items_take_the_nearer_headline():
    cap_a = "3月12日，志愿者在北山脚下栽下一排排樟树苗，为荒坡披上新绿。林木摄"
    cap_b = "4月2日，五里桥小学的学生在老师带领下学习垃圾分类，把瓶罐放进可回收物桶。周航摄"
    page = "植树添绿\n\n" + cap_a + "\n\n\n\n" + cap_b + "\n\n垃圾分类从娃娃抓起\n"
    split = zhnews.split_page(page)
    check_accounting(page, split)
    assert [(a.kind, a.title) for a in split] == [("photo", "植树添绿"), ("photo", "垃圾分类从娃娃抓起")]


def test_feature_with_subheads_stays_one_story():
    page = page_of(
        "守护一渠清水的人",
        "——记东河区水务站站长林海",
        "本报记者 冯佳",
        "清晨六点，林海已经沿着引水渠走了两公里，这是他巡渠的第十一个年头。",
        "一本巡渠日记",
        "他的挎包里装着一本磨破了边的日记本，哪段渠堤有裂缝、哪个闸门该上油，都记在上面。",
        "一支护渠队伍",
        "在他的带动下，沿渠五个村组建了护渠队，队员大多是退休教师和老党员。",
    )
    split = zhnews.split_page(page)
    check_accounting(page, split)
    (story,) = split
    assert (story.title, story.subtitle, story.byline, story.author) == ("守护一渠清水的人", "——记东河区水务站站长林海", "本报记者 冯佳", "冯佳")
    assert story.text.split("\n")[1] == "一本巡渠日记"


def test_short_cut_line_is_not_a_headline():
    # The column ends after a few characters; 未成 + 年人 is one word across the cut.
    page = page_of(
        "社区开设暑期安全课",
        "本报讯 7月15日，西城街道桂园社区邀请消防员为辖区孩子讲授防溺水和用电安全知识。",
        "消防员告诉在场的未成",
        "年人，遇到危险要先保护好自己，再及时拨打求助电话。(尤溪)",
    )
    split = zhnews.split_page(page)
    check_accounting(page, split)
    assert [a.title for a in split] == ["社区开设暑期安全课"]
    assert "在场的未成年人，遇到危险" in split[0].text


# --------------------------------------------------------------------------- properties

PIECES = st.sampled_from(
    ["社区开展消防演练", "本报讯 3月2日，社区举行演练。", "居民积极参加。(王明)", "——记一名社区干部", "王世明",
     "本报记者 张三", "新闻进行时", "通讯", "孩子们认真听讲。李华摄", "李华摄", "(张亮)", "工作人员逐户上门", "“文明",
     "作对接会。", ",并在", "202", "新华社", "会议还", "", " ", "\u200b"]
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(PIECES, min_size=1, max_size=3).map("".join), max_size=16), st.sampled_from(["\n", "\n\n", "\r\n", "\n\n\n"]))
@example(["本报讯 3月2日，社区举行演练。", "本报讯 3月2日，社区举行演练。", "李华摄"], "\n")  # a credit under a repeat
@example(["社区开展消防演练", "本报讯 3月2日，社区举行演练。", "——记一名社区干部孩子们认真听讲。李华摄", "社区开展消防演练本报讯 3月2日，社区举行演练。"], "\n")
def test_accounting_holds_on_any_line_mix(lines, sep):
    page = sep.join(lines)
    check_accounting(page, zhnews.split_page(page))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=10_000), st.sampled_from(["few", "many"]))
@example(72, "few")  # a story's head joined from above its headline: the article moves up the page
def test_accounting_holds_on_generated_pages(seed, photos):
    page = make_page(seed, photos=photos)
    split = zhnews.split_page(page.text)
    check_accounting(page.text, split)
    assert list(split) == sorted(split, key=lambda a: min(s[0] for s in [a.title_span, *a.text_spans] if s))


# --------------------------------------------------------------------------- generated pages

GENERATED = 36


@pytest.fixture(scope="module")
def generated():
    pages = make_pages(GENERATED)
    scores = []
    for page in pages:
        split = zhnews.split_page(page.text)
        scores.append(score_split([a.as_dict() for a in split], page.gold, labels=page.labels, repeats=page.repeats, dropped=[d.text for d in split.dropped]))
    return pages, combine(scores)


def test_generator_makes_what_it_promises(generated):
    pages, _ = generated
    assert len(pages) >= 30
    gold = [g for p in pages for g in p.gold]
    assert sum(p.repeats != () for p in pages) >= 5
    assert sum(bool(p.labels) for p in pages) >= 10
    assert any(len(g["title"]) > 60 and " " in g["title"] for g in gold)
    assert any(0 < len(g["title"]) <= 6 for g in gold)
    assert sum(g["kind"] == "photo" for g in gold) >= 40
    assert any("," in g["text"] and "(" in g["byline"] for g in gold)
    many = [p for p in pages if sum(g["kind"] == "photo" for g in p.gold) * 2 > len(p.gold)]
    assert len(many) >= 5
    assert make_page(7).text == make_page(7).text  # seeded


def test_generated_pages_meet_the_targets(generated):
    _, total = generated
    assert total.title_precision >= 0.95 and total.title_recall >= 0.95
    assert total.mean_body_f1 >= 0.95
    assert total.labels_as_articles == 0
    assert total.repeats_dropped >= 0.9 * total.repeats
    assert total.caption_rate >= 0.9
