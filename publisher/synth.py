"""Synthetic personal data for datasets, tests and benchmarks. Never real people.

Everything is drawn from a caller's ``random.Random`` so a fixed seed gives the same output.
Identifiers carry valid check characters so that detectors cannot cheat on structure.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from publisher import lexicon
from publisher.identifiers import luhn_check, org_code_check, resident_id_check, uscc_check

#: The generator draws the frequent surnames (publisher.lexicon's statistics list); the
#: detectors know the whole inventory, and :func:`any_person_name` draws from all of it.
SURNAMES = lexicon.COMMON_SURNAMES
COMPOUND_SURNAMES = lexicon.COMMON_COMPOUND_SURNAMES
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文辉鹏宇浩然晨阳雪梅海燕俊峰"
    "春燕丹晓东佳琪子涵思远嘉欣梓萱雨婷家豪国强振华永红德明淑珍秋菊冬梅少华锦荣炳坤泽鸿"
)
#: Shanwei county-level division codes (GB/T 2260).
SHANWEI_AREAS = {"441502": "城区", "441521": "海丰县", "441523": "陆河县", "441581": "陆丰市"}
TOWNS = {
    "城区": ("香洲街道", "凤山街道", "新港街道", "东涌镇", "马宫街道"),
    "海丰县": ("海城镇", "附城镇", "梅陇镇", "可塘镇", "公平镇"),
    "陆河县": ("河田镇", "水唇镇", "螺溪镇", "东坑镇"),
    "陆丰市": ("东海街道", "城东街道", "甲子镇", "碣石镇", "博美镇"),
}
ROADS = ("汕尾大道", "香城路", "二马路", "通港路", "红海湾大道", "人民路", "海丰大道", "建设路",
         "东海大道", "新河路")
MOBILE_PREFIXES = ("134", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158",
                   "159", "182", "183", "187", "188", "130", "131", "132", "155", "156", "185",
                   "186", "133", "153", "177", "180", "181", "189", "199", "198", "191")
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
PROVINCES = "京津沪渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川贵云藏陕甘青宁新"
COMPANY_WORDS = ("汕尾", "海丰", "陆丰", "红海湾", "品清湖", "碣石", "凤山", "汕陆", "粤东", "鸿运")
COMPANY_KINDS = ("运输有限公司", "汽车客运有限公司", "物流有限公司", "出租汽车有限公司",
                 "公共交通有限公司", "驾驶员培训有限公司", "机动车检测有限公司", "货运代理有限公司")


def person_name(rng: random.Random) -> str:
    surname = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.02 else rng.choice(SURNAMES)
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2, 2))))
    return surname + given


def any_person_name(rng: random.Random) -> str:
    """A name whose surname is drawn evenly from the whole inventory, single or compound."""
    if rng.random() < 0.2:
        surname = rng.choice(lexicon.COMPOUND_SURNAMES)
    else:
        surname = rng.choice(lexicon.SURNAMES)
    return surname + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def birth_date(rng: random.Random, start: int = 1950, end: int = 2004) -> date:
    first = date(start, 1, 1)
    return first + timedelta(days=rng.randrange((date(end, 12, 31) - first).days))


def resident_id(rng: random.Random, born: date | None = None, area: str | None = None) -> str:
    """An 18-character resident ID number with a valid GB 11643 check character."""
    area = area or rng.choice(list(SHANWEI_AREAS))
    born = born or birth_date(rng)
    body = f"{area}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return body + resident_id_check(body)


def legacy_resident_id(rng: random.Random) -> str:
    """A 15-digit pre-1999 number: address, YYMMDD, sequence; no check digit."""
    born = birth_date(rng, 1940, 1984)
    return f"{rng.choice(list(SHANWEI_AREAS))}{born:%y%m%d}{rng.randrange(1000):03d}"


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def landline(rng: random.Random) -> str:
    """A Shanwei landline, 0660 and seven digits starting with 3."""
    return f"0660-3{rng.randrange(10**6):06d}"


def plate(rng: random.Random, local: bool = True) -> str:
    """A motor-vehicle plate; mostly ordinary, some new-energy and suffix plates."""
    head = "粤N" if local else rng.choice(PROVINCES) + rng.choice(PLATE_LETTERS.replace("Z", ""))
    kind = rng.random()
    alnum = PLATE_LETTERS + "0123456789"
    if kind < 0.15:  # small new-energy: D/F, letter or digit, four digits
        serial = rng.choice("DF") + rng.choice(alnum) + f"{rng.randrange(10**4):04d}"
    elif kind < 0.2:
        serial = f"{rng.randrange(10**4):04d}" + rng.choice("学挂")
    else:
        serial = "".join(rng.choice(alnum) for _ in range(1)) + f"{rng.randrange(10**4):04d}"
    return head + serial


def bank_card(rng: random.Random) -> str:
    body = "62" + "".join(str(rng.randrange(10)) for _ in range(rng.choice((13, 14, 16))))
    return body + luhn_check(body)


def email(rng: random.Random) -> str:
    user = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(8))
    return f"{user}@{rng.choice(('example.com', 'example.net', 'example.org'))}"


def uscc(rng: random.Random, sole_trader: bool = False) -> str:
    """A unified social credit code with valid GB 11714 and GB 32100 check characters."""
    org = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    kind = "92" if sole_trader else "91"
    body = f"{kind}{rng.choice(list(SHANWEI_AREAS))}{org}{org_code_check(org)}"
    return body + uscc_check(body)


def company_name(rng: random.Random) -> str:
    return "汕尾市" + rng.choice(COMPANY_WORDS) + rng.choice(COMPANY_KINDS)


def address(rng: random.Random) -> tuple[str, str]:
    """(full street address, district) in Shanwei."""
    district = rng.choice(list(TOWNS))
    town = rng.choice(TOWNS[district])
    return (f"广东省汕尾市{district}{town}{rng.choice(ROADS)}{rng.randrange(1, 300)}号", district)


# --- Additions for the bureau's catalogue (datasets/*/generate.py) ---------------------------

def day_between(rng: random.Random, start: date, end: date) -> date:
    """A day in [start, end], uniformly."""
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def doc_number(prefix: str, year: int, seq: int) -> str:
    """A document or case number the way bureaus write them: ``汕交罚〔2018〕12号``."""
    return f"{prefix}〔{year}〕{seq}号"


def honorific(rng: random.Random, name: str) -> str:
    """How messages name a citizen: ``市民陈先生``, ``李女士`` (surname and title only)."""
    surname = name[:2] if name[:2] in COMPOUND_SURNAMES else name[0]
    return rng.choice(("市民", "", "")) + surname + rng.choice(("先生", "女士"))


def shanwei_point(rng: random.Random, district: str | None = None) -> tuple[float, float]:
    """(lat, lon) inside the rough box of a Shanwei district, six decimals."""
    boxes = {
        "城区": (22.74, 22.82, 115.30, 115.42),
        "海丰县": (22.93, 23.02, 115.28, 115.40),
        "陆河县": (23.28, 23.33, 115.62, 115.69),
        "陆丰市": (22.92, 22.99, 115.60, 115.68),
    }
    lat0, lat1, lon0, lon1 = boxes[district or rng.choice(list(boxes))]
    return round(rng.uniform(lat0, lat1), 6), round(rng.uniform(lon0, lon1), 6)


def unit_name(rng: random.Random) -> str:
    """A company or, now and then, a sole trader's shop (个体工商户) named after a place."""
    if rng.random() < 0.1:
        return rng.choice(COMPANY_WORDS) + rng.choice(("汽车修理部", "货运部", "汽车美容店"))
    return company_name(rng)


