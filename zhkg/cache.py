"""Per-document cache of extraction results, kept in the build's output folder.

An entry is one pickled :class:`~zhkg.extract.records.DocumentResult`, keyed
by a digest of the extractor version, the document id and the SHA-256 of the
document's bytes: an unchanged document is not extracted again, an edited
one is, and a new :data:`~zhkg.extract.pipeline.EXTRACTOR_VERSION`
invalidates every entry.

Entries are written to a temp file and renamed into place, and carry a
digest of their payload that is checked on every read, so a crash (or a
torn disk write) can leave a missing entry, never a truncated one that is
believed. The cache is a local, trusted folder: pickle runs code on load, so
never point a build at an output folder someone else can write to.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import replace
from pathlib import Path

from zhkg.exports.atomic import atomic_write
from zhkg.extract import pipeline as _extract
from zhkg.extract.records import Document, DocumentResult

__all__ = ["ResultCache", "cache_key"]

_MAGIC = b"zhkg-result-1\n"
_DIGEST = 32


def cache_key(doc: Document, version: str | None = None) -> str:
    """Digest naming the cached result of ``doc`` under extractor ``version``
    (default: the current :data:`~zhkg.extract.pipeline.EXTRACTOR_VERSION`).

    Examples
    --------
    >>> from zhkg.extract.records import Document
    >>> k = cache_key(Document("a", "a.txt", "重庆。", "utf-8", "ab12"))
    >>> k == cache_key(Document("a", "elsewhere/a.txt", "重庆。", "utf-8", "ab12")), len(k)
    (True, 40)
    >>> k == cache_key(Document("a", "a.txt", "重庆。", "utf-8", "ab12"), version="0")
    False
    """
    version = _extract.EXTRACTOR_VERSION if version is None else version
    return hashlib.sha1(f"{version}\x1f{doc.id}\x1f{doc.sha256}".encode()).hexdigest()


class ResultCache:
    """Extraction results on disk under ``root`` (created on first write).

    Parameters
    ----------
    root
        Folder of the entries, ``OUT/.zhkg/cache`` in a build.
    """

    def __init__(self, root: str | os.PathLike, version: str | None = None):
        self.root = Path(root)
        self.version = version  # None: the current EXTRACTOR_VERSION
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.pickle"

    def get(self, doc: Document) -> DocumentResult | None:
        """The cached result of ``doc``, or ``None`` (missing, stale or damaged)."""
        try:
            blob = self._path(cache_key(doc, self.version)).read_bytes()
        except OSError:
            self.misses += 1
            return None
        result = _decode(blob)
        if not isinstance(result, DocumentResult) or result.doc_id != doc.id or result.sha256 != doc.sha256:
            self.misses += 1
            return None
        self.hits += 1
        if result.path != doc.path:  # the same file, moved with its folder
            result = replace(result, path=doc.path)
        return result

    def put(self, doc: Document, result: DocumentResult) -> None:
        """Store ``result`` for ``doc``: a temp file renamed into place."""
        target = self._path(cache_key(doc, self.version))
        target.parent.mkdir(parents=True, exist_ok=True)
        payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        with atomic_write(target, "wb", fsync=False) as fh:
            fh.write(_MAGIC + hashlib.sha256(payload).digest() + payload)

    def prune(self, keep: set[str]) -> int:
        """Remove every entry (and stray temp file) whose key is not in ``keep``; return how many."""
        removed = 0
        if not self.root.is_dir():
            return 0
        for sub in self.root.iterdir():
            if not sub.is_dir():
                continue
            for f in sub.iterdir():
                key = f.name.split(".")[0] if not f.name.startswith(".") else ""
                if key not in keep:
                    try:
                        f.unlink()
                        removed += 1
                    except OSError:
                        pass
        return removed


def _decode(blob: bytes) -> object | None:
    head = len(_MAGIC)
    if not blob.startswith(_MAGIC) or len(blob) < head + _DIGEST:
        return None
    digest, payload = blob[head: head + _DIGEST], blob[head + _DIGEST:]
    if hashlib.sha256(payload).digest() != digest:
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # noqa: BLE001 - an unreadable entry is a miss, re-extracted
        return None
