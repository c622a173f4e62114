"""Rule-based entity mentions over jieba tokens (the first extractor).

Rules, in the order they run (``ENTITY_RULES``):

``region``        gazetteer names (GB/T 2260) as whole tokens; streets, towns
                  and communities (开州区赵家街道) hang under the district before them
``suffix``        a name closed by a type suffix (有限公司, 研究院, 市场监管局,
                  产业城, 实验室 ...), grown leftwards over name-like tokens
``enumeration``   company lists under a cue (以A、B、C为代表, 集聚起A、B等…企业)
``person``        names after 记者/通讯员 and job titles, interview speakers (吴晓如：)
``declared``      以下简称 declarations and names found earlier in the same
                  document, matched again wherever they occur

All spans are in sentence (view) coordinates; :mod:`zhkg.extract.pipeline`
maps them to document offsets.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .gazetteer import Gazetteer
from .schema import EntityType as T
from .segment import Token

__all__ = ["Span", "find_spans", "find_declared", "suffix_type", "ENTITY_RULES"]

ENTITY_RULES = ("region", "suffix", "enumeration", "person", "declared", "alias-declared")


@dataclass(frozen=True, slots=True)
class Span:
    """A typed span of a sentence's text (view coordinates)."""

    start: int
    end: int
    type: T
    rule: str
    name: str
    confidence: float = 0.8
    region_code: str | None = None


# Longest suffixes first; each maps to the type it gives a name.
_SUFFIXES: list[tuple[str, T]] = sorted(
    [
        ("股份有限公司", T.Company), ("有限责任公司", T.Company), ("有限公司", T.Company),
        ("集团公司", T.Company), ("公司", T.Company), ("集团", T.Company), ("总厂", T.Company),
        ("控股", T.Company), ("证券", T.Company),
        ("厂", T.Company), ("银行", T.Company), ("事务所", T.Company),
        ("人民政府", T.GovernmentBody), ("政府", T.GovernmentBody), ("委员会", T.GovernmentBody),
        ("管委会", T.GovernmentBody), ("局", T.GovernmentBody), ("委", T.GovernmentBody),
        ("金融办", T.GovernmentBody), ("指挥部", T.GovernmentBody),
        ("厅", T.GovernmentBody), ("法院", T.GovernmentBody), ("检察院", T.GovernmentBody),
        ("公安机关", T.GovernmentBody), ("海关", T.GovernmentBody), ("办公室", T.GovernmentBody),
        ("研究院", T.Institution), ("研究所", T.Institution), ("科学院", T.Institution),
        ("分院", T.Institution), ("分校", T.Institution), ("院", T.Institution), ("大学", T.Institution),
        ("学院", T.Institution), ("学校", T.Institution), ("中学", T.Institution),
        ("小学", T.Institution), ("医院", T.Institution), ("中心", T.Institution),
        ("协会", T.Institution), ("学会", T.Institution), ("商会", T.Institution),
        ("联合会", T.Institution), ("基金会", T.Institution), ("促进会", T.Institution),
        ("报社", T.Institution), ("电视台", T.Institution), ("出版社", T.Institution),
        ("交易所", T.Institution), ("总会", T.Institution), ("研究会", T.Institution),
        ("信通院", T.Institution), ("党校", T.Institution),
        ("研究部", T.Institution), ("研究室", T.Institution), ("事业部", T.Company),
        ("工业园区", T.Park), ("工业园", T.Park), ("产业园区", T.Park), ("产业园", T.Park),
        ("科技园", T.Park), ("软件园", T.Park), ("产业城", T.Park), ("科技城", T.Park),
        ("科学城", T.Park), ("数据谷", T.Park), ("开发区", T.Park), ("高新区", T.Park),
        ("经开区", T.Park), ("保税区", T.Park), ("园区", T.Park), ("新区", T.Park), ("大学城", T.Park),
        ("项目", T.Project), ("实验室", T.Project), ("基地", T.Project), ("产业基地", T.Project),
    ],
    key=lambda p: -len(p[0]),
)
#: suffix -> type, and the suffix lengths to try (longest first), for O(1) lookups
_SUFFIX_TYPES: dict[str, T] = dict(_SUFFIXES)
_SUFFIX_LENGTHS = sorted({len(x) for x in _SUFFIX_TYPES}, reverse=True)


def _suffix_and_post(word: str) -> bool:
    """A suffix with a post glued on by the dictionary: 协会理事, 协会会长."""
    return any(word[:j] in _SUFFIX_TYPES and word[j:] in _TITLES for j in range(1, len(word)))


def _suffix_of(word: str) -> tuple[str, T] | None:
    """The longest type suffix ``word`` ends with."""
    for n in _SUFFIX_LENGTHS:
        if len(word) >= n:
            typ = _SUFFIX_TYPES.get(word[-n:])
            if typ is not None:
                return word[-n:], typ
    return None


_GOV_MINISTRIES = {"科技部", "商务部", "财政部", "教育部", "工信部", "工业和信息化部", "外交部",
                   "公安部", "国防部", "农业农村部", "自然资源部", "生态环境部", "交通运输部",
                   "水利部", "民政部", "司法部", "应急管理部", "审计署", "国家发展改革委", "国家发改委",
                   "证监会", "银监会", "保监会", "银保监会", "中国证监会", "中国银监会", "中国保监会",
                   # ministries whose names hold 和 (one word in the user dictionary, never split)
                   "住房和城乡建设部", "人力资源和社会保障部", "文化和旅游部", "国家发展和改革委员会",
                   "国家卫生和计划生育委员会", "住房城乡建设部",
                   # earlier and short names of central bodies, and the central bank (not a company)
                   "国土资源部", "国土部", "环境保护部", "环保部", "卫生部", "铁道部", "农业部", "文化部", "建设部",
                   "人事部", "监察部", "人社部", "住建部", "海关总署", "国家能源局", "国台办", "国务院台办", "国新办",
                   "国家林业局", "国家旅游局", "新闻出版总署", "国家知识产权局", "国家体育总局", "国家海洋局",
                   "电监会", "国家民委", "中国人民银行", "人民银行", "央行",
                   # party and state organs and the armed forces, as jieba keeps them one word (中共中央,
                   # 中央军委, 第二炮兵): party organs are government bodies in ONTOLOGY.md
                   "中共中央", "党中央", "中央政治局", "中央书记处", "中宣部", "中组部", "中纪委", "中央纪委",
                   "中央军委", "全国人大", "全国人大常委会", "全国政协", "解放军", "人民解放军", "中国人民解放军",
                   "解放军总参谋部", "总参谋部", "总政治部", "总后勤部", "总装备部", "第二炮兵", "二炮", "武警部队",
                   "国务院"}
#: one dictionary word for two central organs (《中共中央国务院关于…》): each is a name
_JOINT_ORGANS = {"中共中央国务院": ("中共中央", "国务院")}
#: words before a name that make it a kind of body in a place, not one body (多家广州移民公司)
_KIND_BEFORE = frozenset("多家 几家 各家 数家 部分 大部分 多数 大多数 所有 一些 这些 那些 许多 众多 不少 诸多 各大 "
                         "其他 其它".split())
#: vague words that make a place and a suffix no name (北京内部公司, 当地相关部门)
_VAGUE = frozenset("内部 外部 本地 当地 相关 有关 其他 其它 个别 各类 各种 知名 优秀 骨干 一批 大批 主要 部分 最大 一 某 "
                   "首个 一家 一些".split())
#: central organs a party or state prefix belongs to: 中共/中央政治局
_ORGAN_PREFIX = frozenset(("国家", "中华人民共和国", "中共"))

#: legal forms that end a whole company name
_LEGAL_FORMS = frozenset("有限公司 股份有限公司 有限责任公司 集团有限公司".split())

