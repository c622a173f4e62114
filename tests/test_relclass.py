"""The FinRE pair classifier and its calibration: real FinRE (MIT) sentences
(train file; valid is the test set and is only scored by eval-relations),
positives and negatives, and the properties of the shipped model files."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from zhkg.extract.finre import (
    HEAD_TO_TAIL,
    TAIL_TO_HEAD,
    RelExample,
    locate_pair,
    map_label,
)
from zhkg.extract.relate import Relater
from zhkg.extract.relclass import (
    RELATIONS,
    Calibrator,
    calibration_path,
    fold_of,
    load_classifier,
    model_path,
    pair_examples,
    pair_features,
)
from zhkg.extract.schema import Relation
from zhkg.extract.segment import Segmenter


@pytest.fixture(scope="module")
def model():
    return Relater(use_rules=False)


def _ex(head: str, tail: str, label: str, text: str) -> RelExample:
    h, t, amb = locate_pair(text, head, tail)
    rel, direction = map_label(label)
    return RelExample(text, head, tail, h, t, label, rel, direction, amb)


# --- decisions on FinRE train sentences ----------------------------------------

@pytest.mark.parametrize("text, head, tail", [
    ("<N>年年底,迪士尼与伊利乳业达成战略合作。", "迪士尼", "伊利乳业"),
    ("三一重工与普茨迈斯特的合作堪称“闪婚”。", "三一重工", "普茨迈斯特"),
    ("据悉,邮储银行与广发证券此前已有过深入密切的合作。", "广发证券", "邮储银行"),
])
def test_partners_named_together_with_a_cue(model, text, head, tail):
    res = model.relate(text, head, tail)
    assert res.relation is Relation.partnerOf and res.source.startswith("model:")
    assert 0.5 <= res.confidence <= 1


@pytest.mark.parametrize("text, head, tail", [
    # co-objects of 与: each cooperates with 全聚德, not with each other (FinRE: unknown)
    ("此外,全聚德还与百度外卖、<N>号店等电商平台展开了紧密合作。", "百度外卖", "<N>号店"),
    # a list of banks that each signed with 集团 (FinRE: 竞争)
    ("挂牌仪式上,国开行、工行、农行、京山等地政府也与集团签署了战略合作协议。", "工行", "农行"),
    # competitors (FinRE: 竞争)
    ("可以预计的是,在非洲这些传统地区,中海油必然会遇到众多竞争对手,包括道达尔、壳牌石油、雪佛龙和艾克森美孚等国际石油巨头。",
     "中海油", "壳牌石油"),
])
def test_no_partnership_without_one_stated_between_them(model, text, head, tail):
    res = model.relate(text, head, tail)
    assert res.relation is not Relation.partnerOf
    assert 0 <= res.confidence <= 1


def test_the_subject_of_a_cooperation_is_a_partner_of_its_object(model):
    res = model.relate("此外,全聚德还与百度外卖、<N>号店等电商平台展开了紧密合作。", "全聚德", "百度外卖")
    assert res.relation is Relation.partnerOf


def test_answer_does_not_depend_on_which_name_is_the_head(model):
    text = "据了解,国电集团目前拥有国电电力、自治区。"  # FinRE: 国电电力 被拥有 国电集团
    a = model.relate(text, "国电电力", "国电集团")
    b = model.relate(text, "国电集团", "国电电力")
    assert a.relation == b.relation
    if a.relation is Relation.subOrganizationOf:
        assert (a.direction, b.direction) == (HEAD_TO_TAIL, TAIL_TO_HEAD)
    assert abs(a.confidence - b.confidence) < 0.1


# --- features -----------------------------------------------------------------

def test_features_never_contain_the_names():
    seg = Segmenter()
    text = "<N>年<N>月<N>日,同洲电子宣布与韩国现代合作,"
    ex = _ex("同洲电子", "韩国现代", "合作", text)
    feats = pair_features(seg, text, ex.head_span, ex.tail_span)
    assert not [f for f in feats if "同洲" in f or "现代" in f or "韩国" in f]
    assert "m_has_yu" in feats and "cue_rc=合作" in feats
    text = "<N>年年底,迪士尼与伊利乳业达成战略合作。"
    ex = _ex("迪士尼", "伊利乳业", "合作", text)
    feats = pair_features(seg, text, ex.head_span, ex.tail_span)
    assert "join=与" in feats and "join_cue=合作" in feats


def test_a_conjunction_before_the_pair_marks_co_objects():
    seg = Segmenter()
    text = "此外,全聚德还与百度外卖、<N>号店等电商平台展开了紧密合作。"
    ex = _ex("百度外卖", "<N>号店", "unknown", text)
    assert "lconj=与" in pair_features(seg, text, ex.head_span, ex.tail_span)


# --- training data --------------------------------------------------------------

def test_a_pair_labelled_in_both_directions_is_one_instance_with_the_right_direction():
    text = "据了解,国电集团目前拥有国电电力、自治区。"
    exs = [_ex("国电电力", "国电集团", "被拥有", text), _ex("国电集团", "国电电力", "拥有", text)]
    (ex, label, rels), = pair_examples(exs)
    assert rels == {"subOrganizationOf"}
    # 国电电力 subOrganizationOf 国电集团, relative to the first example's head
    assert (ex.head, label) == ("国电电力", "subOrganizationOf>")
    (ex, label, _), = pair_examples(exs[::-1])
    assert (ex.head, label) == ("国电集团", "subOrganizationOf<")


def test_partnership_outranks_other_labels_of_a_pair():
    text = "据了解,银联总裁许罗德近日在与光大银行合作协议签订会上表示,目前移动支付标准已经基本确定为银联标准。"
    exs = [_ex("银联", "光大银行", "合作", text), _ex("银联", "光大银行", "unknown", text)]
    (_, label, rels), = pair_examples(exs)
    assert label == "partnerOf" and rels == {"partnerOf"}


def test_folds_are_fixed_by_the_sentence():
    assert fold_of("三一重工与普茨迈斯特的合作堪称“闪婚”。") == fold_of("三一重工与普茨迈斯特的合作堪称“闪婚”。")
    texts = [f"句子{i}" for i in range(2000)]
    share = sum(fold_of(t) == 0 for t in texts) / len(texts)
    assert 0.07 < share < 0.13


# --- calibration ---------------------------------------------------------------

def test_isotonic_calibration_is_increasing_and_follows_the_outcomes():
    scored = {"partnerOf": [(i / 100, i % 10 < i // 10) for i in range(100)]}
    cal = Calibrator.fit(scored)
    ys = [cal("partnerOf", x / 50) for x in range(51)]
    assert ys == sorted(ys)
    assert cal("partnerOf", 0.05) < 0.2 and cal("partnerOf", 0.95) > 0.8
    assert cal("serves", 0.3) == 0.3  # no table: the probability itself


def test_calibration_roundtrip(tmp_path: Path):
    cal = Calibrator({"partnerOf": [(0.1, 0.05), (0.9, 0.95)]})
    p = tmp_path / "c.json"
    cal.save(p)
    back = Calibrator.load(p)
    assert back("partnerOf", 0.5) == pytest.approx(0.5)


def test_shipped_model_is_small_and_calibrated_for_every_relation():
    m = model_path()
    assert m.stat().st_size < 5_000_000
    data = json.loads(calibration_path(m).read_text(encoding="utf-8"))
    assert set(data["points"]) == set(RELATIONS)
    for pts in data["points"].values():
        ys = [y for _, y in pts]
        assert ys == sorted(ys) and 0 <= ys[0] and ys[-1] <= 1
    clf = load_classifier()
    assert set(clf.calibrator.points) == set(RELATIONS)


def test_decide_reports_the_calibrated_confidence():
    clf = load_classifier()
    text = "<N>年年底,迪士尼与伊利乳业达成战略合作。"
    h, t, _ = locate_pair(text, "迪士尼", "伊利乳业")
    label, conf = clf.decide(text, h, t)
    probs = clf.probabilities(text, h, t)
    assert label == "partnerOf" and conf == pytest.approx(clf.calibrator("partnerOf", probs["partnerOf"]))


def test_the_shipped_model_is_what_train_relations_builds_from_finre_train(shared, tmp_path):
    """The model file is rebuilt by a command of the repo, byte for byte: a
    change to the segmenter or the features that is not followed by
    ``zhkg train-relations`` makes the shipped model stale (about 30 s)."""
    from zhkg.extract.finre import load_finre
    from zhkg.extract.relclass import train_classifier

    out = tmp_path / "sub" / "relations.crfsuite"  # a folder that does not exist yet
    train_classifier(load_finre(shared / "finre" / "train.txt"), out)
    assert out.read_bytes() == model_path().read_bytes()
    assert calibration_path(out).read_text(encoding="utf-8") == calibration_path(model_path()).read_text(encoding="utf-8")
