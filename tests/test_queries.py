"""The analyst's queries in exports/queries/: each has a header and returns the
expected rows on the seed graph; parameters bind; the local SPARQL endpoint
speaks the protocol."""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest
from typer.testing import CliRunner

from zhkg.exports.cli import app
from zhkg.exports.sparql import bundled_queries, run_query, with_bindings
from zhkg.extract.errors import QueryError

runner = CliRunner()
QUERIES = bundled_queries()


def _rows(out, name, **bindings):
    q = QUERIES[name]
    names, rows = run_query(out, q.text, bindings, q.parameters)
    return [dict(zip(names, r)) for r in rows]


def _pairs(rows, *keys):
    return {tuple(r[k] for k in keys) for r in rows}


def test_ten_documented_queries():
    assert len(QUERIES) >= 10
    for q in QUERIES.values():
        header = [line for line in q.text.splitlines() if line.startswith("#")]
        assert q.title and len(header) >= 3 and any(line.startswith("# Example: zhkg ask") for line in header), q.name
        assert q.parameters, q.name
        for p in q.parameters:
            assert f"?{p}" in q.text.split("\n", len(header))[-1], (q.name, p)


def test_every_query_runs_and_returns_rows_on_the_seed(seed_build):
    out, _ = seed_build
    empty = {name for name in QUERIES if not _rows(out, name)}
    assert empty == {"projects-by-investment"}  # the seed states no investment (see the fixture test)


def test_organisations_in_parks(seed_build):
    rows = _rows(seed_build[0], "organisations-in-parks")
    assert {("合川网络安全产业城", "360集团", "settledIn", "合川区"),
            ("仙桃数据谷", "华为", "settledIn", ""),
            ("合川网络安全产业城", "360网络安全协同创新产业基地", "locatedIn", "合川区")} <= _pairs(
        rows, "park", "member", "relation", "district")
    one = _rows(seed_build[0], "organisations-in-parks", park="仙桃数据谷")
    assert one and {r["park"] for r in one} == {"仙桃数据谷"}


def test_partnerships_of_an_organisation_with_evidence(seed_build):
    rows = _rows(seed_build[0], "partnerships-of", organisation="重庆市计量质量检测研究院")
    assert {("重庆睿伊互感器研究院有限公司", "高电压计量实验室"),
            ("重庆华虹仪表有限公司", "高压电能表检定装置计量标准")} <= _pairs(rows, "partner", "products")
    for r in rows:
        assert r["organisation"] == "重庆市计量质量检测研究院"
        assert ("共建" in r["sentence"] or "合作" in r["sentence"]) and int(r["start"]) < int(r["end"])
    from conftest import SEEDS

    doc = (SEEDS / "000_3201cdaa9abf3103.txt").read_text(encoding="utf-8")
    r = rows[0]
    assert doc[int(r["start"]): int(r["end"])].replace("\n", "") == r["sentence"].replace("\n", "")


def test_amounts_filtered_by_number(seed_build):
    out = seed_build[0]
    rows = _rows(out, "amounts-above")
    assert {("渝北区", "地区生产总值", "2009.5", "2020"), ("合川区", "产值", "600", "")} <= _pairs(
        rows, "entity", "metric", "value", "year")
    assert all(float(r["yi"]) >= 100 for r in rows)
    assert [r["entity"] for r in _rows(out, "amounts-above", min_yi="1000")] == ["渝北区"]
    hedged = _rows(out, "amounts-above", metric="产值", min_yi="0")
    assert _pairs(hedged, "entity", "qualifier") == {("合川区", "近")}


def test_projects_by_investment_converts_units(tmp_path):
    import pyoxigraph as ox

    from zhkg.exports.sparql import STORE_DIR

    data = """
    @prefix zhkg: <https://w3id.org/zhkg/ontology#> . @prefix id: <https://w3id.org/zhkg/id/> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    id:project-a a zhkg:Project ; rdfs:label "智能制造产业园项目"@zh ; zhkg:quantity id:qa .
    id:qa zhkg:metric "总投资" ; zhkg:value "3"^^xsd:decimal ; zhkg:unit "亿元" ; zhkg:year "2021"^^xsd:gYear ;
          zhkg:sentence "该项目总投资3亿元。"@zh .
    id:project-b a zhkg:Project ; rdfs:label "数据中心项目"@zh ; zhkg:quantity id:qb .
    id:qb zhkg:metric "投资" ; zhkg:value "5000"^^xsd:decimal ; zhkg:unit "万元" ; zhkg:qualifier "超过" ;
          zhkg:sentence "数据中心项目投资超过5000万元。"@zh .
    id:project-c a zhkg:Project ; rdfs:label "汽车工厂"@zh ; zhkg:quantity id:qc .
    id:qc zhkg:metric "产值" ; zhkg:value "80"^^xsd:decimal ; zhkg:unit "亿元" ; zhkg:sentence "产值80亿元。"@zh .
    """
    store = ox.Store(str(tmp_path / STORE_DIR))
    store.load(data.encode(), format=ox.RdfFormat.TURTLE)
    store.flush()
    del store
    rows = _rows(tmp_path, "projects-by-investment")
    assert [(r["project"], r["yuan"], r["qualifier"]) for r in rows] == [
        ("智能制造产业园项目", "300000000", ""), ("数据中心项目", "50000000", "超过")]
    assert [r["project"] for r in _rows(tmp_path, "projects-by-investment", min_yuan="100000000")] == [
        "智能制造产业园项目"]


