"""A character-level CRF named-entity tagger (python-crfsuite).

Each character of a text is one CRF item. Its features are the characters and
character n-grams in a window of two, the position (B/M/E/S) of the character
in its jieba word with the word's dictionary POS, the word itself and its
neighbours, organisation-suffix lexicon hits (有限公司, 集团, 局, 委, 院,
大学, 中心, 协会, ...) at and ahead of the character, region gazetteer
hits, runs of transliteration characters (贝克汉姆), and a lexicon of the
names seen in training (learnt across folds, so that the model learns how far
to trust a match it was not trained on). Tags are BIOES (``B-Company``,
``I-``, ``E-``, ``S-``, ``O``), derived from half-open spans by
:func:`spans_to_tags` and decoded back by :func:`tags_to_spans`, an exact
inverse pair.

The model is trained on CLUENER (see :mod:`zhkg.extract.corpora`) by
:func:`train_ner` with fixed parameters (L-BFGS is deterministic), shipped as
``data/ner.crfsuite`` with its lexicon ``data/ner.names.tsv`` and loaded
once per process by :func:`load_ner_model`.
Rebuild it with ``zhkg train-ner`` or ``python -m zhkg.extract.crf train``.

Examples
--------
>>> spans = [(0, 2, EntityType.AdminRegion), (2, 8, EntityType.GovernmentBody)]
>>> tags = spans_to_tags(8, spans)
>>> tags[:3]
['B-AdminRegion', 'E-AdminRegion', 'B-GovernmentBody']
>>> tags_to_spans(tags) == spans
True
"""
from __future__ import annotations

import argparse
import logging
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from .corpora import NerExample, cluener_path, cluener_splits
from .schema import EntityType
from .segment import unknown_word_tag

__all__ = [
    "NER_TYPES",
    "ORG_SUFFIXES",
    "TRAIN_PARAMS",
    "Span",
    "SourcedSpan",
    "PRF",
    "NerEvaluation",
    "NerModel",
    "FeatureExtractor",
    "spans_to_tags",
    "tags_to_spans",
    "model_path",
    "lexicon_path",
    "NameLexicon",
    "TRANSLIT_CHARS",
    "load_ner_model",
    "train_ner",
    "evaluate_ner",
    "combine_mentions",
    "combined_tagger",
]

log = logging.getLogger(__name__)

Span = tuple[int, int, EntityType]
SourcedSpan = tuple[int, int, EntityType, str]

#: Entity types the model tags (those CLUENER annotates).
NER_TYPES: tuple[EntityType, ...] = (
    EntityType.Company,
    EntityType.GovernmentBody,
    EntityType.Institution,
    EntityType.Person,
    EntityType.AdminRegion,
)

