"""zhkg: knowledge graphs from Chinese news and reports.

The library lives in three subpackages, importable without side effects:
``zhkg.extract`` (text -> mentions), ``zhkg.graph`` (mentions -> one graph)
and ``zhkg.exports`` (graph -> RDF, SPARQL, HTML, CLI). The names below are
imported lazily so that ``import zhkg`` stays cheap.
"""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["build", "load_graph", "__version__"]


def __getattr__(name: str):
    if name == "build":
        from .pipeline import build

        return build
    if name == "load_graph":
        from .pipeline import load_graph

        return load_graph
    raise AttributeError(name)
