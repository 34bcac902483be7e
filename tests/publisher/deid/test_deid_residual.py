"""The independent residual scan: it blocks a release into which a value was planted after
de-identification, for every category, and it shares no code with the detectors."""

from __future__ import annotations

import ast
import random
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher import lexicon, synth
from publisher.deid import deidentify
from publisher.deid.residual import independent_scan, scan_text
from publisher.lexicon import PublicContacts

ROOT = Path(__file__).resolve().parents[3]
KEY = b"residual-key"
rng = random.Random(21)
PHONE = synth.mobile(rng)
IDN = synth.resident_id(rng)
CARD = synth.bank_card(rng)
#: category -> a sentence planting it in a form the detectors might miss.
PLANTED = {
    "phone": f"电话{PHONE[:3]}.{PHONE[3:7]}.{PHONE[7:]}",
    "id_number": f"证件{IDN[:6]} {IDN[6:12]} {IDN[12:]}",
    "bank_card": f"卡{CARD[:6]} {CARD[6:]}",
    "email": "邮箱 lbq at 163 dot com",
    "plate": "粤 N 12345 的车",
    "person_name": "投诉人：卓雅琴",
}


def test_the_scan_imports_nothing_of_the_detectors() -> None:
    tree = ast.parse((ROOT / "publisher" / "deid" / "residual.py").read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert {m for m in imported if m and (m.startswith("publisher.deid")
                                          or m == "publisher.identifiers")} == set()


@pytest.mark.parametrize("category", sorted(PLANTED))
def test_each_category_is_found(category: str) -> None:
    assert category in {c for _, c in scan_text(PLANTED[category], PublicContacts())}


@pytest.mark.parametrize("text", ["汕交罚〔2024〕15号", "请拨打12345或12328",
                                  "工单号SW202403150012",
                                  "票据号码441503195608139334", "乘客向司机反映", "司机师傅很好",
                                  "【姓名】先生：您好", "2024年3月5日", "罚款14000元"])
def test_public_and_ordinary_text_passes(text: str) -> None:
    assert scan_text(text, PublicContacts()) == []


def test_a_published_office_number_passes() -> None:
    contacts = lexicon.public_contacts(ROOT / "datasets")
    assert scan_text("办公室电话0660-3791974", contacts) == []
    assert scan_text("我的电话0660-3123457", contacts) != []


def test_planted_after_deidentification_blocks_the_release(kit: ModuleType, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Detectors gone blind (they find nothing): the independent scan alone blocks, with row,
    field, position and category and never the value."""
    source = kit.table(7, seed=3)
    for i, text in enumerate(PLANTED.values()):
        source.loc[i, "facts"] = text
    source.loc[6, "facts"] = f"住址是{source.loc[0, 'address']}"  # another row's address
    dataset = kit.write_dataset(tmp_path, source)
    from publisher.deid.engine import Engine

    monkeypatch.setattr(Engine, "find", lambda self, text: [])
    result = deidentify(dataset, {"decisions": source}, KEY)
    assert not result.ok
    residual = [f for f in result.findings if f.code == "pii-residual"]
    found = {(f.row, f.params["category"]) for f in residual if f.field == "facts"}
    for i, category in enumerate(sorted(PLANTED, key=list(PLANTED).index)):
        assert (i + 2, category) in found, category
    assert (8, "address") in found  # a value of a personal column
    text = repr([f.to_dict() for f in residual])
    assert not [v for v in (PHONE, IDN, CARD, "卓雅琴", "lbq") if v in text]


def test_a_clean_release_passes(kit: ModuleType, tmp_path: Path) -> None:
    source = kit.table(30, seed=5)
    dataset = kit.write_dataset(tmp_path, source)
    result = deidentify(dataset, {"decisions": source}, KEY)
    assert [f.to_dict() for f in result.findings if f.code == "pii-residual"] == []


def test_values_of_personal_columns_are_found_anywhere() -> None:
    df = pd.DataFrame({"note": ["已联系", f"已联系{PHONE[:3]} {PHONE[3:]}"]}, dtype=object)
    findings = independent_scan("d", "r", df, set(),
                                {"phone": ("phone", pd.Series([PHONE]))}, PublicContacts())
    assert {(f.row, f.params["category"]) for f in findings} == {(3, "phone")}


@settings(max_examples=60, deadline=None)
@given(surname=st.sampled_from(list(lexicon.SURNAMES) + list(lexicon.COMPOUND_SURNAMES)),
       given_name=st.text(synth.GIVEN, min_size=1, max_size=2),
       cue=st.sampled_from(["投诉人：", "联系人：", "我叫", "我父亲", "此致敬礼！"]))
def test_any_name_of_the_inventory_is_found(surname: str, given_name: str, cue: str) -> None:
    name = surname + given_name
    hits = scan_text(f"{cue}{name}", PublicContacts())
    assert any(c == "person_name" for _, c in hits)


@pytest.mark.parametrize("surname", sorted(lexicon.COMPOUND_SURNAMES))
def test_every_compound_surname_is_found_even_one_holding_a_numeral(surname: str) -> None:
    # The scan reads 五 as 5, which once hid 第五 (found by the property test above).
    for cue in ("投诉人：", "我叫", "此致敬礼！"):
        hits = scan_text(f"{cue}{surname}东", PublicContacts())
        assert (len(cue), "person_name") in hits, (cue, surname)