#: Name-final words that mark an organisation (or a place), with the kind they
#: suggest. A feature, not a rule: the CRF learns how far to trust each.
ORG_SUFFIXES: dict[str, str] = {
    **dict.fromkeys(
        "有限公司 股份有限公司 有限责任公司 公司 集团 集团公司 控股 银行 证券 保险 基金 信托 "
        "科技 实业 股份 传媒 影业 工作室 娱乐 电器 电子 汽车 酒店 航空 地产 置业 网络 "
        "商场 超市 百货 药业 制药 能源 物流 食品 俱乐部 游戏 厂".split(),
        "co",
    ),
    **dict.fromkeys(
        "局 委 委员会 部 厅 办 署 政府 人民政府 法院 人民法院 检察院 人民检察院 公安 公安局 "
        "派出所 管委会 办公室 监管局 管理局 海关 国务院 人大 政协 大队 支队 总队 军区 "
        "纪委 监委 税务局 工商局 发改委 经信委 商务部 外交部 财政部 教育部".split(),
        "gov",
    ),
    **dict.fromkeys(
        "院 研究院 研究所 所 大学 学院 中学 小学 学校 中心 协会 学会 基金会 医院 队 联盟 联合会 "
        "组委会 商会 博物馆 电视台 报 日报 晚报 杂志 杂志社 出版社 实验室 图书馆 "
        "委员会 理事会 基地 联赛 足协 篮协 工会 团".split(),
        "inst",
    ),
    **dict.fromkeys(
        "省 市 区 县 镇 乡 村 路 街 街道 号 大道 小区 广场 大厦 花园 社区 州 岛 国".split(),
        "loc",
    ),
}
#: Characters common in transliterated foreign names (贝克汉姆, 卡兹马诺维奇).
TRANSLIT_CHARS = frozenset(
    "阿埃艾安奥巴拜班邦贝本比彼宾波伯布达戴丹德迪蒂杜多厄恩法菲费芬弗福盖冈戈格古哈海汉赫亨胡华霍"
    "基吉加贾杰捷金卡凯坎康科克库夸奎拉莱兰朗劳勒雷里利莉列林卢鲁伦罗洛马迈麦曼梅门蒙米明莫姆穆"
    "纳奈内尼努诺帕佩蓬皮普奇齐乔切丘萨塞森桑沙舍什斯松苏索塔泰坦汤特提图托瓦威维温沃乌西希谢辛休"
    "雅亚扬耶伊因尤约泽扎詹兹佐"
)
_TRANSLIT_RUN = re.compile("[" + re.escape("".join(sorted(TRANSLIT_CHARS))) + "]{2,}")
_MAX_SUFFIX = max(map(len, ORG_SUFFIXES))
_LOOKAHEAD = 10  # characters to look ahead for a suffix
_STOP = set("，。、；：！？,.;:!?（）()《》“”\"' \t\n\r　【】[]「」")

#: Fixed training parameters: ``python -m zhkg.extract.crf train`` uses these.
TRAIN_PARAMS: dict[str, object] = {
    "algorithm": "lbfgs",
    "c1": 0.3,
    "c2": 0.01,
    "max_iterations": 150,
    "feature.minfreq": 2,
    "feature.possible_transitions": True,
}


def spans_to_tags(length: int, spans: Iterable[Span]) -> list[str]:
    """BIOES tags for a text of ``length`` characters holding ``spans``.

    Parameters
    ----------
    length : int
        Number of characters of the text.
    spans : iterable of (start, end, EntityType)
        Half-open, non-empty, non-overlapping spans within the text.

    Returns
    -------
    list of str
        One tag per character: ``O``, or ``B-``/``I-``/``E-``/``S-`` and the type.

    Raises
    ------
    ValueError
        If a span is empty, out of range or overlaps another.

    Examples
    --------
    >>> spans_to_tags(4, [(1, 2, EntityType.Person), (2, 4, EntityType.Company)])
    ['O', 'S-Person', 'B-Company', 'E-Company']
    """
    tags = ["O"] * length
    for start, end, etype in sorted(spans):
        if not 0 <= start < end <= length:
            raise ValueError(f"span ({start}, {end}) out of range for length {length}")
        if any(t != "O" for t in tags[start:end]):
            raise ValueError(f"span ({start}, {end}, {etype}) overlaps another span")
        name = EntityType(etype).value
        if end - start == 1:
            tags[start] = f"S-{name}"
        else:
            tags[start] = f"B-{name}"
            for i in range(start + 1, end - 1):
                tags[i] = f"I-{name}"
            tags[end - 1] = f"E-{name}"
    return tags


def tags_to_spans(tags: Sequence[str]) -> list[Span]:
    """Half-open spans from BIOES tags; the inverse of :func:`spans_to_tags`.

    Well-formed tags decode exactly. Ill-formed ones (which a CRF can emit)
    decode leniently: ``I``/``E`` without a matching open span start one, and
    an open span ends at ``O``, at a change of type, or at the end.

    Parameters
    ----------
    tags : sequence of str

    Returns
    -------
    list of (start, end, EntityType)

    Examples
    --------
    >>> tags_to_spans(['B-Person', 'E-Person', 'O', 'S-AdminRegion'])
    [(0, 2, <EntityType.Person: 'Person'>), (3, 4, <EntityType.AdminRegion: 'AdminRegion'>)]
    """
    out: list[Span] = []
    start = -1
    cur: str | None = None
    for i, tag in enumerate(tags):
        if tag == "O":
            if cur is not None:
                out.append((start, i, EntityType(cur)))
                cur = None
            continue
        mark, _, name = tag.partition("-")
        if mark in ("B", "S") or name != cur:
            if cur is not None:
                out.append((start, i, EntityType(cur)))
            start, cur = i, name
        if mark in ("E", "S"):
            out.append((start, i + 1, EntityType(cur)))
            cur = None
    if cur is not None:
        out.append((start, len(tags), EntityType(cur)))
    return out


