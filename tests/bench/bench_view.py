"""Benchmark the HTML view on a large synthetic graph: file size and time to interactive.

Not a test: a script that prints figures. It builds a graph shaped like a
built one (organisations in regions and parks, partnerships, projects,
evidence sentences on every edge; ``--nodes`` nodes, about 2.4 edges each),
writes graph.html (graphs over ``MAX_NODES`` show the top nodes by PageRank),
then opens it ``--repeat`` times in a fresh headless Chromium with the
network off and reports the median of:

- load → frozen: from navigation start until the layout has settled and
  physics is off (``window.zhkg.ready``, the page's own clock);
- search + select + side panel: one search, selection and panel render once
  frozen (the page answers input).

    python tests/bench/bench_view.py [--nodes 5000] [--repeat 3] [--keep out.html]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshot_view import Browser  # noqa: E402

from zhkg.exports.html import MAX_NODES, write_html  # noqa: E402

_CHARS = "华安信达创新科技智能数据网络电子汽车软件材料能源环保医药生物精密机械制造电气仪表通信云联"
_SUFFIX = {"Company": "有限公司", "Institution": "研究院", "GovernmentBody": "管理局", "Park": "产业园",
           "Project": "项目", "Person": ""}


def synthetic_graph(n: int, seed: int = 7) -> nx.MultiDiGraph:
    """A graph of ``n`` nodes with the shape and attributes of a built one."""
    rnd = random.Random(seed)
    g = nx.MultiDiGraph()

    def name(kind: str) -> str:
        return "".join(rnd.choice(_CHARS) for _ in range(rnd.randint(2, 5))) + _SUFFIX[kind]

    def ev(a: str, b: str, rule: str) -> dict:
        text = f"近日，{g.nodes[a]['label']}与{g.nodes[b]['label']}在{rnd.randint(2015, 2024)}年签署协议，双方将在相关领域开展合作。"
        return {"doc": f"doc{rnd.randint(0, 999):04d}", "sentence": rnd.randint(0, 80), "text": text,
                "start": 0, "end": len(text), "rule": rule, "confidence": round(rnd.uniform(0.5, 0.95), 2)}

    def add(kind: str, i: int) -> str:
        node = f"{kind.lower()}-{i:05d}"
        g.add_node(node, type=kind, label=name(kind) + (str(i) if kind != "Person" else ""), aliases=[],
                   documents=[f"doc{rnd.randint(0, 999):04d}"], region_code=None, quantities=[], merges=[])
        return node

    regions = []
    for i in range(max(10, n // 50)):
        node = f"region-{i:05d}"
        g.add_node(node, type="AdminRegion", label=f"{name('Park')[:3]}区{i}", aliases=[], documents=[],
                   region_code=f"50{i:04d}", quantities=[], merges=[])
        if regions:
            g.add_edge(node, regions[0], key="partOf", relation="partOf", confidence=1.0,
                       evidence=[{"doc": "gazetteer:GB-T-2260", "sentence": -1, "text": "", "start": 0, "end": 0,
                                  "rule": "gazetteer-hierarchy", "confidence": 1.0}])
        regions.append(node)
    kinds = rnd.choices(["Company", "Institution", "GovernmentBody", "Park", "Project", "Person"],
                        weights=[60, 10, 4, 6, 15, 5], k=n - len(regions))
    nodes = [add(k, i) for i, k in enumerate(kinds)]
    by_kind: dict[str, list[str]] = {}
    for u in nodes:
        by_kind.setdefault(g.nodes[u]["type"], []).append(u)
    orgs = by_kind["Company"] + by_kind["Institution"] + by_kind["GovernmentBody"]

    def link(u: str, v: str, rel: str) -> None:
        g.add_edge(u, v, key=rel, relation=rel, confidence=0.8, evidence=[ev(u, v, rel + "-cue")])

    for u in orgs + by_kind["Park"] + by_kind["Project"]:
        link(u, rnd.choice(regions[: max(3, len(regions) // 3)] if rnd.random() < 0.7 else regions), "locatedIn")
    for u in orgs:
        if rnd.random() < 0.4:
            link(u, rnd.choice(by_kind["Park"]), "settledIn")
        if rnd.random() < 0.3:
            link(u, rnd.choice(orgs), "serves")
    for u in by_kind["Project"]:
        link(rnd.choice(orgs), u, "develops")
    for u in by_kind["Person"]:
        link(u, rnd.choice(orgs), "affiliatedWith")
    for i in range(n // 20):
        p = f"partnership-{i:05d}"
        a, b = rnd.sample(orgs, 2)
        g.add_node(p, type="Partnership", label=f"合作：{g.nodes[a]['label']}、{g.nodes[b]['label']}", aliases=[],
                   documents=[], region_code=None, quantities=[], merges=[])
        for x in (a, b):
            link(p, x, "participant")
        link(a, b, "partnerOf")
        link(b, a, "partnerOf")
    g.remove_nodes_from(list(g.nodes)[n:])
    return g


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nodes", type=int, default=5000, help="nodes of the synthetic graph")
    ap.add_argument("--max-nodes", type=int, default=MAX_NODES, help="largest graph drawn whole")
    ap.add_argument("--repeat", type=int, default=3, help="browser runs; the median is reported")
    ap.add_argument("--keep", type=Path, default=None, help="keep the page here")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for the frozen layout")
    args = ap.parse_args(argv)

    g = synthetic_graph(args.nodes)
    out = args.keep or Path(tempfile.mkdtemp(prefix="zhkg-bench-")) / "graph.html"
    t0 = time.perf_counter()
    write_html(g, out, title=f"bench {args.nodes}", max_nodes=args.max_nodes)
    render_s = time.perf_counter() - t0
    size_mb = out.stat().st_size / 1e6
    print(f"graph: {g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges; "
          f"render {render_s:.2f} s; graph.html {size_mb:.2f} MB")

    frozen, respond, drawn, errors = [], [], None, []
    for _ in range(args.repeat):
        with Browser() as b:
            b.open(out, timeout=args.timeout)
            frozen.append(b.wait_for("window.zhkg && window.zhkg.ready", timeout=args.timeout) / 1000)
            t = b.eval("(function(){var t0 = performance.now(); var k = Object.keys(zhkg.details.nodes);"
                       "var id = zhkg.search(zhkg.details.nodes[k[k.length >> 1]].label.slice(0, 5));"
                       "network.selectNodes([id]); network.body.emitter.emit('click', {nodes: [id], edges: []});"
                       "network.redraw(); return performance.now() - t0;})()")
            respond.append(t / 1000)
            drawn = b.eval("zhkg.drawn()")
            errors += b.errors
    print(f"drawn nodes: {drawn}")
    print(f"load -> frozen layout: median {statistics.median(frozen):.2f} s  (runs: "
          + ", ".join(f"{x:.2f}" for x in frozen) + ")")
    print(f"search + select + panel: median {statistics.median(respond) * 1000:.0f} ms")
    for e in errors:
        print(f"page error: {e}", file=sys.stderr)
    ok = size_mb < 10 and statistics.median(frozen) < 10 and not errors
    print("targets (< 10 MB, interactive < 10 s, no page errors):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
