"""Relation between two given names in a text (``zhkg relate``).

The rules of :mod:`zhkg.extract.relations` run first on the sentence with
both names forced in as mentions; a rule that links them wins, with its
measured confidence. Otherwise the trained pair classifier
(:mod:`zhkg.extract.relclass`) decides: its relation with the highest
calibrated confidence (the estimated chance, on held-out FinRE-like text,
that the pair has that relation), kept when that confidence is at least
``threshold`` (default 0.5: more likely right than wrong). A ``None``
answer's confidence is one minus that best confidence.

Two checks answer "no relation" before either: a pair the text declares to be
one body under two names (X（以下简称Y）), and, for the model's partnerOf, an
agreement that moves ownership between them (股权转让协议, 并购协议, 资产置换协议):
FinRE labels many such pairs 签约, the ontology's partnerOf is cooperation.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .entities import Span, find_aliases, find_spans, suffix_type
from .finre import HEAD_TO_TAIL, TAIL_TO_HEAD, locate_pair
from .gazetteer import Gazetteer, load_gazetteer
from .relations import RULE_CONFIDENCE, SentenceContext, find_relations, transaction_between
from .relclass import RelationClassifier, decode_label, load_classifier
from .schema import EntityType as T, Relation
from .segment import Segmenter

__all__ = ["Relater", "RelateResult"]


@dataclass(frozen=True, slots=True)
class RelateResult:
    relation: Relation | None
    direction: str
    confidence: float
    source: str


#: confidence of the "no relation" answers two checks give (priors: the
#: alias declaration is the extractor's own 0.95; the transaction check fired
#: on 44 FinRE train pairs, and the 12 read were all transfers; kept conservative)
_NO_RELATION_CONFIDENCE = {"alias-declared": 0.95, "transaction-agreement": 0.8}


@dataclass
class Relater:
    """Rules, then the classifier, for one (text, head, tail) at a time."""

    segmenter: Segmenter = field(default_factory=Segmenter)
    gazetteer: Gazetteer | None = None
    classifier: RelationClassifier | None = None
    use_rules: bool = True
    use_model: bool = True
    threshold: float = 0.5

    def __post_init__(self) -> None:
        if self.gazetteer is None:
            self.gazetteer = load_gazetteer()
        if self.classifier is None and self.use_model:
            self.classifier = load_classifier()

    def rules(self, text: str, head: tuple[int, int], tail: tuple[int, int]) -> RelateResult | None:
        """The relation a rule states between the two spans, if any."""
        gaz = self.gazetteer
        assert gaz is not None
        spans = find_spans(text, self.segmenter.tokens(text), gaz)
        forced = []
        for a, b in (head, tail):
            same = next((s for s in spans if s.start == a and s.end == b), None)
            typ = same.type if same else (suffix_type(text[a:b]) or T.Company)
            forced.append(Span(a, b, typ, "given", text[a:b], 1.0))
        spans = sorted([s for s in spans if not any(s.start < f.end and f.start < s.end for f in forced)] + forced,
                       key=lambda s: s.start)
        h, t = forced
        for full, short in find_aliases(text, spans):
            if {full.name, short.name} == {h.name, t.name}:
                # 北大荒商贸集团有限责任公司（以下简称北大荒商贸集团）: one body, two names
                return RelateResult(None, HEAD_TO_TAIL, _NO_RELATION_CONFIDENCE["alias-declared"], "alias-declared")
        found = find_relations(text, spans, gaz, SentenceContext(), 0)

        def same(x: Span, y: Span) -> bool:
            return x.start == y.start and x.end == y.end

        best: RelateResult | None = None
        for e in found.edges:
            if same(e.head, h) and same(e.tail, t):
                cand = RelateResult(e.relation, HEAD_TO_TAIL, RULE_CONFIDENCE.get(e.rule, 0.5), e.rule)
            elif same(e.head, t) and same(e.tail, h):
                cand = RelateResult(e.relation, TAIL_TO_HEAD, RULE_CONFIDENCE.get(e.rule, 0.5), e.rule)
            else:
                continue
            if best is None or cand.confidence > best.confidence:
                best = cand
        for p in found.partners:
            if any(same(x, h) for x in p.participants) and any(same(x, t) for x in p.participants):
                cand = RelateResult(Relation.partnerOf, HEAD_TO_TAIL, RULE_CONFIDENCE.get(p.rule, 0.5), p.rule)
                if best is None or cand.confidence > best.confidence:
                    best = cand
        return best

    def relate_spans(self, text: str, head: tuple[int, int], tail: tuple[int, int]) -> RelateResult:
        if self.use_rules:
            hit = self.rules(text, head, tail)
            if hit is not None:
                return hit
        if self.use_model and self.classifier is not None:
            label, conf = self.classifier.decide(text, head, tail)
            if label != "none" and conf >= self.threshold:
                rel, direction = decode_label(label)
                if rel is Relation.partnerOf and transaction_between(text, head, tail):
                    return RelateResult(None, HEAD_TO_TAIL, _NO_RELATION_CONFIDENCE["transaction-agreement"],
                                        "transaction-agreement")
                return RelateResult(rel, direction, round(conf, 4), "model:finre-maxent")
            return RelateResult(None, HEAD_TO_TAIL, round(1.0 - conf, 4), "model:finre-maxent")
        return RelateResult(None, HEAD_TO_TAIL, 0.0, "none")

    def relate(self, text: str, head: str, tail: str) -> RelateResult:
        """Relation between the surface strings ``head`` and ``tail`` of ``text``.

        Raises
        ------
        ValueError
            A name that does not occur in ``text``.

        Examples
        --------
        >>> r = Relater(use_model=False)
        >>> r.relate("8月24日，北斗星通落地仙桃数据谷。", "北斗星通", "仙桃数据谷").relation
        <Relation.settledIn: 'settledIn'>
        """
        if not head or not tail:
            raise ValueError("empty name: \"head\" and \"tail\" must be names that occur in the text")
        loc = locate_pair(text, head, tail)
        if loc is None:
            missing = head if head not in text else tail
            raise ValueError(f"name not in text: {missing!r}")
        return self.relate_spans(text, loc[0], loc[1])
