"""The ``zhkg entities`` command: every entity with its aliases and merge evidence.

``cli.py`` calls :func:`register` to add it to its typer app. The command is
thin: it loads the built graph, calls :mod:`zhkg.graph.resolve`, renders.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["register", "entity_rows"]


def entity_rows(g) -> list[dict]:
    """One dict per named entity (not partnerships), sorted by type and label."""
    rows = []
    for n, d in g.nodes(data=True):
        if d.get("type") == "Partnership":
            continue
        rows.append({
            "id": n, "label": d["label"], "type": d["type"], "aliases": list(d.get("aliases", [])),
            "documents": list(d.get("documents", [])), "region_code": d.get("region_code"),
            "merges": [{"alias": a, "rule": r, "doc": doc} for a, r, doc in d.get("merges", [])],
        })
    return sorted(rows, key=lambda r: (r["type"], r["label"], r["id"]))


def register(app: typer.Typer) -> None:
    """Add the ``entities`` command to ``app``."""

    @app.command("entities")
    def entities(
        out: Annotated[Path, typer.Argument(help="Output folder of a build (holds graph.json).")],
        suspicious: Annotated[bool, typer.Option("--suspicious", help="Only likely wrong and likely missed "
                                                 "merges, for a person to check.")] = False,
        as_json: Annotated[bool, typer.Option("--json", help="JSON on stdout (stable keys and order).")] = False,
    ) -> None:
        """List every entity: type, canonical name, aliases, documents, and the rule behind each merge.

        Fix what is wrong in OUT/overrides.csv (merge, forbid, type) and build again.

        Example: zhkg entities out/ --suspicious
        """
        from zhkg import load_graph
        from zhkg.extract.errors import ZhkgError
        from zhkg.graph.resolve import suspicious_entities

        try:
            g = load_graph(out)
        except ZhkgError as exc:
            typer.echo(f"zhkg: error: {exc}", err=True)
            raise typer.Exit(1)
        if suspicious:
            report = suspicious_entities(g)
            if as_json:
                typer.echo(json.dumps(report, ensure_ascii=False, indent=1))
                return
            for w in report["wrong"]:
                typer.echo(f"wrong?\t{w['type']}\t{w['label']}\t{w['id']}\t" + "; ".join(w["reasons"]))
            for m in report["missed"]:
                typer.echo(f"missed?\t{m['name']}\t{' | '.join(m['candidates'])}\t{m['reason']}")
            typer.echo(f"{len(report['wrong'])} likely wrong, {len(report['missed'])} likely missed", err=True)
            return
        rows = entity_rows(g)
        if as_json:
            typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
            return
        for r in rows:
            code = f" [{r['region_code']}]" if r["region_code"] else ""
            typer.echo(f"{r['type']}\t{r['label']}{code}\t{r['id']}\t{len(r['documents'])} docs")
            for m in r["merges"]:
                typer.echo(f"\t<= {m['alias']}\t{m['rule']}\t{m['doc'] or '-'}")
        typer.echo(f"{len(rows)} entities", err=True)
