"""Entity resolution: which mentions denote the same real-world entity.

Every mention first gets a *node key*: what the name says once the region it
starts with is read off (北京市规划委 and 北京规划委 are both (110000, 规划委)).
Nodes are then joined by rules, each recorded as the evidence of a merge:

``region-code``    region names resolving to one GB/T 2260 code (合川 = 合川区);
                   a 街道/镇/社区 under the district its name starts with
``region-prefix``  the same name after reading off its region: an explicit
                   one (北京市X = 北京X), a relative one resolved by the
                   paper's home (市计量质检院 = 重庆市计量质检院 in a Chongqing
                   paper), or a bare local name (公安局) in a document that
                   names exactly one such body with a region (深圳市公安局)
``declared``       以下简称/简称 declarations (full <- short)
``company-form``   the same name without a legal form (传音 = 重庆传音科技有限公司,
                   圣象集团 = 圣象集团有限公司); refused when two registered
                   companies share the short name
``abbreviation``   the short core is a character subsequence of the long core
                   (市计量质检院 -> 重庆市计量质量检测研究院, 电子科大 -> 电子科技大学),
                   both named in one document, with the short's last character
                   from the long's suffix and no long skipped word; a short
                   name that fits two entities anywhere stays apart and is
                   reported as ambiguous
``branch``         a branch (市计量质检院第四分院) is named after its parent's
                   canonical name (重庆市计量质量检测研究院第四分院)
``override``       a merge forced by the user's override file

Names that only make sense inside their document stay inside it: a bare
local body (统计局, 区政府), a description (一些基金公司), a region name that
is ambiguous without context (朝阳区 in a paper naming no city).

The result depends on the set of documents, not on their order. Entity ids
are digests of (type group, canonical name) or the region code, unless an
:class:`IdRegistry` from an earlier build already names the entity: then the
old id is kept, so adding documents never renames an entity.
"""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

from zhkg.extract.gazetteer import SUB_REGION_SUFFIXES, Gazetteer, Region, short_name
from zhkg.extract.records import DocumentResult, Mention
from zhkg.extract.schema import ORGANIZATION_TYPES, EntityType as T

from .overrides import Overrides

__all__ = ["Entity", "Resolution", "IdRegistry", "resolve_entities", "type_group", "entity_id",
           "mention_key", "short_name", "is_abbreviation", "suspicious_entities", "MERGE_RULES"]

#: The rules a merge record may name, in the order they run.
MERGE_RULES = ("region-code", "region-prefix", "declared", "company-form", "abbreviation", "branch",
               "override")


def type_group(t: T) -> str:
    """Types that may denote the same thing share a group (organisations)."""
    return "Organization" if t in ORGANIZATION_TYPES else t.value


def entity_id(group: str, key: str) -> str:
    """Stable id: a digest of the type group and the canonical key.

    >>> entity_id("Organization", "重庆市计量质量检测研究院")
    'org-222753f5476deaca'
    """
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
    #: the division a 街道/镇/社区 lies in (its code), when its name says so
    parent_region: str | None = None
    #: node keys of this entity (what an :class:`IdRegistry` remembers)
    keys: tuple[str, ...] = ()


@dataclass
class IdRegistry:
    """Node keys -> entity ids of earlier builds (kept in ``OUT/ids.tsv``).

    Examples
    --------
    >>> r = IdRegistry({"Organization\\x1forg::传音": "org-1"})
    >>> IdRegistry.from_tsv(r.to_tsv()) == r
    True
    """

    ids: dict[str, str] = field(default_factory=dict)

    def to_tsv(self) -> str:
        """One ``key<TAB>id`` line per key, sorted (byte-stable)."""
        lines = ["key\tid"] + [f"{k.replace(chr(0x1f), '|', 1)}\t{v}" for k, v in sorted(self.ids.items())]
        return "\n".join(lines) + "\n"

    @classmethod
    def from_tsv(cls, text: str) -> IdRegistry:
        ids: dict[str, str] = {}
        for line in text.splitlines()[1:]:
            if "\t" in line:
                k, v = line.rsplit("\t", 1)
                ids[k.replace("|", "\x1f", 1)] = v
        return cls(ids)


@dataclass
class Resolution:
    entities: dict[str, Entity]
    of_mention: dict[tuple[str, int, int, str], str]
    ambiguous: list[tuple[str, list[str]]]
    #: the registry to keep for the next build (earlier keys included)
    registry: IdRegistry = field(default_factory=IdRegistry)
    #: merges an override forbade: (name, name, rule that proposed it)
    refused: list[tuple[str, str, str]] = field(default_factory=list)

    def entity_of(self, m: Mention) -> Entity | None:
        eid = self.of_mention.get(mention_key(m))
        return self.entities.get(eid) if eid else None


def mention_key(m: Mention) -> tuple[str, int, int, str]:
    return (m.doc_id, m.start, m.end, m.type.value)


