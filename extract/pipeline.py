"""Document -> DocumentResult: the ordered extractor table, run per sentence.

``EXTRACTORS`` lists the steps in order; each is a pure function of values.
An extractor instance (:class:`Extractor`) owns the segmenter and the
gazetteer, so a worker process loads them once and reuses them.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources

from .documents import split_sentences
from .entities import (_CLAUSE_WORDS, _GOV_MINISTRIES, _STOP_POS, _STOP_WORDS, _TITLES, NOT_NAME_END, NOT_NAME_END_WORD,
                       Span, find_aliases, find_declared, find_spans, person_name, plausible_name, select_spans)
from .gazetteer import Gazetteer, load_gazetteer
from .records import (
    AliasMention,
    Document,
    DocumentResult,
    Evidence,
    Mention,
    PartnershipMention,
    Quantity,
    RelationMention,
    Sentence,
)
from .relations import RULE_CONFIDENCE, SentenceContext, find_relations, update_context
from .schema import EntityType as T
from .segment import Segmenter

__all__ = ["Extractor", "EXTRACTOR_VERSION", "EXTRACTORS", "extractor_fingerprint"]

#: Bump when extraction output changes: cached results of older versions are stale.
#: The cache also keys on :func:`extractor_fingerprint`, so a change to the
#: code or data of this package invalidates results even if nobody bumps this.
EXTRACTOR_VERSION = "8"


@cache
def _code_digest() -> str:
    """Digest of this package's modules and data files (read on first use)."""
    root = resources.files("zhkg.extract")
    h = hashlib.sha1()
    for entry in sorted((*root.iterdir(), *(root / "data").iterdir()), key=lambda e: e.name):
        if entry.is_file() and (entry.name.endswith(".py") or "data" in str(entry)):
            h.update(entry.name.encode())
            h.update(entry.read_bytes())
    return h.hexdigest()[:12]


def extractor_fingerprint() -> str:
    """``EXTRACTOR_VERSION`` plus a digest of the extraction code and data.

    >>> extractor_fingerprint().startswith(EXTRACTOR_VERSION + "-")
    True
    """
    return f"{EXTRACTOR_VERSION}-{_code_digest()}"
#: the last characters of a ministry's department (土地利用司, 新闻办公室, 油气资源战略研究中心)
_DEPARTMENT_END = re.compile(r"(?:司|局|办|办公室|办公厅|中心|研究所|研究院|处|室)$")
#: Least marginal probability of every character of a model span (see Extractor.sentence_spans).
MODEL_MIN_PROB = 0.6
EXTRACTORS = ("sentences", "tokens", "entity-rules", "aliases", "declared-names", "relations", "quantities")


#: dictionary POS of words that are not names when they stand alone
_COMMON_POS = frozenset("v vn vd a ad d n ng l i c p u r m q t f".split())


def _ends_inside_word(tokens: list, end: int) -> bool:
    """True when ``end`` falls inside a token whose rest is not a post (深圳中心|区)."""
    for t in tokens:
        if t.start < end < t.end:
            return not t.word[end - t.start:].startswith(_TITLES)
        if t.start >= end:
            break
    return False


def _common_word(tokens: list, start: int, end: int) -> bool:
    """True when ``[start, end)`` is made of common dictionary words only
    (解释, 许可/证, 监管/机构): a name holds a proper or unknown word."""
    inside = [t for t in tokens if start <= t.start and t.end <= end]
    return bool(inside) and all(t.pos in _COMMON_POS for t in inside)


def _maps_to_itself(sent: Sentence, sp: Span, original: str) -> bool:
    """True when the span's original characters are its name, whitespace aside."""
    start, end = sent.offsets.span(sp.start, sp.end)
    return "".join(original[start:end].split()) == "".join(sp.name.split())


