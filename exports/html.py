"""An interactive HTML view (pyvis) that works offline from one file.

pyvis's ``cdn_resources="in_line"`` inlines vis-network, but its template
still links bootstrap and tom-select from CDNs; those tags are removed, so the
page loads with the network off. On top of pyvis's page come:

- a toolbar: a search box (canonical names and aliases, loose match) that
  selects and centres an entity; the legend, whose type and relation boxes
  filter what is drawn;
- a side panel: click a node for its type, aliases, place, quantities and
  relations, or an edge for its evidence sentences with document and rule;
- a layout that settles (stabilisation) and then freezes, with progress shown.

Graphs over ``max_nodes`` nodes are cut to the ``max_nodes`` with the highest
PageRank, and the page says so. The page sets ``window.zhkg`` (``ready`` once
the layout is frozen, ``search(q)``, ``drawn()``) for scripted checks.
"""
from __future__ import annotations

import html as html_lib
import json
import re
from functools import cache
from pathlib import Path

import networkx as nx

from zhkg.extract.schema import EntityType, Relation
from zhkg.graph.explore import centrality, region_chain

from .atomic import atomic_write_text

__all__ = ["write_html", "render_html", "TYPE_STYLE", "RELATION_COLOR", "MAX_NODES"]

#: Node colour and vis-network shape of each type (shapes with the label beneath, but Person).
TYPE_STYLE: dict[str, tuple[str, str]] = {
    EntityType.Company: ("#4e79a7", "dot"),
    EntityType.GovernmentBody: ("#e15759", "diamond"),
    EntityType.Institution: ("#59a14f", "triangle"),
    EntityType.AdminRegion: ("#9c755f", "square"),
    EntityType.Park: ("#f28e2b", "hexagon"),
    EntityType.Project: ("#b07aa1", "star"),
    EntityType.Partnership: ("#76b7b2", "triangleDown"),
    EntityType.Person: ("#edc948", "ellipse"),
}
#: Edge colour of each relation (places brown, cooperation teal, ...).
RELATION_COLOR: dict[str, str] = {
    Relation.locatedIn: "#a0887a",
    Relation.partOf: "#c9b8ab",
    Relation.settledIn: "#f28e2b",
    Relation.develops: "#b07aa1",
    Relation.participant: "#76b7b2",
    Relation.produces: "#4a9a95",
    Relation.partnerOf: "#2f7f7a",
    Relation.serves: "#e15759",
    Relation.subOrganizationOf: "#4e79a7",
    Relation.affiliatedWith: "#d4a72c",
}
#: Relations drawn only after their box is ticked (derived from partnerships, which are drawn).
HIDDEN_RELATIONS = frozenset({Relation.partnerOf.value})
#: Largest graph drawn whole; bigger ones show the top nodes by PageRank.
MAX_NODES = 2000

_EXTERNAL = re.compile(r"""<(?:link|script)\b[^>]*\b(?:href|src)\s*=\s*["']https?://[^"']*["'][^>]*>(?:\s*</script>)?""", re.I)
_FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Microsoft YaHei', 'PingFang SC', sans-serif"
_LABEL_CHARS = 10
_EVIDENCE_PER_EDGE = 5
_SENTENCE_CHARS = 400


@cache
def _zh_labels() -> dict[str, str]:
    """Chinese labels of the ontology's classes and properties (identifier when absent)."""
    from rdflib import RDFS, Graph

    from .vocab import ZHKG, ontology_path

    onto = Graph().parse(ontology_path())
    out: dict[str, str] = {}
    ns = str(ZHKG._NS)
    for s, label in onto.subject_objects(RDFS.label):
        if str(s).startswith(ns) and getattr(label, "language", None) == "zh":
            out[str(s)[len(ns):]] = str(label)
    return out


def _zh(term: str) -> str:
    return _zh_labels().get(term, term)


def _short(label: str, n: int = _LABEL_CHARS) -> str:
    return label if len(label) <= n else label[: n - 1] + "…"


def _node_label(data: dict, g: nx.MultiDiGraph, node: str) -> str:
    if data["type"] != EntityType.Partnership:
        return _short(data["label"])
    products = [g.nodes[v]["label"] for _, v, k in g.out_edges(node, keys=True) if k == Relation.produces]
    return "合作" + ("→" + _short(products[0], 8) if products else "")


