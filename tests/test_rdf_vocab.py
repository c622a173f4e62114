"""The vocabulary: ontology.ttl is complete and parses everywhere, the code takes
its names and prefixes from it, IRIs are digests of content."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from zhkg.exports.vocab import (
    PREFIXES,
    TERMS,
    ZHKG,
    evidence_iri,
    ontology_path,
    quantity_iri,
    shapes_path,
    sparql_prefixes,
)
from zhkg.extract.schema import Relation


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ontology_path())


def test_every_term_has_labels_and_comments_in_chinese_and_english(onto):
    for term in sorted(TERMS):
        for prop in (RDFS.label, RDFS.comment):
            langs = {lit.language for lit in onto.objects(ZHKG[term], prop)}
            assert {"zh", "en"} <= langs, (term, prop)


def test_every_relation_has_a_domain_and_a_range(onto):
    for rel in Relation:
        assert (ZHKG[rel], RDF.type, OWL.ObjectProperty) in onto
        assert onto.value(ZHKG[rel], RDFS.domain) is not None, rel
        assert onto.value(ZHKG[rel], RDFS.range) is not None, rel


def test_alignments_point_outside_the_vocabulary(onto):
    external = {str(o) for p in (RDFS.subClassOf, OWL.equivalentClass, RDFS.subPropertyOf)
                for o in onto.objects(None, p) if isinstance(o, URIRef) and not str(o).startswith(str(ZHKG._NS))}
    assert {"http://www.w3.org/ns/org#Organization", "https://schema.org/Organization",
            "http://www.w3.org/ns/prov#Activity", "http://www.w3.org/ns/prov#generated"} <= external


@pytest.mark.parametrize("path", [ontology_path(), shapes_path()], ids=["ontology", "shapes"])
def test_vocabulary_files_parse_in_both_libraries(path):
    assert len(Graph().parse(path, format="turtle")) > 100
    assert len(list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))) > 100


def test_exports_bind_the_one_prefix_table(seed_build):
    out, _ = seed_build
    head = (out / "graph.ttl").read_text(encoding="utf-8").split("\n\n")[0]
    for prefix, ns in PREFIXES.items():
        if f"{prefix}:" in (out / "graph.ttl").read_text(encoding="utf-8"):
            assert f"@prefix {prefix}: <{ns}> ." in head
    assert sparql_prefixes().count("PREFIX ") == len(PREFIXES)


def test_iris_are_digests_of_content():
    a = evidence_iri("org-a", "locatedIn", "region-500117", "d", 3, "located-verb")
    assert a == evidence_iri("org-a", "locatedIn", "region-500117", "d", 3, "located-verb")
    assert a != evidence_iri("org-a", "locatedIn", "region-500117", "d", 4, "located-verb")
    q = quantity_iri("region-500117", "产值", 600.0, "亿元", "d", 36)
    assert str(q).startswith("https://w3id.org/zhkg/quantity/") and q != a
