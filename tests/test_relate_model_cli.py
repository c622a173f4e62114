"""``zhkg relate`` with the trained model: the JSON Lines contract on FinRE
(MIT) train sentences, a positive and a negative."""
from __future__ import annotations

import json
import subprocess
import sys


def test_relate_with_the_model_keeps_the_contract():
    lines = [
        {"id": 1, "text": "<N>年年底,迪士尼与伊利乳业达成战略合作。", "head": "迪士尼", "tail": "伊利乳业"},
        {"id": 2, "text": "此外,全聚德还与百度外卖、<N>号店等电商平台展开了紧密合作。", "head": "百度外卖", "tail": "<N>号店"},
    ]
    proc = subprocess.run([sys.executable, "-c", "from zhkg.exports.cli import main; main()", "relate"], check=False,
                          input="".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines),
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(x) for x in proc.stdout.splitlines()]
    assert [o["id"] for o in out] == [1, 2]
    for o, src in zip(out, lines):
        assert set(o) == set(src) | {"relation", "direction", "confidence"}
        assert o["direction"] in ("head->tail", "tail->head")
        assert isinstance(o["confidence"], float) and 0 <= o["confidence"] <= 1
    assert out[0]["relation"] == "partnerOf" and out[0]["confidence"] >= 0.5
    assert out[1]["relation"] is None
