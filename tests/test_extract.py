"""Extraction of persons, titles, roles and absence, on real chronicle lines."""

import pytest

from kg.dates import lead_end
from kg.extract import event_types, extract_entry, learn_names
from kg.model import Entry, Role


def entry(text: str, index: int = 1, simplified: str | None = None) -> Entry:
    return Entry("doc", index, 0, len(text), text, simplified or text, 1, lead_end=lead_end(simplified or text))


def people(text: str, known=frozenset()):
    extracted = extract_entry(entry(text), frozenset(known))
    return [(m.name, m.role.value) for m in extracted.present], [m.name for m in extracted.absent]


ROLE_LINES = [
    # chair > speaker > attendee in one entry (Zhangye 2024, 2日)
    ("2日,卢小亨主持会议,赵立香安排整改工作,王海峰、周均发、柴向前等出席会议。",
     [("卢小亨", "chair"), ("赵立香", "speaker"), ("王海峰", "attendee"), ("周均发", "attendee"), ("柴向前", "attendee")]),
    # titled names, a compound title, a company chairman who spoke
    ("市委书记卢小亨主持签约仪式,市委副书记、市长赵立香推介张掖资源禀赋,山东金沅福产业发展集团有限公司党委书记、董事长李邦辉现场发言。",
     [("卢小亨", "chair"), ("赵立香", "speaker"), ("李邦辉", "speaker")]),
    # a titled list continues after 、 (市领导柴向前、朱书生)
    ("中国科学院兰州化学物理研究所副所长石峰致辞。市领导柴向前、朱书生出席。",
     [("石峰", "speaker"), ("柴向前", "attendee"), ("朱书生", "attendee")]),
    # inspection: the principal leads, companions attend (一同检查)
    ("4日,卢小亨、赵立香来到甘肃国际会展中心,检查布展工作。乔振华、尚友俊、薛琴、娄金华一同检查。",
     [("卢小亨", "lead"), ("赵立香", "lead"), ("乔振华", "attendee"), ("尚友俊", "attendee"), ("薛琴", "attendee"), ("娄金华", "attendee")]),
    # 宣布…开幕 is a lead role even after 出席
    ("13日晚,省工商联副主席毛赟出席,市委常委、市委宣传部部长尚友俊出席并宣布第二届山丹炒拨拉节开幕,市领导陈明彪、娄金华出席。",
     [("毛赟", "attendee"), ("尚友俊", "lead"), ("陈明彪", "attendee"), ("娄金华", "attendee")]),
    # head of a visiting group (由…带队的) leads; the host chairs the report meeting
    ("10日至12日,由省人社厅副厅长何永强带队的省政府第五督查组来我市督查。市委常委、常务副市长刘力江主持汇报会。",
     [("何永强", "lead"), ("刘力江", "chair")]),
    # 向…介绍: the audience phrase does not make the speakers inspectors
    ("省委副书记石谋军等与会领导和嘉宾巡视了现代农业馆。市委书记卢小亨,市委副书记、市长赵立香向巡视领导和嘉宾现场介绍了展馆相关情况,并参加开幕式。",
     [("石谋军", "lead"), ("卢小亨", "speaker"), ("赵立香", "speaker")]),
    # a host meeting a delegation: the guest (一行) leads, the host attends; bare list after
    ("8月20日,州委书记张子建会见伟光汇通集团董事长、北京云南企业商会会长陆学伟一行,双方进行座谈交流。周志远、陈翡敏、李红梅参加会谈。",
     [("张子建", "attendee"), ("陆学伟", "lead"), ("周志远", "attendee"), ("陈翡敏", "attendee"), ("李红梅", "attendee")]),
    # transliterated foreign names with ·, heads of a delegation
    ("△5日,市领导王永明、丁可珍等会见并宴请了由摩洛哥青年和体育大臣阿曼·穆维萨先生和阿加迪尔市市政委员会主席穆罕默德·渥里格先生率领的摩洛哥代表团。",
     [("王永明", "attendee"), ("丁可珍", "attendee"), ("阿曼·穆维萨", "lead"), ("穆罕默德·渥里格", "lead")]),
    # companions introduced by 与 are not leads of the visit
    ("周铁农一行与省政协副主席汪希萱,市委常委、副市长马时雍进行了座谈,并考察了天水街道。",
     [("周铁农", "lead"), ("汪希萱", "attendee"), ("马时雍", "attendee")]),
    # 2-character names, bare, before a role verb (Zhangye 2008)
    ("10日 全市国土资源工作会议召开,陈义讲话,王立泰、谈树德、崔义明出席会议。",
     [("陈义", "speaker"), ("王立泰", "attendee"), ("谈树德", "attendee"), ("崔义明", "attendee")]),
    # 通报 makes a speaker (Chuxiong 2025)
    ("8月26日,州人大常委会党组书记、主任翁斌主持会议。州委常委、常务副州长李勇通报2025年上半年全州经济社会发展情况。",
     [("翁斌", "chair"), ("李勇", "speaker")]),
    # video speeches count as present speakers
    ("新西兰驻华大使毛瑞、中国驻新西兰大使馆临时代办叶素发表视频致辞。",
     [("毛瑞", "speaker"), ("叶素", "speaker")]),
    # a title ending in an unusual post (画家) and 先生
    ("△十堰著名画家莫麓云先生将《醉月图》等26幅作品捐赠给市博物馆。市长张维国,副市长刘学勤到场祝贺。",
     [("莫麓云", "attendee"), ("张维国", "attendee"), ("刘学勤", "attendee")]),
    # invented, in the styles of other cities' chronicles:
    # 在…的陪同下: the escorts attend, the principal leads
    ("3日,市委书记王立新在市委常委、秘书长陈东和副市长刘敏的陪同下,在城区就文化设施建设进行调研。",
     [("王立新", "lead"), ("陈东", "attendee"), ("刘敏", "attendee")]),
    # a Latin title (CEO), a guest's delegation, and a 2-character name before 等
    ("5日,市长张海会见了华信集团董事长兼CEO李强一行。副市长周明、职业学院院长赵方等参加会见。",
     [("张海", "attendee"), ("李强", "lead"), ("周明", "attendee"), ("赵方", "attendee")]),
    # 看望会见了 a visitor: the host is not the principal of the visit
    ("7~8日,中央纪委副书记孔令东到我市进行调研。省委副书记钱伟看望会见了孔令东一行。",
     [("孔令东", "lead"), ("钱伟", "attendee")]),
    # surnames that are also function words (成, 于) after a title and inside a list
    ("1月23日,区委副书记、区长梅华,区委副书记、政法委书记成坤,区人大常委会主任王成一行开展春节慰问活动。区领导石磊、成西、阮彬等参加慰问。",
     [("梅华", "lead"), ("成坤", "lead"), ("王成", "lead"), ("石磊", "attendee"), ("成西", "attendee"), ("阮彬", "attendee")]),
    ("县委书记于伟主持。", [("于伟", "chair")]),
    # the agent of a passive (会议由…主持)
    ("3日,全市项目建设推进会召开。会议由谷明远主持,郑晓峰通报有关情况。", [("谷明远", "chair"), ("郑晓峰", "speaker")]),
    # 任组长 of a visiting group is no appointment
    ("9日,由省农业农村厅副厅长邵永刚任组长的督导组来我县督导春耕工作。副县长温晓燕陪同。",
     [("邵永刚", "lead"), ("温晓燕", "attendee")]),
    # a bare name that 强调 spoke
    ("7月5日    市委人才工作领导小组会议召开。邓海峰强调,要突出人才强市导向。", [("邓海峰", "speaker")]),
    # full-width punctuation, 同志 after a present person
    ("5日上午，市委书记欧阳明远同志主持召开市委常委会会议。市委副书记、市长孙红梅讲话。",
     [("欧阳明远", "chair"), ("孙红梅", "speaker")]),
]


