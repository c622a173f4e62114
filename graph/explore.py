"""Explore a built graph: find entities, neighbours, paths, hubs, communities.

Every function takes the ``networkx.MultiDiGraph`` of a build (``zhkg.load_graph``)
and returns records, never prints. Traversal ignores edge direction (a path
may go against an edge, and the step says so) and can be limited to some
relations; results are sorted so that the same graph gives the same answer.

Names are matched loosely: a canonical name, an alias, a part of either, or
the characters of an abbreviation in order (市计量质检院 finds
重庆市计量质量检测研究院).
"""
from __future__ import annotations

import unicodedata
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from zhkg.extract.errors import SchemaError, ZhkgError
from zhkg.extract.records import Evidence
from zhkg.extract.schema import ORGANIZATION_TYPES, PLACE_TYPES, EntityType, Relation

__all__ = [
    "UnknownEntityError", "AmbiguousEntityError", "NoPathError",
    "EntityMatch", "find_entities", "resolve_entity",
    "Neighbor", "neighbors", "ego_subgraph",
    "PathStep", "EntityPath", "shortest_path", "all_paths",
    "Centrality", "centrality", "MEASURES",
    "Community", "communities",
    "StatedQuantity", "Relationship", "EntityCard", "entity_card", "region_chain",
    "type_names", "relation_names",
]

#: Type groups accepted wherever a type filter is.
TYPE_GROUPS: dict[str, frozenset[str]] = {
    "Organization": frozenset(t.value for t in ORGANIZATION_TYPES),
    "Place": frozenset(t.value for t in PLACE_TYPES),
}
#: Centrality measures :func:`centrality` can compute.
MEASURES = ("degree", "pagerank", "betweenness")
_PLACE_RELATIONS = (Relation.locatedIn.value, Relation.partOf.value, Relation.settledIn.value)
_SYMMETRIC = frozenset({Relation.partnerOf.value})


class UnknownEntityError(ZhkgError):
    """No entity has the given name, alias or anything close."""


class AmbiguousEntityError(UnknownEntityError):
    """Several entities match a name equally well."""


class NoPathError(ZhkgError):
    """Two entities are not connected (within the allowed length and relations)."""


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class EntityMatch:
    """A node whose name matches a query, and how well (1.0 = the canonical name)."""

    node: str
    label: str
    type: str
    matched: str
    score: float


@dataclass(frozen=True, slots=True)
class Neighbor:
    """A node ``distance`` hops away, reached from ``via`` by ``relation``."""

    node: str
    label: str
    type: str
    distance: int
    via: str
    relation: str
    forward: bool


@dataclass(frozen=True, slots=True)
class PathStep:
    """One step of a path, in path order: ``source`` to ``target``.

    ``forward`` is False when the stored edge points from target to source
    (the step goes against it); ``evidence`` is the best sentence for it.
    """

    source: str
    source_label: str
    relation: str
    target: str
    target_label: str
    forward: bool
    confidence: float
    evidence: Evidence | None

    def __str__(self) -> str:
        arrow = f"-{self.relation}->" if self.forward else f"<-{self.relation}-"
        return f"{self.source_label} {arrow} {self.target_label}"


@dataclass(frozen=True, slots=True)
class EntityPath:
    """A chain of steps between two entities."""

    steps: tuple[PathStep, ...]

    @property
    def nodes(self) -> tuple[str, ...]:
        """The node ids along the path, both ends included."""
        return (self.steps[0].source, *(s.target for s in self.steps)) if self.steps else ()

    @property
    def confidence(self) -> float:
        """The weakest step's confidence."""
        return min((s.confidence for s in self.steps), default=1.0)

    def __len__(self) -> int:
        return len(self.steps)

    def __str__(self) -> str:
        if not self.steps:
            return ""
        parts = [self.steps[0].source_label]
        for s in self.steps:
            parts.append(f"-{s.relation}->" if s.forward else f"<-{s.relation}-")
            parts.append(s.target_label)
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class Centrality:
    """Centrality of one node on the undirected graph; ``None`` = not computed."""

    node: str
    label: str
    type: str
    degree: int | None
    pagerank: float | None
    betweenness: float | None


