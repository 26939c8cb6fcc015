"""Tests for kg/read.py: files read whatever their encoding or form (text, saved pages), metadata, period and the document's own unit."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
import zhconv

from kg.errors import BinaryInputError, DecodeError, EmptyInputError, InputError, KgError, NoChroniclesError
from kg.model import Period
from kg.read import find_chronicles, read_document

SAMPLE = Path(__file__).parents[1] / "kg" / "data" / "samples" / "zhangye-2024-07.txt"
ENTRY = "1日,我市在高台县举行重温习近平总书记视察甘肃视察张掖重要讲话重要指示精神“七一”主题党日活动。\n"


def write(tmp_path: Path, name: str, data: str | bytes, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


# -- decoding --------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding, prefix, expected", [
    ("utf-8", b"", "utf-8"),
    ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
    ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
    ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16"),
    ("utf-16-le", b"", "utf-16-le"),
    ("gb18030", b"", "gb18030"),
    ("gbk", b"", "gb18030"),
])
def test_read_decodes_each_encoding_to_the_same_text(tmp_path, encoding, prefix, expected):
    text = SAMPLE.read_text(encoding="utf-8")
    path = write(tmp_path, "zhangye-2024-07.txt", prefix + text.encode(encoding, errors="ignore"))
    document = read_document(path)
    assert document.encoding == expected
    assert "1日,我市在高台县举行" in document.text
    assert "\ufeff" not in document.text


def test_read_prefers_big5_when_it_reads_better_than_gb18030(tmp_path):
    line = "1月5日 市委書記周霽率隊赴廣東省珠海市、深圳市考察,認真學習創新發展的先進理念和思維方式。\n"
    document = read_document(write(tmp_path, "shiyan.txt", line, "big5"))
    assert (document.encoding, document.text) == ("big5", line)


@pytest.mark.parametrize("data, error, message", [
    (b"", EmptyInputError, "empty file"),
    (b" \n\t\r\n", EmptyInputError, "empty file"),
    (codecs.BOM_UTF8 + b"  \n", EmptyInputError, "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", BinaryInputError, "not a text file (binary content)"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", BinaryInputError, "not a text file (binary content)"),
    (b"PK\x03\x04\x14\x00\x06\x00", BinaryInputError, "not a text file (binary content)"),
    (b"\x7fELF\x02\x01\x01\x00", BinaryInputError, "not a text file (binary content)"),
    (b"1\xe6\x97\xa5,\x00\x01\x02\x03\x04\x05\x00\x00\xff", BinaryInputError, "not a text file (binary content)"),
    (b"\x80abc\xff\xfe\x80\x80", DecodeError, "cannot decode the file"),
    (codecs.BOM_UTF8 + b"\xff\xfe\xfd", DecodeError, "cannot decode the file"),
])
def test_read_rejects_unusable_files_with_a_one_line_message_naming_the_file(tmp_path, data, error, message):
    path = write(tmp_path, "bad.txt", data)
    with pytest.raises(error) as caught:
        read_document(path)
    assert caught.value.path == str(path)
    assert str(caught.value).startswith(f"{path}: {message}")
    assert "\n" not in str(caught.value)


def test_read_missing_file_and_folder_raise_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="is a folder"):
        read_document(tmp_path)


# -- HTML ------------------------------------------------------------------------------------------


def html_page(paragraphs: list[str], title: str = "市政府工作要事记") -> str:
    body = "\n".join(f"<p style='text-indent:2em'>&nbsp;&nbsp;{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_张掖市人民政府</title>
<script>var s = "1日,脚本里的假条目。";</script><style>p {{ margin: 0 }}</style>
<link rel="canonical" href="https://www.zhangye.gov.cn/zwgk/2024_07/t20240810_1.html"></head>
<body><div class="top"><h1 class="logo">张掖市人民政府</h1></div>
<div id="nav"><ul><li>首页</li><li>政务公开</li><li>政民互动</li></ul></div>
<div class="breadcrumb">您当前所在的位置：首页 &gt;&gt; 政务公开 &gt;&gt; 要事记</div>
<div class="wrap"><div class="left-menu"><ul><li>7月1日 其他新闻链接的标题文字很长很长很长</li></ul></div>
<div class="article"><h1>{title}</h1><div class="info">发布时间: 2024-08-10 10:33 来源:张掖市人民政府办公室</div>
<div class="TRS_Editor">{body}</div>
<div class="share">分享到：微信 微博 QQ空间</div></div></div>
<footer><p>版权所有：张掖市人民政府办公室 主办</p></footer></body></html>"""