# --- names ------------------------------------------------------------------

#: What a company's short name leaves out (罗克佳华 = 罗克佳华科技集团股份有限公司).
_COMPANY_FORMS = sorted(
    {a + b for a in ("", "科技", "软件科技", "信息科技", "网络科技", "信息技术", "电子", "技术", "控股",
                     "实业", "股份", "管理", "投资", "科技发展")
     for b in ("公司", "有限公司", "股份有限公司", "有限责任公司", "集团", "集团有限公司", "集团股份有限公司",
               "集团公司", "总公司")},
    key=len, reverse=True,
)
#: Name endings, longest first: an abbreviation keeps a character of them.
_ORG_SUFFIXES = sorted(
    "股份有限公司 有限责任公司 有限公司 集团公司 公司 集团 总厂 厂 银行 事务所 人民政府 政府 委员会 管委会 "
    "管理局 总局 局 委 厅 部 署 办公室 法院 检察院 研究院 研究所 科学院 分院 院 大学 学院 学校 中学 小学 "
    "医院 中心 协会 学会 商会 联合会 基金会 促进会 报社 电视台 出版社 工业园区 工业园 产业园区 产业园 "
    "科技园 软件园 产业城 科技城 科学城 数据谷 开发区 高新区 经开区 保税区 园区 项目 实验室 基地".split(),
    key=len, reverse=True,
)
#: A word whose deletion leaves the same name (国家外汇[管理]局).
_FILLERS = frozenset("管理 有限 股份 有限责任 股份有限 管理有限 科技 技术".split())
#: Words that make a name a description, not a name (一些基金公司, 上述银行).
_DESCRIPTIVE = re.compile(
    r"^(?:一些|一家|这家|该|各|各大|各家|某|某些|某家|多家|多所|几家|数家|两家|三家|四家|五家|十家|"
    r"很多|许多|不少|众多|部分|大部分|大多数|多数|少数|上述|以上|其他|其它|所有|全部|主要|知名|大型|中小|小型|"
    r"国内|国外|海外|境内|境外|当地|本地|外地|外资|内地|有关|相关|同类|下属|旗下)"
    r"|^[\d一二三四五六七八九十百几两多]+(?:家|所|个|座|大)"
)
#: Stems that say what kind of body it is, not which one (统计局, 基金公司).
_GENERIC_STEMS = frozenset(
    "政府 人民 公安 统计 国土 国土资源 规划 财政 税务 地税 国税 教育 卫生 卫计 交通 商务 发改 发展改革 "
    "住建 住房 城乡建设 城建 房管 房产 房地产 地产 土地 土地储备 公积金 公积金管理 质监 质量技术监督 工商 "
    "市场监管 市场监督管理 环保 生态环境 人社 人力资源 社会保障 人力资源和社会保障 民政 司法 检察 "
    "考试 招生 经信 经信委 科技 科委 外事 侨务 旅游 文化 体育 林业 农业 水利 气象 地震 审计 物价 "
    "安监 应急 城管 规划委 统计 证券 基金 银行 保险 信托 投资 咨询 装饰 移民 中介 家装 建筑 物业 "
    "经纪 代理 设计 电影 科技 网络 软件 电子 汽车 商业 理工 师范 医科 工业 职业技术 外国语 财经 "
    "中小 上市 跨国 合资 国有 民营 私募 公募 券商 管理 服务 信息 发展 研究 检测 计量 家具 顾问 教育 "
    "贸易 物流 能源 化工 钢铁 机械 食品 医药 传媒 广告 旅行 航空 运输 置业 实业 控股 "
    "私立 公立 国立 州立 名牌 重点 普通 高等 顶尖 一流 综合性 综合 研究型 外国 美国 英国 澳洲 澳大利亚 "
    "加拿大 日本 德国 法国 韩国 新加坡 新西兰 欧洲 亚洲 美洲 西方 俄罗斯 意大利 荷兰 瑞士 瑞典 爱尔兰 "
    "国家 中央 市 区 县 省 镇 乡 村 党 团 妇 总 分 子 "
    "所在 整个 项目 地方 律师 各 各地 当地 该 本 其 有关 相关 多家 部分 一些 这家 那家".split()
)
#: Bare suffixes that still name one body once the region is known (北京市政府).
_BODY_CORES = frozenset("政府 人民政府 委员会 管委会 法院 检察院 海关 公安局".split())
_GOV_SUFFIXES = frozenset("局 委 委员会 厅 办公室 政府 人民政府 管委会 管理局 总局 中心".split())
_BRANCH = re.compile(r"^(.{2,}?)((?:第[一二三四五六七八九十\d]+)?(?:分院|分公司|子公司|分局|分中心|分行|支行|分所))$")
#: 国家发改委, 中央纪委, 教育部: national bodies, one of each.
_NATIONAL = re.compile(r"^(?:国家|中国|中华|中央|全国|国务院|最高)|(?:部|署|总局)$")
_RELATIVE = {"市": "市", "区": "区", "县": "区", "省": "省"}
_NOT_RELATIVE = tuple("市场 市政 市民 市级 市属 市区 市值 区域 区块 区级 区属 区间 县域 县级 县属 县城 省级 省属 省际 省内 市内 区内 县内".split())
_MUNICIPAL_LEVEL = {"市": ("city",), "区": ("district",), "省": ("province",)}


