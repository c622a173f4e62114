"""A trained relation classifier for one entity pair in a sentence.

A maximum-entropy model (python-crfsuite trained on one-item sequences, which
is multinomial logistic regression) over features of the text around and
between the two names, with the names masked so that their characters do not
leak into the features. Classes are a relation plus its direction
(``partnerOf``, ``serves>``, ``serves<``, ``subOrganizationOf>``,
``subOrganizationOf<``) or ``none``. Trained on FinRE train; measured on
FinRE valid (``zhkg eval-relations``).

The model's class probability is its confidence; the calibration table of
``zhkg eval-relations`` shows how often an edge at each confidence is right.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from .finre import HEAD_TO_TAIL, TAIL_TO_HEAD, RelExample
from .schema import Relation
from .segment import Segmenter

__all__ = ["RelationClassifier", "pair_features", "train_classifier", "load_classifier", "model_path",
           "label_of", "decode_label"]

_CUES = ("合作", "合资", "签约", "签署", "协议", "战略", "携手", "联手", "共建", "联合", "共同", "牵手",
         "帮助", "支持", "扶持", "服务", "援助", "成立", "设立", "组建", "子公司", "旗下", "控股", "收购",
         "入股", "增持", "减持", "竞争", "起诉", "纠纷", "对手", "发行", "注资")
_H, _T = "甲", "乙"  # masks: rare as single-character words between names


def model_path() -> Path:
    return Path(str(resources.files("zhkg.extract") / "data" / "relations.crfsuite"))


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
    return feats


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

    def predict(self, text: str, head: tuple[int, int], tail: tuple[int, int]) -> tuple[str, float]:
        """Best class and its probability."""
        import pycrfsuite

        feats = pair_features(self.segmenter, text, head, tail)
        self._tagger.set(pycrfsuite.ItemSequence([{f: 1.0 for f in feats}]))
        best = self._tagger.tag()[0]
        return best, self._tagger.marginal(best, 0)

    def probabilities(self, text: str, head: tuple[int, int], tail: tuple[int, int]) -> dict[str, float]:
        import pycrfsuite

        feats = pair_features(self.segmenter, text, head, tail)
        self._tagger.set(pycrfsuite.ItemSequence([{f: 1.0 for f in feats}]))
        self._tagger.tag()
        return {lab: self._tagger.marginal(lab, 0) for lab in self.labels}


@cache
def load_classifier(path: Path | None = None) -> RelationClassifier:
    """The shipped relation model, loaded once per process."""
    p = path or model_path()
    if not p.exists():
        from .errors import InputError

        raise InputError(str(p), "no relation model (rebuild it: zhkg train-relations)")
    return RelationClassifier(p, Segmenter())


def train_classifier(examples: Iterable[RelExample], out: Path, c1: float = 0.05, c2: float = 0.5,
                     max_iterations: int = 200) -> int:
    """Train the pair classifier on FinRE examples; return the number used."""
    import pycrfsuite

    seg = Segmenter()
    trainer = pycrfsuite.Trainer(verbose=False)
    n = 0
    for ex in examples:
        feats = pair_features(seg, ex.text, ex.head_span, ex.tail_span)
        trainer.append(pycrfsuite.ItemSequence([{f: 1.0 for f in feats}]), [label_of(ex.relation, ex.direction)])
        n += 1
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": max_iterations, "feature.minfreq": 2})
    tmp = out.with_suffix(".tmp")
    trainer.train(str(tmp))
    tmp.replace(out)
    return n
