"""Batch on a Dask cluster: the same chunks, the same worker function, run by dask.distributed.

``zhnews batch --dask ADDRESS`` (and ``analyze_many(..., backend="dask")``) send each
chunk to the cluster as one task running :func:`zhnews.batch.engine.run_chunk` — the
function a local worker runs — so a cluster's output is the local output, record for
record. What a cluster needs:

- zhnews (and its model, when not the shipped one) installed on every worker; a model
  folder given with ``--model`` must be at the same path on the workers, and so must
  ``.txt`` inputs, which the workers read themselves (JSONL lines are read here and
  sent);
- each worker process loads the model and the dictionary on its first chunk and keeps
  them, as a local worker does (a module-level cache in the worker process).

At most two chunks per worker thread are in flight and results are taken in order, so
memory stays constant on both sides. dask.distributed is the optional extra
``zhnews[dask]``; without it, :func:`connect` raises
:class:`~zhnews.errors.MissingExtraError` naming it.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from ..errors import MissingExtraError

__all__ = ["connect", "map_chunks"]

logger = logging.getLogger("zhnews")

T = TypeVar("T")
R = TypeVar("R")

#: Chunks in flight per worker thread of the cluster.
IN_FLIGHT_PER_THREAD = 2


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise MissingExtraError("dask", "running batch on a Dask cluster") from None
    return distributed


def connect(client: Any = None) -> Any:
    """A ``distributed.Client``: the one given, one for a scheduler address, or the default.

    Parameters
    ----------
    client : distributed.Client, str or None
        A client, a scheduler address (``tcp://host:8786``), or None for the client the
        program already made (``distributed.get_client()``).

    Raises
    ------
    MissingExtraError
        dask.distributed is not installed: ``pip install 'zhnews[dask]'``.
    ValueError
        None was given and the program has no client.
    """
    distributed = _distributed()
    if client is None:
        try:
            return distributed.get_client()
        except ValueError:
            raise ValueError("backend='dask' needs a Dask client: make one (distributed.Client(...)) or pass dask_client=ADDRESS") from None
    if isinstance(client, str):
        return distributed.Client(client, set_as_default=False)
    return client


def _threads(client: Any) -> int:
    try:
        return max(1, sum(client.nthreads().values()))
    except Exception:  # pragma: no cover - a scheduler that does not say
        return 1


def map_chunks(client: Any, function: Callable[[T], R], chunks: Iterable[T]) -> Iterator[tuple[T, R]]:
    """``(chunk, function(chunk))`` for each chunk, computed on the cluster, in order.

    Chunks are taken from ``chunks`` only as results come back (a window of
    :data:`IN_FLIGHT_PER_THREAD` per worker thread), so the input may be endless. If the
    caller stops early, the tasks still out are cancelled.
    """
    window = IN_FLIGHT_PER_THREAD * _threads(client)
    pending: deque[tuple[T, Any]] = deque()
    iterator = iter(chunks)
    try:
        for chunk in iterator:
            pending.append((chunk, client.submit(function, chunk, pure=False)))
            if len(pending) >= window:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()
    finally:
        if pending:
            client.cancel([future for _, future in pending])
