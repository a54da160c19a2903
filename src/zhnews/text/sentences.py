"""Sentence splitting for Chinese news, with offsets into the original text.

Rules (GB/T 15834 punctuation, adapted to what exported newspaper text holds):

- A sentence ends at 。！？!? or an ellipsis of two or more ``…`` (``……``), and at
  every line break. A single ``…`` does not end a sentence, nor does ``……`` right
  before 等 ("苹果、香蕉……等"). Nothing ends inside a book title 《…》; a 《 never
  closed on its line (a typo, a lost 》) protects nothing.
- Closing quotes and brackets after the end stay with their sentence (``…。”``);
  an ASCII ``"`` or ``'`` stays only when it closes a quote opened on the line.
- An ASCII ``.`` ends a sentence only before whitespace or the end of a line
  (after any closers): ``3.5万``, ``1.2%`` and ``www.gov.cn`` are not ends, nor
  are list numbers (``1. 完善机制``) or common English titles (``Mr. Smith``).
  An ASCII ``?`` or ``!`` between two letters, digits or ``=&/#%_`` is part of a
  web address (``news?id=1``), not an end; after a Chinese character it ends
  (``吗?5G``).
- ASCII ``, ; : ( )`` inside Chinese text behave like their full-width twins.
- A sentence longer than :data:`MAX_SENTENCE_CHARS` is cut at clause boundaries,
  first ``；``/``;``, then ``，``/``,``/``：``/``:``/``、`` (never at a digit separator
  such as ``1,000`` or ``10:30``), into pieces packed up to that length.
- A stretch with no punctuation at all (text without any, or a run inside a
  sentence) longer than :data:`MAX_CLAUSE_CHARS` is cut into clause-sized
  pieces: at whitespace where it has some, else every :data:`MAX_CLAUSE_CHARS`
  characters (not inside a Latin word or a number when avoidable).

Sentences are returned as they appear in the input (never normalised), each
with ``start``/``end`` offsets such that ``text[start:end] == sentence.text``.
Together they cover every non-blank character of the input, in order. The cost
is linear in the length of the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from .normalize import is_blank_char

__all__ = ["Sentence", "split_sentences", "MAX_SENTENCE_CHARS", "MAX_CLAUSE_CHARS"]

#: Sentences longer than this are cut at clause boundaries (；, then ，).
MAX_SENTENCE_CHARS = 160
#: Stretches with no punctuation at all are cut into pieces of at most this length.
MAX_CLAUSE_CHARS = 80

_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_TERMINAL = re.compile(r"[。！？!?…]+|\.+")
_CLOSERS = frozenset("”’」』）)】]》〉>")
_ASCII_QUOTES = frozenset("\"'")
_URL_CHAR = re.compile(r"[A-Za-z0-9=&/#%_]")
_LIST_NUMBER = re.compile(r"\s*(?:\d{1,3}|[A-Za-z]|[IVXivx]{1,4})")
_ENGLISH_TITLES = frozenset({"Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Jr", "Sr", "No", "Mt", "vs", "etc", "Inc", "Ltd", "Co"})
_ANY_BOUNDARY = re.compile(r"[。！？!?…；;，：、]|(?<!\d)[,:]|[,:](?!\d)")
_CLAUSE_STRONG = re.compile(r"[；;]")
# ASCII , and : between digits are number and time separators (1,000  10:30).
_CLAUSE_WEAK = re.compile(r"[，：、]|(?<!\d)[,:]|[,:](?!\d)")
_SPACE_RUN = re.compile(r"\s+")
# A line none of whose characters any rule but the plainest looks at (no ASCII . ! ? or
# quote, no ellipsis, no book title): its sentences end after each run of 。！？ and the
# closers that follow it, found in one regular-expression scan (most lines of news).
_NEEDS_RULES = re.compile("[.!?…《" + re.escape("".join(sorted(_ASCII_QUOTES))) + "]")
_PLAIN_END = re.compile("[。！？]+[" + re.escape("".join(sorted(_CLOSERS))) + "]*")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a text, as printed.

    Attributes
    ----------
    index : int
        Position among the text's sentences, from 0.
    start, end : int
        Offsets into the original text: ``text[start:end] == self.text``.
    text : str
        The sentence exactly as it appears in the input.
    """

    index: int
    start: int
    end: int
    text: str

    def __len__(self) -> int:
        return self.end - self.start


