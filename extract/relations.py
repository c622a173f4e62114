"""Rule-based relations over the entity spans of one sentence.

Each rule has a registered name (recorded as the evidence's ``rule``) and a
fixed confidence (``RULE_CONFIDENCE``); a rule fires only where the sentence
states the relation with a cue, so a missing edge is preferred to a wrong one.

Subjects carry across a paragraph: a sentence with no organisation of its own
before a cue takes the last subject of the paragraph, and 该公司/该基地/该区
and 双方 point back to the entities the paragraph named last.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .entities import _ALIAS_DECL, _GOV_MINISTRIES, _TITLES, Span, _suffix_of, suffix_type
from .gazetteer import Gazetteer
from .schema import ORGANIZATION_TYPES, PLACE_TYPES, EntityType as T, Relation as R
from .segment import word_tags

__all__ = ["SentenceContext", "Edge", "Partner", "QuantitySpan", "find_relations", "RULE_CONFIDENCE",
           "TRANSACTION_AGREEMENT"]

#: Confidence of each rule: its precision measured on held-out text where
#: known (see README, "Confidence"); otherwise a conservative prior.
RULE_CONFIDENCE: dict[str, float] = {
    "partnership-with": 0.85,
    "partnership-joint": 0.7,
    "partnership-both": 0.6,
    "develops-by": 0.9,
    "develops-verb": 0.75,
    "settles-verb": 0.85,
    "settles-cluster": 0.75,
    "located-name-prefix": 0.95,
    "part-of-adjacent": 0.9,
    "located-adjacent": 0.85,
    "located-in-place": 0.7,
    "part-of-sub-region": 0.9,
    "serves-verb": 0.75,
    "serves-invite": 0.75,
    "serves-entrust": 0.75,
    "settles-unknown": 0.6,
    "settles-representative": 0.6,
    "located-verb": 0.8,
    "located-situated": 0.85,
    "located-from": 0.75,
    "branch-name": 0.95,
    "department-name": 0.9,
    "unit-name": 0.85,
    "branch-cue": 0.8,
    "affiliated-title": 0.8,
    "affiliated-appointment": 0.8,
    "affiliated-from": 0.75,
    "affiliated-byline": 0.85,
    "affiliated-apposition": 0.8,
    "affiliated-credit": 0.85,
    "partnership-dash": 0.8,
    "partnership-list": 0.75,
    "partnership-jv-holders": 0.75,
}

_ORG_LIKE = ORGANIZATION_TYPES | {T.Park}
_SEP = re.compile(r"^(?:、|和|及|以及|与|，|同)$")
_PARTNER_CUE = re.compile(
    r"(?:等)?(?:[^，。；、]{0,6}?|(?:就|在|围绕|针对|对)[^，。；、]{0,20}?)(共同建设|联合建设|合作建设|共同打造|联合打造|合作打造|携手打造|"
    r"牵头组建|共同组建|联合组建|合资组建|共同出资|共同(?:追加)?投资|联合投资|共同发起|联合发起|合作推出|联合推出|共同推出|"
    r"共建|合建|签约|签署|签订|联合成立|共同成立|合资成立|合资|合作|携手|组建|结成(?:战略)?联盟|达成(?:战略)?合作|"
    # 建立战略联盟 / 建立了…的合资公司 / 共同开展, 联合宣布: acts two bodies do together
    r"建立(?:了)?(?:全面|长期)?(?:战略)?(?:联盟|伙伴关系|合作伙伴)|(?:建立|成立|设立)(?:了)?[^，。；、,;]{0,10}?合资(?:公司|企业)|"
    r"(?:共同|联合)(?:开展|开发|研发|制定|宣布|举办|推进|设立|创办|运营|竞购|投标|申报|实施|承担))"
)
#: an agreement that moves ownership (收购/转让/置换…协议) is a transaction between
#: the two, not cooperation (FinRE labels many such pairs 签约; the ontology does not)
TRANSACTION_AGREEMENT = re.compile(r"(?:收购|并购|兼并|(?<!技术)转让|置换|购买资产|购买股权|出售)[^，。；,;]{0,12}?(?:协议|合同|意向书)")


def transaction_between(text: str, head: tuple[int, int], tail: tuple[int, int]) -> bool:
    """An ownership-moving agreement (收购/转让/置换…协议) stated from the first
    name to the end of the clause after the second (华伦集团与ST秦岭签署了转让协议)."""
    start, end = min(head[0], tail[0]), max(head[1], tail[1])
    stop = min((i for i in (text.find(c, end) for c in "，。；,;") if i >= 0), default=len(text))
    return TRANSACTION_AGREEMENT.search(text, start, stop) is not None


#: a place stated by 位于 (位于张江高科技园区的华虹集团, 华虹集团总部位于浦东)
_SITUATED = re.compile(r"(?:位于|坐落于|坐落在|地处)")
#: between a name and its 位于: its seat or an adverb (总部, 现, 则, 也)
_SITUATED_GAP = re.compile(r"(?:的)?(?:总部|总部基地|厂区|园区|校区|研发中心|生产基地)?(?:就|则|也|现|均|目前)?")
#: the end of a clause (FinRE's text uses ASCII commas)
_CLAUSE_END = re.compile(r"[，。；！？,;!?]")
#: a list of names acting together: A、B等共同投资组建 / 获得A、B的联合投资
_LIST_JOINT = re.compile(r"(?:等)?(?:的)?(?:将|已|也|还|已经|均|日前|近日)?"
                         r"(?:(?:共同|联合|一同)(?:投资|出资|组建|发起|竞拍|竞得|出售|收购|中标|成立|持有|"
                         r"发布|印发|出台|下发|制定)|(?:共同|联合)?(?:主办|承办|举办))")
#: words between a subject and its 与 (X决定与Y合作, X今日正式与Y签约)
_LEAD_WORDS = re.compile(r"(?:决定|计划|宣布|拟|近日|日前|今日|昨日|今天|昨天|正式|再次|首次|率先|曾|曾经|已经|此前|又|"
                         r"(?:于|在)(?:<N>|\d|今年|去年|本月|上月)[^，。；与,;]{0,12}?|从[^，。；与,;]{1,12}?(?:开始|起))+$")
#: a list signing together (A、B签订…备忘录, A、B及C四方签署), or joined by 联同 (A、B联同C)
_LIST_SIGN = re.compile(r"(?:等)?(?:(?:[两三四五六七八九]|\d+)方)?(?:共同|联合)?(?:签署|签订|签约)")
_LIST_WITH = re.compile(r"(?:联同|会同|携同)")
#: holders of a joint venture: A占…股权 / 由A及B分别持有
_HOLDS = re.compile(r"(?:等)?(?:占(?:股比|股份|股权|合资公司[^，。；、,]{0,6}?股|[^，。；、,]{0,8}?股权|\d|<N>|百分之)"
                    r"|(?:分别)?持有|(?:分别)?持股|(?:分别)?出资)")
#: two names joined by a dash, then a cooperation word: “加州大学伯克利分校—上海张江(集团)有限公司”合作备忘录
_DASH_PAIR_CUE = re.compile(r"[”」]?(?:战略)?(?:合作|签约|联盟)")
_PRODUCT_VERBS = ("共同建设", "联合建设", "合作建设", "共同打造", "联合打造", "合作打造", "携手打造",
                  "共建", "合建", "联合成立", "共同成立", "合资成立", "牵头组建", "共同组建", "联合组建",
                  "合资组建", "共同发起", "联合发起", "组建")
_DEVELOP_BY = re.compile(r"^(?:（[^）]{0,12}）)?(?:投资)?(建设|承建|打造|开发|投资建设|研发|运营)的$")
_DEVELOP_VERB = re.compile(r"^(投资建设|建设|承建|打造|开发|研发)(?:了)?$")
_SETTLE = re.compile(r"^(?:也|已|正式|也正式|已正式|成功|签约)?(落地|入驻|落户|签约落地|进驻)$")
_SERVE_VERBS = ("走访", "帮助", "协助", "服务", "指导", "帮扶", "走进", "配合")
_SERVE_FOR = re.compile(r"(进行|开展|提供|安排)[^，。；]{0,16}?(走访|培训|指导|服务|检测|校准|咨询|宣贯|答疑|数据|"
                        r"支持|技术|资金|保障|方案|帮助)")
#: a count right after a name: the name is a kind counted (房屋中介所2663家)
_COUNT_AFTER = re.compile(r"[\u4e00-\u9fff]?(?:\d+|[一二两三四五六七八九十百千万]+)(?:家|所|个)")
#: a speaker's label opening a sentence (新浪：…, an interviewer's question)
_SPEAKER = re.compile(r"^[^，。；：]{1,12}：")
#: two countries or sides, whom 双方 then means: 两国, 双边, 两岸, 美中双方
_COUNTRY_PAIR = re.compile(r"两国|双边|两岸|[中美日韩朝俄英法德印马泰越欧非][中美日韩朝俄英法德印马泰越欧非]双方")
#: a name right after these is an object, not the subject (对X, 与X, 帮助X, 落地X …)
_NOT_SUBJECT_BEFORE = re.compile(r"(对|与|为|由|助|访|请|合|和|、|在|到|托|进|地|驻|户)$")
_SETTLE_UNKNOWN = re.compile(
    r"(?:^|[，。；：、])(?:[^，。；]{0,6}?，)?([\u4e00-\u9fffA-Za-z]{2,8}?)(?:也|已|正式|也正式|已正式|成功)?(?:落地|入驻|落户|进驻)"
)
#: between a body and its branch: 越秀投资旗下, 中国南车的全资子公司
_BRANCH_CUE = re.compile(r"(?:旗下|下属|所属|控股)(?:的)?|(?:旗下|下属|所属)?(?:的)?(?:全资|控股)?子公司")
_ITS_SUBSIDIARY = re.compile(r"其(?:全资|控股)?子公司")
_BRANCH = re.compile(r"^(.{2,}?)(第[一二三四五六七八九十\d]+)?(分院|分公司|子公司|分局|分中心|分行|支行|分所)$")
def _within(gaz: Gazetteer, inner: str, outer: str) -> bool:
    """Some division named ``inner`` lies in one named ``outer`` (西宁 in 青海)."""
    outer_codes = {r.code for r in gaz.lookup(outer)}
    return bool(outer_codes) and any(
        a.code in outer_codes for r in gaz.lookup(inner) for a in gaz.chain(r.code)[1:])


def _unit_of(name: str) -> re.Match | None:
    """A unit whose name is its parent's and a unit word (北京大学法学院,
    国务院办公厅, 国务院发展研究中心): the longest prefix that is itself a
    body's name, followed by an institution or government unit that starts
    with a dictionary word (not 中国银行业协会: 业协 is no word). As a match
    object whose group 1 is the parent."""
    words = word_tags()
    name = re.sub(r"[（(][\u4e00-\u9fff]{2,4}[）)]$", "", name)  # its seat: …研究中心（重庆）
    for c in range(len(name) - 3, 2, -1):
        parent, unit = name[:c], name[c:]
        if "与" in parent or suffix_type(unit) not in (T.Institution, T.GovernmentBody) or unit in _COORDINATED_BODIES \
                or words.get(unit[:2], "v") == "v" or len(unit) > (14 if "与" in unit else 10) \
                or not _UNIT_CHARS.fullmatch(unit):
            continue  # 商务部/上书国务院, 英国大学/宿舍“供不应求”…: a clause, not a unit
        hit = _suffix_of(parent)
        if hit is None and suffix_type(parent) is T.GovernmentBody:
            return re.match(f"({re.escape(parent)})", name)  # a ministry: 住房和城乡建设部政策研究中心
        if hit is None or hit[1] not in ORGANIZATION_TYPES:
            continue
        head = parent[: len(parent) - len(hit[0])]
        if len(head) < 2 or hit[1] is T.Company and _place_word(head) or unit.endswith("交易所"):
            continue  # 委员会办公室, 上海/纽约证券交易所: no parent, or a place and a kind (上海+证券)
        if _clause_like(parent):
            continue  # 调查报告交由国资委: a clause before the name
        return re.match(f"({re.escape(parent)})", name)
    return None


#: between an agency and its reporter: 新华社北京8月18日电（记者 雷敏）
_BYLINE_GAP = re.compile(r"(?:[\u4e00-\u9fff]{0,8}?(?:\d{4}年)?[\d一二三四五六七八九十〇○]{1,3}月[\d一二三四五六七八九十〇○]{1,3}日)?"
                         r"(?:电|讯|消息)\s*[（(]\s*(?:首席|特约|实习|见习)?(?:记者|通讯员)\s*")
_UNIT_CHARS = re.compile(r"[\u4e00-\u9fff·]+")
def _name_word_across(name: str, j: int) -> bool:
    """A person's or transliterated name in the dictionary runs over position ``j`` (阿里|巴巴)."""
    words = word_tags()
    return any(words.get(name[:e]) in ("nr", "nrt", "nrfg") for e in range(j + 1, min(len(name), j + 4) + 1))


