"""SHACL validation of the exports with pySHACL.

The shapes (``data/shapes.ttl``) are validated together with the ontology
(``data/ontology.ttl``), which supplies the ``rdfs:subClassOf`` triples that
``sh:class`` follows. pySHACL is an optional dependency (``pip install
'zhkg[shacl]'``); it is imported when a validation runs.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.namespace import RDF, SH

from zhkg.extract.errors import InputError, SchemaError

from .rdf import FORMATS
from .vocab import ontology_path, shapes_path

__all__ = ["Violation", "validate_graph", "validate_file", "validate_out", "load_export"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Violation:
    """One SHACL result: the node, the path, the value and what is wrong."""

    focus: str
    path: str
    value: str
    message: str
    severity: str
    shape: str

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        value = f" {self.value}" if self.value else ""
        return f"{self.focus}{where}{value}: {self.message} ({self.severity})"


@cache
def _shapes() -> Graph:
    return Graph().parse(shapes_path(), format="turtle")


@cache
def _ontology() -> Graph:
    return Graph().parse(ontology_path(), format="turtle")


def validate_graph(data: Graph) -> list[Violation]:
    """SHACL violations of ``data`` against the zhkg shapes (empty: it conforms).

    Parameters
    ----------
    data : rdflib.Graph
        Triples of an export (for quads, their union: see :func:`load_export`).

    Returns
    -------
    list of Violation
        Sorted by focus node, path and message.

    Raises
    ------
    SchemaError
        pySHACL is not installed.

    Examples
    --------
    >>> from rdflib import Graph
    >>> g = Graph().parse(data='''
    ...   @prefix zhkg: <https://w3id.org/zhkg/ontology#> .
    ...   <https://w3id.org/zhkg/id/park-1> a zhkg:Park ; zhkg:locatedIn <https://w3id.org/zhkg/id/x> .
    ... ''', format="turtle")
    >>> sorted({v.message.split(" (")[0] for v in validate_graph(g)})[:2]
    ['Value does not have class zhkg:Place', 'an entity has exactly one Chinese rdfs:label']
    """
    try:
        import pyshacl
    except ImportError as exc:
        raise SchemaError("pyshacl is not installed (pip install 'zhkg[shacl]')") from exc

    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=_shapes(), ont_graph=_ontology(), inference="none",
        abort_on_first=False, allow_warnings=False, advanced=False, meta_shacl=False,
    )
    found = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        def one(p):  # noqa: ANN001, ANN202 - rdflib term
            v = report.value(r, p)
            return "" if v is None else _short(report, v)

        found.append(Violation(one(SH.focusNode), one(SH.resultPath), one(SH.value),
                               " ".join(one(SH.resultMessage).split()), one(SH.resultSeverity).split(":")[-1],
                               one(SH.sourceShape)))
    if conforms and found:  # warnings only
        log.info("%d SHACL warnings", len(found))
    return sorted(set(found), key=lambda v: (v.focus, v.path, v.message, v.value))


def _short(g: Graph, term) -> str:  # noqa: ANN001 - rdflib term
    from rdflib import BNode, URIRef

    if isinstance(term, URIRef):
        try:
            return g.namespace_manager.normalizeUri(term) if "#" in term else str(term)
        except Exception:  # noqa: BLE001 - fall back to the full IRI
            return str(term)
    if isinstance(term, BNode):
        return "_:" + str(term)[:8]
    return str(term)


def load_export(path: Path) -> Graph:
    """The triples of one export file (N-Quads and TriG: the union of their graphs).

    Raises
    ------
    InputError
        A file that is missing or does not parse.
    """
    path = Path(path)
    fmt = FORMATS.get(path.name) or {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".nq": "nquads",
                                       ".trig": "trig"}.get(path.suffix)
    if fmt is None:
        raise InputError(str(path), f"unknown RDF format (expected one of {', '.join(sorted(FORMATS))})")
    try:
        if fmt in ("nquads", "trig"):
            ds = Dataset()
            ds.parse(path, format=fmt)
            g = Graph()
            for s, p, o, _ in ds.quads((None, None, None, None)):
                g.add((s, p, o))
            return g
        return Graph().parse(path, format=fmt)
    except FileNotFoundError as exc:
        raise InputError(str(path), "no such file (run `zhkg build DIR --out OUT` first)") from exc
    except Exception as exc:  # noqa: BLE001 - parsers raise many types; add the file name
        raise InputError(str(path), f"not valid {fmt}: {' '.join(str(exc).split())}") from exc


def validate_file(path: Path) -> list[Violation]:
    """SHACL violations of one export file (see :func:`validate_graph`)."""
    return validate_graph(load_export(path))


def validate_out(out: Path, names: tuple[str, ...] = ("graph.nq",)) -> dict[str, list[Violation]]:
    """Violations of the exports ``names`` of the build in ``out``, by file name.

    Examples
    --------
    >>> validate_out("out", names=("graph.csv",))
    Traceback (most recent call last):
    ...
    zhkg.extract.errors.InputError: graph.csv: unknown export (expected one of graph.jsonld, graph.nq, graph.nt, graph.trig, graph.ttl)
    """
    for name in names:
        if name not in FORMATS:
            raise InputError(name, f"unknown export (expected one of {', '.join(sorted(FORMATS))})")
    return {name: validate_file(Path(out) / name) for name in names}