#: The bureau's "double random" spot-check items (双随机抽查事项): code, name, inspected kind.
SPOT_CHECK_ITEMS = (
    ("SJ-01", "道路旅客运输经营者经营行为检查", "道路旅客运输"),
    ("SJ-02", "道路货物运输经营者经营行为检查", "道路货物运输"),
    ("SJ-03", "机动车维修经营者经营行为检查", "机动车维修"),
    ("SJ-04", "机动车驾驶员培训机构经营行为检查", "驾驶员培训"),
    ("SJ-05", "出租汽车经营者经营行为检查", "出租汽车"),
    ("SJ-06", "网络预约出租汽车经营者经营行为检查", "网约车"),
    ("SJ-07", "道路运输站（场）经营行为检查", "客运站"),
    ("SJ-08", "危险货物道路运输企业安全生产检查", "危险货物运输"),
    ("SJ-09", "公路建设项目施工安全检查", "公路建设"),
    ("SJ-10", "港口经营人经营行为检查", "港口经营"),
)


# ------------------------------------------------------------------------------------------------
# De-identification corpus (deid helper): identifiers written the ways people write them, and
# labelled public-message sentences mixing them with the bureau's public identifiers.
# ------------------------------------------------------------------------------------------------

_FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
HOTLINES = ("12345", "12328", "95511", "95588", "400-830-1234", "4008301234", "800-820-5100",
            "0660-12345")


