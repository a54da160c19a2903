"""jieba's accurate-mode segmentation, twice as fast, token for token the same.

Why: on plain jieba the one tokenization pass is most of what zhnews costs per article,
and most of jieba's own time goes not into its algorithm but into how it is written —
a dict of DAG lists per block, a generator and a ``max`` over tuples per character,
``finalseg``'s Viterbi copying a path list per state and step. :class:`Cutter` runs the
same algorithm on the same dictionary and HMM tables, written as plain loops:

* the DAG and the best route (jieba's ``get_DAG`` and ``calc``) are one right-to-left
  pass: for each start, the dictionary's words beginning there are found by extending
  a prefix while it is in ``FREQ`` (jieba's prefix dictionary), and scored as jieba
  scores them — ``log(freq) - log(total) + score[end]``, the same float operations in
  the same order, a tie going to the longer word as jieba's ``max`` over
  ``(score, end)`` tuples gives it;
* runs of single characters go to ``finalseg`` as in jieba's ``__cut_DAG``, and its
  four-state Viterbi is unrolled with back-pointers: the same sums, and on a tie the
  state ``max`` would pick (the greater letter of BEMS);
* blocks and non-Han text are split with jieba's own regular expressions.

It reads jieba's tokenizer (``FREQ``, ``total``) and ``jieba.finalseg.Force_Split_Words``
at every call, so words added to the tokenizer count at once.
:data:`VERIFIED_JIEBA` names the jieba release it was checked against (the tests compare
it with ``jieba.Tokenizer.lcut`` on the corpus, the real development sets and random
text); on any other release :func:`supported` is false and the engine calls jieba's own
``lcut`` instead.

The tables of ``finalseg`` (start, transition and emission probabilities) are read once
per :class:`Cutter`: jieba never changes them.
"""

from __future__ import annotations

from math import log
from typing import Any

__all__ = ["VERIFIED_JIEBA", "Cutter", "supported"]

#: The jieba releases whose ``Tokenizer.cut`` this module reproduces.
VERIFIED_JIEBA = frozenset({"0.42.1"})


def supported(jieba: Any) -> bool:
    """Whether :class:`Cutter` reproduces this jieba module's ``Tokenizer.cut``."""
    return getattr(jieba, "__version__", None) in VERIFIED_JIEBA


class _HMM:
    """``jieba.finalseg``'s tables, read once: its probabilities never change."""

    __slots__ = ("module", "low", "start", "emit", "trans", "han", "skip")

    def __init__(self, finalseg: Any) -> None:
        self.low = low = finalseg.MIN_FLOAT
        self.module = finalseg  # for Force_Split_Words, which jieba changes: read at each call
        self.start = {s: finalseg.start_P[s] for s in "BMES"}
        self.emit = {s: finalseg.emit_P[s].get for s in "BMES"}
        trans = finalseg.trans_P
        # The eight moves BMES allows (jieba's PrevStatus), as (from, to) → log probability.
        self.trans = {(a, b): trans[a].get(b, low) for a, b in ("EB", "SB", "MM", "BM", "SS", "ES", "BE", "ME")}
        self.han = finalseg.re_han
        self.skip = finalseg.re_skip


def _viterbi(text: str, hmm: _HMM, low: float, out: list[str]) -> None:
    """The words ``finalseg.__cut`` gives for a run of Han characters, appended to ``out``."""
    eB, eM, eE, eS = hmm.emit["B"], hmm.emit["M"], hmm.emit["E"], hmm.emit["S"]
    t = hmm.trans
    tEB, tSB, tMM, tBM, tSS, tES, tBE, tME = (t["E", "B"], t["S", "B"], t["M", "M"], t["B", "M"],
                                              t["S", "S"], t["E", "S"], t["B", "E"], t["M", "E"])
    ch = text[0]
    vB = hmm.start["B"] + eB(ch, low)
    vM = hmm.start["M"] + eM(ch, low)
    vS = hmm.start["S"] + eS(ch, low)
    vE = hmm.start["E"] + eE(ch, low)
    back: list[tuple[str, str, str, str]] = []  # back[i]: the best previous state of B, M, S, E at i + 1
    for ch in text[1:]:
        # Each state from its two possible predecessors; on equal sums max((p, state))
        # takes the greater letter: S over E for B, M over B for M, S over E for S, M over B for E.
        em = eB(ch, low)
        a, b = vE + tEB + em, vS + tSB + em
        nB, pB = (a, "E") if a > b else (b, "S")
        em = eM(ch, low)
        a, b = vM + tMM + em, vB + tBM + em
        nM, pM = (b, "B") if b > a else (a, "M")
        em = eS(ch, low)
        a, b = vS + tSS + em, vE + tES + em
        nS, pS = (b, "E") if b > a else (a, "S")
        em = eE(ch, low)
        a, b = vB + tBE + em, vM + tME + em
        nE, pE = (a, "B") if a > b else (b, "M")
        vB, vM, vS, vE = nB, nM, nS, nE
        back.append((pB, pM, pS, pE))
    n = len(text)
    state = "E" if vE > vS else "S"  # max((V[E], "E"), (V[S], "S"))
    states = [state] * n
    slot = {"B": 0, "M": 1, "S": 2, "E": 3}
    for i in range(n - 1, 0, -1):
        state = back[i - 1][slot[state]]
        states[i - 1] = state
    begin = following = 0
    for i, state in enumerate(states):
        if state == "B":
            begin = i
        elif state == "E":
            out.append(text[begin:i + 1])
            following = i + 1
        elif state == "S":
            out.append(text[i])
            following = i + 1
    if following < n:
        out.append(text[following:])


