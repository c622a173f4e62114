"""The RDF vocabulary and IRI scheme: the one place the code takes names from.

``data/ontology.ttl`` is the source of the schema's names (labels, comments,
domains, ranges, alignments); :class:`ZHKG` is its closed namespace, so a
misspelt term raises ``AttributeError`` where it is used. A test checks that
enums, this namespace and the ontology file agree. The IRIs of entities,
documents, named graphs, evidence and quantities are made here and only here
(digests of content, never of input order), and :data:`PREFIXES` is the prefix
table that the exports bind and that SPARQL queries get predeclared.
"""
from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from rdflib import Namespace, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

from zhkg.extract.schema import EntityType, Relation

__all__ = ["ZHKG", "BASE", "ID", "DOC", "GRAPH", "EVIDENCE", "QUANTITY", "ONTOLOGY", "SHAPES",
           "GAZETTEER_GRAPH", "PREFIXES", "entity_iri", "doc_iri", "graph_iri", "evidence_iri",
           "quantity_iri", "sparql_prefixes", "ontology_path", "shapes_path", "TERMS"]

BASE = "https://w3id.org/zhkg/"
ID = Namespace(BASE + "id/")
DOC = Namespace(BASE + "doc/")
GRAPH = Namespace(BASE + "graph/")
EVIDENCE = Namespace(BASE + "evidence/")
QUANTITY = Namespace(BASE + "quantity/")
#: The ontology document and the SHACL shapes graph.
ONTOLOGY = URIRef(BASE + "ontology")
SHAPES = URIRef(BASE + "shapes")
#: Named graph of the region hierarchy taken from the GB/T 2260 gazetteer.
GAZETTEER_GRAPH = GRAPH["gazetteer"]


class ZHKG(DefinedNamespace):
    """zhkg ontology terms (``https://w3id.org/zhkg/ontology#``)."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes
    Organization: URIRef
    Place: URIRef
    Company: URIRef
    GovernmentBody: URIRef
    Institution: URIRef
    AdminRegion: URIRef
    Park: URIRef
    Project: URIRef
    Partnership: URIRef
    Person: URIRef
    Document: URIRef
    Evidence: URIRef
    Quantity: URIRef
    # relations
    locatedIn: URIRef
    partOf: URIRef
    settledIn: URIRef
    develops: URIRef
    participant: URIRef
    produces: URIRef
    partnerOf: URIRef
    serves: URIRef
    subOrganizationOf: URIRef
    affiliatedWith: URIRef
    # attributes
    regionCode: URIRef
    mentionedIn: URIRef
    sourcePath: URIRef
    sha256: URIRef
    sentence: URIRef
    sentenceIndex: URIRef
    startOffset: URIRef
    endOffset: URIRef
    rule: URIRef
    confidence: URIRef
    quantity: URIRef
    metric: URIRef
    value: URIRef
    unit: URIRef
    qualifier: URIRef
    year: URIRef


#: Every term name of the namespace (for the consistency test).
TERMS = frozenset(k for k in ZHKG.__annotations__)
assert {t.value for t in EntityType} <= TERMS and {r.value for r in Relation} <= TERMS

#: Prefix -> namespace, bound in every export and predeclared in SPARQL queries.
PREFIXES: dict[str, str] = {
    "zhkg": str(ZHKG._NS),
    "id": str(ID),
    "doc": str(DOC),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "prov": str(PROV),
    "xsd": str(XSD),
}


def sparql_prefixes() -> str:
    """The ``PREFIX`` lines of :data:`PREFIXES`, one per line.

    Examples
    --------
    >>> sparql_prefixes().splitlines()[0]
    'PREFIX zhkg: <https://w3id.org/zhkg/ontology#>'
    """
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def _digest(parts: list[str], n: int) -> str:
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:n]


def entity_iri(entity_id: str) -> URIRef:
    """IRI of a graph node (``region-500117``, ``org-<digest>``, ``partnership-<digest>``).

    Examples
    --------
    >>> entity_iri("region-500117")
    rdflib.term.URIRef('https://w3id.org/zhkg/id/region-500117')
    """
    return ID[entity_id]


def doc_iri(doc_id: str) -> URIRef:
    """IRI of a document: its id (path relative to the input folder, no ``.txt``) percent-encoded.

    Examples
    --------
    >>> doc_iri("2021/渝北 报道")
    rdflib.term.URIRef('https://w3id.org/zhkg/doc/2021/%E6%B8%9D%E5%8C%97%20%E6%8A%A5%E9%81%93')
    """
    return DOC[quote(doc_id, safe="/")]


def graph_iri(doc_id: str) -> URIRef:
    """IRI of the named graph that holds what a document says."""
    return GRAPH[quote(doc_id, safe="/")]


def evidence_iri(head: str, relation: str, tail: str, doc_id: str, sentence: int, rule: str) -> URIRef:
    """IRI of one piece of evidence: a digest of the edge, document, sentence and rule.

    Examples
    --------
    >>> str(evidence_iri("org-a", "locatedIn", "region-500117", "d", 3, "located-verb")).startswith(str(EVIDENCE))
    True
    """
    return EVIDENCE[_digest([head, relation, tail, doc_id, str(sentence), rule], 20)]


def quantity_iri(entity_id: str, metric: str, value: float | str, unit: str, doc_id: str,
                 sentence: int) -> URIRef:
    """IRI of a stated quantity: a digest of entity, metric, value, unit, document and sentence."""
    return QUANTITY[_digest([entity_id, metric, str(value), unit, doc_id, str(sentence)], 16)]


def ontology_path() -> Path:
    """Path of ``data/ontology.ttl`` (the vocabulary, in Turtle)."""
    return Path(str(resources.files("zhkg.exports") / "data" / "ontology.ttl"))


def shapes_path() -> Path:
    """Path of ``data/shapes.ttl`` (the SHACL shapes of the exports, in Turtle)."""
    return Path(str(resources.files("zhkg.exports") / "data" / "shapes.ttl"))
