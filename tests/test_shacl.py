"""SHACL: every export of the seed graph conforms, each named graph stands alone,
and a deliberately broken graph shows each violation."""
from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from typer.testing import CliRunner

from zhkg.exports.cli import app
from zhkg.exports.rdf import FORMATS
from zhkg.exports.vocab import ID, ZHKG

pytest.importorskip("pyshacl")

from zhkg.exports.shacl import load_export, validate_graph, validate_out  # noqa: E402

runner = CliRunner()


def test_every_export_of_the_seed_graph_conforms(seed_build):
    out, _ = seed_build
    found = validate_out(out, tuple(sorted(FORMATS)))
    assert set(found) == set(FORMATS)
    assert {name: [str(v) for v in vs] for name, vs in found.items() if vs} == {}


def test_each_named_graph_conforms_on_its_own(seed_build):
    out, _ = seed_build
    ds = Dataset()
    ds.parse(out / "graph.nq", format="nquads")
    graphs = [g for g in ds.graphs() if len(g)]
    assert len(graphs) >= 2
    for g in graphs:
        alone = Graph()
        for t in g:
            alone.add(t)
        assert [str(v) for v in validate_graph(alone)] == [], g.identifier


def _one(g: Graph, p: URIRef) -> tuple:
    return next(iter(g.triples((None, p, None))))


def test_a_broken_graph_shows_each_violation(seed_build):
    out, _ = seed_build
    g = load_export(out / "graph.nq")
    # 1. an edge whose evidence is gone
    ev = next(g.subjects(RDF.predicate, ZHKG.develops))
    s, o = g.value(ev, RDF.subject), g.value(ev, RDF.object)
    g.remove((ev, None, None))
    # 2. a relation to the wrong type: a company located in a project
    company = next(g.subjects(RDF.type, ZHKG.Company))
    project = next(g.subjects(RDF.type, ZHKG.Project))
    g.add((company, ZHKG.locatedIn, project))
    # 3. offsets that are not a half-open span
    ev2 = next(e for e in g.subjects(RDF.type, ZHKG.Evidence) if g.value(e, ZHKG.startOffset) is not None)
    g.set((ev2, ZHKG.startOffset, Literal(10**6)))
    # 4. a confidence above 1, a misspelt property on a quantity, a bad region code
    g.set((ev2, ZHKG.confidence, Literal(Decimal("1.5"), datatype=XSD.decimal)))
    quantity = next(g.subjects(RDF.type, ZHKG.Quantity))
    g.add((quantity, URIRef(str(ZHKG._NS) + "valeu"), Literal(3)))
    g.set((ID["region-500117"], ZHKG.regionCode, Literal("5001")))
    # 5. an entity with two labels
    g.add((project, RDFS.label, Literal("另一个名字", lang="zh")))

    found = validate_graph(g)
    messages = "\n".join(str(v) for v in found)
    assert any(f"edge {s} {ZHKG.develops} {o} has no zhkg:Evidence" in v.message for v in found), messages
    assert any(v.focus == str(company) and v.path == "zhkg:locatedIn" and "zhkg:Place" in v.message for v in found)
    assert any(v.focus == str(ev2) and v.path == "zhkg:startOffset" for v in found), messages
    assert any(v.focus == str(ev2) and v.path == "zhkg:confidence" for v in found)
    assert any(v.focus == str(quantity) and "valeu" in v.path for v in found), messages
    assert any(v.focus == str(ID["region-500117"]) and v.path == "zhkg:regionCode" for v in found)
    assert any(v.focus == str(project) and v.path == "rdfs:label" for v in found)
    assert all(v.severity == "Violation" for v in found)


def test_validate_command(seed_build, tmp_path):
    out, _ = seed_build
    ok = runner.invoke(app, ["validate", str(out)])
    assert ok.exit_code == 0, ok.output
    assert ok.stdout == ""
    broken = tmp_path / "graph.nq"
    lines = (out / "graph.nq").read_text(encoding="utf-8").splitlines(keepends=True)
    extra = ("<https://w3id.org/zhkg/id/region-500117> <https://w3id.org/zhkg/ontology#partOf> "
             "<https://w3id.org/zhkg/id/region-500112> <https://w3id.org/zhkg/graph/gazetteer> .\n")
    broken.write_text("".join(lines) + extra, encoding="utf-8")
    bad = runner.invoke(app, ["validate", str(tmp_path), "--format", "json"])
    assert bad.exit_code == 1
    assert "has no zhkg:Evidence" in bad.stdout
    missing = runner.invoke(app, ["validate", str(tmp_path / "nope")])
    assert missing.exit_code == 1 and missing.output.startswith("zhkg: error:")
