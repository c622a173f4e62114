"""Word segmentation: a Segmenter owns its own ``jieba.Tokenizer``.

jieba's module-level tokenizer is shared by every caller and reads its
dictionary at first use; a :class:`Segmenter` instead owns a tokenizer with an
absolute dictionary path plus zhkg's user words (organisation suffixes and
known names), so adding words never changes results for anyone else.
"""
from __future__ import annotations

import logging
from functools import cached_property, lru_cache
from itertools import accumulate
from importlib import resources
from pathlib import Path
from typing import NamedTuple

__all__ = ["Token", "Segmenter", "user_words_path", "unknown_word_tag", "word_tags"]

log = logging.getLogger(__name__)


class Token(NamedTuple):
    """A word of a sentence: ``text[start:end]`` with a coarse POS tag.

    A named tuple, not a dataclass: a build makes one per word of the
    corpus, and a tuple is built in half the time.
    """

    word: str
    start: int
    end: int
    pos: str


def user_words_path() -> Path:
    """Path of the shipped user dictionary (suffixes, known names)."""
    return Path(str(resources.files("zhkg.extract") / "data" / "userdict.txt"))


def unknown_word_tag(word: str) -> str:
    """POS of a word jieba's dictionary lacks: ``m`` digits, ``eng`` Latin,
    ``w`` punctuation and symbols, ``x`` anything else (often a name).

    >>> [unknown_word_tag(w) for w in ("2021", "ARM", "，", "嘉利华")]
    ['m', 'eng', 'w', 'x']
    """
    if word.isdigit():
        return "m"
    if word.isascii() and word.isalnum():
        return "eng"
    if not any(c.isalnum() for c in word):
        return "w"
    return "x"


@lru_cache(maxsize=4)
def dictionary_tags(paths: tuple[Path, ...]) -> dict[str, str]:
    """word -> POS of jieba-format dictionaries (``word freq pos`` lines; a
    later file wins), read once per process: parsing jieba's 350,000-line
    dictionary takes about 0.4 s, and a build has more than one segmenter.
    (A marshal copy in the temporary folder, as jieba keeps its own, loads
    no faster: the time goes into making the strings.)
    """
    table: dict[str, str] = {}
    for p in paths:
        if not p.exists():
            continue
        with open(p, encoding="utf-8") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) >= 3:
                    table[parts[0]] = parts[2]
    return table


@lru_cache(maxsize=1)
def word_tags() -> dict[str, str]:
    """word -> POS of jieba's dictionary and the user dictionary, without the
    gazetteer's regions (shared, read once per process: do not modify)."""
    return Segmenter(regions=False).tags


#: characters that end a clause word, not a name: 王重昆/为, 胡东良/任
_GLUED_AFTER = frozenset("为在和与对将把被从向任是于")
#: characters that start a clause word, not a name: 像/鹏华基金, 由/原南方基金, 如/中石油集团
_GLUED_BEFORE = frozenset("像由到在对从被把将与及如")
#: date characters after a number: 1月15日/宝盈基金
_DATE_CHARS = frozenset("年月日号")


def unglue(words: list[str], tags: dict[str, str]) -> list[str]:
    """Split the words jieba's HMM makes of a name's last character and the
    function word after it (聘任王重昆为公司 -> 王重 昆为 -> 昆 为), of a
    function word and the name after it (像鹏华基金 -> 像鹏华 -> 像 鹏华), or of a
    date character and the name after it (15日宝盈基金 -> 日宝盈 -> 日 宝盈).
    Only two- and three-character words the dictionary lacks are touched.

    >>> unglue(["聘任", "王重", "昆为", "公司"], {"聘任": "v", "公司": "n"})
    ['聘任', '王重', '昆', '为', '公司']
    >>> unglue(["15", "日宝盈", "基金"], {"基金": "n"})
    ['15', '日', '宝盈', '基金']
    """
    out: list[str] = []
    for w in words:
        if len(w) == 2 and w[1] in _GLUED_AFTER and w not in tags and w[0] not in _GLUED_AFTER:
            out += (w[0], w[1])
        elif len(w) in (2, 3) and w[0] in _GLUED_BEFORE and w not in tags and w[1:] not in ("", *_GLUED_AFTER):
            out += (w[0], w[1:])
        elif len(w) == 3 and w[0] in _DATE_CHARS and out and out[-1].isdigit() and w not in tags:
            out += (w[0], w[1:])
        else:
            out.append(w)
    return out


class Segmenter:
    """jieba segmentation with a POS tag looked up from jieba's dictionary.

    POS comes from the dictionary entry of each word (``n``, ``v``, ``ns``,
    ...); words that jieba's HMM discovers and the dictionary lacks get
    ``"x"`` (unknown: often a name). This is many times faster than
    ``jieba.posseg``, which runs a second HMM.

    Examples
    --------
    >>> seg = Segmenter()
    >>> [t.word for t in seg.tokens("合川区成立网络安全产业发展中心")][:2]
    ['合川区', '成立']
    """

    def __init__(
        self,
        user_words: Path | None = None,
        extra_words: tuple[str, ...] = (),
        regions: bool = True,
    ):
        self._user_words = user_words
        self._extra = extra_words
        self._regions = regions
        self._unknown: dict[str, str] = {}  # tags of words the dictionary lacks, as computed

    @cached_property
    def tokenizer(self):  # noqa: ANN201 - jieba has no type hints
        import jieba

        jieba.setLogLevel(logging.WARNING)
        dict_path = Path(jieba.__file__).parent / "dict.txt"
        tk = jieba.Tokenizer(dictionary=str(dict_path.resolve()))
        tk.initialize()
        path = self._user_words or user_words_path()
        if path.exists():
            tk.load_userdict(str(path))
        for w in self._extra:
            tk.add_word(w)
        if self._regions:
            from .gazetteer import load_gazetteer

            for name in load_gazetteer().by_name:
                if len(name) >= 3:
                    tk.add_word(name, 2000, "ns")
        return tk

    @cached_property
    def tags(self) -> dict[str, str]:
        """word -> POS tag from jieba's dictionary and the user dictionary
        (shared between segmenters: do not modify it)."""
        import jieba

        dict_path = Path(jieba.__file__).parent / "dict.txt"
        table = dictionary_tags((dict_path, self._user_words or user_words_path()))
        if self._regions:
            from .gazetteer import load_gazetteer

            table = dict(table)
            for name in load_gazetteer().by_name:
                table.setdefault(name, "ns")
        return table

    def words(self, text: str) -> list[str]:
        """jieba words of ``text`` (HMM on), concatenating to ``text``."""
        return self.tokenizer.lcut(text, HMM=True)

    def tokens(self, text: str) -> list[Token]:
        """Tokens with offsets into ``text`` and a dictionary POS tag
        (words jieba's HMM glued to a function word split, see :func:`unglue`)."""
        words = unglue(self.tokenizer.lcut(text, HMM=True), tags := self.tags)
        ends = list(accumulate(map(len, words)))
        unknown = self._unknown
        pos = [tags.get(w) or unknown.get(w) or unknown.setdefault(w, unknown_word_tag(w)) for w in words]
        # tuple.__new__ straight: Token(...) goes through a Python-level __new__
        new = tuple.__new__
        return [new(Token, t) for t in zip(words, [0, *ends[:-1]], ends, pos)]
