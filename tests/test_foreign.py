"""Tests for kg.foreign: countries and cities abroad with their ISO 3166-1 codes."""

import pytest

from kg.foreign import load_foreign


@pytest.mark.parametrize(
    ("text", "start", "expected"),
    [
        ("10月6日 市委书记出访南非共和国。", 12, ("南非", "ZA", "country", 17)),
        ("代表团赴日本考察", 4, ("日本", "JP", "country", 6)),
        ("在美利坚合众国", 1, ("美国", "US", "country", 7)),
        ("在东京都举行推介会", 1, ("东京都", "JP-东京都", "locality", 4)),
        ("赴韓國首爾", 1, ("韩国", "KR", "country", 3)),
    ],
)
def test_foreign_match(text, start, expected):
    end, place = load_foreign().match(text, start)
    assert (place.name, place.code, place.level, end) == expected


def test_foreign_city_within_its_country():
    tokyo = load_foreign().lookup("东京")
    assert tokyo.parent_code == "JP" and load_foreign().get("JP").name == "日本"


@pytest.mark.parametrize("text", ["中国", "甘肃省", "国内", "香港"])
def test_foreign_chinese_places_are_not_foreign(text):
    assert load_foreign().match(text) is None
