"""SPARQL on an embedded pyoxigraph store persisted in ``OUT/store``.

The store is built once per build (from ``graph.nq``, named graphs kept) and
opened read-only by each query. Its default graph is the RDF merge of all
named graphs, materialised at build time: pyoxigraph 0.5's
``use_default_graph_as_union`` returns a triple once per named graph that
holds it (oxigraph issue #1919), and an entity is described in every
document graph that mentions it, so counts over the union would be inflated.
Queries get the prefixes of :data:`zhkg.exports.vocab.PREFIXES` predeclared. The analyst's queries shipped in ``exports/queries/*.rq`` are
listed by :func:`bundled_queries`; their parameters are variables that a
caller may bind (:func:`parse_binding`), and that match everything when left
unbound, so the files also run unchanged on any SPARQL 1.1 endpoint.
"""
from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from itertools import islice
from pathlib import Path

from zhkg.extract.errors import QueryError, SchemaError

from .atomic import replace_dir
from .vocab import PREFIXES as _PREFIX_TABLE
from .vocab import sparql_prefixes

__all__ = ["build_store", "open_store", "run_query", "query_store", "parse_binding", "with_bindings", "bundled_queries",
           "BundledQuery", "STORE_DIR", "PREFIXES", "KINDS"]

STORE_DIR = "store"
#: The predeclared prefixes as SPARQL text (kept for callers that prepend them).
PREFIXES = sparql_prefixes()


#: Lines of N-Quads/N-Triples per ``bulk_load`` call. The bulk loader holds a
#: whole input in memory: one call for all 380,000 lines of a 10,000-document
#: build peaked at 202 MB (23 MB before), chunks of 25,000 lines at 75 MB, in
#: about the same time (2.8 s vs 3.2-3.8 s, noisy 2-core machine).
LOAD_CHUNK_LINES = 25_000


def _line_chunks(path: Path, lines: int) -> Iterator[bytes]:
    with open(path, "rb") as fh:
        while chunk := b"".join(islice(fh, lines)):
            yield chunk


def build_store(nquads: Path, out: Path, ntriples: Path | None = None) -> Path:
    """Load ``nquads`` into a fresh store and put it at ``out/store`` atomically.

    ``bulk_load`` is used (not ``extend``): the store is new and only renamed
    into place once complete, so its non-atomic loading cannot leave a partial
    store behind. It is fed :data:`LOAD_CHUNK_LINES` lines at a time, so its
    memory does not grow with the graph. The default graph is then filled
    with the merge of the named graphs (each triple once): from ``ntriples``
    when given (the build's ``graph.nt``, which is that merge), else by a
    second pass over ``nquads`` in Python (2.1 s for 300,000 quads where a
    SPARQL ``INSERT … WHERE { GRAPH ?g … }`` took 5.4 s).

    The store is then compacted (``optimize``): each ``bulk_load`` call adds
    its own sorted files, and a read-only store cannot compact them later,
    so every index lookup of every query would search all of them. On
    1,000,000 triples (37 files -> 12) this took about 1 s and made the
    bundled queries 2-5x faster (a three-pattern join over 68,457 evidence
    nodes: 3.1 s -> 1.2 s).

    Parameters
    ----------
    nquads : path
        The build's ``graph.nq``: sorted lines, one quad each.
    out : path
        Folder that gets ``store/``.
    ntriples : path, optional
        The build's ``graph.nt``: the triples of ``nquads``, each once.

    Returns
    -------
    Path
        ``out/store``.
    """
    import pyoxigraph as ox

    tmp = Path(tempfile.mkdtemp(prefix=".store.", dir=out))
    try:
        store = ox.Store(str(tmp))
        for chunk in _line_chunks(nquads, LOAD_CHUNK_LINES):
            store.bulk_load(chunk, format=ox.RdfFormat.N_QUADS)
        if ntriples is not None:
            for chunk in _line_chunks(ntriples, LOAD_CHUNK_LINES):
                store.bulk_load(chunk, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
        else:
            store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object)
                              for q in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS))
        store.flush()
        store.optimize()
        del store
        replace_dir(tmp, out / STORE_DIR)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out / STORE_DIR