def _book_title_spans(line: str) -> list[tuple[int, int]]:
    """Spans of the outermost 《…》 on a line; an unclosed 《 (a typo, a lost 》) makes none."""
    spans = []
    depth = 0
    start = 0
    for m in re.finditer("[《》]", line):
        if m.group() == "《":
            if depth == 0:
                start = m.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                spans.append((start, m.end()))
    return spans


def _is_english_title(line: str, dot: int) -> bool:
    word_start = dot
    while word_start > 0 and line[word_start - 1].isascii() and line[word_start - 1].isalpha():
        word_start -= 1
    return line[word_start:dot] in _ENGLISH_TITLES


def _sentence_ends(line: str) -> list[int]:
    """Offsets (within ``line``) just past each sentence-ending run and its closers."""
    if _NEEDS_RULES.search(line) is None:
        return [m.end() for m in _PLAIN_END.finditer(line)]
    return _sentence_ends_by_rules(line)


def _sentence_ends_by_rules(line: str) -> list[int]:
    """:func:`_sentence_ends` with every rule of the module doc applied."""
    ends: list[int] = []
    n = len(line)
    titles = _book_title_spans(line) if "《" in line else []
    title_starts = [a for a, _ in titles]
    quotes = [i for i, ch in enumerate(line) if ch in _ASCII_QUOTES] if ('"' in line or "'" in line) else []
    last = 0
    for m in _TERMINAL.finditer(line):
        run = m.group()
        if titles:
            k = bisect_left(title_starts, m.start() + 1) - 1
            if k >= 0 and titles[k][0] < m.start() < titles[k][1]:
                continue
        if set(run) == {"…"}:
            if len(run) < 2 or line.startswith("等", m.end()):
                continue
        elif run[-1] in "?!" and 0 < m.start() and m.end() < n and _URL_CHAR.match(line[m.end()]) and _URL_CHAR.match(line[m.start() - 1]):
            continue  # a web address: news?id=1024 (but 吗?5G and 了!A股 end)
        stop = m.end()
        while stop < n and (line[stop] in _CLOSERS or (line[stop] in _ASCII_QUOTES and bisect_left(quotes, stop) % 2 == 1)):
            stop += 1
        if run[0] == ".":
            if stop < n and not line[stop].isspace():
                continue  # 3.5万, 1.2%, www.gov.cn, a.b
            if _LIST_NUMBER.fullmatch(line, last, m.start()) or _is_english_title(line, m.start()):
                continue  # "1. 完善机制", "Mr. Smith"
        ends.append(stop)
        last = stop
    return ends


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not text[start].isalnum() and is_blank_char(text[start]):
        start += 1
    while end > start and not text[end - 1].isalnum() and is_blank_char(text[end - 1]):
        end -= 1
    return start, end


def _boundaries(text: str, start: int, end: int, pattern: re.Pattern[str]) -> list[int]:
    """Offsets just past each clause boundary (and its closers) inside text[start:end]."""
    cuts = []
    for m in pattern.finditer(text, start, end):
        stop = m.end()
        while stop < end and text[stop] in _CLOSERS:
            stop += 1
        if stop < end:
            cuts.append(stop)
    return cuts


def _pack(start: int, end: int, cuts: list[int], limit: int) -> list[tuple[int, int]]:
    """Greedily group the segments between ``cuts`` into spans of at most ``limit``.

    A single segment longer than ``limit`` is kept whole (the caller cuts it
    further with weaker boundaries).
    """
    spans = []
    piece_start = start
    last_cut = None
    for cut in cuts + [end]:
        if cut - piece_start > limit and last_cut is not None and last_cut > piece_start:
            spans.append((piece_start, last_cut))
            piece_start = last_cut
        last_cut = cut
    spans.append((piece_start, end))
    return spans


