"""kill -9 in the middle of a build: the outputs stay the previous complete
ones, the cache holds no damaged entry, and the rerun resumes from the cache."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from zhkg import build
from test_scale import make_corpus
from zhkg.cache import ResultCache, _decode, cache_key

BUILD = "import sys; from zhkg import build; build(sys.argv[1], sys.argv[2], jobs=1, html=False, store=False)"


def start_build(src: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", BUILD, str(src), str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def kill_when(proc: subprocess.Popen, ready, timeout: float = 120) -> None:
    """SIGKILL ``proc`` as soon as ``ready()`` is true; fail if it ends first."""
    end = time.monotonic() + timeout
    while not ready():
        if proc.poll() is not None:
            pytest.fail(f"the build ended before the kill point: {proc.stderr.read().decode()[-500:]}")
        if time.monotonic() > end:
            proc.kill()
            pytest.fail("kill point never reached")
        time.sleep(0.002)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


def cache_entries(out: Path) -> list[Path]:
    return list((out / ".zhkg" / "cache").rglob("*.pickle"))


def assert_cache_sound(out: Path) -> None:
    for f in cache_entries(out):
        assert _decode(f.read_bytes()) is not None, f"damaged cache entry {f}"


def snapshot(out: Path) -> dict[str, bytes]:
    return {n: (out / n).read_bytes() for n in ("graph.nq", "graph.ttl", "graph.json", "summary.json", "errors.jsonl")}


@pytest.fixture
def previous(tmp_path):
    """A complete build of 6 documents, then 60 more documents added to the source."""
    src = make_corpus(tmp_path / "in", n=6)
    out = tmp_path / "out"
    build(src, out, jobs=1, html=False, store=False)
    before = snapshot(out)
    make_corpus(src, n=60, prefix="more")
    return src, out, before


def test_killed_while_writing_outputs_keeps_the_previous_outputs(previous, tmp_path):
    src, out, before = previous
    builds = out / ".zhkg" / "builds"
    current = (out / ".zhkg" / "current").resolve()

    def writing() -> bool:  # a new build folder with at least one file in it
        return any(p.resolve() != current and any(p.iterdir()) for p in builds.iterdir())

    kill_when(start_build(src, out), writing)
    assert snapshot(out) == before
    assert_cache_sound(out)
    report = build(src, out, jobs=1, html=False, store=False)
    assert report.extracted == 0 and report.cached == 66  # everything was extracted before the kill
    fresh = tmp_path / "fresh"
    build(src, fresh, jobs=1, html=False, store=False)
    assert snapshot(out) == snapshot(fresh)


def test_killed_while_extracting_resumes_from_the_cache(previous):
    src, out, before = previous
    kill_when(start_build(src, out), lambda: len(cache_entries(out)) >= 6 + 20)
    assert snapshot(out) == before
    assert_cache_sound(out)
    done = len(cache_entries(out))
    report = build(src, out, jobs=1, html=False, store=False)
    assert report.cached >= done - 1 and report.extracted <= 66 - done + 1
    assert report.documents == 66 and not report.errors


def test_a_half_written_cache_entry_is_never_believed(tmp_path):
    from zhkg.extract.records import Document

    cache = ResultCache(tmp_path)
    doc = Document("a", "a.txt", "甲", "utf-8", "00")
    key_path = cache._path(cache_key(doc))
    key_path.parent.mkdir(parents=True)
    key_path.write_bytes(b"zhkg-result-1\n" + b"\0" * 40)
    assert cache.get(doc) is None


def test_a_second_build_into_the_same_folder_is_refused_while_one_runs(tmp_path):
    from zhkg.publish import build_lock

    src = make_corpus(tmp_path / "in", n=1)
    out = tmp_path / "out"
    with build_lock(out):
        res = subprocess.run(["zhkg", "build", str(src), "--out", str(out), "-q"], capture_output=True, text=True)
    assert res.returncode == 1 and "another zhkg build is writing this folder" in res.stderr
    assert res.stderr.count("\n") == 1
