"""Chronicle dates, parsed in one place: the marker that opens an entry (``△``, ``7月1日``,
``10日至12日``, ``13日晚``, ``是日``, ``上旬``), month and year headings, Chinese numerals,
the period a header or a ``# period:`` line announces, and a web page's publication lines.

Every stage that needs a date asks this module (segment, period, read) or reads what it
recorded (``Entry.lead_end``), so two stages never disagree about where a date ends.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kg import rules
from kg.errors import InputError
from kg.model import DatePrecision, Period
from kg.text import HAN_CHAR

__all__ = [
    "ENTRY_MARKS",
    "Lead",
    "parse_lead",
    "lead_end",
    "chinese_number",
    "parse_heading",
    "parse_period",
    "header_period",
    "head_end",
    "is_dated_line",
    "is_meta_line",
    "published_date",
    "published_month",
    "year_in",
    "month_in_name",
    "months_in_url",
    "dates_in_text",
    "later_end",
    "on_or_after",
]

#: Bullets that open a chronicle entry (△ 卢…, ○ 7月2日 …).
ENTRY_MARKS = "".join(rules.words("dates", "entry_marks"))
_MARKS = re.escape(ENTRY_MARKS)
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_D = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_TOD = rules.regex("dates", "times_of_day")
_SEP = rules.regex("dates", "patterns.range")
_MONTH_WORDS: dict[str, int] = rules.value("dates", "month_words")
_DEKADS: dict[str, int] = rules.value("dates", "dekads")
_PARTS: dict[str, int] = rules.value("dates", "month_parts")
_SEASONS: dict[str, int] = rules.value("dates", "season_words")
_YEARS: dict[str, int] = rules.value("dates", "year_words")

_LEAD = re.compile(rf"""
    (?P<mark>[{_MARKS}]\s*)?
    (?:(?P<y>\d{{4}})\s*年\s*)?
    (?:(?P<m>{_D})\s*月份?\s*)?
    (?:(?P<d>{_D})\s*日?\s*(?:{_SEP})\s*(?:(?P<m2>{_D})\s*月)?(?P<d2>{_D})(?:\s*日|(?=\s|$))
      |(?P<d1>{_D})\s*日
      |(?P<xun>[{''.join(_DEKADS)}])旬
      |(?P<part>[{''.join(_PARTS)}])(?=[,、:\s])
    )
    (?P<tod>{_TOD})?