def _clause_like(name: str) -> bool:
    """A verb word or 为 inside: a clause ran into the name (荣获国务院, 实际控制人为合肥市人民政府)."""
    words = word_tags()
    return "为" in name or any(words.get(name[i:i + 2]) == "v" for i in range(len(name) - 1))


#: a second body written after the first (北京市委市政府), not a unit of it
_COORDINATED_BODIES = frozenset("市政府 省政府 区政府 县政府 人民政府 市人民政府".split())


def _place_word(word: str) -> bool:
    from .gazetteer import load_gazetteer

    return bool(load_gazetteer().lookup(word)) or word in ("中国", "全国", "全球", "国际", "美国", "英国")


#: a department named after its government: 重庆市政府金融办, 上海市人民政府台湾事务办公室
_GOV_DEPARTMENT = re.compile(r"^(.{2,}?(?:人民政府|政府|市委|省委|区委|县委))(.{0,12}?(?:办|办公室|办公厅|局|委员会|委))$")
#: a department of a central body named after it: 国务院法制办, 国资委改革局, 财政部预算司, 中共中央政治局
_CENTRAL_DEPARTMENT = re.compile(
    r"^((?:国务院|国资委|国务院国资委|中共中央|全国人大常委会|全国人大|全国政协|" + "|".join(sorted(_GOV_MINISTRIES, key=len, reverse=True))
    + r"))([\u4e00-\u9fff]{1,8}?(?:办|办公室|办公厅|局|司|委员会|政治局|研究室))$")
