"""Build benchmark on THUCNews (``../shared/data/thucnews/cnews1000.tsv``).

Prints, from one run on this machine:

- plain ``jieba.lcut`` over the texts (the reference), chars/s;
- a full build (``--jobs 1`` and ``--jobs 2``), chars/s and its ratio to
  jieba, split into extraction, graph merge, exports and the store;
- 10,000 documents (the corpus replicated ten times, ids unique) against
  1,000: time and peak RSS;
- an incremental rebuild: 10 new documents over 1,000 cached.

Each build runs in a fresh process, so peak RSS is its own (the parent and,
for ``--jobs 2``, the largest worker). ``--no-model`` builds rules-only
(``zhkg build --no-model``); the jieba reference is the same either way.

The jieba reference and the ``--jobs 1`` / ``--jobs 2`` builds run
``--repeat`` times (default 3), interleaved, and the medians are reported
(ratios of medians): on a shared 2-core machine one run of each swings the
--jobs 2 speed-up between 1.5x and 1.8x.

Usage: python tests/bench/bench_build.py [--corpus PATH] [--skip-10k] [--no-model] [--repeat N]
"""
from __future__ import annotations

import argparse
import json
import statistics
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "data" / "thucnews" / "cnews1000.tsv"
MODEL = "1"  # "0" with --no-model