def _char_class(c: str) -> str:
    if "\u4e00" <= c <= "\u9fff":
        return "H"
    if c.isdigit():
        return "D"
    if c.isascii() and c.isalpha():
        return "L"
    if c in _STOP:
        return "P"
    return "X"


class NameLexicon:
    """Names seen in training, each with its most frequent label.

    :meth:`marks` finds them in a text, longest match first, left to right,
    and gives each character of a match ``dx=B-<label>``, ``dx=I-...`` or
    ``dx=E-...``; a feature, so the CRF learns how far to trust a match.

    Examples
    --------
    >>> lex = NameLexicon({"浙商银行": "Company", "浙商": "Person"})
    >>> lex.marks("在浙商银行")
    ['dx=-', 'dx=B-Company', 'dx=I-Company', 'dx=I-Company', 'dx=E-Company']
    """

    def __init__(self, names: dict[str, str]):
        self.names = {n: lab for n, lab in names.items() if len(n) >= 2}
        self._prefixes = {n[:k] for n in self.names for k in range(2, len(n))}

    @classmethod
    def from_examples(cls, examples: Iterable[NerExample]) -> NameLexicon:
        """The lexicon of every gold span (dropped CLUENER labels included)."""
        counts: dict[str, dict[str, int]] = {}
        for ex in examples:
            for s, e, lab in (*ex.spans, *ex.other):
                c = counts.setdefault(ex.text[s:e], {})
                c[str(lab)] = c.get(str(lab), 0) + 1
        return cls({n: max(sorted(c), key=c.__getitem__) for n, c in counts.items()})

    @classmethod
    def read(cls, path: Path) -> NameLexicon:
        """Read a ``name<TAB>label`` file."""
        names: dict[str, str] = {}
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                name, _, lab = line.rstrip("\n").partition("\t")
                if name and lab:
                    names[name] = lab
        return cls(names)

    def write(self, path: Path) -> None:
        """Write a ``name<TAB>label`` file, sorted (atomically)."""
        tmp = Path(path).with_name(Path(path).name + ".tmp")
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            for name in sorted(self.names):
                fh.write(f"{name}\t{self.names[name]}\n")
        tmp.replace(path)

    def marks(self, text: str) -> list[str]:
        """One ``dx=`` feature per character of ``text``."""
        n = len(text)
        out = ["dx=-"] * n
        names, pre = self.names, self._prefixes
        i = 0
        while i < n - 1:
            best = 0
            j = i + 2
            while j <= n:
                s = text[i:j]
                if s in names:
                    best = j
                if s not in pre:
                    break
                j += 1
            if best:
                lab = names[text[i:best]]
                out[i] = "dx=B-" + lab
                for k in range(i + 1, best - 1):
                    out[k] = "dx=I-" + lab
                out[best - 1] = "dx=E-" + lab
                i = best
            else:
                i += 1
        return out