_ANAPHORA = {"该公司": {T.Company}, "该企业": {T.Company}, "该集团": {T.Company},
             "该基地": {T.Project}, "该项目": {T.Project}, "该园区": {T.Park}, "该院": {T.Institution},
             "该区": {T.AdminRegion}, "该市": {T.AdminRegion}, "该县": {T.AdminRegion}}
#: titles, from the entity rules' list: a 副- form of a title in it is matched by
#: the characters the patterns below allow before a title
_TITLE_WORDS = "|".join(t for t in _TITLES if not (t[0] == "副" and t[1:] in _TITLES or t.startswith("首席")))
#: between an organisation and a person: a department and a title (副总裁, 市场部副总监)
_TITLE_BETWEEN = re.compile(r"[(（]?的?(?:[\u4e00-\u9fffA-Z]{0,8}?(?:" + _TITLE_WORDS + ")[、兼]?)+(?:是|为)?")
#: characters of a clause, not of units and posts (表示将招聘的总经理)
_NOT_IN_POSTS = re.compile(r"[的了将是在对和与及说称把被由向给让]|表示|认为|聘|任命|担任|出任")
#: a person taking a post: 许小松(接替先江)担任 [org] 总经理
_TAKES_POST = re.compile(r"(?:接替[\u4e00-\u9fff]{2,3})?(?:最终|正式|将|曾|曾经|现|此前|目前|现在)?(?:竞聘)?"
                         r"(?:担任|出任|接任|升任|兼任|历任|任|成为|为|是|被(?:任命|聘任|聘|委任)为)")
#: the rest of one post and the 、 before the next organisation (副总|监、)
_POST_LIST_GAP = re.compile(r"[\u4e00-\u9fff]{0,3}、")
#: a post, then 由 and the one who fills it: 总经理由…邓召明担任 (group 1: the post)
_POST_FILLED_BY = re.compile(r"((?:" + _TITLE_WORDS + r"|副总经理|副董事长|副总裁)(?:一职)?)由(?:原|前)?")
#: a news site's link label right after a name (Sina: 微博, X博客)
_LINK_LABEL_AFTER = re.compile(r"^[(（](?:微博|[\u4e00-\u9fffA-Za-z]{1,10}博客)[)）]")
#: posts at a news outlet
_PRESS_POST = re.compile(r"记者|通讯员|编辑|主编|社长|台长|评论员|主持人|摄影|特派员")
#: a rank or post written after the name: 北京大学法学院张千帆教授
_POST_AFTER = re.compile(r"(?:副)?(?:教授|研究员|院士|博士|讲师|律师|主任医师|中将|少将|上将)")
_TITLE_AFTER = re.compile(r"[\u4e00-\u9fff]{0,6}?(?:" + _TITLE_WORDS + ")")
#: an organisation appointing a person: 国泰基金聘任 [person] 为公司副总经理
_APPOINTS = re.compile(r"(?:发布(?:了)?(?:公告|通告|人事公告|任职公告|《[^》]{1,16}公告》)[，,]?|公告(?:称)?[，,]?)?"
                       r"(?:正式|近日|日前|已|决定)?(?:聘任|任命|聘请)")
_APPOINTED_AS = re.compile(r"(?:为|担任|出任|任)(?:公司|该公司|本公司)?[\u4e00-\u9fff]{0,6}?(?:" + _TITLE_WORDS + ")")
_QTY = re.compile(
    r"(总投资|投资|产值|营收|营业收入|收入|年产\S{0,3}?|产量|产能|面积|规模|销售额|利润|税收|地区生产总值|"
    r"生产总值|融资|注册资本|资金)"
    r"(?:已|将|达|达到|实现|累计|为|了|共)*"
    r"(近|超过|超|约|逾|达|突破)?"
    r"(\d+(?:\.\d+)?)\s*(亿元|万元|元|亿美元|万美元|万台|台|万辆|辆|万吨|吨|平方公里|万平方米|平方米|亩|家|个|%)"
    r"(以上|余|多|左右)?"
)
_YEAR = re.compile(r"((?:19|20)\d\d)年")


@dataclass(frozen=True, slots=True)
class Edge:
    relation: R
    head: Span
    tail: Span
    rule: str


@dataclass(frozen=True, slots=True)
class Partner:
    participants: tuple[Span, ...]
    products: tuple[Span, ...]
    rule: str


@dataclass(frozen=True, slots=True)
class QuantitySpan:
    subject: Span
    metric: str
    value: float
    unit: str
    qualifier: str | None
    year: int | None
    start: int
    end: int


