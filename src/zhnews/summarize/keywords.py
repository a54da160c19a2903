"""Keywords by TextRank over words (Mihalcea & Tarau 2004, §3).

Nodes are the article's content words (stopwords, one-character tokens and
bare numbers left out); an edge joins two words that occur within
``window`` words of each other in the same sentence, weighted by how often
they do. Words are ranked by PageRank. Departures from the paper: no
part-of-speech filter (a second jieba pass would double the cost; the
stopword list does that work), co-occurrence counted within a sentence
rather than across sentence ends, and multi-word keyphrases are not
collapsed (the domain dictionary already keeps terms such as 三会一课 whole).
"""

from __future__ import annotations

from numbers import Integral

import numpy as np
import scipy.sparse as sp

from ..text.document import Document
from ..text.tokenize import Tokenizer, stopwords
from ._rank import pagerank
from .textrank import _content_words

__all__ = ["keywords"]


def keywords(
    text: str | Document,
    *,
    top_k: int = 10,
    window: int = 5,
    title: str | None = None,
    tokenizer: Tokenizer | None = None,
) -> list[tuple[str, float]]:
    """The ``top_k`` keywords of an article, with their TextRank scores.

    Parameters
    ----------
    text : str or Document
        The article, or a Document already tokenized.
    top_k : int, default 10
        How many keywords to return (fewer if the article has fewer words).
    window : int, default 5
        Co-occurrence window, in content words.
    title : str, optional
        The headline; its words join the graph as one more sentence.
    tokenizer : Tokenizer, optional
        Used when ``text`` is a string.

    Returns
    -------
    list of (str, float)
        Words (normalised) with scores that sum to at most 1, best first;
        ties keep first-occurrence order.

    Examples
    --------
    >>> [w for w, _ in keywords("社区开展消防演练。消防演练提高了居民的消防意识。", top_k=2)]
    ['消防', '演练']
    """
    if isinstance(top_k, bool) or not isinstance(top_k, Integral) or top_k < 1:
        raise ValueError(f"top_k must be a positive integer, got {top_k!r}")
    if isinstance(window, bool) or not isinstance(window, Integral) or window < 2:
        raise ValueError(f"window must be an integer >= 2, got {window!r}")
    if isinstance(text, Document):
        doc = text
    elif isinstance(text, str):
        doc = Document.from_text(text, title=title, tokenizer=tokenizer)
    else:
        raise TypeError(f"keywords() takes the article as a str or Document, not {type(text).__name__}")

    stop = stopwords()
    vocab: dict[str, int] = {}
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    for tokens in (doc.title_tokens, *doc.tokens):
        ids = np.array([vocab.setdefault(w, len(vocab)) for w in _content_words(tokens, stop)], dtype=np.int64)
        for gap in range(1, window):
            if len(ids) > gap:
                rows.append(ids[:-gap])
                cols.append(ids[gap:])
    if not vocab:
        return []
    n = len(vocab)
    if rows:
        r = np.concatenate(rows)
        c = np.concatenate(cols)
        keep = r != c
        r, c = r[keep], c[keep]
        weights = sp.coo_matrix((np.ones(len(r)), (r, c)), shape=(n, n)).tocsr()
        weights = weights + weights.T
        scores = pagerank(weights)
    else:
        scores = np.full(n, 1.0 / n)
    order = np.argsort(-scores, kind="stable")[:top_k]
    words = list(vocab)
    return [(words[i], float(scores[i])) for i in order]
