"""Where extraction runs: this process, a local process pool, or a Dask cluster.

An engine takes an iterable of :class:`~zhkg.extract.records.Document` and
yields ``(doc_id, outcome)`` pairs as documents finish, in any order, where
``outcome`` is the :class:`~zhkg.extract.records.DocumentResult` or a one-line
error message. Each worker builds one :class:`~zhkg.extract.pipeline.Extractor`
(jieba dictionary, gazetteer, models) on its first document and reuses it.
Documents are sent in batches and only a few batches per worker are in
flight, so memory stays bounded however long the input is.

Engines are looked up by name in :data:`ENGINES` (see :func:`get_engine`).
"""
from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice

from zhkg.extract.records import Document, DocumentResult

__all__ = ["ENGINES", "get_engine", "extract_batch", "default_jobs", "Outcome"]

Outcome = tuple[str, DocumentResult | str]

_EXTRACTORS: dict[bool, object] = {}  # this process's Extractor per setting, built on first use


def default_jobs() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _extractor(use_model: bool = True):  # noqa: ANN202 - Extractor, imported lazily
    x = _EXTRACTORS.get(use_model)
    if x is None:
        from zhkg.extract.pipeline import Extractor

        x = _EXTRACTORS[use_model] = Extractor(use_model=use_model)
    return x


#: allocations between young-generation collections while extracting (CPython's default: 700)
GC_YOUNG_THRESHOLD = 100_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect cyclic garbage less often while extracting, then as before.

    Extraction makes millions of short-lived tuples and strings and almost no
    cycles; at CPython's default threshold the collector ran every 700
    allocations and traversed the live jieba dictionary and model each time
    it reached the older generations: about a tenth of extraction time
    (``tests/bench/bench_build.py``).
    """
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], GC_YOUNG_THRESHOLD), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def extract_batch(docs: list[Document], use_model: bool = True) -> list[Outcome]:
    """Extract each document with this process's extractor; never raises for one document.

    An exception inside the extractor becomes the message
    ``path: extraction failed: Type: what`` so one bad document never loses
    the others.
    """
    x = _extractor(use_model)
    out: list[Outcome] = []
    with fewer_collections():
        for doc in docs:
            try:
                out.append((doc.id, x.extract(doc)))
            except Exception as exc:  # noqa: BLE001 - recorded per document, the build goes on
                out.append((doc.id, f"{doc.path}: extraction failed: {type(exc).__name__}: "
                                    f"{' '.join(str(exc).split())}"))
    return out


def _batches(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(docs)
    while batch := list(islice(it, size)):
        yield batch


def run_local(docs: Iterable[Document], *, jobs: int = 1, batch: int = 8, use_model: bool = True,
              **_: object) -> Iterator[Outcome]:
    """Extract on this machine: in this process for ``jobs=1``, else a process pool."""
    if jobs <= 1:
        for b in _batches(docs, 1):
            yield from extract_batch(b, use_model)
        return
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        in_flight = set()
        for b in _batches(docs, batch):
            in_flight.add(pool.submit(extract_batch, b, use_model))
            if len(in_flight) >= 3 * jobs:
                done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
                for f in done:
                    yield from f.result()
        while in_flight:
            done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
            for f in done:
                yield from f.result()


def run_dask(docs: Iterable[Document], *, scheduler: object = None, jobs: int = 1, batch: int = 16,
             window: int = 20_000, use_model: bool = True, **_: object) -> Iterator[Outcome]:
    """Extract on a Dask distributed cluster: documents as a bag, results gathered here.

    Parameters
    ----------
    scheduler
        Address of a running scheduler (``tcp://host:8786``), a
        ``distributed.Client``, or ``None`` for a throwaway
        ``LocalCluster`` of ``jobs`` worker processes.
    batch
        Documents per bag partition (one task).
    window
        Documents sent per bag: the next bag is made when one is gathered,
        so the client never holds more than this many texts.

    Every worker needs zhkg installed (the same version as here).
    """
    try:
        import dask.bag as db
        from distributed import Client, LocalCluster, as_completed
    except ImportError as exc:  # pragma: no cover - depends on the extra
        raise ImportError("the dask engine needs dask.distributed: pip install 'zhkg[dask]'") from exc

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    elif isinstance(scheduler, str):
        client = Client(scheduler)
    else:
        client = scheduler
    try:
        for chunk in _batches(docs, window):
            bag = db.from_sequence(chunk, partition_size=batch).map_partitions(extract_batch, use_model)
            futures = client.compute(bag.to_delayed())
            del chunk
            for fut in as_completed(futures):
                yield from fut.result()
                fut.release()
    finally:
        if client is not scheduler:
            client.close()
        if cluster is not None:
            cluster.close()


#: Engine name -> function(docs, **options) yielding ``(doc_id, outcome)``.
ENGINES: dict[str, Callable[..., Iterator[Outcome]]] = {"local": run_local, "dask": run_dask}


def get_engine(name: str) -> Callable[..., Iterator[Outcome]]:
    """The engine registered as ``name``.

    Raises
    ------
    ValueError
        ``name`` is not in :data:`ENGINES`.

    Examples
    --------
    >>> get_engine("local").__name__
    'run_local'
    >>> get_engine("spark")
    Traceback (most recent call last):
    ...
    ValueError: unknown engine: 'spark' (expected one of: dask, local)
    """
    try:
        return ENGINES[name]
    except KeyError:
        raise ValueError(f"unknown engine: {name!r} (expected one of: {', '.join(sorted(ENGINES))})") from None
