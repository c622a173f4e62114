"""Reading and the joined view: encodings, offsets back to the original file."""
from __future__ import annotations

import pytest
from hypothesis import example, given, settings, strategies as st

from zhkg.extract.documents import decode_bytes, iter_input_files, read_document, split_sentences
from zhkg.extract.errors import InputError
from zhkg.extract.records import Document

TEXT = "近日，市计量质检院第四分院联合开州区市场监管局深入开州区赵家街道。\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_decodes_common_chinese_encodings(tmp_path, encoding):
    p = tmp_path / "a.txt"
    p.write_bytes(TEXT.encode(encoding))
    doc = read_document(p, tmp_path)
    assert doc.text == TEXT
    assert doc.id == "a"


def test_undecodable_file_names_file_line_and_byte(tmp_path):
    p = tmp_path / "bad.txt"
    p.write_bytes("第一行\n第二行".encode() + b"\xff\xfe\xfa\x00garbage")
    with pytest.raises(InputError) as exc:
        read_document(p)
    msg = str(exc.value)
    assert msg.startswith(str(p)) and "\n" not in msg


def test_invalid_bytes_report_line_and_column():
    data = "重庆\n合川区".encode() + b"\x80\x80\x80\xff"
    with pytest.raises(InputError) as exc:
        decode_bytes(data, "x.txt")
    assert str(exc.value).startswith("x.txt:2:4: not UTF-8 or GB18030")


def test_missing_source_is_an_input_error(tmp_path):
    with pytest.raises(InputError):
        list(iter_input_files(tmp_path / "nope"))


def test_recursive_txt_only(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    for rel in ("x.txt", "a/y.txt", "a/b/z.txt", "a/b/skip.md"):
        (tmp_path / rel).write_text("重庆", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_input_files(tmp_path)]
    assert found == ["x.txt", "a/y.txt", "a/b/z.txt"]


def _doc(text: str) -> Document:
    return Document("d", "d.txt", text, "utf-8", "")


def test_wrapped_word_is_rejoined_and_maps_back():
    # seeds/: 重庆嘉利华食品有限公 / 司 wrapped across lines
    text = ("近日，市计量质检院第四分院联合\n开州区市场监管局深入开州区赵家街\n道，重点走访了重庆嘉利华食品有限公\n"
            "司等企业，收集企业意见建议。\n")
    sents = split_sentences(_doc(text))
    assert len(sents) == 1
    s = sents[0]
    i = s.text.index("重庆嘉利华食品有限公司")
    start, end = s.offsets.span(i, i + len("重庆嘉利华食品有限公司"))
    assert text[start:end] == "重庆嘉利华食品有限公\n司"


def test_headline_is_its_own_sentence():
    text = "走进企业\n服务好“最后一公里”\n\n近日，市计量质检院第四分院联合开州区市场监管局深入开\n州区赵家街道。\n"
    assert [s.text for s in split_sentences(_doc(text))][:2] == ["走进企业", "服务好“最后一公里”"]


def test_banner_furniture_is_dropped():
    text = "渝北渝北渝北渝北渝北渝北 加快构建现代产业体系\n"
    assert [s.text for s in split_sentences(_doc(text))] == ["加快构建现代产业体系"]


_chars = st.sampled_from(list("重庆市合川区网络安全产业城有限公司与共建实验室，。、“”！？ \n\nAB12") + ["\r\n", "\u3000"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_chars, max_size=120).map("".join))
@example("重重重庆重重庆庆庆庆重")  # found by CI's draw: text on both sides of a furniture run
def test_view_maps_every_character_back_to_the_original(text):
    doc = _doc(text)
    last = -1
    for s in split_sentences(doc):
        assert s.text
        for i, c in enumerate(s.text):
            off = s.offsets.to_doc(i)
            assert text[off] == c
            assert off > last  # sentences and their characters keep document order
            last = off
        # whatever the view left out between two of its characters is whitespace
        for i in range(len(s.text) - 1):
            gap = text[s.offsets.to_doc(i) + 1: s.offsets.to_doc(i + 1)]
            assert gap.strip() == "" or all(not ch.strip() for ch in gap)


@settings(max_examples=200, deadline=None)
@given(st.lists(_chars, max_size=80).map("".join), st.data())
def test_any_span_maps_to_original_text_with_only_whitespace_removed(text, data):
    for s in split_sentences(_doc(text)):
        i = data.draw(st.integers(0, len(s.text) - 1))
        j = data.draw(st.integers(i + 1, len(s.text)))
        a, b = s.offsets.span(i, j)
        assert "".join(text[a:b].split()) == "".join(s.text[i:j].split())


def test_a_number_with_many_zeros_is_not_banner_furniture():
    # THUCNews 房产 (cnews1000.tsv line 41): 20000 lost its zeros as a "repeated banner"
    text = "当时房价还不到5000元每平方米，现在涨到20000多元每平方米。\n"
    assert [s.text for s in split_sentences(_doc(text))] == ["当时房价还不到5000元每平方米，现在涨到20000多元每平方米。"]


def test_a_news_sites_link_labels_are_dropped_without_breaking_the_sentence():
    # THUCNews (Sina pages): labels after company and estate names are links, not text
    from zhkg.extract.documents import split_sentences
    from zhkg.extract.records import Document

    text = "以例证的是，在上实发展、华远地产(企业专区,旗下楼盘)等房企的担保借款中，华贸中心(论坛相册户型样板间地图搜索)的开发商也在列。"
    sents = split_sentences(Document("d", "d.txt", text, "utf-8", ""))
    assert len(sents) == 1
    s = sents[0]
    assert "企业专区" not in s.text and "论坛相册" not in s.text and "华远地产等房企" in s.text
    i = s.text.index("华远地产等房企")
    a, b = s.offsets.span(i, i + len("华远地产等房企"))
    assert text[a:b] == "华远地产(企业专区,旗下楼盘)等房企"  # offsets still point into the original
    # (微博) after a person's name is kept: the name tagger reads the bracket as the name's end
    kept = split_sentences(Document("d", "d.txt", "导演彭顺(微博)和主演李心洁出席。", "utf-8", ""))[0]
    assert "(微博)" in kept.text