#: roles that start no name but may sit inside one (供应商/天宇旅游有限公司, but 中国代理商联合会)
_ROLE_NOUNS = frozenset("供应商 开发商 运营商 承建商 经销商 代理商 服务商 制造商 投资方 合作方 股东 股东方 客户 "
                        "合作伙伴 对手 主办方 承办方 协办方 主办单位 承办单位".split())

#: words of a kind of place, not a name (江苏基层乡镇, 广东农村社区)
_GENERIC_PLACE_WORDS = frozenset("基层 乡镇 城镇 农村 城市 城乡 各个 各地 周边 偏远 贫困 山区 沿海 边远 当地".split())

#: suffixes of a unit inside a larger body (a research department, a business division)
_UNIT_SUFFIXES = frozenset(("研究部", "研究室", "事业部"))

# Tokens that never sit inside a name: cue verbs, function words.
_STOP_WORDS = frozenset(
    "与 和 及 以及 或 对 为 在 由 把 被 向 跟 同 将 已 已经 等 的 了 是 有 并 也 又 还 从 以 于 让 给 "
    "委托 邀请 联合 帮助 协助 配合 走访 走进 深入 组织 成立 组建 建设 共建 入驻 落地 签约 签订 合作 "
    "包括 如 比如 除了 其中 通过 支持 推动 打造 依托 围绕 引进 集聚 云集 获批 认定 承建 投资 "
    "研发 开展 提供 举办 召开 来到 前往 位于 地处 属于 作为 成为 还有 当地 目前 今年 近日 "
    "全部 到 至 向 往 如为 为了 对于 关于 按照 根据 其 该 这 此 本 各 每 全 首个 一家 一个 多家 相关 有关 企业 单位 部门 记者 本报 首席 "
    "旗下 下属 所属 现任 担任 出任 兼任 曾任 升任 接任 历任 任命 聘任 原 对阵 战胜 击败 负于 迎战 对决 代表 链接 任".split()
)
#: words of a clause about people, never inside an organisation's name:
#: appointments and speech (聘任王俊锋担任公司总经理), a person's titles
_CLAUSE_WORDS = frozenset(
    "担任 出任 接任 接替 聘任 聘请 任命 兼任 升任 就任 离任 调任 认为 表示 介绍 指出 透露 称 说 "
    "董事长 副董事长 董事 总经理 副总经理 总裁 副总裁 总监 副总监 经理 副经理 分析师 研究员 主席 副主席 "
    "秘书长 党委书记 书记 局长 副局长 院长 副院长 主任 副主任 首席执行官 创始人 负责人 高管 副总 前任 任".split()
)
_STOP_WORDS = _STOP_WORDS | _CLAUSE_WORDS
_STOP_POS = frozenset("p c u uj ul uz ud ug uv d r vd ad y e o t w q zg k h".split())
_GENERIC = frozenset(
    "该 这 此 本 各 全 其 多家 相关 有关 中小 大型 龙头 国有 区属 市属 企业 管理 主管 职能 这家 "
    "一家 两家 首家 上级 下属 当地 全国 全市 全区 政府 国家 市级 区级 县级 省级 重点 领导 业务 "
    "主要 有关部门 部门 单位 机构 公司 集团 总 分 子 母 新 老 大 小 上述 以上 以下 等 "
    "科技 产业 工业 数据 软件 信息 网络 技术 智能 发展 创新 服务 管理 运营 建设 研究 计量 "
    "汽车 金融 能源 电力 物流 医药 食品 建筑 投资 文化 传媒 教育 农业 智慧 网络安全 信息安全 大数据 "
    "人工智能 智能制造 互联网 物联网 全部 全球 世界 经济 大多数 多数 部分 一些 各大 其他 国内 国外 海外 "
    "所在 整个 项目 地方 律师 各地 那家 理工 师范 医科 农业大 内部 外部 "
    "关键 区级 技改 长度 电学 电子 安全 交易 培训 综合 行政 办公 招商引资 产业化 引领性 示范 首批 市级 国家级 "
    "股份制 商业 城市 农村 外资 中资 民营 地方性 政策性 国有控股".split()
)
_INNER_PUNCT = {"—", "-", "·", "－"}
# Words that end like a suffix but are not names: 布局 is not a bureau.
_FALSE_SUFFIX = frozenset("布局 格局 结局 大局 全局 开局 当局 工厂 车间 剧院 影院 庭院 书院 中心城区 园区 "
                          "市中心 重心 核心 中心 信心 决心 用心 耐心 爱心 小区 城区 郊区 景区 社区 辖区 董事局 "
                          "胜局 败局 定局 僵局 残局 赌局 饭局 骗局 时局 政局 战局 困局 变局 新局 破局 出局 入局 棋局 "
                          "牌局 赛局 终局 危局 乱局 展厅 大厅 餐厅 客厅 舞厅 歌厅 门厅 营业厅 展览厅 会议厅 音乐厅".split())
_FALSE_ENDINGS = tuple("布局 格局 结局 大局 全局 开局 当局 工厂 车间 剧院 影院 庭院 加工中心 市中心 研究生院 四合院 "
                       "胜局 败局 定局 僵局 残局 赌局 饭局 骗局 时局 政局 战局 困局 变局 破局 出局 棋局 牌局 乱局 "
                       "展厅 大厅 餐厅 客厅 舞厅 歌厅 营业厅 展览厅 会议厅 音乐厅 合资公司 合资企业".split())
#: a dateline or a byline inside a name means the name ran over them
_NOT_IN_NAME = re.compile(r"\d+[年月日所家个名位号]|记者|通讯员|新华网|新华社|中新网|电[（(]|(?:本报|体育|新浪|日|网|报)讯|先生|女士|经济学家|董事$|"
                          r"[%％]|链接|某|各大|几家|多家|各家|大部分|大多数|绝大多数|所有|"  # 广州市大部分银行: a share of a kind
                          # a count before a kind: 十一个出国培训基地, 两所世界级大学, 中国多所大学
                          r"(?:^|[^第])[一二两三四五六七八九十百千几多数]+(?:所|个|家|座|名)|"
                          r"前[一二两三四五六七八九十]+大")  # 前五大银行: a rank
_LONGER_WORDS = frozenset("中心城区 中心区 中心区域 中心地带 集团军".split())
_NOT_PLACE_AFTER = ("时间", "队", "男篮", "女篮", "男排", "女排", "男足", "女足", "主场", "客场")
_SPORT_BEFORE = ("战胜", "击败", "迎战", "对阵", "负于", "不敌", "战胜了", "击败了", "主场", "客场", "完胜", "客战", "主战",
                 "惜败", "输给", "赢了", "负")
#: a list of teams after a sport verb, up to the name: 战胜了广东、八一、
_SPORT_LIST_BEFORE = re.compile("(?:" + "|".join(w for w in _SPORT_BEFORE if len(w) >= 2)
                                + r")(?:[\u4e00-\u9fff]{1,4}[、和及与])+$")  # (not 负: 负责北京、上海)
_SPORT_AFTER = ("主场", "客场", "队", "客战", "主战", "完胜", "战胜", "击败", "负于", "不敌", "迎战", "惜败", "输给")
#: a score right after a name makes it a team: 上海113-95完胜辽宁
_SCORE_AFTER = re.compile(r"\d+\s*[-:：比]\s*\d+")
_GENERIC_REGIONS = frozenset("城区 郊区 矿区 新区 市中区 市辖区 开发区 高新区".split())
_SUB_REGION = ("街道", "镇", "乡", "社区", "村")
_TITLES = ("首席记者", "记者", "通讯员", "董事长", "总经理", "副总经理", "总裁", "副总裁", "院长",
           "副院长", "主任", "副主任", "书记", "局长", "副局长", "区长", "副区长", "市长",
           "副市长", "县长", "教授", "研究员", "负责人", "创始人", "首席执行官", "CEO",
           "总监", "副总监", "分析师", "副总", "董事", "主席", "秘书长", "经理", "行长", "副行长", "常委",
           "部长", "副部长", "厅长", "副厅长", "司长", "副司长", "处长", "署长", "所长", "校长", "社长", "会长",
           "理事长", "理事", "总理", "副总理", "总书记", "省长", "副省长", "委员", "助理", "司令员", "副司令员",
           "政委", "参谋长", "总指挥", "副总指挥")
