"""The exploration commands of the ``zhkg`` CLI: show, path, neighbors, top,
communities, view and plot.

``cli.py`` calls :func:`register` to add them to its typer app. Each command
loads the graph of a build (``OUT/graph.json``), calls :mod:`zhkg.graph.explore`
and renders: rich tables on stdout for people, ``--json`` for scripts. Names
are matched loosely (canonical name, alias, part of one, abbreviation); an
unknown or ambiguous name is a one-line ``zhkg: error: ...`` and exit 1.
"""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from zhkg.exports.cli_output import fail

__all__ = ["register", "to_json"]

_OUT = Annotated[Path, typer.Argument(help="Output folder of a build (holds graph.json).")]
_JSON = Annotated[bool, typer.Option("--json", help="Print JSON (stable keys) instead of tables.")]
_RELATIONS = Annotated[Optional[list[str]], typer.Option(
    "--relation", "-r", help="Only follow this relation (repeatable), e.g. partnerOf.")]
_TYPES = Annotated[Optional[list[str]], typer.Option(
    "--type", "-t", help="Only entities of this type (repeatable): Company, ..., or Organization, Place.")]


def to_json(value) -> str:
    """Records (dataclasses, lists of them) as indented JSON, Chinese kept readable.

    Examples
    --------
    >>> from zhkg.graph.explore import EntityMatch
    >>> print(to_json([EntityMatch("a", "华为", "Company", "华为", 1.0)]))
    [
     {
      "node": "a",
      "label": "华为",
      "type": "Company",
      "matched": "华为",
      "score": 1.0
     }
    ]
    """
    def plain(v):
        if dataclasses.is_dataclass(v) and not isinstance(v, type):
            return {f.name: plain(getattr(v, f.name)) for f in dataclasses.fields(v)}
        if isinstance(v, (list, tuple)):
            return [plain(x) for x in v]
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()}
        return v
    return json.dumps(plain(value), ensure_ascii=False, indent=1)


def _console():
    from rich.console import Console

    return Console(soft_wrap=False)


def _err():
    from rich.console import Console

    return Console(stderr=True)




def _arrow(relation: str, forward: bool) -> str:
    return f"-{relation}->" if forward else f"<-{relation}-"


def _sentence(ev, width: int = 160) -> str:
    if ev is None:
        return ""
    if not ev.sentence_text:
        return f"[{ev.doc_id}, {ev.rule}]"
    text = " ".join(ev.sentence_text.split())
    if len(text) > width:
        text = text[: width - 1] + "…"
    return f"「{text}」 [{ev.doc_id} #{ev.sentence}, {ev.rule}, {ev.confidence:.2f}]"


