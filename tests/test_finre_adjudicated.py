"""The blind adjudication of FinRE valid partnerOf pairs
(tests/gold/finre_valid_adjudicated.tsv) and its scoring."""
from __future__ import annotations

from pathlib import Path

import pytest
from zhkg.extract.corpora import shared_data_dir

from zhkg.evaluation import (
    ADJUDICATED_FINRE,
    AdjudicatedPair,
    AdjudicationError,
    load_adjudication,
    match_adjudication,
    precision_recall_curve,
    recall_at_precision,
    score_adjudicated,
    sentence_sha1,
)


def test_file_parses() -> None:
    rows = load_adjudication(ADJUDICATED_FINRE)
    assert len(rows) == 247
    by = {s: [r for r in rows if r.stratum == s] for s in "abc"}
    assert (len(by["a"]), len(by["b"]), len(by["c"])) == (76, 71, 100)
    assert all(r.finre == 1 for r in by["a"]) and all(r.finre == 0 for r in by["b"] + by["c"])
    assert len({(r.line, r.head, r.tail) for r in rows}) == len(rows)
    header = ADJUDICATED_FINRE.read_text(encoding="utf-8").split("\nline\t")[0]
    assert "Blind" in header and "random.Random(5)" in header


def test_no_sentence_text_in_repo() -> None:
    # reasons quote at most a few words; no row carries a whole sentence
    assert all(len(r.reason) < 120 for r in load_adjudication(ADJUDICATED_FINRE))


def _valid() -> Path:
    shared = shared_data_dir()
    if shared is None or not (shared / "finre" / "valid.txt").exists():
        pytest.skip("../shared/data/finre/valid.txt not available")
    return shared / "finre" / "valid.txt"


def test_sha1s_match_shared_data() -> None:
    valid = _valid()
    judged, weights = match_adjudication(load_adjudication(ADJUDICATED_FINRE), valid)
    assert len(judged) == 247
    assert weights == {"a": 1.0, "b": 1.0, "c": pytest.approx(530 / 100)}


def test_changed_sentence_is_detected(tmp_path: Path) -> None:
    valid = tmp_path / "valid.txt"
    valid.write_text("甲公司\t乙公司\t合作\t甲公司与乙公司合作。\n\n乙公司\t甲公司\t合作\t甲公司与乙公司合作。\n",
                     encoding="utf-8")
    good = AdjudicatedPair(1, sentence_sha1("甲公司与乙公司合作。"), "甲公司", "乙公司", "a", 1, 1, "合作")
    judged, weights = match_adjudication([good], valid)
    assert judged[0][0] == ("甲公司与乙公司合作。", frozenset({"甲公司", "乙公司"}))
    assert weights["c"] == 0.0
    bad = AdjudicatedPair(1, "0" * 12, "甲公司", "乙公司", "a", 1, 1, "合作")
    with pytest.raises(AdjudicationError, match="sha1"):
        match_adjudication([bad], valid)


def test_malformed_file_is_rejected(tmp_path: Path) -> None:
    f = tmp_path / "adj.tsv"
    f.write_text("# c\nline\tsha1\thead\ttail\tstratum\tfinre\tadjudicated\treason\n1\tzz\ta\tb\ta\t1\t1\tx\n",
                 encoding="utf-8")
    with pytest.raises(AdjudicationError):
        load_adjudication(f)


def test_scoring_on_a_hand_made_example() -> None:
    w = {"a": 1.0, "b": 1.0, "c": 10.0}
    items = [
        ("a", 1, True),    # tp
        ("a", 0, True),    # fp
        ("a", 1, False),   # fn
        ("b", 1, True),    # tp
        ("b", 0, False),   # tn
        ("c", 1, False),   # fn x10
        ("c", 0, True),    # fp x10
        ("c", 0, False),   # tn
    ]
    sc = score_adjudicated(items, w)
    tp, fp, fn, p, r, f = sc["judged"]
    assert (tp, fp, fn) == (2, 2, 2) and p == 0.5 and r == 0.5 and f == 0.5
    tp, fp, fn, p, r, f = sc["weighted"]
    assert (tp, fp, fn) == (2, 11, 11)
    assert p == pytest.approx(2 / 13) and r == pytest.approx(2 / 13) and f == pytest.approx(2 / 13)


def test_precision_recall_curve() -> None:
    w = {"a": 1.0, "b": 1.0, "c": 2.0}
    items = [("a", 1, True, 0.9), ("a", 1, True, 0.8), ("b", 0, True, 0.7), ("c", 1, True, 0.6),
             ("c", 1, False, 0.0)]
    curve = precision_recall_curve(items, w)
    # gold weight: 1 + 1 + 2 + 2 = 6
    assert curve == [(0.9, 1.0, pytest.approx(1 / 6)), (0.8, 1.0, pytest.approx(2 / 6)),
                     (0.7, pytest.approx(2 / 3), pytest.approx(2 / 6)), (0.6, pytest.approx(4 / 5), pytest.approx(4 / 6))]
    assert recall_at_precision(items, w, 0.85) == (0.8, 1.0, pytest.approx(2 / 6))
    assert recall_at_precision(items, w, 0.8)[0] == 0.6
    assert recall_at_precision([("a", 1, False, 0.0)], w) is None


def test_two_nodes_matching_one_gold_relation_score_one_hit_and_one_false_positive():
    """A failed merge (two nodes for one body) must not count the same gold
    edge twice: the second match is a false positive, not a second hit."""
    import networkx as nx
    from zhkg.evaluation import score_graph_against_gold

    g = nx.MultiDiGraph()
    for n, label in (("a", "江西鄱阳湖产业投资管理公司"), ("b", "江西鄱阳湖产业基金公司"), ("r", "江西省")):
        g.add_node(n, label=label, aliases=[])
    ev = [{"doc": "d", "confidence": 0.9, "rule": "located-name-prefix"}]
    g.add_edge("a", "r", key="locatedIn", evidence=ev, confidence=0.9)
    g.add_edge("b", "r", key="locatedIn", evidence=ev, confidence=0.9)
    gold = [{"head": ["江西鄱阳湖产业基金公司", "江西鄱阳湖产业投资管理公司"], "relation": "locatedIn", "tail": "江西省"}]
    sc = score_graph_against_gold(g, gold)
    assert (sc.tp["locatedIn"], sc.fp["locatedIn"], sc.fn["locatedIn"]) == (1, 1, 0)
