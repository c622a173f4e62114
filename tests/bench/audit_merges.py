"""Draw merges at random for a person to judge (issue 6's merge audit).

Each line of the corpus is ``category<TAB>text`` (THUCNews). Extraction
results are cached (pickle, keyed by the corpus digest and the extractor
fingerprint: its version and a digest of its code and data) so re-running after a change to resolution takes seconds.

A *merge* is one join that resolution made:

- an alias attached to an entity by a rule (``region-code``, ``declared``,
  ``company-form``, ``abbreviation``, ``region-prefix``, ``branch``);
- a ``same-name`` join: one more document whose mention of the name was put
  in an entity first seen in another document.

The draw is stratified by rule (each rule its share of ``--n``, at least 20
or all it has), so rare rules are judged too; report precision per rule.

The script prints one block per drawn merge: the entity, the alias or
document joined, the rule, and the sentences where each form occurs, so the
merge can be judged by reading. Run:

    python tests/bench/audit_merges.py ../shared/data/thucnews/cnews1000.tsv --n 120 --seed 6
"""
from __future__ import annotations

import argparse
import hashlib
import pickle
import random
import sys
from collections import Counter
from pathlib import Path


def _extract(tsv: Path, cache: Path, jobs: int) -> tuple[list, dict[str, str]]:
    from concurrent.futures import ProcessPoolExecutor

    from zhkg.extract.pipeline import extractor_fingerprint

    raw = tsv.read_bytes()
    texts = {}
    for i, line in enumerate(raw.decode("utf-8").splitlines()):
        _, _, text = line.partition("\t")
        texts[f"cnews/{i:04d}"] = text
    key = hashlib.sha256(raw + extractor_fingerprint().encode()).hexdigest()[:16]
    path = cache / f"audit-{key}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes()), texts
    items = sorted(texts.items())
    with ProcessPoolExecutor(jobs) as pool:
        results = list(pool.map(_extract_one, items, chunksize=20))
    path.write_bytes(pickle.dumps(results))
    return results, texts


_EXTRACTOR = None


def _extract_one(item: tuple[str, str]):
    global _EXTRACTOR
    from zhkg.extract.pipeline import Extractor
    from zhkg.extract.records import Document

    if _EXTRACTOR is None:
        _EXTRACTOR = Extractor()
    doc_id, text = item
    return _EXTRACTOR.extract(Document(doc_id, f"{doc_id}.txt", text, "utf-8",
                                       hashlib.sha256(text.encode()).hexdigest()))


def _context(text: str, name: str, width: int = 30) -> str:
    i = text.find(name)
    if i < 0:
        return "(not found verbatim)"
    return text[max(0, i - width): i + len(name) + width].replace("\n", " ")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tsv", type=Path, help="corpus: category<TAB>text per line")
    ap.add_argument("--n", type=int, default=120, help="merges to draw")
    ap.add_argument("--seed", type=int, default=6, help="random seed (fixed: the same draw each run)")
    ap.add_argument("--cache", type=Path, default=Path("/tmp"), help="folder for the extraction cache")
    ap.add_argument("--jobs", type=int, default=2, help="extraction processes")
    args = ap.parse_args(argv)

    from zhkg.extract.gazetteer import load_gazetteer
    from zhkg.graph.resolve import resolve_entities

    results, texts = _extract(args.tsv, args.cache, args.jobs)
    res = resolve_entities(results, load_gazetteer())
    mention_docs: dict[tuple[str, str], set[str]] = {}
    for r in results:
        for m in r.mentions:
            e = res.entity_of(m)
            if e is not None:
                mention_docs.setdefault((e.id, m.name), set()).add(r.doc_id)
    merges = []
    for e in sorted(res.entities.values(), key=lambda e: e.id):
        for alias, rule, doc in e.merges:
            merges.append((rule, e, alias, doc))
        for name in sorted({e.label, *e.aliases}):
            docs = sorted(mention_docs.get((e.id, name), ()))
            for d in docs[1:]:
                merges.append(("same-name", e, name, d))
    counts = Counter(rule for rule, *_ in merges)
    print(f"# {len(results)} documents, {len(res.entities)} entities, {len(merges)} merges: "
          f"{dict(sorted(counts.items()))}", file=sys.stderr)
    print(f"# ambiguous short names kept apart: {len(res.ambiguous)}", file=sys.stderr)
    # stratified by rule: each rule gets its share of the draw, at least 20 (or all it has)
    rng = random.Random(args.seed)
    drawn = []
    for rule in sorted(counts):
        pool = [x for x in merges if x[0] == rule]
        k = min(len(pool), max(20, round(args.n * len(pool) / len(merges))))
        drawn += rng.sample(pool, k)
    for k, (rule, e, alias, doc) in enumerate(drawn, 1):
        first = min(e.documents)
        print(f"{k}\t{rule}\t{e.type.value}\t{e.label}\t<=\t{alias}\t{doc or '-'}")
        print(f"\talias: {_context(texts.get(doc or first, ''), alias)}")
        other = next((d for d in sorted(e.documents) if d != doc), first)
        shown = e.label if e.label in texts.get(other, "") else next(
            (a for a in sorted(e.aliases) if a != alias and a in texts.get(other, "")), e.label)
        print(f"\t{shown} ({other}): {_context(texts.get(other, ''), shown)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
