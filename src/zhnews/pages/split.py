"""Split the text of an exported newspaper page into its articles and photo items.

:func:`split_page` reads a page the way a careful reader does, in four passes
over its lines (see :mod:`zhnews.pages.layout` for the cues of one line):

1. **Shape.** Each line is a section label, a subtitle ("——…"), a paragraph
   (it ends a sentence, or is too long or too punctuated for a headline), a
   photo caption (a paragraph ending in "XXX摄"), a byline standing alone, or a
   *short line*: a headline, an author line, or the head of a paragraph cut at
   a column end.
2. **Repeats.** A paragraph printed in full elsewhere on the page is dropped
   (:func:`zhnews.pages.repair.find_repeats`).
3. **Roles.** A short line right after a headline or subtitle that holds only
   names is the author line. Another short line is a headline unless the
   evidence says it is cut: the characters across the break form a dictionary
   word (未成 + 年人), the next line starts with punctuation, the line holds a
   clause mark, or the story it stands in opened with a dateline and has not yet
   reached its byline on a page whose stories end with one. A short line before
   a subtitle, an author line, a dateline or a caption is a headline. Captions
   take the headline beside them, before or after, preferring the nearer one
   (fewer blank lines), then the side the page's other captions use. A
   headline that heads nothing (another headline follows it) is a section label.
4. **Repair and assembly.** Cut paragraphs are joined to their continuations
   (:func:`zhnews.pages.repair.link_cuts`), each paragraph goes to the story its
   first piece belongs to, a story's column pieces are put in reading order
   (:func:`zhnews.pages.repair.order_runs`), and the bracketed byline or photo
   credit is split off the text.

Nothing is invented or lost: every character of the page's non-blank lines
(apart from the whitespace at the edges of a line and around a byline) is in
exactly one of an article's title, subtitle, byline or text, a section label,
or a dropped repeat; each part carries the spans it came from.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..text.tokenize import Tokenizer, default_tokenizer
from . import layout, repair
from .layout import DEFAULT_SECTION_LABELS, Line, Tail

__all__ = ["Article", "PageSplit", "Segment", "Span", "split_page"]

#: A half-open character range ``(start, end)`` in the page.
Span = tuple[int, int]

# Line roles.
_LABEL, _SUBTITLE, _AUTHOR, _HEAD, _PHOTO_TITLE, _BODY, _SHORT, _DROPPED, _TAIL_LINE, _LONE_TAIL = (
    "label", "subtitle", "author", "head", "photo-title", "body", "short", "dropped", "tail-line", "lone-tail",
)
# Characters that never begin a sentence: a line that starts with one continues another.
_NO_START = frozenset("，,、。．.；;：:！!？?）)]】》」』”’…—%的们")
_HAN = re.compile(r"[\u3400-\u9fff]")
# A full stop inside a line makes it a paragraph; ！ and ？ do not (彩礼该不该退？法院发布典型案例).
_SENTENCE_MARKS = frozenset("。")
# Link scores (see _Page._link_score); a join needs at least _LINK_THRESHOLD.
_ADJACENT, _SAME_STORY, _PIECE_HEAD, _AFTER_FINISHED, _STEALS_OPENING, _WORD, _NO_START_BONUS = 3.0, 1.0, 1.0, 1.5, -2.0, 2.0, 0.5
_LINK_THRESHOLD = 1.5
# Evidence that a short line mid-story is the head of a cut paragraph, not a headline;
# it is cut from _EVIDENCE_CUT on. "same topic": most of its content words (two at
# least) are in the paragraphs just above; "new topic": none is.
_EVIDENCE = {
    "word": 2.0, "runs on": 1.5, "clause": 1.5, "open end": 1.5, "story open": 1.5, "same topic": 2.0, "new topic": -1.0,
}
# Function words that need what follows them: a headline does not end with one (会议还 / 向).
_NO_END = frozenset("的地得着和与及或在从向对把被将还也都就又并而且为以于让使给比跟同")
_EVIDENCE_CUT = 1.5
_COHESION_LINES = 4
#: Longest line (characters) that can be a headline; longer lines are paragraphs.
MAX_HEADLINE_CHARS = 100
#: Longest subhead (小标题) inside a story with an author line.
MAX_SUBHEAD_CHARS = 24


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of the page that is not part of any article (a label, a dropped repeat).

    Attributes
    ----------
    start, end : int
        Its span in the page: ``page[start:end] == text``.
    text : str
        The text as printed.
    """

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Article:
    """One article or photo item of a page, in reading order.

    Attributes
    ----------
    kind : str
        ``"article"``, or ``"photo"`` for a photo caption with its headline.
    title, subtitle : str
        The headline and the subtitle ("——…" as printed); ``""`` when absent.
    author : str
        The names of the byline, space-separated, roles (记者, 通讯员) left out.
    byline : str
        As printed: the line of authors under the headline, the names in brackets after
        the text, or the photographer's credit.
    text : str
        The body in reading order, paragraphs joined by ``"\\n"``, cut paragraphs
        joined without a break, the byline or credit left out.
    title_span, subtitle_span, byline_span : (int, int) or None
        Where the title, subtitle and byline stand in the page.
    paragraph_spans : tuple of tuple of (int, int)
        For each paragraph of ``text``, the spans of the page it was joined from,
        in reading order: ``text == "\\n".join("".join(page[a:b] for a, b in p)
        for p in paragraph_spans)``.
    """

    kind: str
    title: str
    subtitle: str
    author: str
    byline: str
    text: str
    title_span: Span | None = None
    subtitle_span: Span | None = None
    byline_span: Span | None = None
    paragraph_spans: tuple[tuple[Span, ...], ...] = ()

    @property
    def text_spans(self) -> tuple[Span, ...]:
        """The spans of the body, in reading order, flattened."""
        return tuple(span for para in self.paragraph_spans for span in para)

    def as_dict(self) -> dict[str, Any]:
        """The article as JSON-ready data, in the shape of a gold split record plus spans."""
        return {
            "kind": self.kind,
            "title": self.title,
            "subtitle": self.subtitle,
            "author": self.author,
            "byline": self.byline,
            "text": self.text,
            "spans": {
                "title": list(self.title_span) if self.title_span else None,
                "subtitle": list(self.subtitle_span) if self.subtitle_span else None,
                "byline": list(self.byline_span) if self.byline_span else None,
                "text": [[list(s) for s in para] for para in self.paragraph_spans],
            },
        }