def open_store(out: Path):  # noqa: ANN201 - pyoxigraph.Store
    """The store of the build in ``out``, opened read-only.

    Raises
    ------
    QueryError
        No store in ``out``, or one that cannot be opened.
    """
    import pyoxigraph as ox

    path = Path(out) / STORE_DIR
    if not path.is_dir():
        raise QueryError(f"{path}: no SPARQL store (run `zhkg build DIR --out {out}` first)")
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise QueryError(f"{path}: cannot open store: {' '.join(str(exc).split())}") from exc


_NUMBER = re.compile(r"[+-]?(?:\d+\.\d*|\.\d+|\d+)")


#: Kinds of query parameter (``# @param ?name KIND`` in a query header).
KINDS = ("label", "string", "number", "iri")


def parse_binding(text: str, kind: str | None = None):  # noqa: ANN201 - pyoxigraph term
    """A value for a query variable, written as on the command line.

    ``<iri>``, ``"…"``, ``"…"@lang`` and ``"…"^^<datatype>`` are read as
    N-Triples terms whatever the kind. Otherwise ``kind`` says what a bare
    value is: ``label`` a Chinese label (``"…"@zh``, as every ``rdfs:label`` of
    the graph is), ``string`` a plain literal, ``number`` an ``xsd:integer`` or
    ``xsd:decimal``, ``iri`` a ``prefix:name`` with a prefix of
    :data:`~zhkg.exports.vocab.PREFIXES`. Without a kind: a ``prefix:name`` is
    an IRI, a number a number, anything else a label.

    Raises
    ------
    QueryError
        A value that is not of its kind, or not valid N-Triples.

    Examples
    --------
    >>> parse_binding("合川区")
    <Literal value=合川区 language=zh>
    >>> parse_binding("zhkg:locatedIn")
    <NamedNode value=https://w3id.org/zhkg/ontology#locatedIn>
    >>> parse_binding("100").value, parse_binding("2.5").datatype.value
    ('100', 'http://www.w3.org/2001/XMLSchema#decimal')
    >>> parse_binding("serves-verb", "string")
    <Literal value=serves-verb datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>
    """
    import pyoxigraph as ox

    if kind is not None and kind not in KINDS:
        raise ValueError(f"unknown kind: {kind!r} (expected one of {', '.join(KINDS)})")
    if text.startswith(("<", '"')):
        try:
            quads = list(ox.parse(f"<urn:s> <urn:p> {text} .".encode(), format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as exc:
            raise QueryError(f"<binding>: not an N-Triples term: {text!r} ({' '.join(str(exc).split())})") from exc
        return quads[0].object
    prefix, colon, local = text.partition(":")
    if kind in (None, "iri") and colon and prefix in _PREFIX_TABLE and re.fullmatch(r"[\w.-]*", local):
        return ox.NamedNode(_PREFIX_TABLE[prefix] + local)
    if kind == "iri":
        raise QueryError(f"<binding>: not an IRI: {text!r} (expected <…> or one of "
                         f"{', '.join(p + ':' for p in _PREFIX_TABLE)})")
    if kind in (None, "number") and _NUMBER.fullmatch(text):
        xsd = _PREFIX_TABLE["xsd"]
        return ox.Literal(text, datatype=ox.NamedNode(xsd + ("decimal" if "." in text else "integer")))
    if kind == "number":
        raise QueryError(f"<binding>: not a number: {text!r}")
    if kind == "string":
        return ox.Literal(text)
    return ox.Literal(text, language="zh")


_WHERE = re.compile(r"\bWHERE\s*\{", re.I)
_FORM = re.compile(r"^\s*(?:SELECT|ASK)\b[^{]*\{", re.I | re.M)


def with_bindings(query: str, bindings: dict[str, str], kinds: dict[str, str] | None = None) -> str:
    """``query`` with a ``VALUES`` block binding each variable at the start of its WHERE clause.

    Plain SPARQL 1.1, so a bound query runs on any endpoint; a variable that
    the query leaves unbound matches everything (and ``COALESCE(?v, default)``
    gives defaults). Values are written as in :func:`parse_binding`, with
    the kind of ``kinds`` (variable -> kind) when given.

    Raises
    ------
    QueryError
        A bad value, or a query without a WHERE clause.

    Examples
    --------
    >>> print(with_bindings("SELECT ?x WHERE { ?x rdfs:label ?name }", {"name": "合川区"}))
    SELECT ?x WHERE { VALUES (?name) { ("合川区"@zh) }
     ?x rdfs:label ?name }
    """
    if not bindings:
        return query
    names = list(bindings)
    for n in names:
        if not re.fullmatch(r"\w+", n):
            raise QueryError(f"<binding>: not a variable name: {n!r}")
    terms = " ".join(str(parse_binding(bindings[n], (kinds or {}).get(n))) for n in names)
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({terms}) }}\n"
    masked = "\n".join(" " * len(line) if line.lstrip().startswith("#") else line for line in query.split("\n"))
    m = _WHERE.search(masked) or _FORM.search(masked)
    if m is None:
        raise QueryError("<query>: cannot bind parameters: the query has no WHERE clause")
    return query[: m.end()] + block + query[m.end():]