def _quantity_text(q: dict) -> str:
    year = f"（{q['year']}年）" if q.get("year") else ""
    return f"{q['metric']}：{q.get('qualifier') or ''}{q['value']:g}{q['unit']}{year}"


def _marks(text: str, names: list[str]) -> list[list[int]]:
    """Where the two ends' names occur in the sentence (first hit of the longest form each).

    The sentence is the joined view of wrapped lines, so document offsets do
    not index it; the names do.
    """
    marks: list[list[int]] = []
    for forms in names:
        for form in sorted(forms, key=len, reverse=True):
            at = text.find(form) if form else -1
            if at >= 0 and not any(a < at + len(form) and at < b for a, b in marks):
                marks.append([at, at + len(form)])
                break
    return sorted(marks)


def _evidence_rows(records: list[dict], names: list[list[str]]) -> list[dict]:
    rows = []
    best = sorted(records, key=lambda r: (not r["text"], -r["confidence"], r["doc"], r["sentence"]))
    for r in best[:_EVIDENCE_PER_EDGE]:
        text = r["text"]
        if len(text) > _SENTENCE_CHARS:
            text = text[:_SENTENCE_CHARS] + "…"
        rows.append({"doc": r["doc"], "sentence": r["sentence"], "text": text, "rule": r["rule"],
                     "confidence": round(float(r["confidence"]), 3),
                     "marks": _marks(text[:_SENTENCE_CHARS], names)})
    return rows


def _names(g: nx.MultiDiGraph, node: str) -> list[str]:
    data = g.nodes[node]
    return [data["label"], *data.get("aliases", [])]


def _top_nodes(g: nx.MultiDiGraph, n: int) -> nx.MultiDiGraph:
    keep = [c.node for c in centrality(g, types=None, measures=("pagerank", "degree"), top=n)]
    return g.subgraph(keep).copy()


def _svg_shape(shape: str, color: str) -> str:
    paths = {
        "dot": '<circle cx="7" cy="7" r="6"/>',
        "diamond": '<polygon points="7,0 14,7 7,14 0,7"/>',
        "triangle": '<polygon points="7,1 13,13 1,13"/>',
        "triangleDown": '<polygon points="1,1 13,1 7,13"/>',
        "square": '<rect x="1" y="1" width="12" height="12"/>',
        "hexagon": '<polygon points="4,1 10,1 13,7 10,13 4,13 1,7"/>',
        "star": '<polygon points="7,0 9,5 14,5 10,8 12,14 7,10 2,14 4,8 0,5 5,5"/>',
        "ellipse": '<ellipse cx="7" cy="7" rx="7" ry="4.5"/>',
    }
    return f'<svg width="14" height="14" viewBox="0 0 14 14" fill="{color}">{paths.get(shape, paths["dot"])}</svg>'


def _payload(g: nx.MultiDiGraph, shown: nx.MultiDiGraph) -> tuple[list[dict], list[dict], dict]:
    """vis nodes, vis edges and the details blob of the side panel."""
    nodes, edges = [], []
    details: dict = {"nodes": {}, "edges": {}}
    max_deg = max((shown.degree(u) for u in shown), default=1) or 1
    for node, data in sorted(shown.nodes(data=True)):
        color, shape = TYPE_STYLE.get(data["type"], ("#bab0ac", "dot"))
        deg = shown.degree(node)
        size = 10 + 22 * (deg / max_deg) ** 0.5
        if data["type"] == EntityType.Partnership:
            size = 9
        label = _node_label(data, shown, node)
        # repulsion grows with mass: room for long labels
        nodes.append({"id": node, "label": label, "shape": shape, "size": round(size, 1), "mass": 1 + len(label) / 6,
                      "color": color, "title": f"{data['label']}（{_zh(data['type'])}）", "ztype": data["type"]})
        details["nodes"][node] = {
            "label": data["label"], "type": data["type"], "aliases": list(data.get("aliases", [])),
            "region_code": data.get("region_code"),
            "region": [g.nodes[r]["label"] for r in region_chain(g, node)],
            "documents": list(data.get("documents", []))[:20], "n_documents": len(data.get("documents", [])),
            "quantities": [_quantity_text(q) for q in data.get("quantities", [])][:20],
            "degree": g.degree(node), "shown_degree": deg,
        }
    done: set[tuple[str, str, str]] = set()
    for u, v, rel, data in sorted(shown.edges(keys=True, data=True)):
        if (u, v, rel) in done:
            continue
        both = rel == Relation.partnerOf and shown.has_edge(v, u, key=rel)
        if both:
            done.add((v, u, rel))
        eid = f"{u}|{rel}|{v}"
        conf = float(data.get("confidence", 0.0))
        edge = {"id": eid, "from": u, "to": v, "label": _zh(rel), "arrows": "to,from" if both else "to",
                "color": RELATION_COLOR.get(rel, "#999999"), "width": round(0.8 + 1.6 * conf, 2),
                "title": f"{_zh(rel)}（{rel}）置信度 {conf:.2f}", "zrel": rel}
        if rel in HIDDEN_RELATIONS:
            edge["hidden"] = True
        edges.append(edge)
        details["edges"][eid] = {"relation": rel, "from": u, "to": v, "both": both, "confidence": round(conf, 3),
                                 "evidence": _evidence_rows(data.get("evidence", []), [_names(g, u), _names(g, v)])}
    return nodes, edges, details


