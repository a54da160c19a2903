"""Batch over archives: many files in, one record per article out — in parallel, resumable.

Stages, one module each: :mod:`~zhnews.batch.readers` (inputs to work items, items to
articles), :mod:`~zhnews.batch.engine` (:func:`analyze_many`: chunks, workers, order),
:mod:`~zhnews.batch.writers` (JSONL and CSV through a ``.part`` file, resume) and
:mod:`~zhnews.batch.dask` (the same work on a Dask cluster); :mod:`~zhnews.batch.run`
(:func:`run_batch`) is the ``zhnews batch`` command without its argument parsing.

Importing this package loads no model and starts no process; the engine's modules
import scikit-learn, so they are loaded when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names

if TYPE_CHECKING:  # pragma: no cover
    from .engine import analyze_many
    from .run import BatchSummary, run_batch

_LAZY = {"analyze_many": "zhnews.batch.engine", "run_batch": "zhnews.batch.run", "BatchSummary": "zhnews.batch.run"}


__getattr__, __dir__ = lazy_names("zhnews.batch", _LAZY, globals())


__all__ = ["BatchSummary", "analyze_many", "run_batch"]