def _suffix(name: str) -> str:
    return next((s for s in _ORG_SUFFIXES if name.endswith(s) and len(name) > len(s)), "")


_TRANSLITERATION_ENDS = frozenset("斯森尔特姆娜丁克基夫诺登顿逊曼德")


def _ambiguous_person(name: str) -> bool:
    """True for a person's name too common to join across documents.

    >>> _ambiguous_person("徐强"), _ambiguous_person("史密斯"), _ambiguous_person("章子怡")
    (True, True, False)
    """
    if "·" in name:
        return False  # a full foreign name: 勒布朗·詹姆斯
    return len(name) <= 2 or name[-1] in _TRANSLITERATION_ENDS


@cache
def _stem(core: str) -> str:
    """The core without its legal form (传音科技有限公司 -> 传音)."""
    for form in _COMPANY_FORMS:
        if core.endswith(form) and len(core) - len(form) >= 2:
            return core[: -len(form)]
    return core


@cache
def _generic(core: str) -> bool:
    """True when a core names a kind of body, not one body (统计局, 基金公司, 理工大学).

    >>> _generic("统计局"), _generic("基金管理公司"), _generic("电子科技大学"), _generic("国土资源局")
    (True, True, False, True)
    >>> _generic("资产管理公司"), _generic("国家队"), _generic("银河证券"), _generic("电子科大")
    (True, True, False, False)
    >>> _generic("语言学校"), _generic("人民医院"), _generic("清华大学"), _generic("杜克大学")
    (True, True, False, False)
    """
    suf = _suffix(core)
    stem = _stem(core) if _stem(core) != core else core[: len(core) - len(suf)]
    if len(stem) < 2:
        return bool(suf)
    if stem in _GENERIC_STEMS or core in _GENERIC_STEMS:
        return True
    if _stem(core) != core and _all_generic(stem):
        return True  # 合资基金管理公司
    if (suf or _stem(core) != core) and suf not in _GOV_SUFFIXES \
            and _common_words(stem) >= (1 if _stem(core) != core else 2):
        return True  # 资产管理公司, 证券服务公司: a kind of body named by common words only
    if core.endswith("队") and _common_words(core[:-1]):
        return True  # 国家队, 青年队: which country's, which sport's?
    if suf in _SCHOOL_SUFFIXES and len(stem) <= 2 and _common_words(stem) == 1:
        return True  # 语言学校, 人民医院, 交通大学: which city's? (电子科技大学 is one)
    # a government department named by its function: 国土资源局, 规划建设委
    return suf in _GOV_SUFFIXES and all(part in _GENERIC_STEMS for part in _split_generic(stem))


_SCHOOL_SUFFIXES = frozenset("大学 学院 学校 中学 小学 医院".split())
#: dictionary POS of common words (not names): a stem made of these says
#: what kind of body it is
_COMMON_WORD_POS = frozenset("n vn v a an ad d vd l i f m q".split())


def _common_words(stem: str) -> int:
    """How many common dictionary words ``stem`` is made of, or 0 when a
    piece is a name, a place, an abbreviation or not a dictionary word
    (greedy longest match over jieba's dictionary).

    >>> _common_words("资产"), _common_words("证券服务"), _common_words("华夏"), _common_words("鸿海")
    (1, 2, 0, 0)
    """
    from zhkg.extract.segment import word_tags

    pos = word_tags()
    n, i = 0, 0
    while i < len(stem):
        for j in range(len(stem), i, -1):
            tag = pos.get(stem[i:j])
            if tag is not None and (j - i >= 2 or j == len(stem) or tag in _COMMON_WORD_POS):
                break
        else:
            return 0
        if tag not in _COMMON_WORD_POS:
            return 0
        n += 1
        i = j
    return n


def _all_generic(stem: str) -> bool:
    """A stem made of kind words only (合资基金, 教育咨询)."""
    return all(part in _GENERIC_STEMS for part in _split_generic(stem))


def _split_generic(stem: str) -> list[str]:
    """Greedy split of a stem into generic words; a non-generic remainder stays whole."""
    out: list[str] = []
    i = 0
    while i < len(stem):
        for j in range(len(stem), i, -1):
            if stem[i:j] in _GENERIC_STEMS:
                out.append(stem[i:j])
                i = j
                break
        else:
            return out + [stem[i:]]
    return out