@dataclass(frozen=True, slots=True)
class Community:
    """A group of densely connected nodes, named by its hubs and main place."""

    index: int
    label: str
    members: tuple[str, ...]
    top: tuple[str, ...]
    place: str | None

    @property
    def size(self) -> int:
        """Number of members."""
        return len(self.members)


@dataclass(frozen=True, slots=True)
class StatedQuantity:
    """An amount stated about an entity (总投资3亿元), with its sentence."""

    metric: str
    value: float
    unit: str
    qualifier: str | None
    year: int | None
    text: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Relationship:
    """One edge seen from an entity: ``forward`` when the entity is its subject."""

    relation: str
    forward: bool
    other: str
    other_label: str
    other_type: str
    confidence: float
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class EntityCard:
    """Everything the graph says about one entity."""

    node: str
    label: str
    type: str
    aliases: tuple[str, ...]
    region_code: str | None
    region_chain: tuple[str, ...]
    documents: tuple[str, ...]
    quantities: tuple[StatedQuantity, ...]
    relations: tuple[Relationship, ...] = field(default=())


# --------------------------------------------------------------------------- helpers


def type_names(types: Iterable[str] | None) -> frozenset[str] | None:
    """Check type names (or the groups ``Organization``, ``Place``); None = any.

    Raises
    ------
    SchemaError
        A name that is neither an entity type nor a group.

    Examples
    --------
    >>> sorted(type_names(["Place", "Project"]))
    ['AdminRegion', 'Park', 'Project']
    """
    if types is None:
        return None
    out: set[str] = set()
    for t in types:
        if t in TYPE_GROUPS:
            out |= TYPE_GROUPS[t]
        elif t in EntityType.__members__:
            out.add(t)
        else:
            expected = ", ".join([*EntityType.__members__, *TYPE_GROUPS])
            raise SchemaError(f"unknown entity type: {t!r} (expected one of {expected})")
    return frozenset(out)


def relation_names(relations: Iterable[str] | None) -> frozenset[str] | None:
    """Check relation names; None = any.

    Raises
    ------
    SchemaError
        A name that is not a relation of the schema.

    Examples
    --------
    >>> sorted(relation_names(["partnerOf", "serves"]))
    ['partnerOf', 'serves']
    """
    if relations is None:
        return None
    out = set(relations)
    bad = sorted(out - set(Relation.__members__))
    if bad:
        raise SchemaError(f"unknown relation: {bad[0]!r} (expected one of {', '.join(Relation.__members__)})")
    return frozenset(out)


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def _evidence(rec: dict) -> Evidence:
    return Evidence(rec["doc"], rec["sentence"], rec["text"], rec["start"], rec["end"], rec["rule"],
                    float(rec["confidence"]))


def _best_evidence(records: list[dict]) -> Evidence | None:
    if not records:
        return None
    best = max(records, key=lambda r: (bool(r["text"]), r["confidence"], not r["rule"].startswith("derived:"),
                                       -r["sentence"]))
    return _evidence(best)


def _check_node(g: nx.MultiDiGraph, node: str) -> None:
    if node not in g:
        raise UnknownEntityError(f"unknown entity id: {node!r}")


def _undirected(g: nx.MultiDiGraph, relations: frozenset[str] | None) -> nx.MultiGraph:
    """One undirected edge per (pair, relation); ``forward`` holds the stored directions."""
    h = nx.MultiGraph()
    h.add_nodes_from(sorted(g.nodes))
    for u, v, k in sorted(g.edges(keys=True)):
        if relations is not None and k not in relations:
            continue
        if h.has_edge(u, v, key=k):
            h.edges[u, v, k]["ends"].add((u, v))
        else:
            h.add_edge(u, v, key=k, ends={(u, v)})
    return h


