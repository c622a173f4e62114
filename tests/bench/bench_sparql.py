"""Benchmark SPARQL: the embedded pyoxigraph store against rdflib's in-memory Graph.

Not a test: a script that prints figures. It builds the seed graph (or takes
a built OUT), replicates it into a corpus of at least ``--triples`` distinct
triples with the same shape, and in one run measures, on the same data:

- load: ``zhkg.exports.sparql.build_store`` as ``zhkg build`` calls it (bulk
  load of the N-Quads, named graphs kept, the merged default graph from the
  N-Triples, compaction) against ``rdflib.Graph().parse`` of the merged
  N-Triples; distinct triples per second for both (the store writes each
  triple twice, in its named graph and in the default graph);
- each query of ``exports/queries/`` (unbound parameters), the same text on
  both engines: the median latency over ``--repeat`` runs (a run over 5 s:
  two runs; over 20 s: one), their ratio, and whether both return the same
  rows (multisets of string values; numbers compared as numbers, the parts
  of a GROUP_CONCAT in any order). The embedded path is what ``zhkg query``
  and ``zhkg ask`` run: ``zhkg.exports.sparql.query_store`` on the store
  opened read-only by ``open_store`` (once; the time to open is printed
  apart), giving rows of Python strings; rdflib's is
  ``list(Graph.query(text))``, rows of its terms. An rdflib query that runs
  past ``--timeout`` seconds is stopped and its ratio given as a lower
  bound (``>``).

Join-heavy queries are named by a criterion that does not look at times,
printed with each query: at least 4 triple patterns (a property path counts
as one; OPTIONAL, UNION and sub-query patterns count), counted in rdflib's
algebra of the query, and at least ``--join-rows`` (default: 0.1% of the
corpus's triples) solutions of its WHERE clause on the corpus: the join
result before grouping, DISTINCT and ORDER BY, counted with ``COUNT(*)``.
A query with fewer solutions is a lookup: both engines do little work, and
its ratio is one of fixed costs (parsing, planning, Python).

Replication: copy k renames every entity, document, named graph, evidence and
quantity IRI (suffix ``-k``) and every entity label (suffix ``#k``), except the
GB/T 2260 regions, which stay shared as in a real corpus (every document about
合川区 points at the same region node), and the gazetteer graph, kept once::

    python tests/bench/bench_sparql.py [--triples 1000000] [--repeat 5] [--timeout 60] [--join-rows N] [--out OUT]
"""
from __future__ import annotations

import argparse
import re
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

from zhkg.exports.sparql import build_store, bundled_queries, open_store, query_store
from zhkg.exports.vocab import PREFIXES, sparql_prefixes

REPO = Path(__file__).resolve().parents[2]
ID = PREFIXES["id"]
_IRI = re.compile(r"<https://w3id\.org/zhkg/(id|doc|graph|evidence|quantity)/([^>]+)>")
_LABEL = re.compile(r'^(<[^>]+> <http://www\.w3\.org/(?:2000/01/rdf-schema#label|2004/02/skos/core#altLabel)> )'
                    r'"((?:[^"\\]|\\.)*)"@zh')


def _renamer(k: int):
    def rename(m: re.Match) -> str:
        kind, rest = m.group(1), m.group(2)
        if (kind == "id" and rest.startswith("region-")) or (kind == "graph" and rest == "gazetteer"):
            return m.group(0)
        return f"<https://w3id.org/zhkg/{kind}/{rest}-{k}>"
    return rename


def replicate(seed_nq: Path, target: int, dest: Path) -> tuple[Path, Path, int, int]:
    """Write ``corpus.nq`` and its merge ``corpus.nt`` with >= ``target`` distinct triples."""
    lines = [line for line in seed_nq.read_text(encoding="utf-8").splitlines() if line.strip()]
    gazetteer = [line for line in lines if line.endswith("<https://w3id.org/zhkg/graph/gazetteer> .")]
    per_doc = [line for line in lines if not line.endswith("<https://w3id.org/zhkg/graph/gazetteer> .")]
    nq, nt = dest / "corpus.nq", dest / "corpus.nt"
    seen: set[str] = set()
    quads = 0
    k = 0
    with nq.open("w", encoding="utf-8") as fq:
        for line in gazetteer:
            fq.write(line + "\n")
            seen.add(line.rsplit(" ", 2)[0] + " .")
            quads += 1
        while len(seen) < target:
            rename = _renamer(k)
            for line in per_doc:
                out = _IRI.sub(rename, line)
                if not out.startswith(f"<{ID}region-"):
                    out = _LABEL.sub(lambda m: f'{m.group(1)}"{m.group(2)}#{k}"@zh', out)
                fq.write(out + "\n")
                seen.add(out.rsplit(" ", 2)[0] + " .")
                quads += 1
            k += 1
    with nt.open("w", encoding="utf-8") as ft:
        for t in sorted(seen):
            ft.write(t + "\n")
    return nq, nt, quads, len(seen)