@pytest.mark.parametrize("text, expected", ROLE_LINES)
def test_extract_finds_present_people_with_roles(text, expected):
    present, _ = people(text.replace("，", ","))
    assert present == expected


ABSENT_LINES = [
    ("△受赵立香委托,刘力江主持召开市国土空间规划委员会第十二次会议。杨育林出席。",
     [("刘力江", "chair"), ("杨育林", "attendee")], ["赵立香"]),
    ("1日,我市在高台县举行重温习近平总书记视察甘肃重要讲话精神主题党日活动。卢小亨、王海峰、周均发等市四班子领导出席。",
     [("卢小亨", "attendee"), ("王海峰", "attendee"), ("周均发", "attendee")], ["习近平"]),
    ("3日 省委常委、组织部长候长安宣布省委决定,并作了重要讲话。省委任命陈克恭为中共张掖市委书记,栾克军为市委副书记。"
     "原中共张掖市委书记、人大常委会主任田宝忠,市委副书记王锐分别调任省民政厅厅长、商务厅厅长。",
     [("候长安", "speaker")], ["陈克恭", "栾克军", "田宝忠", "王锐"]),
]


@pytest.mark.parametrize("text, expected_present, expected_absent", ABSENT_LINES)
def test_extract_separates_absent_people(text, expected_present, expected_absent):
    known = {"赵立香", "陈克恭", "栾克军"}
    present, absent = people(text, known)
    assert present == expected_present
    assert sorted(absent) == sorted(expected_absent)


