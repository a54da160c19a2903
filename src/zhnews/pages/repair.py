"""Repairs of an exported page: column cuts, pieces out of order, fragments printed twice.

A story set in several columns reaches the export as separate lines: a paragraph
that goes on in the next column stops wherever the column ends, even inside a word (调解工 / 作对接会),
and the column pieces may come out in another order than they are read. Some
exports also print a fragment twice. This module holds the three repairs:

- :func:`find_repeats` drops a body line whose text is printed in full elsewhere.
- :func:`link_cuts` joins each cut line (one that stops mid-sentence) to the line
  it continues in. The line right after it on the page is the usual answer; when
  that is no continuation (a headline, a label, another story's dateline follows),
  the candidates are weighed by evidence: whether the characters across the cut
  form a dictionary word, whether the candidate starts a column piece (it follows
  a headline, a label or a finished story instead of running on from a paragraph)
  and whether it lies in the same story's stretch of the page.
- :func:`order_runs` puts the column pieces of one story in reading order by
  following those joins.

The word evidence asks the project's :class:`~zhnews.text.tokenize.Tokenizer`
for word probabilities and segments the few characters around the cut by the
most probable path (jieba's unigram model, without its HMM, which would join any
two unknown characters).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..text.tokenize import Tokenizer

__all__ = ["CrossingWords", "Run", "crossing_word", "find_repeats", "link_cuts", "order_runs"]

_WINDOW = 6
_MAX_WORD = 6
# A single character jieba does not know weighs as one occurrence in its ~6e7 counts.
_FLOOR = 1e-8
#: Shortest body line (characters) that is dropped as printed twice.
MIN_REPEAT_CHARS = 12
_WORD_CHARS = "0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff"
_HEAD_RUN = re.compile(f"[{_WORD_CHARS}]{{0,{_WINDOW}}}")
_TAIL_RUN = re.compile(f"[{_WORD_CHARS}]*\\Z")


def _edge_run(text: str, *, tail: bool) -> str:
    """The run of word characters at the end (or start) of ``text``, at most the window."""
    if tail:
        return _TAIL_RUN.search(text[-_WINDOW:]).group()  # type: ignore[union-attr]  # matches "" at least
    return _HEAD_RUN.match(text).group()  # type: ignore[union-attr]


def crossing_word(left: str, right: str, tokenizer: Tokenizer) -> str | None:
    """The dictionary word that the most probable segmentation puts across a cut.

    ``left`` is the text before the cut and ``right`` the text after it. The last
    and first few word characters around the cut are segmented together by the
    maximum-probability path over the tokenizer's dictionary; if a word of that
    path spans the cut, it is returned (调解工 + 作对接会 → ``"工作"``), else None.
    (:class:`CrossingWords` answers many such questions about one page.)

    Examples
    --------
    >>> from zhnews.text.tokenize import default_tokenizer
    >>> crossing_word("社区物业小", "区及周边", default_tokenizer())
    '小区'
    """
    return CrossingWords(tokenizer)(left, right)


class CrossingWords:
    """:func:`crossing_word` for the many (cut, candidate) pairs of one page.

    A page weighs every cut line against every candidate continuation, some five
    hundred pairs a page. Each pair's window is looked up in the dictionary in one
    pass (:meth:`~zhnews.text.tokenize.Tokenizer.word_spans`) rather than substring
    by substring, the search visits only the pieces that can be on a path (single
    characters and dictionary words, in the plain search's order) and none at all
    when no word spans the cut, and each line's edge and each piece's weight are
    worked out once a page: the answers are those of the plain search.
    """

    def __init__(self, tokenizer: Tokenizer) -> None:
        self._tok = tokenizer
        self._weights: dict[str, float] = {}
        self._tails: dict[str, str] = {}  # a line's last word characters, by line
        self._heads: dict[str, str] = {}

    def _weight(self, piece: str) -> float:
        """log P(piece), a single character the dictionary lacks weighing as :data:`_FLOOR`."""
        try:
            return self._weights[piece]
        except KeyError:
            weight = self._weights[piece] = math.log(max(self._tok.word_probability(piece), _FLOOR))
            return weight

    def __call__(self, left: str, right: str) -> str | None:
        a = self._tails.get(left)
        if a is None:
            a = self._tails[left] = _edge_run(left, tail=True)
        b = self._heads.get(right)
        if b is None:
            b = self._heads[right] = _edge_run(right, tail=False)
        if not a or not b:
            return None
        raw = a + b
        # Word characters only: normalize() of them is their case fold, letter for letter.
        window = raw.casefold()
        cut = len(a)
        n = len(window)
        words = [(start, end) for start, end in self._tok.word_spans(window) if end - start <= _MAX_WORD]
        if not any(start < cut < end for start, end in words):
            return None  # no word spans the cut, so no path does (most candidate pairs)
        starts: list[list[int]] = [[] for _ in range(n + 1)]  # starts[i]: words ending at i
        for start, end in words:
            starts[end].append(start)
        weight = self._weight
        best = [0.0] + [-math.inf] * n
        back = [0] * (n + 1)
        for i in range(1, n + 1):
            for j in starts[i] + [i - 1]:  # by start, as the plain search tries them
                score = best[j] + weight(window[j:i])
                if score > best[i]:
                    best[i], back[i] = score, j
        i = n
        while i > 0:
            j = back[i]
            if j < cut < i:
                return raw[j:i]
            i = j
        return None

def find_repeats(texts: Mapping[int, str], *, joins: Sequence[tuple[int, int]] = ()) -> dict[int, int]:
    """Body lines printed twice: ``{repeat: original}``.

    A line is a repeat when its whole text (at least :data:`MIN_REPEAT_CHARS`
    characters) is part of another line, or of two lines that a cut may join
    (``joins``: pairs of line numbers, the cut one first). Of two equal lines the
    later is the repeat. Repeats are found before cuts are joined, so a repeat
    never takes part in a join.
    """
    keys = sorted(texts)
    out: dict[int, int] = {}
    for i in keys:
        t = texts[i]
        if len(t) < MIN_REPEAT_CHARS:
            continue
        for j in keys:
            if j == i or j in out:
                continue
            u = texts[j]
            if (len(u) > len(t) or (len(u) == len(t) and j < i)) and t in u:
                out[i] = j
                break
        else:
            for a, b in joins:
                if i in (a, b) or a in out or b in out:
                    continue
                if t in texts.get(a, "") + texts.get(b, ""):
                    out[i] = a
                    break
    return out


@dataclass(frozen=True, slots=True)
class Run:
    """Consecutive lines of one story as printed, between two breaks of the flow.

    Attributes
    ----------
    lines : tuple of int
        Line numbers in page order.
    """

    lines: tuple[int, ...]

    @property
    def first(self) -> int:
        return self.lines[0]

    @property
    def last(self) -> int:
        return self.lines[-1]


def link_cuts(
    cuts: Sequence[int],
    candidates: Sequence[int],
    score: Callable[[int, int], float],
    *,
    threshold: float,
) -> dict[int, int]:
    """Join each cut line to its continuation: ``{cut line: continuation line}``.

    Every (cut, candidate) pair is scored by ``score``; pairs are taken best
    first, each cut and each candidate at most once, down to ``threshold``. A
    greedy matching is enough here: the page-adjacent continuation scores far
    above the rest, and only the few cuts at a column end compete.
    """
    pairs = []
    for c in cuts:
        for y in candidates:
            if y != c:
                s = score(c, y)
                if s >= threshold:
                    pairs.append((-s, abs(y - c), c, y))
    pairs.sort()
    links: dict[int, int] = {}
    taken: set[int] = set()
    for _, _, c, y in pairs:
        if c in links or y in taken:
            continue
        # Never close a loop: following the joins from y must not come back to c.
        k = y
        while k in links:
            k = links[k]
        if k == c:
            continue
        links[c] = y
        taken.add(y)
    return links


def order_runs(runs: Sequence[Run], links: Mapping[int, int], *, first: Callable[[Run], bool]) -> list[Run]:
    """Put one story's runs in reading order.

    A run that ends in a cut is followed by the run its continuation begins.
    Chains of runs start at runs that no join leads into; a run for which
    ``first`` holds (it opens with a dateline) leads, the others follow in page
    order.
    """
    by_first = {r.first: r for r in runs}
    targets = {links[r.last] for r in runs if r.last in links and links[r.last] in by_first}
    starts = [r for r in runs if r.first not in targets]
    starts.sort(key=lambda r: (not first(r), r.first))
    out: list[Run] = []
    seen: set[int] = set()

    def follow(run: Run) -> None:
        while run is not None and run.first not in seen:
            seen.add(run.first)
            out.append(run)
            nxt = links.get(run.last)
            run = by_first.get(nxt) if nxt is not None else None

    for run in starts:
        follow(run)
    for run in runs:  # a cycle of joins: keep page order for what is left
        follow(run)
    return out
