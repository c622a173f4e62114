"""The only module that reads input files: decoding, and the joined view.

Newspaper pages wrap lines inside words (``重庆嘉利华食品有限公`` / ``司``) and
break columns in mid-sentence. :func:`split_sentences` rejoins such lines,
drops page furniture (a word repeated across a banner, lines of symbols) and
cuts the text into paragraphs and sentences, keeping for every character of a
sentence its offset in the original text.
"""
from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

from .errors import InputError
from .records import Document, OffsetMap, Sentence, line_col

__all__ = ["decode_bytes", "read_document", "iter_input_files", "split_sentences", "document_id"]

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_TERMINALS = "。！？!?"
_CLOSERS = "”’」』）)》\"'"
#: a banner: a unit of 2-4 characters holding a Chinese one, repeated 4 times or more (渝北渝北渝北渝北);
#: not a number's zeros (20000) nor one repeated character (哈哈哈哈)
_FURNITURE_RUN = re.compile(r"(\S{2,4}?)\1{3,}")
#: link labels a news site puts after company and estate names (Sina: 企业专区, 论坛相册…): not
#: text. (微博) and (X博客) are kept: after a person's name they are the boundary the name tagger reads.
_LINK_LABEL = re.compile(r"[(（](?:企业专区(?:[,，]旗下楼盘)?|论坛相册户型样板间地图搜索)[)）]")
_CONTENT = re.compile(r"[\w\u4e00-\u9fff]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SPACE = re.compile(r"\s")  # what str.isspace() calls whitespace


def _plausible_gb(text: str) -> bool:
    """GB18030 decodes most byte soup; accept it only if it reads as text."""
    if not text:
        return True
    odd = sum(1 for c in text if (0xE000 <= ord(c) <= 0xF8FF) or (ord(c) < 32 and c not in "\t\r\n\f"))
    rare = sum(1 for c in text if ord(c) > 0x9FFF and not (0xFF00 <= ord(c) <= 0xFFEF) and not (0x3000 <= ord(c) <= 0x303F))
    return odd == 0 and rare <= len(text) * 0.05


def decode_bytes(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Decode a text file's bytes; return ``(text, encoding)``.

    Tries a BOM, then strict UTF-8, then GB18030 (a superset of GBK/GB2312).

    Raises
    ------
    InputError
        Binary data or bytes that are neither UTF-8 nor GB18030 text, with
        the line and column of the first bad byte.

    Examples
    --------
    >>> decode_bytes("重庆".encode("gbk"))
    ('重庆', 'gb18030')
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise InputError(path, f"bad {enc} after its byte-order mark: {exc.reason}") from exc
    if b"\x00" in data:
        nul = data.index(b"\x00")
        line = data.count(b"\n", 0, nul) + 1
        raise InputError(path, "binary file: NUL byte (expected UTF-8 or GB18030 text)", line,
                         nul - (data.rfind(b"\n", 0, nul) + 1) + 1)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf_err:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            text = None
        if text is not None and _plausible_gb(text):
            return text, "gb18030"
        good = data[: utf_err.start].decode("utf-8")
        line, col = line_col(good + "x", len(good))
        raise InputError(
            path,
            f"not UTF-8 or GB18030 text: byte 0x{data[utf_err.start]:02x}",
            line,
            col,
        ) from utf_err


def document_id(path: Path, root: Path | None) -> str:
    """Stable id of a document: its path relative to the input root, no suffix."""
    rel = path.relative_to(root) if root is not None and root != path else Path(path.name)
    return rel.with_suffix("").as_posix()


def read_document(path: str | os.PathLike, root: str | os.PathLike | None = None) -> Document:
    """Read and decode one file into a :class:`Document`.

    Raises
    ------
    InputError
        Unreadable, binary or undecodable file.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(str(p), f"cannot read: {exc.strerror or exc}") from exc
    text, encoding = decode_bytes(data, str(p))
    return Document(
        id=document_id(p, Path(root) if root is not None else None),
        path=str(p),
        text=text,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def iter_input_files(source: str | os.PathLike, pattern: str = "*.txt") -> Iterator[Path]:
    """Yield the ``*.txt`` files under ``source`` (sorted), or ``source`` itself.

    Raises
    ------
    InputError
        ``source`` does not exist.
    """
    src = Path(source)
    if src.is_file():
        yield src
        return
    if not src.is_dir():
        raise InputError(str(src), "no such file or directory")
    seen: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(src, followlinks=True):
        try:
            st = os.stat(dirpath)
        except OSError:
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen:  # a symlink loop
            dirnames[:] = []
            continue
        seen.add(key)
        dirnames.sort()
        for name in sorted(filenames):
            if Path(name).match(pattern):
                yield Path(dirpath) / name


# ---------------------------------------------------------------- the view


def _is_cjk(c: str) -> bool:
    o = ord(c)
    return 0x4E00 <= o <= 0x9FFF or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF or c in "“”‘’…—·"


def _line_units(text: str) -> list[list[tuple[int, int]]]:
    """Split the text into line units: each a list of ``(start, end)`` pieces
    of non-furniture content. A unit is a line, or the part of a line on one
    side of a furniture run."""
    units: list[list[tuple[int, int]]] = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        cut = start
        pieces: list[tuple[int, int]] = []
        for m in _FURNITURE_RUN.finditer(text, start, end):
            if _CJK.search(m.group(1)):
                pieces.append((cut, m.start()))
                cut = m.end()
        pieces.append((cut, end))
        for j, (a, b) in enumerate(pieces):
            if j:
                units.append([])  # the two sides of a furniture run are not one sentence
            units.append(_without_link_labels(text, a, b))
        if len(pieces) > 1:
            units.append([])  # a furniture run forces a break after the line
        elif not _CONTENT.search(text, start, end) if end > start else True:
            units.append([])  # blank or symbol-only line
    return units


def _without_link_labels(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """The pieces of ``text[a:b]`` around a news site's link labels, which are
    dropped without breaking the sentence: 华远地产(企业专区,旗下楼盘)、金地,
    华贸中心(论坛相册户型样板间地图搜索)的开发商."""
    out: list[tuple[int, int]] = []
    cut = a
    for m in _LINK_LABEL.finditer(text, a, b):
        if m.start() > cut:
            out.append((cut, m.start()))
        cut = m.end()
    if b > cut or not out:
        out.append((cut, b))
    return out


def _content_len(text: str, a: int, b: int) -> int:
    """Characters of ``text[a:b]`` that are not whitespace."""
    return len("".join(text[a:b].split()))


def split_sentences(doc: Document) -> list[Sentence]:
    """Rejoin wrapped lines and split a document into sentences.

    A line continues onto the next non-blank line when it is about as long as
    the page's typical line and does not end a sentence; a short line (a
    headline, a byline) or a sentence end closes the line. Whitespace next to
    Chinese text is dropped; one space between two Latin words is kept.

    Examples
    --------
    >>> from zhkg.extract.records import Document
    >>> d = Document("d", "d.txt", "今年以来，重庆嘉利华食品有限公\\n司扩大生产。\\n", "utf-8", "")
    >>> [s.text for s in split_sentences(d)]
    ['今年以来，重庆嘉利华食品有限公司扩大生产。']
    """
    text = doc.text
    units = _line_units(text)
    # A line is "full" when it is about as long as the lines around it: pages
    # mix columns of different widths, so the width is measured locally.
    sizes = [sum(_content_len(text, a, b) for a, b in u) if u else 0 for u in units]
    body = [k for k, n in enumerate(sizes) if n > 0]
    full_at: dict[int, bool] = {}
    ranked = sorted(sizes[k] for k in body)
    page = ranked[(len(ranked) * 3) // 4] if ranked else 0  # the page's usual column width
    for pos, k in enumerate(body):
        window = sorted((sizes[j] for j in body[max(0, pos - 4): pos + 5]), reverse=True)
        local = max(window[len(window) // 2], int(page * 0.6))
        full_at[k] = sizes[k] >= max(6, local - 3)

    # Build the view: (char, doc offset) pairs; a None char marks a hard break.
    view: list[tuple[str, int]] = []
    paragraph_breaks: set[int] = set()
    pending_break = False   # the previous unit ended its line for good
    blank_seen = False
    prev_full = False
    block_lines = 0         # lines in the current block (since the last blank)
    for k_unit, unit in enumerate(units):
        if not sizes[k_unit]:
            if block_lines:
                # a one-line block before a blank is a headline, not a column
                prev_full = prev_full and block_lines > 1
            blank_seen = True
            block_lines = 0
            continue
        block_lines += 1
        if view and (pending_break or not prev_full):
            view.append(("\n", -1))
            if blank_seen or not prev_full:
                paragraph_breaks.add(len(view) - 1)
        blank_seen = False
        last_char = ""
        for a, b in unit:
            if b > a and not _SPACE.search(text, a, b):  # the common case: no whitespace to drop
                view.extend(zip(text[a:b], range(a, b)))
                last_char = text[b - 1]
                continue
            for i in range(a, b):
                c = text[i]
                if c.isspace():
                    continue
                # keep one space between two Latin/digit words on the same line
                if view and i > a and text[i - 1].isspace() and view[-1][0] != "\n":
                    prev_c = view[-1][0]
                    if prev_c.isascii() and prev_c.isalnum() and c.isascii() and c.isalnum():
                        j = i - 1
                        while j > a and text[j - 1].isspace():
                            j -= 1
                        view.append((text[j], j))
                view.append((c, i))
                last_char = c
        prev_full = full_at[k_unit]
        stripped = last_char
        pending_break = stripped in _TERMINALS or (stripped in _CLOSERS and _ends_sentence(view))
    # Cut the view into sentences.
    sentences: list[Sentence] = []
    paragraph = 0
    cur: list[tuple[str, int]] = []

    def flush() -> None:
        if not cur:
            return
        s_text = "".join(c for c, _ in cur)
        runs: list[tuple[int, int]] = []
        for k, (_, off) in enumerate(cur):
            if not runs or cur[k - 1][1] + 1 != off:
                runs.append((k, off))
        sentences.append(Sentence(doc.id, len(sentences), paragraph, s_text, OffsetMap(tuple(runs))))
        cur.clear()

    n = len(view)
    for k, (c, off) in enumerate(view):
        if off < 0:
            flush()
            if k in paragraph_breaks:
                paragraph += 1
            continue
        cur.append((c, off))
        if c in _TERMINALS or c == "…" and k + 1 < n and view[k + 1][0] not in "…":
            nxt = view[k + 1][0] if k + 1 < n else ""
            if nxt in _TERMINALS or (c == "…" and nxt in _CLOSERS):
                continue
            if nxt and nxt in _CLOSERS:
                continue
            flush()
        elif c in _CLOSERS and cur and len(cur) >= 2 and cur[-2][0] in _TERMINALS:
            nxt = view[k + 1][0] if k + 1 < n else ""
            if nxt not in _CLOSERS:
                flush()
    flush()
    return sentences


def _ends_sentence(view: list[tuple[str, int]]) -> bool:
    k = len(view) - 1
    while k >= 0 and view[k][0] in _CLOSERS:
        k -= 1
    return k >= 0 and view[k][0] in _TERMINALS
