"""Tests for kg.gazetteer: names, short forms, hierarchy, abbreviations and finding names in text."""

import pytest

from kg.gazetteer import code_prefix, load_gazetteer, short_forms, simplify


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("兰州", "兰州市"),
        ("兰州市", "兰州市"),
        ("楚雄州", "楚雄彝族自治州"),
        ("楚雄", "楚雄彝族自治州"),
        ("肃南县", "肃南裕固族自治县"),
        ("肃南", "肃南裕固族自治县"),
        ("甘肃", "甘肃省"),
        ("甘肃省", "甘肃省"),
        ("广西", "广西壮族自治区"),
        ("内蒙古", "内蒙古自治区"),
        ("宁夏", "宁夏回族自治区"),
        ("新疆", "新疆维吾尔自治区"),
        ("北京", "北京市"),
        ("高台县", "高台县"),
        ("甘州区", "甘州区"),
        ("禄丰市", "禄丰市"),
        ("竹溪縣", "竹溪县"),
        ("廣東省", "广东省"),
        ("丹江口市", "丹江口市"),
    ],
)
def test_gazetteer_lookup_full_and_short_names(gaz, name, expected):
    place = gaz.lookup(name)
    assert place is not None and place.name == expected


@pytest.mark.parametrize(("name", "level"), [("甘肃省", "province"), ("张掖市", "city"), ("肃南县", "county")])
def test_gazetteer_levels(gaz, name, level):
    assert gaz.lookup(name).level == level


def test_gazetteer_lookup_unknown_is_none(gaz):
    assert gaz.lookup("张家") is None
    assert gaz.lookup("") is None


@pytest.mark.parametrize(
    ("name", "within", "expected_code"),
    [
        ("城关区", "6201", "620102000000"),  # 兰州市城关区
        ("城关区", "540000000000", "540102000000"),  # 拉萨市城关区
        ("鼓楼区", "3201", "320106000000"),
    ],
)
def test_gazetteer_lookup_ambiguous_prefers_within(gaz, name, within, expected_code):
    assert gaz.lookup(name) is None
    assert gaz.lookup(name, within=within).code == expected_code


def test_gazetteer_lookup_within_accepts_a_place(gaz):
    lanzhou = gaz.lookup("兰州市")
    assert gaz.lookup("城关区", within=lanzhou).code == "620102000000"


def test_gazetteer_municipality_name_is_the_province(gaz):
    assert gaz.lookup("北京市").code == "110000000000"
    assert [p.name for p in gaz.ancestors(gaz.lookup("海淀区"))] == ["北京市"]


def test_gazetteer_parents_of_sunan(gaz):
    sunan = gaz.lookup("肃南裕固族自治县")
    assert gaz.parent(sunan).name == "张掖市"
    assert gaz.parent(gaz.parent(sunan)).name == "甘肃省"
    assert [p.name for p in gaz.ancestors(sunan)] == ["张掖市", "甘肃省"]
    assert gaz.province_of(sunan).name == "甘肃省"
    assert gaz.parent(gaz.lookup("甘肃省")) is None


@pytest.mark.parametrize(("name", "province"), [("仙桃市", "湖北省"), ("济源市", "河南省"), ("五指山市", "海南省")])
def test_gazetteer_province_administered_county_parent_is_province(gaz, name, province):
    place = gaz.lookup(name)
    assert place.level == "county"
    assert gaz.parent(place).name == province


def test_gazetteer_lat_lon_for_zhangye(gaz):
    zhangye = gaz.lookup("张掖市")
    assert zhangye.code == "620700000000"
    assert 38 < zhangye.lat < 40 and 99 < zhangye.lon < 101


def test_gazetteer_get_by_code_and_prefix(gaz):
    assert gaz.get("620700000000").name == "张掖市"
    assert gaz.get("6207").name == "张掖市"
    assert gaz.get("nonsense") is None


