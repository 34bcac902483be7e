#!/usr/bin/env python3
"""Generate the held-out "messy files" corpus for the Table Schema validator.

All data is synthetic (Faker zh_CN + a fixed random seed).  Run:

    python make_corpus.py            # writes everything into this folder
    python make_corpus.py --no-convert   # skip the LibreOffice XLS/ODS step

Needs: faker, openpyxl; LibreOffice (``soffice``) for the .xls/.ods copies.

Every data file gets a sidecar ``<file>.expect.json``:

    {
      "file": ..., "schema": "schemas/....json",
      "format": "csv|tsv|xlsx|xls|ods", "encoding": "utf-8|gbk|...|null",
      "dialect": {Table Dialect v2 properties the steward declares},
      "headerLabels": "title" | "name",   # header cells equal field titles or names
      "errors": "none" | [[row, field, code], ...],
      "errorDetails": [{"row":..,"field":..,"code":..,"cell":..,"why":..}],
      "exercises": [...], "notes": ...
    }

Row numbers are frictionless rowNumber values: 1-based position of the row
(record) in the file / sheet, counting title rows, header rows, comment rows
and blank rows.  A quoted cell that spans several text lines is ONE row.
Header (label) errors are reported on the header row; when there are several
header rows, on the last one.  ``field`` is the schema field *name* (null for
blank-row / extra-cell / extra-label / primary-key).  A cell that fails
its type is null afterwards and does NOT also produce a primary-key error;
blank rows produce blank-row only.
"""
import copy
import csv
import datetime as dt
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

from faker import Faker
import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

SEED = 20240205
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = HERE
rng = random.Random(SEED)
Faker.seed(SEED)
fake = Faker("zh_CN")

# --------------------------------------------------------------------------
# Schemas
# --------------------------------------------------------------------------
PENALTY_SCHEMA_PATH = os.path.join(OUT, "schemas", "penalty-decisions.json")

PASSENGER_SCHEMA = {
    "$schema": "https://datapackage.org/profiles/2.0/tableschema.json",
    "title": "公交线路日客流（held-out corpus schema）",
    "fields": [
        {"name": "route_id", "title": "线路", "type": "string",
         "constraints": {"required": True, "maxLength": 20}},
        {"name": "date", "title": "日期", "type": "date",
         "constraints": {"required": True}},
        {"name": "passengers", "title": "客流量（人次）", "type": "integer",
         "constraints": {"required": True, "minimum": 0}},
        {"name": "revenue", "title": "营收（元）", "type": "number",
         "constraints": {"minimum": 0}},
        {"name": "load_rate", "title": "满载率", "type": "number",
         "description": "ratio, 0.85 = 85 %; written as a bare number",
         "constraints": {"minimum": 0, "maximum": 2}},
        {"name": "on_time_rate", "title": "准点率（%）", "type": "number",
         "bareNumber": False,
         "description": "percent points; '96.5' and '96.5%' both mean 96.5",
         "constraints": {"minimum": 0, "maximum": 100}},
        {"name": "remark", "title": "备注", "type": "string"},
    ],
    "primaryKey": ["route_id", "date"],
    "missingValues": ["", "-", "无"],
}

BUDGET_SCHEMA = {
    "$schema": "https://datapackage.org/profiles/2.0/tableschema.json",
    "title": "一般公共预算支出决算（held-out corpus schema）",
    "fields": [
        {"name": "subject_code", "title": "科目编码", "type": "string",
         "constraints": {"required": True, "pattern": "\\d{3}(\\d{2}){0,2}"}},
        {"name": "subject_name", "title": "科目名称", "type": "string",
         "constraints": {"required": True}},
        {"name": "budget_amount", "title": "本年预算数", "type": "number",
         "groupChar": ",", "constraints": {"minimum": 0}},
        {"name": "actual_amount", "title": "本年决算数", "type": "number",
         "groupChar": ",", "constraints": {"minimum": 0}},
        {"name": "last_year_actual", "title": "上年决算数", "type": "number",
         "groupChar": ","},
        {"name": "completion_rate", "title": "完成率", "type": "number",
         "bareNumber": False,
         "description": "percent points; '98.5%' and '98.5' both mean 98.5"},
    ],
    "primaryKey": ["subject_code"],
    "missingValues": ["", "-"],
}

PEN_FIELDS = ["case_number", "decision_date", "party_type", "person_name",
              "id_number", "phone", "address", "org_name", "credit_code",
              "plate", "violation", "legal_basis", "penalty_type",
              "fine_amount", "facts", "authority"]
PAS_FIELDS = [f["name"] for f in PASSENGER_SCHEMA["fields"]]
BUD_FIELDS = [f["name"] for f in BUDGET_SCHEMA["fields"]]


def load_penalty_schema():
    with open(PENALTY_SCHEMA_PATH, encoding="utf-8") as fh:
        return json.load(fh)


def titles(schema):
    return [f.get("title", f["name"]) for f in schema["fields"]]


def names(schema):
    return [f["name"] for f in schema["fields"]]


# --------------------------------------------------------------------------
# Synthetic identifiers with valid check digits
# --------------------------------------------------------------------------
AREAS = {"441502": "城区", "441521": "海丰县", "441523": "陆河县",
         "441581": "陆丰市"}


def id_number(birth=None):
    area = rng.choice(list(AREAS))
    if birth is None:
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randint(0, 16000))
    body = area + birth.strftime("%Y%m%d") + "%03d" % rng.randint(1, 999)
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    s = sum(int(c) * k for c, k in zip(body, w))
    return body + "10X98765432"[s % 11]


CC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def credit_code():
    # GB 11714 organisation code (8 digits + check) inside GB 32100.
    org = "".join(str(rng.randint(0, 9)) for _ in range(8))
    w = [3, 7, 9, 10, 5, 8, 4, 2]
    c = 11 - sum(int(ch) * k for ch, k in zip(org, w)) % 11
    org += {10: "X", 11: "0"}.get(c, str(c))
    body = "91" + rng.choice(list(AREAS)) + org
    w2 = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    s = sum(CC_CHARS.index(ch) * k for ch, k in zip(body, w2))
    c = 31 - s % 31
    return body + CC_CHARS[0 if c == 31 else c]


def mobile():
    return rng.choice(["13", "15", "18", "17", "19"]) + "".join(
        str(rng.randint(0, 9)) for _ in range(9))


def plate():
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "粤V" + rng.choice(letters) + "".join(
        rng.choice("0123456789" + letters[:4]) for _ in range(4))


VIOLATIONS = [
    ("未取得道路运输经营许可擅自从事道路客运经营",
     "《中华人民共和国道路运输条例》第六十三条", "罚款", 30000),
    ("巡游出租汽车驾驶员拒载乘客",
     "《巡游出租汽车经营服务管理规定》第四十八条", "罚款", 200),
    ("未取得网约车运输证从事网约车经营",
     "《网络预约出租汽车经营服务管理暂行办法》第三十四条", "罚款", 10000),
    ("车辆超限运输", "《公路安全保护条例》第六十四条", "罚款", 1000),
    ("客运班车不按批准的站点停靠", "《中华人民共和国道路运输条例》第六十八条",
     "警告", 0),
    ("道路运输车辆未按规定进行年度审验",
     "《道路运输车辆技术管理规定》第三十一条", "罚款", 500),
]
AUTHORITIES = ["汕尾市交通运输局", "汕尾市交通运输综合行政执法支队"]
STREETS = ["汕尾大道", "香洲路", "红草镇长湖路", "海城镇二环路", "东海街道人民路",
           "河田镇朝阳路", "城东镇教育路"]

_case_seq = [100]


