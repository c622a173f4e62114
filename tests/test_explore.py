"""Exploring the seed graph: names, paths with evidence, hubs, communities, the CLI."""
from __future__ import annotations

import json

import networkx as nx
import pytest
from typer.testing import CliRunner

from zhkg.extract.errors import SchemaError
from zhkg.graph.explore import (
    AmbiguousEntityError, NoPathError, UnknownEntityError, all_paths, centrality, communities, ego_subgraph,
    entity_card, find_entities, neighbors, resolve_entity, shortest_path,
)

LIFAN, METROLOGY = "力帆科技公司", "重庆市计量质量检测研究院"


def _via_cooperation(g: nx.MultiDiGraph, path) -> bool:
    """A step is partnerOf, or the path passes through a Partnership node."""
    return any(s.relation == "partnerOf" for s in path.steps) or any(
        g.nodes[n]["type"] == "Partnership" for n in path.nodes[1:-1])


def test_names_resolve_by_alias_and_abbreviation(seed_graph):
    node = resolve_entity(seed_graph, METROLOGY)
    assert resolve_entity(seed_graph, "市计量质检院") == node
    assert find_entities(seed_graph, METROLOGY)[0].score == 1.0
    assert resolve_entity(seed_graph, "力帆", types=["Organization"]) == resolve_entity(seed_graph, LIFAN)
    with pytest.raises(UnknownEntityError, match="unknown entity: '不存在的公司'"):
        resolve_entity(seed_graph, "不存在的公司")
    with pytest.raises(SchemaError, match="unknown entity type: 'Firm'"):
        find_entities(seed_graph, "力帆", types=["Firm"])


def test_ambiguous_name_lists_the_candidates():
    g = nx.MultiDiGraph()
    g.add_node("a", label="华为", type="Company", aliases=[])
    g.add_node("b", label="华为", type="Institution", aliases=[])
    with pytest.raises(AmbiguousEntityError, match=r"华为 \(Company\); 华为 \(Institution\)"):
        resolve_entity(g, "华为")
    assert resolve_entity(g, "华为", types=["Company"]) == "a"


def test_path_between_lifan_and_metrology_goes_through_their_cooperation(seed_graph):
    a, b = resolve_entity(seed_graph, LIFAN), resolve_entity(seed_graph, METROLOGY)
    paths = all_paths(seed_graph, a, b, max_length=2)
    coop = [p for p in paths if _via_cooperation(seed_graph, p)]
    assert coop, [str(p) for p in paths]
    for step in coop[0].steps:
        ev = step.evidence
        assert ev is not None and "合作" in ev.sentence_text and ev.doc_id
        assert ev.start < ev.end
    assert coop[0].nodes[0] == a and coop[0].nodes[-1] == b
    short = shortest_path(seed_graph, a, b)
    assert len(short) == 1 and short.steps[0].evidence is not None


def test_path_respects_relation_filter_and_reports_no_path(seed_graph):
    a, b = resolve_entity(seed_graph, LIFAN), resolve_entity(seed_graph, "仙桃数据谷")
    with pytest.raises(NoPathError):
        shortest_path(seed_graph, a, b, relations=["subOrganizationOf"])
    with pytest.raises(SchemaError, match="unknown relation: 'partner'"):
        all_paths(seed_graph, a, b, relations=["partner"])


def test_neighbours_and_ego_subgraph(seed_graph):
    park = resolve_entity(seed_graph, "仙桃数据谷")
    near = neighbors(seed_graph, park, hops=1, relations=["settledIn"], types=["Company"])
    labels = {n.label for n in near}
    assert "华为" in labels and all(n.relation == "settledIn" and not n.forward for n in near)
    ego = ego_subgraph(seed_graph, park, hops=1)
    assert set(ego) == {park, *(n.node for n in neighbors(seed_graph, park, hops=1))}
    assert ego.graph["focus"] == park


def test_centrality_puts_the_metrology_institute_first(seed_graph):
    rows = centrality(seed_graph, top=5)
    assert rows[0].label == METROLOGY
    assert all(r.type in ("Company", "GovernmentBody", "Institution") for r in rows)
    by_degree = centrality(seed_graph, measures=("degree",), by="degree")
    assert [r.degree for r in by_degree] == sorted((r.degree for r in by_degree), reverse=True)
    with pytest.raises(ValueError, match="unknown measure: 'closeness'"):
        centrality(seed_graph, measures=("closeness",))