class _Timeout(Exception):
    pass


def _alarm(signum, frame):  # noqa: ANN001 - signal handler
    raise _Timeout


def _median_ms(run, repeat: int, timeout: float) -> tuple[float | None, list, list[float]]:
    """Median of ``repeat`` runs of ``run`` (fewer when slow), the last rows, the times; None past ``timeout``."""
    times, rows = [], []
    for _ in range(repeat):
        signal.setitimer(signal.ITIMER_REAL, timeout)
        t0 = time.perf_counter()
        try:
            rows = run()
        except _Timeout:
            return None, rows, times
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        times.append((time.perf_counter() - t0) * 1000)
        if times[-1] > 5000 and (len(times) >= 2 or times[-1] > 20000):  # a slow query: one or two runs say enough
            break
    return statistics.median(times), rows, times


def _value(v: str) -> str:
    """A value as compared across engines: a number by its value (3.0 as 3), anything else as written."""
    try:
        d = Decimal(v)
    except (InvalidOperation, ValueError):
        return v
    return format(d.normalize(), "f") if d.is_finite() else v


_SEPARATOR = re.compile(r'GROUP_CONCAT\([^;)]*;\s*separator\s*=\s*"([^"]+)"', re.I)


def _same_rows(text: str, ox_rows: list[list[str]], rd_rows: list) -> bool:
    """Whether both engines gave the same multiset of rows.

    The order of the parts of a GROUP_CONCAT is not defined (the engines
    differ), so a value holding the query's separator is compared as the
    sorted list of its parts.
    """
    seps = _SEPARATOR.findall(text)

    def norm(v: str) -> str | tuple:
        for sep in seps:
            if sep in v:
                return tuple(sorted(v.split(sep)))
        return _value(v)

    ox = Counter(tuple(norm(v) for v in r) for r in ox_rows)
    rd = Counter(tuple(norm("" if v is None else str(v)) for v in r) for r in rd_rows)
    return ox == rd


def _patterns(text: str) -> int:
    """Triple patterns (a property path counts as one) in rdflib's algebra of ``text``."""
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    def count(node) -> int:  # noqa: ANN001 - algebra node
        if isinstance(node, CompValue):
            return (len(node.triples) if node.name == "BGP" else 0) + sum(count(v) for v in node.values())
        if isinstance(node, (list, tuple)):
            return sum(count(v) for v in node)
        return 0

    return count(prepareQuery(sparql_prefixes() + text).algebra)


_OUTER_WHERE = re.compile(r"\bWHERE\s*\{", re.I)


