"""The seed page built end to end: the facts issue 3 names, each with evidence."""
from __future__ import annotations


def _by_label(g, label):
    hits = [n for n, d in g.nodes(data=True) if d["label"] == label]
    assert hits, f"no node labelled {label!r}"
    return hits[0]


def _edge(g, u, v, rel):
    assert g.has_edge(u, v, key=rel), f"missing {g.nodes[u]['label']} -{rel}-> {g.nodes[v]['label']}"
    return g.edges[u, v, rel]


def _has_evidence(data):
    assert data["evidence"], "edge without evidence"
    for ev in data["evidence"]:
        assert ev["doc"] and ev["rule"] and 0 < ev["confidence"] <= 1
        if not ev["doc"].startswith("gazetteer:"):
            assert ev["text"] and ev["end"] > ev["start"]


def test_metrology_institute_is_one_node_with_its_aliases(seed_graph):
    n = _by_label(seed_graph, "重庆市计量质量检测研究院")
    aliases = set(seed_graph.nodes[n]["aliases"])
    assert {"市计量质检院", "重庆市市计量质检院"} <= aliases
    assert not [m for m, d in seed_graph.nodes(data=True) if d["label"] == "市计量质检院"]


def test_cyber_security_city_located_in_hechuan(seed_graph):
    park = _by_label(seed_graph, "合川网络安全产业城")
    hechuan = _by_label(seed_graph, "合川区")
    assert seed_graph.nodes[hechuan]["region_code"] == "500117"
    _has_evidence(_edge(seed_graph, park, hechuan, "locatedIn"))


def test_360_base_developed_by_qihoo(seed_graph):
    base = _by_label(seed_graph, "360网络安全协同创新产业基地")
    qihoo = _by_label(seed_graph, "北京奇虎科技有限公司")
    data = _edge(seed_graph, qihoo, base, "develops")
    _has_evidence(data)
    assert any("由北京奇虎科技有限公司" in ev["text"] for ev in data["evidence"])


def test_partnerships_of_the_institute_produce_the_high_voltage_lab(seed_graph):
    g = seed_graph
    inst = _by_label(g, "重庆市计量质量检测研究院")
    ruiyi = _by_label(g, "重庆睿伊互感器研究院有限公司")
    huahong = _by_label(g, "重庆华虹仪表有限公司")
    lab = _by_label(g, "高电压计量实验室")
    partnerships = [n for n, d in g.nodes(data=True) if d["type"] == "Partnership"]
    with_ruiyi = [p for p in partnerships if g.has_edge(p, inst, "participant") and g.has_edge(p, ruiyi, "participant")]
    assert with_ruiyi and any(g.has_edge(p, lab, "produces") for p in with_ruiyi)
    assert any(g.has_edge(p, inst, "participant") and g.has_edge(p, huahong, "participant") for p in partnerships)
    for p in with_ruiyi:
        _has_evidence(g.edges[p, lab, "produces"])
        assert "共建高电压计量实验室" in g.edges[p, lab, "produces"]["evidence"][0]["text"]
    _has_evidence(_edge(g, inst, ruiyi, "partnerOf"))
    _has_evidence(_edge(g, ruiyi, inst, "partnerOf"))


def test_regions_chain_up_to_chongqing(seed_graph):
    g = seed_graph
    cq = _by_label(g, "重庆市")
    assert g.nodes[cq]["region_code"] == "500000"
    for name in ("合川区", "渝北区", "开州区"):
        n = _by_label(g, name)
        _has_evidence(_edge(g, n, cq, "partOf"))


def test_evidence_offsets_point_into_the_original_file(seed_graph):
    from conftest import SEEDS

    text = (SEEDS / "000_3201cdaa9abf3103.txt").read_text(encoding="utf-8")
    checked = 0
    for u, v, data in seed_graph.edges(data=True):
        for ev in data["evidence"]:
            if ev["doc"].startswith("gazetteer:"):
                continue
            # the sentence span, whitespace and line breaks aside, is the sentence
            assert "".join(text[ev["start"]: ev["end"]].split()) == "".join(ev["text"].split())
            for key, node in (("head_span", u), ("tail_span", v)):
                if key in ev:
                    a, b = ev[key]
                    names = {seed_graph.nodes[node]["label"], *seed_graph.nodes[node]["aliases"]}
                    surface = "".join(text[a:b].split())
                    # a region mention may be a short form the gazetteer resolved (合川 -> 合川区)
                    assert surface in names or any(surface in n for n in names), (surface, names)
                    checked += 1
    assert checked > 50


def test_summary_counts_every_type(seed_build):
    _, report = seed_build
    assert report.documents == 1 and not report.errors
    assert {"Company", "GovernmentBody", "Institution", "AdminRegion", "Park", "Project", "Partnership",
            "Person"} <= set(report.entities)
    assert {"locatedIn", "partOf", "develops", "participant", "produces", "partnerOf", "serves",
            "settledIn", "subOrganizationOf"} <= set(report.relations)