def _cut_unpunctuated(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a stretch with no punctuation at whitespace, or into fixed pieces."""
    cuts = [m.end() for m in _SPACE_RUN.finditer(text, start, end) if m.end() < end]
    spans = []
    for s, e in _pack(start, end, cuts, MAX_CLAUSE_CHARS):
        while e - s > MAX_CLAUSE_CHARS:
            cut = s + MAX_CLAUSE_CHARS
            back = cut
            while back > s + MAX_CLAUSE_CHARS // 2 and _ASCII_WORD.match(text[back - 1]) and _ASCII_WORD.match(text[back]):
                back -= 1  # do not cut inside a Latin word or a number
            if back > s + MAX_CLAUSE_CHARS // 2:
                cut = back
            spans.append((s, cut))
            s = cut
        spans.append((s, e))
    return spans


def _cut_stretches(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut every run of more than MAX_CLAUSE_CHARS characters without punctuation."""
    spans = []
    piece = start
    prev = start
    for mark in [m.end() for m in _ANY_BOUNDARY.finditer(text, start, end)] + [end]:
        if mark - prev > MAX_CLAUSE_CHARS:
            if prev > piece:
                spans.append((piece, prev))
            chunks = _cut_unpunctuated(text, prev, mark)
            spans.extend(chunks[:-1])
            piece = chunks[-1][0]
        prev = mark
    spans.append((piece, end))
    return spans


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut one sentence into pieces by the length rules of this module."""
    if end - start > MAX_SENTENCE_CHARS:
        spans = []
        for s, e in _pack(start, end, _boundaries(text, start, end, _CLAUSE_STRONG), MAX_SENTENCE_CHARS):
            if e - s > MAX_SENTENCE_CHARS:
                spans.extend(_pack(s, e, _boundaries(text, s, e, _CLAUSE_WEAK), MAX_SENTENCE_CHARS))
            else:
                spans.append((s, e))
    else:
        spans = [(start, end)]
    out = []
    for s, e in spans:
        out.extend(_cut_stretches(text, s, e) if e - s > MAX_CLAUSE_CHARS else [(s, e)])
    return out


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences, with offsets into it.

    Parameters
    ----------
    text : str
        Any text; news articles as printed, with line breaks between paragraphs.

    Returns
    -------
    list of Sentence
        In text order; blank stretches produce no sentence.

    Examples
    --------
    >>> [s.text for s in split_sentences("他说：“我们赢了！”比赛结束。增长3.5%")]
    ['他说：“我们赢了！”', '比赛结束。', '增长3.5%']
    """
    if not isinstance(text, str):
        raise TypeError(f"split_sentences() takes a str, not {type(text).__name__}")
    sentences: list[Sentence] = []
    line_start = 0
    line_ends = [(m.start(), m.end()) for m in _LINE_BREAK.finditer(text)]
    line_ends.append((len(text), len(text)))
    for line_end, next_start in line_ends:
        line = text[line_start:line_end]
        piece_start = 0
        for stop in _sentence_ends(line) + [len(line)]:
            s, e = _trim(text, line_start + piece_start, line_start + stop)
            piece_start = stop
            if s >= e:
                continue
            if e - s <= MAX_CLAUSE_CHARS:  # nearly every sentence: no length rule applies, nothing to trim again
                sentences.append(Sentence(len(sentences), s, e, text[s:e]))
                continue
            for ps, pe in _cut_long(text, s, e):
                ps, pe = _trim(text, ps, pe)
                if ps < pe:
                    sentences.append(Sentence(len(sentences), ps, pe, text[ps:pe]))
        line_start = next_start
    return sentences
