"""The streamed RDF writers (exports/rdf.py) and the chunked store load
(exports/sparql.py): the same bytes as rdflib's N-Quads/N-Triples
serialisers, every format parses back to the same quads, the store holds the
quads and their merge."""
from __future__ import annotations

from decimal import Decimal

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from zhkg.exports.rdf import FORMATS, iter_quads, write_rdf
from zhkg.exports.vocab import GAZETTEER_GRAPH, ZHKG, doc_iri, entity_iri, evidence_iri, graph_iri, quantity_iri
from zhkg.graph.build import GAZETTEER_DOC

# CJK, the punctuation of Chinese news, and every character N-Triples escapes
TEXT = st.text(st.sampled_from(list("合川区网络安全产业城重庆，。、“”") + ['"', "\\", "\n", "\r", "\t", " ", "a", "é"]),
               min_size=1, max_size=12)
DOC_ID = st.sampled_from(["d1", "2021/渝北 报道", "cnews.tsv#12", "x%y"])


def rdflib_dataset(g: nx.MultiDiGraph, documents: dict[str, dict]) -> Dataset:
    """The reference: the graph as rdflib terms, added one by one (the writer before streaming)."""
    ds = Dataset()
    graphs: dict[str, Graph] = {}

    def graph_of(doc: str) -> Graph:
        if doc not in graphs:
            graphs[doc] = ds.graph(GAZETTEER_GRAPH if doc == GAZETTEER_DOC else graph_iri(doc))
        return graphs[doc]

    def source(gr: Graph, node: URIRef, ev: dict) -> None:
        gr.add((node, ZHKG.rule, Literal(ev["rule"])))
        gr.add((node, ZHKG.confidence, Literal(Decimal(str(ev["confidence"])), datatype=XSD.decimal)))
        if ev["doc"] != GAZETTEER_DOC:
            for p, o in ((PROV.wasDerivedFrom, doc_iri(ev["doc"])), (ZHKG.sentence, Literal(ev["text"], lang="zh")),
                         (ZHKG.sentenceIndex, Literal(ev["sentence"])), (ZHKG.startOffset, Literal(ev["start"])),
                         (ZHKG.endOffset, Literal(ev["end"]))):
                gr.add((node, p, o))

    for doc, meta in documents.items():
        gr, d = graph_of(doc), doc_iri(doc)
        gr.add((d, RDF.type, ZHKG.Document))
        gr.add((d, RDFS.label, Literal(doc)))
        gr.add((d, ZHKG.sourcePath, Literal(meta["path"])))
        gr.add((d, ZHKG.sha256, Literal(meta["sha256"])))
    for node, data in g.nodes(data=True):
        s = entity_iri(node)
        docs = list(data["documents"]) or [GAZETTEER_DOC]
        if data["type"] == "AdminRegion" and data.get("region_code"):
            docs.append(GAZETTEER_DOC)
        for doc in docs:
            gr = graph_of(doc)
            gr.add((s, RDF.type, ZHKG[data["type"]]))
            gr.add((s, RDFS.label, Literal(data["label"], lang="zh")))
            for a in data["aliases"]:
                gr.add((s, SKOS.altLabel, Literal(a, lang="zh")))
            if data.get("region_code"):
                gr.add((s, ZHKG.regionCode, Literal(data["region_code"])))
            if doc != GAZETTEER_DOC:
                gr.add((s, ZHKG.mentionedIn, doc_iri(doc)))
        for q in data["quantities"]:
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
            source(gr, qi, ev)
    for u, v, rel, data in g.edges(keys=True, data=True):
        s, p, o = entity_iri(u), ZHKG[rel], entity_iri(v)
        for ev in data["evidence"]:
            gr = graph_of(ev["doc"])
            gr.add((s, p, o))
            ei = evidence_iri(u, rel, v, ev["doc"], ev["sentence"], ev["rule"])
            for t in ((ei, RDF.type, ZHKG.Evidence), (ei, RDF.subject, s), (ei, RDF.predicate, p), (ei, RDF.object, o)):
                gr.add(t)
            source(gr, ei, ev)
    return ds


def sorted_lines(data: bytes) -> bytes:
    return b"".join(sorted({line + b"\n" for line in data.splitlines() if line.strip()}))


