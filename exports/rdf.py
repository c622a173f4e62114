"""The graph as RDF: one rdflib Dataset with a named graph per document.

Each entity: ``rdf:type``, ``rdfs:label`` (canonical name), ``skos:altLabel``
(aliases), ``zhkg:mentionedIn``. Each edge: the triple itself plus one
``zhkg:Evidence`` per supporting sentence, a reified statement
(``rdf:subject/predicate/object``) with ``prov:wasDerivedFrom`` the document,
the sentence text, its offsets, the rule and the confidence. Evidence IRIs
are digests of content, so exports are byte-stable across builds.
"""
from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import networkx as nx
from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from zhkg.graph.build import GAZETTEER_DOC

from .atomic import atomic_write
from .vocab import EVIDENCE, GRAPH, ID, ZHKG, doc_iri, entity_iri, graph_iri

__all__ = ["to_dataset", "write_rdf", "FORMATS"]

#: file name -> rdflib format; N-Quads and TriG keep the named graphs.
FORMATS = {
    "graph.ttl": "turtle",
    "graph.nt": "nt",
    "graph.jsonld": "json-ld",
    "graph.nq": "nquads",
    "graph.trig": "trig",
}
_QUADS = {"nquads", "trig"}


def _bind(g: Graph | Dataset) -> None:
    g.bind("zhkg", ZHKG._NS)
    g.bind("id", ID)
    g.bind("skos", SKOS)
    g.bind("prov", PROV)


def _gazetteer_graph() -> URIRef:
    return GRAPH["gazetteer"]


def to_dataset(g: nx.MultiDiGraph, documents: dict[str, dict] | None = None) -> Dataset:
    """RDF of the graph: named graph per document, plus one for the gazetteer."""
    ds = Dataset()
    _bind(ds)
    graphs: dict[str, Graph] = {}

    def graph_of(doc: str) -> Graph:
        if doc not in graphs:
            iri = _gazetteer_graph() if doc == GAZETTEER_DOC else graph_iri(doc)
            graphs[doc] = ds.graph(iri)
        return graphs[doc]

    for doc, meta in sorted((documents or {}).items()):
        gr = graph_of(doc)
        d = doc_iri(doc)
        gr.add((d, RDF.type, ZHKG.Document))
        gr.add((d, RDFS.label, Literal(doc)))
        if meta.get("path"):
            gr.add((d, ZHKG.sourcePath, Literal(meta["path"])))
        if meta.get("sha256"):
            gr.add((d, ZHKG.sha256, Literal(meta["sha256"])))

    for node, data in sorted(g.nodes(data=True)):
        s = entity_iri(node)
        docs = data.get("documents") or [GAZETTEER_DOC]
        for doc in docs:
            gr = graph_of(doc)
            gr.add((s, RDF.type, ZHKG[data["type"]]))
            gr.add((s, RDFS.label, Literal(data["label"], lang="zh")))
            for a in data.get("aliases", []):
                gr.add((s, SKOS.altLabel, Literal(a, lang="zh")))
            if data.get("region_code"):
                gr.add((s, ZHKG.regionCode, Literal(data["region_code"])))
            if doc != GAZETTEER_DOC:
                gr.add((s, ZHKG.mentionedIn, doc_iri(doc)))
        for q in data.get("quantities", []):
            ev = q["evidence"]
            key = "\x1f".join([node, q["metric"], str(q["value"]), q["unit"], ev["doc"], str(ev["sentence"])])
            qi = EVIDENCE["q-" + hashlib.sha1(key.encode()).hexdigest()[:16]]
            gr = graph_of(ev["doc"])
            gr.add((s, ZHKG.quantity, qi))
            gr.add((qi, RDF.type, ZHKG.Quantity))
            gr.add((qi, ZHKG.metric, Literal(q["metric"])))
            gr.add((qi, ZHKG.value, Literal(Decimal(str(q["value"])), datatype=XSD.decimal)))
            gr.add((qi, ZHKG.unit, Literal(q["unit"])))
            if q.get("qualifier"):
                gr.add((qi, ZHKG.qualifier, Literal(q["qualifier"])))
            if q.get("year"):
                gr.add((qi, ZHKG.year, Literal(str(q["year"]), datatype=XSD.gYear)))
            gr.add((qi, ZHKG.sentence, Literal(ev["text"], lang="zh")))
            gr.add((qi, PROV.wasDerivedFrom, doc_iri(ev["doc"])))

    for u, v, rel, data in sorted(g.edges(keys=True, data=True)):
        s, p, o = entity_iri(u), ZHKG[rel], entity_iri(v)
        for ev in data["evidence"]:
            gr = graph_of(ev["doc"])
            gr.add((s, p, o))
            key = "\x1f".join([u, rel, v, ev["doc"], str(ev["sentence"]), ev["rule"]])
            ei = EVIDENCE[hashlib.sha1(key.encode()).hexdigest()[:20]]
            gr.add((ei, RDF.type, ZHKG.Evidence))
            gr.add((ei, RDF.subject, s))
            gr.add((ei, RDF.predicate, p))
            gr.add((ei, RDF.object, o))
            gr.add((ei, ZHKG.rule, Literal(ev["rule"])))
            gr.add((ei, ZHKG.confidence, Literal(Decimal(str(ev["confidence"])), datatype=XSD.decimal)))
            if ev["doc"] != GAZETTEER_DOC:
                gr.add((ei, PROV.wasDerivedFrom, doc_iri(ev["doc"])))
                gr.add((ei, ZHKG.sentence, Literal(ev["text"], lang="zh")))
                gr.add((ei, ZHKG.sentenceIndex, Literal(ev["sentence"])))
                gr.add((ei, ZHKG.startOffset, Literal(ev["start"])))
                gr.add((ei, ZHKG.endOffset, Literal(ev["end"])))
    return ds


def union_graph(ds: Dataset) -> Graph:
    """All triples of all named graphs in one graph."""
    g = Graph()
    _bind(g)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def write_rdf(ds: Dataset, out: Path) -> list[Path]:
    """Write every format of :data:`FORMATS` atomically into ``out``."""
    union = union_graph(ds)
    written = []
    for name, fmt in FORMATS.items():
        target = out / name
        data = (ds if fmt in _QUADS else union).serialize(format=fmt, encoding="utf-8")
        if fmt == "nquads" or fmt == "nt":
            data = b"".join(sorted(line + b"\n" for line in data.splitlines() if line.strip()))
        with atomic_write(target, "wb") as fh:
            fh.write(data)
        written.append(target)
    return written
