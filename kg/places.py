"""Where an entry's event happens: administrative places, venues and organisations named in it."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from kg.divisions import gazetteer_as_of
from kg.foreign import load_foreign
from kg.gazetteer import Gazetteer, code_prefix, load_gazetteer
from kg.context import memoized
from kg import rules
from kg.model import AdminLevel, AdminPlace, Document, Entry, PlaceKind, PlaceMention
from kg.organisations import ORGANISATION_SUFFIX, organisation_spans
from kg.text import HAN
from kg.townships import load_townships

__all__ = ["locate_document", "find_places", "place_hierarchy"]

_VERBS = rules.regex("places", "verbs")


def _pattern(key: str) -> re.Pattern[str]:
    """A pattern of kg/rules/places.toml with its {HAN} and {VERBS} filled in."""
    text = rules.value("places", f"patterns.{key}")
    return re.compile(text.replace("{HAN}", f"[{HAN}]").replace("{VERBS}", _VERBS))


_CUE = re.compile(rules.regex("places", "cues"))
_TRAVEL = frozenset(rules.words("places", "travel"))  # a county's short form is safe after these
_LEAVING = frozenset(rules.words("places", "leaving"))  # going somewhere not named as a place
_ABBREVIATION_CUES = frozenset(rules.words("places", "abbreviation_cues"))  # 在兰, 来张, 赴桂滇, 驻张部队
_NOT_CUE_AFTER = {cue: frozenset(chars) for cue, chars in rules.value("places", "not_cue_after").items()}
_IMPLICIT_CITY = re.compile(f"^(?:{rules.regex('places', 'implicit_own')})")
(_RELAYED, _REPORTED_BEFORE, _REPORTED_AFTER, _ITEM_END, _BREAK, _ABBREVIATION_END, _TOWN, _TOWN_LIST, _VILLAGE, _BAD_STEM,
 _VENUE_SUFFIX, _VENUE_TRIM, _HIGHER_HOST, _SUBJECT_VERB) = map(_pattern, (
    "relayed", "reported_before", "reported_after", "item_end", "break", "abbreviation_end", "town", "town_list", "village",
    "bad_stem", "venue_suffix", "venue_trim", "higher_host", "subject_verb"))
_NO_EVENT, _HELD = _pattern("no_event"), _pattern("held")


@dataclass(frozen=True)
class _Context:
    """What every entry of one document shares: its city and the townships named in it."""

    gazetteer: Gazetteer
    city: AdminPlace | None
    towns: dict[str, AdminPlace]  # township name → its county, learned from 临泽县新华镇 elsewhere

    @functools.cached_property  # read at every gazetteer match; computed once per document
    def within(self) -> str | None:
        return code_prefix(self.city.code) if self.city else None


@dataclass(frozen=True)
class _Hit:
    """An administrative place found in an entry (a gazetteer division or a township/village)."""

    start: int
    end: int
    place: AdminPlace
    implicit: bool = False
    replaced_by_village: bool = False


@dataclass
class _Found:
    hits: list[_Hit] = field(default_factory=list)
    venues: list[tuple[int, int]] = field(default_factory=list)
    orgs: list[tuple[int, int]] = field(default_factory=list)
    elsewhere: bool = False  # the event is somewhere not named as a place (赴省委, 甘肃国际会展中心)

    def merge(self, other: _Found) -> None:
        self.hits += other.hits
        self.venues += other.venues
        self.orgs += other.orgs
        self.elsewhere = self.elsewhere or other.elsewhere


def locate_document(document: Document, entries: tuple[Entry, ...]) -> tuple[tuple[PlaceMention, ...], ...]:
    """The places of each entry of a document (see :func:`find_places`), in entry order."""
    return tuple(find_places(entry, document) for entry in entries)


def find_places(entry: Entry, document: Document) -> tuple[PlaceMention, ...]:
    """The places where the entry's event happens, plus the venues and organisations it names.

    Administrative places (kind ``admin``) are the divisions named after a location cue
    (在高台县, 赴桂滇, 深入临泽县新华镇宣威村, 在兰, 来我市), normalised to the gazetteer's full
    name; a township or village comes with its county, and a division is dropped when a place
    inside it is also named (广东省珠海市 → 珠海市). A place inside an organisation's name
    (兰州化学物理研究所) is not where the event is. When no place is named, the document's city
    is used unless the event is hosted above the city (省政府召开…) or happens elsewhere.

    >>> from kg.model import Document, Entry
    >>> text = "15日,全市推进移风易俗暨首批授牌活动在临泽县蓼泉镇湾子村举行。"
    >>> doc = Document("d", "d.txt", text, text, "", "utf-8", place=load_gazetteer().lookup("张掖市"))
    >>> entry = Entry("d", 1, 0, len(text), text, text, 1, lead_end=3)
    >>> [p.name for p in find_places(entry, doc) if p.kind == "admin"]
    ['临泽县', '湾子村']
    """
    context = _context(document)
    text = entry.simplified or entry.text
    found = _Found()
    _scan_cues(text, context, found)
    _subject_place(text, entry.lead_end, context, found)
    hits = _prune(found.hits, context.gazetteer)
    if (not hits and not found.elsewhere and context.city is not None and not _hosted_above(text, entry.lead_end)
            and not _no_event(text)):
        hits = [_Hit(0, 0, context.city, implicit=True)]
    found.orgs.extend(organisation_spans(text, found.orgs))
    return _mentions(entry, hits, found)


def place_hierarchy(place: AdminPlace) -> tuple[AdminPlace, ...]:
    """The gazetteer divisions containing ``place``, nearest first (a township's county first)."""
    gazetteer = load_gazetteer()
    if place.code:
        return gazetteer.ancestors(place)
    parent = gazetteer.get(place.parent_code or "")
    return (parent, *gazetteer.ancestors(parent)) if parent else ()


# -- document context ---------------------------------------------------------------------------


@memoized
def _context(document: Document) -> _Context:
    gazetteer = gazetteer_as_of(document.period.year if document.period else None)  # 1998's 阿城市
    city = document.place if document.place is not None and document.place.code else None
    return _Context(gazetteer, city, _learn_towns(document.simplified or document.text, gazetteer, city))


def _learn_towns(text: str, gazetteer: Gazetteer, city: AdminPlace | None) -> dict[str, AdminPlace]:
    """Townships written after their county anywhere in the document (肃南县皇城镇 → 皇城镇: 肃南县)."""
    towns: dict[str, AdminPlace] = {}
    within = code_prefix(city.code) if city else None
    for _, end, place in gazetteer.find(text, within=within):
        town = _township_at(text, end) if place.level == AdminLevel.COUNTY else None
        if town:
            towns.setdefault(town[2], place)
    return towns


def _township_at(text: str, pos: int) -> tuple[int, int, str] | None:
    match = _TOWN.match(text, pos)
    if match and not _BAD_STEM.search(match.group(1)) and not match.group(0).endswith("小镇"):
        return match.start(), match.end(), match.group(0)
    return None


def _village_at(text: str, pos: int) -> tuple[int, int, str] | None:
    match = _VILLAGE.match(text, pos)
    if match and not _BAD_STEM.search(match.group(1)):
        return match.start(), match.end(), match.group(0)
    return None


# -- location cues ------------------------------------------------------------------------------


def _scan_cues(text: str, context: _Context, found: _Found) -> None:
    done = 0
    for cue in _CUE.finditer(text):
        if cue.start() < done or not _is_cue(text, cue):
            continue
        local = _Found()
        done = _read_list(text, cue.end(), cue.group(), context, local)
        if not (_REPORTED_AFTER.match(text, done) or _REPORTED_BEFORE.search(text[max(0, cue.start() - 3):cue.start()])
                or any(span.start() < cue.start() < span.end() for span in _RELAYED.finditer(text))):
            found.merge(local)


def _is_cue(text: str, cue: re.Match) -> bool:
    word, start = cue.group(), cue.start()
    if word == "来" and text.startswith("自", cue.end()):
        return False
    return not (start > 0 and text[start - 1] in _NOT_CUE_AFTER.get(word, ()))


def _read_list(text: str, pos: int, cue: str, context: _Context, found: _Found) -> int:
    """Read the places and venues after a cue, separated by 、/和/及/以及; return where the list ends."""
    first = True
    while pos < len(text):
        venues = len(found.venues)
        end, named = _read_item(text, pos, cue if first else "、", context, found)
        if first and not named and cue in _LEAVING:
            found.elsewhere = True
        if end == pos or not (named or len(found.venues) > venues):
            return end
        first, pos = False, _skip_separator(text, end)
        if pos == end and not (named and _division_at(text, end, context)):
            return end
    return pos


def _division_at(text: str, pos: int, context: _Context) -> bool:
    """Whether a division's name starts at ``pos`` (青海宁夏: two places without a separator)."""
    return context.gazetteer.match(text, pos, within=context.within) is not None


def _skip_separator(text: str, pos: int) -> int:
    for sep in ("等地以及", "以及", "、", "及", "和"):
        if text.startswith(sep, pos):
            return pos + len(sep)
    return pos


def _read_item(text: str, pos: int, cue: str, context: _Context, found: _Found) -> tuple[int, bool]:
    """One list item: a township list, 我市, a chain of divisions, an abbreviation, or a venue."""
    for reader in (_read_town_list, _read_implicit_city, _read_division_chain, _read_foreign, _read_abbreviations,
                   _read_known_township, _read_township):
        end = reader(text, pos, cue, context, found)
        if end is not None:
            return end, True
    end = _item_end(text, pos)
    _add_venue(text, pos, end, found)
    return end, False


def _item_end(text: str, pos: int) -> int:
    match = _ITEM_END.search(text, pos)
    return match.start() if match else len(text)


def _add_venue(text: str, start: int, end: int, found: _Found) -> None:
    name = _VENUE_TRIM.sub("", text[start:end])
    if 3 <= len(name) <= 30 and _VENUE_SUFFIX.search(name) and not _IMPLICIT_CITY.match(name):
        found.venues.append((start, start + len(name)))


def _read_town_list(text, pos, cue, context, found) -> int | None:
    """天水、朝晖街道 → 天水街道, 朝晖街道 (their county, or else the city, comes with them)."""
    match = _TOWN_LIST.match(text, pos)
    if not match or any(part[-1] in "省市县区州旗盟" for part in match.group(1).split("、")):
        return None
    offset = pos
    for part in match.group(1).split("、"):
        _add_township(text, offset, offset + len(part), part + match.group(2), context, found)
        offset += len(part) + 1
    return match.end()


def _read_implicit_city(text, pos, cue, context, found) -> int | None:
    match = _IMPLICIT_CITY.match(text[pos:])
    if not match or context.city is None:
        return None
    found.hits.append(_Hit(pos, pos + match.end(), context.city, implicit=True))
    return pos + match.end()


def _read_division_chain(text, pos, cue, context, found) -> int | None:
    """广东省珠海市, 临泽县新华镇宣威村, 肃南皇城镇, 甘州区金沅福…园区 (a division, then what follows)."""
    gazetteer = context.gazetteer
    chain: list[_Hit] = []
    end = pos
    while True:
        # After a named province or city, its counties' short forms are safe (四川北川县陈家坝乡).
        within = chain[-1].place if chain else context.within
        match = gazetteer.match(text, end, within=within, any_county=cue in _TRAVEL and not chain)
        if match is None or (chain and not gazetteer.contains(chain[-1].place, match[1])):
            break
        if not (chain or _plausible(text, end, match, context)):
            break
        chain.append(_Hit(end, match[0], match[1]))
        end = match[0]
    if not chain:
        return None
    last = chain[-1].place
    subunits, end = _read_subunits(text, end, last) if last.level in (AdminLevel.COUNTY, AdminLevel.CITY) else ([], end)
    item_end = _item_end(text, end)
    if not subunits and not _BREAK.match(text[end:end + 8]) and not _division_at(text, end, context):
        return _name_after_division(text, chain, end, item_end, context, found)
    found.hits.extend(chain + subunits)
    if end < item_end:
        village = [h for h in subunits if h.place.level == AdminLevel.VILLAGE]
        _add_venue(text, village[0].start if village else end, item_end, found)
    return item_end


def _plausible(text: str, start: int, match: tuple[int, AdminPlace], context: _Context) -> bool:
    """A short form of a place outside the document's city must stand alone (沙河灌区 is no 沙河市)."""
    end, place = match
    if text[start:end] == place.name or context.city is None or context.gazetteer.contains(context.city, place):
        return True
    return place.level == AdminLevel.PROVINCE or bool(_BREAK.match(text[end:end + 8])) or _division_at(text, end, context)


def _is_capital_of(city: AdminPlace | None, province: AdminPlace) -> bool:
    """Whether ``city`` is the capital of ``province`` (its first city code, as 兰州 6201 of 甘肃 62)."""
    return city is not None and city.code[:4] == province.code[:2] + "01"


def _read_subunits(text: str, pos: int, county: AdminPlace) -> tuple[list[_Hit], int]:
    """A township and/or village written after their county (临泽县蓼泉镇湾子村); a village is looked
    up under its township when that is known, else under the county."""
    hits: list[_Hit] = []
    listed = load_townships().match(text, pos, county)  # 赫章县河镇乡, which the pattern cannot tell
    town = (pos, listed[0], text[pos:listed[0]]) if listed else _township_at(text, pos)
    parent = county
    if town:
        hits.append(_Hit(town[0], town[1], _township(town[2], county)))
        parent = hits[0].place if hits[0].place.code else county
        pos = town[1]
    village = _village_at(text, pos)
    if village:
        if hits:
            hits[0] = _Hit(hits[0].start, hits[0].end, hits[0].place, replaced_by_village=True)
        hits.append(_Hit(village[0], village[1], _township(village[2], parent, AdminLevel.VILLAGE)))
        pos = village[1]
    return hits, pos


def _name_after_division(text, chain, end, item_end, context, found) -> int:
    """A division followed by more name: an organisation (兰州化学物理研究所) or a venue (高台烈士陵园)."""
    last = chain[-1].place
    tail = text[end:item_end]
    start = chain[0].start
    in_city = context.city is not None and context.gazetteer.contains(context.city, last)
    suffix = ORGANISATION_SUFFIX.search(tail)
    if suffix and not in_city:
        found.orgs.append((start, end + suffix.end()))
        if last.level == AdminLevel.PROVINCE:  # 在甘肃省委党校: somewhere in the province, not a place we know
            found.elsewhere = True
        else:  # 前往兰州大学第二医院: the organisation is in that city or county
            found.hits.extend(chain)
    elif last.level == AdminLevel.PROVINCE or (not in_city and last.level == AdminLevel.CITY and context.city is not None
                                      and not _VENUE_SUFFIX.search(tail)):
        found.venues.append((start, item_end))  # 甘肃国际会展中心: in the province, but where?
        found.elsewhere = found.elsewhere or not _is_capital_of(context.city, last)
    else:
        found.hits.extend(chain)
        short = text[chain[-1].start:end] != last.name  # 高台烈士陵园 keeps 高台; 甘州区湿地… drops 甘州区
        _add_venue(text, chain[-1].start if short else end, item_end, found)
    return item_end


def _read_abbreviations(text, pos, cue, context, found) -> int | None:
    """在兰 → 兰州市, 来张 → the document's city, 赴桂滇 → 广西, 云南 (one character each)."""
    if cue not in _ABBREVIATION_CUES:
        return None
    hits, end = [], pos
    while end < len(text) and len(hits) < 3:
        place = context.gazetteer.abbreviation(text[end], near=context.city)
        if place is None:
            break
        hits.append(_Hit(end, end + 1, place, implicit=True))
        end += 1
        if _ABBREVIATION_END.match(text[end:end + 4]):
            found.hits.extend(hits)
            return end
    return None


def _read_township(text, pos, cue, context, found) -> int | None:
    """A township named without its county (到皇城镇, 在巷道镇东联村): its county if the document
    gives one elsewhere, else the document's own city (or county)."""
    town = _township_at(text, pos)
    county = context.towns.get(town[2]) or context.city if town else None
    if county is None:
        return None
    subunits, end = _read_subunits(text, pos, county)
    if not _BREAK.match(text[end:end + 8]):
        return None
    found.hits.append(_Hit(pos, pos, county, implicit=True))
    found.hits.extend(subunits)
    return end


def _add_township(text: str, start: int, end: int, name: str, context: _Context, found: _Found) -> None:
    county = context.towns.get(name) or context.city
    if county is None:
        return
    found.hits.append(_Hit(start, start, county, implicit=True))
    found.hits.append(_Hit(start, end, _township(name, county)))


def _township(name: str, parent: AdminPlace, level: AdminLevel = AdminLevel.TOWNSHIP) -> AdminPlace:
    return load_townships().place(name, parent, level)  # coded when the statistics bureau lists it


def _read_foreign(text, pos, cue, context, found) -> int | None:
    """A country or a city abroad (出访南非共和国, 赴日本, 在东京都), standing alone."""
    chain = load_foreign().chain(text, pos)  # 日本东京都: a city after its country
    if not chain or not _BREAK.match(text[chain[-1][1]:chain[-1][1] + 8]):
        return None
    found.hits.extend(_Hit(start, end, place) for start, end, place in chain)
    return chain[-1][1]


def _read_known_township(text, pos, cue, context, found) -> int | None:
    """A township of the document's own county written by its stem (在盛泽开幕 → 盛泽镇), or a
    village listed once in that county (到湾子村调研), standing alone."""
    if context.city is None or context.city.level != AdminLevel.COUNTY:
        return None
    match = load_townships().match(text, pos, context.city, stems=True)
    village = _village_at(text, pos) if match is None else None
    if village and (place := load_townships().village(village[2], context.city)) is not None:
        match = (village[1], place)
    if match is None or not _BREAK.match(text[match[0]:match[0] + 8]):
        return None
    found.hits += [_Hit(pos, pos, context.city, implicit=True), _Hit(pos, match[0], match[1])]
    return match[0]


# -- other rules --------------------------------------------------------------------------------


def _subject_place(text: str, start: int, context: _Context, found: _Found) -> None:
    """楚雄州召开… / 高台县举行…: a division opening the entry (at ``start``) and hosting the event."""
    match = context.gazetteer.match(text, start, within=context.within)
    if match and match[1].level in (AdminLevel.CITY, AdminLevel.COUNTY) and _SUBJECT_VERB.match(text, match[0]):
        found.hits.append(_Hit(start, match[0], match[1]))


def _no_event(text: str) -> bool:
    """被评为…, 授予…称号, 经…批准…破产, 水位达…: a result reported, not an event held somewhere,
    so the document's own unit is not its place (the annotation guide: no place for an award)."""
    return bool(_NO_EVENT.search(text)) and not _HELD.search(text)


def _hosted_above(text: str, start: int) -> bool:
    """省政府召开全省…会议: the city only takes part in a provincial or national event."""
    return bool(_HIGHER_HOST.match(text, start))


def _prune(hits: list[_Hit], gazetteer: Gazetteer) -> list[_Hit]:
    """One hit per place; drop divisions containing another named division, and towns with a village."""
    divisions = {h.place.code: h.place for h in hits if h.place.code and AdminLevel(h.place.level).rank <= 2}
    inner = {a.code for p in divisions.values() for a in gazetteer.ancestors(p)}
    inner |= {h.place.parent_code for h in hits if h.place.level == AdminLevel.LOCALITY}  # 日本东京都 → 东京都
    kept: dict[str, _Hit] = {}
    for hit in sorted(hits, key=lambda h: (h.implicit, h.start)):
        if hit.replaced_by_village or hit.place.code in inner:
            continue
        key = hit.place.code or hit.place.name
        kept.setdefault(key, hit)
    return sorted(kept.values(), key=lambda h: (h.start, AdminLevel(h.place.level).rank))


def _mentions(entry: Entry, hits: list[_Hit], found: _Found) -> tuple[PlaceMention, ...]:
    out = [PlaceMention(PlaceKind.ADMIN, h.place.name, entry.text[h.start:h.end], h.start, h.end,
                        h.place.code or None, h.implicit) for h in hits]
    out += _spans(entry, PlaceKind.VENUE, found.venues)
    out += _spans(entry, PlaceKind.ORG, found.orgs)
    return tuple(out)


def _spans(entry: Entry, kind: PlaceKind, spans: list[tuple[int, int]]) -> list[PlaceMention]:
    seen, out = set(), []
    for start, end in sorted(spans):
        name = entry.simplified[start:end]
        if name and name not in seen:
            seen.add(name)
            out.append(PlaceMention(kind, name, entry.text[start:end], start, end))
    return out
