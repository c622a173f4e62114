"""One ``networkx.MultiDiGraph`` from the extraction results of a corpus.

Nodes are entities (id -> attributes: type, label, aliases, documents,
region_code, quantities). Edges are keyed by relation name; an edge stated in
several sentences is one edge with several evidence records. Partnerships
are nodes of their own with ``participant`` and ``produces`` edges; the
``partnerOf`` edges between their participants are derived from them.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from itertools import permutations

import networkx as nx

from zhkg.extract.gazetteer import Gazetteer
from zhkg.extract.records import DocumentResult, Evidence, Mention
from zhkg.extract.schema import EntityType as T, Relation as R

from .overrides import Overrides
from .resolve import IdRegistry, Resolution, resolve_entities

__all__ = ["build_graph", "evidence_record", "GAZETTEER_DOC"]

#: The pseudo-document of facts taken from the division table.
GAZETTEER_DOC = "gazetteer:GB-T-2260"


def evidence_record(ev: Evidence, head: Mention | None = None, tail: Mention | None = None) -> dict:
    """Evidence as a plain dict (JSON-ready), with the spans of both ends."""
    rec = {
        "doc": ev.doc_id,
        "sentence": ev.sentence,
        "text": ev.sentence_text,
        "start": ev.start,
        "end": ev.end,
        "rule": ev.rule,
        "confidence": ev.confidence,
    }
    if head is not None:
        rec["head_span"] = [head.start, head.end]
    if tail is not None:
        rec["tail_span"] = [tail.start, tail.end]
    return rec


def _add_edge(g: nx.MultiDiGraph, u: str, v: str, rel: R, ev: dict) -> None:
    if u == v:
        return
    if g.has_edge(u, v, key=rel.value):
        data = g.edges[u, v, rel.value]
        if ev not in data["evidence"]:
            data["evidence"].append(ev)
            data["confidence"] = max(data["confidence"], ev["confidence"])
    else:
        g.add_edge(u, v, key=rel.value, relation=rel.value, evidence=[ev], confidence=ev["confidence"])


def build_graph(results: Iterable[DocumentResult], gaz: Gazetteer,
                resolution: Resolution | None = None, *, overrides: Overrides | None = None,
                registry: IdRegistry | None = None) -> nx.MultiDiGraph:
    """Merge mentions into entities and add every relation with its evidence.

    ``overrides`` and ``registry`` go to :func:`resolve_entities` when no
    ``resolution`` is given (a caller that keeps the registry resolves first
    and passes the resolution).

    Examples
    --------
    >>> from zhkg.extract.pipeline import Extractor
    >>> from zhkg.extract.records import Document
    >>> x = Extractor()
    >>> r = x.extract(Document("d", "d.txt", "8月27日，长安软件科技公司正式入驻仙桃数据谷。", "utf-8", ""))
    >>> g = build_graph([r], x.gazetteer)
    >>> [(g.nodes[u]["label"], k, g.nodes[v]["label"]) for u, v, k in g.edges(keys=True)]
    [('长安软件科技公司', 'settledIn', '仙桃数据谷')]
    """
    results = sorted(results, key=lambda r: r.doc_id)
    res = resolution or resolve_entities(results, gaz, overrides=overrides, registry=registry)
    g = nx.MultiDiGraph()
    for e in sorted(res.entities.values(), key=lambda e: e.id):
        g.add_node(e.id, type=e.type.value, label=e.label, aliases=sorted(e.aliases),
                   documents=sorted(e.documents), region_code=e.region_code, mentions=e.mentions,
                   merges=[list(m) for m in e.merges], quantities=[])
    # regions: parent chain from the gazetteer (a 街道/社区 from its district up)
    for e in list(res.entities.values()):
        if e.parent_region:
            g.nodes[e.id]["parent_region"] = e.parent_region
        code = e.region_code or e.parent_region
        if code:
            chain = gaz.chain(code)
            for r in chain[:1]:
                if f"region-{r.code}" not in g:
                    g.add_node(f"region-{r.code}", type=T.AdminRegion.value, label=r.name, aliases=[], documents=[],
                               region_code=r.code, mentions=0, merges=[], quantities=[])
            for child, parent in zip(chain, chain[1:]):
                cid, pid = f"region-{child.code}", f"region-{parent.code}"
                if pid not in g:
                    g.add_node(pid, type=T.AdminRegion.value, label=parent.name, aliases=[], documents=[],
                               region_code=parent.code, mentions=0, merges=[], quantities=[])
                ev = {"doc": GAZETTEER_DOC, "sentence": -1, "text": "", "start": 0, "end": 0,
                      "rule": "gazetteer-hierarchy", "confidence": 1.0}
                _add_edge(g, cid, pid, R.partOf, ev)
    for r in results:
        for rel in r.relations:
            h, t = res.entity_of(rel.head), res.entity_of(rel.tail)
            if h is None or t is None:
                continue
            _add_edge(g, h.id, t.id, rel.relation, evidence_record(rel.evidence, rel.head, rel.tail))
        for p in r.partnerships:
            parts = [res.entity_of(m) for m in p.participants]
            prods = [res.entity_of(m) for m in p.products]
            part_ids = sorted({e.id for e in parts if e is not None})
            if len(part_ids) < 2:
                continue
            prod_ids = sorted({e.id for e in prods if e is not None})
            digest = hashlib.sha1(
                "\x1f".join([r.doc_id, str(p.evidence.sentence), *part_ids, "|", *prod_ids]).encode()
            ).hexdigest()[:16]
            pid = f"partnership-{digest}"
            labels = [g.nodes[i]["label"] for i in part_ids]
            label = "合作：" + "、".join(labels)
            if prod_ids:
                label += " → " + "、".join(g.nodes[i]["label"] for i in prod_ids)
            ev = evidence_record(p.evidence)
            g.add_node(pid, type=T.Partnership.value, label=label, aliases=[], documents=[r.doc_id],
                       region_code=None, mentions=1, merges=[], quantities=[])
            for i in part_ids:
                _add_edge(g, pid, i, R.participant, ev)
            for i in prod_ids:
                _add_edge(g, pid, i, R.produces, ev)
            derived = dict(ev, rule=f"derived:{ev['rule']}")
            for a, b in permutations(part_ids, 2):
                _add_edge(g, a, b, R.partnerOf, derived)
        for q in r.quantities:
            e = res.entity_of(q.subject)
            if e is None:
                continue
            g.nodes[e.id]["quantities"].append({
                "metric": q.metric, "value": q.value, "unit": q.unit, "qualifier": q.qualifier,
                "year": q.year, "text": q.text, "evidence": evidence_record(q.evidence),
            })
    g.graph["ambiguous"] = [[a, c] for a, c in res.ambiguous]
    g.graph["refused"] = [list(x) for x in res.refused]
    return g
