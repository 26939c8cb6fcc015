"""Split a chronicle into dated entries: spans of its text with the date each carries."""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re

from kg import rules
from kg.dates import (ENTRY_MARKS, Lead, is_dated_line, is_meta_line, later_end, lead_end, on_or_after, parse_heading,
                      parse_lead)
from kg.errors import NoEntriesError
from kg.model import DatePrecision, Document, Entry, Notice
from kg.text import han_count

__all__ = ["segment", "segment_with_notices"]

_LEAD_AHEAD = (rf"(?=[{re.escape(ENTRY_MARKS)}]|(?:\d{{1,2}}月)?\d{{1,2}}日|[上中下]旬|"
               + rules.alternation([*rules.words("dates", "same_day"), *rules.value("dates", "month_words")]) + ")")
#: Where a second entry may open inside a line: after a sentence end, before a date or a bullet.
_SPLIT = re.compile(r"(?<=[。！？!?;])\s*" + _LEAD_AHEAD)
#: Where the first entry may open inside a line that holds a title before it: also after a space.
_OPENING = re.compile(r"(?<=[。！？!?;\s])\s*" + _LEAD_AHEAD)
#: Page furniture of a scanned or web-copied book inside the body: page numbers and running heads.
_PAGE_FURNITURE = rules.pattern("segment", "patterns.page_furniture")
_STOP = rules.pattern("segment", "patterns.footer")
_NOISE = rules.pattern("segment", "patterns.noise")
_SENTENCE_END = "。！？!?…”\""
_CLOSED = _SENTENCE_END + ";)]】》'’"


def segment(document: Document) -> tuple[Entry, ...]:
    """The document's dated entries, in order (see :func:`segment_with_notices`)."""
    return segment_with_notices(document)[0]


def segment_with_notices(document: Document) -> tuple[tuple[Entry, ...], tuple[Notice, ...]]:
    """Split a document into entries and report impossible dates as notices.

    Raises NoEntriesError (naming the file) when no dated entry is found.
    """
    state = _Segmenter(document)
    offset = document.body_start
    for line in document.simplified[document.body_start:].splitlines(keepends=True):
        if state.line(offset, offset + len(line.rstrip("\n"))) is False:
            break
        offset += len(line)
    if not state.entries:
        raise NoEntriesError("no dated chronicle entry found", path=document.path)
    return tuple(state.entries), tuple(state.notices)


