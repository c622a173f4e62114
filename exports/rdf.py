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

Every format is written by streaming, without an rdflib graph: :func:`iter_quads`
yields each quad as N-Triples terms straight from the networkx graph, the
quads are sorted once, and one pass over them writes N-Quads and N-Triples
(sorted unique lines, byte for byte what rdflib's ``nquads``/``nt``
serialisers give once sorted), Turtle and JSON-LD (grouped by subject); a
second sort by graph writes TriG. rdflib took 7.8 s of a 1,000-document
build's 8.7 s of RDF output (23,558 quads; ``tests/bench/bench_build.py``)
and held a second copy of the graph; the streamed writers need the quads
(tuples of shared strings) and nothing else. :func:`to_dataset` parses the
same quads into an rdflib Dataset for callers that want one.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import IO

import networkx as nx
from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal
from rdflib.namespace import PROV, SKOS
from rdflib.plugins.serializers.nt import _quoteLiteral

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

__all__ = ["to_dataset", "union_graph", "iter_quads", "write_rdf", "FORMATS"]

#: file name -> rdflib format (to read the file back); N-Quads and TriG keep the named graphs.
FORMATS = {
    "graph.ttl": "turtle",
    "graph.nt": "nt",
    "graph.jsonld": "json-ld",
    "graph.nq": "nquads",
    "graph.trig": "trig",
}

#: A quad as N-Triples terms: subject, predicate, object, graph name.
Quad = tuple[str, str, str, str]

_INVALID_IRI = re.compile(r'[<>" {}|\\^`]')


def _iri(iri: str) -> str:
    """``<iri>``, as rdflib's ``URIRef.n3`` writes it (and refuses what it refuses)."""
    if _INVALID_IRI.search(iri):
        raise ValueError(f"not a valid IRI, cannot write it: {iri!r}")
    return f"<{iri}>"


def _string(text: str, lang: str | None = None) -> str:
    """A string literal escaped as rdflib's N-Triples serialiser does."""
    if type(text) is not str:  # noqa: E721 - a str subclass or another type: let rdflib decide
        return _quoteLiteral(Literal(text, lang=lang))
    quoted = '"' + text.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r") + '"'
    return f"{quoted}@{lang}" if lang else quoted


_INTEGER = f"^^<{XSD.integer}>"


def _integer(n: int) -> str:
    if type(n) is int:  # noqa: E721 - bool is an int but an xsd:boolean
        return f'"{n}"{_INTEGER}'
    return _quoteLiteral(Literal(n))


@lru_cache(maxsize=4096)
def _decimal(text: str) -> str:
    """``xsd:decimal`` of ``str(number)``, through rdflib (its lexical form, e.g. ``1e-07`` -> ``0.0000001``)."""
    return _quoteLiteral(Literal(Decimal(text), datatype=XSD.decimal))


@lru_cache(maxsize=1024)
def _year(text: str) -> str:
    return _quoteLiteral(Literal(text, datatype=XSD.gYear))


_TYPE, _LABEL, _ALT = _iri(RDF.type), _iri(RDFS.label), _iri(SKOS.altLabel)
_SUBJECT, _PREDICATE, _OBJECT = _iri(RDF.subject), _iri(RDF.predicate), _iri(RDF.object)
_DERIVED = _iri(PROV.wasDerivedFrom)
_Z = {name: _iri(ZHKG[name]) for name in sorted(k for k in ZHKG.__annotations__)}
_GAZETTEER = _iri(GAZETTEER_GRAPH)


def _source(node: str, ev: dict, gr: str, doc_term) -> Iterator[Quad]:  # noqa: ANN001
    """Where ``node`` (evidence or quantity) comes from: rule, confidence, document, sentence."""
    yield node, _Z["rule"], _string(ev["rule"]), gr
    yield node, _Z["confidence"], _decimal(str(ev["confidence"])), gr
    if ev["doc"] != GAZETTEER_DOC:
        yield node, _DERIVED, doc_term(ev["doc"]), gr
        yield node, _Z["sentence"], _string(ev["text"], "zh"), gr
        yield node, _Z["sentenceIndex"], _integer(ev["sentence"]), gr
        yield node, _Z["startOffset"], _integer(ev["start"]), gr
        yield node, _Z["endOffset"], _integer(ev["end"]), gr