def is_abbreviation(short: str, long: str) -> bool:
    """True when ``short`` abbreviates ``long`` by keeping some characters.

    The short form starts like the long one, keeps them in order, ends on a
    character of the long form's suffix (院 of 研究院, 大 of 大学), and skips
    no word of more than two characters before that suffix. Dropping one
    block is an abbreviation only when the block is a filler (国家外汇[管理]局);
    otherwise it names a sibling (中国[人民]银行 is not 中国银行).

    Examples
    --------
    >>> is_abbreviation("中国信通院", "中国信息通信研究院"), is_abbreviation("计量质检院", "计量质量检测研究院")
    (True, True)
    >>> is_abbreviation("电子科大", "电子科技大学"), is_abbreviation("国家外汇局", "国家外汇管理局")
    (True, True)
    >>> is_abbreviation("中国银行", "中国人民银行"), is_abbreviation("中研院", "中房指数研究院")
    (False, False)
    """
    if not (3 <= len(short) < len(long)) or short in long or short[0] != long[0]:
        return False
    if len(short) / len(long) < 0.3:
        return False
    suf = _suffix(long)
    if not suf or short[-1] not in suf:
        return False
    # align greedily, then look at the gaps before the suffix
    pos: list[int] = []
    i = 0
    for c in short:
        i = long.find(c, i)
        if i < 0:
            return False
        pos.append(i)
        i += 1
    if pos[-1] < len(long) - len(suf):
        return False
    suffix_start = len(long) - len(suf)
    gaps = []
    prev = -1
    for p in pos:
        if p > prev + 1:
            gaps.append((prev + 1, p))
        prev = p
    if prev < len(long) - 1:
        gaps.append((prev + 1, len(long)))
    inner = [(a, min(b, suffix_start)) for a, b in gaps if a < suffix_start]
    if any(b - a > 2 for a, b in inner):
        return False
    if len(gaps) == 1:
        a, b = gaps[0]
        return long[a:b] in _FILLERS
    return True


# --- union-find with cannot-link ----------------------------------------------

