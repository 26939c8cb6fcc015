"""Typed records passed between pipeline stages (read → segment → extract → resolve → graph)."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "AdminLevel",
    "PeriodSource",
    "Script",
    "PlaceKind",
    "EventType",
    "DatePrecision",
    "Period",
    "TextMap",
    "Notice",
    "Document",
    "Entry",
    "Role",
    "Mention",
    "PlaceMention",
    "ExtractedEntry",
    "AdminPlace",
    "HeldPost",
    "Person",
    "Corpus",
]


class AdminLevel(StrEnum):
    """Level of an administrative division, from the largest down."""

    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"
    VILLAGE = "village"
    COUNTRY = "country"  # a country abroad (kg.foreign), outside the divisions' ranks
    LOCALITY = "locality"  # a city abroad, within its country

    @property
    def rank(self) -> int:
        """0 for a province … 4 for a village: smaller is larger."""
        return _LEVEL_RANK[self]


_LEVEL_RANK = {level: rank for rank, level in enumerate(AdminLevel)}


class PeriodSource(StrEnum):
    """Where a document's period came from, strongest first."""

    FLAG = "flag"  # --period
    METADATA = "metadata"  # a "# period:" line
    HEADER = "header"  # the chronicle's own heading
    FILENAME = "filename"
    EVIDENCE = "evidence"  # inferred from, or corrected by, the entries' dates
    NONE = "none"


class Script(StrEnum):
    """The script a document is written in (ISO 15924 codes)."""

    HANS = "Hans"
    HANT = "Hant"


class PlaceKind(StrEnum):
    """What a place mention names."""

    ADMIN = "admin"  # an administrative division
    VENUE = "venue"  # a named site below the administrative level
    ORG = "org"  # an organisation


class EventType(StrEnum):
    """Kinds of event (the dsj: individuals of the same names)."""

    MEETING = "Meeting"
    INSPECTION = "Inspection"
    CEREMONY = "Ceremony"
    SIGNING = "Signing"
    FORUM = "Forum"
    VISIT = "Visit"
    TRAINING = "Training"


class DatePrecision(StrEnum):
    """How precisely an entry's date is known: a written day, or only the dekad, month, season or
    year it falls in (its date is then the first day of that span, never an invented day)."""

    DAY = "Day"
    DEKAD = "Dekad"  # 上旬, 中旬, 下旬, 月初, 月底
    MONTH = "Month"  # 是月, 同月, 9月
    SEASON = "Season"  # 春, 夏, 秋, 冬
    YEAR = "Year"  # 是年, 全年


@dataclass(frozen=True, order=True)
class Period:
    """The months a chronicle covers: ``Period(2024, 7)`` or ``Period(2025, 8, 2025, 9)``."""

    year: int
    month: int | None = None
    end_year: int | None = None
    end_month: int | None = None

    def __str__(self) -> str:
        start = f"{self.year:04d}" + (f"-{self.month:02d}" if self.month else "")
        if self.end_year and (self.end_year, self.end_month) != (self.year, self.month):
            end = f"{self.end_year:04d}" + (f"-{self.end_month:02d}" if self.end_month else "")
            return f"{start}/{end}"
        return start


@dataclass(frozen=True)
class TextMap:
    """The way from a document's cleaned text back to the text as published: how many
    characters were removed before each offset (glosses, zero-width characters, spaces).

    >>> TextMap(lead=1, offsets=(2,), removed=(8,)).published_offset(3)
    12
    """

    lead: int = 0  # blank lines removed at the start
    offsets: tuple[int, ...] = ()  # offsets (counted before the leading blank lines were removed) ...
    removed: tuple[int, ...] = ()  # ... and how many characters were removed up to each

    def published_offset(self, offset: int) -> int:
        """Where the cleaned text's ``offset`` stands in the published text."""
        shifted = offset + self.lead
        at = bisect.bisect_right(self.offsets, shifted) - 1
        return shifted + (self.removed[at] if at >= 0 else 0)


@dataclass(frozen=True)
class Notice:
    """A warning about the input, kept with the record it concerns and printed by the CLI."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Document:
    """One chronicle as read from disk, normalised; every offset downstream points into ``text``.

    ``text`` keeps the script as written (Simplified or Traditional); ``simplified`` is the
    same text converted character by character, so offsets are valid in both. ``place`` is the
    document's own administrative unit (its city, county or province), resolved once by the
    read stage; a unit the gazetteer does not know keeps its name with an empty code.
    """

    doc_id: str
    path: str
    text: str
    simplified: str
    sha256: str
    encoding: str
    script: Script = Script.HANS
    title: str | None = None
    source_url: str | None = None
    place: AdminPlace | None = None
    period: Period | None = None
    period_source: PeriodSource = PeriodSource.NONE
    body_start: int = 0  # offset where entries may begin (after metadata lines)
    header_end: int = 0  # offset of the first dated line: the header (title, period, publisher) is before it
    notices: tuple[Notice, ...] = ()
    published: str = ""  # the text as published (pinyin glosses kept); "" when it is ``text``
    text_map: TextMap = TextMap()  # offsets of ``text`` → offsets of ``published``

    def published_span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the published text of ``text[start:end]``."""
        if not self.published:
            return start, end
        first = self.text_map.published_offset(start)
        last = self.text_map.published_offset(end - 1) + 1 if end > start else first
        return first, min(last, len(self.published))

    def published_text(self, start: int, end: int) -> str:
        """``text[start:end]`` as published: with the pinyin glosses and spaces the reader dropped."""
        if not self.published:
            return self.text[start:end]
        first, last = self.published_span(start, end)
        return self.published[first:last]

    @property
    def city(self) -> str | None:
        """The name of the document's own unit (``place.name``), or None."""
        return self.place.name if self.place is not None else None

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset in ``text``."""
        return self.text.count("\n", 0, offset) + 1


@dataclass(frozen=True)
class Entry:
    """One dated chronicle entry: a span of its document's text and the date it carries."""

    doc_id: str
    index: int  # 1-based ordinal in the document
    start: int  # offsets into Document.text
    end: int
    text: str  # verbatim, as written
    simplified: str  # same length as text
    line: int
    date: dt.date | None = None
    end_date: dt.date | None = None
    time_of_day: str | None = None  # 上午 / 下午 / 晚 ...
    precision: DatePrecision = DatePrecision.DAY
    date_inherited: bool = False
    lead_end: int = 0  # where the entry's own words begin in ``text``, after its bullet and date

    @property
    def approximate(self) -> bool:
        """Whether the date stands for a dekad, month, season or year rather than a written day."""
        return self.precision != DatePrecision.DAY