TITLE_LINES = [
    ("5日,市委副书记、市长赵立香推介张掖。", "赵立香", "市委副书记、市长"),
    ("中国联合工程有限公司党委书记、董事长钱向东,上海灵博智能科技有限公司董事长李灵明出席。", "钱向东", "中国联合工程有限公司党委书记、董事长"),
    ("中国联合工程有限公司党委书记、董事长钱向东,上海灵博智能科技有限公司董事长李灵明出席。", "李灵明", "上海灵博智能科技有限公司董事长"),
    ("教育部职成司副司长李智、省政府副秘书长侯永强讲话。", "侯永强", "省政府副秘书长"),
    ("州委书记张子建会见伟光汇通集团董事长、北京云南企业商会会长陆学伟一行。", "陆学伟", "伟光汇通集团董事长、北京云南企业商会会长"),
    ("市领导柴向前、朱书生出席。", "朱书生", "市领导"),
    ("卢小亨主持会议。", "卢小亨", None),
    ("出席会议的还有市领导张三丰、李四海。", "李四海", "市领导"),
]


@pytest.mark.parametrize("text, name, title", TITLE_LINES)
def test_extract_keeps_the_title_written_before_the_name(text, name, title):
    extracted = extract_entry(entry(text))
    found = {m.name: m.title for m in extracted.mentions}
    assert found[name] == title


NOT_NAMES = [
    "△市委书记、市长“每月一题”面对面解决群众急难愁盼问题座谈会召开。",
    "向3个县区11个金融机构颁发了2023年度“市长金融奖”。",
    "省委副书记等与会领导和嘉宾巡视了现代农业馆。",
    "市上召开领导干部大会,市委委员、候补委员参加会议。",
    "广东、江苏、甘肃3省教育厅相关处室负责人和各协作院校领导出席。",
    "张子建走访慰问抗战老同志,为其颁发纪念章。",
    "△安排部署相关工作。高台县召开现场会。",
]


@pytest.mark.parametrize("text", NOT_NAMES)
def test_extract_does_not_take_words_for_names(text):
    found = {m.name for m in extract_entry(entry(text)).mentions}
    assert found <= {"张子建"}


def test_extract_learns_a_name_then_finds_it_alone():
    first = entry("市委副书记、市长赵立香主持会议。", 1)
    second = entry("△赵立香先后深入临泽县调研。杨育林参加。", 2)
    known = learn_names([first, second])
    assert "赵立香" in known
    extracted = extract_entry(second, known)
    assert [(m.name, m.role) for m in extracted.present] == [("赵立香", Role.LEAD), ("杨育林", Role.ATTENDEE)]


def test_extract_keeps_traditional_names_as_written():
    written = "1月5日 市委書記周霽率隊赴廣東省珠海市、深圳市考察。"
    simplified = "1月5日 市委书记周霁率队赴广东省珠海市、深圳市考察。"
    extracted = extract_entry(entry(written, simplified=simplified))
    (mention,) = extracted.present
    assert (mention.name, mention.name_simplified, mention.title, mention.role) == ("周霽", "周霁", "市委書記", Role.LEAD)


def test_extract_mention_offsets_point_into_the_entry_text():
    text = "9日,教育部职成司副司长李智、省政府副秘书长侯永强讲话,市委书记卢小亨致辞。"
    for mention in extract_entry(entry(text)).mentions:
        assert text[mention.start : mention.end] == mention.name


def test_extract_one_mention_per_person_with_the_strongest_role():
    text = "18日,赵立香主持召开会议。会议要求…赵立香出席并讲话。"
    extracted = extract_entry(entry(text), frozenset({"赵立香"}))
    assert [(m.name, m.role) for m in extracted.mentions] == [("赵立香", Role.CHAIR)]


@pytest.mark.parametrize("text, kinds", [
    ("5日,第三十届兰洽会张掖市招商引资推介暨重点项目签约仪式在兰举行。", ("Ceremony", "Signing")),
    ("7日,卢小亨深入甘州区调研重点项目建设。", ("Inspection",)),
    ("△全省区划地名管理工作培训班在我市开班。", ("Ceremony", "Training")),
    ("8月26日,楚雄州召开人才见面座谈会。", ("Meeting",)),
    ("1日,我市在高台县举行重温习近平总书记视察甘肃重要讲话精神主题党日活动。", ()),
])
def test_extract_event_types(text, kinds):
    assert event_types(text) == kinds


def test_extract_reads_names_across_hard_line_breaks():
    text = "5日\n市委副书记张术平、副市长周洪和团省委副书记孙\n爱军、学院院长尹方等参加会见。"
    extracted = extract_entry(entry(text))
    found = {m.name: (m.title, text[m.start : m.end]) for m in extracted.present}
    assert found["孙爱军"] == ("团省委副书记", "孙\n爱军")
    assert set(found) == {"张术平", "周洪", "孙爱军", "尹方"}


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("16日,市委书记会见客商一行。", {"Meeting"}),  # one table: 会见 is a meeting, never a visit
        ("8日,市长看望慰问困难群众。", {"Visit"}),
        ("5日,重点项目签约仪式在兰举行。", {"Ceremony", "Signing"}),
        ("9日,市委召开常委会议,传达学习总书记重要讲话精神。", {"Meeting"}),
    ],
)
def test_extract_event_types_come_from_one_table(text, types):
    assert {str(t) for t in extract_entry(entry(text)).event_types} == types
