"""Where an entry's event happens: administrative places, venues and organisations named in it."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from kg.divisions import gazetteer_as_of
from kg.foreign import load_foreign
from kg.gazetteer import Gazetteer, code_prefix, load_gazetteer
from kg.context import memoized
from kg.dates import ENTRY_MARKS
from kg.model import AdminPlace, Document, Entry, PlaceMention
from kg.townships import load_townships

__all__ = ["locate_document", "find_places", "place_hierarchy"]

_HAN = r"[\u4e00-\u9fff]"
# Words after which a place names where something happens (在高台县, 赴桂滇, 深入临泽县, 齐聚兰州 ...).
_CUE = re.compile("来到|前往|赶赴|奔赴|深入|走进|走入|莅临|齐聚|汇聚|抵达|考察了|位于|出访|在|于|到|赴|来|抵|驻|去")
_TRAVEL = {"赴", "赶赴", "奔赴", "前往", "深入", "走进", "走入", "莅临", "抵达", "出访"}  # a county's short form is safe here
_LEAVING = {"赴", "赶赴", "奔赴"}  # going somewhere not named as a place: the event is elsewhere
_ABBREVIATION_CUES = {"在", "来", "赴", "抵", "驻", "到", "莅临"}  # 在兰, 来张, 赴桂滇, 驻张部队
# Characters before a one-character cue that make it part of another word (正在, 以来, 受到, 关于).
_NOT_CUE_AFTER = {
    "在": set("正存现实所自"),
    "于": set("关对由属等鉴基终至过善便易处归勇敢利急忠用限源乐出长任记席员授士理"),
    "到": set("受得达做看提想感遇谈收报直迟找见听识及"),
    "来": set("以带未原起后从近本向将进回出过上下"),
    "去": set("过失除回上下进出死离前"),
}
# Someone else's trip (XX总书记在青海宁夏调研时): not the chronicle's event.
_REPORTED_BEFORE = re.compile(r"(?:总书记|总理|委员长)$")
# What is relayed or studied (传达…在徐州召开的…会议精神): its places are not the event's.
_RELAYED = re.compile(r"(?:传达|贯彻|学习)[^。；;]*?精神")
_REPORTED_AFTER = re.compile(r"[^，,。；;]{0,12}?(?:调研|考察|视察|检查|讲话|访问|工作|参观)时(?:的|所作|发表)")
# Words that end the place or venue a cue introduces.
_VERBS = ("举行|召开|举办|开幕|闭幕|开班|开赛|开街|开工|开展|开馆|调研|考察|检查|视察|察看|查看|看望|慰问|督查|督导|"
          "指导|巡馆|巡视|参加|出席|参观|走访|拜访|会见|签约|签署|洽谈|座谈|对接|学习|培训|主持|进行|隆重|盛大|"
          "正式|成功|圆满|期间|凭吊|缅怀|参与|实地|现场办公|带案|上空|为期|共同|专题|督促|推进|举措|召集|宣讲")
_ITEM_END = re.compile(rf"[，,。；;：:！!？?（(“”\"、]|以及|及|和|等地|等处|一线|{_VERBS}")
# What may follow a place without making it part of a longer name (兰州与…, 兰州举行, 甘州区、…).
_BREAK = re.compile(rf"^(?:[，,。；;：:！!？?（(“”\"、\s]|与|同|和|及|就|的|时|等|市委|市政府|召|举|开|{_VERBS}|$)")
# What may follow a one-character abbreviation (在兰举行, 来张开展, 驻张部队, 赴桂滇考察).
_ABBREVIATION_END = re.compile(rf"^(?:[，,。；;：:！!？?、]|期间|部队|单位|企业|投资|工作|汇报|访问|招商|推介|开会|参会|"
                               rf"办理|后|时|{_VERBS})")
_IMPLICIT_CITY = re.compile(r"^(?:我市|本市|全市|我州|本州|全州|我盟|本盟|我地区|我县|本县|全县)")
_TOWN = re.compile(rf"({_HAN}{{2,7}}?)(街道|镇|乡)(?![镇村])")
_TOWN_LIST = re.compile(rf"((?:{_HAN}{{2,3}}、)+{_HAN}{{2,3}})(街道|镇|乡)")
_VILLAGE = re.compile(rf"({_HAN}{{2,4}}?)村(?![寨庄民委级镇部干组落务])")
_BAD_STEM = re.compile(rf"[省市县区州乡镇村、]|乡村|城乡|城镇|农村|特色|美丽|和美|示范|新农|全|各|有关|相关|{_VERBS}")
_ORG_SUFFIX = re.compile(
    r"(?:有限责任公司|股份有限公司|有限公司|公司|集团|商会|协会|学会|联合会|促进会|研究所|研究院|科学院|工程院|大学|"
    r"学院|学校|医院|银行|委员会|领导小组|工作组|督查组|考评组|调研组|代表团|人民政府|政府|法院|检察院|总工会|工会|"
    r"党组|友协|常委会|厅|局|委)")
_VENUE_SUFFIX = re.compile(
    r"(?:中心|广场|宾馆|饭店|酒店|大厦|礼堂|会堂|会议室|展馆|分馆|场馆|体育馆|博物馆|纪念馆|图书馆|剧院|公园|陵园|"
    r"景区|园区|产业园|示范园|基地|工程|项目|电站|工厂|新工厂|厂|小区|街|路|公路|高速|服务区|社区|学院|大学|学校|"
    r"党校|招待所|苑|园|林场|花海|市场|小镇|村寨|示范段|安置区|加工园|安置)$")
_VENUE_TRIM = re.compile(r"(?:建设项目|项目建设现场|建设现场|整治现场|施工现场|现场|等地|等处|一带)$")
_HIGHER_HOST = re.compile(r"(?:省委|省政府|省人大|省政协|中共中央|国务院|全国人大|全国政协|中央)[^。]*?(?:召开|举行|举办)")
_SUBJECT_VERB = re.compile(r"(?:召开|举行|举办|启动)")
_RANK = {"province": 0, "city": 1, "county": 2, "township": 3, "village": 4}


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
    if not hits and not found.elsewhere and context.city is not None and not _hosted_above(text, entry.lead_end):
        hits = [_Hit(0, 0, context.city, implicit=True)]
    _scan_orgs(text, found)
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
        town = _township_at(text, end) if place.level == "county" else None
        if town:
            towns.setdefault(town[2], place)
    return towns


def _township_at(text: str, pos: int) -> tuple[int, int, str] | None:
    match = _TOWN.match(text, pos)
    if match and not _BAD_STEM.search(match.group(1)) and not match.group(0).endswith("小镇"):
        return match.start(), match.end(), match.group(0)
    return None


def _listed_township_at(text: str, pos: int, county: AdminPlace) -> tuple[int, int, str] | None:
    """A township the statistics bureau lists in ``county``, as written after it (赫章县河镇乡:
    河镇彝族苗族乡), even where the pattern of :func:`_township_at` cannot tell it (a stem with 镇)."""
    towns = load_townships()
    for size in range(9, 2, -1):
        word = text[pos:pos + size]
        if len(word) == size and word[-1] in "乡镇道木" and towns.township(word, county) is not None:
            return pos, pos + size, word
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
    subunits, end = _read_subunits(text, end, last) if last.level in ("county", "city") else ([], end)
    item_end = _item_end(text, end)
    if not subunits and not _BREAK.match(text[end:end + 8]) and not _division_at(text, end, context):
        return _name_after_division(text, chain, end, item_end, context, found)
    found.hits.extend(chain + subunits)
    if end < item_end:
        village = [h for h in subunits if h.place.level == "village"]
        _add_venue(text, village[0].start if village else end, item_end, found)
    return item_end


def _plausible(text: str, start: int, match: tuple[int, AdminPlace], context: _Context) -> bool:
    """A short form of a place outside the document's city must stand alone (沙河灌区 is no 沙河市)."""
    end, place = match
    if text[start:end] == place.name or context.city is None or context.gazetteer.contains(context.city, place):
        return True
    return place.level == "province" or bool(_BREAK.match(text[end:end + 8])) or _division_at(text, end, context)