def _simple(g: nx.MultiDiGraph, relations: frozenset[str] | None = None) -> nx.Graph:
    """Undirected simple graph; ``weight`` = number of distinct relations between the pair."""
    h = nx.Graph()
    h.add_nodes_from(sorted(g.nodes))
    for u, v, k in sorted(g.edges(keys=True)):
        if relations is not None and k not in relations:
            continue
        if h.has_edge(u, v):
            h.edges[u, v]["rels"].add(k)
        else:
            h.add_edge(u, v, rels={k})
    for _, _, d in h.edges(data=True):
        d["weight"] = len(d.pop("rels"))
    return h


def _step(g: nx.MultiDiGraph, u: str, v: str, relation: str) -> PathStep:
    candidates = []
    if g.has_edge(u, v, key=relation):
        candidates.append((u, v, g.edges[u, v, relation]))
    if g.has_edge(v, u, key=relation) and not (relation in _SYMMETRIC and candidates):
        candidates.append((v, u, g.edges[v, u, relation]))
    a, _, data = max(candidates, key=lambda c: (c[2]["confidence"], c[0] == u))
    return PathStep(u, g.nodes[u]["label"], relation, v, g.nodes[v]["label"], a == u,
                    float(data["confidence"]), _best_evidence(data["evidence"]))


def _best_relation(g: nx.MultiDiGraph, u: str, v: str, relations: frozenset[str] | None) -> str:
    rels = set(g.get_edge_data(u, v, default={})) | set(g.get_edge_data(v, u, default={}))
    if relations is not None:
        rels &= relations

    def rank(rel: str) -> tuple:
        conf = max(g.edges[a, b, rel]["confidence"] for a, b in ((u, v), (v, u)) if g.has_edge(a, b, key=rel))
        return conf, rel not in _SYMMETRIC, rel
    return max(rels, key=rank)


# --------------------------------------------------------------------------- finding


def find_entities(g: nx.MultiDiGraph, query: str, types: Iterable[str] | None = None,
                  limit: int | None = 10) -> list[EntityMatch]:
    """Entities whose canonical name or an alias matches ``query``, best first.

    Scores: 1.0 the canonical name, 0.95 an alias, 0.5–0.9 a name containing
    the query (or contained in it), 0.2–0.5 a name holding the query's
    characters in order (an abbreviation). Case, width and spaces are ignored.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        A built graph.
    query : str
        A name or part of one.
    types : iterable of str, optional
        Entity types (or ``Organization``, ``Place``) to keep.
    limit : int or None
        At most this many matches (None = all).

    Returns
    -------
    list of EntityMatch
        Sorted by score, then degree, then label.

    Raises
    ------
    SchemaError
        An unknown type name.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", label="重庆市计量质量检测研究院", type="Institution", aliases=["市计量质检院"])
    >>> g.add_node("b", label="力帆科技公司", type="Company", aliases=[])
    >>> [(m.label, m.score) for m in find_entities(g, "力帆")]
    [('力帆科技公司', 0.6333)]
    >>> find_entities(g, "计量质检院")[0].matched
    '市计量质检院'
    """
    allowed = type_names(types)
    if limit is not None and limit < 1:
        raise ValueError(f"limit must be positive, got {limit}")
    q = _norm(query)
    if not q:
        return []
    found: list[EntityMatch] = []
    for node, data in g.nodes(data=True):
        if allowed is not None and data["type"] not in allowed:
            continue
        best: tuple[float, str] | None = None
        for i, name in enumerate([data["label"], *data.get("aliases", [])]):
            n = _norm(name)
            if not n:
                continue
            if n == q:
                score = 1.0 if i == 0 else 0.95
            elif q in n:
                score = 0.5 + 0.4 * len(q) / len(n)
            elif len(n) >= 2 and n in q:
                score = 0.5 + 0.4 * len(n) / len(q)
            elif len(q) >= 2 and _is_subsequence(q, n):
                score = 0.2 + 0.3 * len(q) / len(n)
            else:
                continue
            score = round(score, 4)
            if best is None or score > best[0]:
                best = (score, name)
        if best is not None:
            found.append(EntityMatch(node, data["label"], data["type"], best[1], best[0]))
    found.sort(key=lambda m: (-m.score, -g.degree(m.node), m.label, m.node))
    return found[:limit] if limit is not None else found