def written_phone(rng: random.Random) -> str:
    """A mobile or Shanwei landline as people type it: spaces, dashes, +86/0086, full width."""
    if rng.random() < 0.25:
        local = f"3{rng.randrange(10**6):06d}"
        return rng.choice((f"0660-{local}", f"（0660）{local}", f"+86 660 {local}",
                           f"0660{local}", f"0086-660-{local}"))
    number = mobile(rng)
    style = rng.randrange(7)
    if style == 1:
        return f"{number[:3]} {number[3:7]} {number[7:]}"
    if style == 2:
        return f"{number[:3]}-{number[3:7]}-{number[7:]}"
    if style == 3:
        return "+86 " + number
    if style == 4:
        return "0086" + number
    if style == 5:
        return number.translate(_FULLWIDTH_DIGITS)
    return number


def written_plate(rng: random.Random) -> str:
    """A plate with or without the middle dot, local or from another province."""
    value = plate(rng, local=rng.random() < 0.8)
    return value[:2] + "·" + value[2:] if rng.random() < 0.5 else value


def written_id(rng: random.Random) -> str:
    value = legacy_resident_id(rng) if rng.random() < 0.1 else resident_id(rng)
    return value.lower() if rng.random() < 0.3 else value


def case_number(rng: random.Random) -> str:
    issuer = rng.choice(("汕交罚", "汕交执", "汕交运", "汕交法", "海交罚"))
    open_, close = rng.choice((("〔", "〕"), ("（", "）"), ("[", "]")))
    return f"{issuer}{open_}{rng.randrange(2015, 2026)}{close}{rng.randrange(1, 400)}号"


def route(rng: random.Random) -> str:
    return rng.choice((f"{rng.randrange(1, 40)}路", f"{rng.randrange(1, 40)}路公交车",
                       f"K{rng.randrange(1, 20)}路"))


def event_date(rng: random.Random) -> str:
    d = birth_date(rng, 2016, 2025)
    return rng.choice((f"{d.year}年{d.month}月{d.day}日", d.isoformat(), f"{d.month}月{d.day}日"))


Labelled = tuple[str, list[tuple[int, int, str]]]


def _assemble(pieces: list[str | tuple[str, str]]) -> Labelled:
    text, spans = "", []
    for piece in pieces:
        if isinstance(piece, tuple):
            spans.append((len(text), len(text) + len(piece[0]), piece[1]))
            piece = piece[0]
        text += piece
    return text, spans