@st.composite
def graphs(draw) -> tuple[nx.MultiDiGraph, dict[str, dict]]:
    g = nx.MultiDiGraph()
    docs = draw(st.lists(DOC_ID, min_size=1, max_size=3, unique=True))
    n = draw(st.integers(1, 4))
    for i in range(n):
        region = draw(st.booleans())
        g.add_node(f"region-50011{i}" if region else f"org-{i:016x}", type="AdminRegion" if region else "Company",
                   label=draw(TEXT), aliases=draw(st.lists(TEXT, max_size=2)),
                   documents=draw(st.lists(st.sampled_from(docs), max_size=2, unique=True)),
                   region_code=f"50011{i}" if region else None, quantities=[])
    nodes = list(g.nodes)
    for _ in range(draw(st.integers(0, 4))):
        ev = {"doc": draw(st.sampled_from(docs)), "sentence": draw(st.integers(0, 9)), "text": draw(TEXT),
              "start": draw(st.integers(0, 99)), "end": 100, "rule": draw(st.sampled_from(["located-verb", "crf"])),
              "confidence": draw(st.sampled_from([0.9, 1.0, 0.75, 1e-07]))}
        g.add_edge(draw(st.sampled_from(nodes)), draw(st.sampled_from(nodes)), key="locatedIn", evidence=[ev])
    if draw(st.booleans()):
        ev = {"doc": docs[0], "sentence": 1, "text": draw(TEXT), "start": 0, "end": 3, "rule": "quantity",
              "confidence": 0.8}
        g.nodes[nodes[0]]["quantities"].append({"metric": draw(TEXT), "value": draw(st.sampled_from([3, 2.5, 1e20])),
                                                "unit": "亿元", "year": draw(st.sampled_from([None, 2021])),
                                                "qualifier": draw(st.sampled_from([None, "约"])),
                                                "evidence": ev})
    return g, {d: {"path": f"/in/{d}.txt", "sha256": "ab" * 32} for d in docs}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(graphs())
def test_streamed_nquads_and_ntriples_are_rdflibs_bytes(tmp_path, gd):
    g, docs = gd
    ds = rdflib_dataset(g, docs)
    write_rdf(g, tmp_path, docs)
    assert (tmp_path / "graph.nq").read_bytes() == sorted_lines(ds.serialize(format="nquads", encoding="utf-8"))
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    assert (tmp_path / "graph.nt").read_bytes() == sorted_lines(union.serialize(format="nt", encoding="utf-8"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(graphs())
def test_every_streamed_format_parses_back_to_the_quads(tmp_path, gd):
    g, docs = gd
    write_rdf(g, tmp_path, docs)
    ref = Dataset()
    ref.parse(tmp_path / "graph.nq", format="nquads")
    quads = set(ref.quads((None, None, None, None)))
    triples = {q[:3] for q in quads}
    for name, fmt in FORMATS.items():
        if fmt in ("nquads", "trig"):
            ds = Dataset()
            ds.parse(tmp_path / name, format=fmt)
            assert set(ds.quads((None, None, None, None))) == quads, name
        else:
            assert set(Graph().parse(tmp_path / name, format=fmt)) == triples, name


def test_seed_exports_are_rdflibs_bytes(seed_build, seed_graph):
    """The seed build's N-Quads are what the rdflib writer made of the same graph."""
    out, _ = seed_build
    nq = (out / "graph.nq").read_bytes()
    union = Graph().parse(out / "graph.nt", format="nt")
    docs = {str(union.value(d, RDFS.label)): {"path": str(path), "sha256": str(union.value(d, ZHKG.sha256))}
            for d, _, path in union.triples((None, ZHKG.sourcePath, None))}
    assert docs
    ref = rdflib_dataset(seed_graph, docs)
    assert nq == sorted_lines(ref.serialize(format="nquads", encoding="utf-8"))


def test_iter_quads_refuses_an_invalid_iri():
    g = nx.MultiDiGraph()
    g.add_node("org-a b", type="Company", label="长安软件", aliases=[], documents=["d"], quantities=[])
    with pytest.raises(ValueError, match="org-a b"):
        list(iter_quads(g))


def test_store_loaded_in_chunks_holds_the_quads_and_their_merge(seed_build, tmp_path, monkeypatch):
    import pyoxigraph as ox

    from zhkg.exports import sparql

    out, _ = seed_build
    monkeypatch.setattr(sparql, "LOAD_CHUNK_LINES", 97)
    sparql.build_store(out / "graph.nq", tmp_path, out / "graph.nt")
    store = ox.Store.read_only(str(tmp_path / "store"))
    ref = ox.Store()  # one load of the whole file; the store's own term forms (1.0 is 1 as xsd:decimal)
    ref.bulk_load(path=str(out / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    named = {q for q in ref if q.graph_name != ox.DefaultGraph()}
    assert len(named) == len((out / "graph.nq").read_bytes().splitlines()) > 97 * 3
    merged = {ox.Quad(q.subject, q.predicate, q.object) for q in named}
    assert set(store) == named | merged
    assert len(merged) == len((out / "graph.nt").read_bytes().splitlines())
