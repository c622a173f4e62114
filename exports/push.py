"""Load a build into a triple store through the SPARQL 1.1 Graph Store Protocol.

Each named graph of ``graph.nq`` (one per document, plus the gazetteer's) is
sent as one ``PUT {endpoint}?graph=<iri>``, which replaces that graph: a
rebuilt document's graph is replaced whole, the other documents' graphs are
left as they are. The body is N-Triples sent as ``text/turtle`` (N-Triples is
a subset of Turtle, the one format the protocol expects every store to read).
Standard library ``urllib`` only.

The endpoint is the store's Graph Store Protocol URL, for example
``http://localhost:7878/store`` (Oxigraph server),
``http://localhost:3030/DATASET/data`` (Apache Jena Fuseki),
``http://localhost:7200/repositories/REPO/rdf-graphs/service`` (GraphDB) or
``http://localhost:8890/sparql-graph-crud`` (Virtuoso).
"""
from __future__ import annotations

import base64
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from zhkg.extract.errors import InputError, ZhkgError

from .vocab import ONTOLOGY, ontology_path

__all__ = ["PushError", "PushReport", "push", "graphs_of", "put_graph", "AUTH_ENV"]

#: Environment variable holding ``user:password`` for HTTP basic authentication.
AUTH_ENV = "ZHKG_ENDPOINT_AUTH"


class PushError(ZhkgError):
    """The triple store refused a graph or could not be reached."""


@dataclass
class PushReport:
    """What a push sent."""

    endpoint: str
    graphs: int = 0
    triples: int = 0
    bytes: int = 0
    seconds: float = 0.0


def graphs_of(nquads: Path) -> Iterator[tuple[str | None, bytes, int]]:
    """``(graph IRI, N-Triples bytes, triple count)`` for each graph of an N-Quads file.

    The default graph, if the file has triples in it, comes first with IRI ``None``.

    Raises
    ------
    InputError
        A missing file or one that is not valid N-Quads.
    """
    import pyoxigraph as ox

    groups: dict[str | None, list] = {}
    try:
        for q in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS):
            name = None if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
            groups.setdefault(name, []).append(ox.Triple(q.subject, q.predicate, q.object))
    except FileNotFoundError as exc:
        raise InputError(str(nquads), "no such file (run `zhkg build DIR --out OUT` first)") from exc
    except SyntaxError as exc:
        raise InputError(str(nquads), f"not valid N-Quads: {' '.join(str(exc).split())}") from exc
    for name in sorted(groups, key=lambda n: (n is not None, n or "")):
        triples = groups[name]
        yield name, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), len(triples)


def _auth_header() -> dict[str, str]:
    cred = os.environ.get(AUTH_ENV)
    if not cred:
        return {}
    return {"Authorization": "Basic " + base64.b64encode(cred.encode("utf-8")).decode("ascii")}


def put_graph(endpoint: str, graph: str | None, body: bytes, *, content_type: str = "text/turtle; charset=utf-8",
              timeout: float = 60.0) -> int:
    """``PUT`` one graph (``None``: the default graph); returns the HTTP status.

    Raises
    ------
    PushError
        An HTTP error status, or no connection.
    """
    sep = "&" if urlsplit(endpoint).query else "?"
    url = endpoint + sep + ("default" if graph is None else "graph=" + quote(graph, safe=""))
    req = urllib.request.Request(url, data=body, method="PUT",
                                 headers={"Content-Type": content_type, **_auth_header()})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        detail = " ".join(exc.read(300).decode("utf-8", errors="replace").split())
        raise PushError(f"{url}: HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")) from exc
    except urllib.error.URLError as exc:
        raise PushError(f"{endpoint}: cannot connect: {exc.reason}") from exc
    except OSError as exc:
        raise PushError(f"{endpoint}: {exc}") from exc


def push(out: str | Path, endpoint: str, *, with_ontology: bool = False, timeout: float = 60.0,
         progress: Callable[[int, str], None] | None = None) -> PushReport:
    """Put every named graph of ``out/graph.nq`` into the store at ``endpoint``.

    Parameters
    ----------
    out : path
        Output folder of a build.
    endpoint : str
        Graph Store Protocol URL (``http://host:port/store`` for Oxigraph).
    with_ontology : bool
        Also put ``ontology.ttl`` into the graph ``https://w3id.org/zhkg/ontology``.
    timeout : float
        Seconds to wait for each request.
    progress : callable, optional
        Called with (graphs sent so far, graph IRI) after each graph.

    Returns
    -------
    PushReport

    Raises
    ------
    InputError
        No ``graph.nq`` in ``out``.
    PushError
        ``endpoint`` is not an http(s) URL, or the store refused a graph or cannot be
        reached; graphs sent before that stay replaced.
    """
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PushError(f"not an http(s) URL: {endpoint!r} (expected e.g. http://localhost:7878/store)")
    t0 = time.perf_counter()
    report = PushReport(endpoint)
    for name, body, n in graphs_of(Path(out) / "graph.nq"):
        put_graph(endpoint, name, body, timeout=timeout)
        report.graphs += 1
        report.triples += n
        report.bytes += len(body)
        if progress is not None:
            progress(report.graphs, name or "default")
    if with_ontology:
        body = ontology_path().read_bytes()
        put_graph(endpoint, str(ONTOLOGY), body, timeout=timeout)
        report.graphs += 1
        report.bytes += len(body)
    report.seconds = time.perf_counter() - t0
    return report
