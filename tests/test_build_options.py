"""zhkg build with and without the CRF tagger: separate cache entries, and
the model adds names no rule sees."""
from __future__ import annotations

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
