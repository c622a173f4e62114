"""The pipeline: folder of texts -> graph -> RDF, SPARQL store, HTML.

``build`` is the Python face of ``zhkg build``; ``load_graph`` reads a built
graph back for exploration in a notebook.

Documents stream from :mod:`zhkg.sources` past the cache (:mod:`zhkg.cache`)
to an engine (:mod:`zhkg.engines`: this process, a process pool or Dask);
results are merged into one graph in one pass, exported into a fresh folder
and published all at once (:mod:`zhkg.publish`).
"""
from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from zhkg.extract.errors import InputError
from zhkg.extract.records import Document, DocumentResult
from zhkg.graph.build import build_graph
from zhkg.graph.overrides import parse_overrides
from zhkg.graph.resolve import IdRegistry, resolve_entities

from .cache import ResultCache, cache_key
from .engines import default_jobs, get_engine
from .publish import STATE_DIR, build_lock, new_build_dir, publish
from .sources import Limits, count_sources, iter_sources

__all__ = ["build", "load_graph", "BuildReport", "OUTPUT_FILES"]

OUTPUT_FILES = ("graph.ttl", "graph.nt", "graph.jsonld", "graph.nq", "graph.trig", "graph.json",
                "graph.html", "summary.json", "errors.jsonl")

Progress = Callable[[int, int, str], None]


@dataclass
class BuildReport:
    """What a build did: counts, failures and the files it wrote."""

    documents: int = 0
    sentences: int = 0
    characters: int = 0
    entities: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    outputs: list[str] = field(default_factory=list)
    extracted: int = 0
    cached: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "documents": self.documents,
            "sentences": self.sentences,
            "characters": self.characters,
            "entities": dict(sorted(self.entities.items())),
            "relations": dict(sorted(self.relations.items())),
            "errors": list(self.errors),
        }


def _prefetch_merge_resources(html: bool) -> None:
    """Load the gazetteer, the dictionary POS table of entity resolution
    (``segment.word_tags``: 0.4 s) and the HTML view's library (pyvis imports
    IPython: 0.4 s). Best effort: the merge loads whatever this did not; but
    the names are imported outside the guard, so renaming one fails loudly
    instead of silently prefetching nothing."""
    from zhkg.extract.gazetteer import load_gazetteer
    from zhkg.extract.segment import word_tags

    try:
        load_gazetteer()
        word_tags()
        if html:
            import pyvis.network  # noqa: F401
    except Exception:  # noqa: BLE001 - a warm-up only
        pass


_FORKED_HTML: tuple | None = None  # (graph, path, title) a forked child writes


def _write_forked_html() -> str:
    from zhkg.exports.html import write_html

    assert _FORKED_HTML is not None
    g, path, title = _FORKED_HTML
    return write_html(g, path, title=title).name


