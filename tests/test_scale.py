"""Parallel, cached, incremental builds; TSV corpora; the Dask engine gives the same graph."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zhkg import build
from zhkg.exports.cli import app

# Short sentences in the style of the seed page (重庆 regional news).
SENTENCES = [
    "8月27日，长安软件科技公司正式入驻仙桃数据谷。",
    "合川网络安全产业城已与德国博世集团联合建设了网络安全培训基地。",
    "近日，市计量质检院第四分院联合开州区市场监管局深入开州区赵家街道，重点走访了重庆嘉利华食品有限公司等企业。",
    "重庆两江新区管理委员会与华为技术有限公司签署战略合作协议。",
    "位于渝北区的重庆嘉泰精密机械有限公司今年产值近6亿元。",
    "璧山区人民政府与重庆大学共建璧山高新区科技创新中心。",
]


def make_corpus(folder: Path, n: int = 6, prefix: str = "doc") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        text = SENTENCES[i % len(SENTENCES)] + "\n" + SENTENCES[(i + 1) % len(SENTENCES)] + "\n"
        (folder / f"{prefix}{i:03d}.txt").write_text(text, encoding="utf-8")
    return folder


def outputs(out: Path) -> dict[str, bytes]:
    return {n: (out / n).read_bytes() for n in ("graph.nq", "graph.json", "summary.json", "errors.jsonl")}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus") / "in")


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("ref") / "out"
    report = build(corpus, out, jobs=1, html=False)
    return out, report


def test_a_rebuild_reads_every_document_from_the_cache_and_writes_the_same_bytes(corpus, reference, tmp_path):
    ref_out, first = reference
    assert first.extracted == 6 and first.cached == 0 and not first.errors
    again = build(corpus, ref_out, jobs=1, html=False)
    assert again.extracted == 0 and again.cached == 6
    assert outputs(ref_out)["graph.nq"] == outputs(ref_out)["graph.nq"]
    fresh = tmp_path / "fresh"
    build(corpus, fresh, jobs=1, html=False, store=False)
    assert outputs(fresh) == outputs(ref_out)


def test_a_rebuild_extracts_only_new_and_changed_documents(tmp_path):
    src = make_corpus(tmp_path / "in", n=4)
    out = tmp_path / "out"
    build(src, out, jobs=1, html=False, store=False)
    (src / "doc001.txt").write_text(SENTENCES[5], encoding="utf-8")
    (src / "new.txt").write_text(SENTENCES[2], encoding="utf-8")
    report = build(src, out, jobs=1, html=False, store=False)
    assert (report.extracted, report.cached, report.documents) == (2, 3, 5)


def test_force_and_a_new_extractor_version_extract_everything_again(tmp_path, monkeypatch):
    src = make_corpus(tmp_path / "in", n=3)
    out = tmp_path / "out"
    build(src, out, jobs=1, html=False, store=False)
    assert build(src, out, jobs=1, html=False, store=False, force=True).extracted == 3
    monkeypatch.setattr("zhkg.extract.pipeline.EXTRACTOR_VERSION", "test-next")
    report = build(src, out, jobs=1, html=False, store=False)
    assert (report.extracted, report.cached) == (3, 0)
    entries = list((out / ".zhkg" / "cache").rglob("*.pickle"))
    assert len(entries) == 3  # the old version's entries were pruned


def test_a_damaged_cache_entry_is_a_miss_not_an_error(tmp_path):
    src = make_corpus(tmp_path / "in", n=3)
    out = tmp_path / "out"
    build(src, out, jobs=1, html=False, store=False)
    entries = sorted((out / ".zhkg" / "cache").rglob("*.pickle"))
    entries[0].write_bytes(entries[0].read_bytes()[:-7])  # truncated
    entries[1].write_bytes(b"")
    report = build(src, out, jobs=1, html=False, store=False)
    assert (report.extracted, report.cached, report.errors) == (2, 1, [])


def test_two_jobs_give_the_same_outputs_as_one(corpus, reference, tmp_path):
    ref_out, _ = reference
    out = tmp_path / "out"
    report = build(corpus, out, jobs=2, html=False)
    assert report.extracted == 6
    assert outputs(out) == outputs(ref_out)


def test_dask_local_cluster_gives_the_same_outputs_as_local(corpus, reference, tmp_path):
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
    ref_out, _ = reference
    out = tmp_path / "out"
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        report = build(corpus, out, engine="dask", scheduler=cluster.scheduler_address, html=False)
    assert report.extracted == 6 and not report.errors
    assert outputs(out) == outputs(ref_out)


def test_tsv_corpus_gives_one_document_per_line(tmp_path):
    tsv = tmp_path / "news.tsv"
    rows = [f"财经\t{SENTENCES[0]}", f"科技\t{SENTENCES[1]}", "体育", "", f"房产\t{SENTENCES[3]}"]
    tsv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(tsv), "--tsv-column", "2", "--out", str(out), "-q",
                                      "--no-html", "-j", "1"])
    assert result.exit_code == 1, result.output
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [e["error"] for e in errors] == [f"{tsv}:3:1: no column 2 (the line has 1)"]
    nq = (out / "graph.nq").read_text(encoding="utf-8")
    for line in (1, 2, 5):
        assert f"<https://w3id.org/zhkg/graph/news.tsv%23{line}>" in nq
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["documents"] == 3


@pytest.mark.parametrize("args", [["--jobs", "0"], ["--engine", "spark"], ["--tsv-column", "0"],
                                  ["--scheduler", "tcp://x:1"]])
def test_bad_build_options_are_usage_errors(tmp_path, args):
    result = CliRunner().invoke(app, ["build", str(tmp_path), "--out", str(tmp_path / "o"), *args])
    assert result.exit_code == 2


def test_outputs_are_published_together_and_old_builds_removed(corpus, tmp_path):
    out = tmp_path / "out"
    build(corpus, out, jobs=1, store=False, html=False)
    current = (out / ".zhkg" / "current").resolve()
    for name in ("graph.nq", "graph.ttl", "summary.json", "errors.jsonl", "graph.json"):
        assert (out / name).resolve().parent == current
    build(corpus, out, jobs=1, store=False, html=False)
    assert len(list((out / ".zhkg" / "builds").iterdir())) == 1  # the previous build is gone
    assert not (out / "graph.html").exists()
