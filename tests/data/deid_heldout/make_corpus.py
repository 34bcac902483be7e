"""Write the held-out de-identification corpus (synthetic, fixed seed, standard library only).

Run:  python tests/data/deid_heldout/make_corpus.py [OUT_DIR]

It writes sentences-dev.jsonl, sentences-heldout.jsonl, rows-dev.jsonl and rows-heldout.jsonl
next to this file (or into OUT_DIR) and then checks them (see ``self_check``). Re-running gives
byte-identical files. The lexicons below were written for this corpus on purpose, without
looking at any detector's lists: a corpus built from the detector's own lists proves nothing.
Every value is synthetic: ID numbers and bank cards are drawn at random and given a correct
check character, phones are random numbers behind real prefixes.
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

SEED = 20241202
N_SENTENCES = 1500
N_ROWS = 300

# --------------------------------------------------------------------------------------------
# Lexicons (written for this corpus). Entries after the "|" in each pair of lists are used only
# by the held-out half, so that a name list tuned on the dev half does not cover it.
# --------------------------------------------------------------------------------------------

COMMON_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗梁宋唐许韩冯邓曹田董袁潘于蒋余杜叶程苏魏吕丁任"
    "沈姚卢姜崔谭陆汪范金石廖贾夏韦方白邹孟熊秦江薛段雷侯龙史陶黎贺顾毛龚邵万钱武戴莫孔汤"
)
COMMON_SURNAMES_HO = "尹郝严"
# Guangdong: Chaoshan, Hakka and Cantonese families common around Shanwei.
REGIONAL_SURNAMES = "卓赖洪詹颜庄蔡郑彭钟温邱曾巫饶练翁柯蓝游古池丘利官麦冼岑甘戚揭纪辜佘肖萧欧伍谢"
REGIONAL_SURNAMES_HO = "邝骆涂凌"
RARE_SURNAMES = "蚁乜植区刁缪粘仉宓贲冀喻晏鄢覃"
RARE_SURNAMES_HO = "禤郗訾昝"
COMPOUND_SURNAMES = ("司徒", "欧阳", "上官", "诸葛", "司马", "东方", "慕容", "端木", "皇甫",
                     "令狐", "尉迟", "公孙", "夏侯", "宇文")
COMPOUND_SURNAMES_HO = ("澹台", "轩辕", "南宫", "长孙")

GIVEN_1 = "伟芳敏静强磊军洋勇艳杰涛明超霞平刚辉鹏华锋斌婷雪琳炜灿钿璇蕙湛铧坤彬珊燕娟浩豪晴悦淳翔舜"
GIVEN_1_HO = "燊翀珺喆堃"
GIVEN_2 = (
    "志强 丽华 建国 永安 小明 晓燕 伟民 国栋 俊杰 秀英 桂英 少君 锦辉 惠珍 "
    "泽鸿 炳坤 潮生 汉文 佩玲 玉兰 美娟 海燕 晓东 振华 培森 楚鸿 梓涵 子轩 "
    "雨桐 欣怡 思琪 浩然 宇航 嘉豪 锦荣 金水 亚妹 桂香 木生 淑贞 丽娟 国强 "
    "耀祖 光明 德胜 秋菊 月娥 瑞珍 乐怡 家豪 文彬 旭东 春生 少芬 炳辉 伟雄 "
    "秀琴 惠玲 婉婷 展鹏 泽林 俊贤 晓虹 映红 坤龙 汉忠 细妹 添福 宝珠 卫东 "
    "红梅 素芳"
).split()
GIVEN_2_HO = "泽楷 钿钿 垚鑫 龑翔 燚辉 骉程 芃芃 蓁蓁 淼森 犇腾".split()
# Unusual characters combined with an ordinary one, in both halves.
UNUSUAL = "熠玥昊旸濠滢汐曦懿晟骞韬婧玟铠珏琰钰溢淇煜"
ORDINARY = "文明华建国丽新家永佳子嘉俊志"

# Roads, compounds and villages of 汕尾 (district prefix, roads).
ROADS = {
    "汕尾市城区": ["香洲路", "凤山路", "通港路", "新港路", "二马路", "三马路", "品清路", "汕尾大道",
               "海滨大道", "工业大道", "文明路", "香城路", "奎山路"],
    "海丰县": ["红城大道", "二环路", "人民南路", "海城镇龙津路", "新城路", "海银路", "三和路"],
    "陆丰市": ["东海大道", "人民路", "龙山路", "新河路", "金碣路", "东海镇迎宾路"],
    "陆河县": ["河田镇人民路", "朝阳路", "河田大道", "新河东路"],
    "红海湾经济开发区": ["田墘街道遮浪路", "东洲大道", "田墘大道"],
}
COMPOUNDS = ["香城花园", "海景豪庭", "金碧湾", "凤山花园", "翠园小区", "品清湖畔", "金町湾",
             "汕尾新城名都", "龙津花园", "东海明珠", "奎山新村", "海悦华府", "星河丹堤", "锦绣江南",
             "红城御景", "丽江花园", "滨海一号", "恒达广场", "新港小区", "东涌新村"]
COMPOUNDS_HO = ["碧水云天", "汕尾湾壹号", "逸景翠园", "海韵雅居"]
TOWNS = {
    "陆丰市": ["碣石镇", "甲子镇", "博美镇", "南塘镇", "桥冲镇", "金厢镇", "湖东镇", "内湖镇"],
    "海丰县": ["可塘镇", "梅陇镇", "公平镇", "赤坑镇", "联安镇", "鹅埠镇"],
    "陆河县": ["河田镇", "螺溪镇", "水唇镇", "东坑镇"],
    "红海湾经济开发区": ["田墘街道", "遮浪街道"],
    "汕尾市城区": ["红草镇", "马宫街道", "东涌镇", "捷胜镇"],
}
VILLAGE_A = "新后东西南北上下大石田林湖溪沙竹"
VILLAGE_B = "厝坎山埔寮围尾寨塘洋坑头美湖墩"
CN_NUM = "一二三四五六七八九十"

# Published contacts (kept, not personal). The bureau's and its units' come from
# datasets/organisation/data/units.csv; the operators below are invented for this corpus.
BUREAU_UNITS = [
    ("汕尾市交通运输局", "广东省汕尾市城区汕尾大道292号", "0660-3791974"),
    ("汕尾市交通运输局办公室", "广东省汕尾市城区汕尾大道280号", "0660-3470406"),
    ("汕尾市交通运输局人事科", "广东省汕尾市城区汕尾大道224号", "0660-3063109"),
    ("汕尾市交通运输局综运科", "广东省汕尾市城区汕尾大道86号", "0660-3253857"),
    ("汕尾市交通运输局财审科", "广东省汕尾市城区汕尾大道212号", "0660-3651506"),
    ("汕尾市交通运输局基建科", "广东省汕尾市城区汕尾大道278号", "0660-3482472"),
    ("汕尾市交通运输局规划科", "广东省汕尾市城区汕尾大道140号", "0660-3355212"),
    ("汕尾市交通运输综合行政执法局", "广东省汕尾市城区汕尾大道245号", "0660-3731743"),
    ("汕尾市公路事务中心城区分局", "广东省汕尾市城区汕尾大道107号", "0660-3888454"),
]
OPERATORS = [
    ("汕尾市公共交通有限公司", "汕尾市城区工业大道公交总站", "0660-3325180"),
    ("汕尾市城区顺达出租汽车有限公司", "汕尾市城区通港路客运站二楼", "0660-3398216"),
    ("海丰县通达客运有限公司", "海丰县红城大道汽车总站", "0660-6612703"),
    ("陆丰市鸿运客运有限公司", "陆丰市东海大道客运中心", "0660-8829915"),
]
OPERATORS_HO = [("陆河县通衢公交有限公司", "陆河县河田镇河田大道公交场站", "0660-5501836")]
OTHER_ORGS = ["汕尾市公安局交通警察支队", "汕尾市12345政务服务便民热线", "汕尾市政务服务数据管理局",
              "汕尾市城区人民政府", "海丰县交通运输局", "陆丰市交通运输局", "汕尾市人民政府"]
HOTLINES = ["12345", "12328", "0660-12345"]
HOTLINES_HO = ["12328转2", "400-830-6600"]

ROLE_WORDS = ["投诉人", "当事人", "来信人", "举报人", "驾驶员", "经办人", "车主", "乘客", "申请人",
              "联系人", "来电人", "委托代理人"]
ROLE_WORDS_HO = ["反映人", "诉求人", "报案人", "涉事司机"]
KIN_WORDS = ["我父亲", "我母亲", "我儿子", "我女儿", "我丈夫", "我爱人", "我老婆", "我哥哥",
             "我弟弟",
             "我爷爷", "我外公", "我姐姐"]
KIN_WORDS_HO = ["我外婆", "我侄子", "我舅舅", "我家公"]
HONORIFICS = ["先生", "女士"]
SELF_INTRO = ["我叫{n}", "本人{n}", "我是{v}村民{n}", "我是{n}", "本人叫{n}"]
SELF_INTRO_HO = ["鄙人{n}", "我的名字是{n}", "在下{n}"]
PHONE_LEADS = ["联系电话：", "电话", "手机", "手机号码：", "联系方式：", "我的电话是", "本人手机"]
PHONE_LEADS_HO = ["回拨号码", "可拨打", "号码是"]

ISSUES = [
    "出租车拒载", "出租车绕路多收费", "公交车不按站点停靠", "公交车司机服务态度差",
    "网约车乘客遗失物品",
    "道路施工围挡占道", "路灯损坏", "货车超载碾压村道", "路面坑洼积水", "公交站台缺少遮雨棚",
    "违停罚单有异议", "驾校退费", "客运站售票窗口排长队", "城际班车取消班次", "共享单车乱停放",
]
ISSUES_HO = ["摩的非法营运", "渡口客船超员", "电动自行车上牌难"]
FINDINGS = [
    "该车所属公司已对驾驶员进行批评教育并扣减服务质量信誉分",
    "施工单位已于本周内完成围挡整改",
    "公交公司已调整该线路发车间隔至15分钟",
    "执法人员已到现场核查，情况属实",
    "该路段已列入今年养护计划，预计下月完成修复",
    "相关费用已按规定退还",
    "因该线路客流不足，暂停运营，请您谅解",
]
CLOSINGS = ["感谢您对交通运输工作的关心和支持。", "再次感谢您的来电。", "祝您生活愉快！",
            "如对处理结果不满意，可在收到答复之日起十五日内申请复核。"]
RECEIPT_LEADS = ["票据号码：", "票据号码", "发票号码：", "非税收入缴款书号码", "电子票据号码："]
RECEIPT_LEADS_HO = ["收据编号", "缴款码"]
BUS_ROUTES = ["1路", "3路", "7路", "11路", "15路", "汕尾至海丰城际", "K2路", "陆丰6路"]
STOPS = ["汕尾客运站", "市人民医院", "品清湖", "凤山祖庙", "汕尾高铁站", "新城中心", "海丰汽车站",
         "陆丰东海大道口", "红海湾遮浪", "城区政府"]

GD_REGIONS = ["441502", "441521", "441523", "441581", "441500", "441503"]
OTHER_REGIONS = ["440301", "440106", "445102", "445202", "441402", "441302", "440511", "441621",
                 "110105", "350203", "360102", "430102", "450102", "510107", "441881"]
MOBILE_PREFIXES = ["134", "135", "136", "137", "138", "139", "147", "150", "151", "152", "157",
                   "158", "159", "172", "178", "182", "183", "184", "187", "188", "195", "198",
                   "130", "131", "132", "145", "155", "156", "166", "175", "176", "185", "186",
                   "196", "133", "153", "173", "177", "180", "181", "189", "190", "191", "193",
                   "199", "192"]
CARD_IINS = ["622202", "621700", "622848", "621661", "622588", "623668", "622908", "621483",
             "625965", "628288"]
OTHER_PLATES = ["闽E", "湘A", "赣B", "桂A", "川A", "浙A", "京A", "豫C", "粤B", "粤A", "粤D", "粤V",
                "粤U", "粤M", "粤L", "鄂A"]
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
SYLLABLES = ("zhang li wei ming hua jun xiao hong lin chen zhuo lai yan zeng qiu wen zhong peng "
             "cai zhuang hao jie ying mei fang tao xin yu bo").split()
MAIL_DOMAINS = ["163.com", "126.com", "qq.com", "139.com", "sina.com", "foxmail.com", "189.cn",
                "yeah.net", "gmail.com"]

PUBLIC_NUMBERS = {u[2] for u in BUREAU_UNITS + OPERATORS + OPERATORS_HO}

# The forms every half must contain at least MIN_FORM times (sentences files).
REQUIRED_FORMS = {
    "person_name": ["role", "bare", "honorific", "kinship", "self_intro", "signature", "list",
                    "subject", "split_space"],
    "phone": ["plain", "dashes", "dots", "digit_spaces", "fullwidth", "chinese_numerals",
              "mixed_numerals", "split_words", "plus86", "local7", "landline_0660"],
    "id_number": ["plain", "grouped_6_6_6", "grouped_4", "x_check", "fullwidth", "legacy15"],
    "bank_card": ["plain", "grouped_4", "grouped_6"],
    "email": ["plain", "at_word", "paren_at", "bracket_at", "hash_note", "spaced_at",
              "fullwidth"],
    "plate": ["dot", "nodot", "spaced", "new_energy", "other_province"],
    "address": ["road_number", "compound_unit", "village"],
    "birth_date": ["words"],
}
REQUIRED_SHAPES = ["chars:2", "chars:3", "chars:4", "surname:rare", "surname:compound",
                   "surname:regional"]
MIN_FORM = 20


# --------------------------------------------------------------------------------------------
# Check characters.
# --------------------------------------------------------------------------------------------

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_check(body17: str) -> str:
    """GB 11643 (ISO 7064 MOD 11-2) check character of a 17-digit body."""
    s = sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS, strict=True))
    return "10X98765432"[s % 11]


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def luhn_complete(body: str) -> str:
    for c in "0123456789":
        if luhn_ok(body + c):
            return body + c
    raise AssertionError("unreachable")


def fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def normalise_digits(s: str) -> str:
    """Half-width digits and X of a span, without separators (for the self-check)."""
    out = []
    for c in s:
        if "\uff01" <= c <= "\uff5e":
            c = chr(ord(c) - 0xFEE0)
        if c.isdigit() or c in "Xx":
            out.append(c.upper())
    return "".join(out)


# --------------------------------------------------------------------------------------------
# A text builder that records spans while the text is written, so offsets cannot drift.
# --------------------------------------------------------------------------------------------


class Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.spans: list[dict[str, Any]] = []
        self.keep: list[dict[str, Any]] = []

    def t(self, s: str) -> Builder:
        self.parts.append(s)
        self.length += len(s)
        return self

    def pii(self, value: str, category: str, form: str, **extra: Any) -> Builder:
        span = {"start": self.length, "end": self.length + len(value), "category": category,
                "form": form}
        span.update(extra)
        self.spans.append(span)
        return self.t(value)

    def kept(self, value: str, category: str) -> Builder:
        self.keep.append({"start": self.length, "end": self.length + len(value),
                          "category": category})
        return self.t(value)

    def text(self) -> str:
        return "".join(self.parts)


class Gen:
    """Draws synthetic values; ``heldout`` widens the lexicons and phrasings."""

    def __init__(self, seed: int, heldout: bool) -> None:
        self.r = random.Random(seed)
        self.heldout = heldout

    # -- helpers -------------------------------------------------------------------------
    def pick(self, common: Sequence[Any], extra: Sequence[Any] = ()) -> Any:
        pool = list(common) + (list(extra) if self.heldout else [])
        return self.r.choice(pool)

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def digits(self, n: int) -> str:
        return "".join(self.r.choice("0123456789") for _ in range(n))

    # -- persons -------------------------------------------------------------------------
    def surname(self, kind: str | None = None) -> tuple[str, str]:
        kind = kind or self.r.choices(["common", "regional", "rare", "compound"],
                                      [45, 30, 12, 13])[0]
        if kind == "common":
            return self.pick(COMMON_SURNAMES, COMMON_SURNAMES_HO), kind
        if kind == "regional":
            return self.pick(REGIONAL_SURNAMES, REGIONAL_SURNAMES_HO), kind
        if kind == "rare":
            return self.pick(RARE_SURNAMES, RARE_SURNAMES_HO), kind
        return self.pick(COMPOUND_SURNAMES, COMPOUND_SURNAMES_HO), kind

    def given(self, n: int) -> str:
        if n == 1:
            return str(self.pick(GIVEN_1, GIVEN_1_HO))
        if self.chance(0.25):
            a, b = self.r.choice(UNUSUAL), self.r.choice(ORDINARY)
            return a + b if self.chance(0.5) else b + a
        return str(self.pick(GIVEN_2, GIVEN_2_HO))

    def person(self, kind: str | None = None) -> tuple[str, str]:
        """(surname, given name)."""
        sur, _ = self.surname(kind)
        n = 1 if self.chance(0.25) else 2
        return sur, self.given(n)

    def name_span(self, b: Builder, form: str, person: tuple[str, str] | None = None,
                  sep: str = "", **extra: Any) -> tuple[str, str]:
        sur, giv = person or self.person()
        kind = ("compound" if len(sur) == 2 else "rare" if sur in RARE_SURNAMES + RARE_SURNAMES_HO
                else "regional" if sur in REGIONAL_SURNAMES + REGIONAL_SURNAMES_HO else "common")
        b.pii(sur + sep + giv, "person_name", form, chars=len(sur + giv), surname=kind, **extra)
        return sur, giv

    def kin_or_bare(self, b: Builder) -> None:
        """A relative: 母亲张三 (kinship form)."""
        b.t(self.pick(["父亲", "母亲", "儿子", "女儿"], ["外婆", "舅舅"]))
        self.name_span(b, "kinship")

    # -- numbers -------------------------------------------------------------------------
    def birth(self) -> date:
        return date(1940, 1, 1) + timedelta(days=self.r.randrange(365 * 66))

    def id18(self, force_x: bool = False, born: date | None = None) -> str:
        while True:
            region = self.r.choice(GD_REGIONS) if self.chance(0.7) else self.r.choice(OTHER_REGIONS)
            d = born or self.birth()
            body = region + d.strftime("%Y%m%d") + self.digits(3)
            c = id_check(body)
            if not force_x or c == "X":
                return body + c

    def id15(self, born: date | None = None) -> str:
        d = born or date(1930, 1, 1) + timedelta(days=self.r.randrange(365 * 60))
        return self.r.choice(GD_REGIONS[:4]) + d.strftime("%y%m%d") + self.digits(3)

    def mobile(self) -> str:
        return self.r.choice(MOBILE_PREFIXES) + self.digits(8)

    def local7(self) -> str:
        while True:
            n = self.r.choice("38") + self.digits(6)
            if "0660-" + n not in PUBLIC_NUMBERS:
                return n

    def card(self) -> str:
        kind = self.r.random()
        if kind < 0.75:
            iin, length = self.r.choice(CARD_IINS), self.r.choice([16, 19, 19, 17, 18])
        elif kind < 0.88:
            iin, length = "4" + self.digits(5), 16
        else:
            iin, length = "5" + self.r.choice("12345") + self.digits(4), 16
        return luhn_complete(iin + self.digits(length - len(iin) - 1))

    def receipt(self) -> str:
        """18 digits, neither a valid ID number nor a Luhn-valid card (a trap for both)."""
        while True:
            if self.chance(0.5):  # looks like an ID body (region + date) with a wrong check
                d = self.birth()
                body = self.r.choice(GD_REGIONS) + d.strftime("%Y%m%d") + self.digits(3)
                wrong = [c for c in "0123456789" if c != id_check(body)]
                n = body + self.r.choice(wrong)
            else:
                n = self.r.choice("123456789") + self.digits(17)
                if id_check(n[:17]) == n[17]:
                    continue
            if not luhn_ok(n):
                return n

    def case_number(self) -> str:
        y = self.r.randint(2019, 2025)
        fmt = self.r.randrange(6)
        if fmt == 0:
            return f"汕交罚〔{y}〕{self.r.randint(1, 300)}号"
        if fmt == 1:
            return f"汕交执罚字〔{y}〕第{self.r.randint(1, 999):04d}号"
        if fmt == 2:
            return f"汕交执法罚决字〔{y}〕第{self.r.randint(1, 9999):05d}号"
        if fmt == 3:
            return f"{self.r.choice('海陆')}交罚〔{y}〕{self.r.randint(1, 99)}号"
        if fmt == 4:
            return f"汕交罚[{y}]{self.r.randint(1, 300)}号"
        return f"粤汕交执罚决字〔{y}〕{self.r.randint(1, 999):03d}号"

    def ticket_number(self) -> str:
        """A 12345 work-order number (kept as a case number)."""
        y, m, d = self.r.randint(2019, 2025), self.r.randint(1, 12), self.r.randint(1, 28)
        if self.chance(0.5):
            return f"SW{y}{m:02d}{d:02d}{self.digits(5)}"
        return f"{y}{m:02d}{d:02d}{self.digits(6)}"  # 14 digits: neither phone, ID nor card

    def plate_serial(self) -> str:
        letter = self.r.choice(PLATE_LETTERS)
        style = self.r.choices(range(5), [45, 20, 15, 10, 10])[0]
        if style == 0:
            return letter + self.digits(4)
        if style == 1:
            return self.digits(5)
        if style == 2:
            return letter + self.r.choice(PLATE_LETTERS) + self.digits(3)
        if style == 3:
            return self.digits(1) + letter + self.digits(3)
        return self.digits(4) + letter

    # -- addresses -----------------------------------------------------------------------
    def road_address(self) -> str:
        district = self.r.choice(list(ROADS))
        road = self.r.choice(ROADS[district])
        while True:
            num = self.r.randint(1, 399)
            s = f"{district}{road}{num}号"
            if not any(s in u[1] for u in BUREAU_UNITS):
                break
        if self.chance(0.3):
            s += self.r.choice([f"{self.r.randint(2, 9)}楼", f"之{self.r.randint(1, 3)}",
                                f"{self.r.randint(1, 6)}0{self.r.randint(1, 6)}房"])
        if self.chance(0.2):
            s = "广东省" + s
        return s

    def compound_address(self) -> str:
        c = self.pick(COMPOUNDS, COMPOUNDS_HO)
        fl, rm = self.r.randint(1, 32), self.r.randint(1, 6)
        style = self.r.randrange(4)
        if style == 0:
            s = f"{c}{self.r.randint(1, 20)}栋{fl}{rm:02d}房"
        elif style == 1:
            s = f"{c}{self.r.randint(1, 9)}座{fl}{rm:02d}"
        elif style == 2:
            s = f"{c}{self.r.choice('ABCD')}区{self.r.randint(1, 12)}幢{fl}0{rm}室"
        else:
            s = f"{c}{self.r.randint(1, 15)}号楼{self.r.randint(1, 3)}单元{fl}{rm:02d}"
        if self.chance(0.35):
            s = self.r.choice(["汕尾市城区", "城区", "海丰县", "陆丰市"]) + s
        return s

    def village(self) -> str:
        return self.r.choice(VILLAGE_A) + self.r.choice(VILLAGE_B) + "村"

    def village_address(self) -> str:
        county = self.r.choice(list(TOWNS))
        town = self.r.choice(TOWNS[county])
        lane = self.r.randrange(3)
        if lane == 0:
            tail = f"{CN_NUM[self.r.randrange(9)]}巷{self.r.randint(1, 40)}号"
        elif lane == 1:
            tail = f"{self.r.randint(1, 12)}队{self.r.randint(1, 90)}号"
        else:
            tail = f"{self.r.choice(['东', '西', '南', '北', '新'])}区{self.r.randint(1, 60)}号"
        prefix = county if self.chance(0.7) else ""
        return f"{prefix}{town}{self.village()}{tail}"

    def event_date(self) -> str:
        d = date(2022, 1, 1) + timedelta(days=self.r.randrange(1000))
        return f"{d.year}年{d.month}月{d.day}日"

    # -- slots: each writes a lead-in and a value into the builder -------------------------
    def phone(self, b: Builder, form: str | None = None, lead: bool = True,
              number: str | None = None, **extra: Any) -> str:
        forms = REQUIRED_FORMS["phone"] + ["grouped_spaces"]
        if not lead:  # after 打我电话 or in brackets a 座机 word would not fit
            forms.remove("local7")
        form = form or self.r.choice(forms)
        if lead and form not in ("local7", "split_words"):
            b.t(self.pick(PHONE_LEADS, PHONE_LEADS_HO))
        m = number or self.mobile()
        if form == "local7":
            n = self.local7()
            # A bare 7-digit number is personal only with its word (座机, 家里电话).
            b.t(self.pick(["座机", "家里电话", "家中座机", "固话"], ["宅电", "屋企电话"]))
            b.pii(n, "phone", form, **extra)
            return n
        if form == "landline_0660":
            n = self.local7()
            v = self.r.choice([f"0660-{n}", f"（0660）{n}", f"0660 {n}", f"(0660){n}", f"0660{n}"])
            b.pii(v, "phone", form, **extra)
            return v
        v = m
        if form == "dashes":
            v = self.r.choice([f"{m[:3]}-{m[3:7]}-{m[7:]}", f"{m[:3]}-{m[3:]}"])
        elif form == "dots":
            v = f"{m[:3]}.{m[3:7]}.{m[7:]}"
        elif form == "grouped_spaces":
            v = f"{m[:3]} {m[3:7]} {m[7:]}"
        elif form == "digit_spaces":
            v = " ".join(m)
        elif form == "fullwidth":
            v = self.r.choice(["\u3000".join(fullwidth(p) for p in (m[:3], m[3:7], m[7:])),
                               fullwidth(m)])
        elif form == "chinese_numerals":
            zero, one = self.r.choice("零〇"), self.r.choice(["一", "幺"])
            v = "".join({"0": zero, "1": one}.get(c, CN_NUM[int(c) - 1] if c != "0" else zero)
                        for c in m)
        elif form == "mixed_numerals":
            cut = self.r.randint(3, 8)
            one = self.r.choice(["一", "幺"])

            def words(ds: str) -> str:
                return "".join(one if c == "1" else "零" if c == "0" else CN_NUM[int(c) - 1]
                               for c in ds)

            # Numerals first or digits first, the digit order always that of the number.
            v = words(m[:cut]) + m[cut:] if self.chance(0.5) else m[:cut] + words(m[cut:])
        elif form == "split_words":
            if lead:
                b.t(self.r.choice(["我手机", "电话", "号码"]))
            v = self.pick([f"{m[:3]}，后八位是{m[3:]}", f"前三位{m[:3]}，后面是{m[3:]}",
                           f"{m[:7]}，最后四位是{m[7:]}"],
                          [f"{m[:3]}开头，接着{m[3:7]}，末尾{m[7:]}"])
        elif form == "plus86":
            v = self.r.choice([f"+86 {m}", f"+86-{m[:3]}-{m[3:7]}-{m[7:]}", f"0086 {m}",
                               f"+86{m}", f"0086-{m}"])
        b.pii(v, "phone", form, **extra)
        return v

    def id_number(self, b: Builder, form: str | None = None, lead: bool = True,
                  value: str | None = None, **extra: Any) -> str:
        form = form or self.r.choice(REQUIRED_FORMS["id_number"] + ["grouped_6_8_4"])
        if lead:
            b.t(self.pick(["身份证号码：", "身份证号", "公民身份号码", "身份证：", "证件号码："],
                          ["身份证号码为", "证件号"]))
        n = value or (self.id15() if form == "legacy15" else self.id18(force_x=form == "x_check"))
        v = n
        if form == "grouped_6_6_6":
            v = f"{n[:6]} {n[6:12]} {n[12:]}"
        elif form == "grouped_6_8_4":
            v = f"{n[:6]} {n[6:14]} {n[14:]}"
        elif form == "grouped_4":
            v = " ".join(n[i:i + 4] for i in range(0, 18, 4))
        elif form == "fullwidth":
            v = fullwidth(n)
        elif form == "x_check" and self.chance(0.2):
            v = n[:-1] + "x"
        b.pii(v, "id_number", form, **extra)
        return n

    def bank_card(self, b: Builder, form: str | None = None, lead: bool = True) -> str:
        form = form or self.r.choice(REQUIRED_FORMS["bank_card"])
        if lead:
            b.t(self.pick(["银行卡号：", "卡号", "银行账号：", "收款账号"],
                          ["退款账户", "借记卡号"]))
        n = self.card()
        v = n
        if form == "grouped_4":
            v = " ".join(n[i:i + 4] for i in range(0, len(n), 4))
        elif form == "grouped_6":
            v = f"{n[:6]} {n[6:]}"
        b.pii(v, "bank_card", form)
        return n

    def email(self, b: Builder, form: str | None = None, lead: bool = True) -> None:
        form = form or self.r.choice(REQUIRED_FORMS["email"])
        if lead:
            b.t(self.pick(["邮箱：", "电子邮箱", "邮箱", "E-mail："], ["电邮", "邮件地址"]))
        dom = self.r.choice(MAIL_DOMAINS)
        if dom == "qq.com":
            local = self.r.choice("123456789") + self.digits(self.r.randint(5, 9))
        else:
            local = "".join(self.r.choice(SYLLABLES) for _ in range(self.r.randint(1, 3)))
            if self.chance(0.6):
                local += self.digits(self.r.randint(2, 4))
            if self.chance(0.2) and len(local) > 5:
                local = local[:4] + self.r.choice("._") + local[4:]
        host, _, tld = dom.partition(".")
        if form == "plain":
            v = f"{local}@{dom}"
        elif form == "at_word":
            v = self.r.choice([f"{local} at {host} dot {tld}", f"{local} AT {host} DOT {tld}"])
        elif form == "paren_at":
            v = self.r.choice([f"{local}(at){dom}", f"{local}（at）{dom}"])
        elif form == "bracket_at":
            v = self.r.choice([f"{local}[at]{dom}", f"{local}[at]{host}[dot]{tld}"])
        elif form == "hash_note":
            v = f"{local}#{dom}"
        elif form == "spaced_at":
            v = self.r.choice([f"{local} @ {dom}", f"{local} @{dom}", f"{local}@ {dom}"])
        else:
            v = f"{local}＠{host}．{tld}"
        b.pii(v, "email", form)
        if form == "hash_note":
            b.t(self.pick(["（把#换成@）", "（发送时请把#换成@）", "（#改成@）"], ["（#即@）"]))

    def plate(self, b: Builder, form: str | None = None, **extra: Any) -> str:
        form = form or self.r.choice(REQUIRED_FORMS["plate"])
        ser = self.plate_serial()
        if form == "dot":
            v = f"粤N·{ser}"
        elif form == "nodot":
            v = f"粤N{ser}"
        elif form == "spaced":
            v = self.r.choice([f"粤 N {ser}", f"粤N {ser}", f"粤 N·{ser}"])
        elif form == "new_energy":
            d = self.r.choice("DF")
            style = self.r.randrange(4)
            v = ("粤N·" + d + self.digits(5) if style == 0 else
                 "粤N" + d + self.digits(5) if style == 1 else
                 "粤N·" + d + self.r.choice(PLATE_LETTERS) + self.digits(4) if style == 2 else
                 "粤N·" + self.digits(5) + d)
        else:
            v = f"{self.r.choice(OTHER_PLATES)}{self.r.choice(['·', '', '·'])}{ser}"
        b.pii(v, "plate", form, **extra)
        return v

    def address(self, b: Builder, form: str | None = None) -> str:
        form = form or self.r.choice(REQUIRED_FORMS["address"])
        v = (self.road_address() if form == "road_number" else
             self.compound_address() if form == "compound_unit" else self.village_address())
        b.pii(v, "address", form)
        return v

    def birth_date(self, b: Builder, form: str | None = None, born: date | None = None) -> None:
        form = form or ("words" if self.chance(0.75) else "numeric")
        d = born or self.birth()
        if form == "words":
            v = self.r.choice([f"{d.year}年{d.month}月{d.day}日",
                               f"{d.year}年{d.month:02d}月{d.day:02d}日"])
        else:
            v = self.r.choice([d.isoformat(), d.strftime("%Y.%m.%d"), d.strftime("%Y/%m/%d")])
        b.pii(v, "birth_date", form)

    # -- kept public values ----------------------------------------------------------------
    def unit(self) -> tuple[str, str, str]:
        return self.pick(BUREAU_UNITS + OPERATORS, OPERATORS_HO)  # type: ignore[no-any-return]

    def public_phone(self, b: Builder) -> None:
        if self.chance(0.5):
            b.kept(self.unit()[2], "public_phone")
        else:
            b.kept(self.pick(HOTLINES, HOTLINES_HO), "public_phone")

    def public_address(self, b: Builder, unit: tuple[str, str, str] | None = None) -> None:
        u = unit or self.unit()
        addr = u[1] if self.chance(0.6) else u[1].removeprefix("广东省")
        b.kept(addr, "public_address")

    def org(self, b: Builder) -> tuple[str, str, str]:
        if self.chance(0.3):
            name = self.r.choice(OTHER_ORGS)
            b.kept(name, "org_name")
            return (name, "", "")
        u = self.unit()
        b.kept(u[0], "org_name")
        return u


# --------------------------------------------------------------------------------------------
# Sentence templates. Each takes a Gen and a Builder and returns the style.
# --------------------------------------------------------------------------------------------

Template = Callable[[Gen, Builder], str]


def t_12345_reply(g: Gen, b: Builder) -> str:
    g.name_span(b, "honorific")
    b.t(g.pick(HONORIFICS, ["同志"]) + g.pick(["：您好！", "，您好！", "：\n您好！"], ["：你好！"]))
    how = g.r.randrange(3)
    if how == 1:
        b.t("感谢您通过").kept("12345", "public_phone").t("热线反映问题。")
    else:
        b.t("感谢您的来电。" if how == 0 else "您的来电已收悉。")
    if g.chance(0.4):
        b.t(g.pick(["工单号：", "工单编号"], ["诉求编号："]))
        b.kept(g.ticket_number(), "case_number")
        b.t("。")
    b.t(f"您反映的“{g.pick(ISSUES, ISSUES_HO)}”问题，经核实，{g.r.choice(FINDINGS)}。")
    if g.chance(0.3):
        b.t("如需进一步了解，可联系经办人")
        g.name_span(b, "role")
        b.t("，电话")
        b.kept(g.unit()[2], "public_phone")
        b.t("。")
    b.t("如有疑问，可拨打")
    g.public_phone(b)
    b.t("咨询。" + g.r.choice(CLOSINGS))
    return "12345-reply"


def t_taxi_complaint(g: Gen, b: Builder) -> str:
    b.t(g.pick(ROLE_WORDS[:4], ROLE_WORDS_HO))
    g.name_span(b, "role")
    b.t("（")
    g.phone(b)
    b.t(f"）反映：{g.event_date()}晚上在{g.r.choice(STOPS)}乘坐车牌号为")
    g.plate(b)
    b.t(f"的出租车，司机{g.r.choice(['拒绝打表', '绕路', '中途甩客', '多收车费20元'])}。")
    if g.chance(0.5):
        b.t("驾驶员")
        g.name_span(b, "role")
        b.t("已被约谈。")
    b.t("请")
    g.org(b)
    b.t("依法处理。")
    return "complaint"


def t_mayor_mailbox(g: Gen, b: Builder) -> str:
    b.t(g.r.choice(["尊敬的市长：\n", "市长您好：\n", "尊敬的领导：\n"]))
    intro = g.pick(SELF_INTRO, SELF_INTRO_HO)
    pre, _, post = intro.partition("{n}")
    if "{v}" in pre:
        county = g.r.choice(list(TOWNS))
        pre = pre.replace("{v}", county + g.r.choice(TOWNS[county]) + g.village())
    b.t(pre)
    g.name_span(b, "self_intro")
    b.t(post + "，")
    if g.chance(0.5):
        b.t("住在")
        g.address(b)
        b.t("，")
    b.t(f"想反映{g.pick(ISSUES, ISSUES_HO)}的问题。")
    b.t(g.r.choice(["已经一年多了，", "多次打电话没人管，", "村民意见很大，"]))
    b.t("希望尽快解决。")
    if g.chance(0.6):
        g.phone(b)
        b.t("。")
    if g.chance(0.4):
        g.id_number(b)
        b.t("。")
    if g.chance(0.3):
        b.t("材料可发")
        g.email(b)
        b.t("。")
    b.t(g.r.choice(["\n此致\n敬礼！\n", "\n此致 敬礼！ ", "\n谢谢！\n", "\n"]))
    g.name_span(b, "signature")
    b.t(g.r.choice(["\n", " ", "\n"]) + g.event_date())
    return "mayor-mailbox"


def t_penalty(g: Gen, b: Builder) -> str:
    b.kept(g.case_number(), "case_number")
    b.t("\n当事人：")
    g.name_span(b, "role")
    # Sex, birth date and ID number agree, as they do in a real decision.
    form = g.r.choice(REQUIRED_FORMS["id_number"] + ["grouped_6_8_4"])
    born = g.birth()
    if form == "legacy15":
        born = date(1935, 1, 1) + timedelta(days=g.r.randrange(365 * 50))  # issued before 1999
        pid = g.id15(born)
    else:
        pid = g.id18(force_x=form == "x_check", born=born)
    b.t(f"，性别：{'男' if int(pid[-2 if len(pid) == 18 else -1]) % 2 else '女'}，")
    if g.chance(0.8):
        g.birth_date(b, born=born)
        b.t("出生，")
    g.id_number(b, form, value=pid)
    b.t("，住址：")
    g.address(b)
    b.t("。\n经查，当事人于" + g.event_date() + "驾驶")
    g.plate(b)
    b.t(g.r.choice(["货车在S241线陆丰段超限运输，超限率32%", "客车未按核定线路运营",
                    "小型车辆未取得经营许可从事网约车经营", "货车在国道G324海丰段违法超限运输"]))
    law = g.r.choice(["公路安全保护条例", "道路运输条例", "网络预约出租汽车经营服务管理暂行办法"])
    b.t(f"。依据《{law}》，")
    b.t(f"决定处以罚款人民币{g.r.randint(2, 30) * 500}元。罚款已缴纳，")
    b.t(g.pick(RECEIPT_LEADS, RECEIPT_LEADS_HO))
    b.kept(g.receipt(), "receipt_number")
    b.t("。如不服本决定，可在六十日内向")
    b.kept(g.r.choice(["汕尾市人民政府", "汕尾市交通运输局"]), "org_name")
    b.t("申请行政复议。执法机关：")
    u = g.unit()
    b.kept(u[0], "org_name")
    b.t("，地址：")
    g.public_address(b, u)
    b.t("，电话：")
    b.kept(u[2], "public_phone")
    b.t("。")
    return "penalty-decision"


def t_message(g: Gen, b: Builder) -> str:
    b.t("我家住")
    g.address(b, g.r.choice(["compound_unit", "road_number"]))
    b.t(f"，楼下{g.r.choice(sum(ROADS.values(), []))}修路")
    b.t(g.r.choice(["半年了，", "三个月了，", "一直没完工，"]))
    b.t("晚上施工噪音很大，希望有关部门管一管。")
    g.phone(b)
    if g.chance(0.6):
        b.t("，")
        g.email(b)
    b.t("。")
    return "message"


def t_kinship(g: Gen, b: Builder) -> str:
    b.t(g.pick(KIN_WORDS, KIN_WORDS_HO))
    g.name_span(b, "kinship")
    b.t(f"今年{g.r.randint(60, 88)}岁，{g.event_date()}在{g.r.choice(STOPS)}")
    b.t(f"乘坐{g.r.choice(BUS_ROUTES)}")
    b.t("公交车时因司机急刹车摔倒受伤，")
    if g.chance(0.5):
        pre, post = g.pick([("老人是", "出生的，"), ("其出生日期为", "，"), ("出生于", "，")],
                           [("伊是", "出世的，")])
        b.t(pre)
        g.birth_date(b, "words")
        b.t(post)
    b.t("要求")
    g.org(b)
    b.t("给个说法。")
    if g.chance(0.5):
        g.phone(b)
        b.t("。")
    return "complaint"


def t_list(g: Gen, b: Builder) -> str:
    k = g.r.randint(2, 4)
    for i in range(k):
        if i:
            b.t("、")
        g.name_span(b, "list")
    b.t(f"等{g.r.randint(k + 2, 40)}户居民联名反映：")
    b.t(f"村口{g.r.choice(['货车超载碾压村道', '公交站被取消', '路灯坏了半年'])}，")
    b.t("请求")
    g.org(b)
    b.t("协调解决。")
    if g.chance(0.5):
        b.t("联系人")
        g.name_span(b, "role")
        b.t("，")
        g.phone(b, lead=False)
        b.t("。")
    return "list"


def t_subject(g: Gen, b: Builder) -> str:
    pre, post = g.pick([("关于", "反映"), ("关于", "同志来信反映"), ("对", "投诉"),
                        ("关于", "来电")],
                       [("对", "信访事项"), ("", "诉求")])
    b.t(pre)
    g.name_span(b, "subject")
    b.t(f"{post}{g.pick(ISSUES, ISSUES_HO)}问题的")
    b.t(g.r.choice(["答复", "回复", "处理意见", "办理情况"]))
    if g.chance(0.5):
        b.t("\n")
        b.kept(g.r.choice([u[0] for u in BUREAU_UNITS]), "org_name")
        b.t(" " + g.event_date())
    return "subject"


def t_signature(g: Gen, b: Builder) -> str:
    b.t(f"{g.pick(ISSUES, ISSUES_HO)}的问题已经反映过好几次了，请尽快处理。")
    b.t(g.r.choice(["\n此致\n敬礼！\n", "\n此致 敬礼！ ", "\n——", "\n市民 ", "\n"]))
    g.name_span(b, "signature")
    if g.chance(0.5):
        b.t(" ")
        g.phone(b, lead=False, form=g.r.choice(["plain", "dashes", "grouped_spaces"]))
    b.t(g.r.choice(["\n", " "]) + g.event_date())
    return "signature"


def t_bank_refund(g: Gen, b: Builder) -> str:
    b.t(f"驾校{g.r.choice(['退学', '报名后未安排练车', '重复收费'])}，")
    b.t("请将退款打到我的")
    g.bank_card(b)
    b.t("，户名")
    g.name_span(b, "bare")
    bank = g.r.choice(["工商银行汕尾分行", "农业银行海丰支行", "农村商业银行碣石支行",
                       "建设银行城区支行"])
    b.t(f"，开户行{bank}。")
    if g.chance(0.5):
        g.phone(b)
        b.t("。")
    return "complaint"


def t_parking(g: Gen, b: Builder) -> str:
    b.t("车主")
    g.name_span(b, "role")
    b.t("的车辆")
    g.plate(b)
    road = g.r.choice(sum(ROADS.values(), []))
    b.t(f"于{g.event_date()}在{road}违法停放，")
    b.kept(g.case_number(), "case_number")
    b.t(f"，罚款{g.r.choice([150, 200, 500])}元。")
    if g.chance(0.5):
        b.t(g.pick(RECEIPT_LEADS, RECEIPT_LEADS_HO))
        b.kept(g.receipt(), "receipt_number")
        b.t("。")
    return "penalty-decision"


def t_keep_notice(g: Gen, b: Builder) -> str:
    u = g.org(b)
    road = g.r.choice(sum(ROADS.values(), []))
    work = g.r.choice(["路面改造", "管线迁改", "交通标线施划", "桥梁维修"])
    b.t(f"定于{g.event_date()}起对{road}进行{work}，")
    b.t(f"施工期间{g.r.choice(BUS_ROUTES)}公交改道运行。咨询电话：")
    if u[2]:
        b.kept(u[2], "public_phone")
    else:
        g.public_phone(b)
    b.t("；办公地址：")
    g.public_address(b, u if u[1] else None)
    b.t("。")
    return "notice"


def t_keep_penalty_summary(g: Gen, b: Builder) -> str:
    b.kept(g.case_number(), "case_number")
    b.t(f"：某运输有限公司{g.r.choice(['未按规定维护车辆', '超限运输', '未取得经营许可'])}，")
    b.t(f"罚款{g.r.randint(1, 20)}000元。执法单位：")
    b.kept(g.r.choice(BUREAU_UNITS)[0], "org_name")
    b.t("；" + g.pick(RECEIPT_LEADS, RECEIPT_LEADS_HO))
    b.kept(g.receipt(), "receipt_number")
    b.t("；监督电话")
    g.public_phone(b)
    b.t("。")
    return "penalty-summary"


def t_keep_hotline(g: Gen, b: Builder) -> str:
    b.t(g.r.choice(["市民如发现出租车拒载、绕路等行为，可拨打", "交通运输服务监督电话：",
                    "对公交线路调整有意见的，请致电"]))
    g.public_phone(b)
    b.t("，或到")
    u = g.unit()
    b.kept(u[0], "org_name")
    b.t("（")
    g.public_address(b, u)
    b.t("）反映，工作时间周一至周五。")
    return "notice"


def t_self_intro(g: Gen, b: Builder) -> str:
    intro = g.pick(SELF_INTRO, SELF_INTRO_HO)
    pre, _, post = intro.partition("{n}")
    if "{v}" in pre:
        county = g.r.choice(list(TOWNS))
        pre = pre.replace("{v}", county + g.r.choice(TOWNS[county]) + g.village())
    b.t(pre)
    g.name_span(b, "self_intro")
    b.t(post + "，")
    g.id_number(b)
    b.t("，")
    g.phone(b)
    if g.chance(0.4):
        b.t("，")
        g.email(b)
    if g.chance(0.3):
        b.t("，出生日期")
        g.birth_date(b, "numeric")
    b.t(f"。我申请{g.r.choice(['道路运输从业资格证补办', '出租车驾驶员证注销', '货运车辆年审'])}，")
    b.t("材料已提交到")
    g.org(b)
    b.t("窗口。")
    return "message"


def t_split_name(g: Gen, b: Builder) -> str:
    b.t(g.r.choice(["联系人：", "经办人 ", "乘客", "姓名："]))
    g.name_span(b, "split_space", sep=g.r.choice([" ", " ", "\u3000", "  "]))
    b.t("，")
    g.phone(b)
    b.t(f"，{g.r.choice(['要求退票', '遗失钱包一个', '反映公交晚点'])}。")
    if g.chance(0.3):
        g.email(b)
        b.t("。")
    return "message"


def t_ticket_refund(g: Gen, b: Builder) -> str:
    b.t(f"{g.r.choice(['城际班车停运', '网上购票重复扣款', '出租车多收车费'])}，")
    b.t(g.pick(["麻烦把钱退回", "请退款到", "钱退到"], ["烦请原路退回或转到"]))
    g.bank_card(b, lead=g.chance(0.5))
    b.t("（")
    g.name_span(b, "bare")
    b.t("），")
    if g.chance(0.5):
        g.email(b)
    else:
        g.phone(b)
    b.t("。")
    return "complaint"


def t_driver(g: Gen, b: Builder) -> str:
    b.t(g.r.choice(["驾驶员", "经办人", "当事人"]))
    g.name_span(b, "role")
    b.t("，驾驶证号")
    g.id_number(b, lead=False)
    b.t("，驾驶")
    g.plate(b)
    b.t(f"于{g.event_date()}在{g.r.choice(sum(ROADS.values(), []))}被查获，")
    b.t("现场检查记录已由当事人签字确认。")
    return "penalty-decision"


def t_bare_names(g: Gen, b: Builder) -> str:
    b.t(g.r.choice(["今天上午", "昨天", f"{g.event_date()}"]))
    g.name_span(b, "bare")
    b.t(g.r.choice(["和", "与", "带着"]))
    g.name_span(b, "bare")
    b.t(f"到{g.r.choice(STOPS)}坐{g.r.choice(BUS_ROUTES)}，")
    b.t(f"{g.r.choice(['车一直没来', '司机不让带行李', '刷卡扣了两次钱'])}。")
    if g.chance(0.4):
        g.phone(b, "local7")
        b.t("。")
    return "message"


def t_contacts(g: Gen, b: Builder) -> str:
    b.t("我的联系方式：")
    g.phone(b, lead=False)
    b.t("；")
    g.email(b)
    b.t("；")
    g.phone(b, "local7")
    b.t("。")
    g.name_span(b, "bare")
    return "message"


def t_birth(g: Gen, b: Builder) -> str:
    b.t(g.pick(KIN_WORDS, KIN_WORDS_HO))
    g.name_span(b, "kinship")
    b.t("，")
    g.birth_date(b)
    b.t(g.r.choice(["出生，", "生，"]))
    b.t(f"持乘车优惠卡乘坐{g.r.choice(BUS_ROUTES)}时被拒绝刷卡，要求")
    g.org(b)
    b.t("核实。")
    return "complaint"


def t_mixed_reply(g: Gen, b: Builder) -> str:
    b.t("来电人")
    g.name_span(b, "role")
    b.t("（")
    g.phone(b, lead=False)
    b.t(f"）反映{g.pick(ISSUES, ISSUES_HO)}。")
    b.t("经核实，已转")
    g.org(b)
    b.t("办理，办理单号")
    b.kept(g.ticket_number(), "case_number")
    b.t("。承办单位电话")
    b.kept(g.unit()[2], "public_phone")
    b.t("。")
    return "12345-reply"


def t_keep_disclosure(g: Gen, b: Builder) -> str:
    b.t("根据《中华人民共和国政府信息公开条例》，")
    b.kept("汕尾市交通运输局", "org_name")
    b.t(f"（统一社会信用代码11441500MB2C000138，邮编516600）{g.r.randint(2019, 2025)}年共受理")
    b.kept("12345", "public_phone")
    b.t(f"热线转办工单{g.r.randint(300, 3000)}件，按时办结率{g.r.randint(90, 99)}.")
    b.t(f"{g.r.randint(0, 9)}%。其中出租车类{g.r.randint(20, 400)}件，")
    b.t(f"公交类{g.r.randint(20, 400)}件。")
    b.t("办理情况可致电")
    g.public_phone(b)
    b.t("查询，或到")
    u = g.r.choice(BUREAU_UNITS)
    g.public_address(b, u)
    b.t("查阅。")
    return "notice"


def t_overload(g: Gen, b: Builder) -> str:
    station = g.r.choice(["陆丰超限检测站", "海丰梅陇超限检测站", "G324线流动检测点",
                          "S240线治超点"])
    b.t(f"{g.event_date()}，执法人员在{station}对")
    g.plate(b)
    b.t(f"货车进行检测，车货总重{g.r.randint(45, 80)}.{g.r.randint(0, 9)}吨，")
    b.t(f"超限{g.r.randint(5, 90)}%。驾驶员")
    g.name_span(b, "role")
    b.t("（")
    g.id_number(b, lead=False)
    b.t("）对违法事实无异议，")
    b.kept(g.case_number(), "case_number")
    b.t("已送达。")
    return "penalty-decision"


def t_lost_found(g: Gen, b: Builder) -> str:
    b.t(f"{g.event_date()}，乘客")
    g.name_span(b, "role")
    thing = g.r.choice(["手机", "钱包", "行李箱", "身份证"])
    b.t(f"在{g.r.choice(BUS_ROUTES)}公交车上遗失{thing}，")
    b.t("驾驶员拾获后交到")
    u = g.org(b)
    b.t("，已通过失主留下的电话")
    g.phone(b, lead=False, form=g.r.choice(["plain", "dashes", "grouped_spaces", "landline_0660"]))
    b.t("联系归还。")
    if u[2] and g.chance(0.5):
        b.t("失物招领电话：")
        b.kept(u[2], "public_phone")
        b.t("。")
    return "notice"


# Templates only the held-out half uses.


def t_ho_record_sheet(g: Gen, b: Builder) -> str:
    b.t("当事人姓名：")
    g.name_span(b, "role")
    b.t(f"\t性别：{g.r.choice('男女')}\t出生日期：")
    g.birth_date(b)
    b.t("\t")
    g.id_number(b)
    b.t("\t联系电话：")
    g.phone(b, lead=False)
    b.t("\t住址：")
    g.address(b)
    b.t("\t案号：")
    b.kept(g.case_number(), "case_number")
    return "penalty-decision"


def t_ho_quoted(g: Gen, b: Builder) -> str:
    b.t("来信人自称“")
    g.name_span(b, "self_intro")
    b.t("”，")
    b.t(f"要求{g.r.choice(['公开', '答复'])}“")
    b.t(g.pick(ISSUES, ISSUES_HO))
    b.t("”的处理依据，并附其")
    g.kin_or_bare(b)
    b.t("的")
    g.id_number(b, lead=False, form=g.r.choice(["grouped_4", "fullwidth", "legacy15", "plain"]))
    b.t("复印件。")
    return "mayor-mailbox"





def t_ho_chat(g: Gen, b: Builder) -> str:
    b.t("【微信留言】")
    g.name_span(b, "bare")
    b.t("：师傅，我的车")
    g.plate(b)
    b.t("被拖走了，停在")
    g.address(b)
    b.t("门口，打我电话")
    g.phone(b, lead=False)
    b.t("，急！！")
    return "message"


def t_ho_form(g: Gen, b: Builder) -> str:
    b.t("姓名|")
    g.name_span(b, "role")
    b.t("|电话|")
    g.phone(b, lead=False)
    b.t("|住址|")
    g.address(b)
    b.t("|诉求|" + g.pick(ISSUES, ISSUES_HO))
    return "form-text"


def t_ho_reverse(g: Gen, b: Builder) -> str:
    g.phone(b, lead=False)
    b.t("是我的号码，")
    g.id_number(b, lead=False)
    b.t("是我身份证，名字")
    g.name_span(b, "bare")
    b.t("，请回电。")
    return "message"


def t_ho_transcript(g: Gen, b: Builder) -> str:
    b.t("坐席：请问您怎么称呼？\n来电人：我叫")
    g.name_span(b, "self_intro")
    b.t("。\n坐席：请问您的联系电话？\n来电人：")
    g.phone(b, lead=False, form=g.r.choice(["split_words", "chinese_numerals", "mixed_numerals"]))
    b.t("。\n坐席：好的，我们会转")
    g.org(b)
    b.t("处理。")
    return "call-transcript"


def t_ho_english(g: Gen, b: Builder) -> str:
    b.t("Contact: ")
    g.name_span(b, "role")
    b.t(", Tel: ")
    g.phone(b, lead=False)
    b.t(", Email: ")
    g.email(b, lead=False)
    b.t(f"。{g.pick(ISSUES, ISSUES_HO)}，请回复。")
    return "message"


def t_ho_bankcard_list(g: Gen, b: Builder) -> str:
    b.t("补贴发放名单：")
    for i in range(g.r.randint(2, 3)):
        if i:
            b.t("；")
        g.name_span(b, "list")
        b.t("，")
        g.bank_card(b, lead=False)
    b.t("。发放单位：")
    g.org(b)
    return "list"


TEMPLATES: list[Template] = [
    t_12345_reply, t_12345_reply, t_taxi_complaint, t_mayor_mailbox, t_penalty, t_message,
    t_kinship, t_list, t_subject, t_signature, t_bank_refund, t_parking, t_keep_notice,
    t_keep_penalty_summary, t_keep_hotline, t_self_intro, t_split_name, t_driver, t_bare_names,
    t_contacts, t_birth, t_mixed_reply, t_ticket_refund, t_keep_disclosure, t_overload,
    t_lost_found,
]
TEMPLATES_HO: list[Template] = [t_ho_chat, t_ho_form, t_ho_reverse, t_ho_transcript,
                                t_ho_english, t_ho_bankcard_list, t_ho_record_sheet, t_ho_quoted]


def sentence_record(g: Gen, rid: str) -> dict[str, Any]:
    b = Builder()
    pool = TEMPLATES + (TEMPLATES_HO if g.heldout else [])
    template = g.r.choice(pool)
    style = template(g, b)
    return {"id": rid, "style": style, "template": template.__name__.removeprefix("t_"),
            "text": b.text(), "spans": b.spans, "keep": b.keep}


def form_fillers(g: Gen, rid: str, category: str, form: str) -> dict[str, Any]:
    """A short record that makes sure a form reaches the minimum count."""
    b = Builder()
    b.t(g.r.choice(["补充说明：", "备注：", "另外，"]))
    if category == "phone":
        g.phone(b, form)
    elif category == "id_number":
        g.id_number(b, form)
    elif category == "bank_card":
        g.bank_card(b, form)
    elif category == "email":
        g.email(b, form)
    elif category == "plate":
        b.t("车牌")
        g.plate(b, form)
    elif category == "address":
        b.t("现住")
        g.address(b, form)
    elif category == "birth_date":
        g.birth_date(b, form)
        b.t("出生")
    b.t("。")
    return {"id": rid, "style": "message", "template": "filler", "text": b.text(),
            "spans": b.spans, "keep": b.keep}


# --------------------------------------------------------------------------------------------
# Rows (row-level linking): the free text repeats the row's own values in another form.
# --------------------------------------------------------------------------------------------


def row_ticket(g: Gen, rid: str) -> dict[str, Any]:
    sur, giv = g.person()
    name = sur + giv
    landline = g.chance(0.1)
    phone = "0660-" + g.local7() if landline else g.mobile()
    pid = g.id18()
    msg = Builder()
    # The sender's name in another form.
    how = g.r.randrange(4)
    if how == 0:
        msg.t("我是")
        g.name_span(msg, "self_intro", (sur, giv), links="sender_name")
    elif how == 1:
        g.name_span(msg, "split_space", (sur, giv), sep=" ", links="sender_name")
    elif how == 2:
        msg.pii(sur + g.r.choice(["先生", "女士"]), "person_name", "surname_title",
                links="sender_name")
    else:
        msg.t("本人")
        g.name_span(msg, "self_intro", (sur, giv), links="sender_name")
    scene = g.r.randrange(3)
    if scene == 0:
        msg.t(f"，{g.event_date()}在{g.r.choice(STOPS)}打车，车牌")
        g.plate(msg)
        msg.t(f"，司机{g.r.choice(['拒载', '绕路', '不打表'])}。")
        if g.chance(0.5):
            msg.t("司机叫")
            g.name_span(msg, "bare")
            msg.t("。")
    elif scene == 1:
        msg.t("，家住")
        g.address(msg)
        msg.t(f"，门口{g.r.choice(['道路施工半年未完工', '路灯不亮', '货车夜间超载通行'])}，")
        msg.t("希望尽快处理。")
    else:
        what = g.r.choice(["班次太少", "司机服务态度差", "不按站停靠"])
        msg.t(f"，反映{g.r.choice(BUS_ROUTES)}公交{what}，")
        msg.t("当班司机工号不清楚，车牌")
        g.plate(msg)
        msg.t("。")
    if not landline and g.chance(0.7):
        form = g.r.choice(["digit_spaces", "grouped_spaces", "dashes", "tail4",
                           "chinese_numerals", "plus86"])
        msg.t("回电请打")
        if form == "tail4":
            msg.t("尾号")
            msg.pii(phone[-4:], "phone", "tail4", links="sender_phone")
            msg.t("的手机")
        else:
            g.phone(msg, form, lead=False, number=phone, links="sender_phone")
        msg.t("。")
    if g.chance(0.5):
        msg.t("身份证")
        g.id_number(msg, g.r.choice(["grouped_6_8_4", "grouped_4", "grouped_6_6_6"]), lead=False,
                    value=pid, links="sender_id")
        msg.t("。")
    if g.chance(0.3):
        msg.t("另一位乘客")
        g.name_span(msg, "role")
        msg.t("可以作证，")
        g.phone(msg)
        msg.t("。")
    rep = Builder()
    if g.chance(0.6):
        rep.pii(sur + g.r.choice(["先生", "女士"]), "person_name", "surname_title",
                links="sender_name")
    else:
        g.name_span(rep, "honorific", (sur, giv), links="sender_name")
        rep.t(g.r.choice(["先生", "女士"]))
    rep.t("：您好！感谢您的来电。经核实，")
    rep.t(g.r.choice(FINDINGS) + "。")
    if not landline and g.chance(0.5):
        rep.t("工作人员已致电您尾号")
        rep.pii(phone[-4:], "phone", "tail4", links="sender_phone")
        rep.t("的手机告知处理结果。")
    rep.t("如有疑问请拨打")
    g.public_phone(rep)
    rep.t("。")
    return {
        "id": rid, "style": g.r.choice(["12345-reply", "mayor-mailbox"]),
        "columns": {"sender_name": name, "sender_phone": phone, "sender_id": pid,
                    "message": msg.text(), "reply": rep.text()},
        "categories": {"sender_name": "person_name", "sender_phone": "phone",
                       "sender_id": "id_number", "message": "free_text", "reply": "free_text"},
        "spans": {"message": msg.spans, "reply": rep.spans},
        "keep": {"message": msg.keep, "reply": rep.keep},
    }


def row_penalty(g: Gen, rid: str) -> dict[str, Any]:
    sur, giv = g.person()
    name = sur + giv
    pid = g.id18() if g.chance(0.9) else g.id15()
    f = Builder()
    plate_b = Builder()
    plate = g.plate(plate_b)
    case_no = g.case_number()
    f.t("当事人")
    if g.chance(0.5):
        g.name_span(f, "role", (sur, giv), links="party_name")
    else:
        f.pii(sur + "某", "person_name", "surname_mou", links="party_name")
    f.t(f"于{g.event_date()}驾驶")
    # The facts write the plate of the column with or without the separator dot.
    compact = plate.replace(" ", "").replace("·", "")
    written = g.r.choice([plate, compact, compact[:2] + "·" + compact[2:]])
    form = plate_b.spans[0]["form"]
    if form in ("dot", "nodot", "spaced"):
        form = "spaced" if " " in written else "dot" if "·" in written else "nodot"
    f.pii(written, "plate", form, links="plate")
    f.t("号车辆" + g.r.choice(["超限运输", "未按规定线路运营", "非法营运"]) + "，")
    if g.chance(0.6):
        f.t("当事人身份证号")
        if len(pid) == 18:
            g.id_number(f, g.r.choice(["grouped_6_8_4", "grouped_4", "plain"]), lead=False,
                        value=pid, links="party_id")
        else:
            g.id_number(f, "legacy15", lead=False, value=pid, links="party_id")
        f.t("，")
    if g.chance(0.4):
        f.t("车辆登记所有人")
        g.name_span(f, "role")
        f.t("，")
    f.t("以上事实有现场检查笔录为证。")
    f.kept(g.case_number(), "case_number")
    f.t("。")
    return {
        "id": rid, "style": "penalty-decision",
        "columns": {"case_number": case_no, "party_name": name, "party_id": pid, "plate": plate,
                    "facts": f.text()},
        "categories": {"case_number": "case_number", "party_name": "person_name",
                       "party_id": "id_number", "plate": "plate", "facts": "free_text"},
        "spans": {"facts": f.spans},
        "keep": {"facts": f.keep},
    }


# --------------------------------------------------------------------------------------------
# Generation, self-check, output.
# --------------------------------------------------------------------------------------------


def make_half(heldout: bool) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    g = Gen(SEED + (2 if heldout else 1), heldout)
    tag = "ho" if heldout else "dev"
    sentences = [sentence_record(g, f"{tag}-s-{i:04d}") for i in range(N_SENTENCES)]
    # Top up any form still under the minimum (rare with these sizes, but guaranteed).
    counts = form_counts(sentences)
    n = len(sentences)
    for cat, forms in REQUIRED_FORMS.items():
        for form in forms:
            while counts[(cat, form)] < MIN_FORM and cat != "person_name":
                sentences.append(form_fillers(g, f"{tag}-s-{n:04d}", cat, form))
                counts[(cat, form)] += 1
                n += 1
    rows = [(row_penalty if g.chance(0.3) else row_ticket)(g, f"{tag}-r-{i:04d}")
            for i in range(N_ROWS)]
    return sentences, rows


def form_counts(records: list[dict[str, Any]]) -> Counter[tuple[str, str]]:
    c: Counter[tuple[str, str]] = Counter()
    for r in records:
        for s in r["spans"]:
            c[(s["category"], s["form"])] += 1
            if s["category"] == "person_name" and "chars" in s:
                c[("person_name", f"chars:{s['chars']}")] += 1
                c[("person_name", f"surname:{s['surname']}")] += 1
    return c


def check_spans(text: str, spans: list[dict[str, Any]], keep: list[dict[str, Any]],
                where: str) -> None:
    everything = sorted(spans + keep, key=lambda s: (s["start"], s["end"]))
    last_end = 0
    for s in everything:
        piece = text[s["start"]:s["end"]]
        assert piece.strip() and piece == piece.strip(), f"{where}: empty or padded span"
        assert s["start"] >= last_end, f"{where}: overlapping spans at {s['start']}"
        last_end = s["end"]
    for s in spans:
        piece = text[s["start"]:s["end"]]
        if s["category"] == "id_number":
            n = normalise_digits(piece)
            if len(n) == 18:
                assert id_check(n[:17]) == n[17], f"{where}: bad ID check at {s['start']}"
            else:
                assert len(n) == 15 and s["form"] == "legacy15", f"{where}: ID length"
                date(1900 + int(n[6:8]), int(n[8:10]), int(n[10:12]))
        if s["category"] == "bank_card":
            n = normalise_digits(piece)
            assert 16 <= len(n) <= 19 and luhn_ok(n), f"{where}: bad card at {s['start']}"
    for k in keep:
        if k["category"] == "receipt_number":
            n = text[k["start"]:k["end"]]
            assert len(n) == 18 and id_check(n[:17]) != n[17] and not luhn_ok(n), where


def self_check(halves: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]]) -> None:
    for half, (sentences, rows) in halves.items():
        for r in sentences:
            check_spans(r["text"], r["spans"], r["keep"], r["id"])
        for r in rows:
            for col, spans in r["spans"].items():
                check_spans(r["columns"][col], spans, r["keep"].get(col, []), f"{r['id']}/{col}")
            for col, cat in r["categories"].items():
                if cat == "id_number" and len(r["columns"][col]) == 18:
                    v = r["columns"][col]
                    assert id_check(v[:17]) == v[17], r["id"]
        counts = form_counts(sentences)
        for cat, forms in REQUIRED_FORMS.items():
            for form in forms:
                assert counts[(cat, form)] >= MIN_FORM, (half, cat, form, counts[(cat, form)])
        for shape in REQUIRED_SHAPES:
            assert counts[("person_name", shape)] >= MIN_FORM, (half, shape)
    dev_templates = {r["template"] for r in halves["dev"][0]}
    ho_templates = {r["template"] for r in halves["heldout"][0]}
    assert ho_templates - dev_templates, "held-out must have templates dev has not"


def summary(halves: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]]) -> str:
    """Counts per category and form, dev and held-out side by side (a Markdown table)."""
    table: dict[tuple[str, str, str], dict[str, int]] = {}
    for half, (sentences, rows) in halves.items():
        c: Counter[tuple[str, str, str]] = Counter()
        c[("sentences", "records", "all")] = len(sentences)
        c[("sentences", "records", "keep-only (no personal data)")] = sum(
            1 for r in sentences if not r["spans"] and r["keep"])
        c[("sentences", "records", "from held-out-only templates")] = sum(
            1 for r in sentences if r["template"].startswith("ho_"))
        for (cat, form), n in form_counts(sentences).items():
            c[("sentences", cat, form)] = n
        for r in sentences:
            for k in r["keep"]:
                c[("sentences", "keep", k["category"])] += 1
        c[("rows", "records", "all")] = len(rows)
        for r in rows:
            c[("rows", "records", r["style"])] += 1
            for spans in r["spans"].values():
                for sp in spans:
                    c[("rows", sp["category"], sp["form"] + (" (repeats " + sp["links"] + ")"
                                                              if "links" in sp else ""))] += 1
            for keeps in r["keep"].values():
                for k in keeps:
                    c[("rows", "keep", k["category"])] += 1
        for key, n in c.items():
            table.setdefault(key, {})[half] = n
    lines = ["| file | category | form | dev | held-out |", "|---|---|---|---:|---:|"]
    for key in sorted(table, key=lambda k: (k[0] != "sentences", k[1] != "records", k)):
        v = table[key]
        lines.append(f"| {key[0]} | {key[1]} | {key[2]} | {v.get('dev', 0)} | "
                     f"{v.get('heldout', 0)} |")
    return "\n".join(lines)


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    out.mkdir(parents=True, exist_ok=True)
    halves = {"dev": make_half(False), "heldout": make_half(True)}
    self_check(halves)
    for half, (sentences, rows) in halves.items():
        write_jsonl(out / f"sentences-{half}.jsonl", sentences)
        write_jsonl(out / f"rows-{half}.jsonl", rows)
    print(summary(halves))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
