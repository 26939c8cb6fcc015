"""Townships, towns, sub-districts and villages with the statistics bureau's codes, found under their county."""

from __future__ import annotations

import functools
import gzip
from dataclasses import replace
from pathlib import Path

from kg.gazetteer import strip_nations
from kg.model import AdminLevel, AdminPlace

__all__ = ["Townships", "load_townships", "township_stem", "township_forms"]

_DATA = Path(__file__).parent / "data" / "china-division"
# A township's generic tail, longest first; the stem before it is how chronicles also write it (盛泽).
_TAILS = ("街道办事处", "街道", "民族乡", "民族苏木", "苏木", "镇", "乡")


def township_stem(name: str) -> str | None:
    """The short form of a township's name (at least two characters), or None.

    >>> township_stem("盛泽镇"), township_stem("东华门街道"), township_stem("河镇乡"), township_stem("城镇")
    ('盛泽', '东华门', '河镇', None)
    """
    for tail in _TAILS:
        if name.endswith(tail) and len(name) - len(tail) >= 2:
            return name[: -len(tail)]
    return None


def township_forms(name: str) -> tuple[str, ...]:
    """The ways a chronicle writes a township: its name, its stem, and for an ethnic township the
    stem without the peoples, alone and with 乡 or 镇 (河镇彝族苗族乡 → 河镇, 河镇乡).

    >>> township_forms("河镇彝族苗族乡")
    ('河镇彝族苗族乡', '河镇彝族苗族', '河镇', '河镇乡')
    """
    stem = township_stem(name)
    if stem is None:
        return (name,)
    forms = [name, stem]
    bare = strip_nations(stem)
    if bare != stem:
        forms += [bare, bare + name[-1]] if name[-1] in "乡镇" else [bare]
    return tuple(dict.fromkeys(forms))


