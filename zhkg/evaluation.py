"""Relation evaluation: gold files, FinRE valid, and a calibration table.

Gold files (``tests/gold/relations_*.jsonl``) list the relations a text
states between named entities, one per line: ``head``, ``relation``,
``tail`` (a name or a list of acceptable names) and either ``doc`` (a file
of ``seeds/``) or ``source`` + ``line`` (a line of a shared TSV corpus,
read from ``../shared/data`` at evaluation time). ``partnerOf`` is
symmetric. A predicted edge counts as right when its relation matches and
each end's label or aliases include an acceptable name; gazetteer-derived
``partOf`` edges and the ``participant``/``produces`` edges of partnerships
are not scored (``partnerOf`` carries the partnerships).
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from zhkg.extract.documents import read_document
from zhkg.extract.finre import load_finre
from zhkg.extract.pipeline import Extractor
from zhkg.extract.records import Document
from zhkg.extract.relate import Relater
from zhkg.graph.build import GAZETTEER_DOC, build_graph

__all__ = ["Scores", "score_graph_against_gold", "evaluate_gold_file", "evaluate_finre", "calibration",
           "SCORED_RELATIONS"]

SCORED_RELATIONS = ("locatedIn", "partOf", "settledIn", "develops", "partnerOf", "serves",
                    "subOrganizationOf", "affiliatedWith")


@dataclass
class Scores:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    #: (confidence, correct) of every scored prediction
    predictions: list[tuple[float, bool]] = field(default_factory=list)
    #: rule -> [right, predicted] over the edges whose best evidence it is
    rules: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    errors: list[str] = field(default_factory=list)

    def add(self, other: Scores) -> None:
        self.tp.update(other.tp)
        self.fp.update(other.fp)
        self.fn.update(other.fn)
        self.predictions += other.predictions
        self.errors += other.errors
        for rule, (ok, n) in other.rules.items():
            self.rules[rule][0] += ok
            self.rules[rule][1] += n

    def table(self) -> list[tuple[str, int, int, int, float, float, float]]:
        rows = []
        rels = sorted(set(self.tp) | set(self.fp) | set(self.fn))
        for r in [*rels, "ALL"]:
            tp = sum(self.tp.values()) if r == "ALL" else self.tp[r]
            fp = sum(self.fp.values()) if r == "ALL" else self.fp[r]
            fn = sum(self.fn.values()) if r == "ALL" else self.fn[r]
            p = tp / (tp + fp) if tp + fp else 0.0
            rc = tp / (tp + fn) if tp + fn else 0.0
            f = 2 * p * rc / (p + rc) if p + rc else 0.0
            rows.append((r, tp, fp, fn, p, rc, f))
        return rows


def _names(g: nx.MultiDiGraph, n: str) -> set[str]:
    d = g.nodes[n]
    return {d["label"], *d.get("aliases", [])}


def _as_set(x) -> set[str]:  # noqa: ANN001
    return set(x) if isinstance(x, list) else {x}


def score_graph_against_gold(g: nx.MultiDiGraph, gold: list[dict]) -> Scores:
    """Compare the scored edges of ``g`` with the gold relations of one text."""
    sc = Scores()
    predicted = []
    for u, v, rel, data in g.edges(keys=True, data=True):
        if rel not in SCORED_RELATIONS:
            continue
        if all(ev["doc"] == GAZETTEER_DOC for ev in data["evidence"]):
            continue
        if rel == "partnerOf" and u > v:
            continue  # one of the two directions
        best = max(data["evidence"], key=lambda ev: ev["confidence"])
        predicted.append((u, rel, v, data["confidence"], best["rule"].removeprefix("derived:")))
    matched_gold: set[int] = set()
    for u, rel, v, conf, rule in sorted(predicted):
        nu, nv = _names(g, u), _names(g, v)
        hit = None
        for i, item in enumerate(gold):
            if item["relation"] != rel:
                continue
            h, t = _as_set(item["head"]), _as_set(item["tail"])
            if (nu & h and nv & t) or (rel == "partnerOf" and nu & t and nv & h):
                hit = i
                break
        if hit is None:
            sc.fp[rel] += 1
            sc.errors.append(f"FP {g.nodes[u]['label']} -{rel}-> {g.nodes[v]['label']}")
        else:
            sc.tp[rel] += 1
            matched_gold.add(hit)
        sc.predictions.append((conf, hit is not None))
        sc.rules[rule][0] += hit is not None
        sc.rules[rule][1] += 1
    for i, item in enumerate(gold):
        if i not in matched_gold:
            sc.fn[item["relation"]] += 1
            sc.errors.append(f"FN {item['head']} -{item['relation']}-> {item['tail']}")
    return sc


def _gold_documents(gold_path: Path, seeds: Path, shared: Path | None) -> Iterable[tuple[Document, list[dict]]]:
    items = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_key: dict[tuple, list[dict]] = defaultdict(list)
    for it in items:
        by_key[(it.get("doc"), it.get("source"), it.get("line"))].append(it)
    for (doc, source, line), gold in sorted(by_key.items(), key=lambda kv: str(kv[0])):
        if doc is not None:
            yield read_document(seeds / f"{doc}.txt", seeds), gold
        else:
            if shared is None:
                continue
            rows = (shared / source).read_text(encoding="utf-8").split("\n")
            text = rows[line - 1].split("\t", 1)[1]
            yield Document(f"{Path(source).stem}#{line}", f"{source}:{line}", text, "utf-8", ""), gold


def evaluate_gold_file(gold_path: Path, seeds: Path, shared: Path | None, extractor: Extractor) -> Scores:
    """Build each gold text's graph on its own and score it."""
    total = Scores()
    for doc, gold in _gold_documents(gold_path, seeds, shared):
        g = build_graph([extractor.extract(doc)], extractor.gazetteer)
        total.add(score_graph_against_gold(g, gold))
    return total


def evaluate_finre(path: Path, relater: Relater) -> Scores:
    """Pair-level scores on FinRE: an unordered pair in a sentence is gold for
    a relation when any of its labels maps to it (labels repeat per direction)."""
    groups: dict[tuple, dict] = {}
    for ex in load_finre(path):
        key = (ex.text, frozenset((ex.head, ex.tail)))
        g = groups.setdefault(key, {"ex": ex, "gold": set()})
        if ex.relation is not None:
            g["gold"].add(ex.relation.value)
    sc = Scores()
    for key in sorted(groups, key=lambda k: (k[0], sorted(k[1]))):
        ex, gold = groups[key]["ex"], groups[key]["gold"]
        res = relater.relate_spans(ex.text, ex.head_span, ex.tail_span)
        pred = res.relation.value if res.relation is not None else None
        for rel in ("partnerOf", "serves", "subOrganizationOf"):
            if pred == rel and rel in gold:
                sc.tp[rel] += 1
            elif pred == rel:
                sc.fp[rel] += 1
            elif rel in gold:
                sc.fn[rel] += 1
        if pred is not None:
            sc.predictions.append((res.confidence, pred in gold))
    return sc


def calibration(predictions: list[tuple[float, bool]],
                bins: tuple[float, ...] = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)) -> list[tuple[str, int, float, float]]:
    """Rows ``(bin, n, mean confidence, observed precision)``."""
    rows = []
    for lo, hi in zip(bins, bins[1:]):
        sel = [(c, ok) for c, ok in predictions if lo <= c < hi]
        if sel:
            rows.append((f"[{lo:.1f}, {min(hi, 1.0):.1f})", len(sel), sum(c for c, _ in sel) / len(sel),
                         sum(ok for _, ok in sel) / len(sel)))
    return rows
