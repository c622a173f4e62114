"""SPARQL on an embedded pyoxigraph store persisted in ``OUT/store``.

The store is built once per build (from ``graph.nq``, named graphs kept) and
opened read-only by each query; queries see the union of all named graphs as
the default graph.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from zhkg.extract.errors import QueryError

from .atomic import replace_dir

__all__ = ["build_store", "run_query", "STORE_DIR", "PREFIXES"]

STORE_DIR = "store"
PREFIXES = """PREFIX zhkg: <https://w3id.org/zhkg/ontology#>
PREFIX id: <https://w3id.org/zhkg/id/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


def build_store(nquads: Path, out: Path) -> Path:
    """Load ``nquads`` into a fresh store and put it at ``out/store`` atomically."""
    import pyoxigraph as ox

    tmp = Path(tempfile.mkdtemp(prefix=".store.", dir=out))
    try:
        store = ox.Store(str(tmp))
        store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
        store.flush()
        del store
        replace_dir(tmp, out / STORE_DIR)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out / STORE_DIR


def _term(t) -> str:  # noqa: ANN001 - pyoxigraph term
    if t is None:
        return ""
    return t.value


def run_query(out: Path, query: str) -> tuple[list[str], list[list[str]]]:
    """Run ``query`` (prefixes zhkg:, id:, rdfs:, skos:, prov: predeclared).

    Returns the variable names and the rows (plain string values). ASK gives
    one column ``ask``; CONSTRUCT/DESCRIBE give ``subject, predicate, object``.

    Raises
    ------
    QueryError
        No store in ``out``, or a query the store rejects.
    """
    import pyoxigraph as ox

    path = Path(out) / STORE_DIR
    if not path.is_dir():
        raise QueryError(f"{path}: no SPARQL store (run `zhkg build DIR --out {out}` first)")
    try:
        store = ox.Store.read_only(str(path))
    except OSError as exc:
        raise QueryError(f"{path}: cannot open store: {exc}") from exc
    text = query if "PREFIX zhkg:" in query else PREFIXES + query
    try:
        result = store.query(text, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(f"<query>: {' '.join(str(exc).split())}") from exc
    except (OSError, ValueError) as exc:
        raise QueryError(f"<query>: {' '.join(str(exc).split())}") from exc
    if isinstance(result, ox.QueryBoolean):
        return ["ask"], [[str(bool(result)).lower()]]
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        rows = [[_term(sol[v]) for v in result.variables] for sol in result]
        return names, rows
    return ["subject", "predicate", "object"], [[_term(t.subject), _term(t.predicate), _term(t.object)] for t in result]