def _fork_html(g: nx.MultiDiGraph, path: Path, title: str) -> Callable[[], str] | None:
    """Start writing ``path`` in a forked child; return a function that waits
    for it and gives the file's name (it raises what the child raised).
    ``None`` where this platform cannot fork."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _FORKED_HTML
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    _FORKED_HTML = (g, path, title)
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
    try:
        future = pool.submit(_write_forked_html)  # the child is forked here, holding the graph
    finally:
        _FORKED_HTML = None
        pool.shutdown(wait=False)

    def wait() -> str:
        return future.result()

    return wait


def extractor_version(use_model: bool) -> str:
    """Cache version of the extractor: results with and without the model differ."""
    from zhkg.extract.pipeline import extractor_fingerprint

    version = extractor_fingerprint()
    return version if use_model else f"{version}-rules"


def build(source: str | Path, out: str | Path, *, progress: Progress | None = None,
          html: bool = True, store: bool = True, jobs: int | None = None, force: bool = False,
          engine: str = "local", scheduler: object = None, tsv_column: int | None = None,
          limits: Limits = Limits(), overrides: str | Path | None = None,
          use_model: bool = True) -> BuildReport:
    """Build the graph of every ``*.txt`` under ``source`` into ``out``.

    Documents are extracted in parallel (``jobs`` processes, or a Dask
    cluster with ``engine="dask"``); each result is cached in
    ``out/.zhkg/cache`` under the document's id, content hash and the
    extractor version, so a rebuild extracts only new and changed documents
    and a killed build resumes where it stopped. All outputs are published
    at once (see :mod:`zhkg.publish`).

    A document that cannot be read or extracted is recorded in
    ``report.errors`` and ``out/errors.jsonl``; the others still build.

    Parameters
    ----------
    source
        Folder of ``*.txt`` files (recursive), one file, or with
        ``tsv_column`` a TSV corpus (or a folder of ``*.tsv``) with one
        document per line.
    out
        Output folder (created if missing).
    progress
        Called with ``(done, total, document)`` after each document.
    html, store
        Write ``graph.html``; build the SPARQL store.
    jobs
        Worker processes (default: the cores of this machine).
    force
        Ignore the cache: extract every document again.
    engine
        ``"local"`` or ``"dask"`` (see :data:`zhkg.engines.ENGINES`).
    scheduler
        Dask scheduler address (``tcp://host:8786``) or client; ``None``
        starts a local cluster of ``jobs`` workers.
    tsv_column
        Read TSV corpora, the text in this 1-based column; documents are
        named ``<file>#<line>``.
    limits
        Size limits of one document (larger ones are errors).
    use_model
        Run the CRF name tagger beside the rules (default). Without it
        extraction is about twice as fast and finds fewer names (see README).
    overrides
        A CSV of forced merges, forbidden merges and type fixes (see
        :mod:`zhkg.graph.overrides`); default ``out/overrides.csv`` when it
        exists.

    Raises
    ------
    InputError
        ``source`` does not exist, ``out`` is a file or cannot be created,
        or another build is writing ``out``.
    ValueError
        Unknown ``engine``, ``jobs`` < 1 or ``tsv_column`` < 1.
    """
    from zhkg.exports.atomic import atomic_write, atomic_write_text
    from zhkg.exports.html import write_html
    from zhkg.exports.rdf import write_rdf
    from zhkg.exports.sparql import build_store
    from zhkg.extract.gazetteer import load_gazetteer

    run = get_engine(engine)
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise ValueError(f"jobs must be 1 or more: {jobs!r}")
    if tsv_column is not None and tsv_column < 1:
        raise ValueError(f"tsv_column must be 1 or more: {tsv_column!r}")
    t0 = time.perf_counter()
    src, dest = Path(source), Path(out)
    if not src.exists():
        raise InputError(str(src), "no such file or directory")
    if dest.exists() and not dest.is_dir():
        raise InputError(str(dest), "the output folder is a file")
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(str(dest), f"cannot create the output folder: {exc.strerror or exc}") from exc
    with build_lock(dest):
        report = BuildReport()
        version = extractor_version(use_model)
        cache = ResultCache(dest / STATE_DIR / "cache", version)
        total = count_sources(src, tsv_column=tsv_column, exclude=dest) if progress is not None else 0
        results: dict[str, DocumentResult] = {}
        error_rows: list[dict] = []
        pending: dict[str, Document] = {}
        keep: set[str] = set()
        seen: dict[str, str] = {}
        done = 0

        def tick(what: str) -> None:
            nonlocal done
            done += 1
            if progress is not None:
                progress(done, max(total, done), what)

        def fail(path: str, message: str) -> None:
            error_rows.append({"path": path, "error": message})
            tick(path)

        def to_extract() -> Iterator[Document]:
            for entry in iter_sources(src, tsv_column=tsv_column, exclude=dest, limits=limits):
                if isinstance(entry, InputError):
                    fail(entry.path, str(entry))
                    continue
                if entry.id in seen:
                    fail(entry.path, str(InputError(entry.path, f"duplicate document id {entry.id!r} "
                                                                f"(also {seen[entry.id]}; skipped)")))
                    continue
                seen[entry.id] = entry.path
                keep.add(cache_key(entry, version))
                hit = None if force else cache.get(entry)
                if hit is not None:
                    results[entry.id] = hit
                    tick(entry.path)
                else:
                    pending[entry.id] = entry
                    yield entry

        t1 = time.perf_counter()
        # when the extraction runs in other processes, this one loads what the
        # merge and the exports need meanwhile (it would only wait otherwise);
        # started on the first result, once the pool has forked its workers:
        # a fork while a thread imports would copy a held lock into a child
        prefetch = jobs > 1 or engine != "local"
        prefetching: threading.Thread | None = None
        for doc_id, outcome in run(to_extract(), jobs=jobs, scheduler=scheduler, use_model=use_model):
            if prefetch:
                prefetch = False
                prefetching = threading.Thread(target=_prefetch_merge_resources, args=(html,), daemon=True)
                prefetching.start()
            doc = pending.pop(doc_id)
            if isinstance(outcome, DocumentResult):
                cache.put(doc, outcome)
                results[doc_id] = outcome
                report.extracted += 1
                tick(doc.path)
            else:
                fail(doc.path, outcome)
        report.cached = cache.hits
        report.timings["extract"] = time.perf_counter() - t1

        t1 = time.perf_counter()
        ordered = [results[k] for k in sorted(results)]
        del results
        for r in ordered:
            report.sentences += r.n_sentences
            report.characters += r.n_chars
        report.documents = len(ordered)
        error_rows.sort(key=lambda row: (row["path"], row["error"]))
        report.errors = [row["error"] for row in error_rows]
        gaz = load_gazetteer()
        overrides_path = Path(overrides) if overrides is not None else dest / "overrides.csv"
        ov = None
        if overrides_path.exists():
            ov = parse_overrides(overrides_path.read_text(encoding="utf-8"), str(overrides_path))
        elif overrides is not None:
            raise InputError(str(overrides_path), "no such overrides file")
        registry_path = dest / STATE_DIR / "ids.tsv"
        registry = IdRegistry.from_tsv(registry_path.read_text(encoding="utf-8")) if registry_path.exists() else None
        resolution = resolve_entities(ordered, gaz, overrides=ov, registry=registry)
        g = build_graph(ordered, gaz, resolution)
        for _, data in g.nodes(data=True):
            report.entities[data["type"]] += 1
        for _, _, rel in g.edges(keys=True):
            report.relations[rel] += 1
        docs = {r.doc_id: {"path": r.path, "sha256": r.sha256} for r in ordered}
        # free what the exports do not need: the results, and the resolution
        # (one entry per mention) but for the registry of ids
        new_registry = resolution.registry
        del ordered, resolution
        report.timings["graph"] = time.perf_counter() - t1

        # Exports stream from the graph: no rdflib Dataset, no graph.json as
        # one string. The graph is dropped before the store is loaded, which
        # reads the files just written (see exports/rdf.py, exports/sparql.py).
        t1 = time.perf_counter()
        stage = new_build_dir(dest)
        # with more than one job the HTML view is written by a forked child
        # meanwhile (it reads the same graph, copy-on-write): the exports after
        # the extraction are the part of a build that does not scale with jobs
        if prefetching is not None:
            prefetching.join()  # a fork while it imports would copy the held import lock into the child
        html_job = _fork_html(g, stage / "graph.html", f"zhkg: {src.name}") if html and jobs > 1 \
            and engine == "local" else None
        names = [p.name for p in write_rdf(g, stage, docs)]
        del docs
        with atomic_write(stage / "graph.json") as fh:
            json.dump(nx.node_link_data(g, edges="edges"), fh, ensure_ascii=False, sort_keys=True, indent=1)
        names.append("graph.json")
        with atomic_write(stage / "errors.jsonl") as fh:
            for row in error_rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        names.append("errors.jsonl")
        report.timings["export"] = time.perf_counter() - t1
        if html and html_job is None:
            t1 = time.perf_counter()
            names.append(write_html(g, stage / "graph.html", title=f"zhkg: {src.name}").name)
            report.timings["html"] = time.perf_counter() - t1
        del g
        if store:
            t1 = time.perf_counter()
            names.append(build_store(stage / "graph.nq", stage, stage / "graph.nt").name)
            report.timings["store"] = time.perf_counter() - t1
        if html_job is not None:
            t1 = time.perf_counter()
            names.append(html_job())
            report.timings["html"] = time.perf_counter() - t1  # the wait for the child
        report.seconds = time.perf_counter() - t0
        atomic_write_text(stage / "summary.json", json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
        names.append("summary.json")
        report.outputs = [str(p) for p in publish(dest, stage, names)]
        # entity ids of this build: the next one keeps them (issue 6: adding
        # documents never renames an entity)
        atomic_write_text(registry_path, new_registry.to_tsv())
        cache.prune(keep)
    return report


def load_graph(out: str | Path) -> nx.MultiDiGraph:
    """The graph of a build, read back from ``out/graph.json``."""
    path = Path(out) / "graph.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(str(path), "no graph here (run `zhkg build DIR --out OUT` first)") from exc
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
