"""Kill-and-rerun trials: SIGKILL ``zhkg build`` at a random moment, check, rerun, check.

Each trial grows a TSV corpus (lines of ``cnews1000.tsv``) so there is always
a new build to write, starts ``zhkg build`` in a child process, kills it
with SIGKILL after a random delay (extraction, merge or export), and checks:

1. the outputs in OUT are one complete build: every output links into the
   same build folder, JSON parses, N-Quads lines are whole, and the
   documents in ``graph.nq`` match ``summary.json`` — the previous build's
   count or the new one's;
2. every cache entry passes its digest (no truncated entry);
3. the rerun completes, extracts only what the killed build had not cached,
   and its outputs match a clean build of the same corpus (last trial).

Prints one line per trial and the number of lost or corrupt outputs.

Usage: python tests/bench/crash_trials.py [--trials 20] [--seed 1]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from zhkg import build
from zhkg.cache import _decode

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "data" / "thucnews" / "cnews1000.tsv"
NAMES = ("graph.ttl", "graph.nt", "graph.jsonld", "graph.nq", "graph.trig", "graph.json", "graph.html",
         "summary.json", "errors.jsonl", "store")


def check_outputs(out: Path) -> tuple[list[str], int | None]:
    """Problems with the published outputs of ``out``, and their document count."""
    problems: list[str] = []
    if not (out / "summary.json").exists():
        present = [n for n in NAMES if (out / n).exists()]
        return ([f"partial outputs without summary: {present}"] if present else []), None
    dirs = {(out / n).resolve().parent for n in NAMES if (out / n).exists()}
    if len(dirs) != 1:
        problems.append(f"outputs from {len(dirs)} builds")
    missing = [n for n in NAMES if not (out / n).exists()]
    if missing:
        problems.append(f"missing {missing}")
    try:
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        json.loads((out / "graph.json").read_text(encoding="utf-8"))
        json.loads((out / "graph.jsonld").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return problems + [f"unreadable JSON: {exc}"], None
    docs = set()
    for line in (out / "graph.nq").read_text(encoding="utf-8").splitlines():
        if not line.endswith(" ."):
            problems.append("truncated N-Quads line")
            break
        if "zhkg/ontology#Document> <https://w3id.org/zhkg/graph/" in line:
            docs.add(line.rsplit(" ", 2)[-2])
    if len(docs) != summary["documents"]:
        problems.append(f"graph.nq has {len(docs)} documents, summary.json {summary['documents']}")
    if not (out / "graph.html").read_text(encoding="utf-8").rstrip().endswith("</html>"):
        problems.append("truncated graph.html")
    return problems, summary["documents"]


def check_cache(out: Path) -> int:
    """Number of cache entries that fail their digest."""
    return sum(_decode(f.read_bytes()) is None for f in (out / ".zhkg" / "cache").rglob("*.pickle"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    work = Path(tempfile.mkdtemp(prefix="zhkg-crash-"))
    src, out = work / "corpus.tsv", work / "out"
    bad = 0
    try:
        n = 100
        src.write_text("\n".join(lines[:n]) + "\n", encoding="utf-8")
        build(src, out, jobs=args.jobs, tsv_column=2)
        _, prev_docs = check_outputs(out)
        for trial in range(1, args.trials + 1):
            n += 20
            src.write_text("\n".join(lines[:n]) + "\n", encoding="utf-8")
            delay = rng.uniform(0.5, 6.0)
            proc = subprocess.Popen(["zhkg", "build", str(src), "--tsv-column", "2", "--out", str(out), "-q",
                                     "-j", str(args.jobs)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                    start_new_session=True)
            time.sleep(delay)
            finished = proc.poll() is not None
            if not finished:
                os.killpg(proc.pid, signal.SIGKILL)  # the build and its workers, as a crash would
            proc.wait()
            problems, docs = check_outputs(out)
            if docs not in (prev_docs, n):
                problems.append(f"{docs} documents: neither the previous {prev_docs} nor the new {n}")
            corrupt = check_cache(out)
            if corrupt:
                problems.append(f"{corrupt} corrupt cache entries")
            cached_before = len(list((out / ".zhkg" / "cache").rglob("*.pickle")))
            t = time.perf_counter()
            report = build(src, out, jobs=args.jobs, tsv_column=2)
            rerun = time.perf_counter() - t
            after, docs_after = check_outputs(out)
            problems += [f"after rerun: {p}" for p in after]
            if docs_after != n or report.errors:
                problems.append(f"after rerun: {docs_after} documents, {len(report.errors)} errors")
            bad += bool(problems)
            state = "finished" if finished else f"killed at {delay:.1f}s"
            print(f"trial {trial:2d}: {n} docs, {state:<16} outputs={'previous' if docs == prev_docs else 'new':<8} "
                  f"cache entries {cached_before:4d}; rerun extracted {report.extracted:3d}, cached {report.cached:4d}"
                  f" in {rerun:4.1f}s  {'OK' if not problems else 'FAIL: ' + '; '.join(problems)}", flush=True)
            prev_docs = n
        # A clean build of the same corpus, given the same entity-id registry:
        # incremental builds keep the ids of earlier builds on purpose (an
        # entity is never renamed when a fuller name arrives), so only with the
        # same registry must the outputs be byte-identical.
        clean = work / "clean"
        (clean / ".zhkg").mkdir(parents=True)
        shutil.copy(out / ".zhkg" / "ids.tsv", clean / ".zhkg" / "ids.tsv")
        build(src, clean, jobs=args.jobs, tsv_column=2)
        files = ("graph.nq", "graph.nt", "graph.json", "summary.json", "errors.jsonl")
        differ = [f for f in files if (out / f).read_bytes() != (clean / f).read_bytes()]
        same = not differ
        print(f"final outputs {'identical to' if same else 'DIFFER from'} a clean build of the same corpus"
              + (f" ({', '.join(differ)})" if differ else ""))
        bad += not same
        print(f"{args.trials} trials: {bad} with lost or corrupt outputs")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