class Townships:
    """The townships (9-digit codes) and villages (12-digit) of each county, read lazily.

    Names repeat across China (hundreds of 新华村), so every lookup is under a county or a
    township: the caller passes the county named in the entry or the document's own county.
    A county of the past (吴江市 1992–2012) is looked up through the codes that took it over.
    """

    def __init__(self, townships: dict[str, list[tuple[str, str]]], villages_text: str | None = None,
                 villages_path: Path | None = None):
        self._townships = townships  # county code (6 digits) -> [(9-digit code, name)]
        self._villages_text = villages_text
        self._villages_path = villages_path
        self._villages: dict[str, str] | None = None  # township code (9 digits) -> "001名 002名" line

    def township(self, name: str, county: AdminPlace) -> AdminPlace | None:
        """The township of this name (full, or its stem: 盛泽 for 盛泽镇) in ``county``, or None.

        >>> t = load_townships()
        >>> from kg.gazetteer import load_gazetteer
        >>> linze = load_gazetteer().lookup("临泽县")
        >>> t.township("蓼泉镇", linze).code, t.township("蓼泉", linze).name
        ('620723103000', '蓼泉镇')
        """
        if county.level == AdminLevel.CITY:  # 到天水街道 in a city's chronicle: its full name, once in the city
            return self._in_city(name, county)
        found = [(code, full) for code, full in self._in_county(county) if name in township_forms(full)]
        exact = [f for f in found if f[1] == name]
        found = exact or found
        if len(found) != 1:
            return None
        code, full = found[0]
        return _below(code + "000", full, AdminLevel.TOWNSHIP, county)

    def _in_city(self, name: str, city: AdminPlace) -> AdminPlace | None:
        """The township of this full name in one of the city's counties, if only one has it."""
        prefixes = {code[:4] for code in (city.code, *city.successors)}
        found = [code for county, towns in self._townships.items() if county[:4] in prefixes
                 for code, full in towns if full == name]
        if len(found) != 1:
            return None
        from kg.gazetteer import load_gazetteer

        county = load_gazetteer().get(found[0][:6]) or city
        return _below(found[0] + "000", name, AdminLevel.TOWNSHIP, county)

    def match(self, text: str, pos: int, county: AdminPlace, *, stems: bool = False) -> tuple[int, AdminPlace] | None:
        """The longest township of ``county`` written at ``text[pos]``, as ``(end, place)``: a name
        ending in 乡/镇/街道/苏木 (赫章县河镇乡: 河镇彝族苗族乡, a stem the pattern of a town cannot
        tell), or with ``stems`` a bare stem (盛泽 → 盛泽镇).

        >>> from kg.gazetteer import load_gazetteer
        >>> end, place = load_townships().match("赫章县河镇乡开展", 3, load_gazetteer().lookup("赫章县"))
        >>> end, place.name
        (6, '河镇彝族苗族乡')
        """
        for size in range(9, 1, -1):
            word = text[pos:pos + size]
            if len(word) == size and (stems or word[-1] in "乡镇道木"):
                place = self.township(word, county)
                if place is not None:
                    return pos + size, place
        return None

    def place(self, name: str, parent: AdminPlace, level: AdminLevel = AdminLevel.TOWNSHIP) -> AdminPlace:
        """The township or village of this name under ``parent``, with its code when listed there;
        else (an abolished commune, a name not listed) its name and parent alone, code "".

        >>> from kg.gazetteer import load_gazetteer
        >>> wujiang = load_gazetteer().lookup("吴江区")
        >>> load_townships().place("盛泽镇", wujiang).code, load_townships().place("梅堰镇", wujiang).code
        ('320509105000', '')
        """
        known = None
        if parent.code:
            known = self.township(name, parent) if level == AdminLevel.TOWNSHIP else self.village(name, parent)
        return known or AdminPlace(code="", name=name, level=level, parent_code=parent.code)

    def village(self, name: str, under: AdminPlace) -> AdminPlace | None:
        """The village of this name in ``under`` (a county or a township), or None if unknown or repeated.

        >>> t = load_townships()
        >>> from kg.gazetteer import load_gazetteer
        >>> linze = load_gazetteer().lookup("临泽县")
        >>> t.village("湾子村", linze).code, t.village("湾子村", t.township("蓼泉镇", linze)).parent_code
        ('620723103203', '620723103000')
        """
        if under.level == AdminLevel.TOWNSHIP and len(under.code) == 12:
            towns = [(under.code[:9], under.name)]
        else:
            towns = self._in_county(under)
        found = []
        for town, _ in towns:
            line = self._village_line(town)
            at = line.find(name)
            while at >= 0:
                if at >= 3 and (at + len(name) == len(line) or line[at + len(name)] == " ") and (
                        at == 3 or line[at - 4] == " "):
                    found.append(town + line[at - 3:at])
                at = line.find(name, at + 1)
        if len(found) != 1:
            return None
        return _below(found[0], name, AdminLevel.VILLAGE, under)

    def get(self, code: str, parent: AdminPlace | None = None) -> AdminPlace | None:
        """The township (``…000``) or village behind a 12-digit code, under ``parent`` (else the
        county its code names, from ``parent``'s gazetteer: today's by default).

        >>> load_townships().get("620723103203").name, load_townships().get("620723103000").name
        ('湾子村', '蓼泉镇')
        """
        if len(code) != 12 or not code.isdigit() or code.endswith("000000"):
            return None
        if parent is None:
            from kg.gazetteer import load_gazetteer

            parent = load_gazetteer().get(code[:6])
            if parent is not None and not code.endswith("000"):
                parent = self.get(code[:9] + "000", parent) or parent
        if parent is None:
            return None
        if code.endswith("000"):
            name = next((n for c, n in self._townships.get(code[:6], ()) if c == code[:9]), None)
            return _below(code, name, AdminLevel.TOWNSHIP, parent) if name else None
        line = self._village_line(code[:9])
        at = line.find(code[9:])
        while at >= 0 and not (at == 0 or line[at - 1] == " "):
            at = line.find(code[9:], at + 1)
        if at < 0:
            return None
        name = line[at + 3:].split(" ", 1)[0]
        return _below(code, name, AdminLevel.VILLAGE, parent)

    def _in_county(self, county: AdminPlace) -> list[tuple[str, str]]:
        codes = [county.code, *county.successors] if county.valid_until else [county.code]
        out: list[tuple[str, str]] = []
        for code in codes:
            out += self._townships.get(code[:6], ())
        return out

    def _village_line(self, town: str) -> str:
        if self._villages is None:
            text = self._villages_text
            if text is None:
                with gzip.open(self._villages_path, "rt", encoding="utf-8") as handle:
                    text = handle.read()
            self._villages = dict(line.split("\t", 1) for line in text.splitlines() if "\t" in line)
        return self._villages.get(town, "")


def _below(code: str, name: str, level: AdminLevel, parent: AdminPlace) -> AdminPlace:
    """A township or village: its code, its parent as named, and its parent's point, marked approximate."""
    approximate = parent.lat is not None
    return replace(parent, code=code, name=name, level=level, parent_code=parent.code, valid_from=None,
                   valid_until=None, successors=(), approximate=approximate or parent.approximate)


def _read_townships(path: Path) -> dict[str, list[tuple[str, str]]]:
    by_county: dict[str, list[tuple[str, str]]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            code, _, name = line.rstrip("\n").partition("\t")
            if name:
                by_county.setdefault(code[:6], []).append((code, name))
    return by_county


@functools.lru_cache(maxsize=1)
def load_townships() -> Townships:
    """Townships and villages of china-division 2.7.0 (the statistics bureau's 2023 codes), loaded once;
    the 450,000 villages are read on the first village lookup only."""
    return Townships(_read_townships(_DATA / "townships.tsv.gz"), villages_path=_DATA / "villages.tsv.gz")
