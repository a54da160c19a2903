"""_rank: PageRank of many graphs at once gives each graph the scores it gets alone, to the bit."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import python_prints
from hypothesis import given, settings
from hypothesis import strategies as st

from zhnews.summarize._rank import pagerank, pairwise_row_sums, rank_blocks, rank_many, stack, transition


def random_graph(rng: np.random.Generator, n: int) -> np.ndarray:
    weights = np.where(rng.random((n, n)) < rng.uniform(0.05, 0.6), rng.random((n, n)), 0.0)
    np.fill_diagonal(weights, 0.0)
    return weights


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 300), min_size=1, max_size=12), st.integers(0, 2**32 - 1))
def test_pairwise_row_sums_are_the_floats_of_ndarray_sum(lengths, seed):
    rng = np.random.default_rng(seed)
    rows_dense = [np.where(rng.random(n) < rng.random(), rng.random(n) * 10.0 ** rng.uniform(-6, 3, n), 0.0) for n in lengths]
    rows = np.concatenate([np.full(np.count_nonzero(r), k) for k, r in enumerate(rows_dense)]).astype(np.int64)
    cols = np.concatenate([np.flatnonzero(r) for r in rows_dense]).astype(np.int64)
    values = np.concatenate([r[r != 0] for r in rows_dense])
    got = pairwise_row_sums(rows, cols, values, np.array(lengths))
    assert got.tolist() == [r.sum() for r in rows_dense]  # equal, not close


@pytest.mark.parametrize("seed", range(5))
def test_graphs_ranked_together_score_as_each_alone(seed):
    rng = np.random.default_rng(seed)
    graphs = [random_graph(rng, int(n)) for n in rng.integers(1, 40, 30)]
    graphs[3] = np.zeros((5, 5))  # all nodes dangling
    transitions = [transition(w, personalization=rng.random(len(w)) + 0.1) for w in graphs]
    alone = [rank_many([t])[0] for t in transitions]
    together = rank_many(transitions)
    # Within rounding only: a graph alone adds its dangling scores by ndarray.sum, in a
    # stack by np.add.reduceat, and numpy 2.4 adds some segments of 3-7 numbers in
    # another order there (as main did before rank_blocks).
    assert all(np.allclose(a, b, rtol=1e-12, atol=0) for a, b in zip(alone, together))
    block, sizes = stack(transitions)
    assert rank_blocks(block, sizes).tolist() == np.concatenate(together).tolist()  # stacked twice: the same floats
    shuffled = rank_many(transitions[::-1])[::-1]
    assert all(a.tolist() == b.tolist() for a, b in zip(together, shuffled))  # whatever it is stacked with


def test_empty_graphs_get_empty_scores():
    t = transition(random_graph(np.random.default_rng(0), 6))
    empty = transition(np.zeros((0, 0)))
    scores = rank_many([empty, t, empty])
    assert [len(s) for s in scores] == [0, 6, 0]
    assert scores[1].tolist() == pagerank(random_graph(np.random.default_rng(0), 6)).tolist()


@pytest.mark.parametrize("n_graphs", [1, 3])
def test_graphs_without_edges_rank_to_their_teleport(n_graphs):
    # No edge at all: every node dangles and the scores stay the (float) teleport vector.
    graphs = [transition(np.zeros((4, 4))) for _ in range(n_graphs)]
    for scores in rank_many(graphs):
        assert scores.dtype == np.float64
        np.testing.assert_allclose(scores, 0.25)


def test_sparse_weights_are_taken_and_match_dense():
    sparse = pytest.importorskip("scipy.sparse")
    weights = random_graph(np.random.default_rng(3), 9)
    np.testing.assert_array_equal(pagerank(sparse.csr_matrix(weights)), pagerank(weights))


def test_ranking_imports_no_scipy():
    code = (
        "import sys, numpy as np; from zhnews.summarize._rank import pagerank; "
        "pagerank(np.ones((3, 3))); print('scipy' in sys.modules)"
    )
    assert python_prints(code).strip() == "False"


@pytest.mark.parametrize("seed", range(3))
def test_both_products_give_the_same_floats(seed, monkeypatch):
    # Big graphs (a chunk's) multiply through SciPy's CSR product, small ones through
    # np.bincount: each row's products are added in stored order either way, so which one
    # ran never shows in the scores.
    from zhnews.summarize import _rank

    rng = np.random.default_rng(seed)
    transitions = [transition(random_graph(rng, int(n))) for n in rng.integers(2, 60, 20)]
    block, sizes = stack(transitions)
    assert len(block.data) < _rank._SCIPY_EDGES  # the default: np.bincount
    by_bincount = rank_blocks(block, sizes)
    monkeypatch.setattr(_rank, "_SCIPY_EDGES", 1)
    assert _rank._Matrix(block).csr is not None
    assert rank_blocks(block, sizes).tolist() == by_bincount.tolist()
    x = rng.random(block.size)
    by_scipy = _rank._Matrix(block) @ x
    monkeypatch.setattr(_rank, "_SCIPY_EDGES", 10**9)
    assert (_rank._Matrix(block) @ x).tolist() == by_scipy.tolist()
