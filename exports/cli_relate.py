"""Commands ``zhkg relate``, ``zhkg eval-relations`` and ``zhkg train-relations``."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from zhkg.exports.cli_output import error_line
from rich.console import Console
from rich.table import Table

__all__ = ["register"]

err = Console(stderr=True)




def relate(
    threshold: Annotated[float, typer.Option(help="Least model probability for a relation.")] = 0.5,
    no_model: Annotated[bool, typer.Option("--no-model", help="Rules only.")] = False,
) -> None:
    """Classify the relation between two names in each input line.

    Reads JSON Lines on stdin, each with "text", "head" and "tail" (names that
    occur in the text); writes each input object plus "relation" (a schema
    relation or null), "direction" ("head->tail" or "tail->head") and
    "confidence". A bad line gets a one-line error on stderr with its line
    number; the others are still processed (exit 1 if any failed).

    Example: echo '{"text": "北斗星通落地仙桃数据谷", "head": "北斗星通", "tail": "仙桃数据谷"}' | zhkg relate
    """
    from zhkg.extract.relate import Relater

    relater = Relater(use_model=not no_model, threshold=threshold)
    failed = 0
    out = sys.stdout
    for lineno, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ValueError("not a JSON object")
            text, head, tail = obj["text"], obj["head"], obj["tail"]
            if not all(isinstance(x, str) for x in (text, head, tail)):
                raise ValueError('"text", "head" and "tail" must be strings')
            res = relater.relate(text, head, tail)
        except json.JSONDecodeError as exc:
            failed += 1
            error_line(f"<stdin>:{lineno}: not valid JSON: {exc.msg}")
            continue
        except KeyError as exc:
            failed += 1
            error_line(f"<stdin>:{lineno}: missing field {exc.args[0]!r}")
            continue
        except ValueError as exc:
            failed += 1
            error_line(f"<stdin>:{lineno}: {exc}")
            continue
        obj["relation"] = res.relation.value if res.relation is not None else None
        obj["direction"] = res.direction
        obj["confidence"] = res.confidence
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    out.flush()
    if failed:
        raise typer.Exit(1)


def _table(title: str, rows) -> Table:  # noqa: ANN001
    t = Table(title=title)
    for c in ("relation", "tp", "fp", "fn", "P", "R", "F1"):
        t.add_column(c, justify="left" if c == "relation" else "right")
    for r, tp, fp, fn, p, rc, f in rows:
        t.add_row(r, str(tp), str(fp), str(fn), f"{p:.2f}", f"{rc:.2f}", f"{f:.2f}")
    return t


def eval_relations(
    gold: Annotated[Optional[list[Path]], typer.Option(help="Gold files (default: tests/gold/relations_*.jsonl).")] = None,
    data: Annotated[Optional[Path], typer.Option(help="Shared data folder (default: ../shared/data).")] = None,
    seeds: Annotated[Path, typer.Option(help="Folder of the seed documents gold files name.")] = Path("seeds"),
) -> None:
    """Print per-relation precision / recall / F1 on the gold files and on
    FinRE valid, and a calibration table of confidence; then partnerOf on
    FinRE valid against the blind hand adjudication
    (tests/gold/finre_valid_adjudicated.tsv), weighted and unweighted.

    Example: zhkg eval-relations
    """
    from zhkg.evaluation import calibration, evaluate_finre, evaluate_gold_file
    from zhkg.extract.corpora import shared_data_dir
    from zhkg.extract.pipeline import Extractor
    from zhkg.extract.relate import Relater

    shared = data or shared_data_dir()
    repo = Path(__file__).resolve().parent.parent
    files = gold or sorted((repo / "tests" / "gold").glob("relations_*.jsonl"))
    from zhkg.evaluation import Scores
    from zhkg.extract.relations import RULE_CONFIDENCE

    console = Console()
    x = Extractor()
    preds = []
    total = Scores()
    for f in files:
        sc = evaluate_gold_file(f, seeds if seeds.is_dir() else repo / "seeds", shared, x)
        console.print(_table(f"gold: {f.name}", sc.table()))
        preds += sc.predictions
        total.add(sc)
    t = Table(title="precision of each rule on the gold files (edges whose strongest evidence it is)")
    for c in ("rule", "right", "edges", "precision", "smoothed (k+1)/(n+2)", "configured confidence"):
        t.add_column(c)
    for rule, (ok, n) in sorted(total.rules.items()):
        t.add_row(rule, str(ok), str(n), f"{ok / n:.2f}", f"{(ok + 1) / (n + 2):.2f}",
                  f"{RULE_CONFIDENCE.get(rule, 0.5):.2f}")
    console.print(t)
    t = Table(title="calibration of edge confidence on the gold files")
    for c in ("confidence", "edges", "mean confidence", "observed precision"):
        t.add_column(c)
    for b, n, mc, prec in calibration(preds):
        t.add_row(b, str(n), f"{mc:.2f}", f"{prec:.2f}")
    console.print(t)
    if shared is None or not (shared / "finre" / "valid.txt").exists():
        err.print("FinRE: ../shared/data/finre/valid.txt not found; skipped")
        err.print("FinRE adjudicated partnerOf: no FinRE valid to match tests/gold/finre_valid_adjudicated.tsv; skipped")
        return
    adjudicated = _load_adjudicated(shared / "finre" / "valid.txt")
    answers: dict[str, dict] = {}
    for name, kw in (("rules", {"use_model": False}), ("model", {"use_rules": False}), ("rules+model", {})):
        answers[name] = {}
        sc = evaluate_finre(shared / "finre" / "valid.txt", Relater(**kw), answers[name])
        console.print(_table(f"FinRE valid, pair level: {name}", sc.table()))
        t = Table(title=f"calibration on FinRE valid: {name}")
        for c in ("confidence", "pairs", "mean confidence", "observed precision"):
            t.add_column(c)
        for b, n, mc, prec in calibration(sc.predictions):
            t.add_row(b, str(n), f"{mc:.2f}", f"{prec:.2f}")
        console.print(t)
    if adjudicated is not None:
        _print_adjudicated(console, *adjudicated, answers)


def _load_adjudicated(valid: Path):
    """Judged pairs and stratum weights, or None (with a message) when the
    adjudication cannot be used with this FinRE file."""
    from zhkg.evaluation import ADJUDICATED_FINRE, AdjudicationError, load_adjudication, match_adjudication

    if not ADJUDICATED_FINRE.exists():
        err.print(f"FinRE adjudicated partnerOf: {ADJUDICATED_FINRE} not found; skipped")
        return None
    try:
        return match_adjudication(load_adjudication(ADJUDICATED_FINRE), valid)
    except AdjudicationError as exc:
        err.print(f"FinRE adjudicated partnerOf: {exc}; skipped")
        return None


def _print_adjudicated(console: Console, judged, weights, answers: dict[str, dict]) -> None:
    from zhkg.evaluation import precision_recall_curve, recall_at_precision, score_adjudicated

    n = {s: sum(r.stratum == s for _, r in judged) for s in "abc"}
    t = Table(title=f"FinRE valid partnerOf, blind adjudication ({n['a']} a + {n['b']} b + {n['c']} c pairs judged): "
                    f"wtd = c weighted {weights['c']:.2f} (estimate over all pairs), judged = unweighted")
    for c in ("relater", "labels", "pairs", "tp/fp/fn", "P", "R", "F1"):
        t.add_column(c, justify="left" if c in ("relater", "labels", "pairs") else "right", no_wrap=True)
    curves, best = {}, {}
    for name, res in answers.items():
        items = []
        for key, r in judged:
            a = res[key]
            pred = a.relation is not None and a.relation.value == "partnerOf"
            items.append((r.stratum, r.gold, r.finre, pred, a.confidence))
        curves[name] = [(s, g, p, c) for s, g, _, p, c in items]
        best[name] = recall_at_precision(curves[name], weights)
        for labels, idx in (("FinRE", 2), ("adjud", 1)):
            sc = score_adjudicated([(it[0], it[idx], it[3]) for it in items], weights)
            for kind in ("wtd", "judged"):
                tp, fp, fn, p, rc, f = sc["weighted" if kind == "wtd" else kind]
                t.add_row(name, labels, kind, f"{tp:.1f}/{fp:.1f}/{fn:.1f}", f"{p:.2f}", f"{rc:.2f}", f"{f:.2f}")
    console.print(t)
    for name, pt in best.items():
        console.print(f"adjud wtd, {name}: best R at P>=0.85 "
                      + (f"{pt[2]:.2f} (P {pt[1]:.2f}, confidence >= {pt[0]:.3f})" if pt else "none"))
    t = Table(title="precision/recall of partnerOf over confidence, adjudicated labels (wtd): rules+model")
    for c in ("confidence >=", "P", "R"):
        t.add_column(c, justify="right")
    for thr, p, rc in precision_recall_curve(curves["rules+model"], weights):
        t.add_row(f"{thr:.3f}", f"{p:.2f}", f"{rc:.2f}")
    console.print(t)


def train_relations(
    data: Annotated[Optional[Path], typer.Option(help="Shared data folder (default: ../shared/data).")] = None,
    out: Annotated[Optional[Path], typer.Option(help="Model path (default: the packaged model).")] = None,
) -> None:
    """Rebuild the relation classifier from FinRE train (deterministic).

    Example: zhkg train-relations
    """
    from zhkg.extract.corpora import shared_data_dir
    from zhkg.extract.finre import load_finre
    from zhkg.extract.relclass import model_path, train_classifier

    shared = data or shared_data_dir()
    if shared is None or not (shared / "finre" / "train.txt").exists():
        error_line("../shared/data/finre/train.txt not found (use --data)")
        raise typer.Exit(1)
    target = out or model_path()
    n = train_classifier(load_finre(shared / "finre" / "train.txt"), target)
    typer.echo(f"{n} instances -> {target}")


def register(app: typer.Typer) -> None:
    app.command("relate")(relate)
    app.command("eval-relations")(eval_relations)
    app.command("train-relations")(train_relations)
