"""Bad input never stops a build: one error line per bad file, the rest builds.

Also fuzzes the reader and the extractors with arbitrary Unicode: no
exception escapes and every mention's offsets point at its text.
"""
from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from typer.testing import CliRunner

from zhkg.exports.cli import app
from zhkg.extract.documents import decode_bytes
from zhkg.extract.errors import InputError
from zhkg.extract.records import Document
from zhkg.sources import Limits, iter_sources

GOOD = "8月27日，长安软件科技公司正式入驻仙桃数据谷。\n"


@pytest.fixture
def messy(tmp_path):
    """A folder with one good file and one of each kind of bad input: name -> what the error says."""
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    (src / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (src / "latin1.txt").write_bytes(b"price: 100\x80 euro\xff\n")  # neither UTF-8 nor GB18030
    (src / "empty.txt").write_bytes(b"")
    (src / "blank.txt").write_text(" \n\n\t\n", encoding="utf-8")
    with open(src / "huge.txt", "wb") as fh:  # 50 MB, sparse: rejected by its size before reading
        fh.truncate(50 * 1024 * 1024)
    (src / "longline.txt").write_text("重庆" * 150_001 + "\n", encoding="utf-8")
    (src / "noperm.txt").write_text(GOOD, encoding="utf-8")
    os.chmod(src / "noperm.txt", 0)
    (src / "notes.md").write_text(GOOD, encoding="utf-8")
    (src / "sub" / "loop").symlink_to("..")
    (src / "self.txt").symlink_to("self.txt")
    yield src, {
        "binary.txt": "binary file",
        "latin1.txt": "not UTF-8 or GB18030",
        "empty.txt": "empty file",
        "blank.txt": "empty file",
        "huge.txt": "file too large",
        "longline.txt": "line too long",
        "noperm.txt": "Permission denied",
        "notes.md": "not a .txt file",
        "loop": "symlink loop",
        "self.txt": "cannot read",
    }
    os.chmod(src / "noperm.txt", 0o644)


def test_each_bad_input_is_one_error_line_and_the_rest_builds(messy, tmp_path):
    src, expected = messy
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(src), "--out", str(out), "-q", "--no-html", "-j", "1"])
    assert result.exit_code == 1, result.output
    rows = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    got = {os.path.basename(r["path"]): r["error"] for r in rows}
    assert sorted(got) == sorted(expected)
    for name, what in expected.items():
        assert what in got[name] and got[name].count("\n") == 0, got[name]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["documents"] == 1 and len(summary["errors"]) == len(expected)
    assert "长安软件科技公司" in (out / "graph.nq").read_text(encoding="utf-8")
    # stderr has one line per error
    assert sum("zhkg: error:" in line for line in result.stderr.splitlines()) == len(expected)


def test_limits_are_parameters(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD * 20, encoding="utf-8")
    [entry] = iter_sources(tmp_path, limits=Limits(max_bytes=100))
    assert isinstance(entry, InputError) and "too large" in str(entry)
    [entry] = iter_sources(tmp_path, limits=Limits(max_line=10))
    assert isinstance(entry, InputError) and str(entry).startswith(f"{tmp_path / 'a.txt'}:1:1: line too long")


# -- fuzzing ---------------------------------------------------------------

NEWS_CHARS = st.sampled_from(list("重庆市合川区网络安全产业城公司集团有限研究院与联合建设签署协议位于入驻项目亿元年月日"
                                  "，。、“”（）《》：；！？…— \n\t0123456789ABCabc"))
ANY_TEXT = st.one_of(
    st.text(max_size=300),
    st.text(NEWS_CHARS, max_size=300),
    st.lists(st.one_of(st.text(NEWS_CHARS, max_size=20), st.text(max_size=5)), max_size=30).map("".join),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_decoding_any_bytes_gives_text_or_an_input_error(data):
    try:
        text, encoding = decode_bytes(data, "x.txt")
    except InputError as exc:
        assert str(exc).startswith("x.txt") and "\n" not in str(exc)
    else:
        assert isinstance(text, str) and encoding


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_TEXT)
def test_extractors_never_raise_on_any_unicode(extractor, text):
    result = extractor.extract(Document("fuzz", "fuzz.txt", text, "utf-8", ""))
    assert result.n_chars == len(text)
    for m in result.mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
    for r in result.relations:
        assert 0 <= r.evidence.start < r.evidence.end <= len(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(ANY_TEXT)
def test_reading_any_unicode_file_round_trips_or_fails_cleanly(tmp_path, text):
    path = tmp_path / "f.txt"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    [entry] = iter_sources(path)
    if isinstance(entry, InputError):
        assert "\n" not in str(entry)
    else:
        assert entry.text == text
