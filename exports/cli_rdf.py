"""The linked-data commands of the ``zhkg`` CLI: ``validate``, ``serve``, ``push``, ``queries``, ``ask``.

``cli.py`` calls :func:`register` to add them to its typer app. Commands are
thin: parse, call :mod:`zhkg.exports.shacl`, :mod:`~zhkg.exports.serve`,
:mod:`~zhkg.exports.push` or :mod:`~zhkg.exports.sparql`, render. stdout holds
only the result; progress and errors go to stderr as one line each.
"""
from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from zhkg.exports.cli_output import fail

from zhkg.extract.errors import ZhkgError

__all__ = ["register", "render_rows"]

_FORMATS = ("table", "csv", "tsv", "json")




def render_rows(names: list[str], rows: list[list[str]], fmt: str) -> str:
    """Rows as ``csv``, ``tsv`` or ``json`` (stable keys and order), or an aligned ``table``.

    Examples
    --------
    >>> print(render_rows(["region", "code"], [["合川区", "500117"]], "tsv"), end="")
    region	code
    合川区	500117
    >>> render_rows(["n"], [["1"]], "json")
    '[\\n {\\n  "n": "1"\\n }\\n]\\n'
    """
    if fmt == "json":
        return json.dumps([dict(zip(names, r)) for r in rows], ensure_ascii=False, indent=1) + "\n"
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        w = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        w.writerow(names)
        w.writerows(rows)
        return buf.getvalue()
    if fmt == "table":
        from rich.console import Console
        from rich.table import Table

        t = Table(*names)
        for r in rows:
            t.add_row(*r)
        console = Console(file=io.StringIO(), width=160, record=True)
        console.print(t)
        return console.export_text()
    raise ValueError(f"unknown format: {fmt!r} (expected one of {', '.join(_FORMATS)})")


def _check_format(fmt: str) -> str:
    fmt = fmt or ("table" if sys.stdout.isatty() else "tsv")
    if fmt not in _FORMATS:
        raise typer.BadParameter(f"unknown format: {fmt!r} (expected table, csv, tsv or json)", param_hint="--format")
    return fmt


def _parse_bindings(pairs: list[str]) -> dict[str, str]:
    found = {}
    for pair in pairs:
        name, eq, value = pair.partition("=")
        if not eq or not name.strip("?$"):
            raise typer.BadParameter(f"not VAR=VALUE: {pair!r}", param_hint="--bind")
        found[name.strip().lstrip("?$")] = value
    return found


