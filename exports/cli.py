"""The ``zhkg`` command line: the only module that prints.

Results go to stdout (so they pipe); progress, warnings and the summary go
to stderr. Exit codes: 0 ok, 1 some documents failed or input rejected,
2 usage error.
"""
from __future__ import annotations

import csv
import io
import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from zhkg.exports.cli_output import error_line, fail
from zhkg.extract.errors import ZhkgError

app = typer.Typer(
    name="zhkg",
    help="Build a knowledge graph from Chinese news and reports: entities, relations with evidence, "
    "RDF exports, SPARQL and an offline HTML view.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)


@app.command()
def build(
    source: Annotated[Path, typer.Argument(help="Folder of *.txt files (searched recursively) or one file.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder (created if missing).")] = Path("out"),
    no_html: Annotated[bool, typer.Option("--no-html", help="Skip graph.html.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1,
                                                help="Worker processes (default: all cores).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Ignore the cache in OUT: extract every document "
                                                         "again.")] = False,
    engine: Annotated[str, typer.Option("--engine", help="Where extraction runs: local (process pool) or "
                                                          "dask (a Dask cluster; needs the dask extra).")] = "local",
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Dask scheduler address, e.g. "
                                                     "tcp://10.0.0.5:8786 (default: a local cluster).")] = None,
    no_model: Annotated[bool, typer.Option("--no-model", help="Rules only, without the CRF name tagger: about "
                                            "twice as fast, finds fewer names without a suffix.")] = False,
    overrides: Annotated[Optional[Path], typer.Option("--overrides", help="CSV of forced merges, forbidden "
                                                      "merges and type fixes (default: OUT/overrides.csv "
                                                      "when it exists).")] = None,
    tsv_column: Annotated[Optional[int], typer.Option("--tsv-column", min=1, help="SOURCE is a TSV corpus "
                                                      "(or a folder of *.tsv): one document per line, its text "
                                                      "in this 1-based column; ids are FILE#LINE.")] = None,
) -> None:
    """Build the graph of a folder of texts.

    Writes graph.ttl, graph.nt, graph.jsonld, graph.nq, graph.trig (named graph
    per document), graph.json (networkx node-link), graph.html, a SPARQL store,
    summary.json and errors.jsonl into OUT. Results are cached per document in
    OUT/.zhkg, so a rebuild extracts only new and changed documents; all
    outputs are replaced at once.

    Example: zhkg build seeds/ --out out/ --jobs 4
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from zhkg.engines import ENGINES
    from zhkg.pipeline import build as run_build

    logging.getLogger("jieba").setLevel(logging.WARNING)
    if engine not in ENGINES:
        raise typer.BadParameter(f"unknown engine: {engine!r} (expected one of: {', '.join(sorted(ENGINES))})",
                                 param_hint="--engine")
    if scheduler is not None and engine != "dask":
        raise typer.BadParameter("--scheduler needs --engine dask", param_hint="--scheduler")
    show = err.is_terminal and not quiet
    options = dict(html=not no_html, jobs=jobs, force=force, engine=engine, scheduler=scheduler,
                   tsv_column=tsv_column, overrides=overrides, use_model=not no_model)
    try:
        if show:
            with Progress(TextColumn("extract"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                          console=err, transient=True) as bar:
                task = bar.add_task("extract", total=None)

                def progress(done: int, total: int, path: str) -> None:
                    bar.update(task, completed=done, total=total)

                report = run_build(source, out, progress=progress, **options)
        else:
            report = run_build(source, out, **options)
    except ZhkgError as exc:
        fail(exc)
        return
    for e in report.errors:
        error_line(e)
    if not quiet:
        t = Table(title=f"zhkg build → {out}", show_header=True)
        t.add_column("what")
        t.add_column("count", justify="right")
        t.add_row("documents", str(report.documents))
        t.add_row("  extracted", str(report.extracted))
        t.add_row("  from cache", str(report.cached))
        t.add_row("sentences", str(report.sentences))
        for k, v in sorted(report.entities.items()):
            t.add_row(f"entity {k}", str(v))
        for k, v in sorted(report.relations.items()):
            t.add_row(f"relation {k}", str(v))
        t.add_row("errors", str(len(report.errors)))
        t.add_row("seconds", f"{report.seconds:.1f}")
        err.print(t)
    for p in report.outputs:
        typer.echo(p)
    if report.errors:
        raise typer.Exit(1)




@app.command()
def query(
    out: Annotated[Path, typer.Argument(help="Output folder of a build (holds store/).")],
    sparql: Annotated[str, typer.Argument(help="SPARQL query; '-' reads it from stdin, '@file.rq' from a file. "
                                                "Prefixes zhkg:, id:, rdfs:, skos:, prov:, xsd: are predeclared.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table (default on a terminal), csv, tsv or json.")] = "",
) -> None:
    """Run a SPARQL query on the embedded store of a build.

    Example: zhkg query out/ 'SELECT ?n WHERE { ?o a zhkg:Company ; rdfs:label ?n }' --format csv
    """
    from zhkg.exports.sparql import run_query

    if sparql == "-":
        sparql = sys.stdin.read()
    elif sparql.startswith("@"):
        try:
            sparql = Path(sparql[1:]).read_text(encoding="utf-8")
        except OSError as exc:
            fail(f"{sparql[1:]}: cannot read query: {exc.strerror}")
    fmt = fmt or ("table" if sys.stdout.isatty() else "tsv")
    if fmt not in ("table", "csv", "tsv", "json"):
        raise typer.BadParameter(f"unknown format: {fmt!r} (expected table, csv, tsv or json)", param_hint="--format")
    try:
        names, rows = run_query(out, sparql)
    except ZhkgError as exc:
        fail(exc)
        return
    if fmt == "json":
        typer.echo(json.dumps([dict(zip(names, r)) for r in rows], ensure_ascii=False, indent=1))
    elif fmt in ("csv", "tsv"):
        buf = io.StringIO()
        w = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        w.writerow(names)
        w.writerows(rows)
        typer.echo(buf.getvalue(), nl=False)
    else:
        t = Table(*names)
        for r in rows:
            t.add_row(*r)
        Console().print(t)
        err.print(f"{len(rows)} rows")


#: Modules that add commands to ``app`` through a ``register(app)`` function.
COMMAND_MODULES = ("cli_ner", "cli_rdf", "cli_explore", "cli_scale", "cli_entities", "cli_relate")


def _register_plugins() -> None:
    import importlib
    import importlib.util

    for name in COMMAND_MODULES:
        if importlib.util.find_spec(f"zhkg.exports.{name}") is not None:
            importlib.import_module(f"zhkg.exports.{name}").register(app)


_register_plugins()


def main() -> None:
    """Entry point of the ``zhkg`` script."""
    app()