def _first_offset(article: Article) -> int:
    """Where an article's first span (headline, subtitle, byline or body) begins on the page."""
    spans = [article.title_span, article.subtitle_span, article.byline_span, *article.text_spans]
    return min(span[0] for span in spans if span)


@dataclass(frozen=True, slots=True)
class PageSplit:
    """The articles of a page, with the labels and repeats that belong to none.

    Iterating gives the :class:`Article` records in page order; ``len()`` counts
    them and indexing works as on a tuple.

    Attributes
    ----------
    articles : tuple of Article
        In page order (where each article's first span stands, a piece joined from
        higher up the page included).
    section_labels : tuple of Segment
        Section labels, editor lines and page headers, in page order.
    dropped : tuple of Segment
        Fragments dropped because the page prints them twice.
    """

    articles: tuple[Article, ...]
    section_labels: tuple[Segment, ...] = ()
    dropped: tuple[Segment, ...] = ()

    def __iter__(self) -> Iterator[Article]:
        return iter(self.articles)

    def __len__(self) -> int:
        return len(self.articles)

    def __getitem__(self, index: int) -> Article:
        return self.articles[index]


def _label_keys(section_labels: Iterable[str]) -> frozenset[str]:
    if isinstance(section_labels, str):
        raise TypeError("section_labels must be an iterable of labels, not one str (wrap it in a tuple)")
    keys = set()
    for label in section_labels:
        if not isinstance(label, str):
            raise TypeError(f"section_labels: each label must be a str, not {type(label).__name__}")
        key = layout.label_key(label)
        if not key:
            raise ValueError(f"section_labels: {label!r} is empty")
        keys.add(key)
    return frozenset(keys)