@dataclass
class SentenceContext:
    """What the paragraph has named so far (for subjects and anaphora).

    Spans of earlier sentences are stored with their sentence index so the
    pipeline can turn them into mentions of the right sentence.
    """

    paragraph: int = -1
    subject: tuple[int, Span] | None = None
    recent: list[tuple[int, Span]] = field(default_factory=list)
    #: codes of the regions the document names in full, with their ancestors:
    #: a short region name in a name prefix (合川…) must fall under one of them
    regions: set[str] = field(default_factory=set)

    def reset_if(self, paragraph: int) -> None:
        """A new paragraph starts without a carried subject."""
        if paragraph != self.paragraph:
            self.paragraph = paragraph
            self.subject = None

    def last_of(self, types: set[T] | frozenset[T]) -> tuple[int, Span] | None:
        for item in reversed(self.recent):
            if item[1].type in types:
                return item
        return None


@dataclass
class SentenceRelations:
    edges: list[Edge] = field(default_factory=list)
    partners: list[Partner] = field(default_factory=list)
    quantities: list[QuantitySpan] = field(default_factory=list)
    extra_spans: list[Span] = field(default_factory=list)
    #: spans of earlier sentences used here: id(span) -> sentence index
    foreign: dict[int, int] = field(default_factory=dict)


def _items_after(spans: list[Span], text: str, pos: int, types=_ORG_LIKE) -> list[Span]:
    """An enumeration of spans starting at ``pos`` (A、B和C); ``X旗下的Y``
    stands for Y."""
    out: list[Span] = []
    for sp in spans:
        if sp.start < pos:
            continue
        gap = text[pos: sp.start]
        if out and re.fullmatch(r"(?:旗下|下属|所属|控股)的?", gap) and sp.type in types:
            out[-1] = sp
            pos = sp.end
            continue
        if out:
            if not _SEP.match(gap) or gap == "，":
                break
        elif gap not in ("", "了"):
            break
        if sp.type not in types:
            break
        out.append(sp)
        pos = sp.end
    return out


def _parallel_items(spans: list[Span], text: str, items: list[Span], types=_ORG_LIKE) -> list[Span]:
    """Objects of parallel clauses under one verb: 帮助A建立了11项标准、B建立了3项标准
    gives B (after 、 a name followed by the verb that follows A, in the same clause)."""
    if len(items) != 1:
        return []
    verb = text[items[0].end: items[0].end + 2]
    if len(verb) < 2 or not all("\u4e00" <= c <= "\u9fff" for c in verb):
        return []
    end = _clause_end(text, items[0].end)
    return [sp for sp in spans if items[0].end < sp.start and sp.end < end and sp.type in types
            and text[sp.start - 1] == "、" and text.startswith(verb, sp.end)]


def _span_before(spans: list[Span], pos: int, max_gap: int, text: str, types=_ORG_LIKE) -> Span | None:
    best = None
    for sp in spans:
        if sp.end <= pos and pos - sp.end <= max_gap and sp.type in types:
            gap = text[sp.end: pos]
            if "，" in gap or "。" in gap or "；" in gap:
                continue
            best = sp
    return best


def _subject(spans: list[Span], text: str, pos: int, ctx: SentenceContext, idx: int,
             out: SentenceRelations, types=_ORG_LIKE) -> Span | None:
    """The organisation acting at ``pos``: the sentence's own subject before
    it, else an anaphor (该公司) or the paragraph's carried subject."""
    for sp in spans:
        if sp.start >= pos:
            break
        if sp.type in types:
            before = text[max(0, sp.start - 2): sp.start]
            if not _NOT_SUBJECT_BEFORE.search(before):
                return sp
    for word, wanted in _ANAPHORA.items():
        if word in text[:pos]:
            hit = ctx.last_of(wanted)
            if hit is not None:
                out.foreign[id(hit[1])] = hit[0]
                return hit[1]
    if ctx.subject is not None:
        out.foreign[id(ctx.subject[1])] = ctx.subject[0]
        return ctx.subject[1]
    return None


def _product_spans(text: str, pos: int, spans: list[Span]) -> list[Span]:
    """What a cooperation builds: typed spans after the cue, else the listed
    noun phrases up to 等 or the clause end (typed Project)."""
    pos += 1 if text.startswith("了", pos) else 0
    typed = _items_after(spans, text, pos, types={T.Project, T.Institution, T.Park, T.Company})
    m = re.match(r"([^，。；：]{2,40}?)(?:等|，|。|；|$)", text[pos:])
    if not m:
        return typed
    out: list[Span] = []
    p = pos
    for item in m.group(1).split("、"):
        s, p = p, p + len(item) + 1
        hit = next((sp for sp in typed if sp.start == s and sp.end == s + len(item)), None)
        if hit is not None:
            out.append(hit)
        elif 3 <= len(item) <= 20 and not re.search(r"[的了在和与]|开展|进行", item):
            out.append(Span(s, s + len(item), T.Project, "partnership-product", item, 0.6))
        else:
            break
    return out


_NOT_AFTER_SHORT_REGION = frozenset("湖山河江海路街岛桥港湾峡")


def _prefix_region(pre: str, cands, ctx: SentenceContext, gaz: Gazetteer, name_rest: str = ""):
    """The region a name prefix denotes, or None when unsure.

    A province or city (重庆, 北京) is taken as is; a full district name
    (开州区) when unique; a short district name (合川, 长寿) only when it lies
    under a region the document names in full (仙桃 in a Chongqing paper is
    the park 仙桃数据谷, not 仙桃市 in Hubei).
    """
    if len(cands) > 1:
        inside = [c for c in cands if c.code in ctx.regions or (c.parent and c.parent in ctx.regions)]
        return inside[0] if len(inside) == 1 else None
    c = cands[0]
    if c.level != "district":
        return c
    if c.name == pre:
        return c
    if name_rest[:1] in _NOT_AFTER_SHORT_REGION:
        return None  # 鄱阳湖…: a lake, not 鄱阳县
    return c if any(r.code in ctx.regions for r in gaz.chain(c.code)[1:]) else None


def _clause_end(text: str, pos: int) -> int:
    m = _CLAUSE_END.search(text, pos)
    return m.start() if m else len(text)


