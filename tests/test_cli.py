"""The command line: build with a bad file among good ones, query formats, help."""
from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from zhkg.exports.cli import app

runner = CliRunner()

GOOD = "近日，市计量质检院第四分院联合开州区市场监管局深入开州区赵家街道，重点走访了重庆嘉利华食品有限公司等企业。\n"


def test_bad_file_among_good_ones_is_reported_and_the_rest_builds(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(GOOD, encoding="utf-8")
    (src / "b.txt").write_bytes(GOOD.encode("gbk"))
    (src / "broken.txt").write_bytes(b"\x00\x01\x02binary\xff\xfe")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(src), "--out", str(out), "--quiet"])
    assert result.exit_code == 1
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(errors) == 1 and errors[0]["path"].endswith("broken.txt")
    assert "binary" in errors[0]["error"]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["documents"] == 2
    nq = (out / "graph.nq").read_text(encoding="utf-8")
    assert "<https://w3id.org/zhkg/graph/a>" in nq and "<https://w3id.org/zhkg/graph/b>" in nq


def test_missing_source_is_one_line_error(tmp_path):
    result = runner.invoke(app, ["build", str(tmp_path / "nope"), "--out", str(tmp_path / "o"), "-q"])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0 and "no such file or directory" in result.output


def test_usage_error_exits_2():
    assert runner.invoke(app, ["build"]).exit_code == 2


@pytest.mark.parametrize("cmd", [[], ["build"], ["query"]])
def test_help_explains_itself(cmd):
    result = runner.invoke(app, [*cmd, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output or not cmd


README_QUERIES = {
    "organisations in 合川区": """
        SELECT ?name WHERE {
          ?r rdfs:label "合川区"@zh .
          ?x zhkg:locatedIn ?r ; rdfs:label ?name .
        } ORDER BY ?name""",
    "partners with evidence": """
        SELECT ?a ?b ?sentence WHERE {
          ?x zhkg:partnerOf ?y . ?x rdfs:label ?a . ?y rdfs:label ?b .
          ?e rdf:subject ?x ; rdf:predicate zhkg:partnerOf ; rdf:object ?y ; zhkg:sentence ?sentence .
          FILTER(STR(?a) < STR(?b))
        } ORDER BY ?a ?b""",
    "projects and developers": """
        SELECT ?project ?developer WHERE {
          ?d zhkg:develops ?p . ?p a zhkg:Project ; rdfs:label ?project . ?d rdfs:label ?developer .
        } ORDER BY ?project""",
}


def test_readme_example_queries_are_in_the_readme():
    from conftest import REPO

    readme = REPO.joinpath("README.md").read_text(encoding="utf-8")
    for q in README_QUERIES.values():
        first = q.strip().splitlines()[0].strip()
        assert first in readme, first


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_readme_queries_return_rows(seed_build, fmt):
    out, _ = seed_build
    expected = {
        "organisations in 合川区": {"合川网络安全产业城"},
        "partners with evidence": {"重庆睿伊互感器研究院有限公司"},
        "projects and developers": {"360网络安全协同创新产业基地", "北京奇虎科技有限公司"},
    }
    for key, q in README_QUERIES.items():
        result = runner.invoke(app, ["query", str(out), q, "--format", fmt])
        assert result.exit_code == 0, result.output
        if fmt == "json":
            rows = [list(r.values()) for r in json.loads(result.stdout)]
        else:
            rows = list(csv.reader(io.StringIO(result.stdout), delimiter="," if fmt == "csv" else "\t"))[1:]
        values = {v for r in rows for v in r}
        assert expected[key] <= values, (key, rows[:5])


def test_bad_query_is_one_line_error(seed_build):
    out, _ = seed_build
    result = runner.invoke(app, ["query", str(out), "SELECT ?x WHERE { ?x"])
    assert result.exit_code == 1
    assert result.output.startswith("zhkg: error:") and result.output.strip().count("\n") == 0


def test_query_without_a_build(tmp_path):
    result = runner.invoke(app, ["query", str(tmp_path), "ASK {}"])
    assert result.exit_code == 1 and "no SPARQL store" in result.output