class Role(StrEnum):
    """How a person takes part in an event; ordered from strongest to weakest."""

    CHAIR = "chair"
    LEAD = "lead"
    SPEAKER = "speaker"
    ATTENDEE = "attendee"

    @property
    def strength(self) -> int:
        return {"chair": 4, "lead": 3, "speaker": 2, "attendee": 1}[self.value]


@dataclass(frozen=True)
class Mention:
    """A person named in an entry, at ``entry.text[start:end]``.

    ``role`` is None when the person is named but not taking part (see :attr:`present`).
    """

    doc_id: str
    entry_index: int
    start: int
    end: int
    name: str  # as written
    name_simplified: str
    title: str | None = None  # as written, e.g. 市委副书记、市长
    role: Role | None = None
    evidence: str = ""  # the cue that decided role or absence, for debugging

    @property
    def present(self) -> bool:
        """Whether the person takes part in the event (has a role)."""
        return self.role is not None


@dataclass(frozen=True)
class PlaceMention:
    """A place named in an entry: an administrative place, a venue or an organisation.

    Administrative places carry the normalised full name and division code.
    """

    kind: PlaceKind
    name: str  # normalised name (full official name for admin places)
    surface: str  # as written
    start: int
    end: int
    code: str | None = None
    implicit: bool = False  # inferred (我市, 来张, the document's city) rather than named


@dataclass(frozen=True)
class ExtractedEntry:
    """An entry with the people and places found in it."""

    entry: Entry
    mentions: tuple[Mention, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    event_types: tuple[EventType, ...] = ()

    @property
    def present(self) -> tuple[Mention, ...]:
        return tuple(m for m in self.mentions if m.present)

    @property
    def absent(self) -> tuple[Mention, ...]:
        return tuple(m for m in self.mentions if not m.present)


@dataclass(frozen=True)
class AdminPlace:
    """An administrative division from the gazetteer (province, city, county, or below)."""

    code: str  # 12-digit national division code, or "" for places below the gazetteer
    name: str
    level: AdminLevel
    parent_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    # A division of the past (阿城市 1990–2006) carries its years and the codes that took over;
    # ``approximate`` marks a point borrowed from another place (a township takes its county's).
    valid_from: int | None = field(default=None, repr=False)
    valid_until: int | None = field(default=None, repr=False)
    successors: tuple[str, ...] = field(default=(), repr=False)
    approximate: bool = field(default=False, repr=False)


@dataclass(frozen=True)
class HeldPost:
    """A post a person held, read from the titles at their mentions: one per (role, organisation).

    ``organization`` is the organisation's full name (中共张掖市委员会 for 市委 in a Zhangye
    chronicle); a title naming no organisation that can be made unambiguous gives no post.
    """

    label: str  # the post as first written in a title (Simplified): 市委副书记
    organization: str | None = None
    first_seen: dt.date | None = None  # the earliest and latest dates of the entries naming it
    last_seen: dt.date | None = None
    mentions: tuple[Mention, ...] = ()  # the mentions whose titles name it
    role: str = ""  # the post without its organisation, shared by holders elsewhere: 副书记
    labels: tuple[str, ...] = ()  # every way the titles write it (市长, 市人民政府市长), first first
    organization_forms: tuple[str, ...] = ()  # how the titles write the organisation (市委, 张掖市委)


@dataclass(frozen=True)
class Person:
    """One real person after resolution: all their mentions across entries and documents."""

    key: str  # stable identity key, used to mint the IRI
    name: str  # as first written
    name_simplified: str
    city: str | None  # the document city the person was resolved within
    titles: tuple[str, ...] = ()  # distinct titles seen, in order of first appearance
    mentions: tuple[Mention, ...] = ()
    homonyms: tuple[str, ...] = ()  # keys of other persons with the same name
    posts: tuple[HeldPost, ...] = ()  # in order of first mention
    near_matches: tuple[tuple[str, str], ...] = ()  # (key, reason) of persons who may be the same


@dataclass(frozen=True)
class Corpus:
    """Everything the graph stage needs: documents, extracted entries and resolved persons."""

    documents: tuple[Document, ...]
    entries: tuple[ExtractedEntry, ...]
    persons: tuple[Person, ...]
    notices: tuple[Notice, ...] = field(default=())
