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

from collections.abc import Sequence
from itertools import chain
from numbers import Integral

import numpy as np

from .._keys import unique_keys
from ..text.document import Document
from ..text.tokenize import Tokenizer
from ._rank import Transition, rank_blocks, symmetric_transition

__all__ = ["keywords", "keywords_documents"]


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
    ['消防演练', '居民']
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

    return keywords_documents([doc], top_k=top_k, window=window)[0]


def keywords_documents(docs: Sequence[Document], *, top_k: int = 10, window: int = 5) -> list[list[tuple[str, float]]]:
    """:func:`keywords` of many Documents, their word graphs built and ranked together.

    The graphs of a chunk of articles are built as the diagonal blocks of one graph
    (:func:`_chunk_graph`) and ranked in one power iteration
    (:func:`~zhnews.summarize._rank.rank_blocks`); each article gets the keywords it
    gets alone.
    """
    if isinstance(top_k, bool) or not isinstance(top_k, Integral) or top_k < 1:
        raise ValueError(f"top_k must be a positive integer, got {top_k!r}")
    if isinstance(window, bool) or not isinstance(window, Integral) or window < 2:
        raise ValueError(f"window must be an integer >= 2, got {window!r}")
    contents = [doc.content_ids() for doc in docs]
    worded = [k for k, (vocab, _, _) in enumerate(contents) if vocab]
    out: list[list[tuple[str, float]]] = [[] for _ in docs]
    if not worded:
        return out
    sizes = np.array([len(contents[k][0]) for k in worded], dtype=np.int64)
    # a graph for each article with a sentence of two words; the others score their words alike
    graphed = np.array([max(map(len, (contents[k][2], *contents[k][1]))) >= 2 for k in worded])
    scores = np.repeat(1.0 / sizes, sizes)
    if graphed.any():
        block, _ = _chunk_graph([contents[k] for k, g in zip(worded, graphed) if g], window)
        scores[np.repeat(graphed, sizes)] = rank_blocks(block, sizes[graphed])
    # Ties (words in the same position of a symmetric graph, such as the words of a
    # title that shares none with the body) have equal scores up to the rounding of
    # PageRank's sums; ranked on scores rounded to 12 decimals, they keep
    # first-occurrence order whatever the order of the sums.
    owner = np.repeat(np.arange(len(worded)), sizes)
    order = np.lexsort((-np.round(scores, 12), owner))  # by article, then score; stable
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    top = order[np.arange(len(order)) - starts[owner[order]] < top_k]
    top_owner = owner[top]
    for k, i, score in zip(top_owner.tolist(), (top - starts[top_owner]).tolist(), scores[top].tolist()):
        out[worded[k]].append((contents[worded[k]][0][i], score))  # word i of article k's vocabulary
    return out


def _chunk_graph(contents: Sequence[tuple[Sequence[str], Sequence[Sequence[int]], Sequence[int]]], window: int) -> tuple[Transition, np.ndarray]:
    """The co-occurrence graphs of many articles, as the diagonal blocks of one graph.

    ``contents`` holds each article's :meth:`~zhnews.Document.content_ids`; article
    ``k``'s words are numbered after those of the articles before it, its title
    first, then its sentences. Co-occurrence counts within ``window`` words of one
    sentence, all gaps of all sentences of all articles at once (a pair counts only
    when both ends are in the same sentence, so never across articles), self-pairs left
    out, made symmetric: ``W[i, j]`` counts i–j pairs either way round. Returns the
    transition and the number of words of each article.
    """
    sizes = np.array([len(vocab) for vocab, _, _ in contents], dtype=np.int64)
    n = int(sizes.sum())
    groups = [group for _, sentence_ids, title_ids in contents for group in (title_ids, *sentence_ids)]
    lengths = np.array([len(group) for group in groups], dtype=np.int64)
    ids = np.fromiter(chain.from_iterable(groups), dtype=np.int64, count=int(lengths.sum()))
    article_lengths = np.add.reduceat(lengths, np.cumsum([0] + [1 + len(s) for _, s, _ in contents[:-1]]))
    ids += np.repeat(np.concatenate([[0], np.cumsum(sizes)[:-1]]), article_lengths)
    sentence = np.repeat(np.arange(len(groups), dtype=np.int64), lengths)
    keys = []
    for gap in range(1, window):
        if len(ids) <= gap:
            break
        a, b = ids[:-gap], ids[gap:]
        keep = (sentence[:-gap] == sentence[gap:]) & (a != b)
        a, b = a[keep], b[keep]
        keys.append(a * n + b)
        keys.append(b * n + a)
    pairs, counts = unique_keys(np.concatenate(keys) if keys else np.zeros(0, np.int64))
    rows, cols = np.divmod(pairs, n)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    t = symmetric_transition(indptr, cols, counts.astype(float))
    return Transition(t.indptr, t.indices, t.data, t.dangling, np.repeat(1.0 / sizes, sizes)), sizes
