"""The CRF tagger: tag encoding, the shipped model, combination with rules, CLUENER."""
from __future__ import annotations

import json
import socket
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhkg.extract.corpora import DEV_LINES, cluener_path, cluener_splits, load_cluener
from zhkg.extract.crf import (
    NER_TYPES,
    combine_mentions,
    evaluate_ner,
    load_ner_model,
    model_path,
    spans_to_tags,
    tags_to_spans,
)
from zhkg.extract.errors import InputError
from zhkg.extract.schema import EntityType

CLUENER = cluener_path()
needs_cluener = pytest.mark.skipif(
    CLUENER is None, reason="CLUENER not found: ../shared/data/cluener/train.jsonl (or $ZHKG_SHARED) is absent"
)

# text drawn from CJK, Chinese punctuation and newlines (STYLE.md §8)
cjk_text = st.text(
    alphabet=st.one_of(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), st.sampled_from("，。、“”\n")),
    max_size=60,
)


@st.composite
def spans_in_text(draw):
    """A length and sorted, non-overlapping typed spans within it."""
    length = draw(st.integers(0, 40))
    cuts = sorted(draw(st.sets(st.integers(0, length), max_size=12)))
    spans = []
    for a, b in zip(cuts[::2], cuts[1::2]):
        if draw(st.booleans()):
            spans.append((a, b, draw(st.sampled_from(NER_TYPES))))
    return length, spans


# --- tags <-> spans -------------------------------------------------------


@given(spans_in_text())
def test_encode_then_decode_returns_the_spans(case):
    length, spans = case
    tags = spans_to_tags(length, spans)
    assert len(tags) == length
    assert tags_to_spans(tags) == spans


@given(st.lists(st.sampled_from(["O"] + [f"{m}-{t}" for m in "BIES" for t in ("Person", "Company")]), max_size=30))
def test_any_tag_sequence_decodes_to_valid_spans(tags):
    spans = tags_to_spans(tags)
    ends = [0]
    for s, e, t in spans:
        assert ends[-1] <= s < e <= len(tags)
        assert t in (EntityType.Person, EntityType.Company)
        ends.append(e)
    # decoding is a fixed point after one round: re-encode, decode, same spans
    assert tags_to_spans(spans_to_tags(len(tags), spans)) == spans


def test_encode_rejects_overlapping_and_out_of_range_spans():
    with pytest.raises(ValueError, match="overlaps"):
        spans_to_tags(5, [(0, 3, EntityType.Person), (2, 4, EntityType.Company)])
    with pytest.raises(ValueError, match="out of range"):
        spans_to_tags(3, [(1, 4, EntityType.Person)])


# --- the shipped model ----------------------------------------------------