def _options(n: int) -> str:
    iterations = 600 if n <= 300 else 250 if n <= 1000 else 100
    opts = {
        "nodes": {"font": {"size": 22, "face": _FONT, "strokeWidth": 4, "strokeColor": "#ffffff"},
                  "borderWidth": 1},
        "edges": {"font": {"size": 11, "face": _FONT, "align": "middle", "strokeWidth": 3,
                           "strokeColor": "#ffffff", "color": "#555555"},
                  "smooth": False if n > 300 else {"type": "continuous", "roundness": 0.3},
                  "arrows": {"to": {"scaleFactor": 0.5}, "from": {"scaleFactor": 0.5}},
                  "selectionWidth": 2, "scaling": {"label": {"drawThreshold": 9}}},
        "physics": {"solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -90, "centralGravity": 0.02,
                                         "springLength": 80, "springConstant": 0.08, "avoidOverlap": 1},
                    "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 20,
                                      "fit": True},
                    "minVelocity": 1.0},
        "layout": {"improvedLayout": n <= 300, "randomSeed": 7},
        "interaction": {"hover": n <= 1000, "hideEdgesOnDrag": n > 300, "tooltipDelay": 150,
                        "navigationButtons": False, "keyboard": False},
    }
    return json.dumps(opts)


_CSS = """
html, body { margin: 0; height: 100%; font-family: %(font)s; font-size: 14px; color: #222; }
body { display: flex; flex-direction: column; }
#zhkg-bar { flex: none; padding: 6px 10px; border-bottom: 1px solid #ddd; background: #fafafa; }
#zhkg-bar .row { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 12px; margin: 2px 0; }
#zhkg-bar label { cursor: pointer; white-space: nowrap; }
#zhkg-bar label svg { vertical-align: -2px; margin: 0 3px; }
#zhkg-bar .rel { display: inline-block; width: 16px; height: 3px; vertical-align: 3px; margin: 0 3px; }
#zhkg-search { width: 16em; font: inherit; padding: 2px 6px; }
#zhkg-note { color: #a33; }
#zhkg-status { color: #777; }
body > .card { flex: 1; display: flex; min-height: 0; width: 100% !important; }
#mynetwork { flex: 1; width: auto !important; height: auto !important; float: none !important;
             border: none !important; min-width: 0; }
#zhkg-panel { flex: none; width: 330px; overflow: auto; border-left: 1px solid #ddd; padding: 8px 12px;
              background: #fff; }
#zhkg-panel h2 { font-size: 18px; margin: 4px 0; }
#zhkg-panel h3 { font-size: 14px; margin: 12px 0 4px; color: #555; }
#zhkg-panel .ev { margin: 4px 0 8px; padding: 4px 6px; background: #f6f6f2; border-left: 3px solid #ccc; }
#zhkg-panel .src { color: #777; font-size: 12px; }
#zhkg-panel a { color: #2a62a8; cursor: pointer; text-decoration: none; }
#zhkg-panel mark { background: #fde9a8; }
#zhkg-panel ul { margin: 2px 0; padding-left: 18px; }
#loadingBar { display: none !important; }
"""

