"""A trained relation classifier for one entity pair in a sentence.

A maximum-entropy model (python-crfsuite trained on one-item sequences, which
is multinomial logistic regression, L2 only: ``c1=0, c2=5``) over features of
the text around and between the two names, with the names masked so that
their characters do not leak into the features: words and character
bigrams between, around and after the pair, cue words in the clause of the
pair, jieba POS of the words between, the verbs after the pair, whether a
conjunction (与/和/同/、…) alone joins the two names or precedes the first
one (``X与A、B合作``: A and B are co-objects, not partners). Classes are a
relation plus its direction (``partnerOf``, ``serves>``, ``serves<``,
``subOrganizationOf>``, ``subOrganizationOf<``) or ``none``, one instance per
unordered pair of a sentence (a pair whose labels map to several relations
takes partnerOf, then subOrganizationOf, then serves), given in both orders
(head/tail swapped, direction flipped) so that the answer does not depend on
which name is the head. Trained on FinRE
train; measured on FinRE valid (``zhkg eval-relations``), which is never
used to choose anything.

Calibration. Raw maxent probabilities are not the confidence of an edge.
``train_classifier`` splits FinRE train into 10 folds by sentence
(fold = md5 of the sentence's UTF-8 bytes mod 10; fold 0 is the "tuning
split" quoted in reports), trains a model on nine folds and predicts the
tenth, ten times; over these out-of-fold predictions it fits, per relation,
an isotonic (pool-adjacent-violators) map from the model's probability of
that relation (both directions summed) to the observed rate of the pair
having that relation. The map is stored beside the model as
``relations.calibration.json`` (a few breakpoints) and applied by linear
interpolation. :meth:`RelationClassifier.decide` answers the relation with
the highest calibrated confidence, so an edge at 0.9 is right about 9 times
in 10 on held-out FinRE-like text; the relater keeps it when it reaches its
threshold (0.5: more likely right than wrong). The final model is trained on
all of FinRE train with the regularisation chosen by the same 10-fold
cross-validation (L2 ``c2`` in 0.5..15 and L1 ``c1`` in 0..1 tried; pure L2 at
5 was best). Out of fold on FinRE train, partnerOf reaches F1 0.60 (P 0.64,
R 0.58) at best and precision 0.43 at recall 0.70: many FinRE 合作 labels
belong to the pair, not to the sentence (五粮液大经销商银基集团披露盈利警告),
which no context feature can see.
"""
from __future__ import annotations

import hashlib
import json
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from .finre import HEAD_TO_TAIL, TAIL_TO_HEAD, RelExample
from .schema import Relation
from .segment import Segmenter

__all__ = [
    "Calibrator",
    "RelationClassifier",
    "calibration_path",
    "decode_label",
    "fold_of",
    "label_of",
    "load_classifier",
    "model_path",
    "pair_examples",
    "pair_features",
    "train_classifier",
]

_CUES = ("合作", "合资", "签约", "签署", "协议", "战略", "携手", "联手", "共建", "联合", "共同", "牵手",
         "帮助", "支持", "扶持", "服务", "援助", "成立", "设立", "组建", "子公司", "旗下", "控股", "收购",
         "入股", "增持", "减持", "竞争", "起诉", "纠纷", "对手", "发行", "注资")
#: cue words looked for in the clause of the pair (more than :data:`_CUES`)
_CLAUSE_CUES = _CUES + ("协作", "联姻", "结盟", "伙伴", "达成", "洽谈", "谈判", "引入", "对接", "协同", "共享",
                        "互认", "联盟", "携", "签订", "订单", "供应", "经销", "代理", "授权", "委托", "承建",
                        "中标", "采购", "客户", "大股东", "股东", "持有", "全资", "控股子公司", "下属", "分公司",
                        "旗下的", "母公司", "集团")
