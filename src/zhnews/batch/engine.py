"""The batch engine: work items in, one record per article out — in order, in chunks, in parallel.

:func:`analyze_many` is what ``zhnews batch`` runs and what a program calls to analyse
many articles. Its design follows from three costs:

- **Tokenization dominates.** An article is segmented once (one
  :class:`~zhnews.Document`), and classification, brief and keywords read that
  Document (:func:`zhnews.pipeline.analyze_documents`).
- **Per-article overhead adds up.** Items travel in chunks of ``chunk_size``; each chunk
  is classified with one sparse matrix product, and crosses a process boundary once.
- **Loading is slow** (jieba's dictionary, the model: about a second). Each worker
  process loads them on its first chunk and keeps them (:func:`zhnews.pipeline.resolve_model`
  caches per process); a chunk carries the model's *path*, never the model. A model
  that was fitted in this process and never saved is saved once to a temporary folder
  for the workers to load.

Workers are joblib's ``loky`` processes (fresh interpreters, so spawn-safe: nothing
is inherited from the parent but the arguments) or a Dask cluster
(:mod:`zhnews.batch.dask`); ``n_jobs=1`` runs in this process. Either way the stages
do not know how they are scheduled: a worker runs :func:`run_chunk`, which only reads
items and calls the library.

Results come back in input order, lazily: at most a few chunks per worker are in flight,
so memory stays constant however long the input is.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from typing import TYPE_CHECKING, Any

from ..text.document import Document
from .readers import ArticleInput, InputFailure, Task, articles_of, task_of

if TYPE_CHECKING:  # pragma: no cover
    from ..pipeline import ModelLike

# The pipeline and the records import scikit-learn (a second of start-up); they are
# imported where they are used, so that a run with worker processes starts its
# workers before this process has imported them.

__all__ = ["BACKENDS", "DEFAULT_CHUNK_SIZE", "DEFAULT_PAGE_CHUNK_SIZE", "Chunk", "ChunkResult", "Settings", "analyze_chunks", "analyze_many", "default_jobs", "run_chunk"]

logger = logging.getLogger("zhnews")

#: Items per chunk: large enough to amortise a chunk's overhead (one matrix product,
#: one round trip to a worker, the model's tables brought back into the CPU caches
#: after a chunk's tokenization: 128 articles run about 3% faster than 64, 256 no
#: faster again), small enough that a chunk's records are soon written.
DEFAULT_CHUNK_SIZE = 128
#: Pages per chunk (:func:`zhnews.batch.run.run_batch` with ``pages=True``): a page
#: holds several articles (eight on the benchmark's), so about as many articles as
#: :data:`DEFAULT_CHUNK_SIZE`, and enough chunks for every worker on a few hundred pages.
DEFAULT_PAGE_CHUNK_SIZE = 16
#: How the work is spread: joblib's loky processes, or a Dask cluster.
BACKENDS = ("loky", "dask")


def default_jobs() -> int:
    """The cores this process may run on (the default of ``zhnews batch --jobs``)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True, slots=True)
class Settings:
    """What every chunk is analysed with: small, so that it travels with each chunk.

    Attributes
    ----------
    model : str, TopicClassifier or None
        A model folder, the shipped model (None), or — in this process only — a model object.
    model_info : mapping
        The model's name and version as records carry them.
    max_sentences, max_chars, top_k :
        The brief and keyword settings (:func:`zhnews.analyze`).
    """

    model: Any
    model_info: Mapping[str, Any]
    max_sentences: int = 2
    max_chars: int | None = None
    top_k: int = 10


@dataclass(frozen=True, slots=True)
class Chunk:
    """One unit of work: a few dozen items and the settings to analyse them with."""

    settings: Settings
    tasks: tuple[Task, ...]


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """The records of a chunk's items, in item order, with the items they came from."""

    tasks: tuple[Task, ...]
    records: list[dict[str, Any]] = field(default_factory=list)


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _failure_record(failure: InputFailure) -> dict[str, Any]:
    from ..records import error_record

    return error_record(failure.error, source=failure.source, id=failure.id, title=failure.title, date=failure.date)