#: verbs of an appointment, followed by the appointee: 聘任王重昆为公司总经理
_APPOINT = ("聘任", "任命", "聘请", "接替")
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃"
    "武戴莫孔向汤栗常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符"
    "舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司"
    "卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣"
    "巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
    "回习薄洪揭阎蔺逯"  # rarer ones officials carry (回良玉, 习近平)
)
#: after a title, these are not names: 负责人向记者表示, 对此, 称
_NOT_A_NAME = re.compile(r"^(?:向|对|据|在|称|说|表示|介绍|和|及|与|等|的|为)|记者|表示|介绍|认为|毕业|老师|先生|女士|高管|高层|"
                         r"^(?:单位|人员|班子|职务|岗位|级别|名单|一职)|"
                         r"^曾(?:说|称|经|是|任|在|表|指|透露)")  # 教授曾说过: 曾 the adverb, not the surname
_PERSON_AFTER = re.compile(r"^([\u4e00-\u9fff]{2,3})")
#: adverbs and verbs that follow a name, not end it (部长陈竺率团, 司长金琦已出任); 将也曾均 only
#: where jieba starts a word with them (李晓均 is a name)
NOT_NAME_END = frozenset("已率过")
NOT_NAME_END_WORD = frozenset("将也曾均就为")
_ALIAS_DECL = re.compile(r"[（(](?:以下|下文|下)?(?:简称|称)[：:]?[“\"「]?([\u4e00-\u9fffA-Za-z0-9]{2,12}?)[”\"」]?[）)]")
_ENUM_REPRESENTATIVE = re.compile(r"以([^，。；：、“”（）]{2,12}(?:、[^，。；：、“”（）]{2,12})+)为代表")
_ENUM_CLUSTER = re.compile(
    r"(?:集聚|聚集|云集|汇聚|吸引|引进)(?:起|了)?([^，。；：、“”（）]{2,12}(?:、[^，。；：、“”（）]{2,12})+)等[^，。；]{0,8}(?:企业|公司)"
)


def suffix_type(name: str) -> T | None:
    """Type given by a name's suffix, or None.

    >>> suffix_type("重庆华虹仪表有限公司"), suffix_type("开州区市场监管局")
    (<EntityType.Company: 'Company'>, <EntityType.GovernmentBody: 'GovernmentBody'>)
    """
    if name in _GOV_MINISTRIES:
        return T.GovernmentBody
    hit = _suffix_of(name)
    return hit[1] if hit else None


_ASCII_WORDS = frozenset("web www http https app apps pc tv cd dvd vip ceo cfo cto it gdp cpi ipo pe api "
                         "online news blog email wifi".split())


#: what a company does or where it is from, before 公司/集团, making a kind of company (家装公司, 日本公司)
_KIND_HEADS = frozenset(
    "家装 装修 房地产 房产 移民 合资 中介 电影 顾问 咨询 咨询服务 电话 公关 专业 中小板 跨国 石油 调研 礼仪 制作 "
    "小额贷款 移动 股票 废品 外贸 商贸 贸易 销售 投资信托 投资管理 资产管理 基金管理 行业龙头 龙头 家族 既得利益 "
    "开发 建筑 施工 监理 评估 担保 典当 运输 快递 物业管理 培训 留学 出国 猎头 会计 审计 保安 家政 设计 广告 营销 "
    "代理 拍卖 很多 不同 许多 其他 其它 这些 那些 大型 中小 小型 一些 "
    "中国 美国 日本 韩国 英国 法国 德国 外国 国外 海外 国内 本地 当地 中资 外资 民营 国有 私营 境外 境内".split())


#: countries and continents: with a bare 大学, 学校 or 中心 after them they name a kind (加拿大大学)
_COUNTRIES = frozenset("美国 英国 法国 德国 日本 韩国 加拿大 澳洲 澳大利亚 新西兰 西班牙 意大利 俄罗斯 印度 新加坡 "
                       "马来西亚 荷兰 瑞士 瑞典 爱尔兰 芬兰 挪威 丹麦 比利时 奥地利 欧洲 北美 亚洲 外国 国外 海外 "
                       "中国 国内".split())


def kind_of_body(name: str) -> bool:
    """True for a kind of body written like a name: an industry or a country
    and 公司/集团 (家装公司, 房地产公司, 日本公司), a country and a bare 大学, 学校
    or 中心 (加拿大大学), or a kind of bank or fund house (商业银行, 基金公司).

    >>> kind_of_body("家装公司"), kind_of_body("日本公司"), kind_of_body("中金公司")
    (True, True, False)
    >>> kind_of_body("西班牙大学"), kind_of_body("东京大学")
    (True, False)
    """
    if name in _KIND_BODIES:
        return True
    for suffix in ("大学", "学校", "中学", "小学", "中心", "医院"):
        if name.endswith(suffix) and name[: -len(suffix)] in _COUNTRIES:
            return True
    head = name[:-2] if name.endswith(("公司", "集团")) else None
    return head is not None and (head in _KIND_HEADS or head in _INDUSTRY_WORDS)


def plausible_name(name: str, typ: T | None = None) -> bool:
    """False for what a tagger may return but is no name: a bare suffix
    (工业园区), a generic word or description (监管机构), two names joined
    (长安汽车及中国汽研), a person without a surname (智能化).

    >>> plausible_name("北斗星通"), plausible_name("工业园区"), plausible_name("长安汽车及中国汽研")
    (True, False, False)
    >>> plausible_name("智能化", T.Person), plausible_name("吴晓如", T.Person)
    (False, True)
    """
    if name in _SUFFIX_TYPES or name in _GENERIC or name in _GENERIC_REGIONS or name in _STOP_WORDS:
        return False
    if any(c in name for c in "及和与、，。；：“”《》"):
        return False
    if name.lower() in _ASCII_WORDS or _NOT_IN_NAME.search(name):
        return False
    if typ is T.Person:
        return (name[0] in _SURNAMES and 2 <= len(name) <= 3) or "·" in name or "•" in name
    hit = _suffix_of(name)
    if hit is not None and name[: -len(hit[0])] in _GENERIC | {""}:
        return False  # 新兴产业中心: a kind of body, not one
    if len(name) <= 4 and name.endswith(("机构", "部门", "单位", "企业", "公司", "集团")):
        return False  # 监管机构, 主管部门
    if name.endswith(("董事局", "董事会", "监事会")) or name.endswith(_FALSE_ENDINGS):
        return False  # 伊利资源董事局(主席): a board is part of a post; 上海队胜局: 胜局 is no bureau
    if kind_of_body(name):
        return False
    return True


def person_name(text: str) -> str:
    """A person's name without a trailing verb or credit: 郑宇摄 -> 郑宇.

    >>> person_name("郑宇摄"), person_name("吴晓如")
    ('郑宇', '吴晓如')
    """
    if len(text) == 3 and text[2] in "说表介称指认强透告摄报等对向在于被把则借也还":
        return text[:2]
    return text


def _name_like(tok: Token) -> bool:
    if tok.word in _STOP_WORDS or tok.pos in _STOP_POS:
        return False
    # an unknown word the HMM glued onto a function word: 成以, 以罗克佳华
    if tok.pos == "x" and any(c in _FUNCTION_CHARS for c in tok.word):
        return False
    return True