_JS = r"""
(function () {
  var D = JSON.parse(document.getElementById("zhkg-data").textContent);
  var Z = window.zhkg = {ready: null, error: null, details: D, t: {script: performance.now()}};
  var adj = {};
  Object.keys(D.edges).forEach(function (id) {
    var e = D.edges[id];
    (adj[e.from] = adj[e.from] || []).push(id);
    (adj[e.to] = adj[e.to] || []).push(id);
  });
  var status = document.getElementById("zhkg-status");
  var panel = document.getElementById("zhkg-panel");
  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) { return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]; });
  }
  function norm(s) { return String(s).normalize("NFKC").toLowerCase().replace(/\s+/g, ""); }
  function link(id) {
    var n = D.nodes[id];
    return n ? '<a data-node="' + esc(id) + '">' + esc(n.label) + "</a>" : esc(id);
  }
  function sentence(ev) {
    var t = ev.text, out = "", at = 0;
    if (!t) { return '<div class="ev"><span class="src">' + esc(ev.doc) + "，" + esc(ev.rule) + "</span></div>"; }
    ev.marks.forEach(function (m) {
      if (m[0] < at) { return; }
      out += esc(t.slice(at, m[0])) + "<mark>" + esc(t.slice(m[0], m[1])) + "</mark>";
      at = m[1];
    });
    out += esc(t.slice(at));
    return '<div class="ev">' + out + '<div class="src">文档 ' + esc(ev.doc) + " · 第 " + (ev.sentence + 1) +
      " 句 · " + esc(ev.rule) + " · 置信度 " + ev.confidence + "</div></div>";
  }
  function showNode(id) {
    var n = D.nodes[id];
    if (!n) { return; }
    var h = "<h2>" + esc(n.label) + "</h2><div>" + esc(D.types[n.type] || n.type) + "（" + esc(n.type) + "）</div>";
    if (n.aliases.length) { h += "<h3>别名</h3><div>" + n.aliases.map(esc).join("、") + "</div>"; }
    if (n.region.length || n.region_code) {
      h += "<h3>所在地</h3><div>" + n.region.map(esc).join(" → ") + (n.region_code ? "（区划代码 " + esc(n.region_code) + "）" : "") + "</div>";
    }
    if (n.quantities.length) { h += "<h3>数量</h3><ul>" + n.quantities.map(function (q) { return "<li>" + esc(q) + "</li>"; }).join("") + "</ul>"; }
    var groups = {};
    (adj[id] || []).forEach(function (eid) {
      var e = D.edges[eid], out = e.from === id, other = out ? e.to : e.from;
      var key = e.relation + (e.both ? "" : out ? " →" : " ←");
      (groups[key] = groups[key] || []).push([other, e]);
    });
    Object.keys(groups).sort().forEach(function (key) {
      var rel = key.split(" ")[0], dir = key.split(" ")[1] || "↔";
      h += "<h3>" + esc(D.relations[rel] || rel) + " " + dir + "（" + groups[key].length + "）</h3>";
      groups[key].forEach(function (pair) {
        h += "<div>" + link(pair[0]) + "</div>" + (pair[1].evidence.length ? sentence(pair[1].evidence[0]) : "");
      });
    });
    if (n.degree > n.shown_degree) { h += '<div class="src">此视图显示 ' + n.shown_degree + " / " + n.degree + " 条关系</div>"; }
    h += "<h3>文档</h3><div class=\"src\">" + n.documents.map(esc).join("、") + (n.n_documents > n.documents.length ? " …" : "") + "</div>";
    panel.innerHTML = h;
  }
  function showEdge(eid) {
    var e = D.edges[eid];
    if (!e) { return; }
    var h = "<h2>" + esc(D.relations[e.relation] || e.relation) + "</h2><div>" + link(e.from) + (e.both ? " ↔ " : " → ") + link(e.to) +
      "</div><div class=\"src\">" + esc(e.relation) + " · 置信度 " + e.confidence + "</div><h3>证据</h3>";
    h += e.evidence.map(sentence).join("") || "<div>（无）</div>";
    panel.innerHTML = h;
  }
  function focusNode(id) {
    if (!network.body.data.nodes.get(id)) { return false; }
    var t = network.body.data.nodes.get(id).ztype, box = document.querySelector('input[data-type="' + t + '"]');
    if (box && !box.checked) { box.checked = true; applyFilters(); }
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 1.0), animation: {duration: 300}});
    showNode(id);
    return true;
  }
  Z.search = function (q) {
    var s = norm(q), best = null, bestScore = 0;
    if (!s) { return null; }
    Object.keys(D.nodes).forEach(function (id) {
      var n = D.nodes[id];
      [n.label].concat(n.aliases).forEach(function (name, i) {
        var m = norm(name), score = 0;
        if (m === s) { score = i === 0 ? 4 : 3.9; }
        else if (m.indexOf(s) >= 0) { score = 2 + s.length / m.length; }
        else if (m.length >= 2 && s.indexOf(m) >= 0) { score = 2 + m.length / s.length; }
        else {
          var k = 0;
          for (var j = 0; j < m.length && k < s.length; j++) { if (m[j] === s[k]) { k++; } }
          if (k === s.length && s.length >= 2) { score = 1 + s.length / m.length; }
        }
        if (score > bestScore || (score === bestScore && score > 0 && n.degree > D.nodes[best].degree)) { best = id; bestScore = score; }
      });
    });
    return best;
  };
  Z.drawn = function () { return network.body.nodeIndices.length; };
  function doSearch() {
    var q = document.getElementById("zhkg-search").value, id = Z.search(q);
    if (id && focusNode(id)) { status.textContent = "找到：" + D.nodes[id].label; }
    else { status.textContent = "未找到：" + q; }
  }
  document.getElementById("zhkg-go").addEventListener("click", doSearch);
  document.getElementById("zhkg-search").addEventListener("keydown", function (ev) { if (ev.key === "Enter") { doSearch(); } });
  function applyFilters() {
    var types = {}, rels = {};
    document.querySelectorAll("input[data-type]").forEach(function (b) { types[b.dataset.type] = b.checked; });
    document.querySelectorAll("input[data-rel]").forEach(function (b) { rels[b.dataset.rel] = b.checked; });
    var hiddenNode = {};
    nodes.update(nodes.get().map(function (n) { hiddenNode[n.id] = types[n.ztype] === false; return {id: n.id, hidden: hiddenNode[n.id]}; }));
    edges.update(edges.get().map(function (e) {
      return {id: e.id, hidden: rels[e.zrel] === false || hiddenNode[e.from] || hiddenNode[e.to]};
    }));
  }
  document.querySelectorAll("#zhkg-bar input[type=checkbox]").forEach(function (b) { b.addEventListener("change", applyFilters); });
  panel.addEventListener("click", function (ev) {
    var a = ev.target.closest("a[data-node]");
    if (a) { focusNode(a.dataset.node); }
  });
  network.on("click", function (p) {
    if (p.nodes.length) { showNode(p.nodes[0]); }
    else if (p.edges.length) { showEdge(p.edges[0]); }
  });
  network.once("startStabilizing", function () { Z.t.startStabilizing = performance.now(); });
  network.on("stabilizationProgress", function (p) {
    status.textContent = "布局中 " + Math.round(100 * p.iterations / p.total) + "%";
  });
  function freeze() {
    if (Z.ready !== null) { return; }
    network.setOptions({physics: false});
    Z.ready = performance.now();
    status.textContent = "布局完成（已固定，可拖动节点）";
  }
  network.once("stabilizationIterationsDone", freeze);
  network.once("stabilized", freeze);
  if (D.focus) { network.once("stabilizationIterationsDone", function () { focusNode(D.focus); }); }
})();
"""


