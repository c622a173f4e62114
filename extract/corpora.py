"""Gold corpora from the shared data folder, converted to half-open spans.

The corpora are not shipped with zhkg: they live in ``../shared/data`` next to
the repository (or wherever ``$ZHKG_SHARED`` points). :func:`shared_data_dir`
finds that folder and returns ``None`` when it is absent, so callers (tests,
the CLI) can skip or fail with a clear message.

CLUENER 2020 (``cluener/train.jsonl``) gives entity ends *inclusive*
(``浙商银行: [[0, 3]]``); :func:`load_cluener` adds 1 so every span is
half-open, and maps CLUENER's labels to ``EntityType``:

=============  ==================
CLUENER        zhkg
=============  ==================
company        ``Company``
government     ``GovernmentBody``
organization   ``Institution``
name           ``Person``
address        ``AdminRegion``
=============  ==================

The other labels (game, book, movie, position, scene) are dropped. The last
:data:`DEV_LINES` lines of ``train.jsonl`` are the dev split: never train or
tune on them (see :func:`cluener_splits`).
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .schema import EntityType

__all__ = [
    "CLUENER_LABELS",
    "DEV_LINES",
    "NerExample",
    "shared_data_dir",
    "cluener_path",
    "load_cluener",
    "cluener_splits",
]

#: CLUENER label -> zhkg entity type; labels not listed are dropped.
CLUENER_LABELS: dict[str, EntityType] = {
    "company": EntityType.Company,
    "government": EntityType.GovernmentBody,
    "organization": EntityType.Institution,
    "name": EntityType.Person,
    "address": EntityType.AdminRegion,
}

#: Number of lines at the end of ``train.jsonl`` held out as the dev split.
DEV_LINES = 1000


@dataclass(frozen=True, slots=True)
class NerExample:
    """One gold sentence: text and non-overlapping half-open typed spans.

    ``other`` keeps the spans of dropped CLUENER labels (``(start, end,
    label)``), which a model may learn as "not one of ours".
    """

    line: int
    text: str
    spans: tuple[tuple[int, int, EntityType], ...]
    other: tuple[tuple[int, int, str], ...] = ()


def shared_data_dir(start: Path | None = None) -> Path | None:
    """The shared data folder, or ``None`` when it is absent.

    Looks at ``$ZHKG_SHARED`` (the shared folder or its ``data`` child), then
    ``../shared/data`` beside the repository this package was installed from,
    then ``../shared/data`` beside ``start`` (default: the working directory).

    Returns
    -------
    Path or None
        A folder that exists, or ``None``.
    """
    candidates: list[Path] = []
    env = os.environ.get("ZHKG_SHARED")
    if env:
        candidates += [Path(env) / "data", Path(env)]
    repo = Path(__file__).resolve().parent.parent
    candidates.append(repo.parent / "shared" / "data")
    base = (start or Path.cwd()).resolve()
    candidates += [base.parent / "shared" / "data", base / "shared" / "data"]
    for c in candidates:
        if c.is_dir():
            return c
    return None


def cluener_path(data_dir: Path | None = None) -> Path | None:
    """Path of CLUENER's ``train.jsonl`` under ``data_dir`` (found if ``None``)."""
    base = data_dir if data_dir is not None else shared_data_dir()
    if base is None:
        return None
    p = Path(base) / "cluener" / "train.jsonl"
    return p if p.is_file() else None


def _parse(line_no: int, raw: str, path: str) -> NerExample:
    try:
        obj = json.loads(raw)
        text = obj["text"]
        labels = obj.get("label") or {}
    except (ValueError, KeyError, TypeError) as e:
        raise InputError(path, f"not a CLUENER record: {e}", line_no) from e
    spans: list[tuple[int, int, EntityType]] = []
    other: list[tuple[int, int, str]] = []
    for label, names in labels.items():
        for name, offsets in names.items():
            for s, e in offsets:
                start, end = int(s), int(e) + 1  # inclusive -> half-open
                if text[start:end] != name:
                    raise InputError(path, f"span {s},{e} is {text[start:end]!r}, not {name!r}", line_no)
                if label in CLUENER_LABELS:
                    spans.append((start, end, CLUENER_LABELS[label]))
                else:
                    other.append((start, end, label))
    spans.sort()
    kept: list[tuple[int, int, EntityType]] = []
    for sp in spans:  # CLUENER has a few overlaps; keep the earlier, longer one
        if kept and sp[0] < kept[-1][1]:
            if sp[1] - sp[0] > kept[-1][1] - kept[-1][0] and sp[0] == kept[-1][0]:
                kept[-1] = sp
            continue
        kept.append(sp)
    return NerExample(line_no, text, tuple(kept), tuple(sorted(other)))


def load_cluener(path: Path) -> Iterator[NerExample]:
    """Read CLUENER JSON Lines as :class:`NerExample` with half-open spans.

    Parameters
    ----------
    path : Path
        A CLUENER ``*.jsonl`` file.

    Yields
    ------
    NerExample
        One per non-empty line, ``line`` counted from 1.

    Raises
    ------
    InputError
        A line that is not JSON or whose span does not match its name.
    """
    p = str(path)
    with open(path, encoding="utf-8") as fh:
        for i, raw in enumerate(fh, 1):
            if raw.strip():
                yield _parse(i, raw, p)


def cluener_splits(
    path: Path, dev_lines: int = DEV_LINES, tune_lines: int = 0
) -> tuple[list[NerExample], list[NerExample], list[NerExample]]:
    """Split CLUENER into train, tune and dev.

    Parameters
    ----------
    path : Path
        CLUENER ``train.jsonl``.
    dev_lines : int
        Lines at the end kept as the dev split (default :data:`DEV_LINES`).
    tune_lines : int
        Lines at the end of the training part set aside to tune on
        (default 0: train on the whole training part).

    Returns
    -------
    train, tune, dev : list of NerExample

    Raises
    ------
    ValueError
        If a count is negative or the file is too short to split.
    """
    if dev_lines < 0 or tune_lines < 0:
        raise ValueError(f"negative split size: dev_lines={dev_lines}, tune_lines={tune_lines}")
    rows = list(load_cluener(path))
    if len(rows) <= dev_lines + tune_lines:
        raise ValueError(f"{path} has {len(rows)} records, too few for {dev_lines} dev + {tune_lines} tune")
    cut = len(rows) - dev_lines
    train, dev = rows[:cut], rows[cut:]
    tcut = len(train) - tune_lines
    return train[:tcut], train[tcut:], dev