_FUNCTION_CHARS = frozenset("以的了在和与为对将把被从向")
#: notes of a web page in brackets that end a headline, never part of a name: 典范(组图)易居中国
#: ((微博) is not one: THUCNews puts it inside names, 澳大利亚(微博)政府)
_MEDIA_NOTES = frozenset("组图 图 图文 视频 多图 高清 附图 图表".split())
#: cue verbs that are also business words inside names after a noun:
#: 重庆市城市建设投资（集团）有限公司, 广州市城市建设开发有限公司
_INNER_BUSINESS = frozenset({"建设", "投资"})


#: what may follow 建设/投资 inside a name: another business word or the suffix
_AFTER_INNER_BUSINESS = frozenset("建设 投资 开发 管理 控股 发展 集团 公司 有限公司 股份有限公司 有限责任公司 "
                                  "顾问 咨询 担保 委员会 局 （ (".split())


def _name_like_at(tokens: list[Token], idx: int) -> bool:
    """:func:`_name_like`, or 建设/投资 between a noun that is not itself a
    body's suffix and a business word or the suffix (城市建设投资（集团）有限公司,
    平谷区建设委员会; not 到重庆投资设厂, 住房建设目标, 万科公司投资)."""
    if _name_like(tokens[idx]):
        return True
    if tokens[idx].word not in _INNER_BUSINESS or idx == 0 or idx + 1 == len(tokens) \
            or tokens[idx + 1].word not in _AFTER_INNER_BUSINESS:
        return False
    p = tokens[idx - 1]
    return p.word in _INNER_BUSINESS or (p.pos in ("n", "ns", "nz", "vn", "nt", "j", "x") and len(p.word) >= 2
                                        and p.word not in _STOP_WORDS and _suffix_of(p.word) is None)


#: the last word of a unit that may be named by two fields joined by 与 (…管理与政府政策研究所)
_UNIT_END = re.compile(r"(?:研究所|研究中心|研究院|学院|实验室|研究室|研究部|系)(?:" + "|".join(_TITLES) + ")?$")
#: words of a field of study or work (公共管理, 比较政治, 信息)
_FIELD_POS = frozenset("n vn b nz j an d x".split())
#: the last word of a government body that may be named by two fields joined by 和
_GOV_SUFFIX_END = re.compile(r"(?:管理局|保障局|委员会|改革委|局|厅)$")


#: a place in brackets right after a body's name (…研究中心（重庆）)
_SEAT_AFTER = re.compile(r"[（(]([\u4e00-\u9fff]{2,4})[）)]")
#: nouns of a holding that stand before a body's name, never inside it (其子公司华油集团)
_HOLDING_NOUNS = frozenset("子公司 母公司 全资子公司 控股子公司 参股公司".split())


def _grow_left(tokens: list[Token], k: int, limit: int = 24, verbs: bool = False) -> int:
    """Index of the first token of the name that ends with token ``k``."""
    i = k
    while i > 0:
        prev = tokens[i - 1]
        if tokens[k].end - prev.start > limit:
            break
        if "%" in prev.word or "％" in prev.word:
            break  # 买卖量22.4%北京中原…研究部: a share ends what came before
        if prev.word in ("）", ")"):
            # a short parenthesised part inside a name: 海领（临空）国际... (not a web page's (组图),
            # nor a byline's reporter: 新快报讯(钟欣)住房和城乡建设部…)
            j = i - 2
            while j >= 0 and tokens[j].word not in ("（", "("):
                j -= 1
            if j >= 1 and prev.start - tokens[j].end <= 6 and _name_like_at(tokens, j - 1) \
                    and not tokens[j - 1].word.endswith(("讯", "电")) \
                    and "".join(t.word for t in tokens[j + 1: i - 1]) not in _MEDIA_NOTES \
                    and not "".join(t.word for t in tokens[j + 1: i - 1]).endswith(("博客", "微博")):
                i = j
                continue
            break
        if prev.word in ("”", "」") :
            j = i - 2
            while j >= 0 and tokens[j].word not in ("“", "「"):
                j -= 1
            if j >= 0 and prev.start - tokens[j].end <= 10:
                i = j
                continue
            break
        if prev.word in _INNER_PUNCT:
            if i >= 2 and prev.word in ("—", "－") and (_suffix_of(tokens[i - 2].word) is not None or
                                                      tokens[i - 2].word.endswith("分行")):
                break  # 加州大学伯克利分校—上海张江(集团)有限公司: a dash between two names
            if i >= 2 and _name_like(tokens[i - 2]):
                i -= 1
                continue
            break
        if prev.pos.startswith("v") and prev.pos != "vn" and tokens[i].pos == "ns" and i < k:
            break  # 申请留学/北京留学服务行业协会: verbs before a place are the clause's, not the name's
        if prev.pos.startswith("v") and prev.pos != "vn":
            # verbs inside a name only between name-like tokens: 协同创新产业基地,
            # 中央国债登记结算有限责任公司 (two verbs at most)
            j = i - 1
            while j > i - 3 and j >= 0 and tokens[j].pos.startswith("v") and tokens[j].pos != "vn":
                if not verbs or len(tokens[j].word) < 2 or tokens[j].word in _STOP_WORDS:
                    break
                j -= 1
            run_ok = all(len(t.word) >= 2 and t.word not in _STOP_WORDS for t in tokens[j + 1: i])
            if not verbs or not run_ok or j < 0 or j == i - 1 or not _name_like_at(tokens, j) \
                    or tokens[j].pos.startswith("v") and tokens[j].word not in _INNER_BUSINESS:
                break
            i = j
            continue
        if prev.word in _LEGAL_FORMS and not tokens[k].word.startswith("分"):
            break  # 江苏洛基木业有限公司/四川升达…: a whole name before another (but …有限公司北京分公司)
        if prev.word in _HOLDING_NOUNS or i < k and (kind_of_body(prev.word) or (
                prev.word in ("公司", "集团") and i >= 2 and kind_of_body(tokens[i - 2].word + prev.word))):
            # (a kind right before the legal form is part of the name: 韶关钢铁集团|有限公司)
            break  # 其子公司/华油集团, 物业公司/北京汇超…: a relation noun or a kind of body before a name is not part of it
        if prev.word in ("与", "和") and _UNIT_END.search(tokens[k].word) and i >= 3:
            # 中国社科院公共管理与政府政策研究所: a unit named by two fields joined by 与,
            # right after its parent's name
            j = i - 2
            while j >= 0 and tokens[j].pos in _FIELD_POS and tokens[j].word not in _STOP_WORDS \
                    and prev.start - tokens[j].start <= 6 and _suffix_of(tokens[j].word) is None:
                j -= 1
            if 0 <= j < i - 2 and (tokens[j].pos == "nt" or _suffix_of(tokens[j].word)) \
                    and tokens[j].word not in _HOLDING_NOUNS:
                i = j + 1
                continue
        if prev.word in ("和", "与") and _GOV_SUFFIX_END.search(tokens[k].word) and i >= 2 and i < k \
                and tokens[i - 2].pos in ("n", "vn") and len(tokens[i - 2].word) >= 2 and tokens[i].pos in ("n", "vn") \
                and not _GOV_SUFFIX_END.search(tokens[i - 2].word):  # (土地管理局和地质矿产局: two bodies)
            i -= 2  # 国土资源和房屋管理局, 发展和改革委员会: a government body named by two fields
            continue
        if not _name_like_at(tokens, i - 1):
            break
        i -= 1
    # a name does not start with an opening bracket or inner punctuation
    while i < k and (tokens[i].word in _INNER_PUNCT or tokens[i].word in ("（", "(", "“")):
        i += 1
    return i