def _where_solutions(store, text: str) -> int:  # noqa: ANN001 - pyoxigraph.Store
    """Solutions of the outer WHERE clause of ``text`` (before grouping, DISTINCT and ORDER BY)."""
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    start = _OUTER_WHERE.search(body).end()
    depth, i = 1, start
    while depth:
        depth += {"{": 1, "}": -1}.get(body[i], 0)
        i += 1
    _, rows = query_store(store, f"SELECT (COUNT(*) AS ?n) WHERE {{{body[start:i - 1]}}}")
    return int(rows[0][0])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--triples", type=int, default=1_000_000, help="distinct triples in the replicated corpus")
    ap.add_argument("--repeat", type=int, default=5, help="runs per query; the median is reported")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds before an rdflib query is stopped")
    ap.add_argument("--join-rows", type=int, default=None,
                    help="solutions of the WHERE clause from which a query of >= 4 patterns is join-heavy "
                         "(default: 0.1%% of the corpus's triples, 1,001 at 1,001,104)")
    ap.add_argument("--out", type=Path, default=None, help="a built OUT to replicate (default: build seeds/)")
    ap.add_argument("--keep", type=Path, default=None, help="keep the corpus files in this folder")
    args = ap.parse_args(argv)
    signal.signal(signal.SIGALRM, _alarm)

    work = Path(tempfile.mkdtemp(prefix="bench-sparql-"))
    try:
        if args.out is None:
            from zhkg import build

            args.out = work / "seed"
            build(REPO / "seeds", args.out, html=False, store=False)
        t0 = time.perf_counter()
        nq, nt, quads, triples = replicate(args.out / "graph.nq", args.triples, args.keep or work)
        print(f"corpus: {quads:,} quads in named graphs, {triples:,} distinct triples "
              f"(replicated in {time.perf_counter() - t0:.1f} s)", flush=True)

        import rdflib

        store_out = work / "embedded"
        store_out.mkdir()
        t0 = time.perf_counter()
        build_store(nq, store_out, nt)
        ox_load = time.perf_counter() - t0
        t0 = time.perf_counter()
        store = open_store(store_out)
        ox_open = (time.perf_counter() - t0) * 1000
        print(f"load  pyoxigraph build_store:  {ox_load:6.1f} s  {triples / ox_load:>10,.0f} triples/s "
              f"({quads:,} quads in named graphs + the merged default graph, compacted)", flush=True)
        t0 = time.perf_counter()
        g = rdflib.Graph()
        g.parse(nt, format="nt")
        rd_load = time.perf_counter() - t0
        print(f"load  rdflib Graph.parse(nt):  {rd_load:6.1f} s  {triples / rd_load:>10,.0f} triples/s "
              f"(merged triples only)", flush=True)
        print(f"load ratio (triples/s, embedded / rdflib): {rd_load / ox_load:.1f}x; "
              f"opening the store read-only: {ox_open:.0f} ms (not in the query times)\n")

        queries = bundled_queries()
        heavy = {}
        if args.join_rows is None:
            args.join_rows = -(-triples // 1000)
        print(f"join-heavy: >= 4 triple patterns and >= {args.join_rows:,} solutions of the WHERE clause")
        for name, q in queries.items():
            n_pat, n_sol = _patterns(q.text), _where_solutions(store, q.text)
            heavy[name] = n_pat >= 4 and n_sol >= args.join_rows
            print(f"  {name:28} {n_pat:3} patterns {n_sol:>9,} solutions  "
                  f"{'join-heavy' if heavy[name] else 'lookup'}", flush=True)
        print()

        header = (f"{'query':28} {'rows':>8} {'oxigraph ms':>12} {'rdflib ms':>12} {'ratio':>8} {'runs':>5}  "
                  f"{'same rows':13} join-heavy")
        print(header)
        print("-" * len(header))
        ratios = {}
        for name, q in queries.items():
            def run_ox(text=q.text) -> list:
                return query_store(store, text)[1]

            def run_rd(text=sparql_prefixes() + q.text) -> list:
                return list(g.query(text))

            ox_ms, ox_rows, ox_times = _median_ms(run_ox, args.repeat, 3600)
            rd_ms, rd_rows, rd_times = _median_ms(run_rd, args.repeat, args.timeout)
            if rd_ms is None:
                ratios[name] = args.timeout * 1000 / ox_ms
                ratio, rd_text, same = f">{ratios[name]:.0f}x", f">{args.timeout * 1000:,.0f}", "n/a"
            else:
                ratios[name] = rd_ms / ox_ms
                ratio, rd_text = f"{ratios[name]:.0f}x", f"{rd_ms:,.1f}"
                if len(rd_rows) != len(ox_rows):
                    same = f"no ({len(rd_rows):,})"
                else:
                    same = "yes" if _same_rows(q.text, ox_rows, rd_rows) else "values differ"
            runs = f"{len(ox_times)}/{len(rd_times) + (rd_ms is None)}"
            print(f"{name:28} {len(ox_rows):>8,} {ox_ms:>12,.1f} {rd_text:>12} {ratio:>8} {runs:>5}  {same:13} "
                  f"{'yes' if heavy[name] else 'no'}", flush=True)
        worst = min(ratios, key=ratios.get)
        print(f"\nslowest ratio: {worst} {ratios[worst]:.0f}x; median ratio {statistics.median(ratios.values()):.0f}x")
        joined = {n: r for n, r in ratios.items() if heavy[n]}
        below = sorted((n for n, r in joined.items() if r < 10), key=joined.get)
        print(f"join-heavy at >= 10x: {len(joined) - len(below)} of {len(joined)}"
              + (f"; below: {', '.join(f'{n} {joined[n]:.1f}x' for n in below)}" if below else ""))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