def _is_capital_of(city: AdminPlace | None, province: AdminPlace) -> bool:
    """Whether ``city`` is the capital of ``province`` (its first city code, as 兰州 6201 of 甘肃 62)."""
    return city is not None and city.code[:4] == province.code[:2] + "01"


def _read_subunits(text: str, pos: int, county: AdminPlace) -> tuple[list[_Hit], int]:
    """A township and/or village written after their county (临泽县蓼泉镇湾子村); a village is looked
    up under its township when that is known, else under the county."""
    hits: list[_Hit] = []
    town = _listed_township_at(text, pos, county) or _township_at(text, pos)
    parent = county
    if town:
        hits.append(_Hit(town[0], town[1], _township(town[2], county)))
        parent = hits[0].place if hits[0].place.code else county
        pos = town[1]
    village = _village_at(text, pos)
    if village:
        if hits:
            hits[0] = _Hit(hits[0].start, hits[0].end, hits[0].place, replaced_by_village=True)
        hits.append(_Hit(village[0], village[1], _township(village[2], parent, "village")))
        pos = village[1]
    return hits, pos


def _name_after_division(text, chain, end, item_end, context, found) -> int:
    """A division followed by more name: an organisation (兰州化学物理研究所) or a venue (高台烈士陵园)."""
    last = chain[-1].place
    tail = text[end:item_end]
    start = chain[0].start
    in_city = context.city is not None and context.gazetteer.contains(context.city, last)
    suffix = _ORG_SUFFIX.search(tail)
    if suffix and not in_city:
        found.orgs.append((start, end + suffix.end()))
        if last.level == "province":  # 在甘肃省委党校: somewhere in the province, not a place we know
            found.elsewhere = True
        else:  # 前往兰州大学第二医院: the organisation is in that city or county
            found.hits.extend(chain)
    elif last.level == "province" or (not in_city and last.level == "city" and context.city is not None
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


def _township(name: str, parent: AdminPlace, level: str = "township") -> AdminPlace:
    """The township or village of this name under ``parent`` with its code when the statistics
    bureau knows it there; else (an abolished commune, a name not listed) its name and parent."""
    if parent.code:
        towns = load_townships()
        known = towns.township(name, parent) if level == "township" else towns.village(name, parent)
        if known is not None:
            return known
    return AdminPlace(code="", name=name, level=level, parent_code=parent.code)


def _read_foreign(text, pos, cue, context, found) -> int | None:
    """A country or a city abroad (出访南非共和国, 赴日本, 在东京都), standing alone."""
    match = load_foreign().match(text, pos)
    if match is None or not _BREAK.match(text[match[0]:match[0] + 8]):
        return None
    found.hits.append(_Hit(pos, match[0], match[1]))
    return match[0]


def _read_known_township(text, pos, cue, context, found) -> int | None:
    """A township of the document's own unit written by its stem (在盛泽开幕 → 盛泽镇), standing alone."""
    if context.city is None or context.city.level != "county":
        return None
    for size in (4, 3, 2):
        stem = text[pos:pos + size]
        place = load_townships().township(stem, context.city) if len(stem) == size else None
        if place is not None and stem != place.name and _BREAK.match(text[pos + size:pos + size + 8]):
            found.hits.append(_Hit(pos, pos, context.city, implicit=True))
            found.hits.append(_Hit(pos, pos + size, place))
            return pos + size
    return None


# -- other rules --------------------------------------------------------------------------------


def _subject_place(text: str, start: int, context: _Context, found: _Found) -> None:
    """楚雄州召开… / 高台县举行…: a division opening the entry (at ``start``) and hosting the event."""
    match = context.gazetteer.match(text, start, within=context.within)
    if match and match[1].level in ("city", "county") and _SUBJECT_VERB.match(text, match[0]):
        found.hits.append(_Hit(start, match[0], match[1]))


def _hosted_above(text: str, start: int) -> bool:
    """省政府召开全省…会议: the city only takes part in a provincial or national event."""
    return bool(_HIGHER_HOST.match(text, start))


def _prune(hits: list[_Hit], gazetteer: Gazetteer) -> list[_Hit]:
    """One hit per place; drop divisions containing another named division, and towns with a village."""
    divisions = {h.place.code: h.place for h in hits if h.place.code and _RANK.get(h.place.level, 5) <= 2}
    inner = {a.code for p in divisions.values() for a in gazetteer.ancestors(p)}
    kept: dict[str, _Hit] = {}
    for hit in sorted(hits, key=lambda h: (h.implicit, h.start)):
        if hit.replaced_by_village or hit.place.code in inner:
            continue
        key = hit.place.code or hit.place.name
        kept.setdefault(key, hit)
    return sorted(kept.values(), key=lambda h: (h.start, _RANK.get(h.place.level, 5)))


def _scan_orgs(text: str, found: _Found) -> None:
    """Organisations: a name ending in …公司/…商会/…研究所/…厅, extended left to a boundary or verb."""
    taken = [range(s, e) for s, e in found.orgs]
    for match in _ORG_SUFFIX.finditer(text):
        start = _org_start(text, match.start())
        name = text[start:match.end()]
        if (len(name) < 4 or _BAD_ORG.search(name) or not _org_ends(text, match.end())
                or any(start in r or match.end() - 1 in r for r in taken)):
            continue
        found.orgs.append((start, match.end()))
        taken.append(range(start, match.end()))


def _org_start(text: str, end: int) -> int:
    """Where an organisation's name ending at ``end`` begins: after punctuation or a verb such as 会见."""
    start = end
    while start > 0 and end - start < 24 and text[start - 1] not in _ORG_BOUNDARY and not text[start - 1].isspace():
        if text.endswith(_ORG_BEFORE, 0, start):
            break
        start -= 1
    return start


def _org_ends(text: str, end: int) -> bool:
    """An organisation's name ends at a boundary, a title (…公司党委书记) or a verb (…集团举行)."""
    return end >= len(text) or text[end] in _ORG_BOUNDARY or text[end].isspace() or bool(_ORG_FOLLOW.match(text, end))


_ORG_BOUNDARY = set("，,。；;、：:“”‘’《》（）()[]【】—" + ENTRY_MARKS)
# Words right before an organisation's name (a tuple for str.endswith, which is faster than a regex).
_ORG_BEFORE = ("会见", "与", "和", "及", "由", "同", "邀请", "到", "赴", "在", "前往", "来到", "深入", "走进", "代表", "率",
               "带领", "率领", "参加", "出席", "主持", "召开", "举行", "调任", "担任", "支持", "聚焦", "等", "了", "的", "为",
               "一行", "分别", "以及")
# What may follow an organisation's name: a title, a role in the event, or a verb.
_ORG_FOLLOW = re.compile(r"党委|党组|书记|副|主任|董事长|总经理|总裁|院长|校长|所长|局长|厅长|司长|处长|部长|会长|主席|"
                         r"秘书长|研究员|教授|院士|专家|负责|领导|代表|一级|二级|首席|常务|执行|成员|干部|工作人员|"
                         r"共同|联合|主办|承办|牵头|举办|召开|举行|在|与|和|及|等|相关|有关|签订|签署|举办|组织|"
                         r"第|会议|全体|成立|一行|考察|调研|督查|来")
_BAD_ORG = re.compile(r"书记|市长|县长|州长|主任|主席|部长|厅长|局长|会长|董事长|总经理|主持|出席|召开|举行|会议|"
                      r"讲话|参加|调研|我市|全市|传达|学习|研究|安排|一行|率领|带领|受|委托|任命|提名|提命|[0-9]+[日月家个名位]|"
                      r"^[全各]|常委$")


def _mentions(entry: Entry, hits: list[_Hit], found: _Found) -> tuple[PlaceMention, ...]:
    out = [PlaceMention("admin", h.place.name, entry.text[h.start:h.end], h.start, h.end,
                        h.place.code or None, h.implicit) for h in hits]
    out += _spans(entry, "venue", found.venues)
    out += _spans(entry, "org", found.orgs)
    return tuple(out)


def _spans(entry: Entry, kind: str, spans: list[tuple[int, int]]) -> list[PlaceMention]:
    seen, out = set(), []
    for start, end in sorted(spans):
        name = entry.simplified[start:end]
        if name and name not in seen:
            seen.add(name)
            out.append(PlaceMention(kind, name, entry.text[start:end], start, end))
    return out