class _UnionFind:
    def __init__(self, forbidden: Mapping[str, set[tuple[int, int]]]) -> None:
        self.parent: dict[str, str] = {}
        # root -> {(pair index, side)}: two sides of one pair never meet
        self.tags: dict[str, set[tuple[int, int]]] = {k: set(v) for k, v in forbidden.items()}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> bool:
        """Join two clusters; False when a forbidden pair would meet."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        ta, tb = self.tags.get(ra, set()), self.tags.get(rb, set())
        if any((i, 1 - s) in tb for i, s in ta):
            return False
        lo, hi = sorted((ra, rb))
        self.parent[hi] = lo
        self.tags[lo] = ta | tb
        return True


# --- node keys ----------------------------------------------------------------

@dataclass
class _DocContext:
    regions: set[str]          # codes (with ancestors) of the regions named unambiguously
    home: dict[str, str]       # 省/市/区 -> code
    by_name: dict[str, set[str]] = field(default_factory=dict)   # what each name adds to ``regions``

    def without(self, name: str) -> set[str]:
        """The context the other names give (a name never supports itself)."""
        return set().union(*(c for n, c in self.by_name.items() if n != name))


@dataclass
class _Node:
    group: str
    key: str
    code: str | None = None          # region of the name (org) or the region itself
    core: str = ""
    local: bool = False              # only meaningful in its document
    generic: bool = False            # a kind of body, not a body (基金公司)
    relative: str | None = None      # 市/区/省 of a local relative name (市政府)
    region: bool = False
    parent_region: str | None = None
    label: str | None = None         # a canonical label the key fixes (regions)
    names: dict[str, str] = field(default_factory=dict)     # surface name -> first doc
    types: dict[T, float] = field(default_factory=lambda: defaultdict(float))
    docs: set[str] = field(default_factory=set)
    count: int = 0
    first: dict[str, int] = field(default_factory=dict)     # doc -> offset of the first mention

    @property
    def full(self) -> str:
        return f"{self.group}\x1f{self.key}"


def _doc_context(r: DocumentResult, gaz: Gazetteer) -> _DocContext:
    by_name: dict[str, set[str]] = {}
    named: list[str] = []
    for m in r.mentions:
        if m.type is T.AdminRegion:
            cands = gaz.lookup(m.name)
            if len(cands) == 1 and not _needs_context(m.name, cands[0]):
                named.append(cands[0].code)
                by_name.setdefault(m.name, set()).update(x.code for x in gaz.chain(cands[0].code))
    regions = set().union(*by_name.values()) if by_name else set()
    return _DocContext(regions, gaz.home_regions(named), by_name)


#: Short region names that are also everyday words or names (各位来宾, 基金安顺, 孙中山, 铜仁路).
_COMMON_WORDS = frozenset("来宾 安顺 中山 长治 普洱 阿里 南部 西区 东区 铜仁 和田 金华 白山 黑河 永康 吉安 "
                          "新余 三明 宜春 通化 大同 太平 长寿 万宁 文山 红河 德宏 丽江".split())


def _needs_context(name: str, region: Region) -> bool:
    """A region name that is also a common word or a person's name (阿里, 南部,
    西区) denotes the region only where the document names a region above it."""
    if name in _COMMON_WORDS:
        return True
    if region.level == "district":
        return name != region.name or len(name) < 3
    return name != region.name and region.name.endswith(("地区", "盟", "自治州"))


def _region_key(name: str, doc: str, ctx: _DocContext, gaz: Gazetteer) -> tuple[str, str | None, str | None, str | None]:
    """(key, code, parent code, label) of a region mention."""
    cands = gaz.lookup(name)
    if cands:
        region = gaz.resolve(name, ctx.without(name))
        if region is not None and not _needs_context(name, region) or region is not None and (
                ctx.without(name) & {r.code for r in gaz.chain(region.code)[1:]}):
            return f"code:{region.code}", region.code, None, region.name
        return f"name:{name}@{doc}", None, None, None
    if name.endswith(SUB_REGION_SUFFIXES):
        parent, rest = gaz.split_prefix(name, ctx.regions)
        if parent is not None and len(rest) >= 2:
            return f"sub:{parent.code}:{rest}", None, parent.code, parent.name + rest
        return f"name:{name}@{doc}", None, None, None
    return f"name:{name}", None, None, None


def _org_key(name: str, doc: str, ctx: _DocContext, gaz: Gazetteer) -> tuple[str, str | None, str, bool, str | None]:
    """(key, region code, core, local, relative marker) of an organisation-like name."""
    if _DESCRIPTIVE.search(name):
        return f"doc:{doc}:{name}", None, name, True, None
    region, core = gaz.split_prefix(name, ctx.regions)
    code = region.code if region else None
    if region is None:
        # an ambiguous region written in full (朝阳区政府): only this document knows
        for j in range(min(len(name) - 2, 9), 2, -1):
            if name[j - 1] in "省市区县" and len(gaz.lookup(name[:j])) > 1:
                return f"doc:{doc}:{name}", None, name, True, None
    if len(core) >= 3 and core[0] in _RELATIVE and not core.startswith(_NOT_RELATIVE):
        level = _RELATIVE[core[0]]
        home = ctx.home.get(level)
        marker, core_ = core[0], core
        while len(core_) >= 3 and core_[0] == marker:
            core_ = core_[1:]  # 市市计量质检院: a marker written twice across a line break
        if code is not None:
            city = gaz.city_of(code)
            if home == code or (level == "市" and city is not None and city.code == code):
                core = core_  # 重庆市市计量质检院: the relative repeats the region
        elif home is not None:
            code, core = home, core_
        else:
            return f"doc:{doc}:{name}", None, core_, True, level
    if core in _ORG_SUFFIXES and core not in _BODY_CORES:
        return f"doc:{doc}:{name}", code, core, True, None  # 深圳市中心: a place, not a body
    if code is not None:
        return f"org:{code}:{core}", code, core, False, None
    if _generic(core) and (not _NATIONAL.search(core) or core.endswith("队")):
        return f"doc:{doc}:{name}", None, core, True, None
    return f"org::{core}", None, core, False, None


def resolve_entities(results: Iterable[DocumentResult], gaz: Gazetteer, *, overrides: Overrides | None = None,
                     registry: IdRegistry | None = None) -> Resolution:
    """Merge the mentions of all documents into entities.

    Parameters
    ----------
    results : iterable of DocumentResult
        The extraction results of the whole corpus (any order).
    gaz : Gazetteer
        The division table.
    overrides : Overrides, optional
        The user's forced and forbidden merges and fixed types.
    registry : IdRegistry, optional
        Ids of an earlier build; an entity that holds a key of it keeps its id.

    Returns
    -------
    Resolution
        Entities by id, the entity of every mention, ambiguous short names
        (each with its candidates), the registry to keep, refused merges.

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
    ov = overrides or Overrides()
    results = sorted(results, key=lambda r: r.doc_id)
    forbidden_names = ov.forbidden_names
    nodes: dict[str, _Node] = {}
    mention_node: dict[tuple[str, int, int, str], str] = {}
    doc_nodes: dict[str, set[str]] = defaultdict(set)
    ambiguous: dict[str, set[str]] = defaultdict(set)

    # 1. a node per key
    for r in results:
        ctx = _doc_context(r, gaz)
        for m in r.mentions:
            if m.type is T.Partnership:
                continue
            mtype = ov.type_of(m.name) or m.type
            group = type_group(mtype)
            code = core = parent = label = relative = None
            local = region = generic = False
            if m.name in forbidden_names:
                key = f"exact:{m.name}"
            elif mtype is T.AdminRegion:
                key, code, parent, label = _region_key(m.name, r.doc_id, ctx, gaz)
                region = True
                local = "@" in key
                if local and len(gaz.lookup(m.name)) > 1:
                    ambiguous[m.name].update(f"{gaz.chain(c.code)[-1].name}{c.name}({c.code})"
                                             for c in gaz.lookup(m.name))
            elif mtype is T.Person:
                # a short or transliterated name (徐强, 马丁, 史密斯) names different
                # people in different articles: it stays in its document
                local = _ambiguous_person(m.name)
                key = f"name:{m.name}" + (f"@{r.doc_id}" if local else "")
            else:
                key, code, core, local, relative = _org_key(m.name, r.doc_id, ctx, gaz)
                generic = local and relative is None
            full = f"{group}\x1f{key}"
            n = nodes.get(full)
            if n is None:
                n = nodes[full] = _Node(group, key, code, core or m.name, local, generic, relative, region, parent,
                                        label)
            n.names.setdefault(m.name, r.doc_id)
            n.types[mtype] += m.confidence
            n.docs.add(r.doc_id)
            n.count += 1
            n.first[r.doc_id] = min(n.first.get(r.doc_id, m.start), m.start)
            mention_node[mention_key(m)] = full
            doc_nodes[r.doc_id].add(full)

    # forbidden pairs: tags on the nodes carrying each name
    tags: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for i, (a, b) in enumerate(ov.forbids):
        for full, n in nodes.items():
            if a in n.names:
                tags[full].add((i, 0))
            if b in n.names:
                tags[full].add((i, 1))
    uf = _UnionFind(tags)
    merges: list[tuple[str, str, str, str]] = []   # (node, alias, rule, doc)
    refused: list[tuple[str, str, str]] = []

    def join(a: str, b: str, rule: str, alias: str, doc: str) -> bool:
        if uf.union(a, b):
            merges.append((a, alias, rule, doc))
            return True
        refused.append((_first_name(nodes[a]), _first_name(nodes[b]), rule))
        return False

    for full in sorted(nodes):
        uf.find(full)
        n = nodes[full]
        rule = "region-code" if n.region else "region-prefix"
        primary = n.label or sorted(n.names, key=lambda x: (-len(x), x))[0]
        for alias, doc in sorted(n.names.items()):
            if alias != primary and not n.key.startswith(("exact:", "name:")):
                merges.append((full, alias, rule, doc if rule == "region-prefix" else ""))

    # 2. declared aliases
    for r in results:
        for a in r.aliases:
            fn, sn = mention_node.get(mention_key(a.full)), mention_node.get(mention_key(a.short))
            if fn and sn and fn != sn:
                join(fn, sn, "declared", a.short.name, r.doc_id)

    orgish = {full: n for full, n in nodes.items() if n.group in ("Organization", "Park", "Project")
              and not n.region}
    branch_of = {full: m for full, n in orgish.items() if (m := _BRANCH.match(_first_name(n)))}

    # 3. a bare local name joins the one body with a region its document names first
    #    (深圳市公安局 … 公安局); a bare name before any full one is a kind (各省市土地储备中心)
    for full in sorted(orgish):
        n = orgish[full]
        if not n.local or full in branch_of:
            continue
        doc = next(iter(n.docs))
        cands = sorted(o for o in doc_nodes[doc] if o in orgish and o != full and orgish[o].code
                       and not orgish[o].local and orgish[o].core == n.core and orgish[o].group == n.group
                       and _level_fits(orgish[o].code, n.relative, gaz))
        if cands and min(orgish[o].first[doc] for o in cands) > n.first[doc]:
            continue
        roots = {uf.find(c) for c in cands}
        if len(roots) == 1:
            join(cands[0], full, "region-prefix", _first_name(n), doc)

    # 4. company forms: 传音 = 重庆传音科技有限公司
    by_stem: dict[tuple[str, str], list[str]] = defaultdict(list)
    for full, n in sorted(orgish.items()):
        if n.local or full in branch_of or n.group != "Organization":
            continue
        stem = _stem(n.core)
        if len(stem) >= 2 and not _generic(stem) and not gaz.lookup(stem) and not _all_generic(stem):
            by_stem[(n.group, stem)].append(full)
    for (group, stem), members in sorted(by_stem.items()):
        registered = [f for f in members if orgish[f].core != stem]
        bare = [f for f in members if orgish[f].core == stem]
        coded = sorted({orgish[f].code for f in members if orgish[f].code})
        if len(coded) > 1:
            # 北京X公司 and 上海X公司: the bare X could be either
            for f in bare:
                if orgish[f].code is None:
                    ambiguous[_first_name(orgish[f])].update(_first_name(orgish[g]) for g in registered)
            members = [f for f in members if orgish[f].code is not None]
            by_code: dict[str, list[str]] = defaultdict(list)
            for f in members:
                by_code[orgish[f].code].append(f)
            groups = list(by_code.values())
        else:
            groups = [members]
        for g in groups:
            if len(g) < 2 or not any(orgish[f].core != stem for f in g):
                continue
            target = sorted(g, key=lambda f: (-len(orgish[f].core), f))[0]
            for f in sorted(g):
                if f != target and uf.find(f) != uf.find(target):
                    join(target, f, "company-form", _first_name(orgish[f]), min(orgish[f].docs))

    # 5. abbreviations: both forms named in one document; one target overall
    targets: dict[str, set[str]] = defaultdict(set)
    evidence: dict[tuple[str, str], str] = {}
    for doc in sorted(doc_nodes):
        here = sorted(f for f in doc_nodes[doc] if f in orgish and f not in branch_of and not orgish[f].generic)
        for s in here:
            sn = orgish[s]
            for lf in here:
                ln = orgish[lf]
                if lf == s or ln.group != sn.group or (sn.code and sn.code != ln.code):
                    continue
                if sn.relative and not (ln.code and _level_fits(ln.code, sn.relative, gaz)):
                    continue
                if is_abbreviation(sn.core, ln.core) and uf.find(s) != uf.find(lf):
                    root = uf.find(lf)
                    targets[s].add(root)
                    evidence.setdefault((s, root), doc)
                    evidence.setdefault((s, f"{root}\x1ftarget"), lf)
    for s in sorted(targets):
        roots = sorted(targets[s])
        if len(roots) == 1:
            target = evidence[(s, f"{roots[0]}\x1ftarget")]
            join(target, s, "abbreviation", _first_name(orgish[s]), evidence[(s, roots[0])])
        else:
            ambiguous[_first_name(orgish[s])].update(
                _first_name(orgish[evidence[(s, f"{r}\x1ftarget")]]) for r in roots)

    # 6. overrides: forced merges
    for a, b in ov.merges:
        fa = sorted(f for f, n in nodes.items() if a in n.names)
        fb = sorted(f for f, n in nodes.items() if b in n.names)
        for x in fa[1:] + fb:
            if fa:
                join(fa[0], x, "override", b if x in fb else a, "")

    # 7. clusters, labels and branches
    clusters: dict[str, list[str]] = defaultdict(list)
    for full in nodes:
        clusters[uf.find(full)].append(full)

    def label_of(members: list[str]) -> str:
        fixed = sorted(nodes[f].label for f in members if nodes[f].label)
        if fixed:
            return fixed[0]
        names = {x for f in members for x in nodes[f].names}
        best = sorted(names, key=lambda x: (-len(x), x))[0]
        # 市公安局 in a Shenzhen paper, with no fuller form: 深圳市公安局
        owner_ = next((nodes[f] for f in members if best in nodes[f].names), None)
        if owner_ is not None and owner_.code and not owner_.local and best[:1] in _RELATIVE and best[1:] == owner_.core:
            return gaz.by_code[owner_.code].name + owner_.core
        return best

    labels = {root: label_of(members) for root, members in clusters.items()}
    # a branch hangs its own name on its parent's canonical name; branches of one parent with one suffix join
    branch_key: dict[tuple[str, str], list[str]] = defaultdict(list)
    for full, m in sorted(branch_of.items()):
        n = orgish[full]
        parent_name, part = m.group(1), m.group(2)
        doc = min(n.docs)
        r = next(x for x in results if x.doc_id == doc)
        pkey, *_ = _org_key(parent_name, doc, _doc_context(r, gaz), gaz)
        pfull = f"{n.group}\x1f{pkey}"
        if pfull in nodes and uf.find(pfull) != uf.find(full):
            branch_key[(uf.find(pfull), part)].append(full)
    branch_label: dict[str, str] = {}
    for (proot, part), members in sorted(branch_key.items()):
        members.sort()
        for f in members[1:]:
            join(members[0], f, "branch", _first_name(nodes[f]), min(nodes[f].docs))
        root = uf.find(members[0])
        label = labels[proot] + part
        names = {x for f in members for x in nodes[f].names}
        if label not in names:
            branch_label[root] = label
            merges.append((members[0], _first_name(nodes[members[0]]), "branch", min(nodes[members[0]].docs)))
    if branch_key:
        clusters = defaultdict(list)
        for full in nodes:
            clusters[uf.find(full)].append(full)
        labels = {root: branch_label.get(root) or label_of(members) for root, members in clusters.items()}

    # 8. entities, with ids kept from the registry
    reg = dict(registry.ids) if registry else {}
    claims: dict[str, list[str]] = defaultdict(list)     # old id -> clusters that hold one of its keys
    for root, members in clusters.items():
        for f in members:
            if f in reg:
                claims[reg[f]].append(root)
    owner: dict[str, str] = {}      # root -> old id it keeps
    for old, roots in sorted(claims.items()):
        counts: dict[str, int] = defaultdict(int)
        for root in roots:
            counts[root] += 1
        best = sorted(counts, key=lambda x: (-counts[x], x))[0]
        # a cluster holding keys of several old ids (a new merge) keeps the smallest
        owner[best] = min(owner.get(best, old), old)
    taken = set(reg.values())
    entities: dict[str, Entity] = {}
    node_entity: dict[str, str] = {}
    for root in sorted(clusters, key=lambda x: min(clusters[x])):
        members = sorted(clusters[root])
        label = labels[root]
        group = nodes[members[0]].group
        code = next((nodes[f].code for f in members if nodes[f].region and nodes[f].code), None)
        parent = next((nodes[f].parent_region for f in members if nodes[f].parent_region), None)
        if root in owner:
            eid = owner[root]
        elif code is not None:
            eid = f"region-{code}"
        else:
            local = all(nodes[f].local for f in members)
            eid = entity_id(group, label + (f"@{min(nodes[members[0]].docs)}" if local else ""))
            k, base = 2, eid
            while eid in entities or (eid in taken and eid != f"region-{code}"):
                eid, k = f"{base}-{k}", k + 1
        weights: dict[T, float] = defaultdict(float)
        for f in members:
            for t, w in nodes[f].types.items():
                weights[t] += w
        etype = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0].value))[0][0]
        ent = Entity(eid, etype, label, region_code=code, parent_region=parent, keys=tuple(members))
        for f in members:
            ent.aliases |= set(nodes[f].names)
            ent.documents |= nodes[f].docs
            ent.mentions += nodes[f].count
            node_entity[f] = eid
            reg[f] = eid
        ent.aliases.discard(label)
        entities[eid] = ent
    for node, alias, rule, doc in merges:
        eid = node_entity[node]
        if alias != entities[eid].label:
            entities[eid].merges.append((alias, rule, doc))
    for e in entities.values():
        e.merges = sorted(set(e.merges))
    of_mention = {k: node_entity[n] for k, n in mention_node.items()}
    amb = sorted((name, sorted(c)) for name, c in ambiguous.items() if len(c) > 1)
    return Resolution(entities, of_mention, amb, IdRegistry(reg), sorted(set(refused)))