def penalty_row(year=2024, party=None):
    """One clean penalty decision as a dict of field -> string."""
    _case_seq[0] += rng.randint(1, 3)
    party = party or rng.choice(["自然人", "自然人", "法人及其他组织"])
    viol, basis, ptype, fine = rng.choice(VIOLATIONS)
    d = dt.date(year, 1, 2) + dt.timedelta(days=rng.randint(0, 350))
    area_code = rng.choice(list(AREAS))
    addr = "广东省汕尾市%s%s%d号" % (AREAS[area_code], rng.choice(STREETS),
                                 rng.randint(1, 300))
    pl = plate()
    r = {
        "case_number": "汕交罚〔%d〕%d号" % (year, _case_seq[0]),
        "decision_date": d.isoformat(),
        "party_type": party,
        "person_name": "", "id_number": "", "phone": "", "address": "",
        "org_name": "", "credit_code": "", "plate": pl,
        "violation": viol, "legal_basis": basis, "penalty_type": ptype,
        "fine_amount": str(fine),
        "facts": "",
        "authority": rng.choice(AUTHORITIES),
    }
    if party == "自然人":
        r["person_name"] = fake.name()
        r["id_number"] = id_number()
        r["phone"] = mobile()
        r["address"] = addr
        r["facts"] = "%s，当事人%s（身份证号%s，电话%s）驾驶%s在%s%s，经查属实。" % (
            (d - dt.timedelta(days=rng.randint(5, 40))).strftime("%Y年%m月%d日"),
            r["person_name"], r["id_number"], r["phone"], pl,
            rng.choice(STREETS), viol)
    else:
        r["org_name"] = "汕尾市" + fake.company()
        r["credit_code"] = credit_code()
        r["phone"] = mobile()
        r["address"] = addr
        r["facts"] = "当事人%s使用%s%s，经查属实。" % (r["org_name"], pl, viol)
    return r


ROUTES = ["1路", "2路", "3路", "5路", "6路", "8路", "9路", "11路", "12路", "15路",
          "K1路", "K2路", "B3路", "海丰专线", "陆丰快线"]
REMARKS = ["", "", "", "", "春节加班", "雨天", "线路调整", "", "学生返校"]


def passenger_row(route, day):
    p = rng.randint(800, 26000)
    return {
        "route_id": route,
        "date": day.isoformat(),
        "passengers": str(p),
        "revenue": "%.2f" % (p * rng.uniform(1.2, 2.0)),
        "load_rate": "%.2f" % rng.uniform(0.3, 1.2),
        "on_time_rate": "%.1f" % rng.uniform(85, 99.9),
        "remark": rng.choice(REMARKS),
    }


def passenger_rows(n, start=dt.date(2024, 3, 1), routes=ROUTES):
    out = []
    i = 0
    day = start
    while len(out) < n:
        for r in routes:
            out.append(passenger_row(r, day))
            if len(out) >= n:
                break
        day += dt.timedelta(days=1)
        i += 1
    rng.shuffle(out)
    out.sort(key=lambda r: (r["date"], ROUTES.index(r["route_id"])
                            if r["route_id"] in ROUTES else 0))
    return out


BUDGET_SUBJECTS = [
    ("214", "交通运输支出"), ("21401", "公路水路运输"), ("2140101", "行政运行"),
    ("2140102", "一般行政管理事务"), ("2140104", "公路建设"),
    ("2140106", "公路养护"), ("2140112", "公路运输管理"),
    ("2140199", "其他公路水路运输支出"), ("21402", "铁路运输"),
    ("2140299", "其他铁路运输支出"), ("21406", "车辆购置税支出"),
    ("2140601", "车辆购置税用于公路等基础设施建设支出"),
    ("21499", "其他交通运输支出"), ("2149901", "公共交通运营补助"),
    ("2149999", "其他交通运输支出"), ("201", "一般公共服务支出"),
    ("20103", "政府办公厅（室）及相关机构事务"), ("2010301", "行政运行"),
    ("208", "社会保障和就业支出"), ("2080505", "机关事业单位基本养老保险缴费支出"),
    ("210", "卫生健康支出"), ("2101101", "行政单位医疗"), ("221", "住房保障支出"),
    ("2210201", "住房公积金"),
]


def money(x):
    return "{:,.2f}".format(x)


def budget_rows():
    out = []
    for code, name in BUDGET_SUBJECTS:
        b = rng.uniform(20_000, 48_000_000)
        a = b * rng.uniform(0.7, 1.05)
        last = b * rng.uniform(0.6, 1.2)
        out.append({
            "subject_code": code, "subject_name": name,
            "budget_amount": b, "actual_amount": a, "last_year_actual": last,
            "completion_rate": a / b * 100,
        })
    return out


def budget_text(r):
    """Budget row as an accountant's export shows it: 1,234.56 / 98.50%."""
    return {
        "subject_code": r["subject_code"], "subject_name": r["subject_name"],
        "budget_amount": money(r["budget_amount"]),
        "actual_amount": money(r["actual_amount"]),
        "last_year_actual": money(r["last_year_actual"]),
        "completion_rate": "%.2f%%" % r["completion_rate"],
    }


# --------------------------------------------------------------------------
# Case bookkeeping
# --------------------------------------------------------------------------
class Case:
    def __init__(self, fname, schema, fmt, encoding, dialect, exercises,
                 header_labels="title", notes=""):
        self.fname = fname
        self.schema = schema
        self.fmt = fmt
        self.encoding = encoding
        self.dialect = dialect
        self.exercises = exercises
        self.header_labels = header_labels
        self.notes = notes
        self.rows = []        # physical rows: list | Raw
        self.errors = []
        self.alternatives = []  # other acceptable error sets (ambiguous spec)

    def add(self, row):
        self.rows.append(row)
        return len(self.rows)  # 1-based row number

    def err(self, row, field, code, cell=None, why=""):
        self.errors.append({"row": row, "field": field, "code": code,
                            "cell": cell, "why": why})

    def expect(self):
        errs = sorted(self.errors, key=lambda e: (e["row"], str(e["field"]),
                                                   e["code"]))
        return {
            "file": self.fname,
            "schema": self.schema,
            "format": self.fmt,
            "encoding": self.encoding,
            "dialect": self.dialect,
            "headerLabels": self.header_labels,
            "errors": "none" if not errs else
            [[e["row"], e["field"], e["code"]] for e in errs],
            "errorDetails": errs,
            "acceptableAlternatives": self.alternatives,
            "exercises": self.exercises,
            "notes": self.notes,
        }


class Raw(str):
    """A physical text line written verbatim (comment line, empty line)."""


CASES = []


def save_expect(case):
    with open(os.path.join(OUT, case.fname + ".expect.json"), "w",
              encoding="utf-8") as fh:
        fh.write(compact_triples(json.dumps(case.expect(), ensure_ascii=False,
                                            indent=2, default=str)) + "\n")
    CASES.append(case)


def compact_triples(text):
    """Put each [row, field, code] triple on one line."""
    import re
    return re.sub(r"\[\s+(\d+|null),\s+(\"[^\"]*\"|null),\s+(\"[^\"]*\")\s+\]",
                  r"[\1, \2, \3]", text)


def dict_row(d, fields):
    return [d[f] for f in fields]


def render_text(case, delimiter=",", lineterminator="\r\n"):
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=delimiter, lineterminator=lineterminator,
                   quoting=csv.QUOTE_MINIMAL)
    for row in case.rows:
        if isinstance(row, Raw):
            buf.write(str(row) + lineterminator)
        else:
            w.writerow(["" if c is None else c for c in row])
    return buf.getvalue()


def write_text(case, text, encoding, bom=b""):
    with open(os.path.join(OUT, case.fname), "wb") as fh:
        fh.write(bom + text.encode(encoding))


def field_row(case, fields, schema):
    """Header row: titles or names, in schema order."""
    if case.header_labels == "title":
        return titles(schema)
    return names(schema)


def col(fields, name):
    return fields.index(name)


# --------------------------------------------------------------------------
# Penalty decision cases (schema from the project's schemas/penalty-decisions.json)
# --------------------------------------------------------------------------
def pen_case(fname, fmt="csv", encoding="utf-8", dialect=None,
             exercises=(), header_labels="title", notes=""):
    return Case(fname, "schemas/penalty-decisions.json", fmt, encoding,
                dialect or {}, list(exercises), header_labels, notes)