def test_model_loads_offline_and_once(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the NER model must not touch the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    load_ner_model.cache_clear()
    model = load_ner_model()
    assert model is load_ner_model()
    assert model.path == model_path()
    # Source: CLUENER train.jsonl line 1.
    text = "浙商银行企业信贷部叶老桂博士则从另一个角度对五道门槛进行了解读。"
    found = {(text[s:e], t) for s, e, t in model.tag(text)}
    assert ("叶老桂", EntityType.Person) in found


def test_model_file_is_small():
    assert model_path().stat().st_size < 8_000_000


@settings(max_examples=60, deadline=None)
@given(cjk_text)
def test_model_spans_lie_inside_the_text_and_do_not_overlap(text):
    spans = load_ner_model().tag(text)
    last = 0
    for s, e, t in spans:
        assert last <= s < e <= len(text)
        assert t in NER_TYPES
        last = e


def test_importing_loads_nothing():
    code = (
        "import jieba, zhkg.extract.crf, zhkg.extract.corpora\n"
        "import zhkg.extract.crf as c\n"
        "assert not jieba.dt.initialized\n"
        "assert c.load_ner_model.cache_info().currsize == 0\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- combining with rules -------------------------------------------------

R = EntityType


def test_certain_rules_win_and_the_model_wins_otherwise():
    # 重庆市渝北区经信委与浙商银行合作
    rules = [
        (0, 3, R.AdminRegion, "region"),
        (6, 9, R.GovernmentBody, "suffix"),
        (10, 14, R.Institution, "suffix"),
    ]
    model = [(3, 9, R.GovernmentBody, "crf"), (10, 14, R.Company, "crf")]
    got = combine_mentions(rules, model)
    assert got == [(0, 3, R.AdminRegion, "region"), (3, 9, R.GovernmentBody, "crf"), (10, 14, R.Company, "crf")]


def test_declared_names_beat_the_model_and_suffix_names_do_not():
    rules = [(0, 10, R.Company, "suffix"), (12, 15, R.Company, "alias-declared")]
    model = [(2, 10, R.Company, "crf"), (12, 14, R.Person, "crf"), (20, 23, R.Person, "crf")]
    assert [s[3] for s in combine_mentions(rules, model)] == ["crf", "alias-declared", "crf"]


def test_rule_only_types_stand_and_gaps_are_filled():
    rules = [(0, 5, R.Park, "suffix"), (8, 10, R.Person, "person-title")]
    model = [(0, 3, R.AdminRegion, "crf")]
    assert combine_mentions(rules, model) == [(0, 5, R.Park, "suffix"), (8, 10, R.Person, "person-title")]


sourced = st.tuples(st.integers(0, 20), st.integers(1, 6), st.sampled_from(list(R)), st.sampled_from(
    ["crf", "region", "suffix", "person-title", "alias-declared"]
)).map(lambda t: (t[0], t[0] + t[1], t[2], t[3]))


@given(st.lists(sourced, max_size=8), st.lists(sourced, max_size=8), st.randoms())
def test_combination_is_order_free_and_non_overlapping(rules, model, rnd):
    got = combine_mentions(rules, model)
    for a, b in zip(got, got[1:]):
        assert a[1] <= b[0]
    assert set(got) <= set(rules) | set(model)
    r2, m2 = rules[:], model[:]
    rnd.shuffle(r2)
    rnd.shuffle(m2)
    assert combine_mentions(r2, m2) == got


# --- CLUENER --------------------------------------------------------------


def test_loader_makes_cluener_ends_half_open(tmp_path):
    # Source: CLUENER train.jsonl line 1 (shortened).
    line = {"text": "浙商银行企业信贷部叶老桂博士", "label": {"name": {"叶老桂": [[9, 11]]},
            "company": {"浙商银行": [[0, 3]]}, "position": {"博士": [[12, 13]]}}}
    p = tmp_path / "mini.jsonl"
    p.write_text(json.dumps(line, ensure_ascii=False) + "\n\n", encoding="utf-8")
    (ex,) = load_cluener(p)
    assert ex.spans == ((0, 4, R.Company), (9, 12, R.Person))
    assert ex.other == ((12, 14, "position"),)
    assert [ex.text[s:e] for s, e, _ in ex.spans] == ["浙商银行", "叶老桂"]


def test_loader_rejects_a_span_that_does_not_match_its_name(tmp_path):
    p = tmp_path / "bad.jsonl"
    p.write_text('{"text": "浙商银行", "label": {"company": {"浙商银行": [[0, 2]]}}}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.jsonl:1: span 0,2"):
        list(load_cluener(p))


@needs_cluener
def test_dev_split_is_the_last_lines_and_disjoint_from_training():
    train, tune, dev = cluener_splits(CLUENER, tune_lines=500)
    assert len(dev) == DEV_LINES
    assert train[-1].line < tune[0].line < tune[-1].line < dev[0].line
    for ex in train[:300] + dev[:300]:
        assert all(ex.text[s:e] for s, e, _ in ex.spans)


def _dictionary_baseline(train):
    """Trivial baseline: tag exact matches of names seen in training, longest first."""
    names: dict[str, EntityType] = {}
    for ex in train:
        for s, e, t in ex.spans:
            names.setdefault(ex.text[s:e], t)
    longest = max(map(len, names))

    def tag(text):
        out, i = [], 0
        while i < len(text):
            for n in range(min(longest, len(text) - i), 1, -1):
                t = names.get(text[i : i + n])
                if t is not None:
                    out.append((i, i + n, t))
                    i += n
                    break
            else:
                i += 1
        return out

    return tag


@needs_cluener
def test_model_beats_a_dictionary_baseline_on_dev():
    train, _, dev = cluener_splits(CLUENER)
    model = evaluate_ner(dev)
    base = evaluate_ner(dev, _dictionary_baseline(train))
    assert model.micro.f1 > base.micro.f1 + 0.10
    for t in NER_TYPES:
        assert model.per_type[t].f1 > base.per_type[t].f1, t
