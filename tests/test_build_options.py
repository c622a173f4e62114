"""zhkg build with and without the CRF tagger: separate cache entries, and
the model adds names no rule sees; --jobs 2 writing the view in a child; a
bad output folder."""
from __future__ import annotations

from pathlib import Path

from conftest import SEEDS
from zhkg import build, load_graph

# seeds/: 北斗星通, 长安汽车 and 中国汽研 have no suffix a rule could see
TEXT = "园区获批后，8月24日，北斗星通落地仙桃数据谷，未来其将与长安汽车及中国汽研合作开发北斗智能化座舱终端。\n"


def _labels(out):
    return {d["label"] for _, d in load_graph(out).nodes(data=True)}


def test_rules_only_and_model_builds_are_cached_apart(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(TEXT, encoding="utf-8")
    rules = build(src, out, html=False, store=False, jobs=1, use_model=False)
    rules_labels = _labels(out)
    full = build(src, out, html=False, store=False, jobs=1)
    assert rules.extracted == 1 and full.extracted == 1  # no result reused across settings
    full_labels = _labels(out)
    again = build(src, out, html=False, store=False, jobs=1)
    assert again.extracted == 0 and again.cached == 1
    assert rules_labels < full_labels
    assert {"长安汽车", "中国汽研"} <= full_labels - rules_labels


def test_a_change_to_the_extraction_code_invalidates_the_cache(tmp_path, monkeypatch):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(TEXT, encoding="utf-8")
    build(src, out, html=False, store=False, jobs=1, use_model=False)
    assert build(src, out, html=False, store=False, jobs=1, use_model=False).cached == 1
    # same EXTRACTOR_VERSION, different code or data in zhkg.extract
    monkeypatch.setattr("zhkg.extract.pipeline._code_digest", lambda: "edited")
    again = build(src, out, html=False, store=False, jobs=1, use_model=False)
    assert (again.extracted, again.cached) == (1, 0)


def test_with_two_jobs_the_html_view_written_by_a_child_is_the_same(tmp_path):
    """--jobs 2 writes graph.html in a forked child while the RDF is written:
    every output is the same as with one job."""
    one, two = tmp_path / "one", tmp_path / "two"
    build(SEEDS, one, jobs=1)
    report = build(SEEDS, two, jobs=2)
    assert "html" in report.timings and "graph.html" in {Path(p).name for p in report.outputs}
    for name in ("graph.html", "graph.ttl", "graph.nq", "graph.json"):
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


def test_a_child_that_fails_to_write_the_html_fails_the_build_and_publishes_nothing(tmp_path, monkeypatch):
    import pytest
    import zhkg.exports.html as html

    def broken(*_a, **_k):
        raise RuntimeError("view writer broke")

    monkeypatch.setattr(html, "write_html", broken)  # inherited by the forked child
    with pytest.raises(RuntimeError, match="view writer broke"):
        build(SEEDS, tmp_path / "out", jobs=2)
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_an_output_folder_that_is_a_file_is_a_clear_error(tmp_path):
    import pytest
    from zhkg.extract.errors import InputError

    out = tmp_path / "out"
    out.write_text("not a folder", encoding="utf-8")
    with pytest.raises(InputError, match="output folder is a file"):
        build(SEEDS, out)
    assert out.read_text(encoding="utf-8") == "not a folder"


def test_the_prefetch_of_a_parallel_build_loads_what_the_merge_uses():
    """While workers extract, the parent loads the merge's tables; a renamed
    function once made it load nothing, silently (the merge took 0.25 s more)."""
    import subprocess
    import sys

    code = ("import sys\n"
            "from zhkg.pipeline import _prefetch_merge_resources\n"
            "from zhkg.extract.segment import word_tags\n"
            "from zhkg.extract.gazetteer import load_gazetteer\n"
            "_prefetch_merge_resources(True)\n"
            "print(word_tags.cache_info().currsize, load_gazetteer.cache_info().currsize, 'pyvis.network' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split()
    assert out == ["1", "1", "True"]


def test_a_fresh_two_job_build_does_not_hang_on_the_forked_view(tmp_path):
    """The first --jobs 2 build of a process forks the view writer while the
    prefetch thread may still be importing pyvis: forking then copied the held
    import lock into the child, which waited on it forever."""
    import subprocess
    import sys

    code = ("import sys\nfrom zhkg import build\n"
            "r = build(sys.argv[1], sys.argv[2], jobs=2)\n"
            "print(sorted(r.timings))\n")
    out = subprocess.run([sys.executable, "-c", code, str(SEEDS), str(tmp_path / "out")],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "out" / "graph.html").is_file()
