"""Exports of the seed graph: every RDF format parses back to the same triples,
named graphs per document, the HTML is offline, writes are atomic."""
from __future__ import annotations

import re

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import graph_diff, to_isomorphic

from zhkg.exports.atomic import atomic_write
from zhkg.exports.rdf import FORMATS

TRIPLE_FORMATS = {k: v for k, v in FORMATS.items() if v not in ("nquads", "trig")}


def _union_of_nquads(out):
    ds = Dataset()
    ds.parse(out / "graph.nq", format="nquads")
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return ds, g


@pytest.mark.parametrize("name", sorted(TRIPLE_FORMATS))
def test_every_triple_format_holds_the_same_triples(seed_build, name):
    out, _ = seed_build
    _, reference = _union_of_nquads(out)
    g = Graph()
    g.parse(out / name, format=TRIPLE_FORMATS[name])
    assert len(g) > 500
    if to_isomorphic(g) != to_isomorphic(reference):
        _, only_a, only_b = graph_diff(to_isomorphic(g), to_isomorphic(reference))
        pytest.fail(f"{name}: {len(only_a)} triples only here, {len(only_b)} only in graph.nq")


def test_trig_holds_the_same_quads_as_nquads(seed_build):
    out, _ = seed_build
    a, _ = _union_of_nquads(out)
    b = Dataset()
    b.parse(out / "graph.trig", format="trig")
    assert set(a.quads((None, None, None, None))) == set(b.quads((None, None, None, None)))


def test_nquads_has_a_named_graph_per_document(seed_build):
    out, _ = seed_build
    ds, _ = _union_of_nquads(out)
    names = {str(c.identifier) for c in ds.graphs() if len(c)}
    assert "https://w3id.org/zhkg/graph/000_3201cdaa9abf3103" in names
    assert "https://w3id.org/zhkg/graph/gazetteer" in names


def test_exports_are_byte_stable(seed_build, tmp_path):
    from zhkg import build

    out, _ = seed_build
    from conftest import SEEDS

    build(SEEDS, tmp_path, html=False, store=False)
    for name in ("graph.nq", "graph.nt", "graph.json"):
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_html_is_offline_and_shows_every_node(seed_build, seed_graph):
    out, _ = seed_build
    html = (out / "graph.html").read_text(encoding="utf-8")
    external = re.findall(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html, re.I)
    assert not external
    assert "vis-network" in html or "vis.Network" in html
    for label in ("重庆市计量质量检测研究院", "合川网络安全产业城"):
        assert label in html or label.encode("unicode_escape").decode() in html
    assert html.count('"shape":') >= seed_graph.number_of_nodes()


def test_atomic_write_keeps_the_old_file_on_error(tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_write(target) as fh:
            fh.write("half of the new")
            raise RuntimeError("crash mid-write")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]
