"""A local, read-only SPARQL 1.1 endpoint over the embedded store of a build.

pyoxigraph behind the standard library's ``ThreadingHTTPServer``, not the
``oxigraph`` server binary: it opens the very store ``zhkg build`` wrote with
the library that wrote it (no second on-disk format version to keep in step),
predeclares the same prefixes as ``zhkg query``, and needs no extra package.

SPARQL 1.1 Protocol, query operation only:

- ``GET /sparql?query=…`` (also ``/query``), ``POST`` with
  ``application/x-www-form-urlencoded`` (``query=…``) or
  ``application/sparql-query``; ``default-graph-uri`` and
  ``named-graph-uri`` select the dataset.
- Results by ``Accept``: ``application/sparql-results+json`` (default),
  ``…+xml``, ``text/csv``, ``text/tab-separated-values``; graphs
  (CONSTRUCT/DESCRIBE) as ``text/turtle`` (default), ``application/n-triples``,
  ``application/rdf+xml`` or ``application/n-quads``.
- Updates are refused (``403``): the store is opened read-only.

The default graph is the merge of all document graphs (see
:mod:`zhkg.exports.sparql`); ``GRAPH ?g`` reaches each document's graph.
"""
from __future__ import annotations

import logging
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .sparql import open_store
from .vocab import PREFIXES

__all__ = ["make_server", "serve_in_thread", "ENDPOINT_PATHS"]

log = logging.getLogger(__name__)

ENDPOINT_PATHS = ("/sparql", "/query")
_MAX_BODY = 10 * 1024 * 1024