def split_page(
    text: str,
    *,
    section_labels: Iterable[str] = DEFAULT_SECTION_LABELS,
    tokenizer: Tokenizer | None = None,
) -> PageSplit:
    """Split the text of an exported newspaper page into its articles.

    Parameters
    ----------
    text : str
        The page as exported from the print layout: headlines, subtitles, author
        lines, labels and paragraphs as lines, usually between blank lines.
    section_labels : iterable of str, default DEFAULT_SECTION_LABELS
        Lines that are section labels (栏目) and head no article; compared
        without spaces, after NFKC. Extend the default with a paper's own:
        ``(*zhnews.pages.DEFAULT_SECTION_LABELS, "乡村振兴")``. Editor lines
        (本版责编：…) and page headers are recognised by their shape anyway.
    tokenizer : Tokenizer, optional
        Whose dictionary weighs a cut (is 工 + 作 a word?); the shared default
        tokenizer when omitted.

    Returns
    -------
    PageSplit
        The articles in page order; empty for a page without text.

    Raises
    ------
    TypeError
        When ``text`` is not a str, or ``section_labels`` is not an iterable of str.

    Examples
    --------
    >>> page = "社区开展消防演练\\n\\n本报讯 3月2日，星湖社区开展消防演练。(王明)\\n"
    >>> [(a.title, a.text, a.author) for a in split_page(page)]
    [('社区开展消防演练', '本报讯 3月2日，星湖社区开展消防演练。', '王明')]
    """
    if not isinstance(text, str):
        raise TypeError(f"expected the page text as a str, not {type(text).__name__}")
    if tokenizer is not None and not isinstance(tokenizer, Tokenizer):
        raise TypeError(f"tokenizer must be a zhnews.Tokenizer, not {type(tokenizer).__name__}")
    labels = _label_keys(section_labels)
    lines = layout.page_lines(text)
    if not lines:
        return PageSplit(())
    return _Page(text, lines, labels, tokenizer or default_tokenizer()).split()


@dataclass(eq=False)
class _Item:
    """An article or photo item while the page is being read."""

    kind: str
    position: int
    title: int | None = None
    subtitle: int | None = None
    author: int | None = None
    caption: int | None = None
    lines: list[int] = field(default_factory=list)