def _specific(tokens: list[Token], i: int, k: int, suffix: str) -> bool:
    """True when the tokens before the suffix hold something name-specific."""
    words = [t.word for t in tokens[i:k]]
    last = tokens[k].word
    head = last[: len(last) - len(suffix)] if last.endswith(suffix) else last
    if head:
        words.append(head)
    if not words:
        return False
    return any(w not in _GENERIC and not w.isdigit() for w in words)


#: kinds of schools and hospitals jieba lists as organisation names (理工大学, 综合大学)
_KIND_SUFFIXES = frozenset("大学 学院 学校 中学 小学 医院".split())
_NAME_POS_BEFORE = frozenset("x nr nrt nrfg nz ns eng j".split())


def _dictionary_body(tokens: list[Token], i: int, k: int, suf: str) -> bool:
    """A whole token jieba's dictionary lists as an organisation (POS ``nt``)
    is one body even when its head is a common word: 建设银行, 农业银行,
    世界银行. Not a school or hospital (理工大学 is a kind), and not after a
    name that may be its head (代尔夫特理工大学)."""
    return i == k and tokens[k].pos == "nt" and suf not in _KIND_SUFFIXES and tokens[k].word not in _KIND_BODIES \
        and not (k > 0 and tokens[k - 1].pos in _NAME_POS_BEFORE)


#: kinds of bodies jieba lists as organisations: 商业银行 is what a bank is, not one
_KIND_BODIES = frozenset("商业银行 投资银行 中央银行 政策性银行 股份制银行 城市商业银行 农村商业银行 外资银行 "
                         "民营银行 村镇银行 国有银行 国有商业银行 保险公司 证券公司 基金公司 信托公司 上市公司 物业公司".split())


def _suffix_spans(text: str, tokens: list[Token], gaz: Gazetteer) -> list[Span]:
    out: list[Span] = []
    n = len(tokens)
    for k, tok in enumerate(tokens):
        if tok.pos == "w":
            continue
        cut = 0  # characters of a post glued to the suffix by the dictionary (协会会长)
        if tok.word in _JOINT_ORGANS:
            at = tok.start
            for organ in _JOINT_ORGANS[tok.word]:
                out.append(Span(at, at + len(organ), T.GovernmentBody, "suffix", organ, 0.75))
                at += len(organ)
            continue
        if tok.word in _GOV_MINISTRIES:
            suf, typ = tok.word, T.GovernmentBody
        else:
            hit = _suffix_of(tok.word)
            if tok.word.endswith(_TITLES):
                post = max((t for t in _TITLES if tok.word.endswith(t)), key=len)
                head = _suffix_of(tok.word[: -len(post)]) if len(tok.word) > len(post) else None
                if tok.word[: -len(post)] in _GOV_MINISTRIES:  # 中央政治局常委: a central organ and its post
                    head = tok.word[: -len(post)], T.GovernmentBody
                elif head is None or head[0] != tok.word[: -len(post)]:
                    continue  # (政治局常委 is a post, not a committee)
                hit, cut = head, len(post)  # 广州市律师/协会会长: the body ends before the post
            if hit is None or tok.word in _HOLDING_NOUNS:
                continue  # (全资子公司 is a relation, not a name)
            suf, typ = hit
            # the suffix must be the token's tail and the token a noun-ish word
            if tok.pos.startswith("v") and tok.pos != "vn" and tok.word != "控股":
                continue
            if tok.word == "控股" and k + 1 < n and tokens[k + 1].word == "的" and k > 0 and (
                    tokens[k - 1].pos == "nt" or _suffix_of(tokens[k - 1].word)):
                continue  # 民生银行控股的民生加银: after a whole name 控股 is the verb (but 开源控股的董事)
            if tok.word.endswith(_FALSE_ENDINGS):
                continue
            if tok.word in _FALSE_SUFFIX and not (k > 0 and _name_like(tokens[k - 1]) and tok.word in ("中心", "园区")):
                continue
        # a longer name continues right after (研究院 + 有限公司, 中心 + 协会理事): let it end there
        if k + 1 < n and (tokens[k + 1].word in _SUFFIX_TYPES or _suffix_and_post(tokens[k + 1].word)):
            continue
        organ = tok.word[: len(tok.word) - cut] in _GOV_MINISTRIES  # a central body (with its post glued on)
        if organ:
            # a ministry's name is the word; only a country or region before it belongs to it (中国卫生部, 澳门审计署)
            i = k - 1 if k and (tokens[k - 1].word in _ORGAN_PREFIX or tokens[k - 1].pos == "ns") else k
        else:
            i = _grow_left(tokens, k, verbs=True)
        if suf in _UNIT_SUFFIXES:
            # 专家解读主要打击炒房行为北京中原三级市场研究部: a unit's name starts at the last place
            # after a verb or an adjective (a headline glued on), not before it
            places = [p for p in range(i + 1, k) if gaz.lookup(tokens[p].word)
                      and any(t.pos[0] in "vad" and t.pos != "vn" for t in tokens[i:p])]
            if places:
                i = places[-1]
            if not any(t.pos in _NAME_POS_BEFORE or t.pos == "nt" or _suffix_of(t.word) for t in tokens[i:k]):
                continue  # 市场研究部: a unit of no named body
        if i >= 3 and tokens[i - 1].word in (")", "）") and tokens[i - 2].word.endswith(("博客", "微博")):
            continue  # 世华地产(世华地产博客)市场研究部: a site's blog label cut the name; its start is unknown
        while i < k and (tokens[i].word in _ROLE_NOUNS or tokens[i].word == "方" and tokens[i - 1].word in _ROLE_NOUNS):
            i += 1  # 供应商天宇旅游有限公司, 股东方商业银行: the role is the clause's
        # 渝北区重庆嘉泰…: a district written before a name that starts with its city
        if i + 1 < k and tokens[i].word.endswith(("区", "县")) and tokens[i + 1].pos == "ns":
            i += 1
        if not organ and not _dictionary_body(tokens, i, k, suf) \
                and not _specific(tokens, i, k, suf):
            continue
        if not organ and (i > 0 and tokens[i - 1].word in _KIND_BEFORE or any(t.word in _VAGUE for t in tokens[i:k])):
            continue  # 多家广州移民公司, 北京内部公司: a kind of body, not one
        start, end = tokens[i].start, tok.end - cut
        if text.startswith("任", start) and start > 0 and text[start - 1] in "曾现兼出担接历升调":
            start += 1  # 曾任温县政府办公室: jieba glued the verb's 任 onto the place (任温)
        seat = _SEAT_AFTER.match(text, end) if not cut else None
        if seat and gaz.lookup(seat.group(1)):
            end = seat.end()  # 电子科技大学区块链与密码学研究中心（重庆）: the seat in brackets is part of the name
        name = text[start:end]
        if typ is T.Company and len(name) - len(suf) < 2 and not organ:
            continue  # 距公司: one character before 公司 is no company's name
        if not organ and (len(name) < 3 or len(name) <= len(suf)) or kind_of_body(name) \
                or name.endswith(_FALSE_ENDINGS) or _NOT_IN_NAME.search(name):
            continue
        if k + 1 < n and tok.word + tokens[k + 1].word in _LONGER_WORDS:
            continue  # 深圳中心/城区: 中心城区 is a part of a city
        if suf in ("公司", "证券", "基金公司") and k > i and gaz.lookup(tokens[i].word) and all(
                t.word in ("基金", "证券") for t in tokens[i + 1:k]) and tok.word in ("公司", "证券", "基金公司"):
            continue  # 香港公司, 广州基金公司: a kind of company in a place
        if suf == "项目" and (tok.word != "项目" or k == i) or suf == "项目" and not (
            tokens[k - 1].word == "”" or tokens[k - 1].pos in ("ns", "nz", "x", "eng", "nt", "nr", "j")
        ):
            continue  # 重点项目, 招商引资项目: descriptions, not names
        if name.count("“") != name.count("”") or name.count("（") != name.count("）"):
            continue
        if suf == "新区" and (any(gaz.lookup(name[j:]) for j in range(len(name) - 2)) or not all(
                t.pos in _NAME_POS_BEFORE for t in tokens[i:k])):
            continue  # 浦东新区 is a district; 同名新区, 复合新区 are descriptions; 两江新区 is a park
        out.append(Span(start, end, typ, "suffix", name, 0.75))
    return out


