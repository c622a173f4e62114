"""The graph as RDF: one rdflib Dataset with a named graph per document.

Named graphs: ``https://w3id.org/zhkg/graph/<doc id>`` holds everything one
document says (its entities with type, label, aliases and ``mentionedIn``;
its edges and their evidence; its quantities), and
``https://w3id.org/zhkg/graph/gazetteer`` the region hierarchy (every coded
region with its type, label and code, and the ``partOf`` edges). Each named
graph stands alone: every IRI it uses as a subject or object of a relation is
typed in the same graph, so a store can replace one document's graph when the
document is rebuilt.

Provenance is RDF reification plus PROV-O: each edge is asserted as a plain
triple, and each sentence that supports it is a ``zhkg:Evidence``, a
``rdf:Statement`` whose ``rdf:subject/predicate/object`` are the edge, with
``prov:wasDerivedFrom`` the document, ``zhkg:sentence`` (text),
``zhkg:sentenceIndex``, ``zhkg:startOffset``/``zhkg:endOffset`` (characters
of the original file, half-open), ``zhkg:rule`` and ``zhkg:confidence``.
Reification is read by every RDF 1.1 tool; RDF-star triple terms are not
(rdflib 7 does not parse them). The evidence sentence of an edge::

    SELECT ?sentence ?doc ?start ?end ?rule ?confidence WHERE {
      ?x rdfs:label "合川网络安全产业城"@zh . ?y rdfs:label "合川区"@zh .
      ?e rdf:subject ?x ; rdf:predicate zhkg:locatedIn ; rdf:object ?y ;
         zhkg:sentence ?sentence ; prov:wasDerivedFrom ?doc ;
         zhkg:startOffset ?start ; zhkg:endOffset ?end ;
         zhkg:rule ?rule ; zhkg:confidence ?confidence .
    }

IRIs are digests of content (see :mod:`zhkg.exports.vocab`), so exports are
byte-stable across builds.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import networkx as nx
from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from zhkg.extract.schema import EntityType
from zhkg.graph.build import GAZETTEER_DOC

from .atomic import atomic_write
from .vocab import (
    GAZETTEER_GRAPH,
    PREFIXES,
    ZHKG,
    doc_iri,
    entity_iri,
    evidence_iri,
    graph_iri,
    quantity_iri,
)

__all__ = ["to_dataset", "union_graph", "write_rdf", "FORMATS"]

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
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, replace=True)


def _add_node(gr: Graph, s: URIRef, data: dict, doc: str) -> None:
    gr.add((s, RDF.type, ZHKG[data["type"]]))
    gr.add((s, RDFS.label, Literal(data["label"], lang="zh")))
    for a in data.get("aliases", []):
        gr.add((s, SKOS.altLabel, Literal(a, lang="zh")))
    if data.get("region_code"):
        gr.add((s, ZHKG.regionCode, Literal(data["region_code"])))
    if doc != GAZETTEER_DOC:
        gr.add((s, ZHKG.mentionedIn, doc_iri(doc)))


def _add_source(gr: Graph, node: URIRef, ev: dict) -> None:
    """Where ``node`` (evidence or quantity) comes from: rule, confidence, document, sentence."""
    gr.add((node, ZHKG.rule, Literal(ev["rule"])))
    gr.add((node, ZHKG.confidence, Literal(Decimal(str(ev["confidence"])), datatype=XSD.decimal)))
    if ev["doc"] != GAZETTEER_DOC:
        gr.add((node, PROV.wasDerivedFrom, doc_iri(ev["doc"])))
        gr.add((node, ZHKG.sentence, Literal(ev["text"], lang="zh")))
        gr.add((node, ZHKG.sentenceIndex, Literal(ev["sentence"])))
        gr.add((node, ZHKG.startOffset, Literal(ev["start"])))
        gr.add((node, ZHKG.endOffset, Literal(ev["end"])))


def to_dataset(g: nx.MultiDiGraph, documents: dict[str, dict] | None = None) -> Dataset:
    """RDF of the graph: a named graph per document, plus one for the gazetteer.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        The graph of :func:`zhkg.graph.build.build_graph`.
    documents : dict, optional
        ``doc id -> {"path": ..., "sha256": ...}``: each becomes a ``zhkg:Document``.

    Returns
    -------
    rdflib.Dataset

    Examples
    --------
    >>> from zhkg.extract.pipeline import Extractor
    >>> from zhkg.extract.records import Document
    >>> from zhkg.graph.build import build_graph
    >>> x = Extractor()
    >>> r = x.extract(Document("d", "d.txt", "8月27日，长安软件科技公司正式入驻仙桃数据谷。", "utf-8", ""))
    >>> ds = to_dataset(build_graph([r], x.gazetteer))
    >>> q = 'SELECT ?s WHERE { ?e rdf:predicate zhkg:settledIn ; zhkg:sentence ?s }'
    >>> [str(row.s) for row in union_graph(ds).query(q)]
    ['8月27日，长安软件科技公司正式入驻仙桃数据谷。']
    """
    ds = Dataset()
    _bind(ds)
    graphs: dict[str, Graph] = {}

    def graph_of(doc: str) -> Graph:
        if doc not in graphs:
            graphs[doc] = ds.graph(GAZETTEER_GRAPH if doc == GAZETTEER_DOC else graph_iri(doc))
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
        docs = list(data.get("documents") or [])
        if not docs or (data["type"] == EntityType.AdminRegion and data.get("region_code")):
            docs.append(GAZETTEER_DOC)  # the gazetteer graph types every region it links
        for doc in docs:
            _add_node(graph_of(doc), s, data, doc)
        for q in data.get("quantities", []):
            ev = q["evidence"]
            qi = quantity_iri(node, q["metric"], q["value"], q["unit"], ev["doc"], ev["sentence"])
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
            _add_source(gr, qi, ev)

    for u, v, rel, data in sorted(g.edges(keys=True, data=True)):
        s, p, o = entity_iri(u), ZHKG[rel], entity_iri(v)
        for ev in data["evidence"]:
            gr = graph_of(ev["doc"])
            gr.add((s, p, o))
            ei = evidence_iri(u, rel, v, ev["doc"], ev["sentence"], ev["rule"])
            gr.add((ei, RDF.type, ZHKG.Evidence))
            gr.add((ei, RDF.subject, s))
            gr.add((ei, RDF.predicate, p))
            gr.add((ei, RDF.object, o))
            _add_source(gr, ei, ev)
    return ds


def union_graph(ds: Dataset) -> Graph:
    """All triples of all named graphs in one graph."""
    g = Graph()
    _bind(g)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def write_rdf(ds: Dataset, out: Path) -> list[Path]:
    """Write every format of :data:`FORMATS` atomically into ``out``.

    N-Triples and N-Quads are sorted line by line (byte-stable); JSON-LD is
    compacted with the :data:`~zhkg.exports.vocab.PREFIXES` as its context.
    """
    union = union_graph(ds)
    written = []
    for name, fmt in FORMATS.items():
        target = out / name
        source = ds if fmt in _QUADS else union
        if fmt == "json-ld":
            data = source.serialize(format=fmt, encoding="utf-8", context=dict(PREFIXES), auto_compact=True)
        else:
            data = source.serialize(format=fmt, encoding="utf-8")
        if fmt == "nquads" or fmt == "nt":
            data = b"".join(sorted(line + b"\n" for line in data.splitlines() if line.strip()))
        with atomic_write(target, "wb") as fh:
            fh.write(data)
        written.append(target)
    return written
