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
from numbers import Integral

import numpy as np

from ..text.document import Document
from ..text.tokenize import Tokenizer
from ._rank import Transition, rank_many, symmetric_transition

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
    """:func:`keywords` of many Documents, their word graphs ranked together.

    The graphs of a chunk of articles are ranked in one power iteration
    (:func:`~zhnews.summarize._rank.rank_many`); each article gets the keywords it
    gets alone.
    """
    if isinstance(top_k, bool) or not isinstance(top_k, Integral) or top_k < 1:
        raise ValueError(f"top_k must be a positive integer, got {top_k!r}")
    if isinstance(window, bool) or not isinstance(window, Integral) or window < 2:
        raise ValueError(f"window must be an integer >= 2, got {window!r}")
    graphs = [_graph(doc, window) for doc in docs]
    ranked = iter(rank_many([g[1] for g in graphs if g is not None and g[1] is not None]))
    out: list[list[tuple[str, float]]] = []
    for graph in graphs:
        if graph is None:
            out.append([])
            continue
        words, transition = graph
        scores = np.full(len(words), 1.0 / len(words)) if transition is None else next(ranked)
        # Ties (words in the same position of a symmetric graph, such as the words of a
        # title that shares none with the body) have equal scores up to the rounding of
        # PageRank's sums; ranked on scores rounded to 12 decimals, they keep
        # first-occurrence order whatever the order of the sums.
        order = np.argsort(-np.round(scores, 12), kind="stable")[:top_k]
        out.append([(words[i], float(scores[i])) for i in order])
    return out


def _graph(doc: Document, window: int) -> tuple[list[str], Transition | None] | None:
    """The article's words and their co-occurrence graph (None without words; no graph without pairs).

    Co-occurrence counts within ``window`` words of one sentence, all gaps of all
    sentences at once (a pair counts only when both ends are in the same sentence),
    self-pairs left out, made symmetric: ``W[i, j]`` counts i–j pairs either way round.
    """
    vocab, sentence_ids, title_ids = doc.content_ids()
    if not vocab:
        return None
    n = len(vocab)
    groups = (title_ids, *sentence_ids)
    ids = np.fromiter((i for group in groups for i in group), dtype=np.int64)
    lengths = [len(group) for group in groups]
    if max(lengths) < 2:
        return list(vocab), None  # no sentence holds two words: no edge to rank by
    sentence = np.repeat(np.arange(len(groups), dtype=np.int64), lengths)
    keys = []
    for gap in range(1, window):
        if len(ids) <= gap:
            break
        a, b = ids[:-gap], ids[gap:]
        keep = (sentence[:-gap] == sentence[gap:]) & (a != b)
        keys.append(a[keep] * n + b[keep])
        keys.append(b[keep] * n + a[keep])
    pairs, counts = np.unique(np.concatenate(keys), return_counts=True)
    rows, cols = np.divmod(pairs, n)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    return list(vocab), symmetric_transition(indptr, cols, counts.astype(float))