@pytest.mark.parametrize(
    ("char", "near", "expected"),
    [
        ("张", "张掖市", "张掖市"),  # 来张
        ("兰", "张掖市", "兰州市"),  # 在兰
        ("兰", "肃南县", "兰州市"),
        ("甘", "张掖市", "甘肃省"),
        ("杭", "杭州市", "杭州市"),  # 回杭
        ("桂", "杭州市", "广西壮族自治区"),  # 赴桂滇
        ("滇", "杭州市", "云南省"),
        ("粤", "张掖市", "广东省"),
        ("鄂", None, "湖北省"),
        ("陇", None, "甘肃省"),
        ("沪", None, "上海市"),
        ("蓉", "成都市", "成都市"),  # customary city characters
        ("宁", "南京市", "南京市"),
        ("宁", "张掖市", "宁夏回族自治区"),
        ("穗", None, "广州市"),
    ],
)
def test_gazetteer_abbreviation(gaz, char, near, expected):
    place = gaz.abbreviation(char, near=gaz.lookup(near) if near else None)
    assert place is not None and place.name == expected


def test_gazetteer_abbreviation_unknown(gaz):
    assert gaz.abbreviation("的", near=None) is None
    assert gaz.abbreviation("", near=None) is None


@pytest.mark.parametrize(
    ("text", "within", "expected"),
    [
        ("1日,我市在高台县举行重温习近平总书记视察", "6207", ["高台县"]),
        ("6日陈克恭、栾克军带领市建设部门负责人,到肃南皇城镇察看地震灾情", "6207", ["肃南裕固族自治县"]),
        ("△我市在兰州与中国联合工程有限公司举行座谈", "6207", ["兰州市"]),
        ("市委书记周霁率队赴广东省珠海市、深圳市考察", "4203", ["广东省", "珠海市", "深圳市"]),
        ("张掖市委在这里开会", None, ["张掖市"]),
        ("5日陈克恭、栾克军、吴雄成专程到高台烈士陵园", "6207", ["高台县"]),
        ("5日陈克恭、栾克军、吴雄成专程到高台烈士陵园", "4203", []),  # county short forms only within
        ("到肃南皇城镇察看", None, []),
        ("甘肃矿区相关单位", "6207", ["甘肃省"]),
        ("实施好我市西湖疏浚", "3301", []),
    ],
)
def test_gazetteer_find(gaz, text, within, expected):
    assert [p.name for _, _, p in gaz.find(text, within=within)] == expected


def test_gazetteer_find_offsets(gaz):
    text = "到肃南皇城镇察看"
    (start, end, place), = gaz.find(text, within="6207")
    assert text[start:end] == "肃南" and place.code == "620721000000"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("楚雄彝族自治州", ("楚雄", "楚雄州")), ("新疆维吾尔自治区", ("新疆",)), ("锡林郭勒盟", ("锡林郭勒",)),
     ("大兴安岭地区", ("大兴安岭",)), ("郊区", ()), ("张掖市", ("张掖",))],
)
def test_gazetteer_short_forms(name, expected):
    assert short_forms(name) == expected


def test_gazetteer_simplify_keeps_length():
    text = "市委書記周霽率隊赴廣東省珠海市"
    assert len(simplify(text)) == len(text)
    assert simplify(text) == "市委书记周霁率队赴广东省珠海市"


def test_gazetteer_code_prefix():
    assert code_prefix("110000000000") == "11"
    assert code_prefix("429004000000") == "429004"


def test_gazetteer_is_cached():
    assert load_gazetteer() is load_gazetteer()


def test_gazetteer_matches_are_cached_by_the_build_and_end_with_it():
    from kg.context import build_context

    g = load_gazetteer()
    with build_context() as context:
        found = g.match("赴廣東省珠海市", 1)
        assert g.match("赴廣東省珠海市", 1) == found
        assert context.sizes()["kg.gazetteer.Gazetteer.matches"] >= 1
    assert not hasattr(g, "_matches")
    assert g.match("赴廣東省珠海市", 1) == found  # outside a build: computed, not kept
