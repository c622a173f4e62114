"""Where extraction time goes: each stage of ``Extractor.extract`` timed over
THUCNews (``../shared/data/thucnews/cnews1000.tsv``), beside plain
``jieba.lcut`` of the same documents (timed first, in the same process), as
multiples of jieba.

Stages overlap where one calls another (``crf-features`` is part of
``crf``; ``tokens`` includes jieba's own segmentation), so they do not add up
to the total. The collector runs as in a build (``zhkg.engines.fewer_collections``).

Usage: python tests/bench/bench_stages.py [--corpus PATH] [--docs N]
"""
from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "data" / "thucnews" / "cnews1000.tsv"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--docs", type=int, default=1000)
    args = ap.parse_args()

    from zhkg.engines import fewer_collections
    from zhkg.extract import crf, pipeline as P
    from zhkg.extract.records import Document

    spent: Counter[str] = Counter()

    def timed(owner: object, name: str, key: str) -> None:
        f = getattr(owner, name)

        def wrapper(*a, **k):  # noqa: ANN002, ANN003, ANN202
            t = time.perf_counter()
            try:
                return f(*a, **k)
            finally:
                spent[key] += time.perf_counter() - t

        setattr(owner, name, wrapper)

    lines = args.corpus.read_text(encoding="utf-8").splitlines()[: args.docs]
    docs = [Document(f"d{i}", "x", line.split("\t", 1)[1], "utf-8", str(i)) for i, line in enumerate(lines)]
    # the reference first, before the extractor's tables fill the heap: plain jieba, as bench_build.py runs it
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    t = time.perf_counter()
    for d in docs:
        jieba.lcut(d.text)
    jieba_s = time.perf_counter() - t
    ex = P.Extractor()
    for owner, name, key in ((P, "split_sentences", "reader (sentences)"), (P, "find_spans", "entity rules"),
                             (P, "find_relations", "relation rules"), (P, "_model_windows", "model windows"),
                             (crf.NerModel, "tag_scored", "crf"), (crf.FeatureExtractor, "features", "crf-features"),
                             (type(ex.segmenter), "tokens", "tokens (jieba + POS)")):
        timed(owner, name, key)
    ex.extract(docs[0])
    spent.clear()
    with fewer_collections():
        t = time.perf_counter()
        for d in docs:
            ex.extract(d)
        total = time.perf_counter() - t
    jieba = jieba_s
    chars = sum(len(d.text) for d in docs)
    print(f"{len(docs)} documents, {chars:,} characters; extraction {total:.2f} s = {total / jieba:.2f}x "
          f"jieba.lcut of the same documents ({jieba:.2f} s)")
    for key, sec in spent.most_common():
        print(f"  {key:<22} {sec:6.2f} s  {sec / jieba:5.2f}x jieba")


if __name__ == "__main__":
    main()
