"""Check a chronicle's period against the dates its entries imply, and correct a wrong header."""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from dataclasses import dataclass

from kg import rules
from kg.dates import (dates_in_text, header_period, is_meta_line, month_in_name, months_in_url,
                      parse_lead, published_date)
from kg.model import Document, Notice, Period, PeriodSource

__all__ = ["check_period", "period_evidence", "Vote"]

_Q = "[" + rules.value("festivals", "quote_open") + "]"
_QE = "[" + rules.value("festivals", "quote_close") + "]"
_FESTIVALS = tuple((f["month"], f["day"], f["pattern"].replace("{Q}", _Q).replace("{QE}", _QE))
                   for f in rules.value("festivals", "festivals"))
_SPANNING: dict[str, list[int]] = rules.value("festivals", "spanning")
#: The characters a festival pattern may start with (an opening quote included).
_FESTIVAL_FIRST = "".join(sorted(({part[0] for _, _, pattern in _FESTIVALS for part in pattern.split("|")} - {"[", "("})
                                 | set(rules.value("festivals", "quote_open"))))
# The lookahead on the first character lets the regex engine pass over other positions at once,
# instead of trying every branch of the alternation there (six times faster, same matches).
_FESTIVAL = re.compile(f"(?=[{re.escape(_FESTIVAL_FIRST)}])(?:"
                       + "|".join(f"(?P<f{i}>{p})" for i, (_, _, p) in enumerate(_FESTIVALS)) + ")")
_APPROACHING = re.compile(f"^节?{_QE}?(?:{rules.value('festivals', 'approaching')})")


@dataclass(frozen=True)
class Vote:
    """One piece of evidence that the chronicle covers ``month`` (of ``year`` when known)."""

    month: int
    weight: float
    reason: str = ""
    year: int | None = None
    leading: bool = False  # an entry's own month-day date (8月20日,…)


def check_period(document: Document) -> Document:
    """Return the document with its period checked against the entries' evidence.

    A header period that the evidence clearly outweighs is replaced (period_source "evidence")
    and a Notice names the evidence; a period from ``# period:`` or --period is kept, with a
    notice when the evidence disagrees; a missing period is inferred when the evidence allows.
    """
    votes = period_evidence(document)
    period = document.period
    if period is None:
        return _infer(document, votes)
    if period.month is None:
        return document
    winner = _outweighs(period, votes, 0.0 if document.period_source == PeriodSource.FILENAME else 1.0)
    if winner is None:
        return document
    new = Period(_winner_year(winner, period, votes), winner)
    reasons = _reasons(votes, winner)
    if document.period_source in (PeriodSource.METADATA, PeriodSource.FLAG):
        said = "# period:" if document.period_source == PeriodSource.METADATA else "--period"
        message = f"{said} says {period} but the entries point to {new} ({reasons}); keeping {period}"
        return _with_notice(document, Notice(document.path, message, _metadata_line(document)))
    said = "the file name" if document.period_source == PeriodSource.FILENAME else "header"
    message = f"{said} says {period} but the entries point to {new} ({reasons})"
    notice = Notice(document.path, message, _header_line(document))
    return dataclasses.replace(_with_notice(document, notice), period=new, period_source=PeriodSource.EVIDENCE)


def period_evidence(document: Document) -> list[Vote]:
    """All votes for the months a chronicle covers: entry dates, festivals, file name, URL, publication date."""
    return _entry_votes(document) + _file_votes(document.doc_id) + _url_votes(document.source_url) \
        + _published_votes(document)


# -- evidence -----------------------------------------------------------------------------------


def _entry_votes(document: Document) -> list[Vote]:
    """Votes from the body: its entries' dates, dates quoted in entries, festivals near their day."""
    text, start = document.simplified, document.header_end
    votes, day, offset = [], None, start
    for line in text[start:].splitlines(keepends=True):
        indent = len(line) - len(line.lstrip())
        lead = parse_lead(line[indent:])
        if lead is None or not lead.dated or lead.approximate:
            lead = None
        else:
            day = lead.day
            if lead.month:
                votes.append(Vote(lead.month, 1.0, f"entries dated {lead.month}月", lead.year, leading=True))
        lead_end = indent + lead.length if lead else 0
        body = line[lead_end:]
        shift = offset + lead_end
        votes += _quoted_dates(body, day, document.text[shift:shift + len(body)])
        votes += _festivals(body, day, document.text[shift:shift + len(body)])
        offset += len(line)
    return _cap_quoted(votes)


def _quoted_dates(body: str, day: int | None, written: str) -> list[Vote]:
    """``传达7月3日…会议精神`` on the 9th: a date before the entry's day, in the chronicle's month."""
    votes = []
    for month, quoted, start, end in dates_in_text(body):
        if 1 <= month <= 12 and day is not None and quoted <= day:
            votes.append(Vote(month, 1.0, f"{written[start:end]} in entry text"))
    return votes


def _cap_quoted(votes: list[Vote]) -> list[Vote]:
    """Dates quoted in entries may refer to earlier months: at most two count per month."""
    seen: dict[int, int] = defaultdict(int)
    kept = []
    for vote in votes:
        if vote.reason.endswith("in entry text"):
            seen[vote.month] += 1
            if seen[vote.month] > 2:
                continue
        kept.append(vote)
    return kept