def register(app: typer.Typer) -> None:
    """Add the linked-data commands to ``app``."""

    @app.command("validate")
    def validate(
        out: Annotated[Path, typer.Argument(help="Output folder of a build.")],
        files: Annotated[Optional[list[str]], typer.Option(
            "--file", help="Export to validate (repeatable): graph.nq (default), graph.ttl, graph.nt, "
            "graph.jsonld, graph.trig; 'all' for every one.")] = None,
        fmt: Annotated[str, typer.Option("--format", "-f", help="tsv (default) or json.")] = "tsv",
    ) -> None:
        """Validate the RDF exports of a build against the SHACL shapes (needs pyshacl).

        Prints one line per violation (file, focus node, path, value, message)
        and exits 1 when there is any; prints nothing and exits 0 when every
        file conforms.

        Example: zhkg validate out/ --file all
        """
        from zhkg.exports.rdf import FORMATS
        from zhkg.exports.shacl import validate_out

        names = tuple(sorted(FORMATS)) if files and "all" in files else tuple(files or ("graph.nq",))
        if fmt not in ("tsv", "json"):
            raise typer.BadParameter(f"unknown format: {fmt!r} (expected tsv or json)", param_hint="--format")
        try:
            found = validate_out(out, names)
        except ZhkgError as exc:
            fail(exc)
            return
        rows = [[name, v.focus, v.path, v.value, v.message, v.severity] for name, vs in found.items() for v in vs]
        if rows:
            typer.echo(render_rows(["file", "focus", "path", "value", "message", "severity"], rows, fmt), nl=False)
        for name, vs in found.items():
            typer.echo(f"{name}: {'conforms' if not vs else f'{len(vs)} violations'}", err=True)
        if rows:
            raise typer.Exit(1)

    @app.command("serve")
    def serve(
        out: Annotated[Path, typer.Argument(help="Output folder of a build (holds store/).")],
        host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", "-p", min=0, max=65535, help="Port (0: any free one).")] = 7878,
    ) -> None:
        """Serve the store of a build as a read-only SPARQL 1.1 endpoint at /sparql.

        Prints the endpoint URL on stdout, then serves until interrupted
        (Ctrl-C). GET ?query=... or POST (form or application/sparql-query);
        results as SPARQL JSON/XML, CSV or TSV by the Accept header.

        Example: zhkg serve out/ --port 7878   (then: curl 'http://127.0.0.1:7878/sparql?query=ASK{}')
        """
        from zhkg.exports.serve import make_server

        try:
            server = make_server(out, host, port)
        except ZhkgError as exc:
            fail(exc)
            return
        except OSError as exc:
            fail(OSError(f"{host}:{port}: cannot listen: {exc.strerror or exc}"))
            return
        h, p = server.server_address[:2]
        typer.echo(f"http://{h}:{p}/sparql")
        sys.stdout.flush()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()

    @app.command("push")
    def push(
        out: Annotated[Path, typer.Argument(help="Output folder of a build (holds graph.nq).")],
        endpoint: Annotated[str, typer.Option("--endpoint", "-e", help="Graph Store Protocol URL of the store, "
                                              "e.g. http://localhost:7878/store (Oxigraph), "
                                              "http://localhost:3030/ds/data (Fuseki).")],
        with_ontology: Annotated[bool, typer.Option("--with-ontology", help="Also put the vocabulary into the "
                                                    "graph https://w3id.org/zhkg/ontology.")] = False,
        timeout: Annotated[float, typer.Option("--timeout", min=1, help="Seconds per request.")] = 60.0,
    ) -> None:
        """Load a build into a triple store (SPARQL 1.1 Graph Store Protocol).

        Each document's named graph is PUT, replacing that graph in the store,
        so pushing a rebuild replaces the rebuilt documents' graphs and leaves
        others alone. HTTP basic auth: set ZHKG_ENDPOINT_AUTH=user:password.
        Prints a JSON summary on stdout.

        Example: zhkg push out/ --endpoint http://localhost:7878/store
        """
        from zhkg.exports.push import push as run_push

        try:
            report = run_push(out, endpoint, with_ontology=with_ontology, timeout=timeout)
        except ZhkgError as exc:
            fail(exc)
            return
        typer.echo(json.dumps({"endpoint": report.endpoint, "graphs": report.graphs, "triples": report.triples,
                               "bytes": report.bytes, "seconds": round(report.seconds, 3)}))

    @app.command("queries")
    def queries(
        name: Annotated[Optional[str], typer.Argument(help="Print this query's text (for a pipe or a file).")] = None,
    ) -> None:
        """List the analyst's SPARQL queries shipped with zhkg, or print one.

        Example: zhkg queries partnerships-of | zhkg query out/ -
        """
        from zhkg.exports.sparql import bundled_queries

        found = bundled_queries()
        if name is None:
            for q in found.values():
                params = " ".join(f"?{p} ({k})" for p, k in q.parameters.items())
                typer.echo(f"{q.name}\t{q.title}" + (f"\t[{params}]" if params else ""))
            return
        if name not in found:
            raise typer.BadParameter(f"unknown query: {name!r} (expected one of: {', '.join(found)})",
                                     param_hint="NAME")
        typer.echo(found[name].text, nl=False)

    @app.command("ask")
    def ask(
        out: Annotated[Path, typer.Argument(help="Output folder of a build (holds store/).")],
        name: Annotated[str, typer.Argument(help="A query of `zhkg queries`, or @file.rq.")],
        bind: Annotated[Optional[list[str]], typer.Option(
            "--bind", "-b", help="VAR=VALUE (repeatable), read by the kind `zhkg queries` shows: label (合川区 "
            "means \"合川区\"@zh), string, number or iri (zhkg:locatedIn); <iri> and N-Triples literals too.")] = None,
        fmt: Annotated[str, typer.Option("--format", "-f", help="table (default on a terminal), csv, tsv or json.")] = "",
    ) -> None:
        """Run one of the shipped analyst's queries, with its parameters bound.

        Example: zhkg ask out/ partnerships-of --bind organisation=重庆市计量质量检测研究院 --format csv
        """
        from zhkg.exports.sparql import bundled_queries, run_query

        fmt = _check_format(fmt)
        bindings = _parse_bindings(bind or [])
        kinds: dict[str, str] = {}
        if name.startswith("@"):
            try:
                text = Path(name[1:]).read_text(encoding="utf-8")
            except OSError as exc:
                fail(OSError(f"{name[1:]}: cannot read query: {exc.strerror}"))
                return
        else:
            found = bundled_queries()
            if name not in found:
                raise typer.BadParameter(f"unknown query: {name!r} (expected one of: {', '.join(found)})",
                                         param_hint="NAME")
            text = found[name].text
            kinds = found[name].parameters
            unknown = sorted(set(bindings) - set(found[name].parameters))
            if unknown:
                raise typer.BadParameter(f"{name} has no parameter {', '.join('?' + u for u in unknown)} "
                                         f"(expected: {', '.join('?' + p for p in found[name].parameters)})",
                                         param_hint="--bind")
        try:
            names, rows = run_query(out, text, bindings, kinds)
        except ZhkgError as exc:
            fail(exc)
            return
        typer.echo(render_rows(names, rows, fmt), nl=False)
        if fmt == "table":
            typer.echo(f"{len(rows)} rows", err=True)
