"""Relations on real sentences: the seed page, FinRE (MIT) and THUCNews, with
negatives that must produce no edge. Sources are noted per case."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from zhkg.extract.records import Document
from zhkg.extract.relate import Relater
from zhkg.graph.build import build_graph


@pytest.fixture(scope="module")
def rules():
    return Relater(use_model=False)


def _graph(extractor, text):
    r = extractor.extract(Document("t", "t.txt", text, "utf-8", ""))
    return build_graph([r], extractor.gazetteer)


def _edges(g):
    return {(g.nodes[u]["label"], k, g.nodes[v]["label"]) for u, v, k in g.edges(keys=True)}


# --- positives ----------------------------------------------------------------

def test_pairwise_partnerships_with_fenbie(extractor):
    # seeds/: 分别与A、B共建P1、P2 pairs each partner with its own product
    g = _graph(extractor, "市计量质检院分别与重庆睿伊互感器研究院有限公司、重庆华虹仪表有限公司共建高电压计量实验室、"
                          "高压电能表检定装置计量标准等。")
    e = _edges(g)
    parts = {n for n, d in g.nodes(data=True) if d["type"] == "Partnership"}
    assert len(parts) == 2
    by_product = {}
    for p in parts:
        prods = {g.nodes[v]["label"] for _, v, k in g.out_edges(p, keys=True) if k == "produces"}
        members = {g.nodes[v]["label"] for _, v, k in g.out_edges(p, keys=True) if k == "participant"}
        by_product[frozenset(prods)] = members
    # the institute's canonical name is resolution's business: match it by its core
    def institute(names):
        return {"计量质检院" if "计量质检院" in n else n for n in names}

    assert institute(by_product[frozenset({"高电压计量实验室"})]) == {"计量质检院", "重庆睿伊互感器研究院有限公司"}
    assert institute(by_product[frozenset({"高压电能表检定装置计量标准"})]) == {"计量质检院", "重庆华虹仪表有限公司"}
    assert any(h == "重庆睿伊互感器研究院有限公司" and r == "partnerOf" and "计量质检院" in t for h, r, t in e)
    assert ("重庆睿伊互感器研究院有限公司", "partnerOf", "重庆华虹仪表有限公司") not in e


def test_three_participants_in_one_partnership(extractor):
    # seeds/: 与中软国际、德国博世集团联合建设…
    g = _graph(extractor, "目前，合川网络安全产业城与中软国际集团、德国博世集团联合建设产教合作基地。")
    p = [n for n, d in g.nodes(data=True) if d["type"] == "Partnership"]
    assert len(p) == 1
    members = {g.nodes[v]["label"] for _, v, k in g.out_edges(p[0], keys=True) if k == "participant"}
    assert members == {"合川网络安全产业城", "中软国际集团", "德国博世集团"}


def test_enumeration_under_one_verb_and_carried_subject(extractor):
    # seeds/: the subject of 对A、B等69家企业进行走访 is the sentence's first organisation
    g = _graph(extractor, "截至目前，市计量质检院已组织职工到长寿工业园开展座谈；对重庆华虹仪表有限公司、"
                          "重庆市山城燃气设备有限公司等69家企业进行走访，了解客户需求。")
    e = _edges(g)
    assert any("计量质检院" in h and r == "serves" and t == "重庆华虹仪表有限公司" for h, r, t in e)
    assert any("计量质检院" in h and r == "serves" and t == "重庆市山城燃气设备有限公司" for h, r, t in e)


def test_parallel_clauses_under_one_serve_verb(extractor):
    # seeds/: 帮助A建立了…、B建立了… (B is helped too); a different verb after B is another clause
    e = _edges(_graph(extractor, "市计量质检院帮助天然气净化总厂建立了11项计量标准、重庆机床厂建立了3项计量标准。"))
    assert ("重庆市计量质检院", "serves", "重庆机床厂") in e  # (the graph names the city of 市)
    e = _edges(_graph(extractor, "市计量质检院帮助天然气净化总厂建立了11项计量标准、重庆机床厂获得了3项专利。"))
    assert ("重庆市计量质检院", "serves", "天然气净化总厂") in e
    assert ("重庆市计量质检院", "serves", "重庆机床厂") not in e


def test_both_parties_from_earlier_sentences(extractor):
    # seeds/: 双方 = the two organisations the text named last
    g = _graph(extractor, "近日，力帆科技公司邀请重庆市计量质量检测研究院对换电模式新能源车进行指导。"
                          "该院相关负责人介绍，双方将就计量检测技术开展进一步合作。")
    e = _edges(g)
    assert ("重庆市计量质量检测研究院", "serves", "力帆科技公司") in e
    assert ("力帆科技公司", "partnerOf", "重庆市计量质量检测研究院") in e


def test_developed_by_and_located_in_the_park_named_before(extractor):
    # seeds/: 产业城内由X建设的Y (产业城 = the park of the previous sentence)
    g = _graph(extractor, "在合川网络安全产业城内，涌动着海量数据。产业城内由北京奇虎科技有限公司建设的"
                          "360网络安全协同创新产业基地，是首个产业化布局的项目。")
    e = _edges(g)
    assert ("北京奇虎科技有限公司", "develops", "360网络安全协同创新产业基地") in e
    assert ("360网络安全协同创新产业基地", "locatedIn", "合川网络安全产业城") in e


def test_unknown_name_settles_in_a_park(rules):
    # seeds/: 北斗星通 has no suffix; the cue and the park make it an organisation
    res = rules.relate("园区获批后，8月24日，北斗星通落地仙桃数据谷，未来其将与长安汽车合作。", "北斗星通", "仙桃数据谷")
    assert res.relation is not None and res.relation.value == "settledIn" and res.direction == "head->tail"


def test_group_owning_a_company_is_a_sub_organisation(rules):
    # FinRE train (MIT): 中国南车旗下的南京浦镇车辆有限公司
    text = "记者日前获悉,中国南车旗下的南京浦镇车辆有限公司,在深圳轨道交通四号线二期工程车辆采购招标中一举中标。"
    res = rules.relate(text, "中国南车", "南京浦镇车辆有限公司")
    assert res.relation is not None and res.relation.value == "subOrganizationOf"
    assert res.direction == "tail->head"


def test_cooperation_stated_with_a_topic_in_between(rules):
    # FinRE valid (MIT)
    text = "同时,滨江集团与浙江三花置业有限公司就上述两宗土地的竞买事项签订《合作意向书》,建立合作开发意向。"
    res = rules.relate(text, "滨江集团", "浙江三花置业有限公司")
    assert res.relation is not None and res.relation.value == "partnerOf"


def test_title_links_a_person_to_an_organisation(extractor):
    # THUCNews 财经 (cnews1000.tsv line 173)
    e = _edges(_graph(extractor, "西部证券总经理安保和对外给出的数据显示，2006年，西部证券的投资收益为6.91亿元。"))
    assert ("安保和", "affiliatedWith", "西部证券") in e


def test_company_named_after_its_city_is_located_there(extractor):
    e = _edges(_graph(extractor, "对重庆华虹仪表有限公司进行走访。"))
    assert ("重庆华虹仪表有限公司", "locatedIn", "重庆市") in e


# --- negatives ----------------------------------------------------------------

def test_no_partnership_when_the_subject_is_unrecognised(extractor):
    # seeds/: 金康赛力斯 is not recognised: do not pin the cooperation on someone else
    g = _graph(extractor, "力帆科技公司代表介绍，这款新车由金康赛力斯与华为深度合作打造，搭载华为HiCar车机系统。")
    assert not [n for n, d in g.nodes(data=True) if d["type"] == "Partnership"]


def test_short_region_name_of_another_province_is_not_a_location(extractor):
    # seeds/: 仙桃数据谷 is a park in 渝北区, not in 仙桃市 (湖北)
    g = _graph(extractor, "重庆市渝北区的仙桃数据谷内已注册企业1114家。")
    assert not any(k == "locatedIn" and g.nodes[v]["label"] == "仙桃市" for _, v, k in g.edges(keys=True))


def test_mere_co_occurrence_gives_no_edge(rules):
    # FinRE train (MIT), labelled 合作 by distant supervision but stating none
    text = "近日,五粮液大经销商银基集团披露盈利警告显示,预计截至<N>月底的半年业绩将再录得亏损。"
    assert rules.relate(text, "五粮液", "银基集团").relation is None


def test_generic_bank_and_fund_wording_gives_no_partnership(extractor):
    # THUCNews 财经 (cnews1000.tsv line 450)
    g = _graph(extractor, "记者从相关渠道获悉，商业银行与旗下产业基金之间的防火墙机制，有望在新制定的办法中得到体现。")
    assert not [k for _, _, k in g.edges(keys=True) if k in ("partnerOf", "participant")]


def test_a_key_project_of_the_city_is_not_developed_by_it(extractor):
    # seeds/
    e = _edges(_graph(extractor, "“换电模式新能源车”属于重庆市“十四五”重点项目之一。"))
    assert not [x for x in e if x[1] == "develops"]


# --- the zhkg relate interface -------------------------------------------------

def test_relate_interface_keeps_input_and_reports_bad_lines():
    lines = [
        json.dumps({"text": "8月27日，长安软件科技公司也正式入驻仙桃数据谷。", "head": "长安软件科技公司",
                    "tail": "仙桃数据谷", "id": 7}, ensure_ascii=False),
        "{not json",
        json.dumps({"text": "甲乙", "head": "丙", "tail": "乙"}, ensure_ascii=False),
        json.dumps({"text": "近日，五粮液大经销商银基集团披露盈利警告。", "head": "五粮液", "tail": "银基集团"},
                   ensure_ascii=False),
    ]
    proc = subprocess.run([sys.executable, "-c", "from zhkg.exports.cli import main; main()", "relate", "--no-model"],
                          input="\n".join(lines) + "\n", capture_output=True, text=True)
    assert proc.returncode == 1
    out = [json.loads(x) for x in proc.stdout.splitlines()]
    assert len(out) == 2
    assert out[0]["id"] == 7 and out[0]["relation"] == "settledIn" and out[0]["direction"] == "head->tail"
    assert out[1]["relation"] is None and 0 <= out[1]["confidence"] <= 1
    errs = proc.stderr.strip().splitlines()
    assert len(errs) == 2 and "<stdin>:2:" in errs[0] and "<stdin>:3:" in errs[1]


def test_relation_model_loads_offline_and_returns_a_probability():
    r = Relater()
    res = r.relate("据悉,邮储银行与广发证券此前已有过深入密切的合作。", "邮储银行", "广发证券")
    assert res.relation is not None and res.relation.value == "partnerOf"
    assert 0.5 <= res.confidence <= 1


def test_each_pair_in_a_list_of_pairs_keeps_its_own_subject(extractor):
    # THUCNews 教育 (cnews1000.tsv): A与B合作举办…、C与D合作举办…
    e = _edges(_graph(extractor, "获批的项目是中央财经大学与澳大利亚维多利亚大学合作举办国际经济与贸易专业本科教育项目、"
                                 "北京工业大学与澳大利亚詹姆斯·库克大学合作举办信息技术学士学位教育项目。"))
    assert ("中央财经大学", "partnerOf", "澳大利亚维多利亚大学") in e
    assert ("北京工业大学", "partnerOf", "澳大利亚詹姆斯·库克大学") in e
    assert ("中央财经大学", "partnerOf", "澳大利亚詹姆斯·库克大学") not in e


def test_both_parties_must_have_been_named_together(extractor):
    # THUCNews 时政 (cnews1000.tsv): 双方 are China and Malaysia, never named as organisations
    g = _graph(extractor, "国务院总理温家宝在人民大会堂会见马来西亚总理。中广网记者报道了会见。"
                          "2008年，中马双边贸易总额已达到535亿美元，双方在能源、金融等多领域合作前景广阔。")
    assert not [n for n, d in g.nodes(data=True) if d["type"] == "Partnership"]


@pytest.mark.parametrize("text,edge", [
    # THUCNews (cnews1000 lines 565, 485, 110, 56): a person taking a post, an organisation appointing one
    ("原南方基金副总经理许小松接替先江担任国联安基金公司总经理。", ("许小松", "affiliatedWith", "国联安基金公司")),
    ("中银基金管理公司聘任俞岱曦为副总经理。", ("俞岱曦", "affiliatedWith", "中银基金管理公司")),
    ("王彦庆担任惠达公司总经理以来，大胆创新、锐意改革。", ("王彦庆", "affiliatedWith", "惠达公司")),
    # line 565: the post held and the post taken
    ("还有嘉实基金副总窦玉明最终竞聘成为富国基金公司总经理。", ("窦玉明", "affiliatedWith", "嘉实基金")),
    ("还有嘉实基金副总窦玉明最终竞聘成为富国基金公司总经理。", ("窦玉明", "affiliatedWith", "富国基金公司")),
    ("银河证券基金分析师李薇说，对于管理人而言，可以通过分红调整投资组合。", ("李薇", "affiliatedWith", "银河证券")),
])
def test_appointments_and_titles_affiliate_a_person(extractor, text, edge):
    assert edge in _edges(_graph(extractor, text))


@pytest.mark.parametrize("text,absent", [
    # THUCNews line 565: a clause about people is not an organisation's name, a title word no person
    ("原南方基金副总经理许小松接替先江担任国联安基金公司总经理。", "南方基金副总经理许小松接替先江担任国联安基金公司"),
    ("2月5日信诚基金发布《总经理任职公告》，聘任王俊锋担任公司总经理。", "任职"),
    ("2月5日信诚基金发布《总经理任职公告》，聘任王俊锋担任公司总经理。", "王俊锋担任公司"),
    ("此时，距公司前任总经理李克难于2008年4月27日的离职公告已经过去近10个月的时间。", "距公司"),
    ("基金公司高管回归，此外的高管变动还有今年1月17日的聘任高管。", "高管"),
])
def test_no_entity_made_of_a_clause_about_people(extractor, text, absent):
    r = extractor.extract(Document("t", "t.txt", text, "utf-8", ""))
    assert absent not in {m.name for m in r.mentions}


def test_two_names_joined_by_a_dash_before_a_cooperation_word(extractor):
    # THUCNews (cnews1000 line 135)
    text = "今天上午，“加州大学伯克利分校—上海张江(集团)有限公司”合作备忘录签约仪式在张江高科技园区举行。"
    e = _edges(_graph(extractor, text))
    assert ("加州大学伯克利分校", "partnerOf", "上海张江(集团)有限公司") in e \
        or ("上海张江(集团)有限公司", "partnerOf", "加州大学伯克利分校") in e


def test_the_short_form_of_a_name_is_no_person(extractor):
    # THUCNews line 135: 张江 (of 张江集团, 张江园区) is read as a person by the model
    text = ("张江园区与伯克利的合作，更侧重于提供平台。记者获悉，张江与伯克利结成战略联盟。"
            "伯克利和张江集团还将合资成立一家咨询服务公司。")
    r = extractor.extract(Document("t", "t.txt", text, "utf-8", ""))
    assert ("张江", "Person") not in {(m.name, m.type.value) for m in r.mentions}


@pytest.mark.parametrize("text,edge", [
    # THUCNews bylines (cnews1000 lines 450, 565): the reporter writes for the paper
    ("拷问银行系产业基金证券时报记者 张若斌本报讯 随着商业银行进入直投领域的热情逐步高涨。", ("张若斌", "affiliatedWith", "证券时报")),
    ("信达澳银基金高管重归位投资者报 (记者 申俊龙) 2月17日，信达澳银基金发布公告。", ("申俊龙", "affiliatedWith", "投资者报")),
    # line 135: a list of titles between the organisation and the person
    ("上海张江(集团)有限公司党委书记、总经理丁磊介绍，与上海纽约大学不同。", ("丁磊", "affiliatedWith", "上海张江(集团)有限公司")),
    # line 910: posts in central party and military organs
    ("中共中央总书记、国家主席、中央军委主席胡锦涛多次作出重要指示。", ("胡锦涛", "affiliatedWith", "中共中央")),
    ("中共中央总书记、国家主席、中央军委主席胡锦涛多次作出重要指示。", ("胡锦涛", "affiliatedWith", "中央军委")),
    # line 690: a research department and its parent
    ("国务院发展研究中心农村经济研究部研究员刘守英指出。",
     ("国务院发展研究中心农村经济研究部", "subOrganizationOf", "国务院发展研究中心")),
])
def test_bylines_and_title_lists_affiliate_a_person(extractor, text, edge):
    assert edge in _edges(_graph(extractor, text))


def test_本报_names_no_paper(extractor):
    r = extractor.extract(Document("t", "t.txt", "本报讯(记者钟晶晶)经过2年多的摸底，央企宾馆酒店辅业剥离重组工作全面启动。", "utf-8", ""))
    assert not [m for m in r.mentions if m.name.endswith("报")]


# --- agreements, joint acts and joint-venture holders (FinRE train, MIT; not the valid split the rules were fixed on)

@pytest.mark.parametrize("text, head, tail", [
    ("宝钢集团和中国海运共同出资组建航运公司,有利于稳定铁矿石运输市场,有利于钢铁企业的成本控制。", "宝钢集团", "中国海运"),
    ("此次签约项目由中石化新星石油公司和冰岛恩莱克斯有限公司共同投资<N>亿元人民币,将全面开发雄县地热资源。",
     "中石化新星石油公司", "冰岛恩莱克斯有限公司"),
    ("根据今年<N>月签订的协议,合资公司以中国国际货运航空公司为平台,国航持股<N>%,国泰航空出资<N>.<N>亿元认购国货航<N>%的股权,",
     "国航", "国泰航空"),
])
def test_names_acting_together_or_holding_one_joint_venture_are_partners(rules, text, head, tail):
    res = rules.relate(text, head, tail)
    assert res.relation is not None and res.relation.value == "partnerOf", res


@pytest.mark.parametrize("text, head, tail", [
    ("康师傅控股与百事公司在华建立战略联盟", "康师傅控股", "百事公司"),
    ("<N>月<N>日,摩拜单车与腾讯微信联合宣布,今后用户通过微信“扫一扫”扫描摩拜单车车身上的二维码,将可以直接进入摩拜单车微信小程序,扫码开锁即可使用。",
     "摩拜单车", "腾讯微信"),
    ("公告显示,成商集团于<N>年<N>月<N>日与成都崇德投资有限公司签订《联建协议书》,", "成商集团", "成都崇德投资有限公司"),
])
def test_alliances_joint_acts_and_dated_agreements_are_partnerships(rules, text, head, tail):
    """FinRE train (MIT): 建立战略联盟, 联合宣布, and a date between the subject and its 与."""
    res = rules.relate(text, head, tail)
    assert res.relation is not None and res.relation.value == "partnerOf", res


@pytest.mark.parametrize("text, head, tail", [
    # a share transfer dated between the subject and 与 is still a transaction
    ("长虹集团于<N>年<N>月与美菱电器签订股权转让协议", "长虹集团", "美菱电器"),
    # 联合 + a verb outside the list is no joint act
    ("<N>月<N>日,摩拜单车与腾讯微信联合抵制了这一做法", "摩拜单车", "腾讯微信"),
])
def test_what_the_new_partnership_cues_do_not_take(rules, text, head, tail):
    res = rules.relate(text, head, tail)
    assert res.relation is None or res.relation.value != "partnerOf" or res.source != "partnership-with", res


@pytest.mark.parametrize("text, head, tail", [
    ("<N>月<N>日,重啤集团与嘉士伯签订了股份转让协议。", "重啤集团", "嘉士伯"),
    ("确认:<N>月<N>日,中油化建控股股东吉化集团公司与山西煤炭进出口集团有限公司签署了股份转让协议,吉化集团将其持有的中油化建全部股份转让给山煤集团。",
     "吉化集团公司", "山西煤炭进出口集团有限公司"),
])
def test_a_share_transfer_agreement_is_no_partnership(text, head, tail):
    """FinRE labels such pairs 签约; a transaction moving ownership is not cooperation (ONTOLOGY: partnerOf)."""
    res = Relater().relate(text, head, tail)  # rules and model: the model alone says partnerOf for such pairs
    assert res.relation is None or res.relation.value != "partnerOf", res


def test_a_declared_short_name_is_the_same_body_not_a_partner():
    text = "在车辆齿轮行业,又一家公司叩响了A股大门,它便是重庆市旺成科技股份有限公司(以下简称旺成科技)。"
    res = Relater().relate(text, "重庆市旺成科技股份有限公司", "旺成科技")
    assert res.relation is None and res.source == "alias-declared"


def test_a_technology_transfer_agreement_is_not_a_transaction():
    from zhkg.extract.relations import transaction_between as _transaction

    text = "南车资阳公司与德国曼公司就技术转让进行反复磋商,并最终达成协议。"
    assert not _transaction(text, (0, 6), (7, 12))
    text = "华伦集团与ST秦岭签署了转让协议,财力并不雄厚的华伦集团一口气掏出了保证金。"
    assert _transaction(text, (0, 4), (5, 9))


def test_gold_texts_from_a_missing_corpus_are_skipped_not_fatal(tmp_path, extractor, caplog):
    from pathlib import Path

    from zhkg.evaluation import evaluate_gold_file

    gold = Path(__file__).parent / "gold" / "relations_thucnews.jsonl"
    with caplog.at_level("WARNING"):
        sc = evaluate_gold_file(gold, Path(__file__).parents[1] / "seeds", tmp_path, extractor)
    assert sum(sc.tp.values()) + sum(sc.fn.values()) == 0  # nothing scored, nothing raised
    assert "thucnews/cnews1000.tsv not found" in caplog.text


def test_co_hosts_listed_before_one_verb_are_one_partnership(extractor):
    # THUCNews (cnews1000.tsv line 515): four bodies host one event
    text = ("活动由上海世博会事务协调局、上海市精神文明建设委员会办公室指导，上海市学生联合会、"
            "少先队上海市工作委员会主办，上海青年公益门户网站承办。")
    g = _graph(extractor, text)
    assert ("上海市学生联合会", "partnerOf", "少先队上海市工作委员会") in _edges(g)
    # guiding bodies (指导) are not co-hosts
    assert not any(k == "partnerOf" and "上海世博会事务协调局" in (a, b) for a, k, b in _edges(g))


@pytest.mark.parametrize("text, head, tail", [
    # FinRE valid (MIT; the pattern was read there): A、B联同C
    ("南都记者 香港首富李嘉诚旗下的长江基建、港灯联同李嘉诚基金会及李嘉诚基金会,", "长江基建", "港灯"),
    # own fixtures: N parties signing, 与X对Y共同投资
    ("据公告,三元股份、新华联集团及太子奶集团三方签署了《重整协议》。", "三元股份", "太子奶集团"),
    ("江东科技股份有限公司决定与江东投资有限公司对江东海缆公司共同追加投资<N>万元。", "江东科技股份有限公司", "江东投资有限公司"),
])
def test_lists_signing_or_acting_with_others_are_partners(rules, text, head, tail):
    res = rules.relate(text, head, tail)
    assert res.relation is not None and res.relation.value == "partnerOf", res


def test_n_parties_signing_a_transfer_are_no_partnership(rules):
    text = "据公告,甲集团、乙集团及丙集团三方签署了《股权转让协议》。"
    res = rules.relate(text, "甲集团", "丙集团")
    assert res.relation is None or res.relation.value != "partnerOf", res


def test_bodies_issuing_jointly_and_a_department_of_its_government(extractor):
    # THUCNews 时政 (cnews1000.tsv line 26)
    g = _graph(extractor, "公安部、最高人民法院和最高人民检察院将联合发布《关于办理制毒物品犯罪案件适用法律若干问题的意见》。")
    assert {("公安部", "partnerOf", "最高人民法院"), ("最高人民法院", "partnerOf", "最高人民检察院")} <= _edges(g)
    # THUCNews 财经 (line 859): a post is not a committee; two bodies signing a cooperation memorandum
    g = _graph(extractor, "重庆市委常委、常务副市长黄奇帆昨日在重庆市政府金融办、美国亿泰证券资本集团签订重庆亿泰股权投资基金"
                          "合作备忘录的签字仪式上表示。")
    edges = _edges(g)
    assert ("黄奇帆", "affiliatedWith", "重庆市委") in edges
    assert ("重庆市政府金融办", "subOrganizationOf", "重庆市政府") in edges
    assert ("重庆市政府金融办", "partnerOf", "美国亿泰证券资本集团") in edges
    assert not any("常委" in a or "常委" in b for a, _, b in edges)


def test_the_chairman_of_an_organisation_is_a_person(extractor):
    # THUCNews 财经 (cnews1000.tsv line 798): X的董事长是Y; Y's own post after it
    g = _graph(extractor, "比如工银瑞信的董事长是工行行长杨凯生，级别是最高级。")
    assert ("杨凯生", "affiliatedWith", "工行") in _edges(g)
    # own fixture: the chairman of the named body
    g = _graph(extractor, "重庆长安汽车股份有限公司的董事长是朱华荣。")
    assert ("朱华荣", "affiliatedWith", "重庆长安汽车股份有限公司") in _edges(g)


@pytest.mark.parametrize("text, edge", [
    # after THUCNews 时政 (cnews1000.tsv line 267): a minister's title
    ("中国商务部副部长陈健说，双方将加强合作。", ("陈健", "affiliatedWith", "中国商务部")),
    # after THUCNews (line 536): the name ends before 率团
    ("卫生部部长陈竺率团访问美国。", ("陈竺", "affiliatedWith", "卫生部")),
    # after THUCNews 财经 (line 417): the name ends before 已出任
    ("中国外汇交易中心总裁谢多已出任国际司司长。", ("谢多", "affiliatedWith", "中国外汇交易中心")),
    # own fixture: 来自X的Y
    ("来自北京大学的张伟教授认为，房价仍将上涨。", ("张伟", "affiliatedWith", "北京大学")),
    # reporters in a dateline — THUCNews 时政 (line 267, relations_heldout5), after line 364 (a space before the name)
    ("新华社北京8月18日电（记者雷敏）商务部副部长陈健18日表示。", ("雷敏", "affiliatedWith", "新华社")),
    ("中广网北京3月5日消息（记者 聂巧）据中国之声报道。", ("聂巧", "affiliatedWith", "中广网")),
    ("中国经济网北京5月6日讯（记者张伟）国家统计局今日发布数据。", ("张伟", "affiliatedWith", "中国经济网")),
])
def test_posts_and_bylines_give_affiliations(extractor, text, edge):
    assert edge in _edges(_graph(extractor, text))


def test_a_unit_after_a_title_is_no_person(extractor):
    # after THUCNews (cnews1000.tsv line 119): 会长单位 is the chair's organisation
    g = _graph(extractor, "中国家具协会会长单位的代表出席了会议。")
    assert not any(k == "affiliatedWith" for _, k, _ in _edges(g))


@pytest.mark.parametrize("name, parent", [
    # units named after their parent (THUCNews 1,000: 56 such pairs, 2 read wrong, from spans that ran over a verb)
    ("北京大学法学院", "北京大学"), ("国务院办公厅", "国务院"), ("国家发改委能源研究所", "国家发改委"),
    ("西部证券研究所", "西部证券"), ("中国林科院木材工业研究所", "中国林科院"),
    # not units: a word across the cut, a place and a kind, two bodies, a clause
    ("中国银行业协会", None), ("上海证券交易所", None), ("北京市委市政府", None), ("委员会办公室", None),
    ("商务部上书国务院", None), ("英国大学宿舍“供不应求”全英学生联合会", None),
])
def test_a_unit_named_after_its_parent(name, parent):
    from zhkg.extract.relations import _unit_of

    m = _unit_of(name)
    assert (m.group(1) if m else None) == parent


def test_posts_listed_before_one_name(extractor):
    # after THUCNews 时政 (cnews1000.tsv line 364, relations_heldout6)
    edges = _edges(_graph(extractor, "中共中央政治局常委、国务院总理温家宝主持会议。"))
    assert ("温家宝", "affiliatedWith", "国务院") in edges
    assert not any("常委" in a or "常委" in b for a, _, b in edges)  # a post, not a body
    edges = _edges(_graph(extractor, "北京大学法学院院长张千帆教授认为，改革需要时间。"))
    assert {("张千帆", "affiliatedWith", "北京大学法学院"), ("北京大学法学院", "subOrganizationOf", "北京大学")} <= edges


def test_a_region_written_after_its_province_is_part_of_it(extractor):
    # after THUCNews 时政 (cnews1000.tsv line 910, relations_heldout6): 青海西宁
    g = _graph(extractor, "记者在青海西宁看到，当地企业正在复工。")
    ev = [e["rule"] for u, v, k, d in g.edges(keys=True, data=True) if k == "partOf" for e in d["evidence"]]
    assert "part-of-adjacent" in ev  # stated by the text, not only the gazetteer's hierarchy
    # two regions side by side that do not contain each other: no text edge
    g = _graph(extractor, "广东湖南两省的货运量都在增加。")
    assert not any(e["rule"] == "part-of-adjacent" for *_, d in g.edges(keys=True, data=True) for e in d["evidence"])


# --- regressions found by review (helper-18); texts from FinRE train or own fixtures

def test_relate_with_an_empty_name_is_an_error_and_nested_spans_do_not_hang():
    out = subprocess.run([sys.executable, "-c", "from zhkg.exports.cli import main; main()", "relate", "--no-model"],
                         input=json.dumps(
        {"text": "华为公司发布公告。", "head": "", "tail": "华为公司"}, ensure_ascii=False) + "\n",
        capture_output=True, text=True, timeout=60)
    assert out.returncode == 1 and "empty name" in out.stderr
    res = Relater(use_model=False).relate_spans("华为公司上海分公司发布公告。", (0, 4), (0, 9))  # returns
    assert res.relation is None or res.relation.value != "partnerOf"


@pytest.mark.parametrize("text, absent", [
    # FinRE train: 董事是华润的代表 names no person
    ("<N>名反对的董事是华润的代表。", "华润的"),
    # a bare 占 is no holding: 占据首位
    ("在合资品牌销量榜中，上海大众汽车有限公司占据首位，一汽丰田汽车有限公司占据第二。", "partnerOf"),
    # the buyers after 与 are not partners of each other
    ("西飞国际与中航国际租赁有限公司、幸福航空有限责任公司签订了飞机销售合同。", "partnerOf"),
    # an exchange is not a unit of a company 纽约证券
    ("阿里巴巴集团在纽约证券交易所上市。", "subOrganizationOf"),
    # 阿里巴巴 is not in 阿里地区
    ("阿里巴巴集团在纽约证券交易所上市。", "locatedIn"),
    # a publisher is not a news agency
    ("在出版社记者了解到，教材将涨价。", "出版社"),
])
def test_reviewed_false_positives_stay_out(extractor, text, absent):
    r = extractor.extract(Document("t", "t.txt", text, "utf-8", ""))
    g = build_graph([r], extractor.gazetteer)
    assert absent not in {m.name for m in r.mentions}
    assert absent not in {k for _, _, k in g.edges(keys=True)}


def test_names_that_end_like_an_adverb_and_ascii_commas(extractor, rules):
    names = {m.name for m in extractor.extract(Document("t", "t.txt", "招商银行董事长李晓均表示，业绩良好。", "utf-8", "")).mentions}
    assert "李晓均" in names
    text = "华为公司与中兴公司签署了战略合作协议,此外联想集团与方正集团签订了股权转让协议。"
    res = rules.relate(text, "华为公司", "中兴公司")
    assert res.relation is not None and res.relation.value == "partnerOf"


# --- affiliation written after the name, posts under one verb (THUCNews; heldout2/6 read as dev sets)

@pytest.mark.parametrize("text, person, org", [
    ("北京大学法学院张千帆教授说，这些问题如不厘清，将极大拓宽“公共利益需要”的范围。", "张千帆", "北京大学法学院"),
    ("在美国华盛顿大学法学院农村发展研究所李平教授看来，上述规定意味着，即使被征收入不同意补偿决定，也并不妨碍强制拆迁。",
     "李平", "美国华盛顿大学法学院农村发展研究所"),
    ("北京大学法学院院长助理王锡锌教授说。", "王锡锌", "北京大学法学院"),
    ("外交部部长助理吴红波在吹风上透露，中意两国将举行各种庆祝活动。", "吴红波", "外交部"),
    ("工作经历显示，王俊锋曾历任国泰基金市场部副总监、华宝兴业市场总监等职位。", "王俊锋", "华宝兴业"),
])
def test_affiliation_after_the_name_and_posts_listed_under_one_verb(extractor, text, person, org):
    assert (person, "affiliatedWith", org) in _edges(_graph(extractor, text))


@pytest.mark.parametrize("text, person, org", [
    # a name right after an organisation, but no post: the two need not be one
    ("北京大学法学院张千帆说，这些问题如不厘清，将极大拓宽“公共利益需要”的范围。", "张千帆", "北京大学法学院"),
    # the second name of the list holds no post
    ("工作经历显示，王俊锋曾任国泰基金副总监、华宝兴业则另有安排。", "王俊锋", "华宝兴业"),
])
def test_no_affiliation_without_a_post(extractor, text, person, org):
    assert (person, "affiliatedWith", org) not in _edges(_graph(extractor, text))


# --- 位于: the place before 的 and the name, or after the name and its seat (THUCNews)

@pytest.mark.parametrize("text, org, place", [
    ("而总部位于上海的圣象集团，对于即将在上海举办的世博会，更是多了一份深情。", "圣象集团", "上海市"),
    ("和陈鑫一样呆不住的人很多，地处温州的浙江红蜻蜓集团有限公司2005年招了六个博士。", "浙江红蜻蜓集团有限公司", "温州市"),
    ("华为技术有限公司总部位于深圳市龙岗区坂田。", "华为技术有限公司", "龙岗区"),
])
def test_a_place_stated_by_weiyu(extractor, text, org, place):
    assert (org, "locatedIn", place) in _edges(_graph(extractor, text))


@pytest.mark.parametrize("text, org", [
    ("位于上海的工厂由华虹集团建设。", "华虹集团"),          # what lies there is the plant, not the group
    ("该展会位于上海，华虹集团参加了会议。", "华虹集团"),      # another subject
])
def test_no_location_for_a_name_that_weiyu_does_not_govern(extractor, text, org):
    assert not [e for e in _edges(_graph(extractor, text)) if e[0] == org and e[1] == "locatedIn"]


# --- subsidiaries: X(下属)全资子公司Y, 其子公司Y (FinRE train, MIT; THUCNews)

@pytest.mark.parametrize("text, head, tail", [
    ("梁广义利用美达股份下属全资子公司新会德华尼龙切片有限公司采购技改项目所需钢材及设备的名义,", "新会德华尼龙切片有限公司", "美达股份"),
])
def test_a_named_subsidiary_after_its_parent(rules, text, head, tail):
    res = rules.relate(text, head, tail)
    assert res.relation is not None and res.relation.value == "subOrganizationOf" and res.direction == "head->tail", res


def test_its_subsidiary_belongs_to_the_subject_and_the_relation_noun_is_no_name(extractor):
    text = ("如中石油集团旗下200多家酒店宾馆等，其中的核心酒店资产已陆续通过划拨、股权转让等方式进入了其子公司华油集团，"
            "华油集团为此专门成立了阳光酒店集团。")
    g = _graph(extractor, text)
    labels = {d["label"] for _, d in g.nodes(data=True)}
    assert ("华油集团", "subOrganizationOf", "中石油集团") in _edges(g)
    assert "子公司华油集团" not in labels and "如中石油集团" not in labels  # 子公司 and 如 are not parts of names


def test_a_holding_company_keeps_its_suffix_but_a_subsidiary_noun_is_no_name():
    # 控股公司 ends names (中国泛海控股公司); 全资子公司 is never one
    from zhkg.extract.entities import find_spans
    from zhkg.extract.gazetteer import load_gazetteer
    from zhkg.extract.segment import Segmenter

    def names(text):
        return {s.name for s in find_spans(text, Segmenter().tokens(text), load_gazetteer())}

    assert "中国泛海控股公司" in names("中国泛海控股公司董事长卢志强表示。")
    assert not [n for n in names("公司公告称，其全资子公司中标该项目。") if "子公司" in n]


def test_a_department_of_a_central_body_named_after_it(extractor):
    # THUCNews (heldout6, read as a dev set); 中央军委 is no department of a body named 中央
    assert ("国务院法制办", "subOrganizationOf", "国务院") in _edges(_graph(extractor, "王锡锌多次受国务院法制办之邀发表意见。"))
    assert not [e for e in _edges(_graph(extractor, "中央军委主席胡锦涛指出。")) if e[1] == "subOrganizationOf"]


# --- posts: a post the dictionary glues to the body's suffix, a declared short name between, names listed after one post (THUCNews)

@pytest.mark.parametrize("text, person, org", [
    ("全国人大代表、广州市律师协会会长陈舒分析，目前的征拆工作中，常常出现开发商每亩补偿30万。", "陈舒", "广州市律师协会"),
    ("人力资源和社会保障部(下称“人社部”)部长尹蔚民在最新一期《求是》杂志上撰文表示。", "尹蔚民", "人力资源和社会保障部"),
    ("中央军委委员梁光烈、陈炳德、李继耐、廖锡龙、常万全、吴胜利、许其亮出席晋衔仪式。", "陈炳德", "中央军委"),
])
def test_posts_glued_declared_or_shared_by_a_list(extractor, text, person, org):
    assert (person, "affiliatedWith", org) in _edges(_graph(extractor, text))


def test_a_name_after_another_post_does_not_share_the_first_one(extractor):
    edges = _edges(_graph(extractor, "万科集团副总经理杨志光、演员李冰冰出席了会议。"))
    assert ("杨志光", "affiliatedWith", "万科集团") in edges
    assert ("李冰冰", "affiliatedWith", "万科集团") not in edges


# --- a company named by brand and industry right before an officer's post (THUCNews)

@pytest.mark.parametrize("text, person, org", [
    ("对此，美庭家居董事长徐振宇则围绕“产业突围”进行了回应。", "徐振宇", "美庭家居"),
    ("谈及下半年市场，鑫屋地板的总经理张晓强很乐观地认为市场不错。", "张晓强", "鑫屋地板"),
])
def test_brand_and_industry_before_an_officer_is_a_company(extractor, text, person, org):
    assert (person, "affiliatedWith", org) in _edges(_graph(extractor, text))


@pytest.mark.parametrize("text", [
    "耐克公司中国体育市场总监李彤已经结束了协助调查。",   # a place and a sector: a department, not a company
    "新能源汽车的发展前景很好，业内人士认为。",            # an industry word without a post is no name
])
def test_no_company_from_an_industry_word_without_a_brand_and_a_post(extractor, text):
    from zhkg.extract.records import Document

    names = {m.name for m in extractor.extract(Document("d", "d.txt", text, "utf-8", "")).mentions}
    assert "中国体育" not in names and "新能源汽车" not in names, names


# --- news outlets in bylines and credits (THUCNews; extract/data/media.tsv)

@pytest.mark.parametrize("text, person, org", [
    ("今年仅5只主动基金跑赢指数东方早报记者肖莉进入牛年以来，大盘也牛气冲天。", "肖莉", "东方早报"),  # a headline runs into the byline
    ("楼面地价达7000元广州又现区域地王每经实习记者朱玲发自广州20日。", "朱玲", "每经"),
    ("中新社发董乃德摄受金融危机影响，去年我国楼市陷入了量价齐跌的颓势。", "董乃德", "中新社"),   # a photo credit
])
def test_a_reporter_or_photographer_of_a_named_outlet(extractor, text, person, org):
    assert (person, "affiliatedWith", org) in _edges(_graph(extractor, text))


def test_an_outlet_is_not_the_employer_of_the_people_it_reports_on(extractor):
    text = "胡锦涛抵俄出席上合峰会将探讨打击三股势力据新华社电国家主席胡锦涛15日乘专机抵达莫斯科。"
    assert not [e for e in _edges(_graph(extractor, text)) if e[1] == "affiliatedWith" and e[2] == "新华社"]


def test_a_short_outlet_name_needs_a_byline_after_it():
    from zhkg.extract.entities import _media_spans

    assert [s.name for s in _media_spans("每经记者方俊今日报道")] == ["每经"]
    assert _media_spans("他每经过一次都要停下来。") == []


@pytest.mark.parametrize("text, person, org", [
    ("2月17日，信达澳银基金发布公告，聘任王重昆为公司总经理。", "王重昆", "信达澳银基金"),
    ("同样，2月5日信诚基金发布《总经理任职公告》，聘任王俊锋担任公司总经理。", "王俊锋", "信诚基金"),
])
def test_an_appointment_announced_in_a_notice(extractor, text, person, org):
    # THUCNews (heldout2, read as a dev set)
    assert (person, "affiliatedWith", org) in _edges(_graph(extractor, text))


def test_a_post_filled_by_a_person(extractor):
    # THUCNews (heldout2, read as a dev set): 鹏华基金总经理由…邓召明担任
    text = "像鹏华基金总经理由原南方基金副总经理邓召明担任，原南方基金副总经理许小松接替先江担任国联安基金公司总经理。"
    edges = _edges(_graph(extractor, text))
    assert ("邓召明", "affiliatedWith", "鹏华基金") in edges
    assert ("许小松", "affiliatedWith", "鹏华基金") not in edges  # another clause


def test_a_unit_named_by_two_fields_belongs_to_its_parent(extractor):
    # THUCNews: 中国人民大学经济体制改革与发展研究院; the parent is the body before the fields
    text = "对此，中国人民大学经济体制改革与发展研究院院长黄泰岩认为，房价不会大跌。"
    edges = _edges(_graph(extractor, text))
    assert ("中国人民大学经济体制改革与发展研究院", "subOrganizationOf", "中国人民大学") in edges
    assert ("黄泰岩", "affiliatedWith", "中国人民大学经济体制改革与发展研究院") in edges


@pytest.mark.parametrize("text, person, org", [
    ("中原地产三级市场部副总经理宫萍表示，据北京市房地产交易管理网数据显示。", "宫萍", "中原地产"),
    ("座谈会由公安部党委委员、政治部主任蔡安季主持。", "蔡安季", "公安部"),
    ("据商务部网站消息，商务部长陈德铭21日出席亚太经合组织会议。", "陈德铭", "商务部"),
])
def test_a_department_and_posts_between_the_body_and_the_name(extractor, text, person, org):
    # THUCNews: units and posts up to 12 characters; 商务部长 is 商务部 and its head
    assert (person, "affiliatedWith", org) in _edges(_graph(extractor, text))


def test_a_clause_between_a_body_and_a_post_is_no_affiliation(extractor):
    edges = _edges(_graph(extractor, "华为公司表示将招聘的总经理张三来自美国。"))
    assert not [e for e in edges if e[1] == "affiliatedWith"]


@pytest.mark.parametrize("text, person, org", [
    ("部分货基近期遭遇净赎回信息时报讯(记者曾小花)货币基金近期遭遇净赎回。", "曾小花", "信息时报"),  # 讯, no date
    ("中新社北京七月十四日电(记者 王海波 张冬冬)第二届论坛开幕。", "王海波", "中新社"),          # a date in words
    ("全球智库峰会国际在线消息(记者 常昕)：全球智库峰会开幕。", "常昕", "国际在线"),            # 消息; no bracket in the name
])
def test_bylines_with_xun_xiaoxi_and_dates_in_words(extractor, text, person, org):
    assert (person, "affiliatedWith", org) in _edges(_graph(extractor, text))


def test_a_link_label_between_a_body_and_a_post(extractor):
    # THUCNews: 北京外国语大学(微博)原校长陈乃芳, 亿城集团董事长张丽萍(张丽萍博客)
    assert ("陈乃芳", "affiliatedWith", "北京外国语大学") in _edges(
        _graph(extractor, "北京外国语大学(微博)原校长陈乃芳教授认为，目前的情况不错。"))


@pytest.mark.parametrize("text, person, org", [
    ("由于央行稳定局原局长张新已赴任央行上海总部任副主任。", "张新", "央行"),
    ("住建部政策法规司副司长徐宗威对本报记者表示，当前的政策不会改变。", "徐宗威", "住建部"),
])
def test_central_bodies_by_their_short_or_earlier_names(extractor, text, person, org):
    # THUCNews: 央行 is the central bank (a government body, not a company); 住建部 is one word
    g = _graph(extractor, text)
    assert (person, "affiliatedWith", org) in _edges(g)
    assert {d["type"] for _, d in g.nodes(data=True) if d["label"] == org} == {"GovernmentBody"}


def test_a_ministrys_department_read_by_the_model_keeps_its_parent(extractor):
    edges = _edges(_graph(extractor, "国土资源部土地利用司司长廖永林对记者说。"))
    assert ("国土资源部土地利用司", "subOrganizationOf", "国土资源部") in edges
    assert ("廖永林", "affiliatedWith", "国土资源部土地利用司") in edges


@pytest.mark.parametrize("text, person, org", [
    ("士指出，该地块已被鸿海董事长郭台铭购得，售价不菲。", "郭台铭", "鸿海"),
    ("CRIC联席董事长、新浪CEO曹国伟表示：“CRIC的成功上市，是好事。”", "曹国伟", "新浪"),
])
def test_a_brand_alone_before_an_officers_post(extractor, text, person, org):
    assert (person, "affiliatedWith", org) in _edges(_graph(extractor, text))


@pytest.mark.parametrize("text", [
    "而自原总经理石志成2008年6月24日离职以来，总经理一职空缺。",   # 自原 is 自 + 原 (former), no brand
    "德国威能中国区总经理王伟东出席了签约仪式。",                  # a region of a company, not one
])
def test_no_brand_company_from_glued_words_or_regions(extractor, text):
    edges = _edges(_graph(extractor, text))
    assert not [e for e in edges if e[1] == "affiliatedWith" and e[2] in ("自原", "中国区")]


def test_a_body_from_a_place(extractor):
    # THUCNews: 来自苏州的江苏旭日装饰公司; without 来自 a place before 的 is no seat (香港的基金公司)
    assert ("江苏旭日装饰公司", "locatedIn", "苏州市") in _edges(
        _graph(extractor, "来自苏州的江苏旭日装饰公司总裁张萍认为，企业发展更多的是融合。"))
    assert not [e for e in _edges(_graph(extractor, "同时，深圳和广州的华夏基金公司在今年已新设分部。"))
                if e[1] == "locatedIn" and e[0] == "华夏基金公司"]


def test_a_name_guessed_from_luodi_is_the_subject_of_the_next_clause(extractor):
    # seeds/: 北斗星通 has no suffix; 落地 names it, and 其将与…合作 is its cooperation
    text = "园区获批后，8月24日，北斗星通落地仙桃数据谷，未来其将与长安汽车及中国汽研合作，开发适配于长安汽车主力SUV车型的北斗智能化座舱终端。"
    g = _graph(extractor, text)
    edges = _edges(g)
    assert ("北斗星通", "partnerOf", "长安汽车") in edges or ("长安汽车", "partnerOf", "北斗星通") in edges
    settled = [d for u, v, k, d in g.edges(keys=True, data=True) if k == "settledIn"]
    assert settled and max(d["confidence"] for d in settled) <= 0.6  # a guessed name keeps its own confidence


def test_a_unit_with_its_seat_in_brackets_belongs_to_its_parent(extractor):
    # seeds/: 电子科技大学区块链与密码学研究中心（重庆）
    edges = _edges(_graph(extractor, "今年9月底，电子科技大学区块链与密码学研究中心（重庆）正式开学。"))
    assert ("电子科技大学区块链与密码学研究中心（重庆）", "subOrganizationOf", "电子科技大学") in edges


# --- what the edge audit of this session found wrong (THUCNews cnews1000; a helper judged 165 sampled edges)

@pytest.mark.parametrize("text", [
    # line 767: 双方 are two countries (中国和智利两国), not the organisations named before
    "清华大学与北京大学开展交流。智利则是首次亮相，旨在推进中国和智利两国青年学生之间的互动以及推动双方在公立和私立院校上的合作。",
    # line 625: 中马双边 … 双方
    "中广网与中国之声报道了会谈。2008年，中马双边贸易总额已达到535亿美元，双方在能源、金融等多领域合作前景广阔。",
    # line 78: 美中双方
    "兰德公司亚洲太平洋政策中心主任发表看法。沈大伟认为，这一对话将推动美中双方合作进入一个新的高度。",
])
def test_both_sides_that_are_countries_make_no_partnership(extractor, text):
    assert not [k for *_, k in _graph(extractor, text).edges(keys=True) if k == "partnerOf"]


def test_a_person_who_helps_makes_no_organisation_serve(extractor):
    # line 31: the subject of 帮助 is a person; the organisation of the sentence before is not it
    text = "土耳其舰队围攻马耳他。另外，约翰·法雷尔帮助马沙华领主抗击土耳其人的剧情在历史上也是有原型的。"
    assert not [e for e in _edges(_graph(extractor, text)) if e[1] == "serves"]


def test_a_party_school_is_the_parent_of_its_office(extractor):
    # line 972: 中共中央党校研究室 is a unit of 中共中央党校, not of 中共中央
    e = _edges(_graph(extractor, "此外，中共中央党校研究室副主任周天勇也在接受采访时表示。"))
    assert ("中共中央党校研究室", "subOrganizationOf", "中共中央党校") in e
    assert ("中共中央党校研究室", "subOrganizationOf", "中共中央") not in e


def test_a_counted_kind_is_not_served(extractor):
    # line 84 (fourth audit): 走访房屋中介所2663家 visits a kind of business, counted
    text = "此次行动中，市公安局出动警力6534人，走访房屋中介所2663家；排查出租房屋22951间。"
    assert not [e for e in _edges(_graph(extractor, text)) if e[1] == "serves"]
