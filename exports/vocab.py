"""The RDF vocabulary: one closed namespace, matching ``data/ontology.ttl``.

A misspelt term raises ``AttributeError`` where it is used. The names come
from the schema enums; a test checks that enums, this namespace and the
ontology file agree.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path
from urllib.parse import quote

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from zhkg.extract.schema import EntityType, Relation

__all__ = ["ZHKG", "BASE", "ID", "DOC", "GRAPH", "EVIDENCE", "entity_iri", "doc_iri", "graph_iri",
           "ontology_path", "TERMS"]

BASE = "https://w3id.org/zhkg/"
ID = Namespace(BASE + "id/")
DOC = Namespace(BASE + "doc/")
GRAPH = Namespace(BASE + "graph/")
EVIDENCE = Namespace(BASE + "evidence/")


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


def entity_iri(entity_id: str) -> URIRef:
    return ID[entity_id]


def doc_iri(doc_id: str) -> URIRef:
    return DOC[quote(doc_id, safe="/")]


def graph_iri(doc_id: str) -> URIRef:
    return GRAPH[quote(doc_id, safe="/")]


def ontology_path() -> Path:
    return Path(str(resources.files("zhkg.exports") / "data" / "ontology.ttl"))