def _crash(source: str, exc: BaseException) -> str:
    return f"{source}: internal error ({type(exc).__name__}: {_one_line(exc)})"


def run_chunk(chunk: Chunk) -> list[dict[str, Any]]:
    """Analyse one chunk: read its items, tokenize each article once, classify them together.

    Runs in a worker (or in this process). Never raises for a bad input: an item that
    cannot be read, an empty article, even an article that makes a stage fail, is an
    error record in its place; the model is loaded once per process.

    Returns
    -------
    list of dict
        The records, in item order (a page's articles in page order).
    """
    from ..pipeline import model_tokenizer, resolve_model
    from ..records import error_record, ok_record

    s = chunk.settings
    model = resolve_model(s.model)
    tokenizer = model_tokenizer(model)

    split = partial(_split_page, tokenizer=tokenizer)
    slots: list[dict[str, Any] | int] = []
    articles: list[ArticleInput] = []
    docs: list[Document] = []
    for task in chunk.tasks:
        try:
            found = articles_of(task, split=split)
        except Exception as exc:  # a reader or splitter bug costs one record, not the run
            found = [InputFailure(task.key, _crash(task.key, exc), id=task.key)]
        for item in found:
            if isinstance(item, InputFailure):
                slots.append(_failure_record(item))
                continue
            try:
                doc = Document.from_text(item.text, title=item.title, tokenizer=tokenizer)
            except Exception as exc:
                slots.append(error_record(_crash(item.source, exc), source=item.source, id=item.id, title=item.title, date=item.date))
                continue
            slots.append(len(docs))
            docs.append(doc)
            articles.append(item)
    analyses: list[Any] = _analyze(docs, model, s)
    out = []
    for slot in slots:
        if isinstance(slot, dict):
            out.append(slot)
            continue
        item, analysis = articles[slot], analyses[slot]
        if isinstance(analysis, BaseException):
            out.append(error_record(_crash(item.source, analysis), source=item.source, id=item.id, title=item.title, date=item.date))
        else:
            out.append(ok_record(analysis, source=item.source, id=item.id, title=item.title, date=item.date, model=dict(s.model_info)))
    return out


def _split_page(text: str, *, tokenizer: Any) -> Any:
    """:func:`zhnews.split_page`, imported when a page comes (a run of articles never needs it)."""
    from ..pages import split_page

    return split_page(text, tokenizer=tokenizer)


def _analyze(docs: list[Document], model: Any, s: Settings) -> list[Any]:
    """Analyses of a chunk's Documents; if the chunk fails as a whole, one by one."""
    from ..pipeline import analyze_documents

    options = {"model": model, "max_sentences": s.max_sentences, "max_chars": s.max_chars, "top_k": s.top_k}
    try:
        return list(analyze_documents(docs, **options))
    except Exception:
        logger.debug("a chunk failed as a whole; analysing its %d articles one by one", len(docs), exc_info=True)
    results: list[Any] = []
    for doc in docs:
        try:
            results.append(analyze_documents([doc], **options)[0])
        except Exception as exc:
            results.append(exc)
    return results


def _chunks(tasks: Iterable[Task], settings: Settings, size: int) -> Iterator[Chunk]:
    it = iter(tasks)
    while True:
        batch = tuple(islice(it, size))
        if not batch:
            return
        yield Chunk(settings, batch)