def one_build(args: list[str]) -> dict:
    """Run one build in a child process; return its report, wall time and peak RSS."""
    code = (
        "import json, resource, sys, time\n"
        "t = time.perf_counter()\n"
        "from zhkg import build\n"
        "src, out, jobs, html, model = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == '1', sys.argv[5] == '1'\n"
        "r = build(src, out, jobs=jobs, tsv_column=2, html=html, use_model=model)\n"
        "wall = time.perf_counter() - t\n"
        "mine, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "me, kids_rss = mine.ru_maxrss / 1024, kids.ru_maxrss / 1024\n"
        "cpu, kids_cpu = mine.ru_utime + mine.ru_stime, kids.ru_utime + kids.ru_stime\n"
        "print(json.dumps({'wall': wall, 'rss_mb': me, 'worker_rss_mb': kids_rss, 'chars': r.characters,\n"
        "  'cpu': cpu, 'worker_cpu': kids_cpu,\n"
        "  'documents': r.documents, 'extracted': r.extracted, 'cached': r.cached, 'errors': len(r.errors),\n"
        "  'timings': r.timings}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, *args, MODEL], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def jieba_reference(texts: list[str]) -> tuple[float, float]:
    """(seconds to load the dictionary, seconds of jieba.lcut over every text), in a fresh process."""
    code = (
        "import json, sys, time, logging\n"
        "import jieba\n"
        "jieba.setLogLevel(logging.WARNING)\n"
        "texts = [l.rstrip('\\n').split('\\t')[1] for l in open(sys.argv[1], encoding='utf-8')]\n"
        "t = time.perf_counter(); jieba.initialize(); init = time.perf_counter() - t\n"
        "t = time.perf_counter()\n"
        "for s in texts: jieba.lcut(s)\n"
        "print(json.dumps([init, time.perf_counter() - t]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(CORPUS)], check=True, capture_output=True, text=True)
    init, cut = json.loads(out.stdout)
    return init, cut


def median_run(runs: list[dict]) -> dict:
    """The run of median wall time (its own timings and RSS, not a mix of runs)."""
    return sorted(runs, key=lambda r: r["wall"])[len(runs) // 2]


def walls(runs: list[dict]) -> str:
    return ", ".join(f"{r['wall']:.2f}" for r in runs)


def show(name: str, r: dict, ref: float | None = None) -> None:
    t = r["timings"]
    parts = "  ".join(f"{k} {v:6.1f}s" for k, v in t.items())
    ratio = f"  = {r['wall'] / ref:4.2f}x jieba" if ref else ""
    print(f"{name:<28} {r['wall']:7.1f}s  {r['chars'] / r['wall']:>9,.0f} chars/s{ratio}   [{parts}]"
          f"  rss {r['rss_mb']:.0f} MB (workers {r['worker_rss_mb']:.0f} MB)"
          f"  docs {r['documents']} extracted {r['extracted']} cached {r['cached']}")


def main() -> None:
    global CORPUS, MODEL
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--skip-10k", action="store_true", help="skip the 10,000-document build")
    ap.add_argument("--no-model", action="store_true", help="rules-only extraction (zhkg build --no-model)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of the reference and of each --jobs build (median)")
    args = ap.parse_args()
    CORPUS = args.corpus
    MODEL = "0" if args.no_model else "1"
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    texts = [line.split("\t")[1] for line in lines]
    chars = sum(map(len, texts))
    work = Path(tempfile.mkdtemp(prefix="zhkg-bench-"))
    try:
        print(f"corpus: {CORPUS} — {len(texts)} documents, {chars:,} characters; machine: "
              f"{__import__('os').cpu_count()} cores, load {__import__('os').getloadavg()[0]:.2f}; "
              f"extraction {'rules only (--no-model)' if args.no_model else 'rules + CRF model'}")
        refs, ones, twos = [], [], []
        for i in range(args.repeat):  # interleaved, so a busy spell hits every kind alike
            refs.append(jieba_reference(texts))
            ones.append(one_build([str(CORPUS), str(work / f"j1-{i}"), "1", "1"]))
            twos.append(one_build([str(CORPUS), str(work / f"j2-{i}"), "2", "1"]))
        init = statistics.median(r[0] for r in refs)
        cut = statistics.median(r[1] for r in refs)
        print(f"{'plain jieba.lcut':<28} {cut:7.1f}s  {chars / cut:>9,.0f} chars/s  (+ {init:.1f}s dictionary load)"
              f"  median of {args.repeat}: {', '.join(f'{r[1]:.2f}' for r in refs)}")
        one, two = median_run(ones), median_run(twos)
        show("build --jobs 1", one, cut)
        print(f"{'':<28} walls {walls(ones)}")
        show("build --jobs 2", two, cut)
        print(f"{'':<28} walls {walls(twos)}")
        x1, x2 = one["timings"]["extract"], two["timings"]["extract"]
        print(f"--jobs 2 speed-up: {one['wall'] / two['wall']:.2f}x whole build, {x1 / x2:.2f}x extraction")
        # does the pool overlap? CPU seconds of the workers over the extraction's wall time
        print(f"--jobs 2 extraction: workers busy {two['worker_cpu'] / x2:.2f} cores on average "
              f"({two['worker_cpu']:.1f} CPU s in {x2:.1f} s; 2.00 = full overlap), parent "
              f"{two['cpu']:.1f} CPU s in all; --jobs 1 used {one['cpu']:.1f} CPU s")
        print(f"--jobs 1 extraction alone: {x1 / cut:.2f}x jieba; the rest (graph, exports, store): "
              f"{(one['wall'] - x1) / cut:.2f}x")

        # incremental: 10 new documents over the 1,000 cached in j1
        extra = [f"{cat}\t{text}（补充报道）" for cat, text in (ln.split("\t", 1) for ln in lines[:10])]
        # ids are FILE#LINE: build 1,000 lines, then append 10 lines to the same file
        inc_dir = work / "incsrc"
        inc_dir.mkdir()
        base = inc_dir / "corpus.tsv"
        base.write_text("\n".join(lines) + "\n", encoding="utf-8")
        full_run = one_build([str(base), str(work / "inc"), "1", "1"])
        show("full build (1,000, --jobs 1)", full_run, cut)
        base.write_text("\n".join(lines + extra) + "\n", encoding="utf-8")
        incs = []
        for i in range(args.repeat):  # each over its own copy of the 1,000 cached
            shutil.copytree(work / "inc", work / f"inc-{i}", symlinks=True)
            incs.append(one_build([str(base), str(work / f"inc-{i}"), "1", "1"]))
        inc, full = median_run(incs), median_run([*ones, full_run])
        show("incremental (+10 docs)", inc, cut)
        print(f"{'':<28} walls {walls(incs)}")
        print(f"incremental / full (medians, full over {len(ones) + 1} --jobs 1 builds): "
              f"{inc['wall'] / full['wall']:.1%} "
              f"(extraction {inc['timings']['extract']:.1f}s vs {full['timings']['extract']:.1f}s)")

        if not args.skip_10k:
            big = work / "cnews10000.tsv"
            with big.open("w", encoding="utf-8") as fh:
                for _ in range(10):
                    fh.write("\n".join(lines) + "\n")  # ids FILE#LINE are unique
            ten = one_build([str(big), str(work / "j10k"), "2", "1"])
            show("build 10,000 --jobs 2", ten, cut)
            print(f"10,000 / 1,000 docs (--jobs 2): time {ten['wall'] / two['wall']:.2f}x "
                  f"(extraction {ten['timings']['extract'] / x2:.2f}x); "
                  f"peak RSS {ten['rss_mb']:.0f} MB vs {two['rss_mb']:.0f} MB = "
                  f"{ten['rss_mb'] / two['rss_mb']:.2f}x (workers {ten['worker_rss_mb']:.0f} vs "
                  f"{two['worker_rss_mb']:.0f} MB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