def iter_quads(g: nx.MultiDiGraph, documents: dict[str, dict] | None = None) -> Iterator[Quad]:
    """Every quad of the RDF of ``g`` as N-Triples terms, in no particular order (repeats possible).

    A named graph per document, plus one for the gazetteer (see the module
    docstring); the terms are written exactly as rdflib's N-Triples and
    N-Quads serialisers write them.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        The graph of :func:`zhkg.graph.build.build_graph`.
    documents : dict, optional
        ``doc id -> {"path": ..., "sha256": ...}``: each becomes a ``zhkg:Document``.

    Yields
    ------
    (subject, predicate, object, graph) : tuple of str

    Raises
    ------
    ValueError
        A node id that makes an invalid IRI.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("region-500117", type="AdminRegion", label="合川区", region_code="500117", documents=["d"])
    >>> sorted(q[1].rsplit("#")[-1] for q in iter_quads(g) if q[3].endswith("/d>"))
    ['label>', 'mentionedIn>', 'regionCode>', 'type>']
    """
    doc_terms: dict[str, str] = {}
    graph_terms: dict[str, str] = {GAZETTEER_DOC: _GAZETTEER}

    def doc_term(doc: str) -> str:
        t = doc_terms.get(doc)
        if t is None:
            t = doc_terms[doc] = _iri(doc_iri(doc))
        return t

    def graph_of(doc: str) -> str:
        t = graph_terms.get(doc)
        if t is None:
            t = graph_terms[doc] = _iri(graph_iri(doc))
        return t

    for doc, meta in sorted((documents or {}).items()):
        gr, d = graph_of(doc), doc_term(doc)
        yield d, _TYPE, _Z["Document"], gr
        yield d, _LABEL, _string(doc), gr
        if meta.get("path"):
            yield d, _Z["sourcePath"], _string(meta["path"]), gr
        if meta.get("sha256"):
            yield d, _Z["sha256"], _string(meta["sha256"]), gr

    entity_terms: dict[str, str] = {}

    def entity_term(node: str) -> str:
        t = entity_terms.get(node)
        if t is None:
            t = entity_terms[node] = _iri(entity_iri(node))
        return t

    for node, data in g.nodes(data=True):
        s = entity_term(node)
        docs = list(data.get("documents") or [])
        if not docs or (data["type"] == EntityType.AdminRegion and data.get("region_code")):
            docs.append(GAZETTEER_DOC)  # the gazetteer graph types every region it links
        rdf_type, label = _Z[data["type"]], _string(data["label"], "zh")
        aliases = [_string(a, "zh") for a in data.get("aliases", [])]
        code = _string(data["region_code"]) if data.get("region_code") else None
        for doc in docs:
            gr = graph_of(doc)
            yield s, _TYPE, rdf_type, gr
            yield s, _LABEL, label, gr
            for a in aliases:
                yield s, _ALT, a, gr
            if code is not None:
                yield s, _Z["regionCode"], code, gr
            if doc != GAZETTEER_DOC:
                yield s, _Z["mentionedIn"], doc_term(doc), gr
        for q in data.get("quantities", []):
            ev = q["evidence"]
            qi = _iri(quantity_iri(node, q["metric"], q["value"], q["unit"], ev["doc"], ev["sentence"]))
            gr = graph_of(ev["doc"])
            yield s, _Z["quantity"], qi, gr
            yield qi, _TYPE, _Z["Quantity"], gr
            yield qi, _Z["metric"], _string(q["metric"]), gr
            yield qi, _Z["value"], _decimal(str(q["value"])), gr
            yield qi, _Z["unit"], _string(q["unit"]), gr
            if q.get("qualifier"):
                yield qi, _Z["qualifier"], _string(q["qualifier"]), gr
            if q.get("year"):
                yield qi, _Z["year"], _year(str(q["year"])), gr
            yield from _source(qi, ev, gr, doc_term)

    for u, v, rel, data in g.edges(keys=True, data=True):
        s, p, o = entity_term(u), _Z[rel], entity_term(v)
        for ev in data["evidence"]:
            gr = graph_of(ev["doc"])
            yield s, p, o, gr
            ei = _iri(evidence_iri(u, rel, v, ev["doc"], ev["sentence"], ev["rule"]))
            yield ei, _TYPE, _Z["Evidence"], gr
            yield ei, _SUBJECT, s, gr
            yield ei, _PREDICATE, p, gr
            yield ei, _OBJECT, o, gr
            yield from _source(ei, ev, gr, doc_term)


def _sorted_quads(g: nx.MultiDiGraph, documents: dict[str, dict] | None) -> list[Quad]:
    """The unique quads, sorted as their N-Quads lines sort.

    Sorting the tuples sorts the lines: a term that is a proper prefix of
    another is a literal followed by ``@`` or ``^^`` in the longer one, and by
    a space in the line, which sorts first either way; and code-point order
    of ``str`` is byte order of UTF-8.
    """
    quads = list(set(iter_quads(g, documents)))
    quads.sort()
    return quads


