"""All outputs of a build appear at once, or not at all.

A build writes its outputs into a fresh folder ``OUT/.zhkg/builds/<id>/``.
``OUT/.zhkg/current`` is a symlink to the complete build, and each output
``OUT/graph.ttl``, ``OUT/store``, ... is a symlink through it
(``.zhkg/current/graph.ttl``). Publishing a build is one atomic rename of
``current``, so a reader (or a build killed at any instant) sees every file
of the previous build or every file of the new one, never a mix. Only the
first build into a folder written by an older zhkg (plain files) replaces
them one by one.

Where symlinks cannot be made (some Windows setups) each output is moved
into place on its own, which is atomic per file only.
"""
from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from zhkg.extract.errors import InputError

__all__ = ["STATE_DIR", "new_build_dir", "publish", "build_lock", "current_build"]

#: The build's private folder inside OUT: cache, builds, lock.
STATE_DIR = ".zhkg"
_CURRENT = "current"
_BUILDS = "builds"


def current_build(out: str | os.PathLike) -> Path | None:
    """The folder of the published build of ``out``, or ``None``."""
    link = Path(out) / STATE_DIR / _CURRENT
    target = link.resolve() if link.is_symlink() else None
    return target if target is not None and target.is_dir() else None


@contextmanager
def build_lock(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``out`` for one build.

    Raises
    ------
    InputError
        Another build holds the lock.
    """
    state = out / STATE_DIR
    state.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no lock
        yield
        return
    # lockf (a POSIX record lock) belongs to this process: unlike flock it is
    # not shared with forked workers, so a killed build never leaves it held.
    with open(state / "lock", "a+b") as fh:
        try:
            fcntl.lockf(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            raise InputError(str(out), "another zhkg build is writing this folder "
                                       "(wait for it, or build into another --out)") from exc
        try:
            yield
        finally:
            fcntl.lockf(fh.fileno(), fcntl.LOCK_UN)


def new_build_dir(out: Path) -> Path:
    """A fresh, empty folder for a build's outputs; leftovers of killed builds are removed.

    Call it while holding :func:`build_lock`.
    """
    builds = out / STATE_DIR / _BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    _remove_old_builds(out)
    name = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**9}"
    path = builds / name
    path.mkdir()
    return path


def _remove_old_builds(out: Path) -> None:
    keep = current_build(out)
    for p in (out / STATE_DIR / _BUILDS).iterdir():
        if keep is None or p.resolve() != keep:
            shutil.rmtree(p, ignore_errors=True)
    for p in (out / STATE_DIR).glob(".trash-*"):
        shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)


def publish(out: Path, build: Path, names: Sequence[str]) -> list[Path]:
    """Make the outputs ``names`` of the complete folder ``build`` the outputs of ``out``.

    Returns the paths of the published outputs, ``out / name`` for each name.
    """
    state = out / STATE_DIR
    try:
        for name in names:
            _ensure_link(out, name)
        _symlink_replace(os.path.relpath(build, state), state / _CURRENT)
    except OSError:
        if (state / _CURRENT).is_symlink():
            raise
        return _move_each(out, build, names)  # no symlinks here
    # links of outputs this build did not write (graph.html after --no-html)
    for stale in out.iterdir():
        if stale.name not in names and stale.is_symlink() and \
                os.readlink(stale).startswith(f"{STATE_DIR}/{_CURRENT}/") and not stale.exists():
            stale.unlink()
    _remove_old_builds(out)
    return [out / n for n in names]


def _ensure_link(out: Path, name: str) -> None:
    target = f"{STATE_DIR}/{_CURRENT}/{name}"
    link = out / name
    if link.is_symlink() and os.readlink(link) == target:
        return
    if link.is_dir() and not link.is_symlink():  # an older build's store/: move it aside first
        os.replace(link, out / STATE_DIR / f".trash-{name}-{os.getpid()}")
    _symlink_replace(target, link)


def _symlink_replace(target: str, link: Path) -> None:
    tmp = link.with_name(f".{link.name}.{os.getpid()}.link")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(target, tmp)
    os.replace(tmp, link)


def _move_each(out: Path, build: Path, names: Sequence[str]) -> list[Path]:
    from zhkg.exports.atomic import replace_dir

    for name in names:
        src = build / name
        if src.is_dir():
            replace_dir(src, out / name)
        else:
            os.replace(src, out / name)
    shutil.rmtree(build, ignore_errors=True)
    return [out / n for n in names]
