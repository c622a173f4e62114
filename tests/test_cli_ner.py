"""``zhkg ner``, ``train-ner`` and ``eval-ner`` through typer's CliRunner."""
from __future__ import annotations

import json

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from zhkg.exports.cli_ner import register
from zhkg.extract.corpora import cluener_path
from zhkg.extract.schema import EntityType

needs_cluener = pytest.mark.skipif(
    cluener_path() is None, reason="CLUENER not found: ../shared/data/cluener/train.jsonl (or $ZHKG_SHARED) is absent"
)


def _app() -> typer.Typer:
    app = typer.Typer(no_args_is_help=True)
    register(app)
    return app


APP = _app()


def run(args, stdin=""):
    try:
        runner = CliRunner(mix_stderr=False)
    except TypeError:  # click >= 8.2 always keeps stderr apart
        runner = CliRunner()
    return runner.invoke(APP, args, input=stdin.encode("utf-8") if isinstance(stdin, str) else stdin)


def parse(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


# Source: CLUENER train.jsonl line 1; a line from the seeds' style of report.
SENTENCES = [
    "浙商银行企业信贷部叶老桂博士则从另一个角度对五道门槛进行了解读。",
    "重庆市渝北区经信委与电子科技大学签署合作协议。",
]


def test_ner_adds_entities_with_exact_offsets():
    stdin = "".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(SENTENCES))
    res = run(["ner"], stdin)
    assert res.exit_code == 0, res.stderr
    rows = parse(res.stdout)
    assert [r["id"] for r in rows] == [0, 1]
    assert "叶老桂" in [e["text"] for e in rows[0]["entities"]]
    assert "浙商银行" in res.stdout  # ensure_ascii=False
    for row in rows:
        for e in row["entities"]:
            assert set(e) == {"start", "end", "type", "text"}
            assert row["text"][e["start"] : e["end"]] == e["text"]
            assert e["type"] in EntityType.__members__


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.one_of(
                st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), st.sampled_from("，。、“”\n\"\\ 公司局")
            ),
            max_size=40,
        ),
        min_size=1,
        max_size=5,
    )
)
def test_ner_round_trips_offsets(texts):
    stdin = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts)
    res = run(["ner"], stdin)
    assert res.exit_code == 0, res.stderr
    rows = parse(res.stdout)
    assert [r["text"] for r in rows] == texts
    for row in rows:
        for e in row["entities"]:
            assert 0 <= e["start"] < e["end"] <= len(row["text"])
            assert row["text"][e["start"] : e["end"]] == e["text"]


def test_bad_lines_are_reported_with_their_number_and_the_rest_is_tagged():
    stdin = "\n".join(
        [
            json.dumps({"text": SENTENCES[0]}, ensure_ascii=False),
            "{not json",
            "",  # empty lines are skipped silently
            json.dumps({"title": "no text"}),
            json.dumps({"text": SENTENCES[1]}, ensure_ascii=False),
            "[1, 2]",
        ]
    ) + "\n"
    res = run(["ner"], stdin)
    assert res.exit_code == 1
    assert [r["text"] for r in parse(res.stdout)] == SENTENCES
    errors = res.stderr.splitlines()
    assert len(errors) == 3
    assert errors[0].startswith("zhkg: error: <stdin>:2: not valid JSON")
    assert errors[1].startswith("zhkg: error: <stdin>:4: ")
    assert errors[2].startswith("zhkg: error: <stdin>:6: ")


def test_bad_utf8_is_one_error_line():
    stdin = b'{"text": "\xb5"}\n' + json.dumps({"text": "你好"}).encode() + b"\n"
    res = run(["ner"], stdin)
    assert res.exit_code == 1
    assert res.stderr.startswith("zhkg: error: <stdin>:1: not UTF-8")
    assert len(parse(res.stdout)) == 1


def test_ten_thousand_lines_in_one_call():
    texts = [SENTENCES[i % 2][: 10 + i % 20] for i in range(10_000)]
    stdin = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts)
    res = run(["ner"], stdin)
    assert res.exit_code == 0, res.stderr
    rows = parse(res.stdout)
    assert len(rows) == 10_000
    assert [r["text"] for r in rows[:50]] == texts[:50]


def test_missing_data_folder_is_one_error_line(tmp_path):
    res = run(["train-ner", "--data", str(tmp_path), "--out", str(tmp_path / "m.crfsuite")])
    assert res.exit_code == 1
    assert res.stderr.startswith("zhkg: error: ")
    assert not (tmp_path / "m.crfsuite").exists()


@needs_cluener
def test_eval_ner_prints_a_table_per_type():
    res = run(["eval-ner"])
    assert res.exit_code == 0, res.stderr
    for name in ("Company", "GovernmentBody", "Institution", "Person", "AdminRegion", "all"):
        assert name in res.stdout
