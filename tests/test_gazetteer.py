"""The GB/T 2260 gazetteer: codes, parent chains, context, prefixes."""
from __future__ import annotations

import pytest

from zhkg.extract.gazetteer import load_gazetteer


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


# every district the seed page (seeds/000_3201cdaa9abf3103.txt) names
@pytest.mark.parametrize("name,code", [("合川区", "500117"), ("渝北区", "500112"), ("开州区", "500154"),
                                       ("沙坪坝区", "500106"), ("长寿区", "500115")])
def test_seed_districts_chain_to_chongqing(gaz, name, code):
    (region,) = gaz.lookup(name)
    assert region.code == code
    assert [r.code for r in gaz.chain(code)][-1] == "500000"


def test_ambiguous_names_are_not_guessed(gaz):
    assert {r.code for r in gaz.lookup("朝阳区")} == {"110105", "220104"}
    assert gaz.resolve("朝阳区") is None
    assert gaz.resolve("江北") is None
    assert gaz.resolve("朝阳区", ["110000"]).code == "110105"
    assert gaz.resolve("江北", ["500112"]).code == "500105"      # 渝北区 in the text: Chongqing
    assert gaz.resolve("江北区", ["330200"]).code == "330205"    # 宁波市


def test_home_regions_of_a_chongqing_paper(gaz):
    home = gaz.home_regions(["500117", "500117", "500117", "500112", "500000"])
    assert home["市"] == "500000" and home["区"] == "500117"
    assert "市" not in gaz.home_regions(["110000", "310000"])


def test_split_prefix(gaz):
    r, rest = gaz.split_prefix("重庆市合川区网络安全产业城")
    assert (r.code, rest) == ("500117", "网络安全产业城")
    assert gaz.split_prefix("仙桃数据谷", ["500000"]) == (None, "仙桃数据谷")   # 仙桃市 is in Hubei
    assert gaz.split_prefix("朝阳区政府") == (None, "朝阳区政府")
    r, rest = gaz.split_prefix("沙坪坝泉景社区", ["500000"])
    assert (r.name, rest) == ("沙坪坝区", "泉景社区")
