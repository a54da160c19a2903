"""unique_keys: np.unique's distinct keys and counts, whichever width the keys sort at."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhnews._keys import unique_keys


def _expected(keys):
    return np.unique(np.asarray(keys, dtype=np.int64), return_counts=True)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=(1 << 32) - 1), max_size=300))
def test_keys_that_fit_32_bits_give_what_np_unique_gives(keys):
    got, counts = unique_keys(np.array(keys, dtype=np.int64))
    want, want_counts = _expected(keys)
    assert got.dtype == np.int64 and got.tolist() == want.tolist() and counts.tolist() == want_counts.tolist()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=(1 << 62)), min_size=1, max_size=300))
def test_wider_keys_give_what_np_unique_gives(keys):
    got, counts = unique_keys(np.array(keys, dtype=np.int64))
    want, want_counts = _expected(keys)
    assert got.tolist() == want.tolist() and counts.tolist() == want_counts.tolist()


def test_keys_either_side_of_the_32_bit_limit_are_not_folded_together():
    # 2**32 would wrap to 0 as a uint32: the widest key decides the width of the sort
    keys = np.array([1 << 32, 0, (1 << 32) - 1, 0], dtype=np.int64)
    got, counts = unique_keys(keys)
    assert got.tolist() == [0, (1 << 32) - 1, 1 << 32] and counts.tolist() == [2, 1, 1]


def test_the_keys_given_are_left_as_they_were():
    keys = np.array([3, 1, 2], dtype=np.int64)
    unique_keys(keys)
    assert keys.tolist() == [3, 1, 2]


def test_no_keys():
    got, counts = unique_keys(np.zeros(0, dtype=np.int64))
    assert got.dtype == np.int64 and len(got) == 0 and len(counts) == 0


def test_a_negative_key_is_refused():
    with pytest.raises(ValueError, match="non-negative"):
        unique_keys(np.array([2, -1]))
