"""PageRank by power iteration, shared by sentence and keyword TextRank — one graph or many at once.

A news article's graphs are small (a dozen sentences, a hundred words), so ranking one
costs little arithmetic but a numpy call or five per step, some forty steps. Ranked
together — a chunk's graphs as the blocks of one sparse block-diagonal matrix, one
matrix-vector product per step for all of them — that overhead is paid once per step
for the whole chunk. Each graph still iterates exactly as it would alone: its rows'
sums are computed in the same order (a block's row reads only its own block), its
dangling mass and its convergence test are its own, and it stops at the step it would
stop at alone; graphs that have stopped are dropped from the product. So a graph's
scores do not depend on which graphs it was ranked with. Callers that build a chunk's
graphs already stacked (:func:`rank_blocks`) skip the per-graph arrays altogether: the
per-article cost of a chunk is then a few numpy calls per chunk, not per article.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sys
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover - a caller's sparse weights; zhnews itself never imports SciPy here
    import scipy.sparse as sp

__all__ = ["Transition", "pagerank", "pairwise_row_sums", "rank_blocks", "rank_many", "stack", "symmetric_transition", "transition"]

#: numpy sums fewer than this many numbers one after the other (pairwise beyond), so a
#: segment sum by ``np.add.reduceat`` equals ``ndarray.sum`` below it.
_SEQUENTIAL_SUM = 8
#: Restacking the graphs still iterating costs about as much as a product over this many
#: edges: below it, graphs that have stopped stay in the product.
_RESTACK_EDGES = 4096


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


def _is_sparse(weights: object) -> bool:
    """Whether ``weights`` is a SciPy sparse matrix (SciPy is imported only if the caller did)."""
    sparse = sys.modules.get("scipy.sparse")
    return sparse is not None and bool(sparse.issparse(weights))


#: From this many edges a matrix-vector product goes through SciPy's CSR product (one
#: pass in C, about 2.6 times as fast as np.bincount's three on a chunk's keyword graph);
#: below it, through np.bincount, so that ranking one article's graphs — all that
#: ``zhnews classify`` or ``analyze`` ever ranks — imports no SciPy (a fifth of a
#: second of start-up). Both add each row's products in stored order from zero.
_SCIPY_EDGES = 16384


class _Matrix:
    """A Transition's matrix for ``matrix @ scores``: the same floats by either of two products.

    ``np.bincount`` adds each row's products in stored order from zero, as SciPy's CSR
    product does (:data:`_SCIPY_EDGES` says which runs), so the scores do not depend on
    the size of the chunk an article was ranked in.
    """

    __slots__ = ("rows", "indices", "data", "n", "csr")

    def __init__(self, t: Transition) -> None:
        self.n = t.size
        self.indices, self.data = t.indices, t.data
        self.csr = None
        if len(t.data) >= _SCIPY_EDGES:
            import scipy.sparse as sp  # a hard dependency (scikit-learn's), imported only for big graphs

            self.csr = sp.csr_matrix((t.data, t.indices, t.indptr), shape=(self.n, self.n))
            self.rows = None
        else:
            self.rows = np.repeat(np.arange(self.n, dtype=np.int64), np.diff(t.indptr))

    def __matmul__(self, scores: np.ndarray) -> np.ndarray:
        if self.csr is not None:
            return self.csr @ scores
        out = np.bincount(self.rows, weights=self.data * scores[self.indices], minlength=self.n)
        return out if out.dtype == np.float64 else out.astype(np.float64)  # no edges: bincount gives ints


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
    if _is_sparse(weights):
        import scipy.sparse as sp

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


def stack(transitions: Sequence[Transition]) -> tuple[Transition, np.ndarray]:
    """Graphs as the diagonal blocks of one Transition, with the size of each block."""
    sizes = np.array([t.size for t in transitions], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(sizes)])
    nnz = np.concatenate([[0], np.cumsum([len(t.data) for t in transitions])])
    indptr = np.concatenate([t.indptr[:-1] + nnz[k] for k, t in enumerate(transitions)] + [nnz[-1:]])
    indices = np.concatenate([t.indices + offsets[k] for k, t in enumerate(transitions)])
    data = np.concatenate([t.data for t in transitions])
    dangling = np.concatenate([t.dangling for t in transitions])
    teleport = np.concatenate([t.teleport for t in transitions])
    return Transition(indptr.astype(np.int64), indices.astype(np.int64), data, dangling, teleport), sizes


class _Block:
    """The graphs still iterating: diagonal blocks of one matrix, and where each block's nodes came from."""

    def __init__(self, t: Transition, sizes: np.ndarray, nodes: np.ndarray, damping: float) -> None:
        self.t = t
        self.sizes = sizes
        self.nodes = nodes  # the position of each node in the stacked input
        self.offsets = np.concatenate([[0], np.cumsum(sizes)])
        self.matrix = _Matrix(t)
        self.teleport = t.teleport
        self.base = (1.0 - damping) * t.teleport
        self.owner = np.repeat(np.arange(len(sizes)), sizes)
        self.row_nnz = np.diff(t.indptr)
        self.nnz = len(t.data)
        self.graph_nnz = np.bincount(self.owner, weights=self.row_nnz, minlength=len(sizes))
        self.dangling_at = np.flatnonzero(t.dangling)
        owners = self.owner[self.dangling_at]
        self.dangling_graphs, first = np.unique(owners, return_index=True) if len(owners) else (np.zeros(0, np.int64), np.zeros(0, np.int64))
        self.dangling_starts = first
        self.dangling_counts = np.diff(np.concatenate([first, [len(owners)]])) if len(owners) else np.zeros(0, np.int64)
        # where ndarray.sum adds pairwise, not one number after the other
        self.pairwise_dangling = [(k, int(first[k]), int(first[k] + self.dangling_counts[k])) for k in np.flatnonzero(self.dangling_counts >= _SEQUENTIAL_SUM)]
        self.pairwise_graphs = sizes >= _SEQUENTIAL_SUM

    def keep(self, keep: np.ndarray, damping: float) -> "_Block":
        """The block of the graphs ``keep`` (a mask), their rows and columns moved up."""
        node = np.repeat(keep, self.sizes)
        sizes = self.sizes[keep]
        row_nnz = self.row_nnz[node]
        shift = np.repeat(self.offsets[:-1][keep] - np.concatenate([[0], np.cumsum(sizes)[:-1]]), sizes)
        edge = np.repeat(node, self.row_nnz)
        t = self.t
        indptr = np.concatenate([[0], np.cumsum(row_nnz)])
        indices = t.indices[edge] - np.repeat(shift, row_nnz)
        part = Transition(indptr, indices, t.data[edge], t.dangling[node], t.teleport[node])
        return _Block(part, sizes, self.nodes[node], damping)

    def dangling_sums(self, scores: np.ndarray) -> np.ndarray:
        """Per graph with dangling nodes, the sum of their scores, as ``ndarray.sum`` adds it."""
        gathered = scores[self.dangling_at]
        sums = np.add.reduceat(gathered, self.dangling_starts)
        for k, start, stop in self.pairwise_dangling:
            sums[k] = gathered[start:stop].sum()
        return sums

    def changes(self, change: np.ndarray, tol: float) -> np.ndarray:
        """Per graph, the L1 change (as ``ndarray.sum`` adds it where the test depends on it)."""
        sums = np.add.reduceat(change, self.offsets[:-1])
        near = np.abs(sums - tol) <= 1e-9 * tol
        if near.any():
            for k in np.flatnonzero(self.pairwise_graphs & near):
                sums[k] = change[self.offsets[k]:self.offsets[k + 1]].sum()
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
    block, sizes = stack([transitions[g] for g in live])
    scores = rank_blocks(block, sizes, damping=damping, tol=tol, max_iter=max_iter)
    for g, part in zip(live, np.split(scores, np.cumsum(sizes)[:-1])):
        results[g] = part
    return results