def test_organisations_by_district_with_codes(seed_build):
    rows = _rows(seed_build[0], "organisations-by-district")
    assert {("500117", "合川区", "360集团", "合川网络安全产业城"),
            ("500154", "开州区", "开州区市场监管局", "开州区"),
            ("500112", "渝北区", "渝北区经信委", "渝北区")} <= _pairs(rows, "code", "district", "organisation", "place")
    assert all(len(r["code"]) == 6 and not r["code"].endswith("00") for r in rows)


def test_evidence_of_an_edge(seed_build):
    rows = _rows(seed_build[0], "evidence-of-edge", subject="合川网络安全产业城", predicate="zhkg:locatedIn",
                 object="合川区")
    assert rows and all(r["relation"] == "locatedIn" for r in rows)
    assert all("合川网络安全产业城" in r["sentence"] and r["doc"].startswith("https://w3id.org/zhkg/doc/")
               and 0 < float(r["confidence"]) <= 1 and r["rule"] for r in rows)
    gazetteer = _rows(seed_build[0], "evidence-of-edge", subject="合川区", predicate="zhkg:partOf")
    assert _pairs(gazetteer, "object", "rule", "sentence") == {("重庆市", "gazetteer-hierarchy", "")}


def test_evidence_of_edge_lists_every_evidence_once(seed_build):
    """The query reads the evidence alone (no type test, no ?s ?p ?o check): the shapes guarantee both."""
    out = seed_build[0]
    rows = _rows(out, "evidence-of-edge")
    _, n = run_query(out, "SELECT (COUNT(*) AS ?n) WHERE { ?e a zhkg:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; "
                          "rdf:object ?o . ?s ?p ?o }")
    assert len(rows) == int(n[0][0]) > 0
    pytest.importorskip("pyshacl")
    from rdflib import RDF

    from zhkg.exports.shacl import load_export, validate_graph
    from zhkg.exports.vocab import ZHKG

    g = load_export(out / "graph.nq")
    ev = next(g.subjects(RDF.predicate, ZHKG.develops))
    s, o = g.value(ev, RDF.subject), g.value(ev, RDF.object)
    g.remove((s, ZHKG.develops, o))
    g.add((s, RDF.subject, o))
    shapes = {v.shape.replace(":", "#").rsplit("#", 1)[-1] for v in validate_graph(g)}
    assert {"EvidenceOfAnAssertedEdge", "reified"} <= shapes, shapes


def test_project_builders(seed_build):
    rows = _rows(seed_build[0], "project-builders")
    assert {("360网络安全协同创新产业基地", "北京奇虎科技有限公司", "develops"),
            ("高电压计量实验室", "重庆睿伊互感器研究院有限公司", "partnership"),
            ("产教合作基地", "德国博世集团", "partnership")} <= _pairs(rows, "project", "builder", "how")


def test_partner_network_ranks_by_partners(seed_build):
    rows = _rows(seed_build[0], "partner-network")
    counts = [int(r["partners"]) for r in rows]
    assert counts == sorted(counts, reverse=True)
    top = {r["organisation"]: int(r["partners"]) for r in rows}
    assert top["合川网络安全产业城"] >= 4 and top["重庆睿伊互感器研究院有限公司"] >= 1


def test_entities_per_region_follow_the_hierarchy(seed_build):
    rows = {r["region"]: r for r in _rows(seed_build[0], "entities-per-region")}
    assert rows["合川区"]["code"] == "500117"
    assert int(rows["重庆市"]["entities"]) > int(rows["合川区"]["entities"]) >= 10
    assert int(rows["重庆市"]["organisations"]) <= int(rows["重庆市"]["entities"])


def test_edges_to_review(seed_build):
    rows = _rows(seed_build[0], "edges-to-review")
    assert rows and all(float(r["confidence"]) < 0.7 for r in rows)
    assert [float(r["confidence"]) for r in rows] == sorted(float(r["confidence"]) for r in rows)
    assert not _rows(seed_build[0], "edges-to-review", max_confidence="0")


def test_readme_provenance_example_returns_the_sentence(seed_build):
    from conftest import REPO

    readme = REPO.joinpath("README.md").read_text(encoding="utf-8")
    block = readme.split("The evidence sentence of an edge", 1)[1].split("```sparql", 1)[1].split("```", 1)[0]
    names, rows = run_query(seed_build[0], block)
    assert names[0] == "sentence" and rows
    assert all("合川网络安全产业城" in r[0] for r in rows)


