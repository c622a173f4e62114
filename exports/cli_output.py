"""The one way the command line reports an error: one line on stderr, exit 1."""
from __future__ import annotations

from typing import NoReturn

import typer

__all__ = ["error_line", "fail"]


def error_line(message: object) -> None:
    """Print ``zhkg: error: <message>`` on stderr, folded onto one line."""
    typer.echo(f"zhkg: error: {' '.join(str(message).split())}", err=True)


def fail(message: object) -> NoReturn:
    """:func:`error_line`, then exit with status 1."""
    error_line(message)
    raise typer.Exit(1)