def _list_partners(text: str, spans: list[Span], out: SentenceRelations) -> None:
    """Partnerships of names listed before one joint verb (A、B等共同投资组建,
    获得A、B的联合投资, 由A、B和C主办) and of the holders of one joint venture (合资公司的股权结构为
    A占股比x%、B占股比y% / 由A及B分别持有)."""
    orgs = [sp for sp in spans if sp.type in ORGANIZATION_TYPES]
    holders: list[Span] = []
    k = 0
    while k < len(orgs):
        items = _items_after(spans, text, orgs[k].start, ORGANIZATION_TYPES)
        if not items:
            k += 1
            continue
        end = items[-1].end
        if re.search(r"(?:与|同|和|及)$", text[:items[0].start]):
            k = max(k + 1, orgs.index(items[-1]) + 1)
            continue  # 西飞与A、B签订…: the objects of 与, partners of its subject (partnership-with)
        with_ = _LIST_WITH.match(text, end)
        if with_:
            items = [*items, *_items_after(spans, text, with_.end(), ORGANIZATION_TYPES)]
        names = {it.name for it in items}
        if len(names) >= 2 and (with_ or _LIST_JOINT.match(text, end) or _LIST_SIGN.match(text, end)
                                and not TRANSACTION_AGREEMENT.search(text, end, _clause_end(text, end))) \
                and not any(names <= {x.name for x in p.participants} for p in out.partners):
            out.partners.append(Partner(tuple(items), (), "partnership-list"))
        if "合资" in text and _HOLDS.match(text, items[-1].end):
            holders += [it for it in items if all(h.name != it.name for h in holders)]
        k = max(k + 1, orgs.index(items[-1]) + 1)  # (two spans may start at one offset)
    if len(holders) >= 2:
        out.partners.append(Partner(tuple(holders), (), "partnership-jv-holders"))