def to_dataset(g: nx.MultiDiGraph, documents: dict[str, dict] | None = None) -> Dataset:
    """RDF of the graph: a named graph per document, plus one for the gazetteer.

    The quads of :func:`iter_quads` in an rdflib Dataset (the build itself
    streams them to files and never makes one).

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
    data = "".join(f"{s} {p} {o} {gr} .\n" for s, p, o, gr in _sorted_quads(g, documents))
    ds.parse(data=data, format="nquads")
    return ds


def _bind(g: Graph | Dataset) -> None:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, replace=True)


def union_graph(ds: Dataset) -> Graph:
    """All triples of all named graphs in one graph."""
    g = Graph()
    _bind(g)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


# -- Turtle, TriG and JSON-LD from N-Triples terms ---------------------------------

_NAMESPACES = sorted(((ns, prefix) for prefix, ns in PREFIXES.items()), key=lambda x: -len(x[0]))
_FIRST = r"(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})"
_CHAR = r"(?:[A-Za-z0-9_-]|%[0-9A-Fa-f]{2})"
#: A local name written as is in Turtle (a conservative part of PN_LOCAL: ASCII, no ``\\`` escapes).
_LOCAL = re.compile(rf"{_FIRST}(?:(?:{_CHAR}|\.)*{_CHAR})?")
_LITERAL = re.compile(r'"(.*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?', re.S)
_UNESCAPE = re.compile(r"\\(.)", re.S)
_ESCAPES = {"n": "\n", "r": "\r", '"': '"', "\\": "\\"}
_XSD_STRING = str(XSD.string)


@lru_cache(maxsize=65536)
def _compact(iri: str) -> str | None:
    """``prefix:local`` for an IRI (without ``<>``) that has a safe local name, else ``None``."""
    for ns, prefix in _NAMESPACES:
        if iri.startswith(ns) and _LOCAL.fullmatch(iri, len(ns)):
            return f"{prefix}:{iri[len(ns):]}"
    return None


def _turtle_term(term: str) -> str:
    """An N-Triples term as Turtle: IRIs (and literal datatypes) prefixed where they can be."""
    if term[0] == "<":
        return _compact(term[1:-1]) or term
    if term[-1] == ">":
        lex, _, dt = term.rpartition("^^<")
        c = _compact(dt[:-1])
        if c is not None:
            return f"{lex}^^{c}"
    return term


def _turtle_subject_block(s: str, pos: list[tuple[str, str]], indent: str) -> str:
    """One subject with its predicate-object pairs (as sorted; ``rdf:type`` first, as ``a``)."""
    groups: dict[str, list[str]] = {}
    for p, o in pos:
        groups.setdefault(p, []).append(_turtle_term(o))
    pad = indent + "    "
    rows = [("a" if p == _TYPE else _turtle_term(p)) + " " + f" ,\n{pad}    ".join(groups[p])
            for p in sorted(groups, key=lambda p: (p != _TYPE, p))]
    return f"{indent}{_turtle_term(s)} " + f" ;\n{pad}".join(rows) + " .\n"


def _json_term(term: str) -> dict | str:
    """An N-Triples object term as a JSON-LD value (or a node reference)."""
    if term[0] == "<":
        return {"@id": _compact(term[1:-1]) or term[1:-1]}
    m = _LITERAL.fullmatch(term)
    if m is None:  # pragma: no cover - iter_quads writes only IRIs and literals
        raise ValueError(f"not an N-Triples term: {term!r}")
    value = _UNESCAPE.sub(lambda e: _ESCAPES[e.group(1)], m.group(1))
    if m.group(2):
        return {"@value": value, "@language": m.group(2)}
    if m.group(3) and m.group(3) != _XSD_STRING:
        return {"@value": value, "@type": _compact(m.group(3)) or m.group(3)}
    return value


def _json_node(s: str, pos: list[tuple[str, str]]) -> dict:
    node: dict = {"@id": _compact(s[1:-1]) or s[1:-1]}
    for p, o in pos:
        if p == _TYPE and o[0] == "<":
            key, value = "@type", _compact(o[1:-1]) or o[1:-1]
        else:
            key, value = _compact(p[1:-1]) or p[1:-1], _json_term(o)
        if key in node:
            if not isinstance(node[key], list):
                node[key] = [node[key]]
            node[key].append(value)
        else:
            node[key] = value
    return node


def _by_subject(triples: Iterable[tuple[str, str, str]]) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """Runs of triples sorted by subject, as ``(subject, [(predicate, object), ...])``."""
    subject, pos = None, []
    for s, p, o in triples:
        if s != subject:
            if pos:
                yield subject, pos
            subject, pos = s, []
        pos.append((p, o))
    if pos:
        yield subject, pos


def _prefix_lines() -> str:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items())) + "\n"


class _Writers:
    """N-Quads, N-Triples, Turtle and JSON-LD in one pass over the sorted quads."""

    def __init__(self, nq: IO[bytes], nt: IO[bytes], ttl: IO[str], jsonld: IO[str]) -> None:
        self.nq, self.nt, self.ttl, self.jsonld = nq, nt, ttl, jsonld
        self.first_node = True

    def triples(self, quads: list[Quad]) -> Iterator[tuple[str, str, str]]:
        """Write the N-Quads and N-Triples lines; yield each triple once, sorted."""
        last = None
        nq_buf: list[str] = []
        nt_buf: list[str] = []
        for s, p, o, gr in quads:
            nq_buf.append(f"{s} {p} {o} {gr} .\n")
            triple = (s, p, o)
            if triple != last:
                nt_buf.append(f"{s} {p} {o} .\n")
                yield triple
                last = triple
            if len(nq_buf) >= 8192:
                self._flush(nq_buf, nt_buf)
        self._flush(nq_buf, nt_buf)

    def _flush(self, nq_buf: list[str], nt_buf: list[str]) -> None:
        self.nq.write("".join(nq_buf).encode("utf-8", "replace"))
        self.nt.write("".join(nt_buf).encode("utf-8"))
        nq_buf.clear()
        nt_buf.clear()

    def write(self, quads: list[Quad]) -> None:
        self.ttl.write(_prefix_lines())
        self.jsonld.write('{\n  "@context": ' + json.dumps(dict(sorted(PREFIXES.items())), indent=2).replace("\n", "\n  ")
                          + ',\n  "@graph": [')
        for s, pos in _by_subject(self.triples(quads)):
            self.ttl.write(_turtle_subject_block(s, pos, "") + "\n")
            node = json.dumps(_json_node(s, pos), ensure_ascii=False, sort_keys=True)  # one line: C encoder
            self.jsonld.write(("\n    " if self.first_node else ",\n    ") + node)
            self.first_node = False
        self.jsonld.write("\n  ]\n}\n")


def _write_trig(quads: list[Quad], fh: IO[str]) -> None:
    fh.write(_prefix_lines())
    current: str | None = None
    run: list[tuple[str, str, str]] = []

    def close() -> None:
        for subject, pos in _by_subject(run):
            fh.write(_turtle_subject_block(subject, pos, "    ") + "\n")
        fh.write("}\n\n")

    for s, p, o, gr in quads:
        if gr != current:
            if current is not None:
                close()
            current, run = gr, []
            fh.write(f"{_turtle_term(gr)} {{\n")
        run.append((s, p, o))
    if current is not None:
        close()


def write_rdf(g: nx.MultiDiGraph, out: Path, documents: dict[str, dict] | None = None) -> list[Path]:
    """Write every format of :data:`FORMATS` for ``g`` atomically into ``out``, streaming.

    N-Triples and N-Quads are sorted unique lines, byte-stable and identical
    to rdflib's serialisers once sorted; Turtle and TriG use the prefixes of
    :data:`~zhkg.exports.vocab.PREFIXES`, one subject per block; JSON-LD is a
    compacted ``@graph`` with those prefixes as its context. Memory: the
    unique quads as tuples of (shared) strings, nothing per format.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        The graph of :func:`zhkg.graph.build.build_graph`.
    out : path
        Folder to write ``graph.nq``, ``graph.nt``, ``graph.ttl``, ``graph.jsonld`` and ``graph.trig`` into.
    documents : dict, optional
        As for :func:`iter_quads`.

    Returns
    -------
    list of Path
        The files written, in the order of :data:`FORMATS`.
    """
    out = Path(out)
    quads = _sorted_quads(g, documents)
    with atomic_write(out / "graph.nq", "wb") as nq, atomic_write(out / "graph.nt", "wb") as nt, \
            atomic_write(out / "graph.ttl") as ttl, atomic_write(out / "graph.jsonld") as jsonld:
        _Writers(nq, nt, ttl, jsonld).write(quads)
    quads.sort(key=itemgetter(3, 0, 1, 2))
    with atomic_write(out / "graph.trig") as trig:
        _write_trig(quads, trig)
    del quads
    _compact.cache_clear()
    return [out / name for name in FORMATS]
