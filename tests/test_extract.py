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


WIDER_ROLE_LINES = [
    # companions named with others (及…负责同志) before 陪同 attend (Hangjin 2023)
    ("8月8日,旗委书记华诚深入杭锦经济开发区独贵塔拉产业园北项目区在建工程项目,督导检查安全生产工作。旗领导杨斯帆、王广平及"
     "杭锦经济开发区、旗直有关部门负责同志陪同调研。",
     [("华诚", "lead"), ("杨斯帆", "attendee"), ("王广平", "attendee")]),
    ("8月28日,旗委副书记、政府旗长张仲平深入鄂尔多斯草原景区调研检查大会筹备工作。旗领导呼格吉乐图、王广平、邱金马、何永岗,"
     "旗直有关部门负责人参加调研。",
     [("张仲平", "lead"), ("呼格吉乐图", "attendee"), ("王广平", "attendee"), ("邱金马", "attendee"), ("何永岗", "attendee")]),
    # the head of a visiting party leads, those joined by 及 are his party (Acheng 1998)
    ("4月13日 加拿大哥伦比亚省匹特草原市市长大卫·邓肯先生及比尔、刘铮、龙飞等先生对阿城市进行友好访问。",
     [("大卫·邓肯", "lead"), ("比尔", "attendee"), ("刘铮", "attendee"), ("龙飞", "attendee")]),
    ("10月6日 市委书记徐振湖出访南非共和国。", [("徐振湖", "lead")]),
    # who receives (接见) attends, and so do those received (Wujiang 1995)
    ("Δ  全国人大常委会副委员长、民盟中央主席费孝通,副主席钱伟长在吴江宾馆接见吴江民盟负责人秦星坡等。",
     [("费孝通", "attendee"), ("钱伟长", "attendee"), ("秦星坡", "attendee")]),
    # lines written in the styles of other chronicles:
    # A陪同B调研: B leads, A attends
    ("18日,副市长钱立明陪同省农业厅厅长冯志远调研春耕生产。", [("钱立明", "attendee"), ("冯志远", "lead")]),
    # in a 会见 the visitor leads and the host attends
    ("6月7日 市委书记马国强会见来我市考察的香港客商陈家豪。", [("马国强", "attendee"), ("陈家豪", "lead")]),
    # a person who convenes chairs; 上党课, 宣读, 传达, 作…部署 make a speaker
    ("20日,县委书记陈方召开县委常委会议。", [("陈方", "chair")]),
    ("21日,县委书记陈方为全县党员干部上党课。", [("陈方", "speaker")]),
    ("2021年6月 县委书记张宏斌为全县党员干部讲授专题党课。", [("张宏斌", "speaker")]),
    ("22日,县委副书记林涛宣读了市委关于干部任免的决定。", [("林涛", "speaker")]),
    ("8日 全县脱贫攻坚工作推进会召开。县委书记李文华传达省、市会议精神,县长王志明作工作部署。",
     [("李文华", "speaker"), ("王志明", "speaker")]),
    # 带队, 在…带领下: the leader of a group leads
    ("19日,市长李东带队赴北京考察。", [("李东", "lead")]),
    ("9月21日 省减轻农民负担检查组在省农业厅副厅长郑永和带领下,来我县检查工作。", [("郑永和", "lead")]),
    # the principal escorted by others, a rank written after his name
    ("8月12日 军区副司令员赵振国少将在军分区司令员孙海波等陪同下来县调研。", [("赵振国", "lead"), ("孙海波", "attendee")]),
    # names before their titles inside 在…的带领下 lead together
    ("1日,第一督查组在县纪委张红兵书记和县执法局李国庆副局长的带领下,督查了城关镇、河口乡。",
     [("张红兵", "lead"), ("李国庆", "lead")]),
    # a foreign friend and his wife visit; a Japanese head of a delegation (以…为团长)
    ("1991年 美国友人约翰逊夫妇来县访问,副县长周桂英陪同。", [("约翰逊", "lead"), ("周桂英", "attendee")]),
    ("2007年11月 县长吴德明会见以社长田村健一为团长的日本农业考察团。", [("吴德明", "attendee"), ("田村健一", "lead")]),
    # going to visit people leads; going to visit a named guest is a host's courtesy (Hangzhou 1998)
    ("15日,村民刘大勇、刘二勇等3人在抢险中受伤,县长李明到医院看望。", [("李明", "lead")]),
    # 为 + an act is no appointment, even in a sentence with 决定
    ("11日,全县表彰大会召开,县妇联主席周红宣读表彰决定,县委副书记张丽为受表彰代表颁奖。",
     [("周红", "speaker"), ("张丽", "attendee")]),
    # who pays a call (拜会) leads; a guest lecturer speaks (作专题辅导)
    ("26日,市长孔德华在北京拜会国家林业和草原局局长张建龙。", [("孔德华", "lead"), ("张建龙", "attendee")]),
    ("10日,市委理论学习中心组举行集体学习,邀请中央党校教授王建华作专题辅导。市委书记许建国主持。",
     [("王建华", "speaker"), ("许建国", "chair")]),
    # the head of a delegation that came leads, named in a later sentence
    ("14日,韩国忠清北道代表团一行8人来县考察,团长朴正民与县长覃丽华举行会谈。", [("朴正民", "lead"), ("覃丽华", "attendee")]),
    # a local head of an art troupe, with no group coming, attends
    ("15日,县艺术团团长韦丽出席全县文艺工作座谈会。", [("韦丽", "attendee")]),
    # hurrying to a disaster to command leads
    ("2008年5月 地震发生后,县委书记梁建国第一时间赶赴灾区指挥救灾。", [("梁建国", "lead")]),
    # a lone name, then 向 and an act
    ("1月9日 县工商联召开会员代表大会。刘建华向大会做了工作报告。", [("刘建华", "speaker")]),
    # a Yi name closed by 率, a Yi escort
    ("7月 州委书记沙马拉则率州级有关部门负责人到县检查禁毒工作,县委书记阿牛木呷陪同。",
     [("沙马拉则", "lead"), ("阿牛木呷", "attendee")]),
    # a Japanese head of a delegation (以…为首), met by the host
    ("14日 县长王文斌会见以团长铃木健二为首的日本客商考察团一行。", [("王文斌", "attendee"), ("铃木健二", "lead")]),
    # 同志 after a name is no companion's 同
    ("30日 市委书记苏和同志一行来我旗调研。", [("苏和", "lead")]),
    ("8月 省长张明德来县视察工作,地委书记赵文清、行署专员钱立新陪同。",
     [("张明德", "lead"), ("赵文清", "attendee"), ("钱立新", "attendee")]),
]


