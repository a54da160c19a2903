"""The numpy-only encoding: hashed key lookup, chunk-wide keys and TF-IDF rows."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from zhnews import Document
from zhnews.topics.encoding import Encoded, KeyTable
from zhnews.topics.features import as_csr


@given(
    st.lists(st.integers(0, 2**62), unique=True, max_size=300),
    st.lists(st.integers(0, 2**62), max_size=300),
)
@settings(max_examples=200, deadline=None)
def test_key_table_finds_every_key_and_only_them(keys, others):
    keys = np.array(sorted(keys), dtype=np.int64)
    table = KeyTable(keys)
    queries = np.array(list(keys) + others, dtype=np.int64)
    expected = np.array([int(np.searchsorted(keys, q)) if q in set(keys.tolist()) else -1 for q in queries.tolist()])
    np.testing.assert_array_equal(table.lookup(queries), expected)


def test_key_table_with_colliding_keys():
    # Keys that differ only in their high bits share a home slot under a weak hash; they
    # must still all be found, through the probe sequence.
    keys = np.sort(np.array([i << 40 for i in range(1, 2000)] + list(range(2000)), dtype=np.int64))
    table = KeyTable(keys)
    np.testing.assert_array_equal(table.lookup(keys), np.arange(len(keys)))
    assert (table.lookup(keys + 1)[np.isin(keys + 1, keys, invert=True)] == -1).all()


def test_key_table_edges():
    empty = KeyTable(np.zeros(0, dtype=np.int64))
    assert empty.lookup(np.array([0, 5], dtype=np.int64)).tolist() == [-1, -1]
    assert KeyTable(np.array([7], dtype=np.int64)).lookup(np.zeros(0, dtype=np.int64)).shape == (0,)


def test_rows_of_a_chunk_are_each_articles_own_rows(small_model, small_set):
    # One article classified alone or inside a chunk gets the same row, to the last bit.
    space = small_model.featurizer_.space_()
    docs = space.encode([Document.from_text(text, title=title or None) for title, text in small_set[0][:12]])
    chunk = as_csr(space.rows(docs)).toarray()
    for i, keys in enumerate(docs.per_document()):
        alone = as_csr(space.rows(Encoded.join([keys]))).toarray()[0]
        np.testing.assert_array_equal(chunk[i], alone)


def test_join_and_per_document_are_inverse(small_model, small_set):
    space = small_model.featurizer_.space_()
    encoded = space.encode([Document.from_text(text, title=title or None) for title, text in small_set[0][:8]])
    again = Encoded.join(encoded.per_document())
    assert again.n == encoded.n == 8
    for a, b in zip(again.per_document(), encoded.per_document()):
        np.testing.assert_array_equal(a.words, b.words)
        np.testing.assert_array_equal(a.chars, b.chars)


def test_the_dot_product_is_scipys_bit_for_bit(small_model, small_set):
    rows = small_model.predictor().rows(small_set[0][:40])
    expected = np.asarray(as_csr(rows) @ small_model.coef_.T)
    np.testing.assert_array_equal(rows.dot(small_model.coef_), expected)
    assert sp.issparse(small_model.transform_documents(small_set[0][:2]))


@pytest.mark.parametrize("threshold", [1, 10**9])
def test_the_dot_product_is_the_same_through_scipy_or_numpy(small_model, small_set, threshold, monkeypatch):
    # A batch's chunk multiplies through SciPy, one article through np.bincount: which
    # one ran must never show in a probability.
    from zhnews.topics import encoding

    rows = small_model.predictor().rows(small_set[0][:40])
    expected = rows.dot(small_model.coef_)
    monkeypatch.setattr(encoding, "SCIPY_VALUES", threshold)
    got = rows.dot(small_model.coef_)
    assert got.dtype == np.float64 and got.tolist() == expected.tolist()
    empty = encoding.Rows(np.zeros(3, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0), rows.width)
    assert empty.dot(small_model.coef_).tolist() == [[0.0] * 4] * 2


@pytest.mark.parametrize("texts", [[], [("", "")], [("标题", "")], [("", "。。。")]])
def test_degenerate_articles_get_empty_or_title_rows(small_model, texts):
    rows = small_model.predictor().rows(texts)
    assert rows.n == len(texts) and rows.indptr[0] == 0 and rows.indptr[-1] == len(rows.data)
    assert np.isfinite(rows.data).all()
