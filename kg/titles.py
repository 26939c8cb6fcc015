"""Titles before a name, read once: the posts a title names and the organisations they are in.

A chronicle writes a person's posts in front of the name (``市委副书记、市长王建国``). This is the
one parser of those titles: resolve asks it which organisations a title ties a person to (to
tell two people of one name apart), the graph builder which posts it names (``org:Post``). Both
read a single title the same way: the longest post head at its end (主席), the modifiers before
the head taken off the organisation (党组, 副, 代理…), so ``甘肃省文联代理主席`` is a post in
``甘肃省文联`` for both. The word lists live in ``kg/rules/titles.toml``.

Titles are expected in Simplified characters; callers convert first.

>>> posts("市委副书记、市长")
(Post(label='市委副书记', organization='市委'), Post(label='市长', organization='市人民政府'))
>>> affiliations("甘肃省文联代理主席") == affiliations("甘肃省文联主席") == frozenset({"甘肃省文联"})
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg import rules
from kg.context import memoized
from kg.lexicon import title_words
from kg.model import AdminPlace

__all__ = [
    "LOCAL",
    "Post",
    "split_title",
    "post_head",
    "written_organization",
    "posts",
    "affiliation",
    "affiliations",
    "same_organisation",
    "organization_label",
    "bound_title",
    "canonical_organization",
    "names_one_organization",
]

#: The affiliation of the document place's own leadership (市委, 市政府, 市人大, 市政协…).
LOCAL = "local"

_RULES = "titles"


@dataclass(frozen=True, order=True)
class Post:
    """A post read from a title: its label (市委副书记) and the organisation it is in, if named or implied."""

    label: str
    organization: str | None = None  # as written in the title: 市委, 省交通运输厅, 河西学院

    @property
    def head(self) -> str | None:
        """The post word the title ends with (书记 of 市委副书记)."""
        return post_head(self.label)

    @property
    def role(self) -> str:
        """The post without the organisation written before it: what two holders of the same post
        in different organisations share (副书记 of 市委副书记, 党组书记 of 省交通运输厅党组书记).

        >>> [p.role for p in posts("市委副书记、市长")], posts("省交通运输厅党组书记")[0].role
        (['副书记', '市长'], '党组书记')
        """
        head = self.head
        return self.label[len(written_organization(self.label, head)):] if head else self.label


@lru_cache(maxsize=1)
def _heads() -> tuple[str, ...]:
    return tuple(sorted(rules.words(_RULES, "post_heads"), key=len, reverse=True))


@lru_cache(maxsize=1)
def _implied() -> dict[str, str]:
    return dict(rules.value(_RULES, "implied_organizations"))


def _local_affiliation() -> re.Pattern[str]:
    return rules.pattern(_RULES, "local_affiliation")


def bound_title(title: str | None) -> str:
    """The title that stands directly before a name: the words of the sentence before it cut off.

    A title is never a count, a phrase joining other people (106家企业负责人和…) or a venue
    (市政府招待所与…): it starts after the last conjunction whose left side ends in a title word,
    a venue word or a count, and after a count at its start. A conjunction inside an
    organisation's name (职业教育与成人教育司) is kept.

    >>> bound_title("106家企业负责人和陇商联合会会长"), bound_title("市政府招待所与省广电网络公司董事长")
    ('陇商联合会会长', '省广电网络公司董事长')
    >>> bound_title("教育部职业教育与成人教育司副司长")
    '教育部职业教育与成人教育司副司长'
    """
    title = (title or "").strip()
    count = rules.pattern(_RULES, "count")
    ends = (*title_words(), *rules.words(_RULES, "venue_endings"), *_heads())
    for conjunction in rules.words(_RULES, "conjunctions"):
        at = title.rfind(conjunction)
        while at > 0:
            left = title[:at]
            if left.endswith(ends) or count.search(left):
                title = title[at + len(conjunction):]
                break
            at = title.rfind(conjunction, 0, at)
    counted = list(count.finditer(title))
    return title[counted[-1].end():] if counted else title


def split_title(title: str | None) -> tuple[str, ...]:
    """The single titles of a compound title (split on 、, ， and 兼), bounded (:func:`bound_title`).

    >>> split_title("市委副书记、市长"), split_title("副会长兼秘书长")
    (('市委副书记', '市长'), ('副会长', '秘书长'))
    """
    pieces = rules.pattern(_RULES, "separators").split(bound_title(title))
    return tuple(p.strip() for p in pieces if p.strip())


def post_head(title: str) -> str | None:
    """The post word a single title ends with (the longest), or None if it names no post.

    >>> post_head("省交通运输厅党组书记"), post_head("中国投资协会秘书长"), post_head("著名画家")
    ('书记', '秘书长', None)
    """
    return next((h for h in _heads() if title.endswith(h)), None)


def written_organization(title: str, head: str) -> str:
    """What a single title writes before its post head, modifiers (党组, 副, 代理…) taken off.

    >>> written_organization("甘肃省文联代理主席", "主席"), written_organization("常务副市长", "市长")
    ('甘肃省文联', '')
    """
    org = title[: -len(head)] if head else title
    modifiers = rules.words(_RULES, "modifiers")
    changed = True
    while changed:
        changed = False
        for modifier in modifiers:
            if org.endswith(modifier):
                org, changed = org[: -len(modifier)], True
                break
    return org


@memoized
def posts(title: str | None) -> tuple[Post, ...]:
    """The posts a title names, each with the organisation written or implied.

    A single title without an organisation of its own takes the one before it
    (市政协党组书记、主席 → 主席 of 市政协); 市长, 副州长… imply the people's government.
    Former posts (原…) and collective words (市领导) name none; a department written short
    (组织部长) is completed with the organisation before it.

    >>> posts("省委常委、组织部长")[1]
    Post(label='组织部长', organization='省委组织部')

    >>> posts("中国联合工程有限公司党委书记、董事长")[1]
    Post(label='董事长', organization='中国联合工程有限公司')
    >>> posts("市领导"), posts("十堰著名画家"), posts(None)
    ((), (), ())
    """
    found, previous = [], None
    former, not_posts = rules.words(_RULES, "former"), rules.words(_RULES, "not_posts")
    for piece in split_title(title):
        head = post_head(piece)
        if head is None or piece.startswith(former) or piece.endswith(not_posts):
            continue
        org = _department(written_organization(piece, head), head, previous) or _implied().get(head) or previous
        found.append(Post(piece, org or None))
        previous = org or previous
    return tuple(found)


def _department(org: str, head: str | None, previous: str | None) -> str:
    """A department written short, completed: 组织部长 after 省委常委 is a post in 省委组织部.

    >>> _department("组织", "部长", "省委"), _department("宣传部", "部长", LOCAL), _department("外交", "部长", None)
    ('省委组织部', 'local', '外交部')
    """
    suffix = rules.value(_RULES, "abbreviated_heads").get(head or "")
    if org and suffix and not org.endswith(suffix):
        org += suffix
    if (org and previous and len(org) <= 3 and org[0] not in rules.value(_RULES, "local_prefixes")
            and org.endswith(rules.words(_RULES, "department_endings"))):
        return LOCAL if previous == LOCAL else previous + org
    return org


def affiliation(title: str) -> str:
    """The organisation a single title ties a person to: :data:`LOCAL` for the document place's
    own leadership, "" for a bare post that names no organisation (董事长), the whole title when
    it ends in no title word (it is then all the text says about the person).

    The title is read as :func:`posts` reads it; a title that names no post but ends in another
    word of a title (著名画家, 公司创始人) ties the person to what stands before that word.

    >>> affiliation("省交通运输厅副厅长"), affiliation("市委副书记"), affiliation("副市长")
    ('省交通运输厅', 'local', 'local')
    >>> affiliation("中国爱国拥军促进会常务副会长"), affiliation("董事长")
    ('中国爱国拥军促进会', '')
    """
    title = bound_title(title)
    local = _local_affiliation()
    if title in rules.words(_RULES, "collective") or local.match(title):
        return LOCAL
    head = post_head(title) or next((w for w in title_words() if title.endswith(w)), None)
    if head is None:
        return title
    org = written_organization(title, head)
    if not org and local.match(head):
        return LOCAL
    return org


@memoized
def affiliations(title: str) -> frozenset[str]:
    """The organisations a compound title ties a person to; a single title naming none takes
    the one before it (党组书记、主席).

    >>> sorted(affiliations("省交通运输厅党组书记、厅长")), sorted(affiliations("市委副书记、市长"))
    (['省交通运输厅'], ['local'])
    """
    orgs: list[str] = []
    for piece in split_title(title):
        org = affiliation(piece)
        if org and org != LOCAL:
            org = _department(org, post_head(piece), orgs[-1] if orgs else None)
        orgs.append(org or (orgs[-1] if orgs else ""))
    return frozenset(o for o in orgs if o)


def same_organisation(a: str, b: str) -> bool:
    """Whether two written forms can name one organisation: one is an abbreviation of the
    other (省教育厅 / 甘肃省教育厅, 教育部职成司 / 教育部职业教育与成人教育司).

    >>> same_organisation("教育部职成司", "教育部职业教育与成人教育司")
    True
    >>> same_organisation("中国爱国拥军促进会", "省交通运输厅")
    False
    """
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) < 2 or short[-1] != long_[-1]:
        return False
    chars = iter(long_)
    return all(c in chars for c in short)


def organization_label(name: str | None, place: AdminPlace | None, province: AdminPlace | None) -> str | None:
    """An organisation's name made unambiguous with the document's place or its province;
    None if it cannot be (县委 in a city's chronicle) or names several (甘肃3省教育厅).

    >>> zhangye = AdminPlace("620700000000", "张掖市", "city", "620000000000")
    >>> gansu = AdminPlace("620000000000", "甘肃省", "province")
    >>> [organization_label(n, zhangye, gansu) for n in ("市委", "省交通运输厅", "河西学院", "县委", "人大常委会")]
    ['张掖市委', '甘肃省交通运输厅', '河西学院', None, '张掖市人大常委会']
    >>> organization_label("甘肃3省教育厅", zhangye, gansu) is None  # several organisations
    True
    """
    if not name or rules.pattern(_RULES, "not_one_organization").search(name):
        return None
    if name.startswith(rules.words(_RULES, "local_bodies")):
        return place.name + name if place is not None else None
    first, provincial = name[0], rules.value(_RULES, "province_prefix")
    if first not in rules.value(_RULES, "local_prefixes") or len(name) < 2:
        return name
    if first == provincial:
        return province.name + name[1:] if province is not None and province.name.endswith(provincial) else None
    if place is not None and place.name.endswith(first):
        return place.name + name[1:]
    return None


@lru_cache(maxsize=1)
def _canonical_forms() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(rest), full) for rest, full in rules.value(_RULES, "canonical_forms").items())


def _full_name(label: str) -> str:
    """A place's own organisation written in full (张掖市委 → 中共张掖市委员会), else the label.

    The place is the name up to a unit word (省, 市, 州, 县, 区…), the shortest that leaves a
    known form after it (西宁市城中区委: 西宁市城中区 and 委).
    """
    units = rules.value(_RULES, "local_prefixes")
    start = 2 if label.startswith("中共") else 0
    for end in range(start + 2, min(len(label), start + 9)):
        place, rest = label[start:end], label[end:]
        if "会" in place:  # 中国人民政治协商会议…: already a full name
            break
        if place[-1] not in units:
            continue
        for form, full in _canonical_forms():
            match = form.fullmatch(rest)
            if match:
                return match.expand(full.replace("{place}", place))
    return label


@memoized
def canonical_organization(name: str | None, place: AdminPlace | None = None,
                           province: AdminPlace | None = None) -> str | None:
    """An organisation's full name: expanded with the document's place (:func:`organization_label`),
    then the party committee, government, congress and CPPCC of a place written in full.

    >>> zhangye = AdminPlace("620700000000", "张掖市", "city", "620000000000")
    >>> gansu = AdminPlace("620000000000", "甘肃省", "province")
    >>> [canonical_organization(n, zhangye, gansu) for n in ("市委", "市政府", "省委组织部", "市政协", "省教育厅")]
    ['中共张掖市委员会', '张掖市人民政府', '中共甘肃省委组织部', '中国人民政治协商会议张掖市委员会', '甘肃省教育厅']
    >>> canonical_organization("中共张掖市委员会"), canonical_organization("县委", zhangye, gansu)
    ('中共张掖市委员会', None)
    """
    label = organization_label(name, place, province)
    if label is None:
        return None
    return rules.value(_RULES, "full_names").get(label) or _full_name(label)


def names_one_organization(name: str) -> bool:
    """Whether a written organisation names one organisation (甘肃3省教育厅 names three).

    >>> names_one_organization("甘肃省教育厅"), names_one_organization("甘肃3省教育厅")
    (True, False)
    """
    return bool(name) and not rules.pattern(_RULES, "not_one_organization").search(name)