_H, _T = "甲", "乙"  # masks: rare as single-character words between names
_CLAUSE_END = re.compile(r"[，,。；;！？]")
#: relation families the classifier decides between (directions summed)
RELATIONS = ("partnerOf", "serves", "subOrganizationOf")
#: preference when one pair's labels map to several relations
_PRIORITY = ("partnerOf", "subOrganizationOf", "serves")
C1, C2 = 0.0, 5.0  # chosen by 10-fold cross-validation on FinRE train
FOLDS = 10


def model_path() -> Path:
    return Path(str(resources.files("zhkg.extract") / "data" / "relations.crfsuite"))


def calibration_path(model: Path) -> Path:
    """The calibration table stored beside ``model``."""
    return model.with_suffix(".calibration.json")


def label_of(rel: Relation | None, direction: str) -> str:
    """Class name of a relation and direction."""
    if rel is None:
        return "none"
    if rel is Relation.partnerOf:
        return "partnerOf"
    return f"{rel.value}{'>' if direction == HEAD_TO_TAIL else '<'}"


def decode_label(label: str) -> tuple[Relation | None, str]:
    """Inverse of :func:`label_of`."""
    if label == "none":
        return None, HEAD_TO_TAIL
    if label == "partnerOf":
        return Relation.partnerOf, HEAD_TO_TAIL
    return Relation(label[:-1]), HEAD_TO_TAIL if label.endswith(">") else TAIL_TO_HEAD


def fold_of(text: str, folds: int = FOLDS) -> int:
    """Cross-validation fold of a sentence: md5 of its UTF-8 bytes mod ``folds``."""
    return int(hashlib.md5(text.encode("utf-8")).hexdigest(), 16) % folds


def pair_features(seg: Segmenter, text: str, head: tuple[int, int], tail: tuple[int, int]) -> list[str]:
    """Features of a pair: masked words between and around, order, cues."""
    first, second = sorted([("H", head), ("T", tail)], key=lambda x: x[1][0])
    a, b = first[1], second[1]
    left, mid, right = text[max(0, a[0] - 30): a[0]], text[a[1]: b[0]], text[b[1]: b[1] + 30]
    order = first[0] + second[0]
    feats = [f"order={order}", f"gap={min(len(mid) // 4, 8)}"]
    mid_words = [w for w in seg.words(mid) if w.strip()] if mid else []
    left_words = [w for w in seg.words(left) if w.strip()][-4:]
    right_words = [w for w in seg.words(right) if w.strip()][:4]
    feats += [f"m={w}" for w in mid_words]
    feats += [f"m{order}={w}" for w in mid_words]
    if mid_words:
        feats += [f"m0={mid_words[0]}", f"m-1={mid_words[-1]}"]
    else:
        feats.append("m=<adjacent>")
    feats += [f"l={w}" for w in left_words] + [f"r={w}" for w in right_words]
    if left_words:
        feats.append(f"l-1={left_words[-1]}")
    if right_words:
        feats.append(f"r0={right_words[0]}")
    for cue in _CUES:
        if cue in mid:
            feats.append(f"cue_m={cue}")
        elif cue in right[:12]:
            feats.append(f"cue_r={cue}")
        elif cue in left[-12:]:
            feats.append(f"cue_l={cue}")
    if re.fullmatch(r"[、和与及,，]", mid.strip()):
        feats.append("coord")
    conj = re.search(r"(与|和|同|跟|及|、)", mid)
    if conj and len(mid) <= 12:
        feats.append(f"conj_mid={conj.group(1)}")
        for cue in _CUES:
            if cue in right[:20] or cue in mid:
                feats.append(f"conj_cue={cue}")
    for cue in _CUES:
        if cue in text:
            feats.append(f"cue_s={cue}")
    if right:
        feats += [f"r1={right[:1]}", f"r2={right[:2]}"]
    if mid:
        feats += [f"mc={mid[i:i + 2]}" for i in range(min(len(mid) - 1, 12))]
    feats += _clause_features(text[b[1]: b[1] + 40], left, mid)
    feats += _pos_features(seg, right, mid)
    feats += _join_features(seg, text[b[1]: b[1] + 40], left, mid)
    return feats