class FeatureExtractor:
    """Turns a text into one list of feature strings per character.

    Holds a :class:`~zhkg.extract.segment.Segmenter` (built on first use) and
    the lexicons; create one and reuse it.
    """

    def __init__(self, lexicon: NameLexicon | None = None) -> None:
        self.lexicon = lexicon
        self._seg = None
        self._tags: dict[str, str] | None = None
        self._regions: dict[str, str] | None = None
        self._classes: dict[str, str] = {}
        by_last: dict[str, list[tuple[str, str]]] = {}
        for suf, kind in sorted(ORG_SUFFIXES.items(), key=lambda kv: -len(kv[0])):
            by_last.setdefault(suf[-1], []).append((suf, kind))
        self._suffix_by_last = by_last
        self._triggers = frozenset(by_last) | _STOP  # characters that end a suffix or a clause

    def _share(self, seg) -> None:  # noqa: ANN001 - a zhkg.extract.segment.Segmenter
        """Use ``seg`` (same dictionary and words) instead of building another."""
        self._shared = seg

    def _setup(self) -> None:
        from .gazetteer import load_gazetteer
        from .segment import Segmenter

        seg = getattr(self, "_shared", None) or Segmenter()
        self._tok = seg.tokenizer
        self._tags = seg.tags
        self._regions = {name: regs[0].level for name, regs in load_gazetteer().by_name.items() if len(name) >= 2}
        self._seg = seg

    @property
    def segmenter(self):  # noqa: ANN201 - a zhkg.extract.segment.Segmenter
        """The Segmenter whose words the features use (built on first use)."""
        if self._seg is None:
            self._setup()
        return self._seg

    def words(self, text: str) -> list[str]:
        """jieba words of ``text`` (HMM on), concatenating to ``text``."""
        if self._seg is None:
            self._setup()
        return self._tok.lcut(text, HMM=True)

    def features(self, text: str, lexicon: NameLexicon | None = None,
                 words: list[str] | None = None) -> list[list[str]]:
        """Feature strings for each character of ``text``.

        ``lexicon`` overrides the extractor's own (training uses one per fold);
        ``words``, the jieba words of ``text`` when the caller has them already,
        saves segmenting it twice.
        """
        if self._seg is None:
            self._setup()
        n = len(text)
        if n == 0:
            return []
        tags = self._tags
        regions = self._regions
        classes = self._classes
        # --- word features, spread over the word's characters
        wpos: list[str] = []
        wword: list[str] = []
        wctx: list[str] = []
        if words is None:
            words = self._tok.lcut(text, HMM=True)
        prev_w = "<s>"
        nw = len(words)
        for k, w in enumerate(words):
            ln = len(w)
            tag = tags.get(w) or unknown_word_tag(w)
            lvl = regions.get(w)
            if lvl is not None:
                tag = tag + "|g" + lvl[0]
            next_w = words[k + 1] if k + 1 < nw else "</s>"
            if ln == 1:
                wpos.append("p=S" + tag)
            else:
                wpos.append("p=B" + tag)
                wpos.extend(["p=M" + tag] * (ln - 2))
                wpos.append("p=E" + tag)
            wf = "w=" + w
            wword.extend([wf] * ln)
            wc = "pw=" + prev_w + "|nw=" + next_w
            wctx.extend([wc] * ln)
            prev_w = w
        # --- suffix lexicon: the longest suffix ending at i ("sf="), and the
        # distance to the nearest suffix end at or after i within the clause
        # ("sa="). Only characters that end a suffix or a clause are visited.
        sfx = ["sf=-"] * n
        ahead = ["sa=-"] * n
        by_last = self._suffix_by_last
        marks: list[tuple[int, str | None]] = []  # suffix ends (i, kind) and clause ends (i, None)
        for i in [i for i, c in enumerate(text) if c in self._triggers]:
            for suf, kind in by_last.get(text[i], ()):
                ls = len(suf)
                if i + 1 >= ls and text.endswith(suf, 0, i + 1):
                    sfx[i] = f"sf={kind}{min(ls, 3)}"
                    marks.append((i, kind))
                    break
            else:
                if text[i] in _STOP:
                    marks.append((i, None))
        prev = -1
        for i, kind in marks:
            if kind is not None:
                for j in range(max(prev + 1, i - _LOOKAHEAD), i + 1):
                    ahead[j] = f"sa={kind}{min(i - j, 4)}"
            prev = i
        # --- runs of transliteration characters: run length and position
        trans = ["tr=-"] * n
        for m in _TRANSLIT_RUN.finditer(text):
            i, j = m.span()
            ln = min(j - i, 4)
            trans[i] = f"tr=B{ln}"
            trans[i + 1:j - 1] = [f"tr=I{ln}"] * (j - i - 2)
            trans[j - 1] = f"tr=E{ln}"
        # --- characters
        cls = [classes.get(c) or classes.setdefault(c, _char_class(c)) for c in text]
        chars = ["^", "^", *text.lower(), "$", "$"]
        ccls = ["^", "^", *cls, "$", "$"]
        # the character at offset k of position i is chars[i + 2 + k]: zip shifted slices
        m2, m1, c0, p1, p2 = chars[:n], chars[1:n + 1], chars[2:n + 2], chars[3:n + 3], chars[4:n + 4]
        lex = lexicon or self.lexicon
        return list(
            map(
                list,
                zip(
                    ["c0=" + c for c in c0],
                    ["c-1=" + c for c in m1],
                    ["c1=" + c for c in p1],
                    ["c-2=" + c for c in m2],
                    ["c2=" + c for c in p2],
                    [f"b-1={x}{y}" for x, y in zip(m1, c0)],
                    [f"b0={x}{y}" for x, y in zip(c0, p1)],
                    [f"b-2={x}{y}" for x, y in zip(m2, m1)],
                    [f"b1={x}{y}" for x, y in zip(p1, p2)],
                    [f"t0={x}{y}{z}" for x, y, z in zip(m1, c0, p1)],
                    [f"k={x}{y}{z}" for x, y, z in zip(ccls[1:n + 1], cls, ccls[3:n + 3])],
                    wpos,
                    wword,
                    wctx,
                    sfx,
                    ahead,
                    lex.marks(text) if lex is not None else ["dx=-"] * n,
                    trans,
                ),
            )
    )