def resolve_entity(g: nx.MultiDiGraph, name: str, types: Iterable[str] | None = None) -> str:
    """The node id of the one entity ``name`` means (a node id is accepted too).

    Raises
    ------
    UnknownEntityError
        Nothing matches.
    AmbiguousEntityError
        Several entities match equally well; the message lists them.

    See Also
    --------
    find_entities : every match with its score.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", label="力帆科技公司", type="Company", aliases=[])
    >>> resolve_entity(g, "力帆科技")
    'a'
    >>> try:
    ...     resolve_entity(g, "华为")
    ... except UnknownEntityError as exc:
    ...     print(exc)
    unknown entity: '华为' (no name or alias matches)
    """
    if name in g and (types is None or g.nodes[name]["type"] in (type_names(types) or ())):
        return name
    matches = find_entities(g, name, types, limit=6)
    if not matches:
        kind = f" of type {', '.join(sorted(types))}" if types else ""
        raise UnknownEntityError(f"unknown entity: {name!r} (no name or alias{kind} matches)")
    if len(matches) > 1 and matches[1].score == matches[0].score:
        tied = [m for m in matches if m.score == matches[0].score]
        listed = "; ".join(f"{m.label} ({m.type})" for m in tied[:5])
        raise AmbiguousEntityError(f"ambiguous entity: {name!r} matches {listed} (give more of the name or a type)")
    return matches[0].node


# --------------------------------------------------------------------------- neighbourhoods


def _bfs(g: nx.MultiDiGraph, node: str, hops: int, relations: frozenset[str] | None) -> dict[str, Neighbor]:
    reached: dict[str, Neighbor] = {}
    queue = deque([(node, 0)])
    seen = {node}
    while queue:
        u, d = queue.popleft()
        if d == hops:
            continue
        steps = []
        for _, v, k in g.out_edges(u, keys=True):
            steps.append((v, k, True))
        for v, _, k in g.in_edges(u, keys=True):
            steps.append((v, k, False))
        for v, k, fwd in sorted(steps, key=lambda s: (g.nodes[s[0]]["label"], s[0], s[1], not s[2])):
            if v in seen or (relations is not None and k not in relations):
                continue
            seen.add(v)
            data = g.nodes[v]
            reached[v] = Neighbor(v, data["label"], data["type"], d + 1, u, k, fwd)
            queue.append((v, d + 1))
    return reached


def neighbors(g: nx.MultiDiGraph, node: str, hops: int = 1, relations: Iterable[str] | None = None,
              types: Iterable[str] | None = None) -> list[Neighbor]:
    """Nodes within ``hops`` steps of ``node`` (either edge direction).

    Parameters
    ----------
    node : str
        A node id (see :func:`resolve_entity`).
    hops : int
        Largest distance, at least 1.
    relations : iterable of str, optional
        Relations a step may follow (default: all).
    types : iterable of str, optional
        Types of the nodes returned; traversal passes through any type.

    Returns
    -------
    list of Neighbor
        Sorted by distance, then label.

    Raises
    ------
    UnknownEntityError
        ``node`` is not in the graph.
    SchemaError
        An unknown relation or type.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> for n, t in [("a", "Company"), ("p", "Park"), ("r", "AdminRegion")]:
    ...     g.add_node(n, label={"a": "长安软件科技公司", "p": "仙桃数据谷", "r": "渝北区"}[n], type=t)
    >>> g.add_edge("a", "p", key="settledIn"); g.add_edge("p", "r", key="locatedIn")
    'settledIn'
    'locatedIn'
    >>> [(n.label, n.distance, n.relation) for n in neighbors(g, "a", hops=2)]
    [('仙桃数据谷', 1, 'settledIn'), ('渝北区', 2, 'locatedIn')]
    """
    if hops < 1:
        raise ValueError(f"hops must be at least 1, got {hops}")
    _check_node(g, node)
    rels, allowed = relation_names(relations), type_names(types)
    found = _bfs(g, node, hops, rels).values()
    return sorted((n for n in found if allowed is None or n.type in allowed),
                  key=lambda n: (n.distance, n.label, n.node))


