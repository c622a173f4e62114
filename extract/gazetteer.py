"""China's administrative divisions (GB/T 2260 codes) as a gazetteer.

The table ``data/regions.tsv`` is built from the division codes shipped by the
``cpca`` package by ``python -m zhkg.extract.gazetteer --rebuild`` (needs the
``gazetteer`` extra); at run time only the small TSV is read, once, through a
cached loader. Short names (合川 for 合川区, 重庆 for 重庆市) are indexed too;
a short name shared by several divisions (朝阳区 is in Beijing and in
Changchun) is resolved only by context, never guessed.
"""
from __future__ import annotations

import argparse
import csv
import importlib.util
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

__all__ = ["Region", "Gazetteer", "load_gazetteer", "regions_path", "rebuild_regions"]

_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县",
             "地区", "新区", "省", "市", "区", "县", "盟", "旗")
_PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
LEVELS = ("province", "city", "district")


@dataclass(frozen=True, slots=True)
class Region:
    """One division: 6-digit code, official name, parent code, level."""

    code: str
    name: str
    parent: str | None
    level: str

    @property
    def short(self) -> str:
        """Name without its administrative suffix (合川区 -> 合川)."""
        return short_name(self.name)


def short_name(name: str) -> str:
    """Strip one administrative suffix if two characters or more remain.

    >>> short_name("合川区"), short_name("重庆市"), short_name("沙县")
    ('合川', '重庆', '沙县')
    """
    for suf in _SUFFIXES:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return name[: -len(suf)]
    return name


class Gazetteer:
    """Lookups over the division table.

    Examples
    --------
    >>> g = load_gazetteer()
    >>> [r.code for r in g.lookup("合川区")]
    ['500117']
    >>> [r.name for r in g.chain("500117")]
    ['合川区', '重庆市']
    """

    def __init__(self, regions: Iterable[Region]):
        self.by_code: dict[str, Region] = {}
        self.by_name: dict[str, list[Region]] = {}
        for r in regions:
            self.by_code[r.code] = r
            self.by_name.setdefault(r.name, []).append(r)
            if r.short != r.name:
                self.by_name.setdefault(r.short, []).append(r)

    def lookup(self, name: str) -> list[Region]:
        """Every division that ``name`` (full or short) may denote."""
        return list(self.by_name.get(name, ()))

    def chain(self, code: str) -> list[Region]:
        """The division and its ancestors, nearest first."""
        out: list[Region] = []
        cur = self.by_code.get(code)
        while cur is not None:
            out.append(cur)
            cur = self.by_code.get(cur.parent) if cur.parent else None
        return out

    def resolve(self, name: str, context: Iterable[str] = ()) -> Region | None:
        """The one division ``name`` denotes, using ``context`` codes to choose.

        A unique name resolves alone; an ambiguous one resolves only when
        exactly one candidate shares an ancestor with a context region.
        """
        cands = self.lookup(name)
        if len(cands) == 1:
            return cands[0]
        if not cands:
            return None
        ctx = set()
        for code in context:
            ctx.update(r.code for r in self.chain(code))
        hits = [c for c in cands if ctx & {r.code for r in self.chain(c.code)[1:]} or c.code in ctx]
        # prefer the candidate whose own code was in context
        exact = [c for c in cands if c.code in ctx]
        if len(exact) == 1:
            return exact[0]
        return hits[0] if len(hits) == 1 else None

    def names(self) -> list[str]:
        """All indexed names, longest first."""
        return sorted(self.by_name, key=lambda n: (-len(n), n))


def regions_path() -> Path:
    return Path(str(resources.files("zhkg.extract") / "data" / "regions.tsv"))


@cache
def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """Load the division table once per process."""
    p = path or regions_path()
    regions = []
    with open(p, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            regions.append(Region(row["code"], row["name"], row["parent"] or None, row["level"]))
    return Gazetteer(regions)


def _parent(code: str, codes: set[str]) -> str | None:
    if code.endswith("0000"):
        return None
    if code.endswith("00"):
        return code[:2] + "0000"
    city = code[:4] + "00"
    return city if city in codes else code[:2] + "0000"


def rebuild_regions(out: Path) -> int:
    """Write ``regions.tsv`` from cpca's shipped ``adcodes.csv``; return rows."""
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("cpca is not installed: pip install 'zhkg[gazetteer]'")
    src = Path(list(spec.submodule_search_locations)[0]) / "resources" / "adcodes.csv"
    rows: dict[str, str] = {}
    with open(src, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            code, name = row["adcode"][:6], row["name"].strip()
            if name in _PLACEHOLDERS or not name:
                continue
            rows[code] = name
    codes = set(rows)
    tmp = out.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["code", "name", "parent", "level"])
        for code in sorted(rows):
            parent = _parent(code, codes)
            level = "province" if parent is None else ("city" if code.endswith("00") else "district")
            w.writerow([code, rows[code], parent or "", level])
    tmp.replace(out)
    return len(rows)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Rebuild zhkg's region gazetteer from cpca's division codes.")
    ap.add_argument("--rebuild", action="store_true", help="write extract/data/regions.tsv")
    ap.add_argument("--out", type=Path, default=None, help="output path (default: the packaged file)")
    args = ap.parse_args(argv)
    if args.rebuild:
        out = args.out or regions_path()
        print(f"{rebuild_regions(out)} regions -> {out}")
    else:
        ap.print_help()


if __name__ == "__main__":
    main()
