"""FinRE (MIT) relation instances, mapped onto the schema's relations.

Each line of ``finre/train.txt`` / ``valid.txt`` is ``head<TAB>tail<TAB>label<TAB>sentence``;
names come without offsets. :func:`load_finre` locates both names in the
sentence; when a name occurs more than once the pair of occurrences closest
to each other is used and the instance is counted as ambiguous (never a
silent first match).

Label mapping (FinRE → zhkg, direction):

===================  =====================================
合作, 合资, 签约      ``partnerOf`` (symmetric)
帮助 / 被帮助          ``serves`` head->tail / tail->head
成立 / 被成立          ``subOrganizationOf`` tail->head / head->tail
拥有 / 被拥有          ``subOrganizationOf`` tail->head / head->tail
everything else      no relation (``None``)
===================  =====================================

拥有 (owns: 海航集团旗下海航商业控股) is mapped to ``subOrganizationOf``
because FinRE uses it for a group and the companies under it, which is what
our schema calls a sub-organisation; 持股/入股/收购 (holding shares,
buying) stay unmapped: a shareholder is not a parent organisation.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .schema import Relation

__all__ = ["RelExample", "load_finre", "map_label", "HEAD_TO_TAIL", "TAIL_TO_HEAD"]

HEAD_TO_TAIL = "head->tail"
TAIL_TO_HEAD = "tail->head"

_MAP: dict[str, tuple[Relation, str]] = {
    "合作": (Relation.partnerOf, HEAD_TO_TAIL),
    "合资": (Relation.partnerOf, HEAD_TO_TAIL),
    "签约": (Relation.partnerOf, HEAD_TO_TAIL),
    "帮助": (Relation.serves, HEAD_TO_TAIL),
    "被帮助": (Relation.serves, TAIL_TO_HEAD),
    "成立": (Relation.subOrganizationOf, TAIL_TO_HEAD),
    "被成立": (Relation.subOrganizationOf, HEAD_TO_TAIL),
    "拥有": (Relation.subOrganizationOf, TAIL_TO_HEAD),
    "被拥有": (Relation.subOrganizationOf, HEAD_TO_TAIL),
}


def map_label(label: str) -> tuple[Relation | None, str]:
    """Schema relation and direction of a FinRE label.

    >>> map_label("被帮助")
    (<Relation.serves: 'serves'>, 'tail->head')
    >>> map_label("收购")
    (None, 'head->tail')
    """
    return _MAP.get(label, (None, HEAD_TO_TAIL))


@dataclass(frozen=True, slots=True)
class RelExample:
    text: str
    head: str
    tail: str
    head_span: tuple[int, int]
    tail_span: tuple[int, int]
    label: str
    relation: Relation | None
    direction: str
    ambiguous: bool


def _occurrences(text: str, name: str) -> list[int]:
    out, pos = [], text.find(name)
    while pos >= 0:
        out.append(pos)
        pos = text.find(name, pos + 1)
    return out


def locate_pair(text: str, head: str, tail: str) -> tuple[tuple[int, int], tuple[int, int], bool] | None:
    """Spans of ``head`` and ``tail`` in ``text`` (closest non-overlapping
    pair) and whether either name occurs more than once; None if absent."""
    hs, ts = _occurrences(text, head), _occurrences(text, tail)
    best = None
    for h in hs:
        for t in ts:
            if h < t + len(tail) and t < h + len(head):
                continue  # overlapping occurrences
            d = abs(h - t)
            if best is None or d < best[0]:
                best = (d, h, t)
    if best is None:
        return None
    _, h, t = best
    return (h, h + len(head)), (t, t + len(tail)), len(hs) > 1 or len(ts) > 1


def load_finre(path: Path) -> Iterator[RelExample]:
    """Instances of a FinRE file whose names can be located (others skipped)."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 4:
                continue
            head, tail, label, text = parts
            loc = locate_pair(text, head, tail)
            if loc is None:
                continue
            rel, direction = map_label(label)
            yield RelExample(text, head, tail, loc[0], loc[1], label, rel, direction, loc[2])
