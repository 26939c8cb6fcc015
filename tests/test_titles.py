"""The one title parser: posts and organisations read from the titles written before names."""

from __future__ import annotations

import pytest

from kg import rules
from kg.gazetteer import load_gazetteer
from kg.titles import (LOCAL, Post, affiliation, affiliations, bound_title, canonical_organization, organization_label,
                       posts, same_organisation, split_title)


@pytest.mark.parametrize("title, expected", [
    ("市委副书记、市长", (Post("市委副书记", "市委"), Post("市长", "市人民政府"))),
    ("省交通运输厅党组书记、厅长", (Post("省交通运输厅党组书记", "省交通运输厅"), Post("厅长", "省交通运输厅"))),
    ("市政协党组书记、主席", (Post("市政协党组书记", "市政协"), Post("主席", "市政协"))),
    ("州委常委、常务副州长", (Post("州委常委", "州委"), Post("常务副州长", "州人民政府"))),
    ("中国投资协会能源投资专委会副会长兼秘书长",
     (Post("中国投资协会能源投资专委会副会长", "中国投资协会能源投资专委会"), Post("秘书长", "中国投资协会能源投资专委会"))),
    ("宏泽海槿首席专家、原中国国际经济技术促进会副理事长", (Post("宏泽海槿首席专家", "宏泽海槿"),)),
    ("甘肃省文联代理主席", (Post("甘肃省文联代理主席", "甘肃省文联"),)),
    ("代市长", (Post("代市长", "市人民政府"),)),
    ("市领导", ()),
    ("十堰著名画家", ()),
    (None, ()),
])
def test_titles_posts(title, expected):
    assert posts(title) == expected


def test_titles_split_title():
    assert split_title("省委常委、襄阳市委书记") == ("省委常委", "襄阳市委书记")
    assert split_title("副会长兼秘书长；理事") == ("副会长", "秘书长", "理事")


@pytest.mark.parametrize("title, expected", [
    ("省交通运输厅副厅长", "省交通运输厅"),
    ("市委副书记", LOCAL),
    ("副市长", LOCAL),
    ("代市长", LOCAL),
    ("州委常委", LOCAL),
    ("市领导", LOCAL),
    ("中国爱国拥军促进会常务副会长", "中国爱国拥军促进会"),
    ("省卫生健康委党组成员", "省卫生健康委"),
    ("宏泽海槿氢能源科技有限公司创始人", "宏泽海槿氢能源科技有限公司"),
    ("董事长", ""),
])
def test_titles_affiliation(title, expected):
    assert affiliation(title) == expected


def test_titles_acting_post_is_in_the_same_organisation_as_the_post():
    """Issue 9: resolve read 甘肃省文联代理主席 as organisation 甘肃省文联代理, the writer as 甘肃省文联."""
    acting, full = affiliations("甘肃省文联代理主席"), affiliations("甘肃省文联主席")
    assert acting == full == frozenset({"甘肃省文联"})
    assert {p.organization for p in posts("甘肃省文联代理主席")} == acting


def test_titles_resolve_and_writer_read_every_title_alike():
    """For each single title naming a post, resolve's organisation is the post's, or the local leadership."""
    for title in ("省交通运输厅副厅长", "甘肃省文联代理主席", "中国联合工程有限公司董事长", "新中友协主席",
                  "教育部职成司院校处处长", "特变电工股份有限公司党委委员", "市政协副主席"):
        [post] = posts(title)
        assert affiliation(title) in (post.organization, LOCAL), title


def test_titles_compound_title_takes_the_organisation_before_it():
    assert affiliations("省交通运输厅党组书记、厅长") == frozenset({"省交通运输厅"})
    assert affiliations("中国联合工程有限公司党委书记、董事长") == frozenset({"中国联合工程有限公司"})


@pytest.mark.parametrize("a, b, same", [
    ("省教育厅", "甘肃省教育厅", True),
    ("中国联合工程公司", "中国联合工程有限公司", True),
    ("教育部职成司", "教育部职业教育与成人教育司", True),
    ("中国爱国拥军促进会", "省交通运输厅", False),
    ("省委", "省政府", False),
])
def test_titles_same_organisation(a, b, same):
    assert same_organisation(a, b) is same