def _clause_features(right: str, left: str, mid: str) -> list[str]:
    """Cue words in the clause after, before and between the pair."""
    feats = [f"mid_punct={min(len(_CLAUSE_END.findall(mid)) + len(re.findall(r'[：:]', mid)), 3)}"]
    rc = _CLAUSE_END.split(right, maxsplit=1)[0]
    lc = _CLAUSE_END.split(left)[-1]
    feats.append(f"rclause_len={min(len(rc) // 4, 5)}")
    for cue in _CLAUSE_CUES:
        if cue in rc:
            feats.append(f"cue_rc={cue}")
        if cue in lc:
            feats.append(f"cue_lc={cue}")
        if cue in mid:
            feats.append(f"cue_mid2={cue}")
    if not _CLAUSE_END.search(mid):
        feats.append("same_clause")
        feats += [f"sc_cue={cue}" for cue in _CLAUSE_CUES if cue in rc or cue in mid]
    return feats


def _pos_features(seg: Segmenter, right: str, mid: str) -> list[str]:
    """Verbs after the pair; POS tags and verbs between."""
    verbs = [t.word for t in seg.tokens(right[:20]) if t.pos.startswith("v")][:2]
    feats = [f"rv={w}" for w in verbs]
    if verbs:
        feats.append(f"rv0={verbs[0]}")
    toks = seg.tokens(mid) if mid else []
    feats += [f"mpos={t.pos}" for t in toks[:6]]
    feats += [f"mv={t.word}" for t in toks if t.pos.startswith("v")]
    feats.append("mpos_seq=" + ("_".join(t.pos for t in toks) if len(toks) <= 4 else "long"))
    return feats


def _join_features(seg: Segmenter, right: str, left: str, mid: str) -> list[str]:
    """Whether a conjunction alone joins the names (A与B合作) or precedes
    them (X与A、B合作: co-objects), and what follows the joined pair."""
    feats = []
    joined = re.fullmatch(r"(与|和|同|跟|及|、|以及|携手|联手|牵手|联合)", mid.strip())
    if joined:
        feats.append(f"join={joined.group(1)}")
        rc = _CLAUSE_END.split(right, maxsplit=1)[0]
        feats += [f"join_cue={cue}" for cue in _CLAUSE_CUES if cue in rc]
        feats += [f"join_r={w}" for w in [w for w in seg.words(rc[:12]) if w.strip()][:2]]
    m = re.search(r"(与|和|同|跟)$", left)
    if m:
        feats.append(f"lconj={m.group(1)}")
    m = re.match(r"(与|和|同|跟|、|及)", mid)
    if m:
        feats.append(f"m_start={m.group(1)}")
    if len(mid) <= 15 and re.search(r"(与|和|同|跟)", mid):
        feats.append("m_has_yu")
    return feats


