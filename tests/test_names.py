"""Where personal names stand in an entry and how long they are (kg/names.py, kg/name_forms.py).

Real lines of ../shared/wide, and lines written for these tests in the styles of county, banner
and year-long chronicles of other decades (names invented).
"""

import pytest

from kg.dates import lead_end
from kg.model import Entry
from kg.names import find_spans, learn_names


def names_in(text: str, known=frozenset()) -> list[str]:
    return [span.name for span in find_spans(text, lead_end(text), frozenset(known))]


NAME_LINES = [
    # a Mongolian name of five characters, no ·, in a list after a collective title (Hangjin 2023)
    ("8月28日,旗委副书记、政府旗长张仲平深入鄂尔多斯草原景区调研检查大会筹备工作。旗领导呼格吉乐图、王广平、邱金马、何永岗,"
     "旗直有关部门负责人参加调研。",
     ["张仲平", "呼格吉乐图", "王广平", "邱金马", "何永岗"]),
    # a transliterated given name in a list that starts after 先生及 (Acheng 1998)
    ("4月13日 加拿大哥伦比亚省匹特草原市市长大卫·邓肯先生及比尔、刘铮、龙飞等先生对阿城市进行友好访问。",
     ["大卫·邓肯", "比尔", "刘铮", "龙飞"]),
    # the last of a list closed by an adverb (Lishui 2019)
    ("胡海峰、吴晓东第一时间作出批示,要求各地加强隐患点的监测、巡查和人员转移力度。", ["胡海峰", "吴晓东"]),
    # Mongolian, Tibetan, Yi and Uyghur names after titles, longer than four characters or without a surname
    ("20日,旗委书记额尔敦巴雅尔主持召开旗委常委会议。", ["额尔敦巴雅尔"]),
    ("5日,海关关长图门吉日嘎拉、副旗长姚海燕陪同调研。", ["图门吉日嘎拉", "姚海燕"]),
    ("16日,县长赵海军主持召开县政府常务会议,副县长达瓦次仁、扎西多吉出席会议。", ["赵海军", "达瓦次仁", "扎西多吉"]),
    ("18日,州委书记马学文深入乡村调研,州委常委、秘书长吉克阿呷陪同。", ["马学文", "吉克阿呷"]),
    ("3日,县委副书记、县长艾力肯买买提主持召开县政府常务会议。", ["艾力肯买买提"]),
    ("旗领导那顺孟和出席。", ["那顺孟和"]),
    ("旗领导巴特尔和乌兰出席。", ["巴特尔", "乌兰"]),
    # a Japanese name: a Japanese family name and a given name
    ("12日,市长张红梅会见日本友好城市代表团团长佐藤一郎一行。", ["张红梅", "佐藤一郎"]),
    # people without a post, written the same way (村民, 记者, 企业家)
    ("3日,村民王小虎、李大牛等5人被评为致富能手。", ["王小虎", "李大牛"]),
    ("6日,记者刘晓明采访了企业家陈光辉。", ["刘晓明", "陈光辉"]),
    # names that are also ordinary words, framed by a title and a list
    ("1986年3月,社员高山、江海等被授予劳动模范称号。", ["高山", "江海"]),
    # a name that is also a common noun, after a post
    ("10日,市长王冠军出席。", ["王冠军"]),
    # a rank as the title (少将), a name followed by its title
    ("8月12日 军区副司令员赵振国少将在军分区司令员孙海波等陪同下来县调研。", ["赵振国", "孙海波"]),
    ("10日,王建国董事长一行来我县考察。", ["王建国"]),
    # name boundaries: what follows decides where the name ends
    ("10日,市长李强所作的报告获得通过。", ["李强"]),
    ("11日,张伟作交流发言。", ["张伟"]),
    ("1月9日 县工商联召开会员代表大会。刘建华向大会做了工作报告。", ["刘建华"]),
    # a list after a verb, with notes on the persons
    ("1月4日 县人代会召开。会议选出张国庆、刘玉兰(女)、黄志刚为省人大代表。", ["张国庆", "刘玉兰", "黄志刚"]),
    # no person inside a place name that holds a title word (西安市长安区)
    ("23日,西安市长安区区长赵明出席活动。", ["赵明"]),
    # names written before their titles, after a body's name
    ("1日,第一督查组在县纪委张红兵书记和县执法局李国庆副局长的带领下,督查了城关镇、河口乡。", ["张红兵", "李国庆"]),
    ("2日,第二督查组由县管委会王中华副主任和县政府办刘晓东主任负责,巡查了沿河各村。", ["王中华", "刘晓东"]),
]


@pytest.mark.parametrize("text, expected", NAME_LINES)
def test_names_found_with_their_length(text, expected):
    assert names_in(text) == expected


NOT_NAMES = [
    "县文联、县作协、县书画院等单位联合举办书画展。",
    "西安市长安区召开区委常委会议。",
    "巴基斯坦、阿富汗等国客商参加洽谈会。",
    "甘州区、临泽县、高台县等地遭受冰雹灾害。",
    "优秀共产党员、全国优秀教师事迹报告会召开。",
    "县长办公会议研究城区改造工作。",
    "一中校长、二中校长参加座谈。",
    "县委办公室主任、县政府办公室副主任列席会议。",
    "水务部门主要负责人参加会议。",
    "在县农业农村局党组书记的带领下,检查组督查了县城。",
    "会议由县人大常委会副主任主持。",
    "8月5日,杭锦旗召开全旗安全生产工作会议。",
    # a surname and a post address a person without naming them
    "3日,杨书记主持会议。",
    "5日,李局长、王科长参加会议。",
    # a common noun after a word for people (村民) is no name
    "8日,村党支部书记带领村民修路。",
]


@pytest.mark.parametrize("text", NOT_NAMES)
def test_names_not_made_of_places_bodies_or_words(text):
    assert names_in(text) == []


def test_names_learned_from_a_title_are_found_alone_later():
    lines = ["8月3日,旗委书记额尔敦巴雅尔主持召开旗委常委会议。", "8月9日,额尔敦巴雅尔深入乡村调研牧区工作。"]
    entries = [Entry("d", i, 0, len(t), t, t, 1, lead_end=lead_end(t)) for i, t in enumerate(lines, 1)]
    known = learn_names(entries)
    assert "额尔敦巴雅尔" in known
    assert names_in(lines[1]) == []  # alone, a name with no surname is not guessed
    assert names_in(lines[1], known) == ["额尔敦巴雅尔"]


def test_names_a_transliterated_name_repeated_before_role_verbs_is_learned():
    lines = ["3日,巴雅尔图主持召开旗委常委会议。", "9日,巴雅尔图深入牧区调研。", "12日,乌审旗召开会议。", "13日,乌审旗召开大会。"]
    entries = [Entry("d", i, 0, len(t), t, t, 1, lead_end=lead_end(t)) for i, t in enumerate(lines, 1)]
    known = learn_names(entries)
    assert "巴雅尔图" in known and "乌审旗" not in known
    assert "巴雅尔图" not in learn_names(entries[:1])  # once is not enough
