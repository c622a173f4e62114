"""An interactive HTML view (pyvis) that works offline from one file.

pyvis's ``cdn_resources="in_line"`` inlines vis-network, but its template
still links bootstrap and tom-select from CDNs; those tags are removed, so the
page loads with the network off. Node colour and shape encode the type (with
a legend), tooltips hold aliases, region codes and evidence sentences, and
physics stops once the layout has settled.
"""
from __future__ import annotations

import re
from pathlib import Path

import networkx as nx

from .atomic import atomic_write_text

__all__ = ["write_html", "TYPE_STYLE", "render_html"]

TYPE_STYLE: dict[str, tuple[str, str]] = {
    "Company": ("#4e79a7", "dot"),
    "GovernmentBody": ("#e15759", "diamond"),
    "Institution": ("#59a14f", "triangle"),
    "AdminRegion": ("#9c755f", "square"),
    "Park": ("#f28e2b", "hexagon"),
    "Project": ("#b07aa1", "star"),
    "Partnership": ("#76b7b2", "triangleDown"),
    "Person": ("#edc948", "ellipse"),
}
_EXTERNAL = re.compile(r"""<(?:link|script)\b[^>]*\b(?:href|src)\s*=\s*["']https?://[^"']*["'][^>]*>(?:\s*</script>)?""", re.I)
_FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"


def _tooltip(data: dict) -> str:
    lines = [f"{data['label']}（{data['type']}）"]
    if data.get("aliases"):
        lines.append("别名：" + "、".join(data["aliases"]))
    if data.get("region_code"):
        lines.append(f"区划代码：{data['region_code']}")
    if data.get("documents"):
        lines.append("文档：" + "、".join(data["documents"][:5]))
    for q in data.get("quantities", [])[:5]:
        lines.append(f"{q['metric']}：{q.get('qualifier') or ''}{q['value']:g}{q['unit']}")
    return "\n".join(lines)


def _edge_tooltip(rel: str, data: dict) -> str:
    lines = [f"{rel}  置信度 {data['confidence']:.2f}"]
    for ev in data["evidence"][:4]:
        if ev["text"]:
            lines.append(f"[{ev['doc']} #{ev['sentence']}, {ev['rule']}] {ev['text'][:120]}")
        else:
            lines.append(f"[{ev['doc']}, {ev['rule']}]")
    return "\n".join(lines)


def render_html(g: nx.MultiDiGraph, title: str = "zhkg") -> str:
    """The page as a string (no external URL in any src or href)."""
    from pyvis.network import Network

    net = Network(height="90vh", width="100%", directed=True, cdn_resources="in_line", notebook=False,
                  heading="")
    for node, data in sorted(g.nodes(data=True)):
        color, shape = TYPE_STYLE.get(data["type"], ("#bab0ac", "dot"))
        net.add_node(node, label=data["label"], title=_tooltip(data), color=color, shape=shape,
                     group=data["type"], size=12 + min(3 * g.degree(node), 24))
    for u, v, rel, data in sorted(g.edges(keys=True, data=True)):
        net.add_edge(u, v, label=rel, title=_edge_tooltip(rel, data), arrows="to",
                     width=1 + 2 * float(data["confidence"]))
    net.set_options(
        '{"nodes": {"font": {"size": 14, "face": "%s"}}, '
        '"edges": {"font": {"size": 10, "align": "middle"}, "smooth": {"type": "continuous"}}, '
        '"physics": {"solver": "forceAtlas2Based", "forceAtlas2Based": {"gravitationalConstant": -80, '
        '"springLength": 120}, "stabilization": {"enabled": true, "iterations": 400}}, '
        '"interaction": {"hover": true, "navigationButtons": false}}' % _FONT
    )
    html = net.generate_html()
    html = _EXTERNAL.sub("", html)
    legend = "".join(
        f'<span style="margin-right:12px"><span style="display:inline-block;width:10px;height:10px;'
        f'background:{c};margin-right:4px"></span>{t}</span>' for t, (c, _) in TYPE_STYLE.items()
    )
    header = (f'<div style="font-family:{_FONT};padding:6px"><b>{title}</b> — '
              f'{g.number_of_nodes()} nodes, {g.number_of_edges()} edges<br>{legend}</div>')
    freeze = ('<script>if (typeof network !== "undefined") { network.once("stabilizationIterationsDone", '
              'function () { network.setOptions({physics: false}); }); }</script>')
    html = html.replace("<body>", "<body>" + header, 1)
    html = html.replace("</body>", freeze + "</body>", 1)
    return html


def write_html(g: nx.MultiDiGraph, path: Path, title: str = "zhkg") -> Path:
    atomic_write_text(path, render_html(g, title))
    return path