@dataclass
class Calibrator:
    """Per relation, an increasing map from model probability to confidence:
    breakpoints ``(probability, confidence)``, linearly interpolated."""

    points: dict[str, list[tuple[float, float]]] = field(default_factory=dict)

    def __call__(self, relation: str, p: float) -> float:
        pts = self.points.get(relation)
        if not pts:
            return p
        xs = [x for x, _ in pts]
        i = bisect_right(xs, p)
        if i == 0:
            return pts[0][1]
        if i == len(pts):
            return pts[-1][1]
        (x0, y0), (x1, y1) = pts[i - 1], pts[i]
        return y0 + (y1 - y0) * (p - x0) / (x1 - x0) if x1 > x0 else y1

    @classmethod
    def fit(cls, scored: dict[str, list[tuple[float, bool]]], max_points: int = 24) -> Calibrator:
        """Isotonic regression (pool adjacent violators) of each relation's
        outcomes on its scores; each pooled block becomes a breakpoint at its
        mean score, its value the block's smoothed rate (k+0.5)/(n+1)."""
        out: dict[str, list[tuple[float, float]]] = {}
        for rel, items in scored.items():
            items = sorted(items)
            blocks: list[list[float]] = []  # [sum score, sum outcome, n]
            for s, ok in items:
                blocks.append([s, float(ok), 1.0])
                while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] >= blocks[-1][1] / blocks[-1][2]:
                    s2, k2, n2 = blocks.pop()
                    blocks[-1][0] += s2
                    blocks[-1][1] += k2
                    blocks[-1][2] += n2
            pts, top = [], 0.0
            for sx, k, n in blocks:  # smoothing can undo the order of small blocks: keep it increasing
                top = max(top, (k + 0.5) / (n + 1))
                pts.append((sx / n, top))
            while len(pts) > max_points:  # merge the two closest neighbours
                j = min(range(len(pts) - 1), key=lambda i: pts[i + 1][1] - pts[i][1])
                pts[j:j + 2] = [((pts[j][0] + pts[j + 1][0]) / 2, (pts[j][1] + pts[j + 1][1]) / 2)]
            out[rel] = [(round(x, 4), round(y, 4)) for x, y in pts]
        return cls(out)

    def save(self, path: Path) -> None:
        rows = ",\n".join(f"  {json.dumps(rel)}: {json.dumps(pts)}" for rel, pts in sorted(self.points.items()))
        path.write_text('{"method": "isotonic, 10-fold out-of-fold on FinRE train",\n "points": {\n'
                        + rows + "\n }\n}\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Calibrator:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls({k: [tuple(p) for p in v] for k, v in data["points"].items()})


def _relation_scores(probs: dict[str, float]) -> dict[str, tuple[float, str]]:
    """Per relation family: probability (directions summed) and best class."""
    out = {}
    for rel in RELATIONS:
        labs = [lab for lab in probs if lab == rel or lab[:-1] == rel]
        if labs:
            out[rel] = (sum(probs[lab] for lab in labs), max(labs, key=lambda lab: probs[lab]))
    return out


@dataclass
class RelationClassifier:
    """Loaded model plus a segmenter; classify many pairs without reloading."""

    path: Path
    segmenter: Segmenter

    def __post_init__(self) -> None:
        import pycrfsuite

        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(self.path))
        self.labels = list(self._tagger.labels())
        cal = calibration_path(self.path)
        self.calibrator = Calibrator.load(cal) if cal.exists() else Calibrator()

    def predict(self, text: str, head: tuple[int, int], tail: tuple[int, int]) -> tuple[str, float]:
        """Best class and its (uncalibrated) probability."""
        probs = self.probabilities(text, head, tail)
        best = max(sorted(probs), key=lambda k: probs[k])
        return best, probs[best]

    def probabilities(self, text: str, head: tuple[int, int], tail: tuple[int, int]) -> dict[str, float]:
        """The model's probability of each class (uncalibrated)."""
        import pycrfsuite

        feats = pair_features(self.segmenter, text, head, tail)
        self._tagger.set(pycrfsuite.ItemSequence([{f: 1.0 for f in feats}]))
        self._tagger.tag()
        return {lab: self._tagger.marginal(lab, 0) for lab in self.labels}

    def decide(self, text: str, head: tuple[int, int], tail: tuple[int, int]) -> tuple[str, float]:
        """The class of the relation with the highest calibrated confidence,
        and that confidence (the estimated chance that the pair has it)."""
        scores = _relation_scores(self.probabilities(text, head, tail))
        best, conf = "none", 0.0
        for rel in sorted(scores):
            p, label = scores[rel]
            c = self.calibrator(rel, p)
            if c > conf:
                best, conf = label, c
        return best, conf