@dataclass(frozen=True, slots=True)
class PRF:
    """Exact-span counts for one type, with precision, recall and F1."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class NerEvaluation:
    """Per-type and micro-averaged exact-span scores over a set of texts."""

    per_type: dict[EntityType, PRF]
    micro: PRF
    texts: int
    chars: int

    def rows(self) -> list[tuple[str, float, float, float, int]]:
        """``(type, precision, recall, f1, gold count)`` rows, then ``all``."""
        out = [(str(t), s.precision, s.recall, s.f1, s.tp + s.fn) for t, s in self.per_type.items()]
        m = self.micro
        out.append(("all", m.precision, m.recall, m.f1, m.tp + m.fn))
        return out


class NerModel:
    """A trained CRF tagger; :meth:`tag` returns typed half-open spans.

    Load it with :func:`load_ner_model`, once per process, and call
    :meth:`tag` for each text.

    Examples
    --------
    >>> model = load_ner_model()
    >>> text = "浙商银行企业信贷部叶老桂博士则从另一个角度进行了解读"
    >>> [(text[s:e], str(t)) for s, e, t in model.tag(text)]
    [('浙商银行', 'Company'), ('叶老桂', 'Person')]
    """

    def __init__(self, path: Path):
        import pycrfsuite

        self.path = Path(path)
        if not self.path.is_file():
            raise FileNotFoundError(f"no NER model at {self.path} (build it: zhkg train-ner)")
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(self.path))
        self.labels = tuple(self._tagger.labels())
        # tags of CLUENER's dropped labels (game, book, ...) are learnt but never output
        self._ours = frozenset(f"{m}-{t.value}" for m in "BIES" for t in NER_TYPES)
        lex = lexicon_path(self.path)
        self.features = FeatureExtractor(NameLexicon.read(lex) if lex.is_file() else None)

    def tags(self, text: str, words: list[str] | None = None) -> list[str]:
        """One BIOES tag per character of ``text`` (``words``: its jieba words, if known)."""
        if not text:
            return []
        return self._tagger.tag(self.features.features(text, words=words))

    def tag(self, text: str, words: list[str] | None = None) -> list[Span]:
        """Entity spans ``(start, end, EntityType)`` found in ``text``."""
        ours = self._ours
        return tags_to_spans([t if t in ours else "O" for t in self.tags(text, words)])

    def tag_scored(self, text: str, words: list[str] | None = None) -> list[tuple[int, int, EntityType, float]]:
        """Spans with the model's confidence: the least marginal probability
        of the span's tags (one unsure character makes an unsure span)."""
        ours = self._ours
        tags = self.tags(text, words)
        out = []
        for a, b, t in tags_to_spans([x if x in ours else "O" for x in tags]):
            prob = min(self._tagger.marginal(tags[i], i) for i in range(a, b))
            out.append((a, b, t, prob))
        return out