def rank_blocks(block: Transition, sizes: np.ndarray, *, damping: float = 0.85, tol: float = 1e-6, max_iter: int = 100) -> np.ndarray:
    """:func:`rank_many` of graphs given already stacked: the diagonal blocks of ``block``.

    A chunk's graphs built together (one array per chunk rather than per article) are
    ranked without being split and stacked again.

    Parameters
    ----------
    block : Transition
        Block-diagonal: graph ``k`` is rows and columns ``sizes[:k].sum()`` to
        ``sizes[:k + 1].sum()``; its teleport sums to 1 on its own nodes.
    sizes : (g,) int array
        The size of each graph, at least 1.
    damping, tol, max_iter :
        As :func:`pagerank`.

    Returns
    -------
    (sizes.sum(),) ndarray
        Each graph's scores on its own nodes, as :func:`pagerank` ranks it alone.
    """
    sizes = np.asarray(sizes, dtype=np.int64)
    if len(sizes) == 1:
        return _rank_one(block, damping, tol, max_iter)
    results = np.empty(block.size)
    if not len(sizes):
        return results
    live = _Block(block, sizes, np.arange(block.size), damping)
    scores = block.teleport.copy()
    active = np.ones(len(sizes), dtype=bool)
    for _ in range(max_iter):
        new = live.matrix @ scores
        new += live.base
        if len(live.dangling_at):
            factor = np.zeros(len(live.sizes))
            factor[live.dangling_graphs] = damping * live.dangling_sums(scores)
            new += np.repeat(factor, live.sizes) * live.teleport
        change = np.abs(new - scores)
        done = active & (live.changes(change, tol) < tol)
        if done.any():
            node = np.repeat(done, live.sizes)
            results[live.nodes[node]] = new[node]
            active &= ~done
            if not active.any():
                return results
            stopped = live.nnz - live.graph_nnz[active].sum()
            if stopped * 2 > live.nnz and stopped >= _RESTACK_EDGES:
                # most of the product is spent on graphs that have stopped: restack the others
                new = new[np.repeat(active, live.sizes)]
                live = live.keep(active, damping)
                active = np.ones(len(live.sizes), dtype=bool)
        scores = new
    node = np.repeat(active, live.sizes)
    results[live.nodes[node]] = scores[node]
    return results