def public_message(rng: random.Random) -> Labelled:
    """One public message (投诉、咨询、举报) with its personal spans labelled by category."""
    name = person_name(rng)
    sur = name[:2] if name[:2] in COMPOUND_SURNAMES else name[0]
    title = rng.choice(("先生", "女士"))
    phone = (written_phone(rng), "phone")
    pl = (written_plate(rng), "plate")
    addr = address(rng)[0].split("广东省汕尾市")[-1]
    road_addr = addr[addr.index(next(r for r in ROADS if r in addr)):]
    templates: list[list[str | tuple[str, str]]] = [
        ["市民", (sur, "person_name"), f"{title}反映，{event_date(rng)}乘坐{route(rng)}时，司机态度"
         "恶劣，联系电话", phone, "。"],
        ["投诉车牌号为", pl, f"的出租车拒载，要求{rng.choice(COMPANY_WORDS)}出租车公司处理。"
         "联系人：", (name, "person_name"), "，电话：", phone],
        ["当事人", (name, "person_name"), "（身份证号：", (written_id(rng), "id_number"), "）驾驶",
         pl, f"于{event_date(rng)}未按规定停车，依据{case_number(rng)}处罚。"],
        ["乘客", (name, "person_name"), f"称其于{event_date(rng)}在{company_name(rng)}的车上遗失"
         "钱包，请联系", phone, "。"],
        ["来电人", (sur, "person_name"), f"{title}反映：{company_name(rng)}未按{case_number(rng)}"
         f"整改，热线{rng.choice(HOTLINES)}无人接听，回复请发邮箱", (email(rng), "email"), "。"],
        ["驾驶员", (name, "person_name"), "，", (birth_date(rng).strftime("%Y年%-m月%-d日"),
                                               "birth_date"), "出生，住",
         (road_addr, "address"), "，申请退还押金", f"{rng.randrange(100, 5000)}元，银行卡号",
         (bank_card(rng), "bank_card"), "。"],
        [f"{event_date(rng)}起{route(rng)}调整线路，咨询电话{rng.choice(HOTLINES)}，"
         f"由{company_name(rng)}（统一社会信用代码{uscc(rng)}）负责运营。"],
        [f"市民反映{route(rng)}班次太少，等车超过{rng.randrange(20, 60)}分钟，建议增加车辆。"],
        ["投诉人", (name, "person_name"), "反映", pl, "车主长期占用公交站台，已转"
         f"{company_name(rng)}处理，结果依据{case_number(rng)}告知。"],
        ["举报人", (sur, "person_name"), f"{title}来电称，{rng.choice(ROADS)}附近有黑车揽客，车牌",
         pl, "，联系方式", phone, "。"],
        [(name, "person_name"), f"反映其在{route(rng)}上被多收车费{rng.randrange(2, 30)}元，"
         f"工单号GD{rng.randrange(10**8):08d}。"],
        ["请", (sur, "person_name"), f"师傅于{event_date(rng)}前到{company_name(rng)}办理从业资格证"
         "年审手续，详询12328。"],
        [f"{case_number(rng)}：对{company_name(rng)}（{uscc(rng)}）超限运输行为罚款"
         f"{rng.randrange(1, 30) * 1000}元。"],
        [f"乘客{rng.choice(('向司机', '钱包被偷后', '多次', '于是'))}反映，司机"
         f"{rng.choice(('严重超速', '高速行驶', '马上离开', '向乘客索要', '白天不开空调'))}，"
         f"车主{rng.choice(('万一', '方便时'))}请致电{rng.choice(HOTLINES)}，"
         f"市民{rng.choice(('反映', '于', '高度'))}关注{route(rng)}。"],
        ["联系人：", (name, "person_name"), "，手机", phone, "，邮箱", (email(rng), "email"),
         f"，反映{rng.choice(ROADS)}路灯损坏。"],
    ]
    return _assemble(rng.choice(templates))


def public_messages(n: int, seed: int = 4) -> list[Labelled]:
    """``n`` labelled public messages from a fixed seed."""
    rng = random.Random(seed)
    return [public_message(rng) for _ in range(n)]