def _first_name(n: _Node) -> str:
    return sorted(n.names, key=lambda x: (-len(x), x))[0]


def _level_fits(code: str | None, relative: str | None, gaz: Gazetteer) -> bool:
    """Whether a region code fits a relative marker (市 -> a city, 区 -> a district)."""
    if relative is None or code is None:
        return True
    region = gaz.by_code.get(code)
    if region is None:
        return False
    if relative == "市":
        return gaz.city_of(code) is not None and gaz.city_of(code).code == code
    return region.level in _MUNICIPAL_LEVEL.get(relative, (region.level,))


def suspicious_entities(g) -> dict[str, list[dict]]:
    """Merges a person should check in a built graph.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        A graph from :func:`zhkg.graph.build.build_graph` (or ``load_graph``).

    Returns
    -------
    dict
        ``"wrong"``: entities with a likely wrong merge (an alias of two
        characters or less joined by a rule, an abbreviation or company-form
        merge, many distinct forms), each with its reasons; ``"missed"``:
        likely missed merges (a short name kept apart because two entities fit
        it, two entities with one label, a name that abbreviates another
        entity's name but never met it in one document).
    """
    wrong: list[dict] = []
    orgs: dict[str, list[tuple[str, str]]] = defaultdict(list)   # first char -> (id, label)
    by_label: dict[tuple[str, str], list[str]] = defaultdict(list)
    for n, d in sorted(g.nodes(data=True)):
        if d.get("type") == T.Partnership.value:
            continue
        group = type_group(T(d["type"]))
        by_label[(group, d["label"])].append(n)
        if group in ("Organization", "Park"):
            orgs[d["label"][:1]].append((n, d["label"]))
        reasons = []
        for alias, rule, doc in d.get("merges", []):
            if rule == "override":
                continue
            if len(alias) <= 2 and rule != "declared":
                reasons.append(f"short alias {alias!r} ({rule})")
            if rule in ("abbreviation", "company-form"):
                reasons.append(f"{rule}: {alias!r} in {doc}")
        if len(d.get("aliases", [])) >= 4:
            reasons.append(f"{len(d['aliases'])} distinct forms")
        if reasons:
            wrong.append({"id": n, "label": d["label"], "type": d["type"], "reasons": reasons})
    missed: list[dict] = [{"name": a, "candidates": list(c), "reason": "two or more entities fit this short name"}
                          for a, c in g.graph.get("ambiguous", [])]
    for (group, label), ids in sorted(by_label.items()):
        if len(ids) > 1 and group != "AdminRegion":
            missed.append({"name": label, "candidates": ids, "reason": "one label, separate entities"})
    for first, items in sorted(orgs.items()):
        for a, la in items:
            for b, lb in items:
                if a != b and len(la) < len(lb) and (is_abbreviation(la, lb) or (
                        lb.startswith(la) and len(la) >= 2 and lb[len(la):] in _COMPANY_FORMS)):
                    missed.append({"name": la, "candidates": [lb], "reason": "abbreviates a name it never met"})
    return {"wrong": wrong, "missed": missed}
