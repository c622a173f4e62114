"""Benchmark SPARQL: the embedded pyoxigraph store against rdflib's in-memory Graph.

Not a test: a script that prints figures. It builds the seed graph (or takes
a built OUT), replicates it into a corpus of at least ``--triples`` distinct
triples with the same shape, and in one run measures, on the same data:

- load: ``zhkg.exports.sparql.build_store`` (bulk load of the N-Quads, named
  graphs kept, plus the merged default graph) against
  ``rdflib.Graph().parse`` of the merged N-Triples; triples per second;
- each query of ``exports/queries/`` (unbound parameters): the median latency
  over ``--repeat`` runs on each engine, their ratio, and whether both return
  the same number of rows. An rdflib query that runs past ``--timeout``
  seconds is stopped and its ratio given as a lower bound (``>``).

Replication: copy k renames every entity, document, named graph, evidence and
quantity IRI (suffix ``-k``) and every entity label (suffix ``#k``), except the
GB/T 2260 regions, which stay shared as in a real corpus (every document about
合川区 points at the same region node), and the gazetteer graph, kept once::

    python tests/bench/bench_sparql.py [--triples 1000000] [--repeat 5] [--timeout 60] [--out OUT]
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
from pathlib import Path

from zhkg.exports.sparql import build_store, bundled_queries
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


def _median_ms(run, repeat: int, timeout: float) -> tuple[float | None, int, list[float]]:
    times, n = [], 0
    for i in range(repeat):
        signal.setitimer(signal.ITIMER_REAL, timeout)
        t0 = time.perf_counter()
        try:
            n = run()
        except _Timeout:
            return None, n, times
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        times.append((time.perf_counter() - t0) * 1000)
        if times[-1] > 5000 and i >= 0:  # a slow query: one or two runs say enough
            if len(times) >= 2 or times[-1] > 20000:
                break
    return statistics.median(times), n, times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--triples", type=int, default=1_000_000, help="distinct triples in the replicated corpus")
    ap.add_argument("--repeat", type=int, default=5, help="runs per query; the median is reported")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds before an rdflib query is stopped")
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

        import pyoxigraph as ox
        import rdflib

        store_out = work / "embedded"
        store_out.mkdir()
        t0 = time.perf_counter()
        build_store(nq, store_out)
        ox_load = time.perf_counter() - t0
        store = ox.Store.read_only(str(store_out / "store"))
        print(f"load  pyoxigraph build_store: {ox_load:6.1f} s  {quads / ox_load:>10,.0f} quads/s "
              f"(named graphs + merged default graph)", flush=True)
        t0 = time.perf_counter()
        g = rdflib.Graph()
        g.parse(nt, format="nt")
        rd_load = time.perf_counter() - t0
        print(f"load  rdflib Graph.parse(nt):  {rd_load:6.1f} s  {triples / rd_load:>10,.0f} triples/s "
              f"(merged triples only)", flush=True)
        print(f"load ratio (triples/s, embedded / rdflib): {(quads / ox_load) / (triples / rd_load):.1f}x\n")

        prefixes = dict(PREFIXES)
        header = f"{'query':28} {'rows':>8} {'oxigraph ms':>12} {'rdflib ms':>12} {'ratio':>8}  same rows"
        print(header)
        print("-" * len(header))
        ratios = {}
        for name, q in bundled_queries().items():
            def run_ox(text=q.text) -> int:
                return sum(1 for _ in store.query(text, prefixes=prefixes))

            def run_rd(text=sparql_prefixes() + q.text) -> int:
                return sum(1 for _ in g.query(text))

            ox_ms, ox_rows, _ = _median_ms(run_ox, args.repeat, 3600)
            rd_ms, rd_rows, _ = _median_ms(run_rd, args.repeat, args.timeout)
            if rd_ms is None:
                ratio = f">{args.timeout * 1000 / ox_ms:.0f}x"
                rd_text, same = f">{args.timeout * 1000:,.0f}", "n/a"
                ratios[name] = args.timeout * 1000 / ox_ms
            else:
                ratio = f"{rd_ms / ox_ms:.0f}x"
                rd_text, same = f"{rd_ms:,.1f}", "yes" if rd_rows == ox_rows else f"no ({rd_rows})"
                ratios[name] = rd_ms / ox_ms
            print(f"{name:28} {ox_rows:>8,} {ox_ms:>12,.1f} {rd_text:>12} {ratio:>8}  {same}", flush=True)
        worst = min(ratios, key=ratios.get)
        print(f"\nslowest ratio: {worst} {ratios[worst]:.0f}x; median ratio {statistics.median(ratios.values()):.0f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
