"""Countries and cities abroad as places, with their ISO 3166-1 codes (南非共和国 → ZA, 东京都 → JP)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path

from kg.gazetteer import simplify
from kg.model import AdminLevel, AdminPlace

__all__ = ["Foreign", "load_foreign"]

_DATA = Path(__file__).parent / "data" / "countries"
# The long form of a country's name: its short name then one of these (南非共和国, 老挝人民民主共和国).
_LONG_FORM = re.compile("(?:人民民主共和国|民主人民共和国|社会主义共和国|伊斯兰共和国|联邦民主共和国|民主共和国|"
                        "人民共和国|联邦共和国|阿拉伯共和国|合众国|联合王国|共和国|王国|联邦|大公国|公国|苏丹国|国)")


class Foreign:
    """Lookup of countries and cities abroad by the names chronicles write.

    A country is a place of level ``country`` whose code is its ISO 3166-1 alpha-2 code; a city
    is of level ``locality``, coded ``<country code>-<name>``, within its country.
    """

    def __init__(self, countries: Iterable[tuple[str, str, tuple[str, ...]]],
                 cities: Iterable[tuple[str, str, tuple[str, ...]]]):
        self._by_code: dict[str, AdminPlace] = {}
        self._names: dict[str, AdminPlace] = {}
        for iso, name, others in countries:
            place = AdminPlace(code=iso, name=name, level=AdminLevel.COUNTRY)
            self._add(place, (name, *others))
        for name, iso, others in cities:
            place = AdminPlace(code=f"{iso}-{name}", name=name, level=AdminLevel.LOCALITY, parent_code=iso)
            self._add(place, (name, *others))
        self._max_len = max(map(len, self._names), default=0)

    def _add(self, place: AdminPlace, names: Iterable[str]) -> None:
        self._by_code[place.code] = place
        for name in names:
            self._names.setdefault(name, place)

    def get(self, code: str) -> AdminPlace | None:
        """The country (ISO code) or city abroad (``JP-东京都``) of this code."""
        return self._by_code.get(code)

    def lookup(self, name: str) -> AdminPlace | None:
        """The country or city abroad a name refers to, long forms included.

        >>> f = load_foreign()
        >>> f.lookup("南非共和国").code, f.lookup("美国").code, f.lookup("东京").name
        ('ZA', 'US', '东京都')
        """
        found = self.match(name)
        return found[1] if found and found[0] == len(name) else None

    def match(self, text: str, start: int = 0) -> tuple[int, AdminPlace] | None:
        """The longest country or city name beginning at ``text[start]``, as ``(end, place)``;
        a country's name takes its long form along (南非共和国).

        >>> end, place = load_foreign().match("出访南非共和国。", 2)
        >>> end, place.name, place.code
        (7, '南非', 'ZA')
        >>> load_foreign().match("日本国内", 0)[0]
        2
        """
        window = simplify(text[start:start + self._max_len])
        for size in range(len(window), 1, -1):
            place = self._names.get(window[:size])
            if place is not None:
                end = start + size
                if place.level == AdminLevel.COUNTRY:
                    long_form = _LONG_FORM.match(simplify(text[end:end + 7]))
                    if long_form and not (long_form.group() == "国" and text[end + 1:end + 2] in "内外际家有营"):
                        end += long_form.end()
                return end, place
        return None

    def chain(self, text: str, start: int = 0) -> list[tuple[int, int, AdminPlace]]:
        """A country and the cities of it written right after (日本东京都), as ``(start, end, place)``.

        >>> [(s, e, p.name) for s, e, p in load_foreign().chain("赴日本东京都举行", 1)]
        [(1, 3, '日本'), (3, 6, '东京都')]
        """
        found = self.match(text, start)
        chain = [(start, *found)] if found else []
        while chain and (inner := self.match(text, chain[-1][1])) and inner[1].parent_code == chain[-1][2].code:
            chain.append((chain[-1][1], *inner))
        return chain


def _read_table(path: Path) -> list[tuple[str, str, tuple[str, ...]]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            first, second, *others = line.split("\t")
            rows.append((first.strip(), second.strip(), tuple(o.strip() for o in others if o.strip())))
    return rows


@functools.lru_cache(maxsize=1)
def load_foreign() -> Foreign:
    """Countries (i18n-iso-countries' Chinese names, MIT) and cities abroad, loaded once per process."""
    return Foreign(_read_table(_DATA / "countries.tsv"), _read_table(_DATA / "cities.tsv"))
