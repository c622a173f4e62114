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

__all__ = ["Region", "Gazetteer", "load_gazetteer", "regions_path", "rebuild_regions", "MUNICIPALITIES",
           "SUB_REGION_SUFFIXES"]

_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县",
             "地区", "新区", "省", "市", "区", "县", "盟", "旗")
_PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
LEVELS = ("province", "city", "district")
#: Province-level cities: their districts sit directly under them, so they are
#: the "city" of a paper as well as its province (市 = 重庆市).
MUNICIPALITIES = frozenset({"110000", "120000", "310000", "500000"})
#: Divisions below a county that the table does not hold (开州区赵家街道).
SUB_REGION_SUFFIXES = ("街道", "镇", "乡", "社区", "村")


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

    def city_of(self, code: str) -> Region | None:
        """The city a division belongs to (a municipality counts as a city).

        >>> g = load_gazetteer()
        >>> g.city_of("500117").name, g.city_of("110105").name, g.city_of("220104").name
        ('重庆市', '北京市', '长春市')
        """
        for r in self.chain(code):
            if r.level == "city" or r.code in MUNICIPALITIES:
                return r
        return None

    def home_regions(self, codes: Iterable[str]) -> dict[str, str]:
        """The paper's own 省, 市 and 区/县 from the regions a document names.

        ``codes`` holds one code per region mention (repeats count). A level
        gets a home only when one division is named clearly most often (at
        least twice, and more than twice as often as the next), so 市 in a
        Chongqing paper is 重庆市 and stays unknown in a paper about two cities.

        Returns
        -------
        dict
            Some of the keys ``"省"``, ``"市"``, ``"区"`` (also used for 县),
            each mapped to a code.

        Examples
        --------
        >>> g = load_gazetteer()
        >>> g.home_regions(["500117", "500117", "500112", "500000"])["市"]
        '500000'
        >>> "市" in g.home_regions(["110105", "220104"])
        False
        """
        counts: dict[str, dict[str, int]] = {"省": {}, "市": {}, "区": {}}
        for code in codes:
            chain = self.chain(code)
            if not chain:
                continue
            if chain[0].level == "district":
                counts["区"][chain[0].code] = counts["区"].get(chain[0].code, 0) + 1
            city = self.city_of(code)
            if city is not None:
                counts["市"][city.code] = counts["市"].get(city.code, 0) + 1
            top = chain[-1]
            if top.code not in MUNICIPALITIES:
                counts["省"][top.code] = counts["省"].get(top.code, 0) + 1
        home: dict[str, str] = {}
        for level, c in counts.items():
            ranked = sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))
            if ranked and (len(ranked) == 1 or ranked[0][1] >= 2 and ranked[0][1] > 2 * ranked[1][1]):
                home[level] = ranked[0][0]
        return home

    def split_prefix(self, name: str, context: Iterable[str] = ()) -> tuple[Region | None, str]:
        """A leading division of ``name`` and the rest, when sure of it.

        The longest prefix that names a division is taken when it resolves
        (alone or by ``context`` codes) and is a province, a city, a full
        district name (开州区), or a short district name under a context
        region (合川 in a Chongqing paper). Nested prefixes are followed while
        each lies inside the previous one (重庆市合川区…). Otherwise the name
        has no prefix: ``(None, name)``; the rest keeps at least two
        characters.

        Examples
        --------
        >>> g = load_gazetteer()
        >>> r, rest = g.split_prefix("开州区赵家街道")
        >>> r.code, rest
        ('500154', '赵家街道')
        >>> g.split_prefix("长安软件科技公司")
        (None, '长安软件科技公司')
        >>> r, rest = g.split_prefix("合川网络安全产业城", ["500000"])
        >>> r.name, rest
        ('合川区', '网络安全产业城')
        """
        ctx: set[str] = set()
        for code in context:
            ctx.update(r.code for r in self.chain(code))
        found: Region | None = None
        rest = name
        while True:
            hit = None
            for j in range(min(len(rest) - 2, 9), 1, -1):
                pre = rest[:j]
                if not self.by_name.get(pre):
                    continue
                region = self.resolve(pre, ctx | ({found.code} if found else set()))
                if region is None:
                    break
                if region.level == "district" and region.name != pre and not (
                    ctx & {r.code for r in self.chain(region.code)[1:]}
                    or (found is not None and found.code == region.parent)
                ):
                    break
                if found is not None and found.code not in {r.code for r in self.chain(region.code)[1:]}:
                    break
                hit = (region, rest[j:])
                break
            if hit is None:
                return found, rest
            found, rest = hit

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