def lexicon_path(model: Path) -> Path:
    """The name lexicon that goes with a model file (``ner.crfsuite`` -> ``ner.names.tsv``)."""
    return Path(model).with_suffix(".names.tsv")


def model_path() -> Path:
    """Path of the shipped model file ``data/ner.crfsuite``."""
    return Path(str(resources.files("zhkg.extract") / "data" / "ner.crfsuite"))


@cache
def load_ner_model(path: Path | None = None) -> NerModel:
    """Load the CRF model once per process (default: the shipped one).

    Raises
    ------
    FileNotFoundError
        If the model file does not exist.
    """
    return NerModel(path or model_path())


def _training_tags(ex: NerExample, other_labels: bool) -> list[str]:
    spans: list[tuple[int, int, str]] = [(s, e, t.value) for s, e, t in ex.spans]
    if other_labels:
        taken = [False] * len(ex.text)
        for s, e, _ in spans:
            taken[s:e] = [True] * (e - s)
        for s, e, lab in ex.other:
            if not any(taken[s:e]):
                spans.append((s, e, lab))
                taken[s:e] = [True] * (e - s)
    tags = ["O"] * len(ex.text)
    for s, e, name in spans:
        if e - s == 1:
            tags[s] = f"S-{name}"
        else:
            tags[s] = f"B-{name}"
            tags[s + 1 : e - 1] = [f"I-{name}"] * (e - s - 2)
            tags[e - 1] = f"E-{name}"
    return tags