@cache
def load_classifier(path: Path | None = None) -> RelationClassifier:
    """The shipped relation model, loaded once per process."""
    p = path or model_path()
    if not p.exists():
        from .errors import InputError

        raise InputError(str(p), "no relation model (rebuild it: zhkg train-relations)")
    return RelationClassifier(p, Segmenter())


def pair_examples(examples: Iterable[RelExample]) -> list[tuple[RelExample, str, set[str]]]:
    """One ``(example, class, relations)`` per unordered pair of a sentence, in
    a fixed order: the class to train on and every relation its labels map to."""
    groups: dict[tuple, list[RelExample]] = {}
    for ex in examples:
        groups.setdefault((ex.text, frozenset((ex.head, ex.tail))), []).append(ex)
    out = []
    for key in sorted(groups, key=lambda k: (k[0], sorted(k[1]))):
        exs = groups[key]
        rels = {ex.relation.value for ex in exs if ex.relation is not None}
        label = "none"
        for rel in _PRIORITY:
            hit = next((ex for ex in exs if ex.relation is not None and ex.relation.value == rel), None)
            if hit is not None:
                label = label_of(hit.relation, hit.direction)
                # the class is relative to the first example's head and tail
                if hit.head != exs[0].head and label[-1] in "<>":
                    label = label[:-1] + ("<" if label[-1] == ">" else ">")
                break
        out.append((exs[0], label, rels))
    return out


def _train(items: list[tuple[list[str], str]], path: Path, c1: float, c2: float, max_iterations: int) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for feats, label in items:
        trainer.append(pycrfsuite.ItemSequence([{f: 1.0 for f in feats}]), [label])
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": max_iterations, "feature.minfreq": 2})
    trainer.train(str(path))


def _tag_all(path: Path, feats: list[list[str]]) -> list[dict[str, float]]:
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    labels = list(tagger.labels())
    out = []
    for f in feats:
        tagger.set(pycrfsuite.ItemSequence([{x: 1.0 for x in f}]))
        tagger.tag()
        out.append({lab: tagger.marginal(lab, 0) for lab in labels})
    return out


def _flip(label: str) -> str:
    """The class of the same pair with head and tail swapped."""
    return label if label[-1] not in "<>" else label[:-1] + ("<" if label[-1] == ">" else ">")


def train_classifier(examples: Iterable[RelExample], out: Path, c1: float = C1, c2: float = C2,
                     max_iterations: int = 300) -> int:
    """Train the pair classifier on FinRE examples and calibrate it by 10-fold
    cross-validation (see the module docstring); write the model and its
    calibration table; return the number of pairs used."""
    seg = Segmenter()
    pairs = pair_examples(examples)
    feats = [pair_features(seg, ex.text, ex.head_span, ex.tail_span) for ex, _, _ in pairs]
    labels = [label for _, label, _ in pairs]
    # each pair also with its names swapped, so the answer does not depend on which is the head
    swapped = [(pair_features(seg, ex.text, ex.tail_span, ex.head_span), _flip(label)) for ex, label, _ in pairs]
    folds = [fold_of(ex.text) for ex, _, _ in pairs]
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    scored: dict[str, list[tuple[float, bool]]] = {rel: [] for rel in RELATIONS}
    for k in range(FOLDS):
        held = [i for i, f in enumerate(folds) if f == k]
        rest = [i for i, f in enumerate(folds) if f != k]
        _train([(feats[i], labels[i]) for i in rest] + [swapped[i] for i in rest], tmp, c1, c2, max_iterations)
        for i, probs in zip(held, _tag_all(tmp, [feats[i] for i in held])):
            for rel, (p, _) in _relation_scores(probs).items():
                scored[rel].append((p, rel in pairs[i][2]))
    _train(list(zip(feats, labels)) + swapped, tmp, c1, c2, max_iterations)
    Calibrator.fit(scored).save(calibration_path(out))
    tmp.replace(out)
    return len(pairs)
