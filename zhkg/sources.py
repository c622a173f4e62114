"""Where documents come from: a folder of ``*.txt`` files, or TSV corpora.

:func:`iter_sources` walks the input and yields, in a stable order, either a
:class:`~zhkg.extract.records.Document` or the :class:`InputError` that says
why an entry is not one (binary, undecodable, empty, too large, a line too
long, a symlink loop, no read permission, not a ``.txt`` file). The build
records each error and goes on with the rest.

A TSV corpus (``--tsv-column N``) holds one document per line, its text in
column ``N`` (1-based); the document id is ``<file>#<line>``.
"""
from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from zhkg.extract.documents import decode_bytes, document_id
from zhkg.extract.errors import InputError
from zhkg.extract.records import Document

__all__ = ["iter_sources", "count_sources", "Limits", "MAX_DOCUMENT_BYTES", "MAX_LINE_CHARS"]

#: A file larger than this is rejected unread: one document this large
#: (a book, a database dump) is almost always a mistake, and the sentence
#: view of it would take gigabytes.
MAX_DOCUMENT_BYTES = 8 * 1024 * 1024
#: A line longer than this (characters) is rejected: no news text has one,
#: and a single sentence this long is slow to analyse.
MAX_LINE_CHARS = 200_000

Entry = Document | InputError


@dataclass(frozen=True, slots=True)
class Limits:
    """Size limits of one document."""

    max_bytes: int = MAX_DOCUMENT_BYTES
    max_line: int = MAX_LINE_CHARS


def iter_sources(source: str | os.PathLike, *, tsv_column: int | None = None,
                 exclude: str | os.PathLike | None = None, limits: Limits = Limits()) -> Iterator[Entry]:
    """Yield each document of ``source`` (or the error that stops it), in path order.

    Parameters
    ----------
    source
        A folder (searched recursively, symlinks followed, hidden names
        skipped) or one file.
    tsv_column
        Read ``*.tsv`` files, one document per line, the text in this
        1-based column. ``None`` reads ``*.txt`` files, one document each.
    exclude
        A folder not to enter (the build's own output folder).
    limits
        Size limits of one document.

    Raises
    ------
    InputError
        ``source`` does not exist.
    ValueError
        ``tsv_column`` is less than 1.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("重庆。", encoding="utf-8")
    >>> _ = (d / "b.txt").write_bytes(b"")
    >>> [getattr(e, "id", None) or str(e).split(": ")[1] for e in iter_sources(d)]
    ['a', 'empty file (expected some text)']
    """
    if tsv_column is not None and tsv_column < 1:
        raise ValueError(f"tsv_column must be 1 or more: {tsv_column!r}")
    src = Path(source)
    if not src.exists() and not src.is_symlink():
        raise InputError(str(src), "no such file or directory")
    root = src if src.is_dir() else src.parent
    suffix = ".tsv" if tsv_column is not None else ".txt"
    for path in _walk(src, Path(exclude) if exclude is not None else None):
        if isinstance(path, InputError):
            yield path
        elif path.suffix.lower() != suffix and path != src:
            yield InputError(str(path), f"not a {suffix} file (skipped)")
        elif tsv_column is not None:
            yield from _tsv_documents(path, root, tsv_column, limits)
        else:
            yield _text_document(path, root, limits)


def count_sources(source: str | os.PathLike, *, tsv_column: int | None = None,
                  exclude: str | os.PathLike | None = None) -> int:
    """How many entries :func:`iter_sources` will yield, about (for progress bars).

    Counts files, or lines of TSV files; cheap next to extraction.
    """
    src = Path(source)
    if not src.exists():
        return 0
    n = 0
    for path in _walk(src, Path(exclude) if exclude is not None else None):
        if tsv_column is not None and isinstance(path, Path) and path.suffix.lower() == ".tsv":
            try:
                with path.open("rb") as fh:
                    n += sum(1 for _ in fh)
            except OSError:
                n += 1
        else:
            n += 1
    return n