@pytest.mark.parametrize("name, city, expected", [
    ("市委", "张掖市", "张掖市委"),
    ("省交通运输厅", "张掖市", "甘肃省交通运输厅"),
    ("州委", "楚雄彝族自治州", "楚雄彝族自治州委"),
    ("市委", "楚雄彝族自治州", None),
    ("县委", "张掖市", None),
    ("襄阳市委", "十堰市", "襄阳市委"),
    ("全国政协", "杭州市", "全国政协"),
])
def test_titles_organization_label(name, city, expected):
    gaz = load_gazetteer()
    place = gaz.lookup(city)
    assert organization_label(name, place, gaz.province_of(place)) == expected


def test_titles_rules_have_no_duplicates():
    for key in ("post_heads", "modifiers", "former", "not_posts", "collective"):
        words = rules.words("titles", key)
        assert len(words) == len(set(words)), key
    assert rules.value("titles", "implied_organizations")["市长"] == "市人民政府"


@pytest.mark.parametrize("title, roles", [
    ("市委副书记、市长", ["副书记", "市长"]),
    ("省交通运输厅党组书记、厅长", ["党组书记", "厅长"]),
    ("甘肃省文联代理主席", ["代理主席"]),
    ("中国投资协会能源投资专委会副会长兼秘书长", ["副会长", "秘书长"]),
])
def test_titles_post_role_is_the_post_without_its_organisation(title, roles):
    """What issue 12's org:Role needs: the same role in two organisations is one word."""
    assert [p.role for p in posts(title)] == roles


@pytest.mark.parametrize("title, expected", [
    ("106家企业负责人和陇商联合会会长", "陇商联合会会长"),  # a count and other people before 和
    ("市政府招待所与省广播电视信息网络股份有限公司董事长", "省广播电视信息网络股份有限公司董事长"),  # a venue before 与
    ("教育部职业教育与成人教育司副司长", "教育部职业教育与成人教育司副司长"),  # 与 inside the name
    ("国务院扶贫办国际合作和社会扶贫司副司长", "国务院扶贫办国际合作和社会扶贫司副司长"),
    ("摩洛哥青年和体育大臣", "摩洛哥青年和体育大臣"),
    ("市委副书记、市长", "市委副书记、市长"),
])
def test_titles_bound_title(title, expected):
    """Issue 12: a title is what stands directly before the name."""
    assert bound_title(title) == expected


@pytest.mark.parametrize("title, expected", [
    ("省委常委、组织部长", (Post("省委常委", "省委"), Post("组织部长", "省委组织部"))),
    ("市委常委、宣传部部长", (Post("市委常委", "市委"), Post("宣传部部长", "市委宣传部"))),
    ("外交部国际经济司副司级参赞", (Post("外交部国际经济司副司级参赞", "外交部国际经济司"),)),
    ("摩洛哥青年和体育大臣", (Post("摩洛哥青年和体育大臣", "摩洛哥青年和体育部"),)),
    ("106家企业负责人和陇商联合会会长", (Post("陇商联合会会长", "陇商联合会"),)),
])
def test_titles_posts_of_issue_12(title, expected):
    assert posts(title) == expected


@pytest.mark.parametrize("name, city, expected", [
    ("市委", "张掖市", "中共张掖市委员会"),
    ("张掖市委", None, "中共张掖市委员会"),
    ("市政府", "张掖市", "张掖市人民政府"),
    ("市人民政府", "张掖市", "张掖市人民政府"),
    ("省教育厅", "张掖市", "甘肃省教育厅"),
    ("省委组织部", "张掖市", "中共甘肃省委组织部"),
    ("市政协", "杭州市", "中国人民政治协商会议杭州市委员会"),
    ("州人大常委会", "楚雄彝族自治州", "楚雄彝族自治州人民代表大会常务委员会"),
    ("人大常委会", "张掖市", "张掖市人民代表大会常务委员会"),  # whose? the document place's
    ("襄阳市委", "十堰市", "中共襄阳市委员会"),
    ("全国政协", "杭州市", "中国人民政治协商会议全国委员会"),
    ("中国人民政治协商会议张掖市委员会", None, "中国人民政治协商会议张掖市委员会"),  # already in full
    ("河西学院", "张掖市", "河西学院"),
    ("县委", "张掖市", None),
    ("甘肃3省教育厅", "张掖市", None),  # three organisations
])
def test_titles_canonical_organization(name, city, expected):
    gaz = load_gazetteer()
    place = gaz.lookup(city) if city else None
    province = gaz.province_of(place) if place is not None else None
    assert canonical_organization(name, place, province) == expected
