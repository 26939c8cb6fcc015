"""Tests for kg.townships: townships and villages with their codes, found only under their county."""

import pytest

from kg.divisions import gazetteer_as_of
from kg.gazetteer import load_gazetteer
from kg.townships import load_townships, township_forms


@pytest.fixture(scope="module")
def towns():
    return load_townships()


@pytest.mark.parametrize(
    ("year", "county", "name", "expected"),
    [
        (2021, "临泽县", "蓼泉镇", ("620723103000", "蓼泉镇")),
        (2021, "临泽县", "蓼泉", ("620723103000", "蓼泉镇")),  # the stem, as chronicles write it
        (1995, "吴江市", "盛泽", ("320509105000", "盛泽镇")),  # a county of the past, through its successor
        (2016, "赫章县", "河镇乡", ("520527211000", "河镇彝族苗族乡")),  # an ethnic township's short form
    ],
)
def test_townships_township_under_its_county(towns, year, county, name, expected):
    place = towns.township(name, gazetteer_as_of(year).lookup(county))
    assert (place.code, place.name) == expected
    assert place.approximate and place.level == "township"


def test_townships_township_not_found_in_another_county(towns):
    assert towns.township("蓼泉镇", load_gazetteer().lookup("甘州区")) is None


def test_townships_village_only_under_its_named_county(towns):
    g = load_gazetteer()
    linze = g.lookup("临泽县")
    village = towns.village("湾子村", linze)
    assert village.code == "620723103203" and village.parent_code == linze.code
    assert (village.lat, village.lon) == (linze.lat, linze.lon) and village.approximate
    assert towns.village("湾子村", g.lookup("山丹县")) is None


def test_townships_repeated_village_name_not_matched(towns):
    ganzhou = load_gazetteer().lookup("甘州区")
    assert towns.village("古城村", ganzhou) is None  # two 古城村 in 甘州区: no guess
    town = next(t for t in (towns.township(n, ganzhou) for n in ("碱滩镇", "三闸镇", "上秦镇", "长安镇", "梁家墩镇",
                                                               "党寨镇", "沙井镇", "乌江镇", "甘浚镇", "新墩镇", "明永镇"))
                if t is not None and towns.village("古城村", t) is not None)
    assert towns.village("古城村", town).parent_code == town.code  # the township named tells which


def test_townships_forms_of_ethnic_township():
    assert "河镇乡" in township_forms("河镇彝族苗族乡")
    assert township_forms("城镇") == ("城镇",)


def test_townships_township_in_a_city_by_its_full_name(towns):
    zhangye = load_gazetteer().lookup("张掖市")
    place = towns.township("蓼泉镇", zhangye)
    assert place.code == "620723103000" and place.parent_code == "620723000000"  # its county, from the code
    assert towns.township("蓼泉", zhangye) is None  # a stem alone is not enough across a whole city