def train_ner(
    train_path: Path,
    out_path: Path,
    params: dict[str, object] | None = None,
    tune_lines: int = 0,
    other_labels: bool = False,
    lexicon_folds: int = 5,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Train the CRF on CLUENER's training part and write the model file.

    The dev split (the last :data:`~zhkg.extract.corpora.DEV_LINES` lines) is
    never used. With fixed ``params`` the result is deterministic.

    Parameters
    ----------
    train_path : Path
        CLUENER ``train.jsonl``.
    out_path : Path
        Where to write the model (atomically: a temp file, then a rename).
    params : dict, optional
        crfsuite parameters; default :data:`TRAIN_PARAMS`.
    tune_lines : int
        Lines at the end of the training part to leave out (to tune on).
    other_labels : bool
        Also learn CLUENER's dropped labels (game, book, ...) as their own
        tags, so the model can tell them apart; they are never output.
    lexicon_folds : int
        Give the model a lexicon of training names (written beside the model
        as ``<name>.names.tsv``). Each training text sees the lexicon built
        from the other ``lexicon_folds - 1`` folds, so the model learns how
        far to trust a name it has not been trained on. 0: no lexicon.
    progress : callable, optional
        Called with a line of text at each stage.

    Returns
    -------
    Path
        ``out_path``.
    """
    import pycrfsuite

    params = dict(TRAIN_PARAMS if params is None else params)
    algorithm = str(params.pop("algorithm", "lbfgs"))
    if lexicon_folds == 1 or lexicon_folds < 0:
        raise ValueError(f"lexicon_folds must be 0 or at least 2, not {lexicon_folds}")
    train, _, _ = cluener_splits(Path(train_path), tune_lines=tune_lines)
    fx = FeatureExtractor()
    folds: list[NameLexicon | None] = [None]
    if lexicon_folds:
        # each text sees the names of the other folds only, as a new text would
        folds = [
            NameLexicon.from_examples(ex for k, ex in enumerate(train) if k % lexicon_folds != f)
            for f in range(lexicon_folds)
        ]
    trainer = pycrfsuite.Trainer(algorithm=algorithm, verbose=False)
    trainer.set_params(params)
    for k, ex in enumerate(train):
        if ex.text:
            lex = folds[k % len(folds)]
            trainer.append(fx.features(ex.text, lex) if lex else fx.features(ex.text), _training_tags(ex, other_labels))
    if progress:
        progress(f"training on {len(train)} texts with {algorithm} {params}")
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_name(out_path.name + ".tmp")
    trainer.train(str(tmp))
    lex_out = lexicon_path(out_path)
    if lexicon_folds:
        NameLexicon.from_examples(train).write(lex_out)
    elif lex_out.exists():
        lex_out.unlink()
    tmp.replace(out_path)
    if progress:
        progress(f"wrote {out_path} ({out_path.stat().st_size:,} bytes)")
    return out_path


def evaluate_ner(
    examples: Iterable[NerExample],
    tag: Callable[[str], Iterable[tuple]] | None = None,
    types: Sequence[EntityType] = NER_TYPES,
) -> NerEvaluation:
    """Exact-span precision, recall and F1 per type.

    Parameters
    ----------
    examples : iterable of NerExample
        Gold texts, e.g. the dev split from
        :func:`~zhkg.extract.corpora.cluener_splits`.
    tag : callable, optional
        ``text -> spans`` (tuples starting ``start, end, type``); default the
        shipped model's :meth:`NerModel.tag`.
    types : sequence of EntityType
        Types to score; predicted spans of other types are ignored.

    Returns
    -------
    NerEvaluation
    """
    if tag is None:
        tag = load_ner_model().tag
    wanted = set(types)
    counts = {t: [0, 0, 0] for t in types}
    texts = chars = 0
    for ex in examples:
        texts += 1
        chars += len(ex.text)
        gold = {(s, e, t) for s, e, t in ex.spans if t in wanted}
        pred = {(s[0], s[1], EntityType(s[2])) for s in tag(ex.text)}
        pred = {p for p in pred if p[2] in wanted}
        for s in pred & gold:
            counts[s[2]][0] += 1
        for s in pred - gold:
            counts[s[2]][1] += 1
        for s in gold - pred:
            counts[s[2]][2] += 1
    per = {t: PRF(*c) for t, c in counts.items()}
    micro = PRF(*(sum(c[k] for c in counts.values()) for k in range(3)))
    return NerEvaluation(per, micro, texts, chars)


# --- combining the model with rule-based mentions --------------------------

#: Rules whose spans are certain, by the rule names of
#: :data:`zhkg.extract.entities.ENTITY_RULES`: exact gazetteer region names
#: and names declared in the document (以下简称, and their later repeats).
CERTAIN_RULES = frozenset({"region", "gazetteer", "alias-declared", "declared"})
#: Types the model was never trained on; a rule span of these always stands.
RULE_ONLY_TYPES = frozenset(EntityType) - set(NER_TYPES)


def _rule_rank(span: SourcedSpan) -> int:
    if span[3] in CERTAIN_RULES or EntityType(span[2]) in RULE_ONLY_TYPES:
        return 3
    return 1


def combine_mentions(rule_spans: Iterable[SourcedSpan], model_spans: Iterable[SourcedSpan]) -> list[SourcedSpan]:
    """Merge rule and model mentions into one non-overlapping list.

    Which wins, deliberately:

    1. **Rules, where they are certain** (rank 3): an exact gazetteer region
       name (rule ``region``: 渝北区 gets its division code, which a model
       span such as 渝北区回兴街道 would lose), a name the document declared
       (rules ``alias-declared``, ``declared``: 以下简称), and any span of a
       type the model does not know (``Park``, ``Project``).
    2. **The model** (rank 2) for the boundaries and type of ``Person``,
       ``Company``, ``GovernmentBody`` and ``Institution`` and for places
       not in the gazetteer. Letting long suffix-delimited rule names
       (``suffix``) override the model was tried and cost 0.02 micro F1 on
       the CLUENER tune slice (0.673 against 0.694), so it does not.
    3. **Other rule spans** (rank 1: ``suffix``, ``person-title``, ...) fill
       the gaps the model left.

    Higher rank first; within a rank, longer first, then earlier. A span that
    overlaps one already kept is dropped. The function is pure and the result
    does not depend on the order of its inputs.

    Parameters
    ----------
    rule_spans, model_spans : iterable of (start, end, EntityType, source)
        Half-open spans with the name of the rule or model that found them.

    Returns
    -------
    list of (start, end, EntityType, source)
        Sorted by start.

    Examples
    --------
    >>> R, M = EntityType, "crf"
    >>> rules = [(0, 3, R.AdminRegion, "region"), (3, 9, R.Company, "suffix"), (10, 13, R.Company, "suffix")]
    >>> model = [(0, 9, R.Company, M), (10, 12, R.Person, M)]
    >>> [s[:2] + (s[3],) for s in combine_mentions(rules, model)]
    [(0, 3, 'region'), (3, 9, 'suffix'), (10, 12, 'crf')]
    """
    ranked: list[tuple[int, int, int, int, str, SourcedSpan]] = []
    for sp in rule_spans:
        ranked.append((-_rule_rank(sp), -(sp[1] - sp[0]), sp[0], sp[1], str(sp[2]) + str(sp[3]), sp))
    for sp in model_spans:
        ranked.append((-2, -(sp[1] - sp[0]), sp[0], sp[1], str(sp[2]) + str(sp[3]), sp))
    ranked.sort(key=lambda r: r[:5])
    taken: list[tuple[int, int]] = []
    kept: list[SourcedSpan] = []
    for *_, sp in ranked:
        s, e = sp[0], sp[1]
        if s >= e or any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        kept.append(sp)
    kept.sort(key=lambda sp: (sp[0], sp[1]))
    return kept


def combined_tagger(model: NerModel | None = None) -> Callable[[str], list[SourcedSpan]]:
    """The full extractor for one plain text: rule mentions combined with the model.

    Rules come from :func:`zhkg.extract.entities.find_spans` over the same
    segmenter's tokens; :func:`combine_mentions` decides which span wins.

    Parameters
    ----------
    model : NerModel, optional
        Default: :func:`load_ner_model`.

    Returns
    -------
    callable
        ``text -> [(start, end, EntityType, source), ...]``, sources being
        the rule names and ``"crf"``.
    """
    from .entities import find_spans
    from .gazetteer import load_gazetteer

    model = model or load_ner_model()
    seg = model.features.segmenter
    gaz = load_gazetteer()

    def tag(text: str) -> list[SourcedSpan]:
        rules = [(s.start, s.end, s.type, s.rule) for s in find_spans(text, seg.tokens(text), gaz)]
        return combine_mentions(rules, [(s, e, t, "crf") for s, e, t in model.tag(text)])

    return tag


def main(argv: list[str] | None = None) -> int:
    """``python -m zhkg.extract.crf train|eval`` (the CLI has the same commands)."""
    ap = argparse.ArgumentParser(prog="python -m zhkg.extract.crf", description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    tr = sub.add_parser("train", help="rebuild the model from CLUENER")
    tr.add_argument("--data", type=Path, default=None, help="shared data folder")
    tr.add_argument("--out", type=Path, default=None, help="model path (default: the shipped one)")
    tr.add_argument("--tune", type=int, default=0, help="leave out this many training lines")
    ev = sub.add_parser("eval", help="score the model on the dev split")
    ev.add_argument("--data", type=Path, default=None)
    ev.add_argument("--model", type=Path, default=None)
    args = ap.parse_args(argv)
    src = cluener_path(args.data)
    if src is None:
        print("zhkg: error: CLUENER train.jsonl not found (set ZHKG_SHARED or --data)", file=sys.stderr)
        return 1
    if args.cmd == "train":
        train_ner(src, args.out or model_path(), tune_lines=args.tune, progress=lambda m: print(m, file=sys.stderr))
    else:
        _, _, dev = cluener_splits(src)
        res = evaluate_ner(dev, load_ner_model(args.model).tag)
        for name, p, r, f, n in res.rows():
            print(f"{name:16} {p:6.3f} {r:6.3f} {f:6.3f} {n:6d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
