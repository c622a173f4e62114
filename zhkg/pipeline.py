"""The pipeline: folder of texts -> graph -> RDF, SPARQL store, HTML.

``build`` is the Python face of ``zhkg build``; ``load_graph`` reads a built
graph back for exploration in a notebook.
"""
from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from zhkg.extract.documents import iter_input_files, read_document
from zhkg.extract.errors import InputError
from zhkg.extract.pipeline import Extractor
from zhkg.extract.records import DocumentResult
from zhkg.graph.build import build_graph

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

    def as_dict(self) -> dict:
        return {
            "documents": self.documents,
            "sentences": self.sentences,
            "characters": self.characters,
            "entities": dict(sorted(self.entities.items())),
            "relations": dict(sorted(self.relations.items())),
            "errors": list(self.errors),
        }


def build(source: str | Path, out: str | Path, *, progress: Progress | None = None,
          html: bool = True, store: bool = True) -> BuildReport:
    """Build the graph of every ``*.txt`` under ``source`` into ``out``.

    A document that cannot be read or extracted is recorded in
    ``report.errors`` and ``out/errors.jsonl``; the others still build.

    Raises
    ------
    InputError
        ``source`` does not exist.
    """
    from zhkg.exports.atomic import atomic_write, atomic_write_text
    from zhkg.exports.html import write_html
    from zhkg.exports.rdf import to_dataset, write_rdf
    from zhkg.exports.sparql import build_store

    t0 = time.perf_counter()
    src, dest = Path(source), Path(out)
    root = src if src.is_dir() else src.parent
    files = list(iter_input_files(src))
    report = BuildReport()
    extractor = Extractor()
    results: list[DocumentResult] = []
    error_rows: list[dict] = []
    for i, path in enumerate(files):
        try:
            doc = read_document(path, root)
            results.append(extractor.extract(doc))
            report.sentences += results[-1].n_sentences
            report.characters += results[-1].n_chars
        except InputError as exc:
            report.errors.append(str(exc))
            error_rows.append({"path": str(path), "error": str(exc)})
        except Exception as exc:  # noqa: BLE001 - one bad document never loses the rest
            msg = f"{path}: extraction failed: {type(exc).__name__}: {' '.join(str(exc).split())}"
            report.errors.append(msg)
            error_rows.append({"path": str(path), "error": msg})
        if progress is not None:
            progress(i + 1, len(files), str(path))
    report.documents = len(results)
    g = build_graph(results, extractor.gazetteer)
    for _, data in g.nodes(data=True):
        report.entities[data["type"]] += 1
    for _, _, rel in g.edges(keys=True):
        report.relations[rel] += 1

    dest.mkdir(parents=True, exist_ok=True)
    docs = {r.doc_id: {"path": r.path, "sha256": r.sha256} for r in results}
    report.outputs += [str(p) for p in write_rdf(to_dataset(g, docs), dest)]
    data = nx.node_link_data(g, edges="edges")
    atomic_write_text(dest / "graph.json", json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1))
    report.outputs.append(str(dest / "graph.json"))
    if html:
        report.outputs.append(str(write_html(g, dest / "graph.html", title=f"zhkg: {src.name}")))
    with atomic_write(dest / "errors.jsonl") as fh:
        for row in error_rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    report.outputs.append(str(dest / "errors.jsonl"))
    if store:
        report.outputs.append(str(build_store(dest / "graph.nq", dest)))
    report.seconds = time.perf_counter() - t0
    atomic_write_text(dest / "summary.json", json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
    report.outputs.append(str(dest / "summary.json"))
    return report


def load_graph(out: str | Path) -> nx.MultiDiGraph:
    """The graph of a build, read back from ``out/graph.json``."""
    path = Path(out) / "graph.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(str(path), "no graph here (run `zhkg build DIR --out OUT` first)") from exc
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