def pairwise_row_sums(rows: np.ndarray, cols: np.ndarray, values: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The sums of ragged dense rows given by their non-zeros, each as ``ndarray.sum`` adds its row.

    Row ``r`` is ``lengths[r]`` numbers long, zero but at ``values[rows == r]`` in
    columns ``cols[rows == r]``. numpy adds a row of fewer than 8 numbers one after
    the other; up to 128, it keeps 8 running sums over its first ``n - n % 8``
    numbers (the one of number ``j`` is ``j % 8``), adds them as a tree and then the
    rest one by one; a longer row is split in halves. Added that way for all rows at
    once (zeros change no sum), the sums are those of a per-row ``.sum()`` — the
    same floats, not just close. Values must not be ``-0.0`` or NaN.
    """
    lengths = np.asarray(lengths, dtype=np.int64)
    if not len(values):
        return np.zeros(len(lengths))
    long_rows = lengths > 128
    if long_rows.any():  # rare (an article of over 128 sentences): each long row by numpy itself
        sums = pairwise_row_sums(*(x[~long_rows[rows]] for x in (rows, cols, values)), np.where(long_rows, 0, lengths))
        for r in np.flatnonzero(long_rows):
            row = np.zeros(lengths[r])
            pick = rows == r
            row[cols[pick]] = values[pick]
            sums[r] = row.sum()
        return sums
    full = lengths - lengths % 8
    width = max(8, -(-int(lengths.max()) // 8) * 8)
    blocks = np.zeros((len(lengths), width))
    rest = np.zeros((len(lengths), 8))
    in_blocks = cols < full[rows]
    blocks[rows[in_blocks], cols[in_blocks]] = values[in_blocks]
    late = ~in_blocks
    rest[rows[late], cols[late] - full[rows[late]]] = values[late]
    lanes = blocks[:, :8].copy()
    for b in range(8, width, 8):
        lanes += blocks[:, b:b + 8]
    sums = ((lanes[:, 0] + lanes[:, 1]) + (lanes[:, 2] + lanes[:, 3])) + ((lanes[:, 4] + lanes[:, 5]) + (lanes[:, 6] + lanes[:, 7]))
    for j in range(8):
        sums += rest[:, j]
    return sums


def _rank_one(t: Transition, damping: float, tol: float, max_iter: int) -> np.ndarray:
    """One graph alone: the steps of :func:`rank_many` without the stacking (same sums, same stop)."""
    n = t.size
    matrix = _Matrix(t)
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