""", re.X)
_WORD = re.compile(rf"(?P<mark>[{_MARKS}]\s*)?(?P<word>{rules.alternation([*rules.words('dates', 'same_day'), *_MONTH_WORDS, *_SEASONS, *_YEARS])})"
                   rf"(?P<tod>{_TOD})?(?=[,、:\s]|$)")
_MONTH_LEAD = re.compile(rf"(?P<mark>[{_MARKS}]\s*)?(?:(?P<y>\d{{4}})\s*年)?(?P<m>{_D})\s*月份?(?=[,、:\s])")
_MARK_ONLY = re.compile(rf"[{_MARKS}](?:\s*(?P<tod>{_TOD})(?=[,、:\s]))?")
#: What an entry's own words begin after: the marker, its date, a time of day, punctuation.
_LEAD_END = re.compile(
    rf"^\s*(?:[{_MARKS}]\s*)?(?:{rules.regex('dates', 'same_day')})?\s*" r"(?:(?:\d{4}年)?\d{1,2}月)?"
    r"(?:\d{1,2}[至—─\-~～]\d{1,2}日|\d{1,2}(?:日|号)(?:\s*[至—─\-~～]\s*\d{1,2}(?:月\d{1,2})?日)?)?"
    rf"(?:{_TOD})?[,，、:：\s]*"
)
_SEPARATORS = re.compile(r"[,，、:：\s]*")
_MONTH_HEAD = re.compile(rf"^[(\[【]?\s*(?:(?P<y>\d{{4}})\s*年)?\s*(?P<m>{_D})\s*月份?\s*[)\]】]?$")
_YEAR_HEAD = re.compile(r"^[(\[【]?\s*(?P<y>\d{4})\s*年度?\s*[)\]】]?$")
_DATELINE_META = rules.pattern("dates", "patterns.dateline_meta")
_META_LINE = rules.pattern("dates", "patterns.meta_line")
_PERIOD_RANGE = re.compile(rf"(\d{{4}})\s*年\s*({_MONTH})\s*月份?\s*[—–\-~至到]+\s*(?:(\d{{4}})\s*年)?\s*({_MONTH})\s*月")
_YEAR_MONTH = re.compile(rf"(\d{{4}})\s*年\s*({_MONTH})\s*月(?!\s*\d{{1,2}}\s*日)")
_YEAR_ONLY = re.compile(r"^[(（]?\s*(\d{4})\s*年度?\s*[)）]?$|(\d{4})\s*年度?" + rules.regex("dates", "patterns.year_title"))
_MONTH_ONLY = re.compile(rf"^[(（]?\s*({_MONTH})\s*月份?\s*[)）]?$|[(（]\s*({_MONTH})\s*月份?\s*[)）]")
_PUBLISHED = re.compile(rules.regex("dates", "patterns.published")
                        + r"[^\n:：]{0,6}?[:：]\s*((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})(?:\s*[-月/.]\s*(\d{1,2}))?")
_PERIOD_VALUE = re.compile(r"\s*(\d{4})(?:[-./年](\d{1,2})月?)?\s*(?:[/～~—–]\s*(\d{4})[-./年](\d{1,2})月?)?\s*")
_NAME_MONTH = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_.年]?(0[1-9]|1[0-2])(?!\d)")
_URL_MONTH = re.compile(r"(?<![\dt])((?:19|20)\d{2})[_-](0[1-9]|1[0-2])(?!\d)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_IN_TEXT = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})日")
_LATER_END = re.compile(r"(?<=[。;,])\s*(?:(\d{1,2})月)?(\d{1,2})日(?:上午|下午|晚上|晚)?"
                        + rules.regex("dates", "patterns.later_end"))


@dataclass(frozen=True)
class Lead:
    """The date marker that opens an entry (``△``, ``7月1日``, ``10日至12日``, ``13日晚``, ``是日``...)."""

    length: int
    mark: bool = False
    year: int | None = None
    month: int | None = None
    day: int | None = None
    end_month: int | None = None
    end_day: int | None = None
    time_of_day: str | None = None
    precision: DatePrecision = DatePrecision.DAY
    inherit: bool = False  # △ alone, 是日, 同日: the previous entry's date
    text: str = ""

    @property
    def dated(self) -> bool:
        return self.day is not None

    @property
    def approximate(self) -> bool:
        """A dekad, month, season or year: not a written day."""
        return self.precision != DatePrecision.DAY


def chinese_number(token: str) -> int | None:
    """1-99 written with digits or Chinese numerals.

    >>> chinese_number("12"), chinese_number("四"), chinese_number("十二"), chinese_number("二十三")
    (12, 4, 12, 23)
    """
    if token.isdigit():
        return int(token)
    if not token or any(ch not in _CN_DIGITS and ch != "十" for ch in token):
        return None
    if "十" not in token:
        return _CN_DIGITS[token] if len(token) == 1 else None
    tens, _, ones = token.partition("十")
    value = (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return value or None


def parse_lead(text: str) -> Lead | None:
    """The date marker at the start of analysis ``text``, or None when there is none.

    >>> parse_lead("9日至10日,由中国投资协会").day, parse_lead("9日至10日,由").end_day
    (9, 10)
    >>> lead = parse_lead("13日晚,第二届山丹炒拨拉节"); (lead.day, lead.time_of_day)
    (13, '晚')
    >>> parse_lead("△ 韩明远主持召开").inherit, parse_lead("传达7月3日省发展改革委") is None
    (True, True)
    """
    match = _LEAD.match(text)
    if match and _lead_ends_well(match, text):
        return _dated_lead(match)
    match = _MONTH_LEAD.match(text)
    if match and 1 <= (chinese_number(match.group("m")) or 0) <= 12:  # 7月份,… : some time in July
        return Lead(match.end(), bool(match.group("mark")), int(match.group("y")) if match.group("y") else None,
                    chinese_number(match.group("m")), 1, precision=DatePrecision.MONTH, text=match.group())
    match = _WORD.match(text)
    if match:
        return _word_lead(match)
    match = _MARK_ONLY.match(text)
    if match is None:
        return None
    return Lead(match.end(), True, inherit=True, time_of_day=match.group("tod"), text=match.group())


def _word_lead(match: re.Match) -> Lead:
    """是日 (the day before), 是月 / 月底 (the month or a part of it), 冬 (a season), 是年 (the year)."""
    word, mark, tod = match.group("word"), bool(match.group("mark")), match.group("tod")
    if word in _MONTH_WORDS:
        precision = DatePrecision.DEKAD if _MONTH_WORDS[word] > 1 or word in ("月初",) else DatePrecision.MONTH
        return Lead(match.end(), mark, day=_MONTH_WORDS[word], precision=precision, time_of_day=tod, text=match.group())
    if word in _SEASONS:
        return Lead(match.end(), mark, month=_SEASONS[word], day=1, precision=DatePrecision.SEASON,
                    time_of_day=tod, text=match.group())
    if word in _YEARS:
        return Lead(match.end(), mark, month=1, day=1, precision=DatePrecision.YEAR, time_of_day=tod,
                    text=match.group())
    return Lead(match.end(), mark, inherit=True, time_of_day=tod, text=match.group())


def _lead_ends_well(match: re.Match, text: str) -> bool:
    """Digits may run into the text (1日栾克勤…); Chinese numerals need a separator (二十日,)."""
    rest = text[match.end():match.end() + 1]
    if rest and (rest.isdigit() or rest in "年月日"):
        return False
    if match.group("part") and not match.group("m"):
        return False
    numerals = "".join(g for g in match.group("d", "d1", "m", "d2") if g)
    return numerals.isdigit() or not numerals or rest in ("", ",", "、", ":", " ", "\t")


def _dated_lead(match: re.Match) -> Lead:
    group = match.group
    day = group("d") or group("d1")
    day = chinese_number(day) if day else _DEKADS.get(group("xun")) or _PARTS.get(group("part"))
    return Lead(match.end(), bool(group("mark")), int(group("y")) if group("y") else None,
                chinese_number(group("m")) if group("m") else None, day,
                chinese_number(group("m2")) if group("m2") else None,
                chinese_number(group("d2")) if group("d2") else None, group("tod"),
                precision=DatePrecision.DEKAD if group("xun") or group("part") else DatePrecision.DAY,
                text=match.group())


def lead_end(text: str) -> int:
    """Where an entry's own words begin, after its marker, date and the punctuation after them.

    >>> lead_end("△ 9日至10日上午,副市长主持"), lead_end("是日,全市召开"), lead_end("市委召开")
    (11, 3, 0)
    >>> lead_end("上旬,梅州市副市长"), lead_end("7月份,全市")
    (3, 4)
    """
    end = _LEAD_END.match(text).end()
    lead = parse_lead(text)
    if lead is not None and lead.length > end:
        end = _SEPARATORS.match(text, lead.length).end()
    return end


def parse_heading(text: str) -> tuple[int | None, int | None] | None:
    """A month or year heading on its own line: ``(year, month)``, either may be None.

    >>> parse_heading("(四月)"), parse_heading("2015年"), parse_heading("2015年8月"), parse_heading("8月3日")
    ((None, 4), (2015, None), (2015, 8), None)
    """
    year = _YEAR_HEAD.match(text)
    if year:
        return int(year.group("y")), None
    match = _MONTH_HEAD.match(text)
    month = chinese_number(match.group("m")) if match else None
    if not month or not 1 <= month <= 12:
        return None
    return (int(match.group("y")) if match.group("y") else None), month


def parse_period(value: str, path: str | None = None, line: int | None = None) -> Period:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM/YYYY-MM`` (as in ``# period:`` and --period).

    >>> [str(parse_period(v)) for v in ("2025-08/2025-09", "2024-7", "2015")]
    ['2025-08/2025-09', '2024-07', '2015']
    """
    match = _PERIOD_VALUE.fullmatch(value or "")
    months = [int(g) for g in (match.group(2), match.group(4)) if g] if match else []
    if not match or any(not 1 <= m <= 12 for m in months) or (match.group(3) and not match.group(2)):
        raise InputError(f"bad period {value!r} (expected YYYY-MM or YYYY-MM/YYYY-MM)", path=path, line=line)
    year, month = int(match.group(1)), int(match.group(2)) if match.group(2) else None
    if year < 1 or (match.group(3) and int(match.group(3)) < 1):
        raise InputError(f"bad period {value!r} (there is no year 0)", path=path, line=line)
    if not match.group(3):
        return Period(year, month)
    end = (int(match.group(3)), int(match.group(4)))
    if end < (year, month):
        raise InputError(f"bad period {value!r} (ends before it starts)", path=path, line=line)
    return Period(year, month, *end) if end != (year, month) else Period(year, month)