def run_query(out: Path, query: str, bindings: dict[str, str] | None = None,
              kinds: dict[str, str] | None = None) -> tuple[list[str], list[list[str]]]:
    """Run ``query`` on the store of ``out`` (prefixes of ``PREFIXES`` predeclared).

    Parameters
    ----------
    out : path
        Output folder of a build (holds ``store/``).
    query : str
        SPARQL 1.1 query.
    bindings : dict, optional
        ``variable -> value`` (see :func:`with_bindings`): ``{"region": "合川区"}``
        binds ``?region`` to ``"合川区"@zh``.
    kinds : dict, optional
        ``variable -> kind`` of :data:`KINDS` (a bundled query's ``parameters``).

    Returns
    -------
    (names, rows)
        The variable names and the rows (plain string values). ASK gives one
        column ``ask``; CONSTRUCT/DESCRIBE give ``subject, predicate, object``.

    Raises
    ------
    QueryError
        No store in ``out``, a bad binding, or a query the store rejects.
    """
    return query_store(open_store(out), query, bindings, kinds)


def query_store(store, query: str, bindings: dict[str, str] | None = None,  # noqa: ANN001 - pyoxigraph.Store
                kinds: dict[str, str] | None = None) -> tuple[list[str], list[list[str]]]:
    """:func:`run_query` on an open ``store`` (a server or a benchmark opens it once).

    A solution's values are read by iterating it (in the order of the
    result's variables), not by ``solution[variable]``, which looks the
    variable up again for every value: on 15,072 rows of 5 values, 40-80 ms
    of conversion instead of 270-700 ms.

    Raises
    ------
    QueryError
        A bad binding, or a query the store rejects.
    """
    import pyoxigraph as ox

    text = with_bindings(query, bindings or {}, kinds)
    try:
        result = store.query(text, prefixes=dict(_PREFIX_TABLE))
        if isinstance(result, ox.QueryBoolean):
            return ["ask"], [[str(bool(result)).lower()]]
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            return names, [["" if t is None else t.value for t in sol] for sol in result]
        return ["subject", "predicate", "object"], [[t.subject.value, t.predicate.value, t.object.value]
                                                    for t in result]
    except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"<query>: {' '.join(str(exc).split())}") from exc


@dataclass(frozen=True, slots=True)
class BundledQuery:
    """One of the analyst's queries in ``exports/queries/``."""

    name: str
    title: str
    text: str
    #: variable name -> kind (see :data:`KINDS`), in header order.
    parameters: dict[str, str]


_PARAM = re.compile(r"^#\s*@param\s+\?(\w+)\s+(\w+)", re.M)


def bundled_queries() -> dict[str, BundledQuery]:
    """The queries in ``exports/queries/*.rq``, by name (file name without ``.rq``).

    Each file starts with a comment header: the first line is the title, and
    ``# @param ?var KIND description`` lines name the variables a caller may
    bind and their kind (:data:`KINDS`).

    Raises
    ------
    SchemaError
        A ``@param`` line with an unknown kind.

    Examples
    --------
    >>> qs = bundled_queries()
    >>> len(qs) >= 10 and all(q.text.lstrip().startswith("#") for q in qs.values())
    True
    """
    root = resources.files("zhkg.exports") / "queries"
    found = {}
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".rq"):
            continue
        text = entry.read_text(encoding="utf-8")
        title = text.splitlines()[0].lstrip("#").strip() if text else ""
        name = entry.name[: -len(".rq")]
        params = dict(_PARAM.findall(text))
        bad = sorted(set(params.values()) - set(KINDS))
        if bad:
            raise SchemaError(f"{entry.name}: unknown parameter kind {bad[0]!r} (expected one of {', '.join(KINDS)})")
        found[name] = BundledQuery(name, title, text, params)
    return found