def test_read_html_keeps_the_article_and_drops_navigation_scripts_and_footer(tmp_path):
    paragraphs = ["(2024年5月)", ENTRY.strip(), "△&nbsp;&nbsp;第二届甘肃省分析测试技术与仪器学会学术年会开幕。"]
    document = read_document(write(tmp_path, "page.html", html_page(paragraphs)))
    lines = document.text.splitlines()
    assert lines[0] == "市政府工作要事记" and document.title == "市政府工作要事记"
    assert "发布时间: 2024-08-10 10:33 来源:张掖市人民政府办公室" in lines
    assert ENTRY.strip() in lines
    assert "△  第二届甘肃省分析测试技术与仪器学会学术年会开幕。" in lines  # &nbsp; → space
    for noise in ("脚本里的假条目", "政务公开", "其他新闻链接", "分享到", "版权所有", "&nbsp;", "<p"):
        assert noise not in document.text
    assert document.source_url == "https://www.zhangye.gov.cn/zwgk/2024_07/t20240810_1.html"
    assert document.city == "张掖市"


def test_read_recognises_html_content_in_a_txt_file(tmp_path):
    page = html_page([ENTRY.strip()])
    document = read_document(write(tmp_path, "saved.txt", page))
    assert ENTRY.strip() in document.text and "<" not in document.text


# -- metadata, period, city ------------------------------------------------------------------------


def test_read_metadata_lines_override_and_set_body_start(tmp_path):
    text = "# source: http://chuxiong.gov.cn/info/31676/5188045.htm\n# period: 2025-08\n# city: 楚雄州\n" \
           "# title: 大事记\n大事记(2025年8月—9月)\n8月20日,州委书记张子建走访慰问抗战老同志。\n"
    document = read_document(write(tmp_path, "cx.txt", text))
    assert document.period == Period(2025, 8) and document.period_source == "metadata"
    assert document.city == "楚雄彝族自治州"
    assert document.source_url == "http://chuxiong.gov.cn/info/31676/5188045.htm"
    assert document.title == "大事记"
    assert document.text[document.body_start:].startswith("大事记(2025年8月—9月)")


def test_read_flags_override_metadata(tmp_path):
    text = "# period: 2025-08\n# city: 楚雄州\n8月20日,州委书记张子建走访慰问抗战老同志。\n"
    document = read_document(write(tmp_path, "cx.txt", text), period=Period(2025, 9), city="张掖")
    assert (document.period, document.period_source, document.city) == (Period(2025, 9), "flag", "张掖市")


def test_read_bad_metadata_period_names_file_and_line(tmp_path):
    path = write(tmp_path, "x.txt", "# source: http://a.b/c\n# period: 2024-13\n1日,会议召开。\n")
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}:2: bad period '2024-13' (expected YYYY-MM or YYYY-MM/YYYY-MM)"


@pytest.mark.parametrize("name, text, period, source", [
    ("zhangye-2024-07.txt", "市政府工作要事记\n(2024年5月)\n" + ENTRY, Period(2024, 5), "header"),
    ("zhangye-2008-04.txt", "(四月)\n1日 栾克军主持召开肃南县皇城抗震救灾领导小组会议。\n", Period(2008, 4), "header"),
    ("zhangye-2024-07.txt", "市政府工作要事记\n" + ENTRY, Period(2024, 7), "filename"),
    ("chronicle.txt", "市政府工作要事记\n" + ENTRY, None, "none"),
    ("chronicle.txt", "发布时间: 2009-01-05 来源:张掖市人民政府办公室\n(十二月)\n1日 全市会议召开。\n", Period(2008, 12), "header"),
    ("chronicle.txt", "# source: https://www.zhangye.gov.cn/zfgb/zfgb2008/2008_04/t1.html\n(四月)\n1日 全市会议召开。\n",
     Period(2008, 4), "header"),
])
def test_read_period_source(tmp_path, name, text, period, source):
    document = read_document(write(tmp_path, name, text))
    assert (document.period, document.period_source) == (period, source)


@pytest.mark.parametrize("text, city", [
    ("市政府工作要事记\n发布时间: 2024-08-10 10:33 来源:张掖市人民政府办公室 背景色:\n(2024年5月)\n" + ENTRY, "张掖市"),
    ("1998年12月份杭州市政务大事记\n时间: 2019- 07- 10 18: 22 来源: 浏览次数:\n△1日,调研组来杭调研。\n", "杭州市"),
    ("大事记\n索引号:115323000151673132-1/2025-00000 公开范围:公开 发布机构:楚雄州人民政府办公室\n"
     "大事记(2025年8月—9月)\n8月20日,州委书记会见客人。\n", "楚雄彝族自治州"),
    ("2015年\n1月5日 市委書記周霽率隊赴廣東省珠海市、深圳市考察。\n", None),
])
def test_read_infers_the_documents_own_city(tmp_path, text, city):
    assert read_document(write(tmp_path, "x.txt", text)).city == city