def is_meta_line(line: str) -> bool:
    """Publication details and breadcrumbs (发布时间, 来源, 索引号, 您当前所在的位置 >> ...).

    >>> is_meta_line("发布时间: 2024-08-10 10:33 来源:张掖市人民政府办公室"), is_meta_line("(2024年5月)")
    (True, False)
    """
    return bool(_META_LINE.search(line))


def is_dated_line(line: str) -> bool:
    """A line that opens with a day and goes on with text: an entry, not a page's date line.

    >>> is_dated_line("1日,我市在高台县举行主题党日活动。"), is_dated_line("2024年08月10日 10:33 来源:张掖市")
    (True, False)
    >>> is_dated_line("2025年09月25日"), is_dated_line("△1日,由全国政协副主席率领的调研组来杭调研。")
    (False, True)
    """
    stripped = line.lstrip()
    lead = parse_lead(stripped)
    if lead is None or not lead.dated or lead.approximate or _DATELINE_META.search(line):
        return False
    return len(HAN_CHAR.findall(stripped[lead.length:])) >= 4


def head_end(simplified: str, start: int = 0) -> int:
    """Offset of the first line that starts with a day (``1日,``, ``7月1日``, ``△1日``), or the end."""
    offset = start
    for line in simplified[start:].splitlines(keepends=True):
        if is_dated_line(line):
            return offset
        offset += len(line)
    return len(simplified)