class _Page:
    """The passes of :func:`split_page` over one page's lines."""

    def __init__(self, page: str, lines: tuple[Line, ...], labels: frozenset[str], tokenizer: Tokenizer) -> None:
        self.page = page
        self.lines = lines
        self.labels = labels
        self.tok = tokenizer
        self._crossing = repair.CrossingWords(tokenizer)
        self._datelines: dict[int, bool] = {}
        n = len(lines)
        self.role: list[str] = [_BODY] * n
        self.tail: list[Tail | None] = [None] * n
        self.tail_line: dict[int, int] = {}  # paragraph -> its byline/credit standing on the next line
        self.closed = [False] * n
        self._words: dict[tuple[int, int], str | None] = {}
        self.usual_gap = 1

    # -- neighbours ----------------------------------------------------------
    def _skip(self, i: int) -> bool:
        return self.role[i] in (_DROPPED, _TAIL_LINE)

    def next(self, i: int) -> int | None:
        j = i + 1
        while j < len(self.lines) and self._skip(j):
            j += 1
        return j if j < len(self.lines) else None

    def prev(self, i: int) -> int | None:
        j = i - 1
        while j >= 0 and self._skip(j):
            j -= 1
        return j if j >= 0 else None

    def is_caption(self, i: int) -> bool:
        if self.role[i] != _BODY:
            return False
        tail = self.tail[i]
        if tail is None and i in self.tail_line:
            tail = self.tail[self.tail_line[i]]
        return tail is not None and tail.kind == "credit"

    def is_paragraph(self, i: int | None) -> bool:
        """A body line that is not a caption: the stuff stories are made of."""
        return i is not None and self.role[i] == _BODY and not self.is_caption(i)

    def opens(self, i: int) -> bool:
        """Whether line ``i`` has a dateline (asked of each candidate for each cut: remembered)."""
        known = self._datelines.get(i)
        if known is None:
            known = self._datelines[i] = layout.has_dateline(self.lines[i].text)
        return known

    def word(self, a: int, b: int) -> str | None:
        key = (a, b)
        if key not in self._words:
            self._words[key] = self._crossing(self.lines[a].text, self.lines[b].text)
        return self._words[key]

    def finished(self, i: int) -> bool:
        """Whether a paragraph ends its story: it closes with a bracketed byline."""
        tail = self.tail[i] if i not in self.tail_line else self.tail[self.tail_line[i]]
        return tail is not None and tail.kind == "byline"

    # -- pass 1: shape -------------------------------------------------------
    def shape(self) -> None:
        for line in self.lines:
            i, t = line.index, line.text
            if layout.is_label_shape(t, self.labels):
                self.role[i] = _LABEL
                continue
            tail = layout.trailing_tail(t)
            self.tail[i] = tail
            if tail is not None and tail.offset == 0:
                self.role[i] = _LONE_TAIL
            elif t.startswith(("——", "--", "—")) and len(t) <= MAX_HEADLINE_CHARS + 20:
                self.role[i] = _SUBTITLE
            elif tail is not None:
                self.closed[i] = True
            elif layout.is_closed(t):
                self.closed[i] = True
            elif len(t) > MAX_HEADLINE_CHARS or any(ch in _SENTENCE_MARKS for ch in t) or layout.clause_marks(t) >= 3:
                pass  # a paragraph cut at a column end
            else:
                self.role[i] = _SHORT

    def lone_tails(self) -> None:
        """A byline or credit alone on a line belongs to the paragraph above it (repeats skipped)."""
        for i, role in enumerate(self.role):
            if role != _LONE_TAIL:
                continue
            p = self.prev(i)
            if p is not None and self.role[p] == _BODY and self.closed[p] and self.tail[p] is None and p not in self.tail_line:
                self.role[i] = _TAIL_LINE
                self.tail_line[p] = i
            else:
                self.role[i] = _LABEL

    # -- pass 2: repeats -----------------------------------------------------
    def repeats(self) -> dict[int, int]:
        # A short line may be a repeat too, but not one shaped like a headline: a story's
        # headline is often said again in its text.
        texts = {
            i: self.lines[i].text
            for i, r in enumerate(self.role)
            if r == _BODY or (r == _SHORT and (layout.clause_marks(self.lines[i].text) or layout.unbalanced(self.lines[i].text)))
        }
        joins = [(i, i + 1) for i in texts if not self.closed[i] and i + 1 in texts]
        found = repair.find_repeats(texts, joins=joins)
        for i in found:
            self.role[i] = _DROPPED
        return found

    # -- pass 3: roles -------------------------------------------------------
    def roles(self) -> None:
        n_lines = len(self.lines)
        # On a page whose dateline stories all end with a byline, a story without one yet goes on.
        gaps = Counter(line.gap for line in self.lines[1:]) or Counter([1])
        self.usual_gap = max(gaps, key=lambda g: (gaps[g], -g))
        bylines = sum(1 for i in range(n_lines) if self.role[i] == _BODY and self.finished(i))
        datelines = sum(1 for i in range(n_lines) if self.role[i] == _BODY and layout.has_dateline(self.lines[i].text))
        page_has_bylines = bylines > 0 and bylines >= datelines
        story_open = False  # the current story opened with a dateline and has no byline yet
        feature = False  # the current story has an author line: it may have subheads
        for i in range(n_lines):
            role = self.role[i]
            if role == _SUBTITLE:
                p = self.prev(i)
                if p is None or self.role[p] != _HEAD:
                    self.role[i] = _BODY
                    self.closed[i] = layout.is_closed(self.lines[i].text)
            elif role == _SHORT:
                self.role[i] = self._short_role(i, story_open=story_open and page_has_bylines, feature=feature)
            role = self.role[i]
            if role == _HEAD:
                story_open = feature = False
            elif role == _AUTHOR:
                feature = True
            elif role == _BODY and not self.is_caption(i):
                p = self.prev(i)
                if p is not None and self.role[p] in (_HEAD, _SUBTITLE, _AUTHOR) and layout.has_dateline(self.lines[i].text):
                    story_open = True
                if self.finished(i):
                    story_open = feature = False

    def _short_role(self, i: int, *, story_open: bool, feature: bool) -> str:
        """Headline, author line, subhead or cut paragraph: what a short line is."""
        t = self.lines[i].text
        p, n = self.prev(i), self.next(i)
        if p is not None and self.role[p] in (_HEAD, _SUBTITLE) and self.tail[i] is None and layout.author_names(t):
            return _AUTHOR
        # What follows a headline: a subtitle, an author line, a caption, or nothing.
        if n is None or self.role[n] == _SUBTITLE:
            return _HEAD
        if self.role[n] == _SHORT and layout.author_names(self.lines[n].text):
            nn = self.next(n)
            if nn is not None and self.role[nn] == _BODY:
                return _HEAD
        if self.is_caption(n) or (p is not None and self.is_caption(p)):
            return _HEAD
        # A quote or bracket left open, a dateline, no Han character: the start of a paragraph, cut.
        if layout.unbalanced(t) or layout.has_dateline(t) or not _HAN.search(t):
            return self._cut(i)
        nt = self.lines[n].text
        if layout.has_dateline(nt):
            return _HEAD
        # Layout keeps a story's lines closer together than two stories: more blank
        # lines than the page's usual gap mean a story starts here.
        # A section label may stand inside a story (between its column pieces): look past it.
        gap = self.lines[i].gap
        while p is not None and self.role[p] == _LABEL:
            gap = max(gap, self.lines[p].gap)
            p = self.prev(p)
        mid_story = self.is_paragraph(p) and not self.finished(p) and gap <= self.usual_gap  # type: ignore[arg-type]
        runs_on = self.role[n] in (_BODY, _SHORT) and (self.word(i, n) or nt[0] in _NO_START)
        under_author = p is not None and self.role[p] == _AUTHOR  # an author line heads a body, not a headline
        if feature and (mid_story or under_author) and len(t) <= MAX_SUBHEAD_CHARS and not runs_on:
            self.closed[i] = True
            return _BODY  # a subhead (小标题) of a feature: a paragraph of its own
        if under_author:
            return self._cut(i)
        if self.role[n] != _BODY:
            return _HEAD
        if not mid_story:
            return _HEAD
        # Mid-story: weigh the evidence that the line is the head of a cut paragraph.
        shared, words = self._cohesion(i)
        evidence = 0.0
        if not self.closed[p]:  # type: ignore[index]
            # After a cut: the line may continue it (and be cut again itself).
            if self.word(p, i) or t[0] in _NO_START:  # type: ignore[arg-type]
                evidence += _EVIDENCE["runs on"]
        if self.word(i, n):
            evidence += _EVIDENCE["word"]
        if nt[0] in _NO_START:
            evidence += _EVIDENCE["runs on"]
        if layout.clause_marks(t) >= 1 and " " not in t:
            evidence += _EVIDENCE["clause"]
        if story_open:
            evidence += _EVIDENCE["story open"]
        if words >= 2 and shared >= 2 and shared * 2 >= words:
            evidence += _EVIDENCE["same topic"]
        elif words >= 2 and shared == 0 and not layout.clause_marks(t):
            evidence += _EVIDENCE["new topic"]  # (the head of a paragraph with a comma may start anywhere)
        if t[-1] in _NO_END:
            evidence += _EVIDENCE["open end"]
        return self._cut(i) if evidence >= _EVIDENCE_CUT else _HEAD

    def _cohesion(self, i: int) -> tuple[int, int]:
        """(shared, all): the line's content words, and how many are in the paragraphs above.

        A headline names a new story; the head of a cut paragraph goes on with the
        story above it. One shared word is chance (neighbouring stories share 社区,
        开展, …), so the caller asks for two.
        """
        words = self._content_words(self.lines[i].text)
        above: list[str] = []
        k = self.prev(i)
        while k is not None and self.is_paragraph(k) and len(above) < _COHESION_LINES:
            above.append(self.lines[k].text)
            k = self.prev(k)
            if k is not None and self.finished(k):
                break
        seen = self._content_words("\n".join(above)) if words else set()
        return len(words & seen), len(words)

    def _content_words(self, text: str) -> set[str]:
        return {w for w in self.tok.cut(text) if len(w) >= 2 and not self.tok.is_stopword(w) and not w.isdigit()}

    def _cut(self, i: int) -> str:
        self.closed[i] = False
        return _BODY

    # -- captions and their headlines ------------------------------------------
    def captions(self) -> dict[int, int]:
        """Match captions to headlines beside them: ``{caption: headline}``."""
        caps = [i for i in range(len(self.lines)) if self.is_caption(i)]
        options: dict[int, list[tuple[int, str, int]]] = {}
        for c in caps:
            opts = []
            p = self.prev(c)
            if p is not None and self.role[p] == _HEAD:
                opts.append((p, "before", self.lines[c].gap))
            n = self.next(c)  # a credit on its own line is skipped
            if n is not None and self.role[n] == _HEAD:
                nn = self.next(n)
                heads_story = nn is not None and (
                    self.role[nn] in (_SUBTITLE, _AUTHOR) or self.is_paragraph(nn)
                )
                if not heads_story:
                    opts.append((n, "after", self.lines[n].gap))
            options[c] = opts
        single = [opts[0][1] for opts in options.values() if len(opts) == 1]
        style = "after" if single.count("after") > single.count("before") else "before"
        edges = sorted(
            ((gap, side != style, c, h) for c, opts in options.items() for h, side, gap in opts),
        )
        matched: dict[int, int] = {}
        used: set[int] = set()
        for _, _, c, h in edges:
            if c in matched or h in used:
                continue
            matched[c] = h
            used.add(h)
        for h in used:
            self.role[h] = _PHOTO_TITLE
        return matched

    def headless(self) -> None:
        """A headline that heads nothing (another headline or nothing follows) is a label."""
        for i in range(len(self.lines)):
            if self.role[i] != _HEAD:
                continue
            n = self.next(i)
            if n is None or self.role[n] in (_HEAD, _PHOTO_TITLE, _LABEL) or self.is_caption(n):
                self.role[i] = _LABEL

    # -- pass 4: repair and assembly -----------------------------------------
    def structure(self, matched: dict[int, int]) -> tuple[list[_Item], dict[int, _Item]]:
        items: list[_Item] = []
        region: dict[int, _Item] = {}
        photo_of_title = {h: c for c, h in matched.items()}
        current: _Item | None = None
        last_head: _Item | None = None
        for i in range(len(self.lines)):
            role = self.role[i]
            if role == _HEAD:
                current = last_head = _Item("article", i, title=i)
                items.append(current)
            elif role == _SUBTITLE and last_head is not None and last_head.subtitle is None:
                last_head.subtitle = i
            elif role == _AUTHOR and last_head is not None and last_head.author is None:
                last_head.author = i
            elif role == _AUTHOR or role == _SUBTITLE:
                # Not under a headline after all: a paragraph (or a caption) like any other.
                self.role[i] = _BODY
                self.closed[i] = layout.is_closed(self.lines[i].text) or self.tail[i] is not None
                if self.is_caption(i):
                    items.append(_Item("photo", i, caption=i))
                else:
                    region[i] = current if current is not None else self._untitled(items, i)
                    current = region[i]
            elif role == _PHOTO_TITLE and i in photo_of_title:
                c = photo_of_title[i]
                if c > i:
                    items.append(_Item("photo", i, title=i, caption=c))
            elif role == _BODY and self.is_caption(i):
                title = matched.get(i)
                if title is None or title > i:
                    items.append(_Item("photo", i, title=title, caption=i))
            elif role == _BODY:
                if current is None:
                    current = self._untitled(items, i)
                region[i] = current
            if role not in (_HEAD, _SUBTITLE, _AUTHOR, _DROPPED, _TAIL_LINE):
                last_head = None
        return items, region

    @staticmethod
    def _untitled(items: list[_Item], i: int) -> _Item:
        item = _Item("article", i)
        items.append(item)
        return item

    def _same_run(self, y: int, c: int) -> bool:
        """Whether ``y`` runs on, paragraph after paragraph, into ``c`` further down."""
        k: int | None = c
        while k is not None and k > y:
            k = self.prev(k)
            if k is None or not self.is_paragraph(k):
                return False
        return k == y

    def _link_score(self, c: int, y: int, region: dict[int, _Item]) -> float:
        yt = self.lines[y].text
        py = self.prev(y)
        after_header = py is not None and self.role[py] in (_HEAD, _SUBTITLE, _AUTHOR)
        if self.opens(y) or (y < c and not after_header and self._same_run(y, c)):
            # An opening, or the head of the cut line's own piece (unless that piece
            # stands right under the headline, where a story's tail piece can stand).
            return float("-inf")
        score = 0.0
        if self.next(c) == y:
            score += _ADJACENT
        same = region.get(c) is region.get(y)
        if same:
            score += _SAME_STORY
        piece_head = not self.is_paragraph(py)
        if piece_head and same:
            score += _PIECE_HEAD
        if py is not None and self.is_paragraph(py) and self.finished(py):
            score += _AFTER_FINISHED
        if piece_head and not same:
            score += _STEALS_OPENING
        if yt[0] in _NO_START:
            score += _NO_START_BONUS
        if score + _WORD >= _LINK_THRESHOLD and self.word(c, y):
            score += _WORD
        return score

    def split(self) -> PageSplit:
        self.shape()
        self.repeats()
        self.lone_tails()
        self.roles()
        matched = self.captions()
        self.headless()
        items, region = self.structure(matched)

        paragraphs = [i for i in range(len(self.lines)) if self.is_paragraph(i)]
        cuts = [i for i in paragraphs if not self.closed[i]]
        links = repair.link_cuts(cuts, paragraphs, lambda c, y: self._link_score(c, y, region), threshold=_LINK_THRESHOLD)
        pred = {y: c for c, y in links.items()}

        home: dict[int, _Item] = {}

        def home_of(i: int) -> _Item:
            seen: list[int] = []
            k = i
            while k not in home:
                seen.append(k)
                if k in pred and pred[k] not in seen:
                    k = pred[k]
                    continue
                p = self.prev(k)
                if k not in pred and self.is_paragraph(p) and not self.finished(p) and p not in seen and p is not None:
                    k = p
                    continue
                home[k] = region[k]
                break
            for s in seen:
                home[s] = home[k]
            return home[i]

        for i in paragraphs:
            home_of(i)
            home[i].lines.append(i)

        articles = []
        for item in items:
            record = self._assemble(item, links, pred)
            if record is not None:
                articles.append(record)
        # Page order is where each article first stands: a piece joined from higher up the
        # page (the head of a story whose headline stands lower) can put it before an item
        # found earlier.
        articles.sort(key=_first_offset)
        labels = tuple(self._segment(i) for i in range(len(self.lines)) if self.role[i] == _LABEL)
        dropped = tuple(self._segment(i) for i in range(len(self.lines)) if self.role[i] == _DROPPED)
        return PageSplit(tuple(articles), labels, dropped)

    def _segment(self, i: int) -> Segment:
        line = self.lines[i]
        return Segment(line.start, line.end, line.text)

    def _span(self, i: int | None) -> Span | None:
        return None if i is None else (self.lines[i].start, self.lines[i].end)

    def _tail_span(self, i: int) -> tuple[Span, Span, Tail] | None:
        """(content span, byline span, tail) of a line that ends with a byline or credit."""
        line = self.lines[i]
        if i in self.tail_line:
            j = self.tail_line[i]
            tail = self.tail[j]
            assert tail is not None
            return (line.start, line.end), (self.lines[j].start, self.lines[j].end), tail
        tail = self.tail[i]
        if tail is None:
            return None
        content = line.text[: tail.offset].rstrip()
        return (line.start, line.start + len(content)), (line.start + tail.offset, line.end), tail

    def _runs(self, lines: list[int], links: dict[int, int], pred: dict[int, int]) -> list[repair.Run]:
        runs: list[list[int]] = []
        for i in sorted(lines):
            if runs:
                last = runs[-1][-1]
                joined = self.next(last) == i
                # A story's column pieces meet where a join leaves or enters the run,
                # after a paragraph that closes with a byline and before a dateline.
                broken = (
                    (i in pred and pred[i] != last)
                    or (last in links and links[last] != i)
                    or (self.finished(last) and last not in links)
                    or layout.has_dateline(self.lines[i].text)
                )
                if joined and not broken:
                    runs[-1].append(i)
                    continue
            runs.append([i])
        return [repair.Run(tuple(r)) for r in runs]

    def _assemble(self, item: _Item, links: dict[int, int], pred: dict[int, int]) -> Article | None:
        lines = self.lines
        if item.kind == "photo":
            c = item.caption
            assert c is not None
            parts = self._tail_span(c)
            assert parts is not None
            content, bspan, tail = parts
            byline = self._page_slice(bspan)
            return Article(
                kind="photo",
                title=lines[item.title].text if item.title is not None else "",
                subtitle="",
                author=tail.names,
                byline=byline,
                text=self._page_slice(content),
                title_span=self._span(item.title),
                byline_span=bspan,
                paragraph_spans=((content,),) if content[1] > content[0] else (),
            )
        runs = self._runs(item.lines, links, pred)
        ordered = [i for run in repair.order_runs(runs, links, first=lambda r: layout.has_dateline(lines[r.first].text)) for i in run.lines]
        if item.title is None and not ordered:
            return None
        byline, author, bspan = "", "", None
        spans: dict[int, Span] = {i: (lines[i].start, lines[i].end) for i in ordered}
        if item.author is not None:
            byline = lines[item.author].text
            author = layout.author_names(byline) or byline
            bspan = self._span(item.author)
        elif ordered:
            parts = self._tail_span(ordered[-1])
            if parts is not None:
                content, bspan, tail = parts
                spans[ordered[-1]] = content
                byline = self._page_slice(bspan)
                author = tail.names
        paragraphs: list[list[Span]] = []
        for k, i in enumerate(ordered):
            if k and links.get(ordered[k - 1]) == i:
                paragraphs[-1].append(spans[i])
            else:
                paragraphs.append([spans[i]])
        # Bylines standing on their own line under a paragraph that is not the story's last stay text.
        for i in ordered:
            if i in self.tail_line and not (bspan and bspan[0] == lines[self.tail_line[i]].start):
                j = self.tail_line[i]
                for para in paragraphs:
                    if para and para[-1] == spans[i]:
                        para.append((lines[j].start, lines[j].end))
        texts = []
        for para in paragraphs:
            texts.append("".join(self._page_slice(s) for s in para if s[1] > s[0]))
        return Article(
            kind="article",
            title=lines[item.title].text if item.title is not None else "",
            subtitle=lines[item.subtitle].text if item.subtitle is not None else "",
            author=author,
            byline=byline,
            text="\n".join(texts),
            title_span=self._span(item.title),
            subtitle_span=self._span(item.subtitle),
            byline_span=bspan,
            paragraph_spans=tuple(tuple(s for s in para if s[1] > s[0]) for para in paragraphs),
        )

    def _page_slice(self, span: Span) -> str:
        return self.page[span[0]: span[1]]
