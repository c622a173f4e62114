"""Entity resolution inside zhkg build: the override file and stable ids
across incremental builds."""
from __future__ import annotations

from zhkg import build, load_graph

SHORT = "近日，市计量质检院走访了重庆华虹仪表有限公司。\n"   # seeds/
FULL = "今年以来，重庆市计量质量检测研究院持续开展服务。市计量质检院走访企业。\n"  # seeds/


def _ids_by_name(out):
    g = load_graph(out)
    return {name: n for n, d in g.nodes(data=True) for name in [d["label"], *d["aliases"]]}, g


def test_adding_a_document_with_a_fuller_name_keeps_the_entity_id(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(SHORT, encoding="utf-8")
    build(src, out, html=False, store=False, jobs=1)
    before, _ = _ids_by_name(out)
    (src / "b.txt").write_text(FULL, encoding="utf-8")
    build(src, out, html=False, store=False, jobs=1)
    after, g = _ids_by_name(out)
    for name, node in before.items():
        if name in after:
            assert after[name] == node, name
    assert "重庆华虹仪表有限公司" in after


def test_override_file_forbids_a_merge(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "b.txt").write_text(FULL, encoding="utf-8")
    build(src, out, html=False, store=False, jobs=1)
    names, g = _ids_by_name(out)
    assert names["市计量质检院"] == names["重庆市计量质量检测研究院"]
    (out / "overrides.csv").write_text("action,name,other\nforbid,市计量质检院,重庆市计量质量检测研究院\n",
                                       encoding="utf-8")
    build(src, out, html=False, store=False, jobs=1)
    names, g = _ids_by_name(out)
    assert names["市计量质检院"] != names["重庆市计量质量检测研究院"]