def test_communities_are_deterministic_and_independent_of_input_order(seed_graph):
    first = communities(seed_graph, seed=7)
    assert first == communities(seed_graph, seed=7)
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(reversed(list(seed_graph.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(seed_graph.edges(keys=True, data=True))))
    assert [c.members for c in communities(shuffled, seed=7)] == [c.members for c in first]
    park = {c.place for c in first}
    assert resolve_entity(seed_graph, "仙桃数据谷") in park
    assert sum(c.size for c in communities(seed_graph, min_size=1)) == seed_graph.number_of_nodes()


def test_entity_card_has_aliases_place_and_evidence(seed_graph):
    card = entity_card(seed_graph, resolve_entity(seed_graph, "开州区赵家街道"))
    assert [seed_graph.nodes[n]["label"] for n in card.region_chain] == ["开州区", "重庆市"]
    card = entity_card(seed_graph, resolve_entity(seed_graph, METROLOGY))
    assert "市计量质检院" in card.aliases
    served = [r for r in card.relations if r.relation == "serves" and r.forward]
    assert served and all(r.evidence and r.evidence[0].sentence_text for r in served)


# ---------------------------------------------------------------- CLI

runner = CliRunner()


@pytest.fixture(scope="module")
def app():
    from zhkg.exports.cli import app

    return app


def test_cli_path_prints_each_step_with_its_sentence(app, seed_build):
    out = seed_build[0]
    result = runner.invoke(app, ["path", str(out), LIFAN, "市计量质检院", "-n", "2", "--json"])
    assert result.exit_code == 0, result.output
    paths = json.loads(result.stdout)
    assert paths and all(s["evidence"]["sentence_text"] for p in paths for s in p["steps"])
    result = runner.invoke(app, ["path", str(out), LIFAN, "市计量质检院"])
    assert result.exit_code == 0 and LIFAN in result.stdout and "「" in result.stdout


def test_cli_unknown_name_is_one_line_error(app, seed_build):
    result = runner.invoke(app, ["show", str(seed_build[0]), "不存在的公司"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "zhkg: error: unknown entity: '不存在的公司' (no name or alias matches)"
    assert result.stdout == ""


@pytest.mark.parametrize("args,key", [
    (["show", "{out}", "市计量质检院", "--json"], "aliases"),
    (["neighbors", "{out}", "仙桃数据谷", "--hops", "2", "--json"], "distance"),
    (["top", "{out}", "-n", "3", "--json"], "pagerank"),
    (["communities", "{out}", "--json"], "member_labels"),
])
def test_cli_json_outputs(app, seed_build, args, key):
    result = runner.invoke(app, [a.format(out=seed_build[0]) for a in args])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert key in (data[0] if isinstance(data, list) else data)


def test_cli_tables_and_help(app, seed_build):
    out = str(seed_build[0])
    for args in (["show", out, "市计量质检院"], ["top", out], ["communities", out], ["neighbors", out, "渝北区"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0 and result.stdout.strip(), args
    for cmd in ("show", "path", "neighbors", "top", "communities", "view", "plot"):
        result = runner.invoke(app, [cmd, "--help"])
        assert result.exit_code == 0 and "Example" in result.stdout, cmd


def test_cli_view_writes_the_neighbourhood(app, seed_build, tmp_path):
    dest = tmp_path / "lifan.html"
    result = runner.invoke(app, ["view", str(seed_build[0]), "--focus", LIFAN, "--hops", "2", "-o", str(dest)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(dest)
    page = dest.read_text(encoding="utf-8")
    assert LIFAN in page and '"focus": "' in page


def test_cli_plot_writes_a_picture(app, seed_build, tmp_path):
    pytest.importorskip("matplotlib")
    from zhkg.exports.plot import find_cjk_font

    if find_cjk_font() is None:
        pytest.skip("no CJK font (apt-get install fonts-noto-cjk)")
    dest = tmp_path / "m.svg"
    result = runner.invoke(app, ["plot", str(seed_build[0]), "--focus", "市计量质检院", "-o", str(dest)])
    assert result.exit_code == 0, result.output
    assert dest.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    result = runner.invoke(app, ["plot", str(seed_build[0]), "-o", str(tmp_path / "m.jpg")])
    assert result.exit_code == 1 and "unknown picture format '.jpg'" in result.stderr
