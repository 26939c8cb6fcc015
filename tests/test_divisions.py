"""Tests for kg.divisions: divisions as they were in a year, their records and successors."""

import pytest

from kg.divisions import gazetteer_as_of, load_history
from kg.gazetteer import load_gazetteer


@pytest.mark.parametrize(
    ("year", "name", "expected"),
    [
        (1998, "阿城市", ("230181000000", "阿城市")),  # a county-level city 1990–2006
        (1988, "阿城市", ("239002000000", "阿城市")),  # the province held it directly 1987–1990
        (1995, "吴江市", ("320584000000", "吴江市")),
        (1995, "吴江", ("320584000000", "吴江市")),
        (2020, "吴江", ("320509000000", "吴江区")),
        (1995, "北川县", ("510726000000", "北川县")),
        (2010, "北川", ("510726000000", "北川羌族自治县")),
        (2005, "北川县", ("510726000000", "北川羌族自治县")),  # a short form after 2003
        (2021, "张掖市", ("620700000000", "张掖市")),
    ],
)
def test_divisions_name_as_of_year(year, name, expected):
    place = gazetteer_as_of(year).lookup(name)
    assert (place.code, place.name) == expected


@pytest.mark.parametrize(("year", "name"), [(2010, "阿城市"), (1980, "阿城区"), (2015, "吴江市")])
def test_divisions_name_unknown_outside_its_years(year, name):
    assert gazetteer_as_of(year).lookup(name) is None


def test_divisions_historical_place_keeps_years_parent_and_successors():
    g = gazetteer_as_of(1998)
    acheng = g.lookup("阿城市")
    assert (acheng.valid_from, acheng.valid_until) == (1990, 2006)
    assert [p.name for p in g.ancestors(acheng)] == ["哈尔滨市", "黑龙江省"]
    assert [p.name for p in load_history().successors(acheng)] == ["道外区", "阿城区"]
    assert acheng.approximate and acheng.lat is not None  # the point of a successor


def test_divisions_found_in_text_of_their_year():
    text = "到阿城市蜚克图镇视察工作"
    assert [p.name for _, _, p in gazetteer_as_of(1998).find(text)] == ["阿城市"]
    assert [p.name for _, _, p in gazetteer_as_of(2015).find(text)] == []


def test_divisions_today_is_todays_gazetteer():
    assert gazetteer_as_of(None) is load_gazetteer()
    assert gazetteer_as_of(2024) is load_gazetteer()


def test_divisions_history_records_of_a_renamed_code():
    names = [(r.name, r.first, r.last) for r in load_history().records("510726")]
    assert names == [("北川县", 1985, 2003), ("北川羌族自治县", 2003, None)]
    assert load_history().place("510726", "北川县").valid_until == 2003


def test_divisions_prefecture_of_the_past_is_within_its_province():
    g = gazetteer_as_of(1988)
    jingxian = g.lookup("泾县")
    assert jingxian.code == "342529000000"  # 宣城地区's county until 2000, 341823 of 宣城市 since
    assert [p.name for p in g.ancestors(jingxian)] == ["宣城地区", "安徽省"]