def _place_word(tokens: list, text: str, start: int, end: int, tags: dict[str, str] | None = None) -> bool:
    """True when ``[start, end)`` is one place word of the dictionary (罗马,
    亚特兰大) or a place and 人 (西班牙人, 美国人): the model's organisation
    there is a city, a country or its people (罗马凉鞋, 西班牙人口)."""
    inside = [t for t in tokens if start <= t.start and t.end <= end]
    if len(inside) == 1 and inside[0].pos == "ns" and (inside[0].start, inside[0].end) == (start, end):
        return True
    if text[end - 1] == "人" and end - start >= 3:
        head = [t for t in tokens if t.start == start]
        if head and head[0].pos == "ns" and head[0].end == end - 1:
            return True
        # one word for the people (西班牙人 nz): its place is a dictionary place word
        return tags is not None and tags.get(text[start:end - 1]) == "ns"
    return False


def _trim_leading(tokens: list, start: int, end: int) -> int:
    """Start of an organisation span once leading function words and verbs
    that are whole tokens are dropped (像鹏华基金 -> 鹏华基金)."""
    for t in tokens:
        if t.start < start:
            continue
        if t.start != start or t.end >= end:
            break
        if t.word in _STOP_WORDS or t.pos in _STOP_POS or t.pos == "v":
            start = t.end
        else:
            break
    return start


def _holds_clause_word(tokens: list, start: int, end: int) -> bool:
    """True when a word inside ``[start, end)`` shows a clause, not a name:
    a cue verb or title (担任, 总经理), or an unknown word glued to a
    function character (昆为)."""
    for t in tokens:
        if t.end <= start or t.start >= end:
            continue
        if t.word in _CLAUSE_WORDS:
            return True
        if t.pos == "x" and len(t.word) >= 2 and t.word[-1] in "为的了在和与对将把被从向是":
            return True
    return False


def _split_coordinated(text: str, start: int, end: int, tokens: list | None = None) -> list[tuple[int, int]]:
    """A tagged span holding 及/和/与/、 is several names: 长安汽车及中国汽研.

    With ``tokens``, a conjunction splits only where it is a word of its own,
    so 中华人民共和国教育部 stays whole (和 inside 共和国).

    >>> _split_coordinated("与长安汽车及中国汽研合作", 1, 10)
    [(1, 5), (6, 10)]
    """
    alone = None if tokens is None else {t.start for t in tokens if t.end - t.start == 1}
    out, a = [], start
    for i in range(start, end):
        if text[i] in "及和与、" and (alone is None or i in alone):
            out.append((a, i))
            a = i + 1
    out.append((a, end))
    return [(x, y) for x, y in out if y > x]


def _is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


#: where a clause ends: the model is run on the clauses that may hold a name
_CLAUSE_END = frozenset("，。；！？：,;!?:")
#: dictionary POS of words that can be (part of) a name the rules missed:
#: unknown words, person/place/organisation/other proper nouns, abbreviations,
#: Latin, place words (东方早报), distinguishing words
_NAME_POS = frozenset("x nr nrt nrfg nz nt j eng ns s b z".split())


def _model_windows(text: str, tokens: list, rule_spans: list[Span]) -> list[tuple[int, int]]:
    """Stretches of ``text`` worth running the model on: each clause holding
    a name-like word that no rule span covers, or a person found by a title
    (whose name the model may lengthen), with the punctuation on either side
    as context. Adjacent clauses are merged; the rest of the sentence is
    skipped (a model span must hold such a word to be kept, see
    :func:`_common_word`), which is where the model's time goes.
    """
    covered = [(s.start, s.end) for s in rule_spans]
    seeds = [t.start for t in tokens if t.pos in _NAME_POS
             and not any(a <= t.start and t.end <= b for a, b in covered)]
    seeds += [s.start for s in rule_spans if s.rule == "person-title"]
    if not seeds:
        return []
    n = len(text)
    windows: list[tuple[int, int]] = []
    for i in sorted(seeds):
        if windows and i < windows[-1][1]:
            continue
        a = i
        while a > 0 and text[a - 1] not in _CLAUSE_END:
            a -= 1
        b = i
        while b < n and text[b] not in _CLAUSE_END:
            b += 1
        a, b = max(0, a - 1), min(n, b + 1)  # the punctuation around it
        if windows and a <= windows[-1][1]:
            windows[-1] = (windows[-1][0], b)
        else:
            windows.append((a, b))
    return windows