@contextmanager
def _model_for_workers(model: ModelLike) -> Iterator[str | None]:
    """A model location worker processes can load: the shipped model, a folder, or a temporary save."""
    if model is None or isinstance(model, (str, os.PathLike)):
        yield None if model is None else os.path.abspath(os.fspath(model))
        return
    path = getattr(model, "path", None)  # a model read from a folder
    if path is not None:
        yield os.fspath(path)
        return
    from ..topics.persistence import save_model

    folder = tempfile.mkdtemp(prefix="zhnews-model-")
    try:
        save_model(model, folder, name="unsaved", version="0")
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _check(n_jobs: int | None, chunk_size: int, backend: str) -> int:
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(map(repr, BACKENDS))}, got {backend!r}")
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise ValueError(f"chunk_size must be a positive integer, got {chunk_size!r}")
    if n_jobs is None or n_jobs == -1:
        return default_jobs()
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, int) or n_jobs < 1:
        raise ValueError(f"n_jobs must be a positive integer, -1 or None (all cores), got {n_jobs!r}")
    return n_jobs


def analyze_chunks(
    tasks: Iterable[Task],
    *,
    n_jobs: int | None = 1,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    backend: str = "loky",
    model: ModelLike = None,
    max_sentences: int = 2,
    max_chars: int | None = None,
    top_k: int = 10,
    dask_client: Any = None,
) -> Iterator[ChunkResult]:
    """Like :func:`analyze_many` over work items, one :class:`ChunkResult` at a time.

    ``zhnews batch`` writes and reports progress per chunk; this is its view of the
    engine. Settings are checked and the model is loaded when this is called, before
    any item is read, so that a bad setting or model fails at once.
    """
    jobs = _check(n_jobs, chunk_size, backend)
    options = {"max_sentences": max_sentences, "max_chars": max_chars, "top_k": top_k}
    _check_options(**options)
    warming = None
    if backend == "loky" and jobs > 1 and (model is None or isinstance(model, (str, os.PathLike))):
        # Workers take seconds to start (imports, dictionary, model): start them now, so
        # that they load while this process loads the model to check it.
        warming = _warm_up(None if model is None else os.path.abspath(os.fspath(model)), jobs)
    from ..pipeline import resolve_model
    from ..records import model_info

    classifier = resolve_model(model)
    info = model_info(classifier)
    if backend == "dask":
        from .dask import connect

        client = connect(dask_client)  # fails now when the extra or the cluster is missing
        return _dask(tasks, classifier, info, options, chunk_size, client, owned=isinstance(dask_client, str))
    if jobs == 1:
        return _in_process(tasks, Settings(classifier, info, **options), chunk_size)
    return _loky(tasks, classifier, info, options, jobs, chunk_size, warming)


def _warm(model: str | None) -> int:
    """Load the model and the dictionary in a worker (a worker keeps them for every chunk)."""
    from ..pipeline import model_tokenizer, resolve_model

    model_tokenizer(resolve_model(model)).cut("预热")
    return os.getpid()


def _warm_up(model: str | None, jobs: int) -> Iterator[int]:
    from joblib import Parallel, delayed

    parallel = Parallel(n_jobs=jobs, backend="loky", return_as="generator", batch_size=1, pre_dispatch="2 * n_jobs")
    return parallel(delayed(_warm)(model) for _ in range(jobs))  # dispatched now, collected later


def _in_process(tasks: Iterable[Task], settings: Settings, chunk_size: int) -> Iterator[ChunkResult]:
    for chunk in _chunks(tasks, settings, chunk_size):
        yield ChunkResult(chunk.tasks, run_chunk(chunk))


def _dask(
    tasks: Iterable[Task], classifier: Any, info: Mapping[str, Any], options: dict[str, Any], chunk_size: int, client: Any, *, owned: bool
) -> Iterator[ChunkResult]:
    from .dask import map_chunks

    try:
        with _model_for_workers(classifier) as location:
            settings = Settings(location, info, **options)
            for chunk, records in map_chunks(client, run_chunk, _chunks(tasks, settings, chunk_size)):
                yield ChunkResult(chunk.tasks, records)
    finally:
        if owned:  # a client made here for an address is closed here
            client.close()


