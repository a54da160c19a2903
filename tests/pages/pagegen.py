"""A seeded layout generator: corpus articles set as exported newspaper pages, with gold.

Real page exports are scarce, so the tests and ``benchmarks/pages.py`` make their
own: corpus articles (``zhnews.corpus.load_corpus``) are set on a page the way a
district paper's print layout exports them, and the generator writes down the
split a careful reader would make. What it does to a page, each drawn from a
seeded ``random.Random``:

- each headline, subtitle ("——…"), author line and section label on a line of
  its own, between blank lines; long headlines (two or three titles joined by a
  space, up to 90 characters) and short ones (a title's first part);
- paragraphs cut at a column end, anywhere but right after a punctuation mark
  that ends a sentence or clause (a reader could not tell such a cut either),
  including mid-word;
- column pieces out of order: a story's head piece (its first paragraphs up to
  a cut) printed after its tail piece, with or without a section label between;
- photo captions ending in "XXX摄", with their headline before or after them, or
  none; pages with few and with many photo items;
- short items that open with 本报讯 and end with a bracketed byline;
- a fragment printed twice (the tail of a printed line, on a line of its own);
- ASCII "," "(" ")" ":" in place of their full-width twins in some items.

Where a headline stands between two photo captions, the items are at least two
blank lines apart, so that distance tells whose headline it is (it does on a
printed page, too).
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from zhnews.corpus import Article as CorpusArticle
from zhnews.corpus import load_corpus

__all__ = ["GeneratedPage", "make_page", "make_pages", "corpus_articles"]

#: Invented names for the bylines the generator adds (not people of any corpus).
BYLINE_NAMES = (
    "周明远", "陈晓岚", "李向东", "吴思琪", "赵海峰", "孙悦", "钱立新", "郑雨桐", "冯佳", "何建国",
    "许文静", "沈浩", "韩冬梅", "杨帆", "朱一鸣", "秦岭", "尤小溪", "曹子健", "彭丽", "蒋卫平",
)
#: Labels the generator puts on its pages: some of zhnews's defaults and editor lines.
LABELS = ("新闻进行时", "通讯", "图片新闻", "要闻", "综合新闻", "基层动态", "简讯")
EDITOR_LINES = ("本版责编：{a}", "责任编辑：{a} 校对：{b}", "本版责编:{a}")

_AFTER_NO_CUT = set("。！？!?…；;：:，,、”’」』）)》")
_ROLE = re.compile(r"本报记者|特约记者|见习记者|记者|通讯员|实习生")
_ASCII = str.maketrans({"，": ",", "（": "(", "）": ")", "：": ":"})


@dataclass
class _Item:
    kind: str
    title: str
    subtitle: str = ""
    author_line: str = ""
    paragraphs: list[str] = field(default_factory=list)
    byline: str = ""  # as printed: "(张三)" appended to the last paragraph, or the photo credit
    author: str = ""
    title_after: bool = False  # photo: headline printed after the caption


@dataclass(frozen=True)
class GeneratedPage:
    """A generated page and the split a careful reader would make of it.

    Attributes
    ----------
    seed : int
        The seed it was made from.
    text : str
        The page as exported.
    gold : tuple of dict
        One record per article in page order, keys as the seed page's gold
        (``kind``, ``title``, ``subtitle``, ``author``, ``byline``, ``text``).
    labels : tuple of str
        The section labels and editor lines printed on the page.
    repeats : tuple of str
        Fragments printed twice (the second copy is to be dropped).
    """

    seed: int
    text: str
    gold: tuple[dict[str, str], ...]
    labels: tuple[str, ...]
    repeats: tuple[str, ...]


@lru_cache(maxsize=1)
def corpus_articles() -> tuple[CorpusArticle, ...]:
    """The corpus articles the generator draws from, loaded once."""
    return tuple(load_corpus())


def _names(line: str) -> str:
    return " ".join(p for p in _ROLE.sub(" ", line).split() if p)


def _prepare(article: CorpusArticle, rng: random.Random) -> _Item | None:
    lines = article.text.split("\n")
    if article.kind == "photo":
        caption = lines[-1] if len(lines) == 1 else " ".join(lines)
        cut = max(caption.rfind(ch) for ch in "。！？”")
        credit = caption[cut + 1:].strip()
        if not credit.endswith("摄"):
            return None
        item = _Item("photo", article.title, paragraphs=[caption[: cut + 1]], byline=credit)
        item.author = _names(re.sub(r"\s*摄$", "", credit).replace("  ", ""))
        item.title_after = rng.random() < 0.5
        return item
    if not article.title:
        return None
    item = _Item("article", article.title)
    if lines[0].startswith("——"):
        item.subtitle = lines.pop(0)
        if lines and len(lines[0]) <= 30 and not re.search(r"[。，,！？]", lines[0]):
            item.author_line = lines.pop(0)
            item.author = _names(item.author_line)
    item.paragraphs = [line for line in lines if line.strip()]
    last = item.paragraphs[-1]
    m = re.search(r"[（(]([^（）()]{2,30})[）)]$", last)
    if item.author_line:
        pass  # an author line is the byline; a bracket at the end stays text
    elif m and re.fullmatch(r"[\u4e00-\u9fff ]+", _names(m.group(1)) or "x"):
        item.byline = m.group(0)
        item.author = _names(m.group(1))
        item.paragraphs[-1] = last[: m.start()]
    elif not item.author_line and item.paragraphs[0].startswith("本报讯") and rng.random() < 0.7:
        who = rng.sample(BYLINE_NAMES, rng.choice((1, 1, 2)))
        item.author = " ".join(who)
        item.byline = "(" + item.author + ")" if rng.random() < 0.6 else "（" + item.author + "）"
    return item


def _headline(item: _Item, pool: Sequence[CorpusArticle], rng: random.Random) -> None:
    r = rng.random()
    if r < 0.15:
        parts = [item.title]
        while True:
            other = rng.choice(pool).title
            if not other or len(" ".join(parts + [other])) > 90:
                break
            parts.append(other)
            if len(parts) == 3 or rng.random() < 0.4:
                break
        item.title = " ".join(parts)
    elif r < 0.25 and " " in item.title and len(item.title.split(" ")[0]) >= 4:
        item.title = item.title.split(" ")[0]


def _cut(paragraph: str, rng: random.Random, *, lo: int = 3) -> int | None:
    """A column-end position inside a paragraph, or None."""
    places = [k for k in range(lo, len(paragraph) - 3) if paragraph[k - 1] not in _AFTER_NO_CUT and paragraph[k] not in " "]
    return rng.choice(places) if places else None


def _article_lines(item: _Item, rng: random.Random, page_labels: list[str]) -> tuple[list[str], list[str]]:
    """The printed lines of an article and the gold paragraphs of its text."""
    head = [item.title] + ([item.subtitle] if item.subtitle else []) + ([item.author_line] if item.author_line else [])
    paras = list(item.paragraphs)
    gold_text = list(paras)
    printed_last = paras[-1] + (item.byline if item.byline and not item.author_line else "")
    printed = paras[:-1] + [printed_last]
    # Each printed paragraph becomes one or two lines (a cut at a column end).
    pieces: list[list[str]] = []
    cut_at: list[int | None] = []
    for k, p in enumerate(printed):
        limit = len(paras[k])  # never cut inside the byline
        pos = _cut(p[:limit], rng) if len(p) >= 30 and rng.random() < 0.35 else None
        pieces.append([p] if pos is None else [p[:pos], p[pos:]])
        cut_at.append(pos)
    body: list[str]
    cuttable = [k for k in range(len(printed)) if k >= 1 and cut_at[k] is None and len(printed[k]) >= 40]
    if len(printed) >= 3 and cuttable and rng.random() < 0.3:
        # Column pieces out of order: the tail piece first, then the head piece.
        k = rng.choice(cuttable)
        pos = _cut(paras[k], rng, lo=4)
        if pos is not None:
            pieces[k] = [printed[k][:pos], printed[k][pos:]]
            head_piece = [line for ps in pieces[:k] for line in ps] + [pieces[k][0]]
            tail_piece = [pieces[k][1]] + [line for ps in pieces[k + 1:] for line in ps]
            middle = []
            if rng.random() < 0.5:
                label = rng.choice(LABELS)
                page_labels.append(label)
                middle = [label]
            return head + tail_piece + middle + head_piece, gold_text
    body = [line for ps in pieces for line in ps]
    return head + body, gold_text


def _ascii(item: _Item) -> None:
    item.paragraphs = [p.translate(_ASCII) for p in item.paragraphs]


def make_page(seed: int, *, photos: str = "few") -> GeneratedPage:
    """Make one page from corpus articles drawn with ``seed``.

    Parameters
    ----------
    seed : int
        Seeds the draw of articles and every layout choice.
    photos : {"few", "many"}
        "few": at most two photo items among six to nine; "many": most items
        are photo items.
    """
    rng = random.Random(seed)
    pool = corpus_articles()
    stories = [a for a in pool if a.kind != "photo" and a.title and not (a.kind == "notice" and _has_signature(a))]
    pictures = [a for a in pool if a.kind == "photo"]
    n = rng.randint(6, 9)
    n_photos = rng.randint(0, 2) if photos == "few" else rng.randint(n - 3, n)
    chosen = rng.sample(stories, n - n_photos) + rng.sample(pictures, n_photos)
    rng.shuffle(chosen)
    style_after = rng.random() < 0.5
    items: list[_Item] = []
    for a in chosen:
        item = _prepare(a, rng)
        if item is None:
            continue
        if item.kind == "article":
            _headline(item, stories, rng)
        else:
            item.title_after = style_after if rng.random() < 0.8 else not style_after
        if rng.random() < 0.4:
            _ascii(item)
        items.append(item)

    blocks: list[tuple[list[str], str, str]] = []  # (lines, first kind, last kind)
    gold: list[dict[str, str]] = []
    labels: list[str] = []
    repeats: list[str] = []
    if rng.random() < 0.3:
        line = rng.choice(EDITOR_LINES).format(a=rng.choice(BYLINE_NAMES), b=rng.choice(BYLINE_NAMES))
        labels.append(line)
        blocks.append(([line], "label", "label"))
    for item in items:
        if rng.random() < 0.2:
            label = rng.choice(LABELS)
            labels.append(label)
            blocks.append(([label], "label", "label"))
        if item.kind == "photo":
            caption = item.paragraphs[0] + item.byline
            lines = [caption] if not item.title else ([caption, item.title] if item.title_after else [item.title, caption])
            blocks.append((lines, "photo", "photo"))
            gold.append({"kind": "photo", "title": item.title, "subtitle": "", "author": item.author, "byline": item.byline, "text": item.paragraphs[0]})
            continue
        lines, paras = _article_lines(item, rng, labels)
        if rng.random() < 0.15:
            body_lines = [line for line in lines[1:] if len(line) >= 30 and line not in labels]
            if body_lines:
                src = rng.choice(body_lines)
                start = rng.randint(len(src) // 4, len(src) - 16)
                rep = src[start:]
                lines.append(rep)
                repeats.append(rep)
        blocks.append((lines, "story", "story"))
        byline = item.author_line or item.byline
        gold.append({"kind": "article", "title": item.title, "subtitle": item.subtitle, "author": item.author, "byline": byline, "text": "\n".join(paras)})
    out: list[str] = ["", ""] if rng.random() < 0.5 else []
    for k, (lines, first, last) in enumerate(blocks):
        if k:
            gap = rng.choice((1, 1, 2, 3))
            if blocks[k - 1][2] == "photo" and first == "photo":
                gap = max(gap, 2)
            out.extend([""] * gap)
        out.append("\n\n".join(lines))
    return GeneratedPage(seed, "\n".join(out) + "\n", tuple(gold), tuple(labels), tuple(repeats))


def _has_signature(article: CorpusArticle) -> bool:
    last = article.text.split("\n")[-1]
    return bool(re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", last.strip()))


def make_pages(count: int = 36, *, seed: int = 0) -> list[GeneratedPage]:
    """``count`` pages, one in four with many photo items, seeds ``seed``, ``seed + 1``, …."""
    return [make_page(seed + k, photos="many" if k % 4 == 3 else "few") for k in range(count)]