def ego_subgraph(g: nx.MultiDiGraph, node: str, hops: int = 2,
                 relations: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """A copy of the part of ``g`` within ``hops`` of ``node`` (the focus is ``graph['focus']``).

    Only edges of the given relations are kept when ``relations`` is given.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> for n in "abc":
    ...     g.add_node(n, label=n, type="Company")
    >>> g.add_edge("a", "b", key="partnerOf"); g.add_edge("b", "c", key="serves")
    'partnerOf'
    'serves'
    >>> sorted(ego_subgraph(g, "a", hops=1).nodes)
    ['a', 'b']
    """
    if hops < 0:
        raise ValueError(f"hops must not be negative, got {hops}")
    _check_node(g, node)
    rels = relation_names(relations)
    keep = {node, *_bfs(g, node, hops, rels)}
    sub = g.subgraph(keep).copy()
    if rels is not None:
        sub.remove_edges_from([e for e in sub.edges(keys=True) if e[2] not in rels])
    sub.graph["focus"] = node
    return sub


# --------------------------------------------------------------------------- paths


def _edge_path_to_steps(g: nx.MultiDiGraph, start: str, edges: list[tuple[str, str, str]]) -> EntityPath:
    steps, here = [], start
    for a, b, k in edges:
        there = b if a == here else a
        steps.append(_step(g, here, there, k))
        here = there
    return EntityPath(tuple(steps))


def shortest_path(g: nx.MultiDiGraph, source: str, target: str,
                  relations: Iterable[str] | None = None) -> EntityPath:
    """One shortest chain between two nodes, each step with its best evidence.

    Where two nodes are linked by several relations, the step takes the most
    confident one (a stated relation before a derived ``partnerOf``).

    Raises
    ------
    UnknownEntityError
        A node not in the graph.
    NoPathError
        The nodes are not connected by the allowed relations.

    See Also
    --------
    all_paths : every simple path up to a length.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", label="力帆科技公司", type="Company")
    >>> g.add_node("b", label="重庆市计量质量检测研究院", type="Institution")
    >>> ev = {"doc": "d", "sentence": 3, "text": "双方将开展进一步合作。", "start": 0, "end": 11,
    ...       "rule": "partnership-both", "confidence": 0.6}
    >>> _ = g.add_edge("b", "a", key="partnerOf", confidence=0.6, evidence=[ev])
    >>> p = shortest_path(g, "a", "b")
    >>> str(p), p.steps[0].evidence.sentence_text
    ('力帆科技公司 <-partnerOf- 重庆市计量质量检测研究院', '双方将开展进一步合作。')
    """
    _check_node(g, source)
    _check_node(g, target)
    rels = relation_names(relations)
    h = _simple(g, rels)
    try:
        nodes = nx.shortest_path(h, source, target)
    except nx.NetworkXNoPath as exc:
        raise NoPathError(f"no path between {g.nodes[source]['label']!r} and {g.nodes[target]['label']!r}"
                          + (f" over {', '.join(sorted(rels))}" if rels else "")) from exc
    return EntityPath(tuple(_step(g, u, v, _best_relation(g, u, v, rels)) for u, v in zip(nodes, nodes[1:])))


def all_paths(g: nx.MultiDiGraph, source: str, target: str, max_length: int = 3,
              relations: Iterable[str] | None = None, limit: int | None = 50) -> list[EntityPath]:
    """Every simple path of at most ``max_length`` steps; parallel relations give separate paths.

    Parameters
    ----------
    max_length : int
        Largest number of steps, at least 1.
    relations : iterable of str, optional
        Relations a step may follow.
    limit : int or None
        At most this many paths (shortest and most confident first).

    Returns
    -------
    list of EntityPath
        Sorted by length, then weakest-step confidence (descending), then text.

    Raises
    ------
    UnknownEntityError
        A node not in the graph.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> for n in "abp":
    ...     g.add_node(n, label={"a": "力帆科技公司", "b": "市计量质检院", "p": "合作"}[n], type="Company")
    >>> ev = {"doc": "d", "sentence": 0, "text": "双方合作。", "start": 0, "end": 5, "rule": "r", "confidence": 0.6}
    >>> for u, v, k in [("p", "a", "participant"), ("p", "b", "participant"), ("a", "b", "partnerOf")]:
    ...     _ = g.add_edge(u, v, key=k, confidence=0.6, evidence=[ev])
    >>> [str(p) for p in all_paths(g, "a", "b")]
    ['力帆科技公司 -partnerOf-> 市计量质检院', '力帆科技公司 <-participant- 合作 -participant-> 市计量质检院']
    """
    if max_length < 1:
        raise ValueError(f"max_length must be at least 1, got {max_length}")
    _check_node(g, source)
    _check_node(g, target)
    if source == target:
        return []
    h = _undirected(g, relation_names(relations))
    paths = [_edge_path_to_steps(g, source, list(edges))
             for edges in nx.all_simple_edge_paths(h, source, target, cutoff=max_length)]
    paths.sort(key=lambda p: (len(p), -p.confidence, str(p)))
    return paths[:limit] if limit is not None else paths


# --------------------------------------------------------------------------- centrality


def _pagerank(h: nx.Graph, alpha: float = 0.85, tol: float = 1e-10, max_iter: int = 200) -> dict[str, float]:
    """Power iteration on an undirected graph (no numpy/scipy needed)."""
    n = h.number_of_nodes()
    if n == 0:
        return {}
    deg = {u: h.degree(u) for u in h}
    rank = dict.fromkeys(h, 1.0 / n)
    for _ in range(max_iter):
        dangling = alpha * sum(rank[u] for u in h if deg[u] == 0) / n
        new = dict.fromkeys(h, (1.0 - alpha) / n + dangling)
        for u in h:
            if deg[u]:
                share = alpha * rank[u] / deg[u]
                for v in h[u]:
                    new[v] += share
        if sum(abs(new[u] - rank[u]) for u in h) < n * tol:
            return new
        rank = new
    return rank


def centrality(g: nx.MultiDiGraph, types: Iterable[str] | None = ("Organization",),
               measures: Iterable[str] = MEASURES, relations: Iterable[str] | None = None,
               top: int | None = None, by: str | None = None, seed: int = 42) -> list[Centrality]:
    """Degree, PageRank and betweenness of nodes, computed on the whole undirected graph.

    The measures use every node (partnerships and places connect organisations)
    and are then reported for the nodes of ``types`` (default: organisations).
    Degree counts distinct neighbours; betweenness is normalised and, on graphs
    over 1,000 nodes, estimated from 500 sources drawn with ``seed``.

    Parameters
    ----------
    types : iterable of str or None
        Types to report (``None`` = all).
    measures : iterable of str
        Any of ``degree``, ``pagerank``, ``betweenness``; the others are None.
    relations : iterable of str, optional
        Edges to use (default: all).
    top : int, optional
        Keep the ``top`` best.
    by : str, optional
        The measure to sort by (default: PageRank if computed, else the first).
    seed : int
        Seed of the betweenness sample.

    Returns
    -------
    list of Centrality
        Sorted by ``by`` (descending), then label.

    Raises
    ------
    ValueError
        An unknown measure, or ``by`` not among ``measures``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> for n in "abc":
    ...     g.add_node(n, label={"a": "华为", "b": "中软国际", "c": "渝北区"}[n],
    ...                type="AdminRegion" if n == "c" else "Company")
    >>> _ = g.add_edge("a", "b", key="partnerOf"); _ = g.add_edge("b", "c", key="locatedIn")
    >>> [(c.label, c.degree) for c in centrality(g)]
    [('中软国际', 2), ('华为', 1)]
    """
    wanted = tuple(dict.fromkeys(measures))
    bad = [m for m in wanted if m not in MEASURES]
    if bad or not wanted:
        raise ValueError(f"unknown measure: {bad[0] if bad else ''!r} (expected {', '.join(MEASURES)})")
    first = by or ("pagerank" if "pagerank" in wanted else wanted[0])
    if first not in wanted:
        raise ValueError(f"cannot sort by {first!r}: not among the measures computed ({', '.join(wanted)})")
    allowed = type_names(types)
    h = _simple(g, relation_names(relations))
    pr = _pagerank(h) if "pagerank" in wanted else {}
    bc: dict[str, float] = {}
    if "betweenness" in wanted:
        k = 500 if h.number_of_nodes() > 1000 else None
        bc = nx.betweenness_centrality(h, k=k, seed=seed if k else None, normalized=True)
    rows = [Centrality(u, g.nodes[u]["label"], g.nodes[u]["type"],
                       h.degree(u) if "degree" in wanted else None, pr.get(u), bc.get(u))
            for u in h if allowed is None or g.nodes[u]["type"] in allowed]
    rows.sort(key=lambda c: (-getattr(c, first), c.label, c.node))
    return rows[:top] if top is not None else rows


# --------------------------------------------------------------------------- communities


def _community_place(g: nx.MultiDiGraph, members: set[str]) -> str | None:
    votes: Counter[str] = Counter()
    for u in members:
        t = g.nodes[u]["type"]
        if t in TYPE_GROUPS["Place"]:
            votes[u] += 1
        for _, v, k in g.out_edges(u, keys=True):
            if k in _PLACE_RELATIONS and g.nodes[v]["type"] in TYPE_GROUPS["Place"]:
                votes[v] += 2 if g.nodes[v]["type"] == EntityType.Park else 1
    if not votes:
        return None
    # the most voted place; a park before a region, then the smaller name
    return max(votes, key=lambda p: (votes[p], g.nodes[p]["type"] == EntityType.Park,
                                     -len(g.nodes[p]["label"]), p))


def communities(g: nx.MultiDiGraph, seed: int = 42, resolution: float = 1.0,
                relations: Iterable[str] | None = None, top: int = 3,
                min_size: int = 2) -> list[Community]:
    """Louvain communities of the undirected graph, each named by its hubs and place.

    Parameters
    ----------
    seed : int
        Seed of ``networkx.community.louvain_communities``; the same graph and
        seed give the same communities.
    resolution : float
        Above 1 favours smaller communities.
    relations : iterable of str, optional
        Edges to use; pairs linked by several relations weigh more.
    top : int
        Members named in the label (organisations first, by degree).
    min_size : int
        Communities smaller than this are left out.

    Returns
    -------
    list of Community
        Largest first; ``index`` counts from 1.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> names = {"a": "360集团", "b": "天融信", "p": "合川网络安全产业城", "x": "华为", "y": "高通"}
    >>> for n, name in names.items():
    ...     g.add_node(n, label=name, type="Park" if n == "p" else "Company")
    >>> for u, v, k in [("a", "p", "settledIn"), ("b", "p", "settledIn"), ("x", "y", "partnerOf")]:
    ...     _ = g.add_edge(u, v, key=k)
    >>> [(c.label, c.size) for c in communities(g)]
    [('合川网络安全产业城：360集团、天融信', 3), ('华为、高通', 2)]
    """
    if top < 1:
        raise ValueError(f"top must be at least 1, got {top}")
    h = _simple(g, relation_names(relations))
    groups = nx.community.louvain_communities(h, weight="weight", resolution=resolution, seed=seed)
    out = []
    orgs = TYPE_GROUPS["Organization"]
    for members in groups:
        if len(members) < min_size:
            continue
        ranked = sorted(members, key=lambda u: (g.nodes[u]["type"] not in orgs,
                                                g.nodes[u]["type"] in TYPE_GROUPS["Place"],
                                                g.nodes[u]["type"] == EntityType.Partnership,
                                                -h.degree(u), g.nodes[u]["label"], u))
        place = _community_place(g, members)
        names = [g.nodes[u]["label"] for u in ranked if u != place][:top]
        label = "、".join(names)
        if place is not None:
            label = f"{g.nodes[place]['label']}：{label}" if label else g.nodes[place]["label"]
        out.append((tuple(ranked), tuple(names), place, label))
    out.sort(key=lambda c: (-len(c[0]), c[3]))
    return [Community(i, label, members, names, place) for i, (members, names, place, label) in enumerate(out, 1)]


# --------------------------------------------------------------------------- entity card


def region_chain(g: nx.MultiDiGraph, node: str) -> tuple[str, ...]:
    """The places above ``node``, nearest first (park, street, district, city).

    Follows the most confident ``locatedIn``, ``settledIn`` or ``partOf`` edge
    from each place upward.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> for n, (name, t) in {"s": ("开州区赵家街道", "AdminRegion"), "k": ("开州区", "AdminRegion"),
    ...                      "c": ("重庆市", "AdminRegion")}.items():
    ...     g.add_node(n, label=name, type=t)
    >>> _ = g.add_edge("s", "k", key="partOf", confidence=1.0, evidence=[])
    >>> _ = g.add_edge("k", "c", key="partOf", confidence=1.0, evidence=[])
    >>> [g.nodes[n]["label"] for n in region_chain(g, "s")]
    ['开州区', '重庆市']
    """
    _check_node(g, node)
    chain: list[str] = []
    here, seen = node, {node}
    places = TYPE_GROUPS["Place"]
    while True:
        ups = [(v, k, d) for _, v, k, d in g.out_edges(here, keys=True, data=True)
               if k in _PLACE_RELATIONS and g.nodes[v]["type"] in places and v not in seen]
        if not ups:
            return tuple(chain)
        v = max(ups, key=lambda e: (e[1] == Relation.locatedIn or e[1] == Relation.partOf,
                                    e[2].get("confidence", 0.0), len(e[2].get("evidence", [])),
                                    g.nodes[e[0]]["type"] == EntityType.Park, e[0]))[0]
        chain.append(v)
        seen.add(v)
        here = v


def entity_card(g: nx.MultiDiGraph, node: str) -> EntityCard:
    """Type, aliases, place, quantities and every relation (with evidence) of one entity.

    A symmetric relation (``partnerOf``) is listed once per partner.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", label="长安软件科技公司", type="Company", aliases=["长安软件"], documents=["d"])
    >>> g.add_node("p", label="仙桃数据谷", type="Park")
    >>> ev = {"doc": "d", "sentence": 0, "text": "长安软件科技公司正式入驻仙桃数据谷。", "start": 0, "end": 18,
    ...       "rule": "settle-cue", "confidence": 0.8}
    >>> _ = g.add_edge("a", "p", key="settledIn", confidence=0.8, evidence=[ev])
    >>> card = entity_card(g, "a")
    >>> card.aliases, [(r.relation, r.other_label) for r in card.relations]
    (('长安软件',), [('settledIn', '仙桃数据谷')])
    """
    _check_node(g, node)
    data = g.nodes[node]
    rels = []
    for _, v, k, d in g.out_edges(node, keys=True, data=True):
        rels.append((k, True, v, d))
    for u, _, k, d in g.in_edges(node, keys=True, data=True):
        if k in _SYMMETRIC and g.has_edge(node, u, key=k):
            continue
        rels.append((k, False, u, d))
    out = []
    for k, fwd, other, d in rels:
        od = g.nodes[other]
        ev = sorted((_evidence(e) for e in d.get("evidence", [])),
                    key=lambda e: (-e.confidence, e.doc_id, e.sentence))
        out.append(Relationship(k, fwd, other, od["label"], od["type"], float(d.get("confidence", 0.0)),
                                tuple(ev)))
    order = {r.value: i for i, r in enumerate(Relation)}
    out.sort(key=lambda r: (order.get(r.relation, 99), not r.forward, r.other_label, r.other))
    qs = tuple(StatedQuantity(q["metric"], float(q["value"]), q["unit"], q.get("qualifier"), q.get("year"),
                              q.get("text", ""), _evidence(q["evidence"])) for q in data.get("quantities", []))
    return EntityCard(node, data["label"], data["type"], tuple(data.get("aliases", [])), data.get("region_code"),
                      region_chain(g, node), tuple(data.get("documents", [])), qs, tuple(out))
