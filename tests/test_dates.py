"""Tests for kg/dates.py: periods as written in metadata and headers."""

from __future__ import annotations

import pytest

from kg.dates import header_period, lead_end, parse_lead, parse_period
from kg.errors import InputError
from kg.model import Period
from kg.text import to_analysis


@pytest.mark.parametrize("value, period", [
    ("2024-07", Period(2024, 7)),
    ("2024-7", Period(2024, 7)),
    ("2025-08/2025-09", Period(2025, 8, 2025, 9)),
    ("2024-12/2025-01", Period(2024, 12, 2025, 1)),
    ("2015", Period(2015)),
    ("2024-07/2024-07", Period(2024, 7)),
])
def test_dates_parse_period(value, period):
    assert parse_period(value) == period


@pytest.mark.parametrize("value", ["2024-13", "24-07", "2024-09/2024-08", "July 2024", ""])
def test_dates_parse_period_rejects(value):
    with pytest.raises(InputError, match="bad period"):
        parse_period(value)


@pytest.mark.parametrize("header, year_hint, period", [
    ("市政府工作要事记\n发布时间: 2024-08-10 10:33 来源:张掖市人民政府办公室\n(2024年5月)\n", None, Period(2024, 5)),
    ("市政府工作要事记\n\n(2024年7月)\n", None, Period(2024, 7)),
    ("1998年12月份杭州市政务大事记\n时间: 2019- 07- 10 18: 22 来源: 浏览次数:\n", None, Period(1998, 12)),
    ("大事记\n您当前所在的位置: 首页 >> 政府公报 >> 2025年 >> 第9期 >> 大事记\n"
     "主题词: 发布日期:2025年09月25日 文  号:\n大事记(2025年8月—9月)\n8月\n", None, Period(2025, 8, 2025, 9)),
    ("2015年\n", None, Period(2015)),
    ("(四月)\n", 2008, Period(2008, 4)),
    ("(四月)\n", None, None),
    ("十堰市2015年大事记\n一月\n", None, Period(2015)),
    ("市政府工作要事记\n", None, None),
])
def test_dates_header_period(header, year_hint, period):
    found = header_period(to_analysis(header + "1日,会议召开。\n"), 0, year_hint)
    assert (found[0] if found else None) == period


@pytest.mark.parametrize("text, expected", [
    ("1日,全市召开", dict(day=1, precision="Day")),
    ("3 月 8 日,全县", dict(month=3, day=8)),  # spaced, as scanned yearbooks print dates
    ("1998 年 3 月 5~7 日 全市", dict(year=1998, month=3, day=5, end_day=7)),
    ("73日至5    全市", dict(day=73, end_day=5)),  # a range whose end lacks 日 (month fused: segment reads it)
    ("上旬,副市长", dict(day=1, precision="Dekad")),
    ("下旬,全市", dict(day=21, precision="Dekad")),
    ("是月,全县", dict(day=1, precision="Month")),
    ("7月份,全市", dict(month=7, day=1, precision="Month")),
    ("冬,全县兴修水利", dict(month=12, day=1, precision="Season")),
    ("是年,全县", dict(month=1, day=1, precision="Year")),
    ("是日 省委书记", dict(inherit=True, day=None)),
    ("Δ全国人大", dict(inherit=True, mark=True)),  # a Greek delta, as some chronicles print the bullet
])
def test_dates_parse_lead_reads_every_way_of_writing_a_date(text, expected):
    lead = parse_lead(text)
    assert {key: getattr(lead, key) for key in expected} == expected


@pytest.mark.parametrize("text, end", [("△ 9日至10日上午,副市长主持", 11), ("上旬,梅州市", 3), ("7月份,全市", 4),
                                       ("冬,全县", 2), ("市委召开", 0)])
def test_dates_lead_end_is_where_the_entry_own_words_begin(text, end):
    assert lead_end(text) == end


@pytest.mark.parametrize("value", ["0000-04", "0000-01", "0000", "2024-12/0000-01"])
def test_dates_parse_period_rejects_year_zero(value):
    with pytest.raises(InputError, match="there is no year 0"):
        parse_period(value)


def test_dates_header_of_year_zero_is_not_a_period():
    assert header_period(to_analysis("0000年4月大事记\n1日,市长李四出席会议。\n")) is None
    assert header_period(to_analysis("2024年4月大事记\n1日,市长李四出席会议。\n"))[0] == Period(2024, 4)