def _finalseg_cut(text: str, hmm: _HMM, out: list[str]) -> None:
    """``jieba.finalseg.cut(text)``, appended to ``out``."""
    force = hmm.module.Force_Split_Words
    low = hmm.low
    for block in hmm.han.split(text):
        if hmm.han.match(block):
            if not force:
                _viterbi(block, hmm, low, out)
                continue
            words: list[str] = []
            _viterbi(block, hmm, low, words)
            for word in words:
                if word in force:
                    out.extend(word)
                else:
                    out.append(word)
        else:
            out.extend(piece for piece in hmm.skip.split(block) if piece)


class Cutter:
    """``tokenizer.lcut(text, HMM=hmm)`` for one initialized ``jieba.Tokenizer``, faster.

    Parameters
    ----------
    jieba : module
        The jieba module (its regular expressions and ``finalseg``); check
        :func:`supported` first.
    tokenizer : jieba.Tokenizer
        Whose dictionary (``FREQ``, ``total``) segments the text, read at each call.
    """

    def __init__(self, jieba: Any, tokenizer: Any) -> None:
        self._jieba = jieba
        self._tokenizer = tokenizer
        self._hmm = _HMM(jieba.finalseg)

    def cut(self, text: str, hmm: bool = True) -> list[str]:
        """The tokens of ``text`` (they add up to it), as ``lcut(text, HMM=hmm)`` gives them."""
        return cut(self._jieba, self._tokenizer, text, self._hmm if hmm else None)


def cut(jieba: Any, tokenizer: Any, text: str, tables: _HMM | None) -> list[str]:
    """jieba's ``Tokenizer.cut`` (accurate mode); the HMM joins unknown runs when ``tables`` is given."""
    freq = tokenizer.FREQ.get
    log_total = log(tokenizer.total)
    re_han, re_skip, re_eng = jieba.re_han_default, jieba.re_skip_default, jieba.re_eng
    out: list[str] = []
    append = out.append
    for block in re_han.split(text):
        if not block:
            continue
        if not re_han.match(block):
            for piece in re_skip.split(block):
                if re_skip.match(piece):
                    append(piece)
                else:
                    out.extend(piece)
            continue
        n = len(block)
        score = [0.0] * (n + 1)
        end = [0] * n  # end[k]: last index of the best route's word starting at k
        for k in range(n - 1, -1, -1):
            best = None
            best_end = i = k
            f = freq(block[k])
            while f is not None:  # block[k:i + 1] is a word or a word's prefix
                if f:
                    s = log(f) - log_total + score[i + 1]
                    if best is None or s >= best:  # ends grow: on a tie the later end, as jieba's max
                        best, best_end = s, i
                i += 1
                if i == n:
                    break
                f = freq(block[k:i + 1])
            if best is None:  # no word starts here: the character alone, at frequency 1
                best = 0.0 - log_total + score[k + 1]
            score[k] = best
            end[k] = best_end
        x = 0
        buf = ""
        if tables is not None:
            while x < n:
                y = end[x] + 1
                if y - x == 1:
                    buf += block[x]
                else:
                    if buf:
                        _flush(buf, freq, tables, out)
                        buf = ""
                    append(block[x:y])
                x = y
            if buf:
                _flush(buf, freq, tables, out)
        else:
            while x < n:
                y = end[x] + 1
                word = block[x:y]
                if y - x == 1 and re_eng.match(word):
                    buf += word
                else:
                    if buf:
                        append(buf)
                        buf = ""
                    append(word)
                x = y
            if buf:
                append(buf)
    return out


def _flush(buf: str, freq: Any, tables: _HMM, out: list[str]) -> None:
    """A run of single characters, as jieba's ``__cut_DAG`` ends it: alone, by HMM, or split."""
    if len(buf) == 1:
        out.append(buf)
    elif not freq(buf):
        _finalseg_cut(buf, tables, out)
    else:
        out.extend(buf)