#: what a fund management company does or has (国泰基金聘任…, 信诚基金发布公告, 鹏华基金总经理)
_FUND_HOUSE_AFTER = frozenset("聘任 任命 聘请 发布 发布公告 公告 宣布 旗下 总经理 副总经理 董事长 副董事长 总裁 副总裁 "
                              "督察长 投资总监".split())
_FUND_HEAD_POS = frozenset("x nz nr nrt ns nt j eng".split())


def _fund_house_spans(text: str, tokens: list[Token]) -> list[Span]:
    """A fund management company named by its brand and 基金 (国泰基金,
    信达澳银基金): 基金 alone also ends a fund's name (嘉实量化基金), so only
    where the next word is what a company does or has, and the head is a
    name (not 该基金, 货币基金)."""
    out: list[Span] = []
    for k, tok in enumerate(tokens[:-1]):
        if tok.word != "基金" or k == 0 or tokens[k + 1].word not in _FUND_HOUSE_AFTER:
            continue
        i = _grow_left(tokens, k, limit=10)
        while i < k and tokens[i].pos not in _FUND_HEAD_POS:
            i += 1  # 2月5日信诚基金, 像鹏华基金: a date or a word before the brand
        if not 1 <= k - i <= 2 or not _specific(tokens, i, k, "基金"):
            continue  # a brand is one or two words (中银, 景顺长城); more is a phrase
        name = text[tokens[i].start:tok.end]
        if _NOT_IN_NAME.search(name):
            continue
        out.append(Span(tokens[i].start, tok.end, T.Company, "fund-house", name, 0.7))
    return out


def _inside_title(text: str, pos: int) -> bool:
    """True when ``pos`` is inside 《…》 (a book, film or document title)."""
    return text.rfind("《", 0, pos) > text.rfind("》", 0, pos)


def _region_spans(text: str, tokens: list[Token], gaz: Gazetteer) -> list[Span]:
    out: list[Span] = []
    n = len(tokens)
    for k, tok in enumerate(tokens):
        cands = gaz.lookup(tok.word)
        if not cands:
            continue
        full = any(c.name == tok.word for c in cands)
        upper = all(c.level in ("province", "city") for c in cands)
        nxt = tokens[k + 1].word if k + 1 < n else ""
        if not full and not upper:
            # a district's short name (合川) alone is a region only before a
            # sub-region (沙坪坝泉景社区); otherwise it is part of another name
            if not any(nxt.endswith(s) for s in _SUB_REGION) and not (
                k + 2 < n and tokens[k + 2].word in _SUB_REGION
            ):
                continue
        if len(tok.word) < 2 or tok.word in _GENERIC_REGIONS:
            continue
        after = text[tok.end: tok.end + 2]
        before = text[max(0, tok.start - 3): tok.start]
        # not a place: 北京时间, a team (辽宁队, 战胜了广东, 辽宁主场)
        if after.startswith(_NOT_PLACE_AFTER) or before.endswith(_SPORT_BEFORE) or after.startswith(_SPORT_AFTER) \
                or _SPORT_LIST_BEFORE.search(text, max(0, tok.start - 30), tok.start):
            continue  # (战胜了广东、八一、上海这样的强队: every team of the list)
        if _SCORE_AFTER.match(text, tok.end) or _inside_title(text, tok.start):
            continue  # a team with its score; 《南京！南京！》 is a film
        word, end = tok.word, tok.end
        if word.endswith("市") and text.startswith("场", tok.end) and gaz.lookup(word[:-1]):
            word, end = word[:-1], tok.end - 1  # 上海市场 is 上海 + 市场
            cands = gaz.lookup(word)
        code = cands[0].code if len(cands) == 1 else None
        span = Span(tok.start, end, T.AdminRegion, "region", word, 0.95 if full else 0.85, code)
        out.append(span)
        # a street, town or community right after: 开州区赵家街道, 沙坪坝泉景社区
        for m in range(k + 1, min(k + 4, n)):
            w = tokens[m].word
            if any(w.endswith(s) for s in _SUB_REGION):
                inner = text[tokens[k + 1].start: tokens[m].end]
                if 3 <= len(inner) <= 7 and all(_name_like(t) for t in tokens[k + 1: m + 1]) and not gaz.lookup(inner) \
                        and not any(t.word in _GENERIC_PLACE_WORDS for t in tokens[k + 1: m + 1]):
                    out.append(Span(tok.start, tokens[m].end, T.AdminRegion, "sub-region",
                                    text[tok.start: tokens[m].end], 0.8))
                break
            if tokens[m].pos == "w" or not _name_like(tokens[m]):
                break
    return out


def _enumeration_spans(text: str) -> list[Span]:
    out: list[Span] = []
    for rx, rule in ((_ENUM_REPRESENTATIVE, "enum-representative"), (_ENUM_CLUSTER, "enum-cluster")):
        for m in rx.finditer(text):
            pos = m.start(1)
            for item in m.group(1).split("、"):
                s = pos
                pos += len(item) + 1
                item_clean = item.strip()
                if not (2 <= len(item_clean) <= 10) or any(ch in item_clean for ch in "等的了和及在"):
                    continue
                if item_clean in _GENERIC or item_clean.isdigit():
                    continue
                out.append(Span(s, s + len(item), suffix_type(item_clean) or T.Company, rule, item_clean, 0.6))
    return out


def _person_spans(text: str, tokens: list[Token]) -> list[Span]:
    out: list[Span] = []
    for k, tok in enumerate(tokens):
        if tok.word.endswith(_TITLES) or tok.word in _APPOINT:
            start, j = tok.end, k + 1
            if tok.word.endswith(_TITLES) and j + 1 < len(tokens) and tokens[j].word == "是" \
                    and tokens[j + 1].pos in ("nr", "nrt", "nrfg", "x"):
                start, j = tokens[j].end, j + 1  # 工银瑞信的董事长是杨凯生 (not 董事是华润的代表)
            while j < len(tokens) and tokens[j].pos == "w" and not tokens[j].word.strip():
                start, j = tokens[j].end, j + 1  # （记者 聂巧）: a space before the name
            rest = text[start:]
            m = _PERSON_AFTER.match(rest)
            nxt = tokens[j] if j < len(tokens) else None
            if nxt is not None and nxt.pos in ("v", "vn") and len(nxt.word) >= 2 and nxt.word[0] == rest[:1] \
                    and nxt.end - start >= 2 and nxt.pos != "nr":
                continue  # 总经理任职公告: a word of the dictionary, not a name
            if m and m.group(1)[0] in _SURNAMES and not _NOT_A_NAME.search(m.group(1)):
                name = m.group(1)
                # the name ends where a word ends: 左红/近日 gives 左红, not 左红近
                ends = {t.end for t in tokens}
                if len(name) == 3 and start + 3 not in ends and start + 2 in ends:
                    name = name[:2]
                else:
                    name = person_name(name)
                dot = start + len(name)
                if text[dot: dot + 1] in ("·", "•") and len(name) in (2, 3):
                    # 罗夫•林巴赫, 詹姆斯·瓦伦丁: a foreign name in two parts, the second up to a word's end
                    after = [t for t in tokens if t.start > dot]
                    part = ""
                    for t in after:
                        if t.start != dot + 1 + len(part) or t.pos not in ("nr", "nrt", "nrfg", "x", "nz", "ng") \
                                or len(part) + len(t.word) > 6:
                            break
                        part += t.word
                    if len(part) >= 2:
                        name = text[start: dot + 1] + part
                if len(name) == 3 and name[-1] in "的地得":
                    name = name[:2]  # 分析师洪枫的测算: a particle ends no name
                elif len(name) == 3 and name[-1] in "和与及" and text[start + 3: start + 4] in _SURNAMES:
                    name = name[:2]  # 基金经理是陶羽和王永宏: two persons (安保和对外: one)
                elif len(name) == 3 and (name[-1] in NOT_NAME_END or name[-1] in NOT_NAME_END_WORD
                                         and start + 2 in {t.start for t in tokens}):
                    name = name[:2]  # 部长陈竺率团, 司长金琦已出任: the word after the name (李晓均 is one)
                out.append(Span(start, start + len(name), T.Person, "person-title", name, 0.7))
    m = re.match(r"^([\u4e00-\u9fff]{2,3})[：:]", text)
    if m and m.group(1)[0] in _SURNAMES:
        out.append(Span(0, len(m.group(1)), T.Person, "person-speaker", m.group(1), 0.6))
    return out


