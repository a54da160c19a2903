"""PageRank by power iteration, shared by sentence and keyword TextRank."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

__all__ = ["pagerank"]


def pagerank(
    weights: np.ndarray | sp.spmatrix,
    *,
    damping: float = 0.85,
    personalization: np.ndarray | None = None,
    tol: float = 1e-6,
    max_iter: int = 100,
) -> np.ndarray:
    """Stationary scores of a weighted graph (Page et al. 1999; Mihalcea & Tarau 2004).

    Parameters
    ----------
    weights : (n, n) array or sparse matrix
        Non-negative edge weights; ``weights[i, j]`` is the weight of i → j.
    damping : float
        Probability of following an edge rather than teleporting.
    personalization : (n,) array, optional
        Teleport distribution (uniform when omitted); it is also where a node
        with no out-edges sends its score.
    tol, max_iter :
        Stop when the L1 change falls below ``tol`` or after ``max_iter`` steps.

    Returns
    -------
    (n,) ndarray
        Scores summing to 1.
    """
    n = weights.shape[0]
    if n == 0:
        return np.zeros(0)
    if personalization is None:
        teleport = np.full(n, 1.0 / n)
    else:
        teleport = np.asarray(personalization, dtype=float)
        teleport = teleport / teleport.sum()
    out_weight = np.asarray(weights.sum(axis=1)).ravel()
    dangling = out_weight == 0
    inv = np.divide(1.0, out_weight, out=np.zeros(n), where=~dangling)
    sparse = sp.issparse(weights)
    if sparse:
        step = (sp.diags(inv * damping) @ weights).T.tocsr()
    else:
        # C order: a matrix-vector product reads rows, the fastest way for BLAS.
        step = np.ascontiguousarray((np.asarray(weights, dtype=float) * (inv * damping)[:, None]).T)
    base = (1.0 - damping) * teleport
    has_dangling = bool(dangling.any())
    scores = teleport.copy()
    new = np.empty(n)
    change = np.empty(n)
    # The same steps as `new = step @ scores + base; if |new - scores|_1 < tol: ...`,
    # into preallocated arrays: for a news-sized graph the steps cost less than
    # allocating their temporaries.
    for _ in range(max_iter):
        if sparse:
            new = step @ scores
        else:
            np.dot(step, scores, out=new)
        new += base
        if has_dangling:
            new += damping * scores[dangling].sum() * teleport
        np.subtract(new, scores, out=change)
        np.abs(change, out=change)
        if np.add.reduce(change) < tol:
            return new
        scores, new = new, scores
    return scores
