"""Benchmark the CRF NER model step: feature extraction + tagging, chars/second.

Not a test: a script that prints figures. It pins itself to one CPU core,
tags the CLUENER dev texts (repeated to about 200,000 characters) three
times and prints the median throughput of each stage::

    python tests/bench/bench_ner.py [--data DIR] [--model PATH] [--repeat 3]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from zhkg.extract.corpora import cluener_path, cluener_splits
from zhkg.extract.crf import load_ner_model


def _median_rate(fn, texts: list[str], repeat: int) -> tuple[float, list[float]]:
    chars = sum(map(len, texts))
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for t in texts:
            fn(t)
        times.append(time.perf_counter() - t0)
    return chars / statistics.median(times), times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=None, help="shared data folder")
    ap.add_argument("--model", type=Path, default=None, help="model file (default: the shipped one)")
    ap.add_argument("--repeat", type=int, default=3, help="runs; the median is reported")
    ap.add_argument("--chars", type=int, default=200_000, help="characters per run (dev texts repeated)")
    args = ap.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    src = cluener_path(args.data)
    if src is None:
        print("bench_ner: CLUENER train.jsonl not found (set ZHKG_SHARED or --data)", file=sys.stderr)
        return 1
    _, _, dev = cluener_splits(src)
    dev_texts = [ex.text for ex in dev]
    texts: list[str] = []
    while sum(map(len, texts)) < args.chars:
        texts.extend(dev_texts)
    t0 = time.perf_counter()
    model = load_ner_model(args.model)
    model.tag("预热")  # builds the segmenter and lexicons
    load_s = time.perf_counter() - t0
    fx = model.features
    feats = [fx.features(t) for t in texts]
    tagger = model._tagger
    chars = sum(map(len, texts))
    stages = {
        "jieba words": (fx.words, texts),
        "features (incl. jieba)": (fx.features, texts),
        "model step (features + tagging + decoding)": (model.tag, texts),
    }
    print(f"model {model.path} ({model.path.stat().st_size:,} bytes), loaded in {load_s:.2f} s")
    print(f"{len(texts)} texts, {chars:,} chars per run, median of {args.repeat}, one core")
    for name, (fn, xs) in stages.items():
        rate, times = _median_rate(fn, xs, args.repeat)
        print(f"  {name:<45} {rate:>10,.0f} chars/s   runs: {', '.join(f'{t:.3f}s' for t in times)}")
    times = []
    for _ in range(args.repeat):
        t1 = time.perf_counter()
        for f in feats:
            tagger.tag(f)
        times.append(time.perf_counter() - t1)
    print(f"  {'crfsuite tagging alone (features precomputed)':<45} {chars / statistics.median(times):>10,.0f} chars/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
