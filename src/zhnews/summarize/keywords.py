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
from ..text.tokenize import Tokenizer
from ._rank import pagerank
from .textrank import content_words

__all__ = ["keywords"]

#: Graphs of up to this many words are ranked as dense matrices (8 MB at most), larger
#: ones (a 2 MB text) as sparse ones.
DENSE_MAX_WORDS = 1000


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

    sentence_words, title_words = content_words(doc)
    vocab: dict[str, int] = {}
    ids: list[int] = []
    sentence: list[int] = []
    for k, words in enumerate((title_words, *sentence_words)):
        ids.extend([vocab.setdefault(w, len(vocab)) for w in words])
        sentence.extend([k] * len(words))
    if not vocab:
        return []
    n = len(vocab)
    scores = pagerank(_cooccurrence(np.asarray(ids, dtype=np.int64), np.asarray(sentence, dtype=np.int64), n, window))
    # Ties (words in the same position of a symmetric graph, such as the words of a
    # title that shares none with the body) have equal scores up to the rounding of
    # PageRank's sums, whose order depends on how the matrix is stored; ranked on scores
    # rounded to 12 decimals, they keep first-occurrence order whatever the storage.
    order = np.argsort(-np.round(scores, 12), kind="stable")[:top_k]
    words = list(vocab)
    return [(words[i], float(scores[i])) for i in order]


def _cooccurrence(ids: np.ndarray, sentence: np.ndarray, n: int, window: int) -> np.ndarray | sp.csr_matrix:
    """Symmetric co-occurrence counts of word ids within ``window`` words of one sentence.

    All gaps of all sentences at once (a pair counts only when both ends are in the same
    sentence), self-pairs left out. The counts are exact integers, so the matrix is the
    same whichever way it is built: dense up to :data:`DENSE_MAX_WORDS` words (a news
    article's graph; its PageRank steps are then one BLAS call each), sparse beyond.
    """
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    for gap in range(1, window):
        if len(ids) <= gap:
            break
        a, b = ids[:-gap], ids[gap:]
        keep = (sentence[:-gap] == sentence[gap:]) & (a != b)
        rows.append(a[keep])
        cols.append(b[keep])
    r = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    c = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
    if n <= DENSE_MAX_WORDS:
        counts = np.bincount(r * n + c, minlength=n * n).reshape(n, n).astype(float)
        return counts + counts.T
    weights = sp.coo_matrix((np.ones(len(r)), (r, c)), shape=(n, n)).tocsr()
    return weights + weights.T
