"""The HTML view: offline, details for the side panel, top-N cut, and a real browser.

The browser test runs headless Chromium (Debian's ``chromium``; ``.ci/run``
installs it) over the DevTools pipe with the network off, and skips when no
Chromium is installed.
"""
from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import networkx as nx
import pytest

from zhkg.exports.html import render_html, write_html

BENCH = Path(__file__).resolve().parent / "bench"


def _details(page: str) -> dict:
    blob = re.search(r'<script type="application/json" id="zhkg-data">(.*?)</script>', page, re.S).group(1)
    return json.loads(blob)


def _browser_module():
    spec = importlib.util.spec_from_file_location("screenshot_view", BENCH / "screenshot_view.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _star(n: int) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("hub", label="仙桃数据谷", type="Park", aliases=[], documents=["d"])
    for i in range(n - 1):
        g.add_node(f"c{i}", label=f"企业{i}公司", type="Company", aliases=[], documents=["d"])
        if i % 2 == 0:
            g.add_edge(f"c{i}", "hub", key="settledIn", relation="settledIn", confidence=0.8, evidence=[])
    return g


def test_page_is_offline_and_carries_evidence_for_the_panel(seed_graph):
    page = render_html(seed_graph, title="seeds")
    assert not re.findall(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page, re.I)
    details = _details(page)
    assert len(details["nodes"]) == seed_graph.number_of_nodes()
    metrology = next(v for v in details["nodes"].values() if v["label"] == "重庆市计量质量检测研究院")
    assert "市计量质检院" in metrology["aliases"]
    texts = [ev for e in details["edges"].values() for ev in e["evidence"] if ev["text"]]
    assert texts and all(ev["doc"] for ev in texts)
    assert any(ev["marks"] for ev in texts)  # head and tail highlighted in the sentence
    assert details["relations"]["locatedIn"] == "位于"
    assert 'id="zhkg-search"' in page and 'data-type="Company"' in page and 'data-rel="serves"' in page


def test_big_graph_shows_the_top_nodes_and_says_so():
    g = _star(60)
    page = render_html(g, max_nodes=20)
    details = _details(page)
    assert len(details["nodes"]) == 20 and "hub" in details["nodes"]
    assert "只显示 PageRank 最高的 20 个节点" in page
    assert "只显示" not in render_html(g)


def test_focus_must_be_a_node(seed_graph):
    with pytest.raises(ValueError, match="focus is not a node"):
        render_html(seed_graph, focus="nope")


def test_chromium_draws_every_node_and_search_finds_an_entity(seed_graph, tmp_path):
    mod = _browser_module()
    if mod.find_chromium() is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    page = write_html(seed_graph, tmp_path / "graph.html", title="seeds")
    with mod.Browser(width=1200, height=800) as b:
        b.open(page)
        assert b.wait_for("window.zhkg && window.zhkg.ready", timeout=60) > 0
        assert b.eval("zhkg.drawn()") == seed_graph.number_of_nodes()
        assert b.eval("network.physics.physicsEnabled") is False
        b.eval("document.getElementById('zhkg-search').value = '市计量质检院';"
               "document.getElementById('zhkg-go').click()")
        selected = b.eval("network.getSelectedNodes()")
        label = seed_graph.nodes[selected[0]]["label"] if selected else None
        assert label == "重庆市计量质量检测研究院"
        panel = b.eval("document.getElementById('zhkg-panel').textContent")
        assert "别名" in panel and "市计量质检院" in panel
        edge = b.eval("Object.keys(zhkg.details.edges).find(function (k) { return zhkg.details.edges[k].evidence.length"
                      " && zhkg.details.edges[k].evidence[0].text; })")
        b.eval(f"void network.body.emitter.emit('click', {{nodes: [], edges: [{json.dumps(edge)}]}})")
        assert "证据" in b.eval("document.getElementById('zhkg-panel').textContent")
        b.eval("document.querySelector('input[data-type=Company]').click()")
        companies = sum(1 for _, d in seed_graph.nodes(data=True) if d["type"] == "Company")
        assert b.eval("nodes.get().filter(function (n) { return n.hidden; }).length") == companies
        assert b.errors == []