def build_penalty(PS):
    F = PEN_FIELDS
    assert names(PS) == F, names(PS)

    # 01 clean baseline -----------------------------------------------------
    c = pen_case("01_penalty_clean_utf8.csv", dialect={"delimiter": ","},
                 exercises=["baseline", "UTF-8 without BOM",
                            "Chinese headers equal to field titles"])
    c.add(titles(PS))
    for _ in range(40):
        c.add(dict_row(penalty_row(), F))
    write_text(c, render_text(c), "utf-8")
    save_expect(c)

    # 02 UTF-8 with BOM --------------------------------------------------------
    c = pen_case("02_penalty_utf8_bom.csv", encoding="utf-8",
                 dialect={"delimiter": ","},
                 exercises=["UTF-8 with BOM (Excel 'CSV UTF-8')",
                            "enum constraint", "pattern constraint"],
                 notes="File starts with EF BB BF. Declared encoding is plain "
                       "utf-8; the BOM must not end up in the first label "
                       "(otherwise case_number would get an incorrect-label).")
    c.add(titles(PS))
    for i in range(30):
        r = penalty_row()
        n = c.add(dict_row(r, F))
        if i == 6:
            c.rows[-1][col(F, "party_type")] = "个人"
            c.err(n, "party_type", "constraint-error", "个人", "enum")
        if i == 17:
            c.rows[-1][col(F, "phone")] = "0660-3388123"
            c.err(n, "phone", "constraint-error", "0660-3388123",
                  "landline does not match pattern 1[3-9]\\d{9}")
    write_text(c, render_text(c), "utf-8", bom=b"\xef\xbb\xbf")
    save_expect(c)

    # 03 header = field names ------------------------------------------------
    c = pen_case("03_penalty_field_names_header.csv", header_labels="name",
                 dialect={"delimiter": ","}, exercises=[
                     "header row uses field names instead of titles",
                     "LF line endings"],
                 notes="Export from the case system with column codes. Clean.")
    c.add(names(PS))
    for _ in range(25):
        c.add(dict_row(penalty_row(), F))
    write_text(c, render_text(c, lineterminator="\n"), "utf-8")
    save_expect(c)

    # 04 half-width parentheses in a title ----------------------------------
    c = pen_case("04_penalty_halfwidth_paren_label.csv",
                 dialect={"delimiter": ","},
                 exercises=["header label typed with ASCII parentheses "
                            "'罚款金额(元)' vs title '罚款金额（元）'"],
                 notes="Only the label is wrong; data is clean.")
    hdr = titles(PS)
    hdr[col(F, "fine_amount")] = "罚款金额(元)"
    n = c.add(hdr)
    c.err(n, "fine_amount", "incorrect-label", "罚款金额(元)",
          "label differs from title 罚款金额（元） and name fine_amount")
    for _ in range(20):
        c.add(dict_row(penalty_row(), F))
    write_text(c, render_text(c), "utf-8")
    save_expect(c)

    # 05 duplicate label -------------------------------------------------------
    c = pen_case("05_penalty_duplicate_label.csv", dialect={"delimiter": ","},
                 exercises=["duplicate header label (copy/paste of 联系电话 "
                            "over 住址)"],
                 notes="Column 7 is headed 联系电话 again although it holds "
                       "addresses. Expected: one duplicate-label on the header "
                       "row for field address (one error per label cell). "
                       "Also reporting incorrect-label for the same cell is "
                       "an acceptable alternative.")
    hdr = titles(PS)
    hdr[col(F, "address")] = "联系电话"
    n = c.add(hdr)
    c.err(n, "address", "duplicate-label", "联系电话")
    c.alternatives.append([[n, "address", "duplicate-label"],
                           [n, "address", "incorrect-label"]])
    for _ in range(15):
        c.add(dict_row(penalty_row(), F))
    write_text(c, render_text(c), "utf-8")
    save_expect(c)

    # 06 quoted cells with delimiters, quotes and newlines --------------------
    c = pen_case("06_penalty_quoted_multiline.csv", dialect={
        "delimiter": ",", "quoteChar": "\"", "doubleQuote": True},
        exercises=["quoted cells containing commas, doubled quotes and "
                   "CR LF / LF newlines", "row numbers count records, "
                   "not text lines", "date typed 2024/2/5",
                   "fine typed in words"],
        notes="The facts column of most rows spans 2-4 text lines. Row "
              "numbers in errors are record numbers (frictionless rowNumber).")
    c.add(titles(PS))
    for i in range(30):
        r = penalty_row()
        if i % 3 != 2:
            r["facts"] = (r["facts"] + "\r\n当事人陈述：\"车是借朋友的, 我不知道要办证\"。"
                          + ("\n复核意见：维持, 另责令改正。" if i % 2 else ""))
        if i % 5 == 0:
            r["address"] = r["address"] + ", 近汕尾港"
        n = c.add(dict_row(r, F))
        if i == 11:
            c.rows[-1][col(F, "fine_amount")] = "五百元"
            c.err(n, "fine_amount", "type-error", "五百元")
        if i == 23:
            c.rows[-1][col(F, "decision_date")] = "2024/2/5"
            c.err(n, "decision_date", "type-error", "2024/2/5",
                  "not ISO 8601 YYYY-MM-DD")
    write_text(c, render_text(c), "utf-8")
    save_expect(c)

    # 07 trailing empty columns ------------------------------------------------
    c = pen_case("07_penalty_trailing_empty_columns.csv",
                 dialect={"delimiter": ","},
                 exercises=["Excel adds empty trailing columns (every row, "
                            "header included, ends with ',,,')"],
                 notes="Columns 17-19 have a blank label and are empty in "
                       "every row. Expected outcome: valid (a wholly empty "
                       "trailing column is an artefact, not data). A strict "
                       "reader that keeps them would instead report "
                       "blank-label / extra-label on row 1 for columns 17-19; "
                       "that is the documented alternative, not the target.")
    c.add(titles(PS) + ["", "", ""])
    c.alternatives.append([[1, None, "extra-label"]] * 3)
    c.alternatives.append([[1, None, "blank-label"]] * 3)
    for _ in range(20):
        c.add(dict_row(penalty_row(), F) + ["", "", ""])
    write_text(c, render_text(c), "utf-8")
    save_expect(c)

    # 08 missing and extra cells ---------------------------------------------
    c = pen_case("08_penalty_missing_extra_cells.csv",
                 dialect={"delimiter": ","},
                 exercises=["row shorter than header (missing-cell)",
                            "row longer than header (extra-cell)"],
                 notes="Row with 14 cells: missing-cell for fields 15 and 16 "
                       "(facts, authority), plus constraint-error (required) "
                       "for authority, which is required (frictionless "
                       "reports both). Row with 17 cells: one extra-cell "
                       "(field null, column 17).")
    c.add(titles(PS))
    for i in range(22):
        r = dict_row(penalty_row(), F)
        if i == 5:
            r = r[:14]
            n = c.add(r)
            c.err(n, "facts", "missing-cell")
            c.err(n, "authority", "missing-cell")
            c.err(n, "authority", "constraint-error", None,
                  "required; missing cell is null")
            short_row = n
            continue
        if i == 13:
            r = r + ["已结案"]
            n = c.add(r)
            c.err(n, None, "extra-cell", "已结案", "column 17")
            continue
        c.add(r)
    c.alternatives.append([e for e in
                           [[x["row"], x["field"], x["code"]] for x in c.errors]
                           if not (e[0] == short_row and
                                   e[2] == "constraint-error")])
    write_text(c, render_text(c), "utf-8")
    save_expect(c)

    # 09 '-' and '无' with schema missingValues [""] ---------------------------
    c = pen_case("09_penalty_dash_and_wu_not_missing.csv",
                 dialect={"delimiter": ","},
                 exercises=["missing value written as '-' or '无' where the "
                            "schema's missingValues is only [\"\"]",
                            "empty required cell"],
                 notes="Penalty schema declares missingValues [\"\"], so '-' "
                       "and '无' are ordinary strings: harmless in plain "
                       "string fields (person_name, plate), errors in typed or "
                       "patterned fields.")
    c.add(titles(PS))
    for i in range(30):
        r = penalty_row(party="自然人" if i in (4, 9, 20) else None)
        row = dict_row(r, F)
        n = c.add(row)
        if i == 3:
            row[col(F, "fine_amount")] = "-"
            c.err(n, "fine_amount", "type-error", "-")
        if i == 4:
            row[col(F, "id_number")] = "无"
            c.err(n, "id_number", "constraint-error", "无", "pattern")
            row[col(F, "plate")] = "无"   # plain string: fine
        if i == 9:
            row[col(F, "person_name")] = "无"   # plain string: fine
            row[col(F, "phone")] = "-"
            c.err(n, "phone", "constraint-error", "-", "pattern")
        if i == 15:
            row[col(F, "decision_date")] = "-"
            c.err(n, "decision_date", "type-error", "-")
        if i == 20:
            row[col(F, "violation")] = ""
            c.err(n, "violation", "constraint-error", "", "required")
    write_text(c, render_text(c), "utf-8")
    save_expect(c)

    # 10 Excel "Unicode text": UTF-16 LE + BOM, tab separated -----------------
    c = pen_case("10_penalty_excel_unicode_text.txt", fmt="csv",
                 encoding="utf-16",
                 dialect={"delimiter": "\t"},
                 exercises=["Excel 'Unicode text (*.txt)': UTF-16 LE with BOM "
                            "FF FE, TAB separated, CRLF",
                            "quoted cells with embedded newlines/tabs",
                            "required cell empty", "enum violation"],
                 notes="Declared encoding 'utf-16' (BOM tells LE). 'utf-16le' "
                       "must also work if the reader strips the BOM.")
    c.add(titles(PS))
    for i in range(28):
        r = penalty_row()
        if i % 4 == 1:
            r["facts"] = r["facts"] + "\n附：\t现场照片3张"
        row = dict_row(r, F)
        n = c.add(row)
        if i == 8:
            row[col(F, "legal_basis")] = ""
            c.err(n, "legal_basis", "constraint-error", "", "required")
        if i == 19:
            row[col(F, "penalty_type")] = "罚没"
            c.err(n, "penalty_type", "constraint-error", "罚没", "enum")
    write_text(c, render_text(c, delimiter="\t"), "utf-16-le",
               bom=b"\xff\xfe")
    save_expect(c)

    # 11 GBK declared, duplicate primary key ----------------------------------
    c = pen_case("11_penalty_gbk_declared.csv", encoding="gbk",
                 dialect={"delimiter": ","},
                 exercises=["GBK (WPS / Chinese Windows 'CSV')",
                            "duplicate primary key / unique case_number"],
                 notes="Row 15 repeats the case_number of row 4. Expected "
                       "both primary-key (row 15, field null like every "
                       "primary-key error) and unique-error on case_number "
                       "(row 15) because the field also has "
                       "constraints.unique. Reporting only one of the two is "
                       "listed as an acceptable alternative.")
    c.add(titles(PS))
    first = None
    for i in range(30):
        r = penalty_row()
        row = dict_row(r, F)
        n = c.add(row)
        if n == 4:
            first = r["case_number"]
        if n == 15:
            row[0] = first
            c.err(n, None, "primary-key", first)
            c.err(n, "case_number", "unique-error", first)
            c.alternatives.append([[n, None, "primary-key"]])
            c.alternatives.append([[n, "case_number", "unique-error"]])
    write_text(c, render_text(c), "gbk")
    save_expect(c)

    # 12 GBK undeclared -----------------------------------------------------
    c = pen_case("12_penalty_gbk_undeclared.csv", encoding=None,
                 dialect={},
                 exercises=["GBK with no encoding declared (must be "
                            "detected, not decoded as UTF-8/latin-1)",
                            "thousands separator in an integer field"],
                 notes="Nothing declared: not the encoding, not the "
                       "delimiter. Decoded correctly, the only error is the "
                       "quoted '1,000' in fine_amount (integer, no groupChar).")
    c.add(titles(PS))
    for i in range(30):
        row = dict_row(penalty_row(), F)
        n = c.add(row)
        if i == 12:
            row[col(F, "fine_amount")] = "1,000"
            c.err(n, "fine_amount", "type-error", "1,000",
                  "integer with groupChar not declared")
    write_text(c, render_text(c), "gbk")
    save_expect(c)

    # 33 WPS/Excel workbook where numbers were typed as numbers -----------------
    c = pen_case("33_penalty_id_as_number.xlsx", fmt="xlsx", encoding=None,
                 dialect={"sheetNumber": 1},
                 exercises=["ID number typed into Excel as a number (float, "
                            "shown 4.41502E+17, last digits lost)",
                            "fine stored as float 500.0 in an integer field",
                            "date typed as text 2024年3月5日",
                            "real date cells in a date field"],
                 notes="decision_date cells are real Excel dates except one "
                       "text cell. fine_amount cells are numeric (integers "
                       "written as floats such as 500.0 -> valid integers). "
                       "One id_number cell is a float -> type-error for a "
                       "string field (stringifying it would give "
                       "'4.41502199001011e+17' or a wrong check digit: "
                       "an error either way).")
    c.add(titles(PS))
    for i in range(25):
        r = penalty_row(party="自然人" if i == 10 else None)
        row = dict_row(r, F)
        row[col(F, "decision_date")] = dt.date.fromisoformat(r["decision_date"])
        row[col(F, "fine_amount")] = float(r["fine_amount"])
        row = [None if v == "" else v for v in row]
        n = c.add(row)
        if i == 10:
            row[col(F, "id_number")] = float(r["id_number"][:-1] + "0")
            c.err(n, "id_number", "type-error", row[col(F, "id_number")],
                  "numeric cell in a string field")
        if i == 18:
            row[col(F, "decision_date")] = "2024年3月5日"
            c.err(n, "decision_date", "type-error", "2024年3月5日")
    wb = new_workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for row in c.rows:
        ws.append(row)
    for rr in ws.iter_rows(min_row=2):
        rr[col(F, "decision_date")].number_format = "yyyy-mm-dd"
        if isinstance(rr[col(F, "id_number")].value, float):
            rr[col(F, "id_number")].number_format = "0.00E+00"
    save_wb(wb, os.path.join(OUT, c.fname))
    save_expect(c)


