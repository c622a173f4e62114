"""Exceptions a caller can act on.

Hierarchy::

    ZhkgError
     ├── InputError    a document or input line that cannot be read
     ├── SchemaError   a name that is not in the schema
     └── QueryError    a SPARQL query the store rejects

``str(error)`` is one line: ``path:line:col: what is wrong (what was expected)``.
"""
from __future__ import annotations

__all__ = ["ZhkgError", "InputError", "SchemaError", "QueryError"]


class ZhkgError(Exception):
    """Base class of every error zhkg raises on purpose."""


class InputError(ZhkgError):
    """An input file or line that cannot be used; the build records it and goes on."""

    def __init__(self, path: str, message: str, line: int | None = None, col: int | None = None):
        self.path = str(path)
        self.message = " ".join(str(message).split())
        self.line = line
        self.col = col
        where = self.path
        if line is not None:
            where += f":{line}"
            if col is not None:
                where += f":{col}"
        super().__init__(f"{where}: {self.message}")


class SchemaError(ZhkgError):
    """A type, relation or term that the schema does not define."""


class QueryError(ZhkgError):
    """A SPARQL query that cannot be parsed or evaluated."""