@pytest.mark.parametrize("text, expected", WIDER_ROLE_LINES)
def test_extract_roles_in_chronicles_of_other_places(text, expected):
    present, _ = people(text)
    assert present == expected


WIDER_ABSENT_LINES = [
    # honoured, awarded: an act done to them (Acheng 1998)
    ("2月13日 市长郑相浩被评为哈尔滨市首届\"十佳助残公仆\",优秀私营企业家王臣被评为\"十大杰出残疾人\"。", ["郑相浩", "王臣"]),
    # the dead, remembered (Acheng 1998)
    ("1月18日 市委召开优秀共产党员、全国优秀教师、已故原阿城二中校长郑福纯的优秀事迹报告会。", ["郑福纯"]),
    # who only issue an instruction (Lishui 2019)
    ("全市普降大雨暴雨。胡海峰、吴晓东第一时间作出批示,要求各地加强隐患点的监测、巡查和人员转移力度。", ["胡海峰", "吴晓东"]),
    # written in the styles of other chronicles:
    ("17日,省委书记郑卫东对我县防汛工作作出批示。", ["郑卫东"]),
    ("16日,市委召开常委会,传达市委书记孙建平在全市经济工作会议上的讲话精神。", ["孙建平"]),
    ("14日,县委书记周立新调离,县长吴志刚任县委书记。", ["周立新", "吴志刚"]),
    ("4月 县委书记冯志远奉调离任。", ["冯志远"]),
    ("1月28日 县委书记孙丽华被国务院扶贫办授予\"全国扶贫先进个人\"光荣称号。", ["孙丽华"]),
    ("3日,村民王小虎、李大牛等5人被评为\"致富能手\"。", ["王小虎", "李大牛"]),
    ("1986年3月,社员高山、江海等被授予\"劳动模范\"称号。", ["高山", "江海"]),
    ("1月4日 县人代会召开。会议选出张国庆、刘玉兰(女)、黄志刚为省人大代表。", ["张国庆", "刘玉兰", "黄志刚"]),
    ("15日 全市劳动模范表彰大会召开。会议表彰了王建设、李红霞等100名劳动模范。", ["王建设", "李红霞"]),
    ("12月25日 县第九次党代会召开。杨建华当选县委书记。", ["杨建华"]),
    ("是年 县农民王秀兰获得\"全国三八红旗手\"称号。", ["王秀兰"]),
    ("5日,县里召开革命烈士李大山同志事迹报告会。", ["李大山"]),
    ("2022年7月 原县委书记李忠义同志因病逝世。", ["李忠义"]),
    ("15日,全市“最美家庭”表彰会举行,张建军、李玉梅等10户家庭受到表彰。", ["张建军", "李玉梅"]),
    ("18日,县委常委会议决定,给予县林业局原局长吴德贵开除党籍处分。", ["吴德贵"]),
    # authors of a work that is awarded
    ("2014年8月 记者王小燕、通讯员李刚采写的稿件获省好新闻一等奖。", ["王小燕", "李刚"]),
]