def render_html(g: nx.MultiDiGraph, title: str = "zhkg", max_nodes: int = MAX_NODES,
                focus: str | None = None) -> str:
    """The page as a string (no external URL in any src or href).

    Parameters
    ----------
    g : networkx.MultiDiGraph
        A built graph (or part of one, e.g. an ego subgraph).
    title : str
        Shown in the toolbar and the page title.
    max_nodes : int
        Graphs with more nodes show only this many, those with the highest
        PageRank, with a note saying so.
    focus : str, optional
        A node id to select and centre once the layout has settled.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", label="长安软件科技公司", type="Company", aliases=["长安软件"], documents=["d"])
    >>> g.add_node("p", label="仙桃数据谷", type="Park", aliases=[], documents=["d"])
    >>> ev = {"doc": "d", "sentence": 0, "text": "长安软件科技公司正式入驻仙桃数据谷。", "start": 0, "end": 18,
    ...       "rule": "settle-cue", "confidence": 0.8}
    >>> _ = g.add_edge("a", "p", key="settledIn", relation="settledIn", confidence=0.8, evidence=[ev])
    >>> page = render_html(g)
    >>> "仙桃数据谷" in page, 'src="http' in page, 'href="http' in page
    (True, False, False)
    """
    if max_nodes < 1:
        raise ValueError(f"max_nodes must be positive, got {max_nodes}")
    from pyvis.network import Network

    if focus is not None and focus not in g:
        raise ValueError(f"focus is not a node of the graph: {focus!r}")
    total_n, total_m = g.number_of_nodes(), g.number_of_edges()
    shown = g if total_n <= max_nodes else _top_nodes(g, max_nodes)
    if focus is not None and focus not in shown:
        shown = g.subgraph({*shown.nodes, focus}).copy()
    nodes, edges, details = _payload(g, shown)
    details["types"] = {t.value: _zh(t.value) for t in EntityType}
    details["relations"] = {r.value: _zh(r.value) for r in Relation}
    details["focus"] = focus

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line", notebook=False, heading="")
    net.nodes, net.edges = nodes, edges
    net.node_ids = [n["id"] for n in nodes]
    net.node_map = {n["id"]: n for n in nodes}
    net.set_options(_options(len(nodes)))
    page = net.generate_html()
    page = _EXTERNAL.sub("", page)
    page = re.sub(r"<center>\s*<h1>\s*</h1>\s*</center>", "", page)

    counts = f"{total_n:,} 个节点，{total_m:,} 条边"
    note = ""
    if shown is not g:
        note = (f"节点太多：只显示 PageRank 最高的 {shown.number_of_nodes():,} 个节点及其间 "
                f"{shown.number_of_edges():,} 条边；用 zhkg view OUT --focus 名称 查看某个实体的邻域。")
    present_types = {d["type"] for _, d in shown.nodes(data=True)}
    present_rels = {k for _, _, k in shown.edges(keys=True)}
    types = "".join(
        f'<label title="{t}"><input type="checkbox" data-type="{t}" checked>{_svg_shape(s, c)}{_zh(t)}</label>'
        for t, (c, s) in TYPE_STYLE.items() if t in present_types)
    rels = "".join(
        f'<label title="{r}"><input type="checkbox" data-rel="{r}"{"" if r in HIDDEN_RELATIONS else " checked"}>'
        f'<span class="rel" style="background:{RELATION_COLOR[r]}"></span>{_zh(r)}</label>'
        for r in RELATION_COLOR if r in present_rels)
    options = "".join(
        f'<option value="{html_lib.escape(n)}">' for n in sorted({d["label"] for d in details["nodes"].values()}))
    esc_title = html_lib.escape(title)
    bar = (
        f'<div id="zhkg-bar"><div class="row"><b>{esc_title}</b><span>{counts}</span>'
        f'<span><input id="zhkg-search" list="zhkg-names" placeholder="搜索名称或简称…" autocomplete="off">'
        f'<button id="zhkg-go">查找</button></span><span id="zhkg-status">布局中…</span>'
        f'<span id="zhkg-note">{html_lib.escape(note)}</span></div>'
        f'<div class="row"><span>类型：</span>{types}</div><div class="row"><span>关系：</span>{rels}</div>'
        f'<datalist id="zhkg-names">{options}</datalist></div>'
    )
    panel = '<aside id="zhkg-panel"><div class="src">点击节点或连线查看详情与证据句。</div></aside>'
    blob = json.dumps(details, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    page = page.replace("<head>", f"<head>\n<title>{esc_title}</title>", 1)
    page = page.replace("</head>", f"<style>{_CSS.replace('%(font)s', _FONT)}</style>\n</head>", 1)
    page = page.replace("<body>", "<body>\n" + bar, 1)
    marker = '<div id="mynetwork" class="card-body"></div>'
    if marker not in page:
        raise RuntimeError("pyvis template changed: no #mynetwork div to put the side panel beside")
    page = page.replace(marker, marker + panel, 1)
    script = f'<script type="application/json" id="zhkg-data">{blob}</script>\n<script>{_JS}</script>'
    idx = page.rindex("</body>")
    return page[:idx] + script + "\n" + page[idx:]


def write_html(g: nx.MultiDiGraph, path: Path, title: str = "zhkg", max_nodes: int = MAX_NODES,
               focus: str | None = None) -> Path:
    """Write :func:`render_html`'s page atomically; returns ``path``."""
    atomic_write_text(path, render_html(g, title, max_nodes=max_nodes, focus=focus))
    return Path(path)