def _festivals(body: str, day: int | None, written: str) -> list[Vote]:
    """七一 on the 1st → July; 八一建军节到来之际 near month end → July; 国庆 → October."""
    votes = []
    for match in _FESTIVAL.finditer(body):
        index = int(next(name for name, value in match.groupdict().items() if value)[1:])
        month, fday, _ = _FESTIVALS[index]
        surface = written[match.start():match.end()]
        if _APPROACHING.match(body[match.end():]):
            before = (month - 1 or 12) if fday <= 3 else month
            at_end = day is not None and day >= 20
            votes.append(Vote(before, 1.5 if at_end else 1.0, f"{surface} {'at month end' if at_end else 'ahead'}"))
        elif day == fday:
            votes.append(Vote(month, 2.0, f"{surface} on the {_ordinal(fday)}"))
        else:
            votes.append(Vote(month, 0.5))
    for word, months in _SPANNING.items():
        if word in body:
            votes += [Vote(month, 0.5) for month in months]
    return votes


def _ordinal(day: int) -> str:
    """English ordinal of a day.

    >>> _ordinal(1), _ordinal(22), _ordinal(13)
    ('1st', '22nd', '13th')
    """
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _file_votes(stem: str) -> list[Vote]:
    named = month_in_name(stem)
    return [Vote(named[1], 2.0, f"file name {stem}", named[0])] if named else []


def _url_votes(url: str | None) -> list[Vote]:
    path = re.sub(r"^\w+://[^/]+", "", url or "")
    return [Vote(month, 1.0, f"URL {written}", year) for year, month, written in months_in_url(path)]


def _published_votes(document: Document) -> list[Vote]:
    """A monthly chronicle is published after its month: weak evidence for the month before."""
    head = document.simplified[document.body_start:document.header_end]
    for line in head.splitlines():
        found = published_date(line) if is_meta_line(line) else None
        if found and found[2] is not None:
            year, month, day = found
            before = (year - 1, 12) if month == 1 else (year, month - 1)
            return [Vote(before[1], 0.5, f"published {year}-{month:02d}-{day:02d}", before[0])]
    return []


# -- decision -----------------------------------------------------------------------------------


def _months(period: Period) -> set[int]:
    start, end = (period.year, period.month), (period.end_year or period.year, period.end_month or period.month)
    months, (year, month) = set(), start
    while (year, month) <= end and len(months) < 12:
        months.add(month)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _relevant(votes: list[Vote], year: int) -> list[Vote]:
    """Votes with a year far from the period's (a page republished years later) do not count."""
    return [v for v in votes if v.year is None or abs(v.year - year) <= 1]


def _outweighs(period: Period, votes: list[Vote], own: float = 1.0) -> int | None:
    """The month the evidence points to when it clearly outweighs the header (``own`` vote) and its allies.

    A period taken from the file name has its vote among ``votes`` already (``own`` 0).
    """
    scores: dict[int, float] = defaultdict(float)
    for vote in _relevant(votes, period.year):
        scores[vote.month] += vote.weight
    inside = _months(period)
    held = own + sum(scores[m] for m in inside)
    rivals = [(score, -month) for month, score in scores.items() if month not in inside]
    if not rivals:
        return None
    best, month = max(rivals)
    return -month if best >= held + 2 and best >= 2 * held else None


def _winner_year(month: int, period: Period, votes: list[Vote]) -> int:
    years: dict[int, float] = defaultdict(float)
    for vote in _relevant(votes, period.year):
        if vote.month == month and vote.year:
            years[vote.year] += vote.weight
    return max(years, key=lambda y: (years[y], -y)) if years else period.year


def _reasons(votes: list[Vote], month: int) -> str:
    """The evidence for ``month`` as written: dates and festivals in text order, then name and URL."""
    reasons = list(dict.fromkeys(v.reason for v in votes if v.month == month and v.reason))
    count = sum(1 for v in votes if v.month == month and v.leading)
    reasons = [r if not r.startswith("entries dated") else f"{count} {r}" for r in reasons]
    return "; ".join(reasons[:6])


def _infer(document: Document, votes: list[Vote]) -> Document:
    """No period from metadata, header or file name: take one from the evidence, if it is enough."""
    scores: dict[int, float] = defaultdict(float)
    for vote in votes:
        scores[vote.month] += vote.weight
    years = [v.year for v in sorted(votes, key=lambda v: -v.weight) if v.year]
    if not scores or not years or max(scores.values()) < 2:
        return _with_notice(document, Notice(document.path, "no period in metadata, header or file name; "
                                             "day-only entries cannot be dated (use --period YYYY-MM)"))
    leading = {v.month for v in votes if v.leading}
    month = max(scores, key=lambda m: (scores[m], -m))
    period = Period(years[0]) if len(leading) > 1 else Period(years[0], month)
    message = f"no period in the header; the entries point to {period} ({_reasons(votes, month)})"
    document = _with_notice(document, Notice(document.path, message))
    return dataclasses.replace(document, period=period, period_source=PeriodSource.EVIDENCE)


def _with_notice(document: Document, notice: Notice) -> Document:
    return dataclasses.replace(document, notices=document.notices + (notice,))


def _header_line(document: Document) -> int | None:
    period = document.period
    found = header_period(document.simplified, document.body_start, period.year if period else None)
    return document.line_of(found[1]) if found else None


def _metadata_line(document: Document) -> int | None:
    match = re.search(r"^#\s*period\s*[:：]", document.text[:document.body_start], re.M)
    return document.line_of(match.start()) if match else None