def _walk(src: Path, exclude: Path | None) -> Iterator[Path | InputError]:
    """Files under ``src`` in sorted order; loops and unreadable folders as errors."""
    if not src.is_dir():
        yield src
        return
    excluded = _identity(exclude) if exclude is not None else None
    seen: set[tuple[int, int]] = set()

    def visit(folder: Path) -> Iterator[Path | InputError]:
        ident = _identity(folder)
        if ident is None:
            yield InputError(str(folder), "cannot read folder (broken link or vanished)")
            return
        if ident in seen:
            yield InputError(str(folder), "symlink loop: this folder is already being read (skipped)")
            return
        if ident == excluded:
            return
        seen.add(ident)
        try:
            mode = folder.stat().st_mode
            if not mode & 0o444:
                raise PermissionError(13, "Permission denied")
            names = sorted(os.listdir(folder))
        except OSError as exc:
            yield InputError(str(folder), f"cannot read folder: {exc.strerror or exc}")
            return
        for name in names:
            if name.startswith("."):
                continue
            p = folder / name
            try:
                is_dir = p.is_dir()
            except OSError as exc:  # ELOOP on a self-referencing link
                yield InputError(str(p), f"cannot read: {exc.strerror or exc}")
                continue
            if is_dir:
                yield from visit(p)
            else:
                yield p

    yield from visit(src)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _readable_size(path: Path) -> int:
    """The file's size; raises InputError if it is not a readable regular file."""
    try:
        st = path.stat()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(st.st_mode):
        raise InputError(str(path), "not a regular file (skipped)")
    # Checked by the bits, not by trying: a build run as root reads anything,
    # and the same folder must give the same errors for every user.
    if not st.st_mode & 0o444:
        raise InputError(str(path), "cannot read: Permission denied (no read permission)")
    return st.st_size


def _check_text(path: str, text: str, limits: Limits, line_offset: int = 0) -> None:
    if not text.strip():
        raise InputError(path, "empty file (expected some text)" if not line_offset else "empty text")
    if len(text) > limits.max_line:
        for k, line in enumerate(text.split("\n")):
            if len(line) > limits.max_line:
                raise InputError(path, f"line too long: {len(line):,} characters (at most {limits.max_line:,})",
                                 k + 1 + line_offset, 1)


def _text_document(path: Path, root: Path, limits: Limits) -> Entry:
    try:
        size = _readable_size(path)
        if size > limits.max_bytes:
            raise InputError(str(path), f"file too large: {size:,} bytes (at most {limits.max_bytes:,})")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from exc
        text, encoding = decode_bytes(data, str(path))
        _check_text(str(path), text, limits)
    except InputError as exc:
        return exc
    return Document(id=document_id(path, root), path=str(path), text=text, encoding=encoding,
                    sha256=hashlib.sha256(data).hexdigest())


def _tsv_documents(path: Path, root: Path, column: int, limits: Limits) -> Iterator[Entry]:
    try:
        _readable_size(path)
        fh = path.open("rb")
    except InputError as exc:
        yield exc
        return
    except OSError as exc:
        yield InputError(str(path), f"cannot read: {exc.strerror or exc}")
        return
    name = path.relative_to(root).as_posix() if path != root else path.name
    with fh:
        for lineno, raw in enumerate(fh, 1):
            where = f"{path}#{lineno}"
            try:
                if len(raw) > limits.max_bytes:
                    raise InputError(str(path), f"line too large: {len(raw):,} bytes (at most {limits.max_bytes:,})",
                                     lineno, 1)
                if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]
                raw = raw.rstrip(b"\r\n")
                if not raw.strip():
                    continue  # blank lines separate nothing
                fields = raw.split(b"\t")
                if len(fields) < column:
                    raise InputError(str(path), f"no column {column} (the line has {len(fields)})", lineno, 1)
                data = fields[column - 1]
                try:
                    text, encoding = decode_bytes(data, str(path))
                except InputError as exc:
                    raise InputError(str(path), exc.message, lineno, None) from exc
                _check_text(str(path), text, limits, line_offset=lineno - 1)
            except InputError as exc:
                yield exc
                continue
            yield Document(id=f"{name}#{lineno}", path=where, text=text, encoding=encoding,
                           sha256=hashlib.sha256(data).hexdigest())