#: an industry word that ends a company's short name (招商地产, 格力电器): only a name before a post
_INDUSTRY_WORDS = frozenset(
    "地产 置业 传媒 家具 地板 家居 建材 科技 汽车 电器 电气 医药 药业 电子 能源 物流 装饰 网络 软件 通信 "
    "实业 投资 控股 股份 保险 信托 航空 钢铁 化工 食品 乳业 酒业 服饰 百货 商业 传播 影视 娱乐 机械 重工 矿业 "
    "环保 光电 生物 水务 燃气 基金 证券 资本 资产 创投 传媒集团 文化 体育 游戏 互动 数码 通讯 制药 纸业 化学 "
    "经纪 橱柜 陶瓷 卫浴 涂料 门窗 厨电 家电 家纺 服装 鞋业 珠宝 餐饮 酒店 旅游 置地 物业 租赁".split())
#: industry words that after a brand name a company wherever they stand (格力电器, 招商地产)
_COMPANY_INDUSTRY_WORDS = frozenset("地产 置业 电器 药业 制药 传媒 乳业 酒业 纸业 重工 矿业 钢铁 航空".split())
#: a brand by itself: an unknown word, a proper noun, an abbreviation (not a place or a person)
_STRONG_BRAND_POS = frozenset("x nz nt j".split())
#: first characters of an unknown word that are a function word glued onto a name
_GLUED_FUNCTION = frozenset("这那但为从在与和及比把被对向将已也又还就都是由像如让给使自而")
#: words before a brand that may be the first part of its name
_BRAND_BEFORE = frozenset("x nz nt j ns nr n eng".split())
#: posts only a company's officers hold (not 主席, 主任: parties and offices have those)
_BRAND_OFFICER_POSTS = frozenset("董事长 副董事长 总裁 副总裁 首席执行官 CEO 总经理 副总经理 创始人".split())
#: posts of a company's officers
_OFFICER_POSTS = ("董事长", "副董事长", "总经理", "副总经理", "总裁", "副总裁", "首席执行官", "CEO",
                  "执行董事", "董事", "总监", "首席", "营销总监", "市场总监")
#: a brand before an industry word (not a place: 中国体育市场总监 is a sector of the company named before it)
_BRAND_POS = frozenset("x nr nrt nrfg nz nt j eng".split())


def _brand_company_spans(text: str, tokens: list[Token]) -> list[Span]:
    """A company named by its brand and industry: right before an officer's
    post and a name (招商地产副总经理杨志光, 银润传媒的董事长陈向荣: rule
    ``officer-company``), or anywhere for the industry words only companies
    end with after a brand that is an unknown or proper word (恒盛地产, 国美电器:
    ``brand-industry``). The industry word alone ends no name (新能源汽车); a
    place is no brand. Before a post the brand may also be a noun at the start
    of a clause or list (、招商/地产)."""
    out: list[Span] = []
    for k in range(len(tokens) - 2):
        # a brand alone right before an officer's post and a name: 鸿海董事长郭台铭, 万科董事长王石
        tok, post, who = tokens[k], tokens[k + 1], tokens[k + 2]
        if tok.pos in _STRONG_BRAND_POS and 2 <= len(tok.word) <= 6 and post.word in _BRAND_OFFICER_POSTS \
                and who.pos in ("nr", "nrfg", "x") and len(who.word) in (2, 3) and _name_like(tok) \
                and not (tok.pos == "x" and tok.word[0] in _GLUED_FUNCTION) and _suffix_of(tok.word) is None \
                and tok.word not in _GOV_MINISTRIES and not tok.word.isascii() and not tok.word.endswith("区") \
                and (k == 0 or tokens[k - 1].pos not in _BRAND_BEFORE):  # (国安/家美: the brand is longer)
            out.append(Span(tok.start, tok.end, T.Company, "officer-company", tok.word, 0.65))
    for k in range(1, len(tokens) - 2):
        ind = tokens[k]
        if ind.word not in _INDUSTRY_WORDS:
            continue
        j = k + 1 + (tokens[k + 1].word == "的")
        brand = tokens[k - 1]
        officer = j + 1 < len(tokens) and tokens[j].word.startswith(_OFFICER_POSTS) \
            and tokens[j + 1].pos in ("nr", "nrfg", "x") and len(tokens[j + 1].word) in (2, 3)
        if not officer and not (brand.pos in _STRONG_BRAND_POS and ind.word in _COMPANY_INDUSTRY_WORDS
                                and len(brand.word) >= 2 and not brand.word.isascii()):
            continue
        before = tokens[k - 2].word if k >= 2 else "，"
        if brand.pos == "x" and brand.word[0] in _GLUED_FUNCTION:
            continue  # 这比恒盛/地产, 为恒大/地产: jieba glued a function word onto the brand
        if len(brand.word) < 2 or brand.word in _STOP_WORDS or _suffix_of(brand.word) or not (
                brand.pos in _BRAND_POS or brand.pos == "n" and before in ("，", "、", "。", "：", "；", "和", "与", "及")):
            continue
        name = text[brand.start:ind.end]
        if _NOT_IN_NAME.search(name):
            continue
        out.append(Span(brand.start, ind.end, T.Company, "officer-company" if officer else "brand-industry", name, 0.7))
    return out


#: a photo credit after an outlet: 中新社发董乃德摄, 新华社记者王鹏摄
_PHOTO_CREDIT = re.compile(r"(?:记者|发)\s?([\u4e00-\u9fff]{2,3})\s?摄")


@cache
def _media_pattern() -> re.Pattern:
    """The news outlets of ``data/media.tsv`` as one pattern: names and longer
    short names anywhere, two-character short names only before a byline word."""
    full: list[str] = []
    short: list[str] = []
    path = resources.files("zhkg.extract") / "data" / "media.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, _, rest = line.partition("\t")
        full.append(name)
        for alias in filter(None, rest.split(",")):
            (short if len(alias) <= 2 else full).append(alias)
    names = "|".join(map(re.escape, sorted(full, key=len, reverse=True)))
    shorts = "|".join(map(re.escape, sorted(short, key=len, reverse=True)))
    return re.compile(f"({names})|({shorts})(?=(?:实习|见习|特约|首席|驻\\w{{1,4}})?记者|讯|报道|发|电|消息)")


