"""Immutable records that flow from text to graph.

Offsets are half-open ``start, end`` character indices into ``Document.text``,
the file exactly as decoded. A ``Sentence`` holds a *view* of the text in which
line breaks inside words and page furniture are removed; its :class:`OffsetMap`
maps each view character back to the document, so every mention points at the
original file.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from .schema import EntityType, Relation

__all__ = [
    "Document",
    "OffsetMap",
    "Sentence",
    "Mention",
    "Evidence",
    "RelationMention",
    "PartnershipMention",
    "AliasMention",
    "Quantity",
    "DocumentResult",
    "line_col",
]


@dataclass(frozen=True, slots=True)
class Document:
    """One input text, decoded verbatim (no newline translation)."""

    id: str
    path: str
    text: str
    encoding: str
    sha256: str


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps view positions to document positions as contiguous runs.

    ``runs`` holds ``(view_start, doc_start)`` pairs sorted by view position;
    each run continues, one character for one character, up to the next run.

    Examples
    --------
    >>> m = OffsetMap(((0, 10), (3, 20)))
    >>> m.to_doc(1), m.to_doc(4)
    (11, 21)
    >>> m.span(1, 5)
    (11, 22)
    """

    runs: tuple[tuple[int, int], ...]
    _keys: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_keys", tuple(v for v, _ in self.runs))

    def to_doc(self, i: int) -> int:
        """Document offset of view character ``i``."""
        k = bisect_right(self._keys, i) - 1
        if k < 0:
            raise IndexError(i)
        view_start, doc_start = self.runs[k]
        return doc_start + (i - view_start)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Half-open document span covering the view span ``[start, end)``."""
        if not 0 <= start < end:
            raise ValueError(f"empty or negative span: {start}, {end}")
        return self.to_doc(start), self.to_doc(end - 1) + 1


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of one document: joined text plus its map to the document."""

    doc_id: str
    index: int
    paragraph: int
    text: str
    offsets: OffsetMap

    @property
    def start(self) -> int:
        return self.offsets.to_doc(0)

    @property
    def end(self) -> int:
        return self.offsets.to_doc(len(self.text) - 1) + 1


@dataclass(frozen=True, slots=True)
class Mention:
    """A typed name found in a sentence.

    ``text`` is ``document.text[start:end]`` verbatim (it may hold a line
    break); ``name`` is the joined surface form used for merging.
    """

    doc_id: str
    sentence: int
    start: int
    end: int
    text: str
    name: str
    type: EntityType
    rule: str
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where and how an edge was found."""

    doc_id: str
    sentence: int
    sentence_text: str
    start: int
    end: int
    rule: str
    confidence: float


@dataclass(frozen=True, slots=True)
class RelationMention:
    """A binary relation ``head -relation-> tail`` stated in a sentence."""

    relation: Relation
    head: Mention
    tail: Mention
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class PartnershipMention:
    """One act of cooperation: its participants and what it produces."""

    participants: tuple[Mention, ...]
    products: tuple[Mention, ...]
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class AliasMention:
    """A declared short name: ``full（以下简称short）``."""

    full: Mention
    short: Mention
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Quantity:
    """A stated amount about an entity, e.g. 总投资3亿元."""

    subject: Mention
    metric: str
    value: float
    unit: str
    qualifier: str | None
    year: int | None
    text: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """Everything extracted from one document (picklable, order-stable)."""

    doc_id: str
    path: str
    sha256: str
    encoding: str
    n_chars: int
    n_sentences: int
    mentions: tuple[Mention, ...]
    relations: tuple[RelationMention, ...]
    partnerships: tuple[PartnershipMention, ...]
    aliases: tuple[AliasMention, ...]
    quantities: tuple[Quantity, ...]


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text`` (for messages only).

    >>> line_col("甲\\n乙丙", 3)
    (2, 2)
    """
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col