def test_read_sample_document_fields():
    document = read_document(SAMPLE)
    assert document.doc_id == "zhangye-2024-07"
    assert document.title == "市政府工作要事记"
    assert document.period == Period(2024, 5) and document.period_source == "header"  # check_period fixes it
    assert document.script == "Hans" and document.encoding == "utf-8"
    assert len(document.sha256) == 64 and len(document.simplified) == len(document.text)
    assert all(line == line.rstrip() for line in document.text.splitlines())
    assert "发布时间: 2024-08-10 10:33 来源:张掖市人民政府办公室 背景色:" in document.text.splitlines()


def test_read_traditional_copy_is_hant_with_aligned_analysis_text(tmp_path):
    traditional = zhconv.convert(SAMPLE.read_text(encoding="utf-8"), "zh-hant")
    document = read_document(write(tmp_path, "trad.txt", traditional))
    assert document.script == "Hant"
    assert "張掖市" in document.text and "张掖市" in document.simplified
    assert len(document.text) == len(document.simplified)


def test_read_sha256_is_deterministic_and_tracks_the_text(tmp_path):
    one = read_document(write(tmp_path, "a.txt", ENTRY))
    two = read_document(write(tmp_path, "b.txt", ENTRY.replace("\n", "\r\n"), "gb18030"))
    assert one.sha256 == two.sha256 and one.text == two.text


# -- finding chronicles ----------------------------------------------------------------------------


def test_read_find_chronicles_searches_folders_recursively_and_sorts(tmp_path):
    for name in ("b.txt", "a.html", "sub/c.htm", "sub/notes.md", "image.png", ".hidden/d.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    extra = write(tmp_path, "extra.md", "x")
    found = find_chronicles([tmp_path, extra])
    assert found == [tmp_path / "a.html", tmp_path / "b.txt", tmp_path / "sub" / "c.htm", extra]


def test_read_find_chronicles_errors_name_the_path(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(NoChroniclesError) as caught:
        find_chronicles([tmp_path / "empty"])
    assert str(caught.value) == f"{tmp_path / 'empty'}: no .txt, .html or .htm file in this folder"
    with pytest.raises(InputError, match="no such file or folder"):
        find_chronicles([tmp_path / "nope.txt"])
    assert issubclass(NoChroniclesError, KgError)


def test_read_city_from_the_city_the_body_names_most(tmp_path):
    path = tmp_path / "2016-09.txt"
    path.write_text(
        "2016年9月大事记\n"
        "9月7日 中共毕节市委召开全市领导干部大会。\n"
        "9月8~9日 全国人大环资委采访组到毕节市,就环境保护进行实地采访。\n"
        "9月12日 毕节市一届人大常委会召开第三十八次会议。\n"
        "9月21日 研讨会在贵阳市召开。\n",
        encoding="utf-8",
    )
    assert read_document(path).city == "毕节市"


def test_read_metadata_period_of_year_zero_names_file_and_line(tmp_path):
    path = write(tmp_path, "x.txt", "# period: 0000-01\n1日,市长李四出席会议。\n")
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}:1: bad period '0000-01' (there is no year 0)"


def test_read_broken_link_and_fifo_in_a_folder_are_found_and_refused(tmp_path):
    import os

    good = write(tmp_path, "good.txt", "1日,会议召开。\n")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    assert find_chronicles([tmp_path]) == [tmp_path / "gone.txt", good, tmp_path / "pipe.txt"]
    with pytest.raises(InputError, match="broken symbolic link"):
        read_document(tmp_path / "gone.txt")
    with pytest.raises(InputError, match="not a regular file"):  # and never waits for a writer
        read_document(tmp_path / "pipe.txt")
    assert find_chronicles([tmp_path / "pipe.txt"]) == [tmp_path / "pipe.txt"]


@pytest.mark.parametrize("marker", ["kg-manifest.json", ".kg-cache", ".kg-lock"])
def test_read_find_chronicles_skips_kg_output_folders(tmp_path, marker):
    good = write(tmp_path, "a.txt", "1日,会议召开。\n")
    (tmp_path / "output").mkdir()
    write(tmp_path / "output", "coattendance.html", "<html><body><p>1日,会议召开。</p></body></html>")
    (tmp_path / "output" / marker).mkdir() if marker == ".kg-cache" else write(tmp_path / "output", marker, "")
    assert find_chronicles([tmp_path]) == [good]
    assert find_chronicles([tmp_path / "output"]) == [tmp_path / "output" / "coattendance.html"]  # asked for
