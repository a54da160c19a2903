"""Sentence splitting for Chinese news, with offsets into the original text.

Rules (GB/T 15834 punctuation, adapted to what exported newspaper text holds):

- A sentence ends at 。！？!? or an ellipsis of two or more ``…`` (``……``), and at
  every line break. A single ``…`` does not end a sentence, nor does ``……`` right
  before 等 ("苹果、香蕉……等").
- Closing quotes and brackets after the end stay with their sentence (``…。”``).
- An ASCII ``.`` ends a sentence only before whitespace or the end of a line,
  and never inside 《》: ``3.5万``, ``1.2%`` and ``www.gov.cn`` are not ends.
- ASCII ``, ; : ( )`` inside Chinese text behave like their full-width twins.
- A sentence longer than :data:`MAX_SENTENCE_CHARS` is cut at clause boundaries,
  first ``；``/``;``, then ``，``/``,``/``：``/``:``/``、``, into pieces packed up to that
  length. A stretch with no punctuation at all longer than
  :data:`MAX_CLAUSE_CHARS` is cut at whitespace, or into pieces of that length.

Sentences are returned as they appear in the input (never normalised), each
with ``start``/``end`` offsets such that ``text[start:end] == sentence.text``.
Together they cover every non-blank character of the input, in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import is_blank_char

__all__ = ["Sentence", "split_sentences", "MAX_SENTENCE_CHARS", "MAX_CLAUSE_CHARS"]

#: Sentences longer than this are cut at clause boundaries (；, then ，).
MAX_SENTENCE_CHARS = 160
#: Stretches with no punctuation at all are cut into pieces of at most this length.
MAX_CLAUSE_CHARS = 80

_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_TERMINAL = re.compile(r"[。！？!?…]+|\.+")
_CLOSERS = frozenset("”’\"'」』）)】]》〉>")
_CLAUSE_STRONG = re.compile(r"[；;]")
# ASCII , and : between digits are number and time separators (1,000  10:30).
_CLAUSE_WEAK = re.compile(r"[，：、]|(?<!\d)[,:]|[,:](?!\d)")
_HAS_PUNCT = re.compile(r"[。！？!?…；;，,：:、]")
_SPACE_RUN = re.compile(r"\s+")
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


def _inside_book_title(line: str, pos: int) -> bool:
    return line.rfind("《", 0, pos) > line.rfind("》", 0, pos)


def _sentence_ends(line: str) -> list[int]:
    """Offsets (within ``line``) just past each sentence-ending run and its closers."""
    ends: list[int] = []
    n = len(line)
    for m in _TERMINAL.finditer(line):
        run = m.group()
        stop = m.end()
        if run[0] == ".":
            if stop < n and not line[stop].isspace():
                continue  # 3.5万, 1.2%, www.gov.cn, a.b
            if _inside_book_title(line, m.start()):
                continue
        elif set(run) == {"…"}:
            if len(run) < 2 or line.startswith("等", stop):
                continue
        while stop < n and line[stop] in _CLOSERS:
            stop += 1
        ends.append(stop)
    return ends


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and is_blank_char(text[start]):
        start += 1
    while end > start and is_blank_char(text[end - 1]):
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
        if e - s > MAX_CLAUSE_CHARS and not _HAS_PUNCT.search(text, s, e):
            out.extend(_cut_unpunctuated(text, s, e))
        else:
            out.append((s, e))
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
            for ps, pe in _cut_long(text, s, e):
                ps, pe = _trim(text, ps, pe)
                if ps < pe:
                    sentences.append(Sentence(len(sentences), ps, pe, text[ps:pe]))
        line_start = next_start
    return sentences
