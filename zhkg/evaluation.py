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

import hashlib
import json
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from zhkg.extract.documents import read_document
from zhkg.extract.finre import load_finre
from zhkg.extract.pipeline import Extractor
from zhkg.extract.records import Document
from zhkg.extract.relate import RelateResult, Relater
from zhkg.graph.build import GAZETTEER_DOC, build_graph

log = logging.getLogger(__name__)

__all__ = ["Scores", "score_graph_against_gold", "evaluate_gold_file", "evaluate_finre", "calibration",
           "SCORED_RELATIONS", "ADJUDICATED_FINRE", "AdjudicatedPair", "AdjudicationError", "load_adjudication",
           "match_adjudication", "score_adjudicated", "precision_recall_curve", "recall_at_precision",
           "sentence_sha1"]

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
        hit, dup = None, None
        for i, item in enumerate(gold):
            if item["relation"] != rel:
                continue
            h, t = _as_set(item["head"]), _as_set(item["tail"])
            if (nu & h and nv & t) or (rel == "partnerOf" and nu & t and nv & h):
                if i in matched_gold:
                    dup = i  # a second node for a name already matched: a failed merge
                    continue
                hit = i
                break
        if hit is None:
            sc.fp[rel] += 1
            what = "FP (duplicate of a matched edge)" if dup is not None else "FP"
            sc.errors.append(f"{what} {g.nodes[u]['label']} -{rel}-> {g.nodes[v]['label']}")
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
            if shared is None or not (shared / source).is_file():
                log.warning("%s: %s not found; its %d gold edges skipped", gold_path.name, source, len(gold))
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


def evaluate_finre(path: Path, relater: Relater,
                   results: MutableMapping[tuple, RelateResult] | None = None) -> Scores:
    """Pair-level scores on FinRE: an unordered pair in a sentence is gold for
    a relation when any of its labels maps to it (labels repeat per direction).

    ``results``, when given, receives the relater's answer for each pair key
    ``(sentence, frozenset((head, tail)))`` (for :func:`match_adjudication`)."""
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
        if results is not None:
            results[key] = res
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


# --- partnerOf on the blind adjudication of FinRE valid ---------------------------------------

#: Hand-judged partnerOf labels of FinRE valid pairs (see the file's header).
ADJUDICATED_FINRE = Path(__file__).resolve().parent.parent / "tests" / "gold" / "finre_valid_adjudicated.tsv"
_FINRE_PARTNER = {"合作", "合资", "签约"}


class AdjudicationError(ValueError):
    """The adjudication file is malformed or does not match the FinRE file."""


@dataclass(frozen=True, slots=True)
class AdjudicatedPair:
    line: int        # 1-based line of the pair's first instance in valid.txt
    sha1: str        # first 12 hex digits of the sha1 of the sentence (UTF-8)
    head: str
    tail: str
    stratum: str     # a (FinRE partner label), b (cooperation word), c (random sample of the rest)
    finre: int       # FinRE partner label
    gold: int        # adjudicated label
    reason: str


def sentence_sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def load_adjudication(path: Path = ADJUDICATED_FINRE) -> list[AdjudicatedPair]:
    """Rows of an adjudication TSV (``#`` comments, one header line)."""
    rows: list[AdjudicatedPair] = []
    header_seen = False
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if not header_seen:
            header_seen = True
            if cols[:7] != ["line", "sha1", "head", "tail", "stratum", "finre", "adjudicated"]:
                raise AdjudicationError(f"{path.name}:{n}: unexpected header {cols!r}")
            continue
        if len(cols) != 8:
            raise AdjudicationError(f"{path.name}:{n}: {len(cols)} columns, expected 8")
        ln, sha, head, tail, stratum, finre, gold, reason = cols
        if (not ln.isdigit() or len(sha) != 12 or any(c not in "0123456789abcdef" for c in sha)
                or stratum not in ("a", "b", "c") or finre not in ("0", "1") or gold not in ("0", "1")
                or not head or not tail or not reason.strip()):
            raise AdjudicationError(f"{path.name}:{n}: malformed row")
        rows.append(AdjudicatedPair(int(ln), sha, head, tail, stratum, int(finre), int(gold), reason))
    return rows