def find_relations(text: str, spans: list[Span], gaz: Gazetteer, ctx: SentenceContext,
                   index: int) -> SentenceRelations:
    """Edges, partnerships and quantities stated in one sentence.

    Examples
    --------
    >>> from zhkg.extract.entities import Span
    >>> from zhkg.extract.gazetteer import load_gazetteer
    >>> from zhkg.extract.schema import EntityType as T
    >>> t = "8月24日，北斗星通落地仙桃数据谷"
    >>> sp = [Span(6, 10, T.Company, "x", "北斗星通"), Span(12, 17, T.Park, "x", "仙桃数据谷")]
    >>> [(e.head.name, e.relation.value, e.tail.name) for e in find_relations(t, sp, load_gazetteer(), SentenceContext(), 0).edges]
    [('北斗星通', 'settledIn', '仙桃数据谷')]
    """
    out = SentenceRelations()
    edges = out.edges

    # a name we did not recognise, alone in its clause before 落地/入驻 a park
    # (8月24日，北斗星通落地仙桃数据谷): found first, so that the clauses after it
    # can take it as their subject (…，未来其将与长安汽车及中国汽研合作)
    settlers: list[tuple[Span, Span]] = []
    for m in _SETTLE_UNKNOWN.finditer(text):
        tgt = next((s for s in spans if s.start == m.end() and s.type is T.Park), None)
        name = m.group(1)
        if tgt is None or any(s.start < m.end(1) and m.start(1) < s.end for s in spans):
            continue
        if re.search(r"\d|[年月日的了等是和与]|企业|公司$", name) and not suffix_type(name):
            continue
        subj = Span(m.start(1), m.end(1), suffix_type(name) or T.Company, "settle-subject", name, 0.6)
        out.extra_spans.append(subj)
        settlers.append((subj, tgt))
    if settlers:
        spans = sorted([*spans, *(sj for sj, _ in settlers)], key=lambda sp: sp.start)

    # --- partnerships: (subject)与A、B共建P1、P2 / 分别与… / X联合Y / 双方…合作
    for m in re.finditer(r"(分别)?(?:已)?与", text):
        items = _items_after(spans, text, m.end())
        if not items:
            continue
        cue = _PARTNER_CUE.match(text, items[-1].end)
        if not cue:
            continue
        # X决定与…, X今日正式与…: the subject stands before such words
        lead = _LEAD_WORDS.search(text, 0, m.start())
        anchor = lead.start() if lead else m.start()
        before = text[anchor - 1] if anchor else ""
        if before and before not in "，；：、已并还将也均先后" and not any(sp.end == anchor for sp in spans):
            continue  # the subject is a name we did not recognise: 金康赛力斯与华为…
        # the name right before 与 is the subject when there is one: in a list of
        # pairs (A与B合作…、C与D合作…) each pair has its own
        subj = next((sp for sp in spans if sp.end == anchor - (1 if before == "已" else 0)
                     and sp.type in _ORG_LIKE), None) or _subject(spans, text, m.start(), ctx, index, out)
        if subj is None or subj in items or any(it.name == subj.name for it in items):
            continue
        if TRANSACTION_AGREEMENT.search(text, cue.start(1), _clause_end(text, cue.end())):
            continue  # 与晨光稀土股东签署了《资产置换及发行股份购买资产协议》: a takeover
        products = _product_spans(text, cue.end(), spans) if cue.group(1) in _PRODUCT_VERBS else []
        out.extra_spans.extend(p for p in products if p.rule == "partnership-product")
        if m.group(1) and len(products) == len(items) > 1:
            for it, pr in zip(items, products):
                out.partners.append(Partner((subj, it), (pr,), "partnership-with"))
        else:
            out.partners.append(Partner((subj, *items), tuple(products), "partnership-with"))
    for a, b in zip(spans, spans[1:]):
        if a.type in ORGANIZATION_TYPES and b.type in ORGANIZATION_TYPES and text[a.end:b.start] in ("—", "－", "——") \
                and _DASH_PAIR_CUE.match(text, b.end):
            out.partners.append(Partner((a, b), (), "partnership-dash"))
    for sp in spans:
        if sp.type in _ORG_LIKE and text.startswith("联合", sp.end):
            items = _items_after(spans, text, sp.end + 2)
            if items and not any(p.participants[0] is sp for p in out.partners):
                out.partners.append(Partner((sp, *items), (), "partnership-joint"))
    _list_partners(text, spans, out)
    if "双方" in text and re.search(r"双方[^，。；]{0,30}合作", text) and not _COUNTRY_PAIR.search(text) \
            and not _SPEAKER.match(text):
        # 双方 = two organisations an earlier sentence (at most 8 back) names together
        # (not two countries: 中国和智利两国…双方, 中马双边…双方, 美中双方; not an interviewer's
        # question: 新浪：…促进双方更好合作)
        orgs: list[tuple[int, Span]] = []
        by_sentence: dict[int, list[Span]] = {}
        for i, sp in ctx.recent:
            if sp.type in ORGANIZATION_TYPES and index - 8 <= i < index:
                by_sentence.setdefault(i, []).append(sp)
        for i in sorted(by_sentence, reverse=True):
            distinct: list[Span] = []
            for sp in by_sentence[i]:
                if all(d.name not in sp.name and sp.name not in d.name for d in distinct):
                    distinct.append(sp)
            if len(distinct) >= 2:
                orgs = [(i, distinct[1]), (i, distinct[0])]
                break
        if len(orgs) == 2:
            for i_sp in orgs:
                if i_sp[0] != index:
                    out.foreign[id(i_sp[1])] = i_sp[0]
            out.partners.append(Partner((orgs[1][1], orgs[0][1]), (), "partnership-both"))

    # --- develops
    for k, sp in enumerate(spans):
        if sp.type not in ORGANIZATION_TYPES:
            continue
        nxt = [s for s in spans[k + 1:] if s.type is T.Project]
        if not nxt:
            continue
        target = nxt[0]
        between = text[sp.end: target.start]
        if text[max(0, sp.start - 1): sp.start] == "由" and _DEVELOP_BY.match(between):
            edges.append(Edge(R.develops, sp, target, "develops-by"))
        elif _DEVELOP_VERB.match(between) or _DEVELOP_BY.match(between):
            edges.append(Edge(R.develops, sp, target, "develops-verb"))

    # --- settledIn
    for k, sp in enumerate(spans):
        if sp.type not in ORGANIZATION_TYPES or sp.rule == "settle-subject":
            continue  # (a name guessed from 落地 itself has its own rule and confidence, below)
        for tgt in spans[k + 1: k + 2]:
            if tgt.type in (T.Park, T.AdminRegion) and _SETTLE.match(text[sp.end: tgt.start]):
                edges.append(Edge(R.settledIn, sp, tgt, "settles-verb"))
    for subj, tgt in settlers:
        edges.append(Edge(R.settledIn, subj, tgt, "settles-unknown"))
    m = re.search(r"在([^，。；]{2,20}?)(?:内)?(?:集聚|聚集|云集|汇聚|吸引|引进)", text)
    if m:
        place = next((s for s in spans if s.start == m.start(1) and s.type in (T.Park, T.AdminRegion)), None)
        if place is not None:
            for s in spans:
                if s.rule == "enum-cluster" and s.start > place.end:
                    edges.append(Edge(R.settledIn, s, place, "settles-cluster"))
    # a park that 形成以A、B为代表的…板块: its companies are in it
    if any(s.rule == "enum-representative" for s in spans):
        first = next((s for s in spans if s.rule == "enum-representative"), None)
        park = _subject(spans, text, first.start, ctx, index, out, types={T.Park}) if first else None
        if park is not None and park.type is T.Park:
            for s in spans:
                if s.rule == "enum-representative":
                    edges.append(Edge(R.settledIn, s, park, "settles-representative"))

    # --- locatedIn from names and adjacency; partOf for sub-regions
    for k, sp in enumerate(spans):
        if sp.type is T.AdminRegion and sp.rule == "sub-region":
            for j in range(len(sp.name) - 1, 1, -1):
                if gaz.lookup(sp.name[:j]):
                    parent = Span(sp.start, sp.start + j, T.AdminRegion, "region", sp.name[:j], 0.9)
                    out.extra_spans.append(parent)
                    edges.append(Edge(R.partOf, sp, parent, "part-of-sub-region"))
                    break
            continue
        if sp.type in _ORG_LIKE or sp.type is T.Project:
            for j in range(min(len(sp.name) - 2, 8), 1, -1):
                pre = sp.name[:j]
                cands = gaz.lookup(pre)
                if cands and j < len(sp.name) and _name_word_across(sp.name, j):
                    break  # 阿里巴巴集团: 阿里 (阿里地区) begins a transliterated name, not a place
                if cands and (j < len(sp.name)):
                    region = _prefix_region(pre, cands, ctx, gaz, sp.name[j:])
                    if region is not None:
                        reg = Span(sp.start, sp.start + j, T.AdminRegion, "name-prefix", pre, 0.9, region.code)
                        out.extra_spans.append(reg)
                        edges.append(Edge(R.locatedIn, sp, reg, "located-name-prefix"))
                    break
        if sp.type is T.AdminRegion and k + 1 < len(spans):
            nxt = spans[k + 1]
            if nxt.start == sp.end and nxt.type in (_ORG_LIKE | {T.Project}):
                edges.append(Edge(R.locatedIn, nxt, sp, "located-adjacent"))
            elif nxt.start == sp.end and nxt.type is T.AdminRegion and _within(gaz, nxt.name, sp.name):
                edges.append(Edge(R.partOf, nxt, sp, "part-of-adjacent"))  # 青海西宁
            elif nxt.start == sp.end + 1 and text[sp.end] == "的" and nxt.type in ORGANIZATION_TYPES \
                    and text.startswith("来自", sp.start - 2):
                edges.append(Edge(R.locatedIn, nxt, sp, "located-from"))  # 来自苏州的江苏旭日装饰公司
    # 产业城内由…建设的Y: a park named by its head word, the last park of the text
    m = re.match(r"^([\u4e00-\u9fff]{2,4})内", text)
    if m:
        hit = ctx.last_of({T.Park})
        if hit is not None and hit[1].name.endswith(m.group(1)):
            for s in spans:
                if s.type is T.Project:
                    out.foreign[id(hit[1])] = hit[0]
                    edges.append(Edge(R.locatedIn, s, hit[1], "located-in-place"))
                    break
    # X在深圳开业 / 成立 / 注册
    for k, sp in enumerate(spans[:-1]):
        nxt = spans[k + 1]
        if sp.type in _ORG_LIKE and nxt.type is T.AdminRegion and text[sp.end: nxt.start] == "在" and \
                re.match(r"(?:正式)?(?:开业|成立|注册|设立|落户|挂牌)", text[nxt.end:]):
            edges.append(Edge(R.locatedIn, sp, nxt, "located-verb"))
    # 位于张江高科技园区的华虹集团 / 华虹集团总部位于上海浦东新区
    for m in _SITUATED.finditer(text):
        places: list[Span] = []
        pos = m.end()
        for s in spans:
            if s.start == pos and s.type in PLACE_TYPES:
                places.append(s)
                pos = s.end
        if not places:
            continue
        place = places[-1]  # the most specific: 上海|张江高科技园区
        after = next((s for s in spans if s.start == pos + 1 and text[pos] == "的"), None)
        if after is not None and after.type in _ORG_LIKE | {T.Project} and after is not place:
            edges.append(Edge(R.locatedIn, after, place, "located-situated"))
        else:
            subj = next((s for s in reversed(spans) if s.end <= m.start() and s.type in _ORG_LIKE | {T.Project}
                         and _SITUATED_GAP.fullmatch(text, s.end, m.start())), None)
            if subj is not None and subj is not place:
                edges.append(Edge(R.locatedIn, subj, place, "located-situated"))
    m = re.match(r"^(?:[^，。]{0,8}，)?在", text)
    if m:
        place = next((s for s in spans if s.start == m.end() and s.type in (T.Park, T.AdminRegion)), None)
        if place is not None and text.startswith("，", place.end) or (
            place is not None and text.startswith("内，", place.end)
        ):
            for s in spans:
                if s.type is T.Project and s.start > place.end:
                    edges.append(Edge(R.locatedIn, s, place, "located-in-place"))
                    break

    # --- serves
    for m in re.finditer("|".join(_SERVE_VERBS), text):
        types = (_ORG_LIKE | {T.AdminRegion}) if m.group(0) == "走进" else ORGANIZATION_TYPES
        items = _items_after(spans, text, m.end(), types=types)
        if not items:
            continue
        items += _parallel_items(spans, text, items, types)
        items = [it for it in items if not _COUNT_AFTER.match(text, it.end)]  # (走访房屋中介所2663家: a kind)
        if any(sp.type is T.Person and 0 <= m.start() - sp.end <= 2 for sp in spans):
            continue  # 约翰·法雷尔帮助马沙华…: a person helps, not an organisation
        subj = _subject(spans, text, m.start(), ctx, index, out)
        if subj is None or subj.type not in ORGANIZATION_TYPES:
            continue
        # X联合Y走访…: both serve
        joint = [p.participants for p in out.partners if p.rule == "partnership-joint" and p.participants[0] is subj]
        for actor in (joint[0] if joint else (subj,)):
            for it in items:
                if it is not actor and not it.name.startswith(actor.name) and not actor.name.startswith(it.name):
                    # (阿富汗 and 阿富汗政府: one side named twice)
                    edges.append(Edge(R.serves, actor, it, "serves-verb"))
    for m in re.finditer(r"(?:对|为|向)", text):
        items = _items_after(spans, text, m.end(), types=ORGANIZATION_TYPES)
        if not items:
            continue
        rest = text[items[-1].end:]
        clause_end = min([x for x in (rest.find("；"), rest.find("。"), rest.find("，")) if x >= 0] or [len(rest)])
        if not _SERVE_FOR.search(rest[:clause_end]):
            continue
        subj = _subject(spans, text, m.start(), ctx, index, out)
        if subj is None or subj.type not in ORGANIZATION_TYPES:
            continue
        for it in items:
            if it.name != subj.name:
                edges.append(Edge(R.serves, subj, it, "serves-verb"))
    for k, sp in enumerate(spans):
        if sp.type in ORGANIZATION_TYPES and text.startswith("邀请", sp.end):
            nxt = spans[k + 1] if k + 1 < len(spans) else None
            if nxt is not None and nxt.start == sp.end + 2 and nxt.type in ORGANIZATION_TYPES:
                edges.append(Edge(R.serves, nxt, sp, "serves-invite"))
        if sp.type in ORGANIZATION_TYPES and text[max(0, sp.start - 2): sp.start] == "委托":
            subj = _subject(spans, text, sp.start - 2, ctx, index, out, types=_ORG_LIKE | {T.AdminRegion})
            if subj is not None and subj.name != sp.name:
                edges.append(Edge(R.serves, sp, subj, "serves-entrust"))

    # --- subOrganizationOf
    for sp in spans:
        if sp.type not in ORGANIZATION_TYPES:
            continue
        rule, m = "branch-name", _BRANCH.match(sp.name)
        if m is None and sp.type is T.GovernmentBody:
            rule, m = "department-name", _GOV_DEPARTMENT.match(sp.name) or _CENTRAL_DEPARTMENT.match(sp.name)
            if m and _clause_like(m.group(1)):
                m = None
        if m is None:
            rule, m = "unit-name", _unit_of(sp.name)
        if m and sp.name.startswith(m.group(1)) and len(m.group(1)) >= 3:
            parent_name = m.group(1)
            ptype = suffix_type(parent_name)
            if ptype in ORGANIZATION_TYPES:
                parent = Span(sp.start, sp.start + len(parent_name), ptype, rule, parent_name, 0.9)
                out.extra_spans.append(parent)
                edges.append(Edge(R.subOrganizationOf, sp, parent, rule))
    for k, sp in enumerate(spans[:-1]):
        nxt = spans[k + 1]
        if sp.type in ORGANIZATION_TYPES and nxt.type in ORGANIZATION_TYPES:
            if _BRANCH_CUE.fullmatch(text, sp.end, nxt.start):
                edges.append(Edge(R.subOrganizationOf, nxt, sp, "branch-cue"))
    # 其子公司华油集团: the subsidiary of the sentence's subject
    for m in _ITS_SUBSIDIARY.finditer(text):
        sub = next((s for s in spans if s.start == m.end() and s.type in ORGANIZATION_TYPES), None)
        if sub is None:
            continue
        parent = _subject(spans, text, m.start(), ctx, index, out, types=ORGANIZATION_TYPES)
        if parent is not None and parent.name != sub.name and parent.end <= m.start():
            edges.append(Edge(R.subOrganizationOf, sub, parent, "branch-cue"))

    # --- affiliatedWith: 科大讯飞副总裁吴晓如, 许小松担任国联安基金公司总经理,
    # 国泰基金聘任初伟斌为公司副总经理
    for k, sp in enumerate(spans):
        if sp.type is not T.Person:
            continue
        titled = False
        if k > 0:
            org = spans[k - 1]
            between = text[org.end: sp.start]
            # a short name declared between the body and the post: 人力资源和社会保障部(下称“人社部”)部长尹蔚民,
            # or the body is that short name itself, inside the brackets
            declared = _ALIAS_DECL.match(text, org.end) or next(
                (d for d in _ALIAS_DECL.finditer(text, max(0, org.start - 8), sp.start)
                 if d.start(1) == org.start and d.end(1) == org.end), None)
            if declared and declared.end() <= sp.start:
                between = text[declared.end(): sp.start]
            between = _LINK_LABEL_AFTER.sub("", between, count=1)  # 北京外国语大学(微博)原校长, 世华地产(世华地产博客)市场研究部总监
            if org.rule == "media" and not _PRESS_POST.search(between):
                pass  # 据新华社电国家主席胡锦涛: an outlet's people are its journalists
            elif org.type in ORGANIZATION_TYPES and ((0 < len(between) <= 8 or len(between) <= 12 and not
                    _NOT_IN_POSTS.search(between, 1)) and _TITLE_BETWEEN.fullmatch(between)
                    or between in ("长", "副长") and org.name.endswith(("部", "局", "厅", "署"))):  # 商务部长陈德铭
                # (a longer gap only of units and posts: 中原地产三级市场部副总经理宫萍,
                # 公安部党委委员、政治部主任蔡安季)
                edges.append(Edge(R.affiliatedWith, sp, org, "affiliated-title"))
                titled = True
                # names listed after one post: 招商地产副总经理杨志光、胡建新
                prev_end = sp.end
                for nxt in spans[k + 1:]:
                    if nxt.type is not T.Person or text[prev_end: nxt.start] != "、":
                        break
                    edges.append(Edge(R.affiliatedWith, nxt, org, "affiliated-title"))
                    prev_end = nxt.end
                # posts listed before the name: 中共中央政治局常委、国务院总理温家宝
                j = k - 1
                while j > 0:
                    prev, gap = spans[j - 1], text[spans[j - 1].end: spans[j].start]
                    if prev.type not in ORGANIZATION_TYPES or not gap.endswith("、") or len(gap) > 9 \
                            or not _TITLE_BETWEEN.fullmatch(gap[:-1]):
                        break
                    edges.append(Edge(R.affiliatedWith, sp, prev, "affiliated-title"))
                    j -= 1
        if k + 1 < len(spans):
            # the post a person takes, besides the one held (嘉实基金副总窦玉明竞聘成为富国基金公司总经理)
            org = spans[k + 1]
            between = text[sp.end: org.start]
            if org.type in ORGANIZATION_TYPES and _TAKES_POST.fullmatch(between) \
                    and (post := _TITLE_AFTER.match(text, org.end)) \
                    and not any(o.start == post.end() and o.type is T.Person for o in spans[k + 2:]):
                # (李明为华为公司董事长任正非颁奖: the post is the next person's)
                edges.append(Edge(R.affiliatedWith, sp, org, "affiliated-appointment"))
                # posts listed after one verb: 曾历任国泰基金市场部副总监、华宝兴业市场总监
                for nxt in spans[k + 2:]:
                    if nxt.type not in ORGANIZATION_TYPES or not _POST_LIST_GAP.fullmatch(text, post.end(), nxt.start):
                        break
                    post = _TITLE_AFTER.match(text, nxt.end)
                    if post is None:
                        break
                    edges.append(Edge(R.affiliatedWith, sp, nxt, "affiliated-appointment"))
                continue
        j = k - 1
        while j >= 0 and spans[j].type is T.AdminRegion:
            j -= 1  # the dateline's place: 新华社北京8月18日电
        if j >= 0 and not titled and spans[j].type in ORGANIZATION_TYPES \
                and _BYLINE_GAP.fullmatch(text, spans[j].end, sp.start):
            edges.append(Edge(R.affiliatedWith, sp, spans[j], "affiliated-byline"))  # 新华社北京…电（记者雷敏）
            continue
        if not titled and text.startswith(("担任", "出任", "接任"), sp.end):
            # 鹏华基金总经理由原南方基金副总经理邓召明担任: the post of the body before 由
            by = None
            for by in _POST_FILLED_BY.finditer(text, max(0, sp.start - 30), sp.start):
                pass
            if by is not None and sp.start - by.end() <= 12 and not _CLAUSE_END.search(text, by.end(), sp.start):
                org = next((o for o in spans[:k] if o.end == by.start() and o.type in ORGANIZATION_TYPES), None)
                if org is not None:
                    edges.append(Edge(R.affiliatedWith, sp, org, "affiliated-appointment"))
        if sp.rule == "credit" and not titled and k > 0 and spans[k - 1].rule == "media":
            edges.append(Edge(R.affiliatedWith, sp, spans[k - 1], "affiliated-credit"))  # 中新社发董乃德摄
            continue
        if k > 0 and not titled and text[spans[k - 1].end: sp.start] == "的" \
                and spans[k - 1].type in ORGANIZATION_TYPES and text.endswith("来自", 0, spans[k - 1].start):
            edges.append(Edge(R.affiliatedWith, sp, spans[k - 1], "affiliated-from"))  # 来自地价所的田彦军
            continue
        if k > 0 and not titled and spans[k - 1].end == sp.start and spans[k - 1].type in ORGANIZATION_TYPES \
                and _POST_AFTER.match(text, sp.end):
            edges.append(Edge(R.affiliatedWith, sp, spans[k - 1], "affiliated-apposition"))  # 北京大学法学院张千帆教授
            continue
        if k > 0 and not titled:
            org = spans[k - 1]
            m = _APPOINTS.fullmatch(text[org.end: sp.start])
            if org.type in ORGANIZATION_TYPES and m and _APPOINTED_AS.match(text, sp.end):
                edges.append(Edge(R.affiliatedWith, sp, org, "affiliated-appointment"))

    # --- quantities: the subject is the name right before the metric, or an
    # anaphor in the same clause (该项目, 全区 = the region the text is about)
    for m in _QTY.finditer(text):
        clause_start = max(text.rfind(c, 0, m.start()) for c in "，。；：") + 1
        subj = next((sp for sp in spans if sp.end <= m.start() and m.start() - sp.end <= 2
                     and sp.start >= clause_start and sp.type is not T.Person), None)
        if subj is None:
            clause = text[clause_start: m.start()]
            for word, types in (*_ANAPHORA.items(), ("全区", {T.AdminRegion}), ("全市", {T.AdminRegion})):
                if word in clause:
                    hit = ctx.last_of(types)
                    if hit is not None:
                        out.foreign[id(hit[1])] = hit[0]
                        subj = hit[1]
                    break
        if subj is None:
            continue
        clause_end = min([x for x in (text.find(c, m.end()) for c in "，。；") if x >= 0] or [len(text)])
        years = _YEAR.findall(text, clause_start, clause_end) or _YEAR.findall(text, 0, clause_start)[-1:]
        out.quantities.append(QuantitySpan(
            subj, m.group(1), float(m.group(3)), m.group(4), m.group(2) or m.group(5),
            int(years[0]) if years else None, m.start(), m.end(),
        ))
    return out


def update_context(ctx: SentenceContext, index: int, spans: list[Span], text: str) -> None:
    """Remember the sentence's subject and named entities for the next one."""
    for sp in spans:
        if sp.type in _ORG_LIKE:
            before = text[max(0, sp.start - 2): sp.start]
            if not _NOT_SUBJECT_BEFORE.search(before):
                ctx.subject = (index, sp)
                break
    ctx.recent.extend((index, sp) for sp in spans)
    del ctx.recent[:-30]