def test_extract_a_titled_delegator_is_absent():
    present, absent = people("22日 受县委书记李伟委托,县委副书记张平主持召开县委常委会议。")
    assert present == [("张平", "chair")] and absent == ["李伟"]


@pytest.mark.parametrize("text, expected_absent", WIDER_ABSENT_LINES)
def test_extract_objects_of_acts_and_authors_of_instructions_are_absent(text, expected_absent):
    present, absent = people(text)
    assert present == []
    assert absent == expected_absent


@pytest.mark.parametrize("text, present_expected", [
    # a 表彰大会 where a leader speaks: he is there
    ("15日 全市劳动模范表彰大会召开,市长李国华在表彰大会上讲话。", [("李国华", "speaker")]),
    # a martyrs' cemetery is no martyr; others sent along (负责人一同) leave the principal the lead
    ("4日,在县烈士陵园,县委书记王林讲话。", [("王林", "speaker")]),
    ("4日,县长李明带领发改局负责人一同考察招商项目。", [("李明", "lead")]),
    # 由…任组长的督导组: taking part, no appointment
    ("9日,由副厅长邵永刚任组长的督导组来我县督导春耕工作。", [("邵永刚", "lead")]),
])
def test_extract_acts_named_near_people_who_take_part(text, present_expected):
    present, absent = people(text)
    assert present == present_expected and absent == []


def test_extract_reads_a_long_name_across_a_line_break():
    text = "8月3日,旗委副书记、旗长额尔敦\n巴雅尔主持召开旗委常委会议。"
    (mention,) = extract_entry(entry(text)).present
    assert (mention.name_simplified, mention.role, text[mention.start : mention.end]) == ("额尔敦巴雅尔", Role.CHAIR, "额尔敦\n巴雅尔")


def test_extract_reads_a_title_across_a_line_break():
    text = "5日,旗委副书\n记、旗长图门吉日嘎拉主持召开旗政府常务会议。"
    (mention,) = extract_entry(entry(text)).present
    assert (mention.name, mention.title, mention.role) == ("图门吉日嘎拉", "旗委副书记、旗长", Role.CHAIR)


def test_extract_hosts_calling_on_a_visitor_attend_who_visits_people_leads():
    # Hangzhou 1998: the guest leads a visit earlier in the entry; the hosts call on him
    text = ("△1日,由全国政协副主席、民革中央常务副主席周铁农率领的社区建设调研组来杭调研。"
            "晚上,省委副书记、市委书记、市人大常委会主任李金明和市长王永明前往新侨饭店看望周铁农。")
    present, _ = people(text, {"周铁农"})
    assert present == [("周铁农", "lead"), ("李金明", "attendee"), ("王永明", "attendee")]
    # people visited who are no visitors: the one who calls on them leads
    present, _ = people("22日,市委书记许建国看望慰问了老党员王德胜、周桂芝。")
    assert present == [("许建国", "lead"), ("王德胜", "attendee"), ("周桂芝", "attendee")]


@pytest.mark.parametrize(("text", "title"), [
    ("3日,106家企业负责人和陇商联合会会长刘翔出席会议。", "陇商联合会会长"),  # a count and other people before it
    ("5日,市委副书记、市长赵立香主持会议。", "市委副书记、市长"),  # joined titles stay one written title
    ("7日,教育部职业教育与成人教育司副司长李智致辞。", "教育部职业教育与成人教育司副司长"),  # 与 inside a name
])
def test_extract_title_is_what_stands_directly_before_the_name(text, title):
    (mention,) = extract_entry(entry(text)).mentions
    assert mention.title == title
