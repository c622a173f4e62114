"""Entity resolution: which mentions denote the same real-world entity.

Rules, each recorded as the evidence of a merge:

``same-name``      identical names of compatible types
``declared``       以下简称/简称 declarations (full <- short)
``region-code``    region names resolving to one GB/T 2260 code (合川 = 合川区)
``region-prefix``  a name equal to another after dropping a region prefix
                   (重庆市市计量质检院 ~ 市计量质检院, 市 = the paper's city)
``abbreviation``   the short core is an ordered character subsequence of the
                   long core with the same first and last character
                   (市计量质检院 -> 重庆市计量质量检测研究院), accepted only when
                   exactly one candidate fits; otherwise reported as ambiguous

The result is deterministic: it depends on the set of mentions, not on their
order. Entity ids are digests of (type group, canonical name) or of the
region code.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from zhkg.extract.gazetteer import Gazetteer, short_name
from zhkg.extract.records import DocumentResult, Mention
from zhkg.extract.schema import ORGANIZATION_TYPES, EntityType as T

__all__ = ["Entity", "Resolution", "resolve_entities", "type_group", "entity_id"]


def type_group(t: T) -> str:
    """Types that may denote the same thing share a group (organisations)."""
    return "Organization" if t in ORGANIZATION_TYPES else t.value


def entity_id(group: str, key: str) -> str:
    """Stable id: a digest of the type group and the canonical key."""
    digest = hashlib.sha1(f"{group}\x1f{key}".encode()).hexdigest()[:16]
    prefix = {"Organization": "org", "AdminRegion": "region", "Park": "park", "Project": "project",
              "Person": "person"}.get(group, group.lower())
    return f"{prefix}-{digest}"


@dataclass
class Entity:
    id: str
    type: T
    label: str
    aliases: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)
    region_code: str | None = None
    mentions: int = 0
    merges: list[tuple[str, str, str]] = field(default_factory=list)  # (alias, rule, doc)


@dataclass
class Resolution:
    entities: dict[str, Entity]
    of_mention: dict[tuple[str, int, int, str], str]
    ambiguous: list[tuple[str, list[str]]]

    def entity_of(self, m: Mention) -> Entity | None:
        eid = self.of_mention.get(mention_key(m))
        return self.entities.get(eid) if eid else None


def mention_key(m: Mention) -> tuple[str, int, int, str]:
    return (m.doc_id, m.start, m.end, m.type.value)


_REGION_PREFIXES_EXTRA = ("市", "区", "县", "省")
#: What a company's short name leaves out (罗克佳华 = 罗克佳华科技集团股份有限公司).
_COMPANY_FORMS = frozenset(
    a + b for a in ("", "科技", "软件科技", "信息科技", "网络科技", "电子", "技术", "控股", "实业", "股份")
    for b in ("公司", "有限公司", "股份有限公司", "有限责任公司", "集团", "集团有限公司", "集团股份有限公司",
              "集团公司")
)


def _strip_region(name: str, gaz: Gazetteer) -> str:
    """Drop leading region names (重庆市, 重庆, 市) from an organisation name."""
    core = name
    changed = True
    while changed:
        changed = False
        for j in range(min(len(core) - 3, 8), 1, -1):
            if gaz.lookup(core[:j]) and (core[:j].endswith(("省", "市", "区", "县")) or
                                         any(r.level != "district" for r in gaz.lookup(core[:j]))):
                core, changed = core[j:], True
                break
        if not changed and core[:1] in _REGION_PREFIXES_EXTRA and len(core) > 3:
            core, changed = core[1:], True
    return core


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


def resolve_entities(results: Iterable[DocumentResult], gaz: Gazetteer) -> Resolution:
    """Merge the mentions of all documents into entities.

    Examples
    --------
    >>> from zhkg.extract.pipeline import Extractor
    >>> from zhkg.extract.records import Document
    >>> t = "重庆市计量质量检测研究院开展服务。市计量质检院走访企业。"
    >>> r = Extractor().extract(Document("d", "d.txt", t, "utf-8", ""))
    >>> res = resolve_entities([r], Extractor().gazetteer)
    >>> sorted((e.label, sorted(e.aliases)) for e in res.entities.values() if e.type.value != "AdminRegion")
    [('重庆市计量质量检测研究院', ['市计量质检院'])]
    """
    results = list(results)
    # 1. nodes keyed by (group, name); regions by code
    name_types: dict[tuple[str, str], dict[T, float]] = defaultdict(lambda: defaultdict(float))
    name_docs: dict[tuple[str, str], set[str]] = defaultdict(set)
    name_count: dict[tuple[str, str], int] = defaultdict(int)
    region_code_of: dict[tuple[str, str], str] = {}
    mention_node: dict[tuple[str, int, int, str], tuple[str, str]] = {}
    doc_regions: dict[str, set[str]] = defaultdict(set)
    for r in results:
        for m in r.mentions:
            if m.type is T.AdminRegion:
                for c in gaz.lookup(m.name):
                    if c.name == m.name and len(gaz.lookup(m.name)) == 1:
                        doc_regions[r.doc_id].update(x.code for x in gaz.chain(c.code))
    for r in results:
        for m in r.mentions:
            if m.type is T.Partnership:
                continue
            group = type_group(m.type)
            node = (group, m.name)
            if m.type is T.AdminRegion:
                region = gaz.resolve(m.name, doc_regions[r.doc_id])
                if region is not None and (region.name == m.name or len(gaz.lookup(m.name)) == 1
                                           or region.code in doc_regions[r.doc_id]):
                    node = (group, f"code:{region.code}")
                    region_code_of[node] = region.code
            mention_node[mention_key(m)] = node
            name_types[node][m.type] += m.confidence
            name_docs[node].add(r.doc_id)
            name_count[node] += 1
    uf = _UnionFind()
    node_key = {n: f"{n[0]}\x1f{n[1]}" for n in name_types}
    node_names: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in results:
        for m in r.mentions:
            n = mention_node.get(mention_key(m))
            if n:
                node_names[n].add(m.name)
    merges: list[tuple[tuple[str, str], str, str, str]] = []  # (node, alias name, rule, doc)
    for n in name_types:
        uf.find(node_key[n])
        if n in region_code_of:
            for alias in node_names[n]:
                merges.append((n, alias, "region-code", ""))
    # 2. declared aliases
    for r in results:
        for a in r.aliases:
            fn, sn = mention_node.get(mention_key(a.full)), mention_node.get(mention_key(a.short))
            if fn and sn:
                uf.union(node_key[fn], node_key[sn])
                merges.append((fn, a.short.name, "declared", r.doc_id))
    # 3. region prefix and abbreviation among organisations (and parks)
    by_group: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for n in name_types:
        if n[0] in ("Organization", "Park", "Project") and n not in region_code_of:
            by_group[n[0]].append(n)
    ambiguous: list[tuple[str, list[str]]] = []
    for group, nodes in by_group.items():
        nodes.sort(key=lambda n: (-len(n[1]), n[1]))
        cores = {n: _strip_region(n[1], gaz) for n in nodes}
        by_core: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for n in nodes:
            by_core[cores[n]].append(n)
        for core, same in by_core.items():
            if len(core) >= 3:
                for other in same[1:]:
                    uf.union(node_key[same[0]], node_key[other])
                    merges.append((same[0], other[1], "region-prefix", ""))
        for n in nodes:
            short = cores[n]
            if len(short) < 2 or len(short) > 8 or (len(short) == 2 and n[1] != short):
                continue
            cands = []
            for m_ in nodes:
                long = cores[m_]
                if len(long) <= len(short) or long == short:
                    continue
                if short in long:
                    # a compound (X第四分院) or the name plus a company form (传音科技有限公司)
                    if long.startswith(short) and long[len(short):] in _COMPANY_FORMS:
                        cands.append(m_)
                    continue
                if long[0] == short[0] and long[-1] == short[-1] and _is_subsequence(short, long):
                    if len(short) / len(long) >= 0.35:
                        cands.append(m_)
            roots = sorted({uf.find(node_key[c]) for c in cands})
            # prefer candidates named in the same documents
            local = sorted({uf.find(node_key[c]) for c in cands if name_docs[c] & name_docs[n]})
            pick = local if local else roots
            if len(pick) == 1:
                target = next(c for c in cands if uf.find(node_key[c]) == pick[0])
                uf.union(node_key[target], node_key[n])
                merges.append((target, n[1], "abbreviation", ""))
            elif len(pick) > 1:
                ambiguous.append((n[1], sorted(c[1] for c in cands)))
    # 4. build entities from the clusters
    clusters: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for n in name_types:
        clusters[uf.find(node_key[n])].append(n)
    entities: dict[str, Entity] = {}
    node_entity: dict[tuple[str, str], str] = {}
    for members in clusters.values():
        names = set().union(*(node_names[n] for n in members))
        code = next((region_code_of[n] for n in sorted(members) if n in region_code_of), None)
        group = members[0][0]
        if code is not None:
            label = gaz.by_code[code].name
            eid = f"region-{code}"
        else:
            label = sorted(names, key=lambda x: (-len(x), x))[0]
            eid = entity_id(group, label)
        weights: dict[T, float] = defaultdict(float)
        for n in members:
            for t, w in name_types[n].items():
                weights[t] += w
        etype = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0].value))[0][0]
        ent = Entity(eid, etype, label, region_code=code)
        ent.aliases = {x for x in names if x != label}
        for n in members:
            ent.documents |= name_docs[n]
            ent.mentions += name_count[n]
            node_entity[n] = eid
        entities[eid] = ent
    for node, alias, rule, doc in merges:
        eid = node_entity[node]
        if alias != entities[eid].label:
            entities[eid].merges.append((alias, rule, doc))
    for e in entities.values():
        e.merges = sorted(set(e.merges))
    of_mention = {k: node_entity[n] for k, n in mention_node.items()}
    return Resolution(entities, of_mention, sorted(ambiguous))


__all__ += ["mention_key", "short_name"]
