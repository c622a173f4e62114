"""zhkg push against a real triple store: the `oxigraph` package's server,
started on 127.0.0.1 and a free port, stopped at the end (skipped when the
binary is absent: `pip install oxigraph`, in the test extra)."""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from typer.testing import CliRunner

from zhkg.exports.cli import app
from zhkg.exports.push import PushError, push, put_graph

runner = CliRunner()
OXIGRAPH = shutil.which("oxigraph")
pytestmark = pytest.mark.skipif(OXIGRAPH is None, reason="the oxigraph server binary is absent (pip install oxigraph)")

DOC_GRAPH = "https://w3id.org/zhkg/graph/000_3201cdaa9abf3103"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def server(tmp_path):
    port = _free_port()
    proc = subprocess.Popen([OXIGRAPH, "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1).close()
                break
            except (urllib.error.URLError, ConnectionError):
                if proc.poll() is not None:
                    pytest.fail(f"oxigraph serve exited: {proc.stderr.read().decode(errors='replace')}")
                time.sleep(0.05)
        else:
            pytest.fail("oxigraph serve did not answer within 5 s")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _select(base: str, query: str) -> list[dict]:
    req = urllib.request.Request(base + "/query?query=" + urllib.parse.quote(query),
                                 headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return [{k: v["value"] for k, v in b.items()} for b in json.load(resp)["results"]["bindings"]]


def _count(base: str, graph: str | None = None) -> int:
    pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "GRAPH ?g { ?s ?p ?o }"
    return int(_select(base, f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")[0]["n"])


def test_push_loads_every_document_graph(server, seed_build):
    out, _ = seed_build
    nq = (out / "graph.nq").read_text(encoding="utf-8").splitlines()
    report = push(out, server + "/store")
    graphs = {line.rsplit(" ", 2)[-2].strip("<>") for line in nq}
    assert report.graphs == len(graphs) and report.triples == len(nq)
    assert _count(server) == len(nq)
    assert {r["g"] for r in _select(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")} == graphs
    rows = _select(server, """
        PREFIX zhkg: <https://w3id.org/zhkg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?sentence WHERE { GRAPH ?g {
          ?x rdfs:label "合川网络安全产业城"@zh . ?y rdfs:label "合川区"@zh .
          ?e rdf:subject ?x ; rdf:predicate zhkg:locatedIn ; rdf:object ?y ; zhkg:sentence ?sentence } }""")
    assert rows and all("合川网络安全产业城" in r["sentence"] for r in rows)


def test_pushing_a_rebuild_replaces_the_document_graph(server, seed_build):
    out, _ = seed_build
    stale = b"<urn:stale> <urn:p> <urn:o> ."
    put_graph(server + "/store", DOC_GRAPH, stale)
    put_graph(server + "/store", "urn:other-team", stale)
    before = _count(server, DOC_GRAPH)
    assert before == 1
    push(out, server + "/store")
    push(out, server + "/store")  # twice: idempotent
    assert not _select(server, "SELECT ?s WHERE { GRAPH <%s> { <urn:stale> ?p ?o } }" % DOC_GRAPH)
    assert _count(server, "urn:other-team") == 1  # graphs that are not ours are left alone
    doc_lines = [line for line in (out / "graph.nq").read_text(encoding="utf-8").splitlines()
                 if line.endswith(f"<{DOC_GRAPH}> .")]
    assert _count(server, DOC_GRAPH) == len(doc_lines)


def test_push_command_and_errors(server, seed_build, tmp_path):
    out, _ = seed_build
    result = runner.invoke(app, ["push", str(out), "--endpoint", server + "/store", "--with-ontology"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["graphs"] >= 3 and summary["triples"] > 1000
    assert _count(server, "https://w3id.org/zhkg/ontology") > 100
    refused = runner.invoke(app, ["push", str(out), "--endpoint", server + "/nope"])
    assert refused.exit_code == 1 and refused.output.startswith("zhkg: error:") and "HTTP 404" in refused.output
    nothing = runner.invoke(app, ["push", str(tmp_path), "--endpoint", server + "/store"])
    assert nothing.exit_code == 1 and "graph.nq" in nothing.output
    with pytest.raises(PushError, match="not an http"):
        push(out, "ftp://example.org/store")
    port = _free_port()
    with pytest.raises(PushError, match="cannot connect"):
        push(out, f"http://127.0.0.1:{port}/store", timeout=2)
