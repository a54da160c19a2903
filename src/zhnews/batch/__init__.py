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

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .engine import analyze_many
    from .run import BatchSummary, run_batch

_LAZY = {"analyze_many": "zhnews.batch.engine", "run_batch": "zhnews.batch.run", "BatchSummary": "zhnews.batch.run"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'zhnews.batch' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = ["BatchSummary", "analyze_many", "run_batch"]