def header_period(simplified: str, start: int = 0, year_hint: int | None = None,
                  published: tuple[int, int] | None = None) -> tuple[Period, int] | None:
    """The period the header announces, and the offset of its line.

    Ranked: a month range or year-month; a bare year (a year-long chronicle); a month alone
    (``(四月)``), which takes its year from ``year_hint`` (file name, URL), else from the
    ``published`` (year, month): a chronicle of 十二月 published in January is last year's.

    >>> header_period("大事记\\n发布日期:2025年09月25日\\n大事记(2025年8月—9月)\\n8月20日,会见。")
    (Period(year=2025, month=8, end_year=2025, end_month=9), 21)
    >>> header_period("(四月)\\n1日 会议召开。", year_hint=2008)
    (Period(year=2008, month=4, end_year=None, end_month=None), 0)
    >>> header_period("(十二月)\\n1日 会议召开。", published=(2009, 1))[0]
    Period(year=2008, month=12, end_year=None, end_month=None)
    """
    found: list[tuple[int, Period, int]] = []
    offset, end = start, head_end(simplified, start)
    for line in simplified[start:end].splitlines(keepends=True):
        if not is_meta_line(line):
            hit = _line_period(line.strip(), year_hint, published)
            if hit and hit[1].year >= 1 and (hit[1].end_year is None or hit[1].end_year >= 1):  # no year 0
                found.append((hit[0], hit[1], offset))
        offset += len(line)
    if not found:
        return None
    _, period, where = min(found, key=lambda item: item[0])
    return period, where