def register(app: typer.Typer) -> None:
    """Add the exploration commands to ``app``."""
    from zhkg.extract.errors import ZhkgError

    def load(out: Path):
        from zhkg import load_graph

        return load_graph(out)

    @app.command()
    def show(
        out: _OUT,
        name: Annotated[str, typer.Argument(help="Name, alias or part of one (or a node id).")],
        types: _TYPES = None,
        evidence: Annotated[int, typer.Option("--evidence", "-e", help="Sentences shown per relation.")] = 1,
        as_json: _JSON = False,
    ) -> None:
        """Show an entity card: type, aliases, place, quantities, relations with evidence.

        Example: zhkg show out/ 市计量质检院
        """
        from rich.table import Table

        from zhkg.graph.explore import entity_card, resolve_entity

        try:
            g = load(out)
            card = entity_card(g, resolve_entity(g, name, types))
        except ZhkgError as exc:
            fail(exc)
            return
        if as_json:
            typer.echo(to_json(card))
            return
        con = _console()
        con.print(f"[bold]{card.label}[/bold]  {card.type}  ({card.node})", highlight=False)
        if card.aliases:
            con.print("aliases: " + "、".join(card.aliases), markup=False, highlight=False)
        place = [g.nodes[n]["label"] for n in card.region_chain]
        if place or card.region_code:
            code = f"  (code {card.region_code})" if card.region_code else ""
            con.print("place: " + " → ".join(place) + code, markup=False, highlight=False)
        con.print(f"documents: {len(card.documents)}  " + "、".join(card.documents[:5]), markup=False,
                  highlight=False)
        if card.quantities:
            t = Table("metric", "value", "year", "sentence", title="quantities", title_justify="left")
            for q in card.quantities:
                t.add_row(q.metric, f"{q.qualifier or ''}{q.value:g}{q.unit}", str(q.year or ""),
                          _sentence(q.evidence, 80))
            con.print(t)
        groups: dict[tuple[str, bool], list] = {}
        for r in card.relations:
            groups.setdefault((r.relation, r.forward), []).append(r)
        for (rel, fwd), rows in groups.items():
            title = f"{rel} →" if fwd else f"← {rel}"
            t = Table("entity", "type", "conf.", "evidence", title=f"{title} ({len(rows)})", title_justify="left")
            for r in rows:
                sentences = "\n".join(_sentence(e) for e in r.evidence[: max(evidence, 0)])
                t.add_row(r.other_label, r.other_type, f"{r.confidence:.2f}", sentences)
            con.print(t)

    @app.command()
    def path(
        out: _OUT,
        source: Annotated[str, typer.Argument(help="First entity (name, alias or part).")],
        target: Annotated[str, typer.Argument(help="Second entity.")],
        max_length: Annotated[Optional[int], typer.Option(
            "--max-length", "-n", help="Show every path up to this many steps (default: the shortest length).")] = None,
        relations: _RELATIONS = None,
        limit: Annotated[int, typer.Option("--limit", help="At most this many paths.")] = 10,
        as_json: _JSON = False,
    ) -> None:
        """Show how two entities are connected, with the sentence behind each step.

        Example: zhkg path out/ 力帆科技公司 市计量质检院
        """
        from zhkg.graph.explore import all_paths, resolve_entity, shortest_path

        try:
            g = load(out)
            a, b = resolve_entity(g, source), resolve_entity(g, target)
            if a == b:
                raise ZhkgError(f"{source!r} and {target!r} are the same entity ({g.nodes[a]['label']})")
            length = max_length or len(shortest_path(g, a, b, relations))
            paths = all_paths(g, a, b, max_length=length, relations=relations, limit=limit)
        except ZhkgError as exc:
            fail(exc)
            return
        if as_json:
            typer.echo(to_json([{"length": len(p), "confidence": p.confidence, "text": str(p), "steps": p.steps}
                                for p in paths]))
            return
        con = _console()
        for i, p in enumerate(paths, 1):
            con.print(f"[bold]{i}.[/bold] {_escape(str(p))}  [dim](confidence {p.confidence:.2f})[/dim]",
                      highlight=False)
            for s in p.steps:
                con.print(f"   {s.source_label} {_arrow(s.relation, s.forward)} {s.target_label}", markup=False,
                          highlight=False)
                if s.evidence is not None:
                    con.print(f"      {_sentence(s.evidence)}", markup=False, highlight=False)
        _err().print(f"{len(paths)} path(s) of at most {length} step(s)", highlight=False)

    @app.command()
    def neighbors(
        out: _OUT,
        name: Annotated[str, typer.Argument(help="Entity (name, alias or part).")],
        hops: Annotated[int, typer.Option("--hops", "-k", min=1, help="Largest distance.")] = 1,
        relations: _RELATIONS = None,
        types: _TYPES = None,
        as_json: _JSON = False,
    ) -> None:
        """List the entities within some steps of one entity.

        Example: zhkg neighbors out/ 仙桃数据谷 --hops 2 --type Organization
        """
        from rich.table import Table

        from zhkg.graph.explore import neighbors as find_neighbors, resolve_entity

        try:
            g = load(out)
            node = resolve_entity(g, name)
            rows = find_neighbors(g, node, hops=hops, relations=relations, types=types)
        except ZhkgError as exc:
            fail(exc)
            return
        if as_json:
            typer.echo(to_json(rows))
            return
        t = Table("hops", "entity", "type", "via", title=f"{g.nodes[node]['label']}: {len(rows)} neighbour(s)",
                  title_justify="left")
        for n in rows:
            t.add_row(str(n.distance), n.label, n.type, f"{_arrow(n.relation, n.forward)} {g.nodes[n.via]['label']}"
                      if n.distance > 1 else _arrow(n.relation, n.forward))
        _console().print(t)

    @app.command()
    def top(
        out: _OUT,
        by: Annotated[str, typer.Option("--by", help="pagerank, degree or betweenness.")] = "pagerank",
        types: _TYPES = None,
        relations: _RELATIONS = None,
        n: Annotated[int, typer.Option("--top", "-n", min=1, help="How many.")] = 20,
        as_json: _JSON = False,
    ) -> None:
        """Rank the hubs: degree, PageRank and betweenness (organisations by default).

        Example: zhkg top out/ --by betweenness -n 10
        """
        from rich.table import Table

        from zhkg.graph.explore import MEASURES, centrality

        if by not in MEASURES:
            raise typer.BadParameter(f"unknown measure: {by!r} (expected {', '.join(MEASURES)})", param_hint="--by")
        try:
            rows = centrality(load(out), types=types or ("Organization",), relations=relations, top=n, by=by)
        except ZhkgError as exc:
            fail(exc)
            return
        if as_json:
            typer.echo(to_json(rows))
            return
        t = Table("#", "entity", "type", "degree", "PageRank", "betweenness", title=f"top {n} by {by}",
                  title_justify="left")
        for i, c in enumerate(rows, 1):
            t.add_row(str(i), c.label, c.type, str(c.degree), f"{c.pagerank:.4f}", f"{c.betweenness:.4f}")
        _console().print(t)

    @app.command()
    def communities(
        out: _OUT,
        seed: Annotated[int, typer.Option("--seed", help="Louvain seed (same seed, same communities).")] = 42,
        resolution: Annotated[float, typer.Option("--resolution", help="Above 1: smaller communities.")] = 1.0,
        relations: _RELATIONS = None,
        min_size: Annotated[int, typer.Option("--min-size", min=1, help="Leave out smaller communities.")] = 2,
        as_json: _JSON = False,
    ) -> None:
        """Find communities (Louvain), each named by its hubs and main park or region.

        Example: zhkg communities out/ --min-size 5
        """
        from rich.table import Table

        from zhkg.graph.explore import communities as find_communities

        try:
            g = load(out)
            rows = find_communities(g, seed=seed, resolution=resolution, relations=relations, min_size=min_size)
        except ZhkgError as exc:
            fail(exc)
            return
        if as_json:
            typer.echo(to_json([dict(dataclasses.asdict(c), size=c.size,
                                     member_labels=[g.nodes[m]["label"] for m in c.members]) for c in rows]))
            return
        t = Table("#", "size", "community", "members", title=f"{len(rows)} communities (seed {seed})",
                  title_justify="left")
        for c in rows:
            names = [g.nodes[m]["label"] for m in c.members]
            t.add_row(str(c.index), str(c.size), c.label, "、".join(names[:8]) + ("…" if len(names) > 8 else ""))
        _console().print(t)

    @app.command()
    def view(
        out: _OUT,
        focus: Annotated[Optional[str], typer.Option("--focus", "-f", help="Draw the neighbourhood of this entity.")] = None,
        hops: Annotated[int, typer.Option("--hops", "-k", min=1, help="Neighbourhood radius with --focus.")] = 2,
        relations: _RELATIONS = None,
        output: Annotated[Optional[Path], typer.Option(
            "--output", "-o", help="HTML file (default: OUT/view.html, or OUT/view-<id>.html with --focus).")] = None,
        max_nodes: Annotated[int, typer.Option("--max-nodes", min=1, help="Larger graphs show the top nodes by PageRank.")] = 2000,
    ) -> None:
        """Write an interactive HTML view (offline, one file) of the graph or one neighbourhood.

        Example: zhkg view out/ --focus 力帆科技公司 --hops 2 -o lifan.html
        """
        from zhkg.exports.html import write_html
        from zhkg.graph.explore import ego_subgraph, resolve_entity

        try:
            g = load(out)
            if focus is None:
                sub, node, title = g, None, f"zhkg: {out.resolve().name}"
            else:
                node = resolve_entity(g, focus)
                sub = ego_subgraph(g, node, hops=hops, relations=relations)
                title = f"zhkg: {g.nodes[node]['label']} ±{hops}"
            dest = output or (out / (f"view-{node}.html" if node else "view.html"))
            write_html(sub, dest, title=title, max_nodes=max_nodes, focus=node)
        except ZhkgError as exc:
            fail(exc)
            return
        _err().print(f"{sub.number_of_nodes()} nodes, {sub.number_of_edges()} edges", highlight=False)
        typer.echo(dest)

    @app.command()
    def plot(
        out: _OUT,
        output: Annotated[Path, typer.Option("--output", "-o", help="Picture file: .png, .svg or .pdf.")],
        focus: Annotated[Optional[str], typer.Option("--focus", "-f", help="Draw the neighbourhood of this entity.")] = None,
        hops: Annotated[int, typer.Option("--hops", "-k", min=1, help="Neighbourhood radius with --focus.")] = 1,
        relations: _RELATIONS = None,
        seed: Annotated[int, typer.Option("--seed", help="Layout seed.")] = 42,
    ) -> None:
        """Draw a static picture for reports (needs matplotlib, the 'plot' extra).

        Example: zhkg plot out/ --focus 市计量质检院 -o metrology.png
        """
        from zhkg.exports.plot import plot_graph
        from zhkg.graph.explore import ego_subgraph, resolve_entity

        try:
            g = load(out)
            node = resolve_entity(g, focus) if focus else None
            sub = ego_subgraph(g, node, hops=hops, relations=relations) if node else g
            title = g.nodes[node]["label"] if node else None
            plot_graph(sub, output, focus=node, title=title, seed=seed)
        except ZhkgError as exc:
            fail(exc)
            return
        typer.echo(output)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