def _media_spans(text: str) -> list[Span]:
    """News outlets named in a sentence (东方早报, 中新社, 每经 before 记者): a
    byline or a credit names the paper a reporter works for, and a headline
    often runs into it (…跑赢指数东方早报记者肖莉)."""
    out = []
    for m in _media_pattern().finditer(text):
        out.append(Span(m.start(), m.end(), T.Institution, "media", m.group(0), 0.9))
        credit = _PHOTO_CREDIT.match(text, m.end())  # 中新社发董乃德摄: the photographer
        if credit and credit.group(1)[0] in _SURNAMES:
            out.append(Span(credit.start(1), credit.end(1), T.Person, "credit", credit.group(1), 0.8))
    return out


def _ministry_head_spans(tokens: list[Token]) -> list[Span]:
    """A ministry written once for itself and its head's post: 商务部长陈德铭 is
    商务部 and 部长 sharing 部 (jieba keeps 商务部长 as one word)."""
    out = []
    for tok in tokens:
        if tok.word.endswith("长") and tok.word[:-1] in _GOV_MINISTRIES:  # one dictionary word: 商务部长, 外交部长
            out.append(Span(tok.start, tok.end - 1, T.GovernmentBody, "ministry-head", tok.word[:-1], 0.85))
    return out


def _with_place_before(text: str, tokens: list[Token], gaz: Gazetteer, m: Span) -> Span:
    """An outlet's span grown over the place word right before it, if there is one (a
    transliterated name counts: 休斯顿)."""
    prev = next((t for t in tokens if t.end == m.start), None)
    if prev is None or len(prev.word) < 2 or prev.pos not in ("ns", "nrt"):  # (not the gazetteer: 合作 is a city)
        return m
    return Span(prev.start, m.end, m.type, m.rule, text[prev.start:m.end], m.confidence)


def find_spans(text: str, tokens: list[Token], gaz: Gazetteer) -> list[Span]:
    """Entity spans of one sentence, non-overlapping, sorted by start.

    Examples
    --------
    >>> from zhkg.extract.segment import Segmenter
    >>> from zhkg.extract.gazetteer import load_gazetteer
    >>> s = "重点走访了重庆嘉利华食品有限公司等企业"
    >>> [(x.name, x.type.value) for x in find_spans(s, Segmenter().tokens(s), load_gazetteer())]
    [('重庆嘉利华食品有限公司', 'Company')]
    """
    media = _media_spans(text)
    spans = _suffix_spans(text, tokens, gaz) + _region_spans(text, tokens, gaz)
    spans += _enumeration_spans(text) + _person_spans(text, tokens) + _fund_house_spans(text, tokens)
    spans += _brand_company_spans(text, tokens) + _ministry_head_spans(tokens)
    # a paper's name is known exactly: a span grown over a headline into it
    # (…跑赢指数东方早报) gives way below; a place right before it is the
    # paper's own (休斯顿华夏时报, 香港文汇报)
    media = [_with_place_before(text, tokens, gaz, m) for m in media]
    spans += [b for b in _byline_spans(text, tokens) if not any(b.start < m.end and m.start < b.end for m in media)]
    spans = [s for s in spans if not any(s.start < m.start < s.end or s.start < m.end < s.end for m in media)
             or s.type is T.Person] + media
    return select_spans(spans)


_BYLINE_AFTER = re.compile(r"讯|[(（]?(?:首席)?记者")
#: a dateline after a news agency or paper: 新华社北京8月18日电, 中广网北京3月5日消息
DATELINE = re.compile(r"[\u4e00-\u9fff]{0,8}?(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:电|讯|消息)")


def _byline_spans(text: str, tokens: list[Token]) -> list[Span]:
    """A paper named in a byline: 证券时报记者张若斌, 投资者报(记者申俊龙),
    21世纪经济报道 is not one; 本报讯 names no paper."""
    out: list[Span] = []
    for k, tok in enumerate(tokens):
        if tok.word.endswith(("社", "网")) and len(tok.word) >= 3 and tok.pos in ("nt", "nz", "n", "x", "j") \
                and (DATELINE.match(text, tok.end) or tok.pos != "n" and _BYLINE_AFTER.match(text, tok.end)) \
                and not _NOT_IN_NAME.search(tok.word.replace("新华社", "").replace("新华网", "")):
            start = tokens[k - 1].start if k and tokens[k - 1].word in ("中国", "中华") else tok.start  # 中国经济网
            out.append(Span(start, tok.end, T.Institution, "byline", text[start:tok.end], 0.8))  # 新华社北京8月18日电
            continue
        if not tok.word.endswith("报") or not _BYLINE_AFTER.match(text, tok.end):  # 时报, 日报, 投资者报
            continue
        i = k
        # a paper the dictionary knows (证券时报, 南方日报) is one word; a headline
        # often runs into the byline, so the name grows left by little
        grow = 2 if tok.word == "报" else 1 if len(tok.word) == 2 else 0
        # before 晚报/日报/时报 a place or a proper name, not an unknown word (两面缘成就六纸情/晚报记者)
        pos_ok = ("nz", "ns", "nt", "j") if len(tok.word) == 2 else ("n", "nz", "ns", "nt", "x", "j", "l", "b")
        while i > 0 and k - i < grow and tokens[i - 1].pos in pos_ok \
                and tokens[i - 1].word not in _STOP_WORDS and tokens[i - 1].word[0] not in "本该我据":
            i -= 1
        name = text[tokens[i].start: tok.end]
        if i == k and len(tok.word) <= 2 or len(name) < 3 or name[0] in "本该我据" or _NOT_IN_NAME.search(name):
            continue  # 本报, 日报: no paper's name
        out.append(Span(tokens[i].start, tok.end, T.Institution, "byline", name, 0.8))
    return out


def select_spans(spans: list[Span]) -> list[Span]:
    """Keep the longest of overlapping spans (ties: higher confidence, earlier)."""
    chosen: list[Span] = []
    taken: list[tuple[int, int]] = []
    for sp in sorted(spans, key=lambda s: (-(s.end - s.start), -s.confidence, s.start)):
        if any(sp.start < e and s < sp.end for s, e in taken):
            continue
        chosen.append(sp)
        taken.append((sp.start, sp.end))
    return sorted(chosen, key=lambda s: s.start)


def find_aliases(text: str, spans: list[Span]) -> list[tuple[Span, Span]]:
    """以下简称 declarations right after a span: ``(full, short)`` pairs.

    >>> full = Span(0, 10, T.Company, "suffix", "重庆传音科技有限公司")
    >>> [(f.name, s.name) for f, s in find_aliases("重庆传音科技有限公司（以下简称传音）建设", [full])]
    [('重庆传音科技有限公司', '传音')]
    """
    out = []
    for sp in spans:
        if sp.type in (T.AdminRegion, T.Person):
            continue
        m = _ALIAS_DECL.match(text, sp.end)
        if m:
            s = m.start(1)
            out.append((sp, Span(s, m.end(1), sp.type, "alias-declared", m.group(1), 0.95)))
    return out


def find_declared(text: str, tokens: list[Token], known: dict[str, T], spans: list[Span]) -> list[Span]:
    """Occurrences of names already known in this document, on token bounds."""
    if not known:
        return []
    starts = {t.start for t in tokens}
    ends = {t.end for t in tokens}
    taken = [(s.start, s.end) for s in spans]
    out: list[Span] = []
    for name, typ in sorted(known.items(), key=lambda kv: -len(kv[0])):
        pos = text.find(name)
        while pos >= 0:
            end = pos + len(name)
            if pos in starts and end in ends and not any(pos < e and s < end for s, e in taken):
                out.append(Span(pos, end, typ, "declared", name, 0.7))
                taken.append((pos, end))
            pos = text.find(name, end)
    return out