@dataclass
class Extractor:
    """Runs every extractor over a document. Build one per process.

    With ``use_model`` (the default) the CRF tagger of :mod:`zhkg.extract.crf`
    adds the names the rules do not see; where a rule span and a model span
    overlap the rule span wins (see :meth:`sentence_spans` for why). The model shares
    this extractor's segmenter, so each sentence is segmented once.
    """

    segmenter: Segmenter = field(default_factory=Segmenter)
    gazetteer: Gazetteer | None = None
    use_model: bool = True

    def __post_init__(self) -> None:
        if self.gazetteer is None:
            self.gazetteer = load_gazetteer()
        self.model = None
        if self.use_model:
            from .crf import load_ner_model

            self.model = load_ner_model()
            self.model.features._seg = None  # built from our segmenter on first use
            self.model.features._share(self.segmenter)

    def sentence_spans(self, text: str, tokens: list) -> list[Span]:
        """Rule spans of a sentence, combined with the model's when it is on."""
        rule_spans = find_spans(text, tokens, self.gazetteer)
        if self.model is None or not text:
            return rule_spans
        # Rules first, the model fills the gaps: in this genre a name closed by
        # its legal suffix (重庆睿伊互感器研究院有限公司) is certain where the
        # CLUENER-trained model often stops short; on the gold files letting
        # the model win (combine_mentions) cost recall (seed R 0.90 -> 0.65,
        # held-out 0.47 -> 0.42), while gap filling keeps the rules' edges and
        # adds names no rule sees (北斗星通, 金康赛力斯).
        # The model is trusted only where it is sure (every character's
        # marginal >= MODEL_MIN_PROB) and for what the rules cannot do better:
        # organisations and persons. Its places are CLUENER street addresses
        # (长度中心, 施工图 on the seed page); the gazetteer finds real ones.
        scored = []
        for wa, wb in _model_windows(text, tokens, rule_spans):
            words = [t.word for t in tokens if wa <= t.start and t.end <= wb]
            if sum(map(len, words)) != wb - wa:  # a word across the edge: let the model segment
                words = None
            scored += [(a + wa, b + wa, t, p) for a, b, t, p in self.model.tag_scored(text[wa:wb], words)]
        # a title rule knows there is a person; where the model reads a longer
        # name it is usually right (副院长冯伟哲说: 冯伟哲, where word boundaries
        # give 冯伟); a shorter one is not taken (安保和 stays whole)
        starts = {t.start for t in tokens}
        persons = {a: b for a, b, t, _ in scored if t is T.Person and 2 <= b - a <= 4
                   and all(_is_han(c) or c in "·•" for c in text[a:b])  # not 常昕) of （记者 常昕）
                   and not (text[b - 1] in NOT_NAME_END or text[b - 1] in NOT_NAME_END_WORD and b - 1 in starts)}
        rule_spans = [
            replace(s, end=persons[s.start], name=text[s.start:persons[s.start]])
            if s.rule == "person-title" and persons.get(s.start, 0) > s.end and not any(
                o is not s and o.start < persons[s.start] and s.start < o.end for o in rule_spans)
            else s
            for s in rule_spans
        ]
        # a ministry's word is a rule span; the model may read its department after it
        # (国土资源部土地利用司司长…): the longer name wins, and names the ministry as its parent
        units = {a: (b, t, p) for a, b, t, p in scored if p >= MODEL_MIN_PROB and t in (T.GovernmentBody, T.Institution)
                 and _DEPARTMENT_END.search(text, a, b)}
        rule_spans = [
            replace(s, end=units[s.start][0], name=text[s.start:units[s.start][0]], type=units[s.start][1], rule="crf",
                    confidence=round(units[s.start][2], 2))
            if s.name in _GOV_MINISTRIES and s.start in units and units[s.start][0] > s.end and not any(
                o is not s and o.start < units[s.start][0] and s.start < o.end for o in rule_spans)
            else s
            for s in rule_spans
        ]
        taken = [(s.start, s.end) for s in rule_spans]
        extra = []
        for a0, b0, t, prob in scored:
            if prob < MODEL_MIN_PROB or t is T.AdminRegion:
                continue
            for a, b in _split_coordinated(text, a0, b0, tokens):
                while a < b and not text[a].isalnum():
                    a += 1  # (陈醉) -> 陈醉: the model's span took a bracket or a quote
                while b > a and not text[b - 1].isalnum():
                    b -= 1
                if t is T.Person and not all(_is_han(c) or c in "·•" for c in text[a:b]):
                    continue  # 姚? : a character the encoding lost
                if t is T.Person and not any(x.start == a and x.end == b for x in tokens):
                    b = a + len(person_name(text[a:b]))  # 郑宇摄 -> 郑宇, but 任志强 is a word
                if t is not T.Person and text[a:b].endswith("基金") and text.startswith(("经理", "分析师", "研究员"), b):
                    if not text[a:b - 2].endswith(("证券", "银行", "保险", "信托", "公司")):
                        continue  # 易方达科瑞基金经理: a fund, whose house is not named whole
                    b -= 2  # 方正证券基金分析师: 基金 belongs to the post
                if t is not T.Person:
                    if _ends_inside_word(tokens, b):
                        continue  # 深圳中心/区: the model cut a word (but 协会/会长, a post glued on, is fine)
                    a = _trim_leading(tokens, a, b)  # 像鹏华基金 -> 鹏华基金
                    if _holds_clause_word(tokens, a, b):
                        continue  # 王重昆为公司: a verb or a glued 为 inside is two phrases
                    if _place_word(tokens, text, a, b, self.segmenter.tags):
                        continue  # 罗马, 西班牙人: a place or its people, not a body
                if _common_word(tokens, a, b):
                    continue  # 解释, 许可证, 马甲: dictionary words, not a name
                if b - a >= 2 and not any(a < e and s < b for s, e in taken) and plausible_name(text[a:b], t):
                    extra.append(Span(a, b, t, "crf", text[a:b], round(prob, 2)))
        return sorted(rule_spans + extra, key=lambda s: s.start) if extra else rule_spans

    def extract(self, doc: Document) -> DocumentResult:
        """Extract mentions, relations, partnerships, aliases and quantities.

        Examples
        --------
        >>> from zhkg.extract.records import Document
        >>> t = "合川网络安全产业城已与德国博世集团联合建设了网络安全培训基地。"
        >>> r = Extractor().extract(Document("d", "d.txt", t, "utf-8", ""))
        >>> [([m.name for m in p.participants], [m.name for m in p.products]) for p in r.partnerships]
        [(['合川网络安全产业城', '德国博世集团'], ['网络安全培训基地'])]
        """
        gaz = self.gazetteer
        assert gaz is not None
        sentences = split_sentences(doc)
        tokens = [self.segmenter.tokens(s.text) for s in sentences]
        spans = [self.sentence_spans(s.text, toks) for s, toks in zip(sentences, tokens)]
        # names this document declares or states in full are found again
        # wherever they recur (传音 after 以下简称传音, 华为 in a later sentence)
        known: dict[str, T] = {}
        alias_pairs: list[tuple[int, Span, Span]] = []
        for i, (s, sp) in enumerate(zip(sentences, spans)):
            for full, short in find_aliases(s.text, sp):
                alias_pairs.append((i, full, short))
                known.setdefault(short.name, short.type)
            for x in sp:
                if x.type not in (T.AdminRegion,) and len(x.name) >= 2 and x.rule != "crf":
                    known.setdefault(x.name, x.type)
        # the model's person that starts a name of this document is that name's
        # short form, not a person (张江 of 张江集团 and 张江园区)
        starts = {n[:k] for n, t in known.items() if t is not T.Person for k in (2, 3) if len(n) > k}
        spans = [[x for x in sp if not (x.rule == "crf" and x.type is T.Person and x.name in starts)] for sp in spans]
        for i, (s, toks) in enumerate(zip(sentences, tokens)):
            # a name the document states elsewhere beats the model's guess
            ruled = [x for x in spans[i] if x.rule != "crf"]
            declared = find_declared(s.text, toks, known, ruled)
            if declared:
                kept = [x for x in spans[i] if x.rule != "crf" or
                        not any(x.start < d.end and d.start < x.end for d in declared)]
                spans[i] = select_spans(kept + declared)
        # a span across characters the reader dropped (a banner's repeated
        # characters) would point at text that is not its name: no mention
        spans = [[x for x in sp if _maps_to_itself(s, x, doc.text)] for s, sp in zip(sentences, spans)]

        mentions: dict[tuple[int, int, int, str], Mention] = {}

        def mention(sent: Sentence, sp: Span) -> Mention:
            start, end = sent.offsets.span(sp.start, sp.end)
            key = (sent.index, start, end, sp.type.value)
            m = mentions.get(key)
            if m is None:
                m = Mention(doc.id, sent.index, start, end, doc.text[start:end], sp.name, sp.type,
                            sp.rule, sp.confidence)
                mentions[key] = m
            return m

        def evidence(sent: Sentence, rule: str) -> Evidence:
            return Evidence(doc.id, sent.index, sent.text, sent.start, sent.end, rule,
                            RULE_CONFIDENCE.get(rule, 0.5))

        relations: list[RelationMention] = []
        partnerships: list[PartnershipMention] = []
        quantities: list[Quantity] = []
        aliases: list[AliasMention] = []
        ctx = SentenceContext()
        for sp in spans:
            for x in sp:
                if x.type is T.AdminRegion and x.rule == "region" and x.region_code:
                    region = gaz.by_code.get(x.region_code)
                    if region is not None and region.name == x.name:
                        ctx.regions.update(r.code for r in gaz.chain(region.code))
        for s, sp in zip(sentences, spans):
            for x in sp:
                mention(s, x)
            ctx.reset_if(s.paragraph)
            found = find_relations(s.text, sp, gaz, ctx, s.index)

            def m_of(x: Span, _s: Sentence = s) -> Mention:
                idx = found.foreign.get(id(x))
                return mention(sentences[idx] if idx is not None else _s, x)

            for x in found.extra_spans:
                mention(s, x)
            for e in found.edges:
                relations.append(RelationMention(e.relation, m_of(e.head), m_of(e.tail), evidence(s, e.rule)))
            for p in found.partners:
                partnerships.append(PartnershipMention(
                    tuple(m_of(x) for x in p.participants), tuple(m_of(x) for x in p.products), evidence(s, p.rule)
                ))
            for q in found.quantities:
                a, b = s.offsets.span(q.start, q.end)
                quantities.append(Quantity(m_of(q.subject), q.metric, q.value, q.unit, q.qualifier, q.year,
                                           doc.text[a:b], evidence(s, "quantity")))
            update_context(ctx, s.index, sp, s.text)
        for i, full, short in alias_pairs:
            s = sentences[i]
            aliases.append(AliasMention(mention(s, full), mention(s, short), evidence(s, "alias-declared")))
        return DocumentResult(
            doc_id=doc.id, path=doc.path, sha256=doc.sha256, encoding=doc.encoding,
            n_chars=len(doc.text), n_sentences=len(sentences),
            mentions=tuple(sorted(mentions.values(), key=lambda m: (m.start, m.end, m.type.value))),
            relations=tuple(relations), partnerships=tuple(partnerships),
            aliases=tuple(aliases), quantities=tuple(quantities),
        )