def match_adjudication(rows: list[AdjudicatedPair], valid: Path) -> tuple[list[tuple[tuple, AdjudicatedPair]], dict[str, float]]:
    """Pair keys (as :func:`evaluate_finre` makes them) of the judged rows, and
    the weight of each stratum: 1 for the complete strata a and b, and
    (unjudged pairs) / (sampled pairs) for the sample c.

    Raises :class:`AdjudicationError` when a row's line, names or sentence
    sha1 do not match ``valid`` or stratum a is not exactly FinRE's partner pairs."""
    lines = valid.read_text(encoding="utf-8").split("\n")
    out = []
    for r in rows:
        cols = lines[r.line - 1].split("\t") if 0 < r.line <= len(lines) else []
        if len(cols) != 4:
            raise AdjudicationError(f"{valid.name}:{r.line} is not a FinRE instance")
        head, tail, _label, text = cols
        if sentence_sha1(text) != r.sha1:
            raise AdjudicationError(f"{valid.name}:{r.line}: sentence sha1 {sentence_sha1(text)} != {r.sha1} "
                                    "(the data file changed)")
        if {head, tail} != {r.head, r.tail}:
            raise AdjudicationError(f"{valid.name}:{r.line}: names {head}/{tail} != {r.head}/{r.tail}")
        out.append(((text, frozenset((head, tail))), r))
    keys = {k for k, _ in out}
    if len(keys) != len(out):
        raise AdjudicationError("a pair is judged twice")
    partner: dict[tuple, bool] = {}
    for ex in load_finre(valid):
        key = (ex.text, frozenset((ex.head, ex.tail)))
        partner[key] = partner.get(key, False) or ex.label in _FINRE_PARTNER
    if not keys <= set(partner):
        raise AdjudicationError("a judged pair is not a located FinRE pair")
    if {k for k, r in out if r.stratum == "a"} != {k for k, v in partner.items() if v}:
        raise AdjudicationError("stratum a is not the set of FinRE partner pairs")
    if any(bool(partner[k]) != bool(r.finre) for k, r in out):
        raise AdjudicationError("a row's FinRE label does not match the data")
    n_ab = sum(r.stratum in "ab" for _, r in out)
    n_c = sum(r.stratum == "c" for _, r in out)
    remaining = len(partner) - n_ab
    return out, {"a": 1.0, "b": 1.0, "c": remaining / n_c if n_c else 0.0}


def _prf(tp: float, fp: float, fn: float) -> tuple[float, float, float, float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return tp, fp, fn, p, r, f


def score_adjudicated(items: Iterable[tuple[str, int, bool]],
                      weights: dict[str, float]) -> dict[str, tuple[float, float, float, float, float, float]]:
    """``(tp, fp, fn, P, R, F1)`` of binary predictions ``(stratum, gold,
    predicted)``: "weighted" counts each pair by its stratum's weight (an
    estimate over all pairs), "judged" counts each judged pair once."""
    w = {"weighted": [0.0, 0.0, 0.0], "judged": [0.0, 0.0, 0.0]}
    for stratum, gold, pred in items:
        i = 0 if gold and pred else 1 if pred else 2 if gold else None
        if i is None:
            continue
        w["weighted"][i] += weights[stratum]
        w["judged"][i] += 1
    return {k: _prf(*v) for k, v in w.items()}


def precision_recall_curve(items: Iterable[tuple[str, int, bool, float]],
                           weights: dict[str, float]) -> list[tuple[float, float, float]]:
    """Weighted ``(threshold, P, R)`` when only predictions with confidence
    >= threshold count, for each distinct confidence (highest first)."""
    items = list(items)
    out = []
    for t in sorted({c for _, _, pred, c in items if pred}, reverse=True):
        sc = score_adjudicated(((s, g, pred and c >= t) for s, g, pred, c in items), weights)["weighted"]
        out.append((t, sc[3], sc[4]))
    return out


def recall_at_precision(items: Iterable[tuple[str, int, bool, float]], weights: dict[str, float],
                        min_precision: float = 0.85) -> tuple[float, float, float] | None:
    """The ``(threshold, P, R)`` of the curve with the most recall at
    precision >= ``min_precision`` (None when no threshold reaches it)."""
    ok = [pt for pt in precision_recall_curve(items, weights) if pt[1] >= min_precision]
    return max(ok, key=lambda pt: (pt[2], pt[0])) if ok else None
