"""User corrections to entity resolution, read from a CSV file.

An override file has a header row ``action,name,other`` and one correction a
row; ``#`` starts a comment line. Names are surface forms as they appear in
the text (any alias of an entity works).

``merge,市计量质检院,重庆市计量质量检测研究院``
    the two names denote one entity (every node carrying either name);
``forbid,中国银行,中国人民银行``
    never put the two names in one entity, whatever rule proposes it;
``type,电子科大,Institution``
    every mention of the name has this type (an ONTOLOGY.md identifier).

CSV keeps the dependency list short (no YAML parser) and opens in any
spreadsheet. Parsing is pure: the caller reads the file.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from zhkg.extract.errors import InputError
from zhkg.extract.schema import EntityType as T

__all__ = ["Overrides", "parse_overrides", "OVERRIDE_ACTIONS"]

OVERRIDE_ACTIONS = ("merge", "forbid", "type")


@dataclass(frozen=True, slots=True)
class Overrides:
    """Forced merges, forbidden merges and fixed types, by surface name."""

    merges: tuple[tuple[str, str], ...] = ()
    forbids: tuple[tuple[str, str], ...] = ()
    types: tuple[tuple[str, T], ...] = field(default=())

    def type_of(self, name: str) -> T | None:
        """The fixed type of ``name``, or None."""
        return next((t for n, t in self.types if n == name), None)

    @property
    def forbidden_names(self) -> frozenset[str]:
        return frozenset(n for pair in self.forbids for n in pair)


def parse_overrides(text: str, source: str = "overrides.csv") -> Overrides:
    """Parse an override file.

    Parameters
    ----------
    text : str
        The file's content.
    source : str
        Its path, for error messages.

    Returns
    -------
    Overrides

    Raises
    ------
    InputError
        An unknown action, a missing name, an unknown type, or a pair that is
        both merged and forbidden; the message gives ``source:line:col``.

    Examples
    --------
    >>> o = parse_overrides("action,name,other\\nmerge,信通院,中国信息通信研究院\\ntype,电子科大,Institution\\n")
    >>> o.merges, o.type_of("电子科大").value
    ((('信通院', '中国信息通信研究院'),), 'Institution')
    """
    merges: list[tuple[str, str]] = []
    forbids: list[tuple[str, str]] = []
    types: list[tuple[str, T]] = []
    lines = text.lstrip("\ufeff").splitlines()
    rows = csv.reader(io.StringIO("\n".join(lines)))
    for lineno, row in enumerate(rows, 1):
        cells = [c.strip() for c in row]
        if not cells or not any(cells) or cells[0].startswith("#"):
            continue
        if lineno == 1 and cells[0].lower() == "action":
            continue
        action = cells[0]
        if action not in OVERRIDE_ACTIONS:
            raise InputError(source, f"unknown action: {action!r} (expected merge, forbid or type)", lineno, 1)
        if len(cells) < 3 or not cells[1] or not cells[2]:
            raise InputError(source, f"{action} needs a name and another value (action,name,other)", lineno, 1)
        name, other = cells[1], cells[2]
        if action == "type":
            try:
                types.append((name, T(other)))
            except ValueError:
                raise InputError(source, f"unknown type: {other!r} (expected one of "
                                 f"{', '.join(t.value for t in T)})", lineno, len(row[0]) + len(row[1]) + 3) from None
        elif name == other:
            raise InputError(source, f"{action} of a name with itself: {name!r}", lineno, 1)
        else:
            (merges if action == "merge" else forbids).append((name, other))
    both = {frozenset(p) for p in merges} & {frozenset(p) for p in forbids}
    if both:
        pair = sorted(next(iter(both)))
        raise InputError(source, f"both merged and forbidden: {pair[0]!r}, {pair[1]!r}")
    return Overrides(tuple(merges), tuple(forbids), tuple(types))