def _loky(
    tasks: Iterable[Task], classifier: Any, info: Mapping[str, Any], options: dict[str, Any], jobs: int, chunk_size: int,
    warming: Iterator[int] | None = None,
) -> Iterator[ChunkResult]:
    from joblib import Parallel, delayed

    if warming is not None:
        for _ in warming:
            pass
    with _model_for_workers(classifier) as location:
        settings = Settings(location, info, **options)
        in_flight: deque[Chunk] = deque()

        def dispatch() -> Iterator[Any]:
            for chunk in _chunks(tasks, settings, chunk_size):
                in_flight.append(chunk)
                yield delayed(run_chunk)(chunk)

        # Ordered and lazy: joblib keeps 2 * n_jobs chunks in flight and yields results
        # in dispatch order, so the k-th result belongs to the oldest chunk sent.
        parallel = Parallel(n_jobs=jobs, backend="loky", return_as="generator", batch_size=1, pre_dispatch="2 * n_jobs")
        for records in parallel(dispatch()):
            yield ChunkResult(in_flight.popleft().tasks, records)


def _check_options(*, max_sentences: int, max_chars: int | None, top_k: int) -> None:
    for name, value, optional in (("max_sentences", max_sentences, False), ("max_chars", max_chars, True), ("top_k", top_k, False)):
        if optional and value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a positive integer{' or None' if optional else ''}, got {value!r}")


def analyze_many(
    texts_or_records: Iterable[str | Mapping[str, Any] | Task],
    *,
    n_jobs: int | None = 1,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    backend: str = "loky",
    model: ModelLike = None,
    max_sentences: int = 2,
    max_chars: int | None = None,
    top_k: int = 10,
    dask_client: Any = None,
) -> Iterator[dict[str, Any]]:
    """Analyse many articles: one record per article, lazily, in input order.

    Parameters
    ----------
    texts_or_records : iterable
        Article bodies (``str``; no title is guessed), records (mappings with ``text``
        and optional ``title``, ``id``, ``date``, ``source``, as a JSONL line of
        ``zhnews batch``), or work items of :mod:`zhnews.batch.readers` (files and
        pages). Read lazily, a chunk at a time.
    n_jobs : int or None, default 1
        Worker processes; 1 runs in this process, None or -1 uses every core.
    chunk_size : int, default 128
        Items per chunk (classified together, sent to a worker together).
    backend : {"loky", "dask"}, default "loky"
        joblib's loky processes, or the Dask cluster of ``dask_client`` (or of the
        current default client): ``pip install 'zhnews[dask]'``. With Dask,
        ``n_jobs`` is the cluster's business.
    model : TopicClassifier, path or None
        The classifier; None is the shipped model. Workers load it once each.
    max_sentences, max_chars, top_k :
        The brief's size and the number of keywords (:func:`zhnews.analyze`).
    dask_client : distributed.Client or str, optional
        A client or a scheduler address, for ``backend="dask"``.

    Yields
    ------
    dict
        The record of each article (:mod:`zhnews.records`: ``source``, ``id``,
        ``title``, ``date``, ``labels``, ``probabilities``, ``brief``, ``keywords``,
        ``model``, ``status``, ``error``): ``status`` is ``"ok"``, or ``"error"`` with
        a one-line ``error`` for an input that yields no analysis. A str or mapping
        yields exactly one record; a page one per article on it.

    Raises
    ------
    ValueError
        For a bad setting (named), before any input is read.
    zhnews.ModelError
        For a model that cannot be loaded.
    zhnews.MissingExtraError
        For ``backend="dask"`` without the ``dask`` extra.

    Examples
    --------
    >>> records = zhnews.analyze_many(["派出所民警走进社区开展反诈宣传。", ""])  # doctest: +SKIP
    >>> [r["status"] for r in records]                                            # doctest: +SKIP
    ['ok', 'error']
    """
    tasks = (task_of(item, i) for i, item in enumerate(texts_or_records))
    results = analyze_chunks(
        tasks, n_jobs=n_jobs, chunk_size=chunk_size, backend=backend, model=model,
        max_sentences=max_sentences, max_chars=max_chars, top_k=top_k, dask_client=dask_client,
    )
    return (record for result in results for record in result.records)