class _Segmenter:
    """Walks the lines once, keeping the current year, month and date."""

    def __init__(self, document: Document):
        self.doc = document
        self.period = document.period
        self.year = document.period.year if document.period else None
        self.month = document.period.month if document.period else None
        self.date: dt.date | None = None
        self.day: int | None = None
        self.in_body = False
        self.lead: Lead | None = None
        self.precision = DatePrecision.DAY  # how precisely the current date is known (上旬, 是月)
        self.span_end: dt.date | None = None  # end of a day range written alone on its line (27—29日)
        self.warned_undated = False
        self.entries: list[Entry] = []
        self.notices: list[Notice] = []
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", document.text)]

    def _line_of(self, offset: int) -> int:
        """1-based line of an offset (Document.line_of without rescanning the text each time)."""
        return bisect.bisect_right(self._line_starts, offset)

    # -- lines -------------------------------------------------------------------------------------

    def line(self, start: int, end: int) -> bool | None:
        """Handle one line; False means the footer began and the rest is not chronicle."""
        text = self.doc.simplified[start:end].strip()
        if not text:
            return None
        if self.in_body and _STOP.search(text):
            return False
        if self._heading(text, start):
            return None
        if _PAGE_FURNITURE.search(text):
            return None
        lead = parse_lead(text)
        pos = start + len(self.doc.simplified[start:end]) - len(self.doc.simplified[start:end].lstrip())
        if lead is None and self._is_noise(text):
            return None
        if not self.in_body and not self._may_open(lead, text):
            pos = self._opening_inside(pos, end)  # a digest flattened into one line: 标题……1日,…
            if pos is None:
                return None
            lead = parse_lead(self.doc.simplified[pos:end])
        if self._continues(lead, text):
            pos = self._extend_last(self._next_split(pos, end))
        while pos < end:
            pos = self._piece(pos, end)
        return None

    def _opening_inside(self, start: int, end: int) -> int | None:
        """Where the first entry opens inside a line that does not start with one (a newspaper
        digest flattened into one line): a dated line after a sentence end or a space."""
        text = self.doc.simplified
        for match in _OPENING.finditer(text, start, end):
            rest = text[match.end():end]
            lead = parse_lead(rest)
            if lead is not None and lead.dated and not lead.approximate and self._may_open(lead, rest):
                return match.end()
        return None

    def _may_open(self, lead: Lead | None, text: str) -> bool:
        """Before the first entry only a dated line opens the body, and not a page's date line
        (``2024年08月10日 来源:…``) nor a full date far from the period. A chronicle may also
        open with 是日 (the page before it is lost): a long line of prose, left undated."""
        if lead is not None and lead.inherit and not lead.mark and len(text) - lead.length >= 20:
            return True
        if lead is None or not lead.dated:
            return False
        period = self.period
        if lead.year and period and not period.year - 1 <= lead.year <= (period.end_year or period.year) + 1:
            return False
        return is_dated_line(text) or not lead.month and not lead.year

    def _is_noise(self, text: str) -> bool:
        """Publication details, breadcrumbs, share and font-size bars; in the body only short lines."""
        return (is_meta_line(text) or bool(_NOISE.search(text))) and (not self.in_body or len(text) <= 60)

    def _continues(self, lead: Lead | None, text: str) -> bool:
        """A line that carries on an entry left open (no sentence end): hard-wrapped text.

        A day at its start opens a new entry only with a separator (``…于\n7月3日召开`` continues).
        """
        if not self.entries or self.entries[-1].simplified[-1] in _CLOSED:
            return False
        if lead is None:
            return True
        rest = text[lead.length:lead.length + 1]
        return lead.dated and not lead.mark and rest not in ("", ",", "、", ":", " ")

    def _extend_last(self, stop: int) -> int:
        """Stretch the last entry over a continuation line; returns where the line goes on."""
        last = self.entries[-1]
        end = _trim(self.doc.text, last.start, stop)[1]
        self.entries[-1] = dataclasses.replace(
            last, end=end, text=self.doc.text[last.start:end], simplified=self.doc.simplified[last.start:end],
            end_date=last.end_date or self._end_date(self.lead, last.start, end))
        return stop

    def _heading(self, text: str, start: int = 0) -> bool:
        """A month or year heading on its own line (``8月``, ``(四月)``, ``2015年``) sets the context."""
        heading = parse_heading(text)
        if heading is None:
            return False
        year, month = heading
        if month is None:
            if self.in_body or self.period is None:
                self.year, self.month = year, None
            return True
        if self.in_body or self._fits_period(year, month):
            self._move_to(year, month)
            if self.in_body:  # entries under the heading without a day of their own: some time that month
                self.day, self.precision, self.span_end = 1, DatePrecision.MONTH, None
                heading = Lead(len(text), month=month, day=1, precision=DatePrecision.MONTH, text=text)
                self.date = self._date(self.year, self.month, 1, heading, start)
        return True

    def _fits_period(self, year: int | None, month: int) -> bool:
        """Before the first entry a heading counts only if it agrees with the (checked) period."""
        period = self.period
        if period is None:
            return True
        if period.month is None:
            return year in (None, period.year)
        first, last = (period.year, period.month), (period.end_year or period.year, period.end_month or period.month)
        years = [year] if year else range(first[0], last[0] + 1)
        return any(first <= (y, month) <= last for y in years)

    def _move_to(self, year: int | None, month: int) -> None:
        """New month context; a month that goes backwards (12月 → 1月) moves on to the next year."""
        if year is not None:
            self.year = year
        elif self.year is not None and self.month is not None and month < self.month and self._may_advance(month):
            self.year += 1
        self.month = month

    def _may_advance(self, month: int) -> bool:
        period = self.period
        if period is None or period.month is None:
            return self.month - month >= 6
        return (period.end_year or period.year) > (self.year or period.year)

    # -- pieces ------------------------------------------------------------------------------------

    def _piece(self, start: int, end: int) -> int:
        """One entry starting at ``start``; returns where the next begins (a split inside the line)."""
        text = self.doc.simplified[start:end]
        lead = parse_lead(text)
        if lead is not None and lead.dated:
            self._open_dated(lead, start)
            if not text[lead.length:].strip(" ,、:，：。"):  # 7日 alone: the date of the △ items below
                self.span_end = self._end_date(lead, start, end)
                return end
        elif lead is not None and lead.inherit and not self.in_body:
            self.in_body = True  # a chronicle opening with 是日: undated until a day is written
        elif not self.in_body or (lead is None and not _is_prose(text)):
            return end
        self.lead = lead
        stop = self._next_split(start + (lead.length if lead else 0), end)
        self._emit(start, stop, lead)
        return stop

    def _next_split(self, start: int, end: int) -> int:
        """Where a second entry opens on the same line: ``…举行。△ 韩明远…`` or ``…。2日,…``."""
        text = self.doc.simplified
        for match in _SPLIT.finditer(text, start, end):
            lead = parse_lead(text[match.end():end])
            if lead and (lead.mark or lead.inherit or self._later_day(lead, text[match.end() + lead.length:end])):
                return match.end()
        return end

    def _later_day(self, lead: Lead, rest: str) -> bool:
        """A day marker after a sentence end opens an entry only with a separator and a date not
        before the current one (a dekad or month counts if it may hold the current day)."""
        if not lead.dated or not rest or rest[0] not in ",、: ":
            return False
        month = lead.month or self.month
        if lead.precision in (DatePrecision.SEASON, DatePrecision.YEAR):
            return True
        last_day = {DatePrecision.DEKAD: lead.day + 9 if lead.day < 21 else 31, DatePrecision.MONTH: 31}
        return (month or 0, last_day.get(lead.precision, lead.day)) >= (self.month or 0, self.day or 0)

    def _open_dated(self, lead: Lead, start: int) -> None:
        """Set the current date from a lead (``7月1日``, ``1日``, ``上旬``), noting impossible dates."""
        self.in_body = True
        self.precision = lead.precision
        self.span_end = None
        if lead.precision in (DatePrecision.SEASON, DatePrecision.YEAR):  # 冬, 是年: the month context stays
            self.day = lead.day
            self.date = self._date(lead.year or self.year, lead.month, lead.day, lead, start)
            return
        if lead.month is not None:
            self._move_to(lead.year, lead.month)
        elif lead.year is not None:
            self.year = lead.year
        self.day = lead.day
        if lead.month is None and lead.day > 31:
            self.day = self._fused_day(lead, start)
        self.date = self._date(self.year, self.month, self.day, lead, start)

    def _fused_day(self, lead: Lead, start: int) -> int:
        """A damaged page fuses the month into the day (71日 in a July chronicle is 7月1日): read
        the day that follows the month's digits, and say so."""
        written, month = str(lead.day), str(self.month or "")
        if month and written.startswith(month) and 1 <= int(written[len(month):] or 0) <= 31:
            day = int(written[len(month):])
            self.notices.append(Notice(self.doc.path, f"read {lead.text.strip()!r} as {self.month}月{day}日 "
                                                      "(month and day run together)", self._line_of(start)))
            return day
        return lead.day

    def _date(self, year: int | None, month: int | None, day: int | None, lead: Lead, start: int) -> dt.date | None:
        line = self._line_of(start)
        if year is None or month is None:
            if not self.warned_undated:  # once per document: every later entry has the same cause
                what = "year" if year is None else "month"
                self.notices.append(Notice(self.doc.path, f"no {what} known for {lead.text.strip()!r}; entries kept "
                                                          "undated (give the period with --period YYYY-MM)", line))
                self.warned_undated = True
            return None
        try:
            return dt.date(year, month, day)
        except (ValueError, TypeError):
            written = self.doc.text[start:start + lead.length].strip()
            self.notices.append(Notice(self.doc.path, f"no such date {written!r} in {year:04d}-{month:02d}; "
                                                      "entry kept undated", line))
            return None

    def _end_date(self, lead: Lead | None, start: int, stop: int) -> dt.date | None:
        """``10日至12日`` → 12; ``8月30日至9月2日`` → 9-02; ``…考察。13日回杭。`` → 13."""
        if lead is None or not lead.dated or self.date is None:
            return None
        month, day = lead.end_month, lead.end_day
        if day is None:
            later = later_end(self.doc.simplified, start + lead.length, stop)
            if not later:
                return None
            month, day = later
        end = on_or_after(self.date, month, day)
        if end is None:
            self.notices.append(Notice(self.doc.path, f"no such end date {lead.text.strip()!r}; end date dropped",
                                       self._line_of(start)))
        return end if end is not None and end > self.date else None

    def _inherited_end(self, lead: Lead | None) -> dt.date | None:
        """An entry under a bullet (△) shares the span of the entry before it (6-7日 … △ …);
        同日 and 是日 name one day, without the span."""
        bullet = lead is not None and lead.text.strip() in ENTRY_MARKS
        if self.span_end is not None and (lead is None or bullet):
            return self.span_end
        if not bullet:
            return None
        previous = self.entries[-1] if self.entries else None
        return previous.end_date if previous is not None and previous.date == self.date else None

    def _emit(self, start: int, stop: int, lead: Lead | None) -> None:
        """Append the entry spanning ``start:stop`` (trimmed of whitespace) with the current date."""
        start, stop = _trim(self.doc.text, start, stop)
        dated = lead is not None and lead.dated
        self.entries.append(Entry(
            doc_id=self.doc.doc_id, index=len(self.entries) + 1, start=start, end=stop,
            text=self.doc.text[start:stop], simplified=self.doc.simplified[start:stop], line=self._line_of(start),
            date=self.date, end_date=self._end_date(lead, start, stop) if dated else self._inherited_end(lead),
            time_of_day=lead.time_of_day if lead else None, precision=self.precision, date_inherited=not dated,
            lead_end=lead_end(self.doc.simplified[start:stop])))


def _trim(text: str, start: int, stop: int) -> tuple[int, int]:
    while start < stop and text[start].isspace():
        start += 1
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    return start, stop


def _is_prose(text: str) -> bool:
    """An undated paragraph worth keeping as an entry (八一建军节到来之际,…), not a stray title."""
    text = text.strip()
    han = han_count(text)
    return han >= 6 and (text[-1] in _SENTENCE_END or han >= 20)