def _line_period(line: str, year_hint: int | None, published: tuple[int, int] | None) -> tuple[int, Period] | None:
    if m := _PERIOD_RANGE.search(line):
        start = (int(m.group(1)), chinese_number(m.group(2)))
        end = (int(m.group(3) or m.group(1)), chinese_number(m.group(4)))
        if end > start:
            return 0, Period(*start, *end)
    if m := _YEAR_MONTH.search(line):
        return 0, Period(int(m.group(1)), chinese_number(m.group(2)))
    if m := _YEAR_ONLY.search(line):
        return 1, Period(int(m.group(1) or m.group(2)))
    if (m := _MONTH_ONLY.search(line)) and (year_hint or published):
        month = chinese_number(m.group(1) or m.group(2))
        return 2, Period(year_hint or published[0] - (month > published[1]), month)
    return None


def published_date(text: str) -> tuple[int, int, int | None] | None:
    """(year, month, day or None) of the first publication date in a text: 发布时间: 2024-08-10,
    发布日期:2025年09月25日.

    >>> published_date("发布时间: 2024-08-10 10:33"), published_date("日期:2025年09月")
    ((2024, 8, 10), (2025, 9, None))
    """
    match = _PUBLISHED.search(text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None
    return int(match.group(1)), int(match.group(2)), int(match.group(3)) if match.group(3) else None


def published_month(header: str) -> tuple[int, int] | None:
    """(year, month) of the publication date in a header.

    >>> published_month("发布时间: 2024-08-10 10:33")
    (2024, 8)
    """
    found = published_date(header)
    return found[:2] if found else None


def year_in(*texts: str | None) -> int | None:
    """The first year (1900-2099) standing alone in the texts: a file name, a URL's path.

    >>> year_in("zhangye-2008-04"), year_in(None, "/zfgb2008/2008_04/")
    (2008, 2008)
    """
    for text in texts:
        match = _YEAR.search(text or "")
        if match:
            return int(match.group(1))
    return None


def month_in_name(stem: str) -> tuple[int, int] | None:
    """(year, month) written in a file name (zhangye-2024-07, 202407).

    >>> month_in_name("zhangye-2024-07"), month_in_name("notes")
    ((2024, 7), None)
    """
    match = _NAME_MONTH.search(stem)
    return (int(match.group(1)), int(match.group(2))) if match else None


def months_in_url(path: str) -> list[tuple[int, int, str]]:
    """(year, month, as written) of each year_month in a URL's path (/2008_04/)."""
    return [(int(m.group(1)), int(m.group(2)), m.group()) for m in _URL_MONTH.finditer(path)]


def dates_in_text(text: str) -> list[tuple[int, int, int, int]]:
    """(month, day, start, end) of each month-day date written inside a text (传达7月3日…)."""
    return [(int(m.group(1)), int(m.group(2)), m.start(), m.end()) for m in _IN_TEXT.finditer(text)]


def later_end(text: str, start: int, stop: int) -> tuple[int | None, int] | None:
    """(month or None, day) of a trip's last day written later in an entry: ``…考察。13日回杭。``."""
    match = _LATER_END.search(text, start, stop)
    if not match:
        return None
    return (int(match.group(1)) if match.group(1) else None), int(match.group(2))


def on_or_after(start: dt.date, month: int | None, day: int) -> dt.date | None:
    """The first date with this month and day on or after ``start`` (``30日至2日`` crosses a month).

    >>> on_or_after(dt.date(2025, 8, 30), 9, 2), on_or_after(dt.date(2024, 7, 30), None, 2)
    (datetime.date(2025, 9, 2), datetime.date(2024, 8, 2))
    """
    year = start.year
    if month is None:
        month = start.month if day >= start.day else start.month % 12 + 1
        year += month < start.month
    elif month < start.month:
        year += 1
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