# --------------------------------------------------------------------------
# Passenger-flow cases
# --------------------------------------------------------------------------
def pas_case(fname, fmt="csv", encoding="utf-8", dialect=None, exercises=(),
             header_labels="title", notes=""):
    return Case(fname, "schemas/passenger-flow.json", fmt, encoding,
                dialect or {}, list(exercises), header_labels, notes)


def build_passenger():
    PS = PASSENGER_SCHEMA
    F = PAS_FIELDS

    # 13 GB18030, first Chinese character after 1 MiB -------------------------
    c = pas_case("13_passenger_gb18030_over_1mb.csv", encoding="gb18030",
                 header_labels="name", dialect={"delimiter": ","},
                 exercises=["GB18030 where the first non-ASCII byte is after "
                            "the first MiB (encoding sniffers that read a "
                            "sample guess ASCII/UTF-8)",
                            "4-byte GB18030 characters not in GBK (𠮷, 䶮)",
                            "errors before and after the 1 MiB mark"],
                 notes="Header uses field names (ASCII). ~25 500 ASCII rows "
                       "(routes R001..R070, all of 2023), then rows with "
                       "Chinese route names and remarks. Decoding as GBK fails "
                       "on 𠮷; decoding as UTF-8 fails at the first Chinese "
                       "byte. File 34 has the same bytes with nothing "
                       "declared.")
    c.add(names(PS))
    ascii_routes = ["R%03d" % i for i in range(1, 71)]
    day0 = dt.date(2023, 1, 1)
    nbytes = len(",".join(names(PS))) + 2
    for d in range(365):
        day = day0 + dt.timedelta(days=d)
        for r in ascii_routes:
            row = passenger_row(r, day)
            row["remark"] = ""
            vals = dict_row(row, F)
            n = c.add(vals)
            nbytes += len(",".join(vals)) + 2
            if n == 5001:
                vals[col(F, "passengers")] = "n/a"
                c.err(n, "passengers", "type-error", "n/a")
    assert nbytes > 1024 * 1024 + 1000, nbytes
    tail = ["1路", "2路", "K1路", "海丰专线"]
    for d in range(40):
        day = day0 + dt.timedelta(days=d)
        for r in tail:
            row = passenger_row(r, day)
            row["remark"] = rng.choice(["春节加班", "经停𠮷祥路口", "司机：王䶮",
                                        "无", "正常"])
            vals = dict_row(row, F)
            n = c.add(vals)
            if d == 10 and r == "2路":
                vals[col(F, "passengers")] = "１２３４５"
                c.err(n, "passengers", "type-error", "１２３４５",
                      "full-width digits are not XML Schema integer lexical "
                      "form (Python int() would accept them)")
            if d == 30 and r == "K1路":
                vals[col(F, "load_rate")] = "2.35"
                c.err(n, "load_rate", "constraint-error", "2.35", "maximum 2")
    text = render_text(c)
    write_text(c, text, "gb18030")
    save_expect(c)
    c2 = copy.copy(c)
    c2.fname = "34_passenger_gb18030_over_1mb_undeclared.csv"
    c2.encoding = None
    c2.dialect = {}
    c2.exercises = c.exercises + ["same bytes as file 13, nothing declared: "
                                  "encoding and delimiter must be detected"]
    c2.notes = (c.notes + " Nothing is declared. Detecting GB18030 needs more "
                "than a 1 MiB sample; a tool that cannot detect it must stop "
                "with an encoding error (acceptable alternatives: a single "
                "encoding-error with row null, optionally preceded by the "
                "errors found before the failure) rather than mis-decode "
                "silently.")
    c2.alternatives = [[[None, None, "encoding-error"]],
                       [[5001, "passengers", "type-error"],
                        [None, None, "encoding-error"]]]
    write_text(c2, text, "gb18030")
    save_expect(c2)

    # 14 Big5 ---------------------------------------------------------------
    c = pas_case("14_passenger_big5.csv", encoding="big5", header_labels="name",
                 dialect={"delimiter": ","},
                 exercises=["Big5 (Traditional Chinese, vendor system from "
                            "HK/TW)", "percent sign in a bare-number field",
                            "percent sign in a bareNumber:false field (valid)"],
                 notes="Header uses field names; remarks and route names in "
                       "Traditional Chinese. on_time_rate values carry '%' "
                       "(valid, bareNumber false); one load_rate '85%' is a "
                       "type-error (bareNumber true).")
    c.add(names(PS))
    trad = ["正常營運", "颱風停駛", "春節加班", "線路調整", "", ""]
    routes = ["1路", "2路", "3路", "東線", "西線"]
    for i, day in enumerate([dt.date(2024, 7, 1) + dt.timedelta(days=k)
                             for k in range(8)]):
        for r in routes:
            row = passenger_row(r, day)
            row["remark"] = rng.choice(trad)
            row["on_time_rate"] = row["on_time_rate"] + "%"
            vals = dict_row(row, F)
            n = c.add(vals)
            if i == 3 and r == "東線":
                vals[col(F, "load_rate")] = "85%"
                c.err(n, "load_rate", "type-error", "85%",
                      "bareNumber true: '%' not allowed")
    write_text(c, render_text(c), "big5")
    save_expect(c)

    # 15 title row above the header ------------------------------------------
    c = pas_case("15_passenger_title_row.csv", dialect={
        "delimiter": ",", "headerRows": [2]},
        exercises=["title row '2024年汕尾市公交客流统计表' above the header",
                   "negative count"],
        notes="Row 1 is the title (one cell followed by empty cells, as Excel "
              "saves a merged title). Header is row 2, data from row 3.")
    c.add(["2024年汕尾市公交客流统计表"] + [""] * (len(F) - 1))
    c.add(titles(PS))
    for i, row in enumerate(passenger_rows(45)):
        vals = dict_row(row, F)
        n = c.add(vals)
        if i == 20:
            vals[col(F, "passengers")] = "-12"
            c.err(n, "passengers", "constraint-error", "-12", "minimum 0")
    write_text(c, render_text(c), "utf-8")
    save_expect(c)

    # 16 TSV declared ---------------------------------------------------------
    c = pas_case("16_passenger_tsv_declared.tsv", fmt="tsv",
                 dialect={"delimiter": "\t"},
                 exercises=["TSV with declared delimiter",
                            "quoted cell with an embedded TAB",
                            "composite primary key duplicate"],
                 notes="Row 12 repeats (route_id, date) of row 11 -> "
                       "primary-key error on row 12 (field null: the key is "
                       "route_id+date).")
    c.add(titles(PS))
    rows = passenger_rows(35)
    for i, row in enumerate(rows):
        if i == 5:
            row["remark"] = "临时改道\t经香洲路"
        vals = dict_row(row, F)
        n = c.add(vals)
        if n == 12:
            prev = c.rows[-2]
            vals[0], vals[1] = prev[0], prev[1]
            c.err(n, None, "primary-key", "%s|%s" % (prev[0], prev[1]),
                  "composite key route_id+date")
    write_text(c, render_text(c, delimiter="\t"), "utf-8")
    save_expect(c)

    # 17 TSV, undeclared delimiter, .txt --------------------------------------
    c = pas_case("17_passenger_tsv_undeclared.txt", fmt="csv", dialect={},
                 exercises=["tab-separated file saved as .txt with no "
                            "delimiter declared (must be sniffed)",
                            "required integer empty", "dates with slash"],
                 notes="No dialect at all. Values contain commas inside "
                       "remarks, which must not win the sniff.")
    c.add(titles(PS))
    for i, row in enumerate(passenger_rows(30)):
        if i % 6 == 0:
            row["remark"] = "早高峰加密, 晚高峰正常"
        vals = dict_row(row, F)
        n = c.add(vals)
        if i == 9:
            vals[col(F, "passengers")] = ""
            c.err(n, "passengers", "constraint-error", "", "required")
        if i == 22:
            d = dt.date.fromisoformat(vals[1])
            vals[1] = "%d/%d/%d" % (d.year, d.month, d.day)
            c.err(n, "date", "type-error", vals[1])
    write_text(c, render_text(c, delimiter="\t"), "utf-8")
    save_expect(c)

    # 20 dates as people type them ----------------------------------------------
    c = pas_case("20_passenger_dates_as_typed.csv", dialect={"delimiter": ","},
                 exercises=["dates typed 2024/2/5, 2024年3月5日, 2024-03-05 "
                            "00:00:00, 2024-3-5, 2024.03.05, Excel serial "
                            "45356, 20240305"],
                 notes="date has the default format (YYYY-MM-DD). Every "
                       "non-ISO spelling is a type-error; the ISO rows are "
                       "valid. A tool may offer to normalise these, but "
                       "validation against the declared schema must flag "
                       "them.")
    c.add(titles(PS))
    typed = {3: "2024/2/5", 7: "2024年3月5日", 11: "2024-03-05 00:00:00",
             15: "2024-3-5", 19: "2024.03.05", 23: "45356", 27: "20240305",
             31: "2024/02/05", 35: "05/02/2024"}
    used = set()
    for i, row in enumerate(passenger_rows(40, start=dt.date(2024, 1, 1))):
        vals = dict_row(row, F)
        n = c.add(vals)
        if n in typed:
            vals[1] = typed[n]
            c.err(n, "date", "type-error", typed[n])
    write_text(c, render_text(c), "utf-8")
    save_expect(c)

    # 21 numbers as people type them -----------------------------------------
    c = pas_case("21_passenger_numbers_as_typed.csv",
                 dialect={"delimiter": ","},
                 exercises=["thousands separator in integer (no groupChar)",
                            "full-width digits １２３４５", "'1.2万'",
                            "space as group separator", "percent in bare "
                            "number field", "percent in bareNumber:false "
                            "field (valid)", "full-width percent sign",
                            "float in integer field"],
                 notes="on_time_rate accepts '96.5%' (bareNumber false). "
                       "load_rate is a bare number: '85%' is a type-error.")
    c.add(titles(PS))
    plan = {
        3: ("passengers", "12,345", "type-error"),
        5: ("passengers", "１２３４５", "type-error"),
        7: ("passengers", "1.2万", "type-error"),
        9: ("passengers", "12 345", "type-error"),
        11: ("load_rate", "85%", "type-error"),
        13: ("revenue", "¥2,345.00", "type-error"),
        15: ("passengers", "1234.0", "type-error"),
        17: ("revenue", "２３４５.５", "type-error"),
        19: ("on_time_rate", "９６.５％", "type-error"),
        21: ("revenue", "-35.50", "constraint-error"),
    }
    valid_pct = {4, 8, 12, 16, 20, 24}
    for i, row in enumerate(passenger_rows(30)):
        vals = dict_row(row, F)
        n = c.add(vals)
        if n in valid_pct:
            vals[col(F, "on_time_rate")] = vals[col(F, "on_time_rate")] + "%"
        if n in plan:
            f, v, code = plan[n]
            vals[col(F, f)] = v
            c.err(n, f, code, v)
    write_text(c, render_text(c), "utf-8")
    save_expect(c)

    # 23 comment rows and blank rows ---------------------------------------
    c = pas_case("23_passenger_comments_blank_rows.csv", dialect={
        "delimiter": ",", "commentChar": "#"},
        exercises=["comment rows starting with '#', before the header and "
                   "between data rows", "blank rows written by Excel (',,,,,,')",
                   "truly empty lines"],
        notes="")
    c.notes = ("commentChar '#' declared. Rows 1-2 are '#' comments, the "
               "header is row 3 (declared headerRows [3]). Comment rows "
               "between data rows are skipped, not errors, but count in row "
               "numbers. Every blank row (',,,,,,' or an empty line) is a "
               "blank-row error.")
    c.dialect["headerRows"] = [3]
    c.add(Raw("# 数据来源：公交IC卡系统, 导出时间 2024-04-01"))
    c.add(Raw("# 口径：含换乘, 不含免费乘车"))
    c.add(titles(PS))
    for i, row in enumerate(passenger_rows(30)):
        if i == 8:
            c.add(Raw("# 以下为3月中旬数据"))
        if i == 12:
            n = c.add([""] * len(F))
            c.err(n, None, "blank-row")
        if i == 19:
            n = c.add(Raw(""))
            c.err(n, None, "blank-row", "", "empty line")
        c.add(dict_row(row, F))
    n = c.add([""] * len(F))
    c.err(n, None, "blank-row", "", "trailing Excel blank row")
    c.add(Raw("# 合计行已删除"))
    write_text(c, render_text(c), "utf-8")
    save_expect(c)

    # 24 '-' and '无' declared as missing values ------------------------------
    c = pas_case("24_passenger_dash_wu_missing.csv", dialect={"delimiter": ","},
                 exercises=["missing value written as '-' or '无' with "
                            "schema missingValues ['', '-', '无']",
                            "missing value in a required field"],
                 notes="'-'/'无' are nulls here: fine in revenue, load_rate, "
                       "on_time_rate and remark; a constraint-error (required) "
                       "in passengers and route_id.")
    c.add(titles(PS))
    for i, row in enumerate(passenger_rows(30)):
        vals = dict_row(row, F)
        n = c.add(vals)
        if i in (2, 9, 17):
            vals[col(F, "revenue")] = "-"
        if i in (4, 11):
            vals[col(F, "remark")] = "无"
        if i == 6:
            vals[col(F, "load_rate")] = "无"
            vals[col(F, "on_time_rate")] = "-"
        if i == 13:
            vals[col(F, "passengers")] = "-"
            c.err(n, "passengers", "constraint-error", "-", "required")
        if i == 21:
            vals[col(F, "passengers")] = "无"
            c.err(n, "passengers", "constraint-error", "无", "required")
        if i == 25:
            vals[col(F, "route_id")] = "-"
            c.err(n, "route_id", "constraint-error", "-", "required")
    write_text(c, render_text(c), "utf-8")
    save_expect(c)

    # 25 XLSX with merged title row -------------------------------------------
    c = pas_case("25_passenger_title_merged.xlsx", fmt="xlsx", encoding=None,
                 dialect={"headerRows": [2], "sheetNumber": 1},
                 exercises=["real merged title cell A1:G1 in XLSX",
                            "real date cells", "numeric cells"],
                 notes="Clean. Dates are Excel date cells (datetime at "
                       "midnight), numbers are numeric cells.")
    c.add(["2024年汕尾市公交客流统计表"] + [None] * (len(F) - 1))
    c.add(titles(PS))
    for row in passenger_rows(40):
        c.add(xl_pas(row))
    wb = new_workbook()
    ws = wb.active
    ws.title = "客流"
    fill_sheet(ws, c.rows)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(F))
    ws.cell(1, 1).font = Font(bold=True, size=14)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    date_fmt(ws, 3, 2)
    save_wb(wb, os.path.join(OUT, c.fname))
    save_expect(c)

    # 26 XLSX date cells of every kind -----------------------------------------
    c = pas_case("26_passenger_excel_dates.xlsx", fmt="xlsx", encoding=None,
                 dialect={"sheetNumber": 1},
                 exercises=["Excel serial dates stored as plain numbers "
                            "(General format)", "text dates 2024/2/5 and "
                            "2024年3月5日", "ISO text date (valid)",
                            "datetime cell with a time part in a date field",
                            "real date cells (valid)"],
                 notes="Serial numbers (e.g. 45356) in a General-format cell "
                       "are numbers, not dates -> type-error. A date cell "
                       "whose value has 08:30 as time is not a date -> "
                       "type-error. Text '2024-03-05' is valid.")
    c.add(titles(PS))
    for i, row in enumerate(passenger_rows(36)):
        vals = xl_pas(row)
        n = c.add(vals)
        d = vals[1]
        if i in (4, 14, 24):
            serial = (d - dt.date(1899, 12, 30)).days
            vals[1] = serial
            c.err(n, "date", "type-error", serial, "Excel serial as number")
        if i == 7:
            vals[1] = "%d/%d/%d" % (d.year, d.month, d.day)
            c.err(n, "date", "type-error", vals[1])
        if i == 10:
            vals[1] = "%d年%d月%d日" % (d.year, d.month, d.day)
            c.err(n, "date", "type-error", vals[1])
        if i == 18:
            vals[1] = d.isoformat()   # text cell, valid
        if i == 28:
            vals[1] = dt.datetime(d.year, d.month, d.day, 8, 30)
            c.err(n, "date", "type-error", vals[1].isoformat(),
                  "datetime with time part in a date field")
    wb = new_workbook()
    ws = wb.active
    ws.title = "Sheet1"
    fill_sheet(ws, c.rows)
    for r in range(2, len(c.rows) + 1):
        cell = ws.cell(r, 2)
        if isinstance(cell.value, dt.datetime):
            cell.number_format = "yyyy-mm-dd hh:mm"
        elif isinstance(cell.value, dt.date):
            cell.number_format = "yyyy/m/d"
        elif isinstance(cell.value, int):
            cell.number_format = "General"
    save_wb(wb, os.path.join(OUT, c.fname))
    save_expect(c)

    # 27 data on the second sheet "数据" -------------------------------------
    c = pas_case("27_passenger_second_sheet.xlsx", fmt="xlsx", encoding=None,
                 dialect={"sheetName": "数据", "headerRows": [2]},
                 exercises=["workbook whose first sheet is a notes sheet; "
                            "data on second sheet named '数据'",
                            "title row", "float in integer field",
                            "maximum constraint", "missing required cell"],
                 notes="Sheet 1 '说明' holds notes only. sheetName '数据' "
                       "(equivalently sheetNumber 2).")
    c.add(["汕尾市公交线路日客流（2024年5月）"] + [None] * (len(F) - 1))
    c.add(titles(PS))
    for i, row in enumerate(passenger_rows(40, start=dt.date(2024, 5, 1))):
        vals = xl_pas(row)
        n = c.add(vals)
        if i == 6:
            vals[2] = 1234.5
            c.err(n, "passengers", "type-error", 1234.5, "non-integral float")
        if i == 16:
            vals[4] = 3.2
            c.err(n, "load_rate", "constraint-error", 3.2, "maximum 2")
        if i == 28:
            vals[0] = None
            c.err(n, "route_id", "constraint-error", None, "required")
    wb = new_workbook()
    ws0 = wb.active
    ws0.title = "说明"
    for line in ["本表由公交集团运营部填报。", "口径：含换乘客流。",
                 "数据在“数据”工作表。", "联系人：运营部 统计组"]:
        ws0.append([line])
    ws = wb.create_sheet("数据")
    fill_sheet(ws, c.rows)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(F))
    date_fmt(ws, 3, 2)
    save_wb(wb, os.path.join(OUT, c.fname))
    save_expect(c)
    return c