def _results_formats():  # noqa: ANN202 - pyoxigraph formats
    import pyoxigraph as ox

    return {
        "application/sparql-results+json": ox.QueryResultsFormat.JSON,
        "application/json": ox.QueryResultsFormat.JSON,
        "application/sparql-results+xml": ox.QueryResultsFormat.XML,
        "application/xml": ox.QueryResultsFormat.XML,
        "text/csv": ox.QueryResultsFormat.CSV,
        "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    }


def _graph_formats():  # noqa: ANN202 - pyoxigraph formats
    import pyoxigraph as ox

    return {
        "text/turtle": ox.RdfFormat.TURTLE,
        "application/n-triples": ox.RdfFormat.N_TRIPLES,
        "application/rdf+xml": ox.RdfFormat.RDF_XML,
        "application/n-quads": ox.RdfFormat.N_QUADS,
    }


def _negotiate(accept: str, offered: dict) -> str | None:
    """The offered media type that ``accept`` prefers (first offered one for ``*/*``)."""
    choices = []
    for i, part in enumerate((accept or "*/*").split(",")):
        fields = [f.strip() for f in part.split(";")]
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        choices.append((-q, i, fields[0].lower()))
    for neg_q, _, media in sorted(choices):
        if neg_q >= 0:
            break
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            top = media.split("/")[0]
            return next((m for m in offered if top == "*" or m.startswith(top + "/")), None)
    return None


class _Handler(BaseHTTPRequestHandler):
    server_version = "zhkg-sparql/1"
    store = None  # set per server class

    def log_message(self, fmt: str, *args) -> None:  # noqa: ANN002 - BaseHTTPRequestHandler API
        log.info("%s %s", self.address_string(), fmt % args)

    def _send(self, status: int, body: bytes, ctype: str = "text/plain; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: HTTPStatus, message: str) -> None:
        self._send(status, (" ".join(message.split()) + "\n").encode("utf-8"))

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        url = urlsplit(self.path)
        if url.path == "/":
            text = ("zhkg SPARQL endpoint (read-only). Query: GET /sparql?query=... or POST /sparql.\n"
                    + "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items()))
            self._send(HTTPStatus.OK, text.encode("utf-8"))
            return
        if url.path not in ENDPOINT_PATHS:
            self._error(HTTPStatus.NOT_FOUND, f"no such path: {url.path} (the endpoint is /sparql)")
            return
        self._query(parse_qs(url.query, keep_blank_values=True))

    do_HEAD = do_GET

    def do_POST(self) -> None:  # noqa: N802 - http.server API
        url = urlsplit(self.path)
        if url.path not in ENDPOINT_PATHS:
            self._error(HTTPStatus.NOT_FOUND, f"no such path: {url.path} (the endpoint is /sparql)")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > _MAX_BODY:
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body over {_MAX_BODY} bytes")
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query, keep_blank_values=True)
        if ctype == "application/x-www-form-urlencoded":
            form = parse_qs(body, keep_blank_values=True)
            if "update" in form:
                self._error(HTTPStatus.FORBIDDEN, "read-only endpoint: SPARQL updates are refused")
                return
            for k, v in form.items():
                params.setdefault(k, []).extend(v)
        elif ctype == "application/sparql-query":
            params["query"] = [body]
        elif ctype == "application/sparql-update":
            self._error(HTTPStatus.FORBIDDEN, "read-only endpoint: SPARQL updates are refused")
            return
        else:
            self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                        f"unsupported Content-Type: {ctype!r} (expected application/sparql-query "
                        "or application/x-www-form-urlencoded)")
            return
        self._query(params)

    def do_PUT(self) -> None:  # noqa: N802 - http.server API
        self._error(HTTPStatus.METHOD_NOT_ALLOWED, "read-only endpoint")

    do_DELETE = do_PATCH = do_PUT

    def _query(self, params: dict[str, list[str]]) -> None:
        import pyoxigraph as ox

        queries = params.get("query", [])
        if len(queries) != 1:
            self._error(HTTPStatus.BAD_REQUEST, "exactly one 'query' parameter is required")
            return
        kwargs = {}
        if params.get("default-graph-uri"):
            kwargs["default_graph"] = [ox.NamedNode(u) for u in params["default-graph-uri"]]
        if params.get("named-graph-uri"):
            kwargs["named_graphs"] = [ox.NamedNode(u) for u in params["named-graph-uri"]]
        try:
            result = self.store.query(queries[0], prefixes=dict(PREFIXES), **kwargs)
        except SyntaxError as exc:
            self._error(HTTPStatus.BAD_REQUEST, f"query syntax error: {exc}")
            return
        except (OSError, ValueError) as exc:
            self._error(HTTPStatus.BAD_REQUEST, f"query failed: {exc}")
            return
        accept = self.headers.get("Accept") or "*/*"
        if isinstance(result, ox.QueryTriples):
            offered = _graph_formats()
            media = _negotiate(accept, offered)
            if media is None:
                self._error(HTTPStatus.NOT_ACCEPTABLE, f"cannot serialize a graph as {accept!r}")
                return
            body = result.serialize(format=offered[media])
        else:
            offered = _results_formats()
            media = _negotiate(accept, offered)
            if media is None:
                self._error(HTTPStatus.NOT_ACCEPTABLE, f"cannot serialize results as {accept!r}")
                return
            body = result.serialize(format=offered[media])
        charset = "; charset=utf-8" if media.startswith("text/") or "json" in media or "xml" in media else ""
        self._send(HTTPStatus.OK, body, media + charset)


def make_server(out: str | Path, host: str = "127.0.0.1", port: int = 7878) -> ThreadingHTTPServer:
    """A server (not yet serving) for the store of the build in ``out``.

    ``port=0`` picks a free port: read it back from ``server.server_address``.

    Raises
    ------
    QueryError
        ``out`` has no store.
    OSError
        The address cannot be bound.

    Examples
    --------
    >>> server = make_server("no/such/build")
    Traceback (most recent call last):
    ...
    zhkg.extract.errors.QueryError: no/such/build/store: no SPARQL store (run `zhkg build DIR --out no/such/build` first)
    """
    store = open_store(Path(out))
    handler = type("Handler", (_Handler,), {"store": store})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def serve_in_thread(out: str | Path, host: str = "127.0.0.1", port: int = 0) -> tuple[ThreadingHTTPServer, str]:
    """Start serving in a daemon thread; returns the server and its endpoint URL.

    Stop it with ``server.shutdown(); server.server_close()``.
    """
    server = make_server(out, host, port)
    threading.Thread(target=server.serve_forever, name="zhkg-sparql", daemon=True).start()
    h, p = server.server_address[:2]
    return server, f"http://{h}:{p}/sparql"
