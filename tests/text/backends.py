"""Test helpers for the tokenizer's two backends: which can run, and how alike they cut.

Agreement is measured two ways, both over the corpus (title and body of each article,
as zhnews normalises them, with the default settings: domain terms, HMM on):

* **tokens** — token-level F1 of spans: each backend's words (the tokens zhnews keeps,
  :func:`zhnews.text.tokenize.is_word`) as ``(start, end)`` offsets into the
  normalised text; ``2·|A∩B| / (|A|+|B|)``, summed over all articles before dividing.
  A word counts as agreed only when both backends cut it at the same two places, so
  one moved boundary costs the two or three words around it.
* **labels** — the share of articles whose label *set* is identical when the same
  ``predict`` is fed each backend's tokens.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from conftest import skip_optional

import zhnews
from zhnews.text import _backends
from zhnews.text.normalize import normalize
from zhnews.text.tokenize import BACKENDS, is_word

#: pytest parameters, one per backend, with readable test ids.
BACKEND_PARAMS = [pytest.param(name, id=name) for name in BACKENDS]

#: ``predict(texts, tokenizer)`` → one label tuple per text.
Predict = Callable[[Sequence[str], zhnews.Tokenizer], Sequence[Sequence[str]]]


def require_backend(name: str) -> str:
    """``name`` when it can run here; else skip (fail under ZHNEWS_STRICT_OPTIONAL=1)."""
    if name == _backends.JIEBA_FAST and not _backends.fast_installed():
        skip_optional("the jieba-fast tokenizer backend needs jieba-fast-dat: pip install 'zhnews[fast]'")
    return name


def word_spans(tokenizer: zhnews.Tokenizer, text: str) -> set[tuple[int, int]]:
    """Offsets of the words ``tokenizer`` cuts from ``normalize(text)``."""
    norm = normalize(text)
    spans, pos = set(), 0
    for tok in tokenizer._engine().cut(norm, tokenizer.hmm):
        if is_word(tok):
            spans.add((pos, pos + len(tok)))
        pos += len(tok)
    assert pos == len(norm), "the engine's tokens do not add up to the text"
    return spans


def token_agreement(texts: Sequence[str], a: zhnews.Tokenizer, b: zhnews.Tokenizer) -> float:
    """Token-level F1 of the word spans of ``a`` and ``b`` over ``texts`` (see the module docstring)."""
    both = total = 0
    for text in texts:
        sa, sb = word_spans(a, text), word_spans(b, text)
        both += len(sa & sb)
        total += len(sa) + len(sb)
    return 2 * both / total if total else 1.0


def label_agreement(texts: Sequence[str], predict: Predict, a: zhnews.Tokenizer, b: zhnews.Tokenizer) -> float:
    """Share of ``texts`` that ``predict`` gives the same label set with ``a``'s and ``b``'s tokens."""
    la, lb = predict(texts, a), predict(texts, b)
    assert len(la) == len(lb) == len(texts)
    return sum(set(x) == set(y) for x, y in zip(la, lb)) / len(texts)
