"""PageRank by power iteration, shared by sentence and keyword TextRank — one graph or many at once.

A news article's graphs are small (a dozen sentences, a hundred words), so ranking one
costs little arithmetic but a numpy call or five per step, some forty steps. Ranked
together — a chunk's graphs as the blocks of one sparse block-diagonal matrix, one
matrix-vector product per step for all of them — that overhead is paid once per step
for the whole chunk. Each graph still iterates exactly as it would alone: its rows'
sums are computed in the same order (a block's row reads only its own block), its
dangling mass and its convergence test are its own, and it stops at the step it would
stop at alone; graphs that have stopped are dropped from the product. So a graph's
scores do not depend on which graphs it was ranked with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

__all__ = ["Transition", "pagerank", "rank_many", "symmetric_transition", "transition"]

#: numpy sums fewer than this many numbers one after the other (pairwise beyond), so a
#: segment sum by ``np.add.reduceat`` equals ``ndarray.sum`` below it.
_SEQUENTIAL_SUM = 8


@dataclass(frozen=True, slots=True)
class Transition:
    """One graph ready to rank: its damped transition matrix (CSR) and teleport vector.

    ``step = damping * (D⁻¹ W)ᵀ`` with ``D`` the out-weights; row ``i`` holds what
    flows into node ``i``, columns sorted. ``dangling`` marks nodes without out-edges
    (their score is spread by ``teleport``).
    """

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    dangling: np.ndarray
    teleport: np.ndarray

    @property
    def size(self) -> int:
        return len(self.teleport)


def _teleport(n: int, personalization: np.ndarray | None) -> np.ndarray:
    if personalization is None:
        return np.full(n, 1.0 / n)
    teleport = np.asarray(personalization, dtype=float)
    return teleport / teleport.sum()


def transition(
    weights: np.ndarray | sp.spmatrix, *, damping: float = 0.85, personalization: np.ndarray | None = None
) -> Transition:
    """The transition of a weighted graph: ``weights[i, j]`` is the weight of i → j."""
    n = weights.shape[0]
    teleport = _teleport(n, personalization) if n else np.zeros(0)
    out_weight = np.asarray(weights.sum(axis=1)).ravel()
    dangling = out_weight == 0
    inv = np.divide(1.0, out_weight, out=np.zeros(n), where=~dangling)
    if sp.issparse(weights):
        step = (sp.diags(inv * damping) @ weights).T.tocsr()
        step.sort_indices()
        return Transition(step.indptr.astype(np.int64), step.indices.astype(np.int64), step.data, dangling, teleport)
    dense = (np.asarray(weights, dtype=float) * (inv * damping)[:, None]).T
    rows, cols = np.nonzero(dense)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    return Transition(indptr, cols.astype(np.int64), dense[rows, cols], dangling, teleport)


def symmetric_transition(indptr: np.ndarray, indices: np.ndarray, weights: np.ndarray, *, damping: float = 0.85) -> Transition:
    """The transition of a symmetric graph given as CSR (columns sorted), without a transpose.

    For symmetric ``W``, ``step[i, j] = damping / out[j] * W[j, i] = W[i, j] * (damping / out[j])``:
    the same products as :func:`transition`, on ``W``'s own structure.
    """
    n = len(indptr) - 1
    out_weight = np.bincount(np.repeat(np.arange(n), np.diff(indptr)), weights=weights, minlength=n)
    dangling = out_weight == 0
    inv = np.divide(1.0, out_weight, out=np.zeros(n), where=~dangling)
    return Transition(indptr, indices, weights * (inv * damping)[indices], dangling, np.full(n, 1.0 / n) if n else np.zeros(0))


class _Block:
    """The graphs still iterating, stacked as one block-diagonal matrix."""

    def __init__(self, transitions: Sequence[Transition], graphs: list[int], damping: float) -> None:
        parts = [transitions[g] for g in graphs]
        self.graphs = graphs
        self.sizes = np.array([t.size for t in parts], dtype=np.int64)
        self.offsets = np.concatenate([[0], np.cumsum(self.sizes)])
        nnz = np.concatenate([[0], np.cumsum([len(t.data) for t in parts])])
        n = int(self.offsets[-1])
        indptr = np.concatenate([t.indptr[:-1] + nnz[k] for k, t in enumerate(parts)] + [nnz[-1:]])
        indices = np.concatenate([t.indices + self.offsets[k] for k, t in enumerate(parts)])
        data = np.concatenate([t.data for t in parts])
        self.matrix = sp.csr_matrix((data, indices, indptr), shape=(n, n))
        self.teleport = np.concatenate([t.teleport for t in parts])
        self.base = (1.0 - damping) * self.teleport
        self.nnz = int(nnz[-1])
        self.graph_nnz = np.diff(nnz)
        dangling = np.concatenate([t.dangling for t in parts])
        self.dangling_at = np.flatnonzero(dangling)
        owners = np.repeat(np.arange(len(parts)), self.sizes)[self.dangling_at]
        self.dangling_graphs, first = np.unique(owners, return_index=True) if len(owners) else (np.zeros(0, np.int64), np.zeros(0, np.int64))
        self.dangling_starts = first
        self.dangling_counts = np.diff(np.concatenate([first, [len(owners)]])) if len(owners) else np.zeros(0, np.int64)

    def segment(self, k: int, values: np.ndarray) -> np.ndarray:
        return values[self.offsets[k]:self.offsets[k + 1]]

    def dangling_sums(self, scores: np.ndarray) -> np.ndarray:
        """Per graph with dangling nodes, the sum of their scores, as ``ndarray.sum`` adds it."""
        gathered = scores[self.dangling_at]
        sums = np.add.reduceat(gathered, self.dangling_starts)
        for k in np.flatnonzero(self.dangling_counts >= _SEQUENTIAL_SUM):
            start = self.dangling_starts[k]
            sums[k] = gathered[start:start + self.dangling_counts[k]].sum()
        return sums

    def changes(self, change: np.ndarray, tol: float) -> np.ndarray:
        """Per graph, the L1 change (as ``ndarray.sum`` adds it where the test depends on it)."""
        sums = np.add.reduceat(change, self.offsets[:-1])
        for k in np.flatnonzero((self.sizes >= _SEQUENTIAL_SUM) & (np.abs(sums - tol) <= 1e-9 * tol)):
            sums[k] = self.segment(k, change).sum()
        return sums


def rank_many(transitions: Sequence[Transition], *, damping: float = 0.85, tol: float = 1e-6, max_iter: int = 100) -> list[np.ndarray]:
    """Scores of each graph, each as :func:`pagerank` ranks it alone, all in one power iteration.

    Parameters
    ----------
    transitions : sequence of Transition
        The graphs (:func:`transition`), made with the same ``damping``.
    damping, tol, max_iter :
        As :func:`pagerank`.

    Returns
    -------
    list of (n,) ndarray
        Scores summing to 1, one array per graph (empty for an empty graph).
    """
    results: list[np.ndarray] = [np.zeros(0) for _ in transitions]
    live = [g for g, t in enumerate(transitions) if t.size]
    if not live:
        return results
    if len(live) == 1:
        results[live[0]] = _rank_one(transitions[live[0]], damping, tol, max_iter)
        return results
    block = _Block(transitions, live, damping)
    scores = block.teleport.copy()
    active = np.ones(len(block.graphs), dtype=bool)
    for _ in range(max_iter):
        new = block.matrix @ scores
        new += block.base
        if len(block.dangling_at):
            factor = np.zeros(len(block.graphs))
            factor[block.dangling_graphs] = damping * block.dangling_sums(scores)
            new += np.repeat(factor, block.sizes) * block.teleport
        change = np.abs(new - scores)
        done = active & (block.changes(change, tol) < tol)
        for k in np.flatnonzero(done):
            results[block.graphs[k]] = block.segment(k, new).copy()
        active &= ~done
        if not active.any():
            return results
        if done.any() and block.graph_nnz[active].sum() * 2 < block.nnz:
            # most of the product is spent on graphs that have stopped: restack the others
            keep = np.flatnonzero(active)
            new = np.concatenate([block.segment(k, new) for k in keep])
            block = _Block(transitions, [block.graphs[k] for k in keep], damping)
            active = np.ones(len(keep), dtype=bool)
        scores = new
    for k in np.flatnonzero(active):
        results[block.graphs[k]] = block.segment(k, scores).copy()
    return results


def _rank_one(t: Transition, damping: float, tol: float, max_iter: int) -> np.ndarray:
    """One graph alone: the steps of :func:`rank_many` without the stacking (same sums, same stop)."""
    n = t.size
    matrix = sp.csr_matrix((t.data, t.indices, t.indptr), shape=(n, n))
    dangling = np.flatnonzero(t.dangling)
    base = (1.0 - damping) * t.teleport
    scores = t.teleport.copy()
    change = np.empty(n)
    for _ in range(max_iter):
        new = matrix @ scores
        new += base
        if len(dangling):
            new += damping * scores[dangling].sum() * t.teleport
        np.subtract(new, scores, out=change)
        np.abs(change, out=change)
        if change.sum() < tol:
            return new
        scores = new
    return scores


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
    if weights.shape[0] == 0:
        return np.zeros(0)
    return rank_many([transition(weights, damping=damping, personalization=personalization)], damping=damping, tol=tol, max_iter=max_iter)[0]