def test_bindings_go_in_a_values_block_of_the_where_clause():
    q = "# WHERE { in a comment\nSELECT ?x WHERE {\n ?x rdfs:label ?name }"
    bound = with_bindings(q, {"name": "合川区", "n": "3"})
    assert 'WHERE { VALUES (?name ?n) { ("合川区"@zh "3"^^<http://www.w3.org/2001/XMLSchema#integer>) }' in bound
    assert bound.startswith("# WHERE { in a comment\n")
    with pytest.raises(QueryError, match="no WHERE"):
        with_bindings("CONSTRUCT { ?s ?p ?o }", {"s": "x"})
    with pytest.raises(QueryError, match="not a number"):
        with_bindings(QUERIES["amounts-above"].text, {"min_yi": "many"}, QUERIES["amounts-above"].parameters)


def test_queries_and_ask_commands(seed_build):
    out, _ = seed_build
    listing = runner.invoke(app, ["queries"])
    assert listing.exit_code == 0 and len(listing.stdout.splitlines()) == len(QUERIES)
    text = runner.invoke(app, ["queries", "partnerships-of"])
    assert text.stdout == QUERIES["partnerships-of"].text
    piped = runner.invoke(app, ["query", str(out), "-", "--format", "json"], input=text.stdout)
    assert piped.exit_code == 0 and len(json.loads(piped.stdout)) == len(_rows(out, "partnerships-of"))
    asked = runner.invoke(app, ["ask", str(out), "amounts-above", "--bind", "min_yi=1000", "--format", "csv"])
    assert asked.exit_code == 0, asked.output
    assert asked.stdout.splitlines()[1].startswith("渝北区,AdminRegion,地区生产总值")
    assert runner.invoke(app, ["ask", str(out), "amounts-above", "--bind", "nope=1"]).exit_code == 2
    assert runner.invoke(app, ["ask", str(out), "no-such-query"]).exit_code == 2
    bad = runner.invoke(app, ["ask", str(out), "amounts-above", "--bind", "min_yi=many"])
    assert bad.exit_code == 1 and bad.output.startswith("zhkg: error:") and bad.output.count("\n") == 1


@pytest.fixture(scope="module")
def endpoint(seed_build):
    from zhkg.exports.serve import serve_in_thread

    server, url = serve_in_thread(seed_build[0])
    yield url
    server.shutdown()
    server.server_close()


def _http(url, data=None, headers=None, method=None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def test_endpoint_answers_get_and_post(endpoint):
    q = 'SELECT ?code WHERE { ?r rdfs:label "合川区"@zh ; zhkg:regionCode ?code }'
    status, ctype, body = _http(endpoint + "?query=" + urllib.parse.quote(q))
    assert status == 200 and ctype.startswith("application/sparql-results+json")
    assert [b["code"]["value"] for b in json.loads(body)["results"]["bindings"]] == ["500117"]
    status, ctype, body = _http(endpoint, q.encode(), {"Content-Type": "application/sparql-query",
                                                       "Accept": "text/csv"})
    assert status == 200 and ctype.startswith("text/csv") and body.decode().splitlines() == ["code", "500117"]
    form = urllib.parse.urlencode({"query": "ASK { ?x a zhkg:Park }"}).encode()
    status, _, body = _http(endpoint, form, {"Content-Type": "application/x-www-form-urlencoded",
                                             "Accept": "application/sparql-results+xml"})
    assert status == 200 and b"<boolean>true</boolean>" in body
    construct = "CONSTRUCT { ?r zhkg:regionCode ?c } WHERE { ?r zhkg:regionCode ?c }"
    status, ctype, body = _http(endpoint + "?query=" + urllib.parse.quote(construct),
                                headers={"Accept": "application/n-triples"})
    assert status == 200 and ctype.startswith("application/n-triples") and b'"500117"' in body


def test_endpoint_default_graph_counts_each_triple_once(endpoint, seed_build):
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    _, _, body = _http(endpoint + "?query=" + urllib.parse.quote(q))
    n = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    assert n == len((seed_build[0] / "graph.nt").read_text(encoding="utf-8").splitlines())
    named = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/zhkg/graph/gazetteer> { ?s ?p ?o } }"
    _, _, body = _http(endpoint + "?query=" + urllib.parse.quote(named))
    assert 0 < int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) < n


def test_endpoint_refuses_updates_and_bad_requests(endpoint):
    update = urllib.parse.urlencode({"update": "DROP ALL"}).encode()
    assert _http(endpoint, update, {"Content-Type": "application/x-www-form-urlencoded"})[0] == 403
    assert _http(endpoint, b"DROP ALL", {"Content-Type": "application/sparql-update"})[0] == 403
    assert _http(endpoint, b"x", {"Content-Type": "text/turtle"}, method="PUT")[0] == 405
    status, _, body = _http(endpoint + "?query=" + urllib.parse.quote("SELECT ?x WHERE { ?x"))
    assert status == 400 and body.decode().startswith("query syntax error")
    assert _http(endpoint)[0] == 400
    assert _http(endpoint.replace("/sparql", "/nope"))[0] == 404
    q = urllib.parse.quote("ASK {}")
    assert _http(endpoint + "?query=" + q, headers={"Accept": "image/png"})[0] == 406