def xl_pas(row):
    return [row["route_id"], dt.date.fromisoformat(row["date"]),
            int(row["passengers"]), float(row["revenue"]),
            float(row["load_rate"]), float(row["on_time_rate"]),
            row["remark"] or None]


FIXED_TIME = dt.datetime(2024, 4, 1, 9, 0, 0)


def new_workbook():
    wb = openpyxl.Workbook()
    wb.properties.creator = "corpus"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    return wb


def save_wb(wb, path):
    """Save with fixed zip timestamps and core.xml dates (byte-reproducible)."""
    import re
    import zipfile
    buf = io.BytesIO()
    wb.save(buf)
    zin = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                              rb"\g<1>2024-04-01T09:00:00Z", data)
            zi = zipfile.ZipInfo(info.filename, (2024, 4, 1, 9, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(zi, data)


def fill_sheet(ws, rows):
    for row in rows:
        ws.append(list(row))


def date_fmt(ws, first_row, column):
    for r in range(first_row, ws.max_row + 1):
        cell = ws.cell(r, column)
        if isinstance(cell.value, (dt.date, dt.datetime)):
            cell.number_format = "yyyy-mm-dd"


# --------------------------------------------------------------------------
# Budget cases
# --------------------------------------------------------------------------
def bud_case(fname, fmt="csv", encoding="utf-8", dialect=None, exercises=(),
             header_labels="title", notes=""):
    return Case(fname, "schemas/budget-final-accounts.json", fmt, encoding,
                dialect or {}, list(exercises), header_labels, notes)


def build_budget():
    BS = BUDGET_SCHEMA
    F = BUD_FIELDS

    # 18 semicolon declared --------------------------------------------------
    c = bud_case("18_budget_semicolon_declared.csv",
                 dialect={"delimiter": ";"},
                 exercises=["semicolon-delimited export (declared)",
                            "amounts with thousands separators, groupChar ','",
                            "percent with bareNumber false",
                            "quoted cell containing ';'"],
                 notes="Commas inside amounts are group separators, not "
                       "delimiters.")
    c.add(titles(BS))
    for i, r in enumerate(budget_rows()):
        t = budget_text(r)
        if i == 7:
            t["subject_name"] = "其他公路水路运输支出;含渡口"
        vals = dict_row(t, F)
        n = c.add(vals)
        if i == 12:
            vals[col(F, "completion_rate")] = "待定"
            c.err(n, "completion_rate", "type-error", "待定")
    write_text(c, render_text(c, delimiter=";"), "utf-8")
    save_expect(c)

    # 19 semicolon undeclared ---------------------------------------------
    c = bud_case("19_budget_semicolon_undeclared.csv", dialect={},
                 exercises=["semicolon-delimited .csv with no delimiter "
                            "declared; commas occur in every amount, so a "
                            "naive sniff picks ','",
                            "pattern constraint"],
                 notes="Must be read with ';'. Read with ',' every row "
                       "would be broken.")
    c.add(titles(BS))
    for i, r in enumerate(budget_rows()):
        vals = dict_row(budget_text(r), F)
        n = c.add(vals)
        if i == 9:
            vals[0] = "21402a"
            c.err(n, "subject_code", "constraint-error", "21402a", "pattern")
    write_text(c, render_text(c, delimiter=";"), "utf-8")
    save_expect(c)

    # 22 numbers as accountants type them ------------------------------------
    c = bud_case("22_budget_numbers_as_typed.csv", dialect={"delimiter": ","},
                 exercises=["quoted '1,234,567.89' with groupChar ',' "
                            "(valid)", "full-width digits and comma",
                            "currency sign ¥", "accounting negative "
                            "(1,200.00)", "full-width percent sign",
                            "percent without sign (valid)",
                            "'万元' suffix"],
                 notes="budget amounts declare groupChar ','. bareNumber is "
                       "true for amounts, so '¥' and '万元' are not allowed.")
    c.add(titles(BS))
    plan = {
        3: ("budget_amount", "１，２３４，５６７.８９", "type-error"),
        6: ("actual_amount", "¥1,200.00", "type-error"),
        9: ("last_year_actual", "(1,200.00)", "type-error"),
        12: ("completion_rate", "９８.５％", "type-error"),
        15: ("budget_amount", "356.5万元", "type-error"),
        18: ("actual_amount", "-1,000.00", "constraint-error"),
    }
    for i, r in enumerate(budget_rows()):
        vals = dict_row(budget_text(r), F)
        n = c.add(vals)
        if n in (4, 8, 14):
            vals[col(F, "completion_rate")] = "%.1f" % r["completion_rate"]
        if n in plan:
            f, v, code = plan[n]
            vals[col(F, f)] = v
            c.err(n, f, code, v)
    write_text(c, render_text(c), "utf-8")
    save_expect(c)

    # 30 XLSX with title, unit row and two-row merged header -----------------
    c = bud_case("30_budget_merged_header.xlsx", fmt="xlsx", encoding=None,
                 dialect={"headerRows": [3, 4], "headerJoin": "",
                          "commentRows": [2], "sheetNumber": 1},
                 exercises=["merged title row A1:F1",
                            "unit row '单位：元' declared as commentRows",
                            "two-row header with real merged cells: "
                            "科目 over 编码/名称, 本年 over 预算数/决算数, "
                            "上年 over 决算数, 完成率 merged vertically",
                            "headerJoin '' gives 科目编码, 科目名称, 本年预算数, "
                            "本年决算数, 上年决算数, 完成率",
                            "text in a number cell", "empty required cell"],
                 notes="Merged cells hold their value only in the top-left "
                       "cell; a merged header cell must apply to every column "
                       "it spans (frictionless: excel control "
                       "fillMergedCells=true). Label errors, if any, belong to "
                       "row 4. Amount cells are numeric; completion_rate "
                       "cells are numbers (percent points).")
    W = len(F)
    c.add(["2024年汕尾市交通运输局一般公共预算支出决算表"] + [None] * (W - 1))
    c.add(["单位：元"] + [None] * (W - 1))
    c.add(["科目", None, "本年", None, "上年", "完成率"])
    c.add(["编码", "名称", "预算数", "决算数", "决算数", None])
    for i, r in enumerate(budget_rows()):
        vals = [r["subject_code"], r["subject_name"],
                round(r["budget_amount"], 2), round(r["actual_amount"], 2),
                round(r["last_year_actual"], 2),
                round(r["completion_rate"], 2)]
        n = c.add(vals)
        if i == 5:
            vals[3] = "待定"
            c.err(n, "actual_amount", "type-error", "待定")
        if i == 14:
            vals[1] = None
            c.err(n, "subject_name", "constraint-error", None, "required")
    wb = new_workbook()
    ws = wb.active
    ws.title = "支出决算"
    fill_sheet(ws, c.rows)
    ws.merge_cells("A1:F1")
    ws.merge_cells("A3:B3")
    ws.merge_cells("C3:D3")
    ws.merge_cells("F3:F4")
    for cc in ("A1", "A3", "C3", "E3", "F3"):
        ws[cc].alignment = Alignment(horizontal="center", vertical="center")
    ws["A1"].font = Font(bold=True, size=14)
    for r in range(5, ws.max_row + 1):
        for cidx in (3, 4, 5):
            ws.cell(r, cidx).number_format = "#,##0.00"
        ws.cell(r, 1).number_format = "@"
    for i in range(1, W + 1):
        ws.column_dimensions[get_column_letter(i)].width = 18
    save_wb(wb, os.path.join(OUT, c.fname))
    save_expect(c)
    return c


# --------------------------------------------------------------------------
# LibreOffice conversions
# --------------------------------------------------------------------------
def convert(src_case, ext, new_name, extra_ex):
    src = os.path.join(OUT, src_case.fname)
    tmpd = tempfile.mkdtemp(prefix="lo_out_")
    prof = tempfile.mkdtemp(prefix="lo_prof_")
    filt = {"xls": "xls:MS Excel 97", "ods": "ods"}[ext]
    subprocess.run(["soffice", "-env:UserInstallation=file://" + prof,
                    "--headless", "--convert-to", filt, "--outdir", tmpd, src],
                   check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=240)
    produced = os.path.join(tmpd, os.path.splitext(src_case.fname)[0] + "." + ext)
    shutil.move(produced, os.path.join(OUT, new_name))
    shutil.rmtree(tmpd, ignore_errors=True)
    shutil.rmtree(prof, ignore_errors=True)
    c = copy.copy(src_case)
    c.fname = new_name
    c.fmt = ext
    c.exercises = list(src_case.exercises) + extra_ex
    c.notes = (src_case.notes + " Converted from %s by LibreOffice "
               "(soffice --headless --convert-to %s); same rows, same "
               "expected errors." % (src_case.fname, ext))
    if ext == "xls":
        c.notes += (" XLS stores every number as a float: integral floats "
                    "(e.g. 1234.0) in integer fields are valid.")
    save_expect(c)


README_HEAD = """# Held-out messy-file corpus (Table Schema validator)

Synthetic files shaped like the exports a city transport bureau's data
stewards really send: Excel / WPS / office-system output with title rows,
merged headers, odd delimiters and encodings, and values typed by people.
Every data file `<file>` has a sidecar `<file>.expect.json` with the dialect a
steward would declare and the exact set of errors planted in it.

This corpus was written **without reading the validator's code**; it
encodes the Frictionless specs (Table Schema / Table Dialect v2,
https://datapackage.org) and the stewards' intent, not the tool's behaviour.

All content is synthetic (Faker zh_CN, seed %(seed)d). ID numbers, credit codes
and phone numbers are random with valid check digits where the schema asks
for them; they do not belong to anyone.

## Regenerate

    pip install faker openpyxl          # frictionless only for the cross-check
    apt-get install libreoffice-calc    # for the .xls/.ods copies
    python make_corpus.py               # or --no-convert to skip LibreOffice

Text files and .xlsx files are byte-reproducible; the .xls/.ods files come
from LibreOffice (`soffice --headless --convert-to xls|ods`) and may differ in
metadata bytes between LibreOffice versions, never in cell content.

## Schemas (`schemas/`)

| schema | origin | used by |
|---|---|---|
| `penalty-decisions.json` | copied unchanged from the project's `schemas/penalty-decisions.json` (v1 descriptor, `missingValues: [""]`, primary key `case_number`) | penalty files |
| `passenger-flow.json` | written for this corpus (v2): route/date key, integer count, `bareNumber:false` percent, `missingValues ["", "-", "无"]` | passenger files |
| `budget-final-accounts.json` | written for this corpus (v2): `groupChar ","` amounts, `bareNumber:false` completion rate, `missingValues ["", "-"]` | budget files |

The brief named `schemas/budget-accounts.json`; no file of that name exists
in the project (only `budget-accounts-expenditure.json` and
`budget-accounts-three-public.json`, which the brief did not allow me to
open), so the budget schema here is an independent one.

## Sidecar format

```json
{
  "file": "30_budget_merged_header.xlsx",
  "schema": "schemas/budget-final-accounts.json",
  "format": "xlsx",            // resource format: csv | tsv | xlsx | xls | ods
  "encoding": null,            // resource encoding; null = not declared
  "dialect": {"headerRows": [3, 4], "headerJoin": "", "commentRows": [2],
              "sheetNumber": 1},
  "headerLabels": "title",     // header cells equal field titles ("name": field names)
  "errors": [[9, "actual_amount", "type-error"], ...],   // or "none"
  "errorDetails": [{"row": 9, "field": "actual_amount", "code": "type-error",
                    "cell": "待定", "why": "..."}],
  "acceptableAlternatives": [],   // other error sets also judged correct
  "exercises": ["..."], "notes": "..."
}
```

* `dialect` uses Table Dialect v2 property names: `delimiter`, `headerRows`,
  `headerJoin`, `commentRows`, `commentChar`, `quoteChar`, `doubleQuote`,
  `sheetName` / `sheetNumber` (the brief's "sheet"). `encoding` and
  `format` are Data Resource properties, given beside the dialect. An empty
  dialect / null encoding means the steward declared nothing and the tool must
  detect it.
* **Rows** are frictionless `rowNumber`s: the 1-based position of the
  row (record) in the file or sheet, counting title, header, comment and blank
  rows. A quoted cell spanning several text lines is one row. Label errors
  (`incorrect-label`, `duplicate-label`, `extra-label`, `blank-label`) sit on
  the header row (the last header row when there are several).
* **field** is the schema field *name*; `null` for `blank-row`,
  `extra-cell`, `extra-label`, `primary-key` and `encoding-error`.
* Comparison is as a multiset of `[row, field, code]` triples; the error
  *messages* are not specified.

## Expectation rules (where specs or tools differ)

1. Lexical forms follow the Table Schema spec: integer/number are XML Schema
   lexical forms, so **full-width digits (１２３４５, ９６.５％) are type-errors**
   even though Python's `int()` / `Decimal()` accept them. Default `date`
   is `YYYY-MM-DD` with two-digit month/day: `2024-3-5` is a type-error.
2. A merged cell in a header row applies to every column it spans (XLSX,
   XLS and ODS alike).
3. Wholly empty trailing columns and the repeated empty rows/columns that
   office formats pad a sheet with (ODS `number-rows-repeated`) are not data
   and produce no errors. A blank row *inside* the data (or an empty line /
   all-empty row a person left in a CSV) is a `blank-row` error.
4. One error per faulty cell: a blank row gives `blank-row` only; a cell
   that fails its type is not also used for primary-key checking.
5. A missing cell in a required field gives `missing-cell` and the
   `constraint-error` (required), as frictionless does. A duplicate value of
   a single-field primary key that is also `unique` gives `primary-key` and
   `unique-error`; either alone is listed as an acceptable alternative.
6. Values people type (`2024/2/5`, `2024年3月5日`, `45356`, `12,345`, `1.2万`,
   `85%%` in a bare-number field, `-` where `-` is not a declared missing
   value) are errors against the declared schema; a tool may *suggest* a fix
   but must report them.

## Files
"""

README_TAIL = """
## Cross-check with frictionless-py 5.21.0

`check_with_frictionless.py` runs the reference implementation on every file
with the declared dialect (header titles mapped onto names, `fillMergedCells`
on for Excel) and writes `frictionless-diff.json`. It agrees with the sidecars
on every file except these, where the sidecar is deliberate:

| file | frictionless 5.21.0 | sidecar, because |
|---|---|---|
| 07 | `extra-label` on row 1 | rule 3 (strict result listed as alternative) |
| 13 | accepts `１２３４５` | rule 1 |
| 20 | accepts `2024-3-5` | rule 1 |
| 21 | accepts `１２３４５`, `２３４５.５`, `９６.５％` | rule 1 |
| 22 | accepts `９８.５％` | rule 1 |
| 23 | adds `primary-key` on blank rows | rule 4 |
| 29, 32 | ODS: `extra-label` / `blank-row` / `primary-key` from LibreOffice's repeated empty rows and columns; 32 also `incorrect-label` because the ODS reader does not fill merged header cells | rules 2-3 |
| 34 | (nothing declared) guesses utf-8 from the first 10 kB and stops with `encoding-error` | listed as the acceptable failure |

## Not produced / limits

* No real XLS written by Excel itself or WPS: the .xls/.ods files are
  LibreOffice conversions of the .xlsx ones.
* No password-protected, macro (.xlsm) or .et (WPS native) workbooks, and no
  CSV with a two-row merged header (Excel writes the merged cell once and
  leaves the spanned columns empty, which would need its own expectation).
* Check digits (`checkDigit` gb11643 / gb32100 in the penalty schema) are
  always valid; no check-digit errors are planted because they have no
  frictionless error code.
"""


def write_readme():
    lines = [README_HEAD % {"seed": SEED}]
    lines.append("%d data files (plus their sidecars). Total size: about "
                 "3 MB; the two GB18030 files are 1.1 MB each.\n" % len(CASES))
    lines.append("| file | format / encoding | declared dialect | exercises "
                 "| expected |")
    lines.append("|---|---|---|---|---|")
    for c in sorted(CASES, key=lambda c: c.fname):
        e = c.expect()
        if e["errors"] == "none":
            exp = "valid (none)"
        else:
            exp = "; ".join("r%s %s %s" % (r, f or "-", code)
                            for r, f, code in e["errors"])
        d = json.dumps(c.dialect, ensure_ascii=False) if c.dialect else \
            "(nothing)"
        d = d.replace("|", "\\|").replace("\\t", "TAB")
        lines.append("| `%s` | %s / %s | `%s` | %s | %s |" % (
            c.fname, c.fmt, c.encoding or "undeclared", d,
            "; ".join(c.exercises).replace("|", "\\|"),
            exp))
    lines.append(README_TAIL)
    with open(os.path.join(OUT, "README.md"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines))


def main():
    do_convert = "--no-convert" not in sys.argv
    os.makedirs(os.path.join(OUT, "schemas"), exist_ok=True)
    for name, sch in (("passenger-flow.json", PASSENGER_SCHEMA),
                      ("budget-final-accounts.json", BUDGET_SCHEMA)):
        with open(os.path.join(OUT, "schemas", name), "w",
                  encoding="utf-8") as fh:
            json.dump(sch, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
    PS = load_penalty_schema()
    build_penalty(PS)
    sheet2 = build_passenger()
    merged = build_budget()
    if do_convert and shutil.which("soffice"):
        convert(sheet2, "xls", "28_passenger_second_sheet.xls",
                ["XLS (BIFF8) produced by LibreOffice"])
        convert(sheet2, "ods", "29_passenger_second_sheet.ods",
                ["ODS produced by LibreOffice"])
        convert(merged, "xls", "31_budget_merged_header.xls",
                ["XLS (BIFF8) with merged cells"])
        convert(merged, "ods", "32_budget_merged_header.ods",
                ["ODS with merged cells (table:number-columns-spanned)"])
    else:
        print("soffice not found or --no-convert: skipped XLS/ODS",
              file=sys.stderr)
    index = [{"file": c.fname, "format": c.fmt, "encoding": c.encoding,
              "schema": c.schema,
              "errors": len(c.errors)} for c in sorted(CASES,
                                                        key=lambda c: c.fname)]
    with open(os.path.join(OUT, "index.json"), "w", encoding="utf-8") as fh:
        json.dump(index, fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    if do_convert:
        write_readme()
    print("wrote %d data files" % len(CASES))


if __name__ == "__main__":
    main()
