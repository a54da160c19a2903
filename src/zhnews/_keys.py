"""Distinct integer keys of a chunk, sorted as 32-bit numbers when they fit.

The chunk-wide builders pack pairs into one integer key (article × width + column,
word × sentences + sentence, word × words + word) and sort the keys to count them:
the sort is the largest step of each. Keys under 2**32 (those of every default-sized
chunk) sort as ``uint32`` in the same order as ``int64``, half the bytes moved and
about 1.7 times as fast here; finding the largest key first costs a fiftieth of that.
"""

from __future__ import annotations

import numpy as np

__all__ = ["unique_keys"]

_UINT32_LIMIT = 1 << 32


def unique_keys(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(keys, return_counts=True)`` of non-negative integer ``keys``, as int64.

    The same distinct keys (ascending) and counts as ``np.unique``; only the width of
    the sort differs.

    Examples
    --------
    >>> unique_keys(np.array([5, 3, 5, 0]))
    (array([0, 3, 5]), array([1, 1, 2]))
    """
    keys = np.asarray(keys, dtype=np.int64)
    if not len(keys):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    if keys.min() < 0:
        raise ValueError("unique_keys() takes non-negative keys")
    fits = int(keys.max()) < _UINT32_LIMIT
    narrow = keys.astype(np.uint32) if fits else keys.copy()  # a copy to sort either way
    narrow.sort()
    first = np.empty(len(narrow), dtype=bool)
    first[0] = True
    np.not_equal(narrow[1:], narrow[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    counts = np.diff(np.append(starts, len(narrow)))
    return narrow[starts].astype(np.int64), counts
