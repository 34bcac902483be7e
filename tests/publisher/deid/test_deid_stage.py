"""The stage end to end on a penalty-like table: actions, pseudonyms, k-anonymity, no leaks."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest
from pycanon import anonymity

from publisher.deid import deidentify, scan_frame
from publisher.deid.masks import mask_id, mask_name, mask_phone, mask_plate
from publisher.deid.pseudonym import key_fingerprint

KEY = b"test-key-one"


@pytest.fixture
def source(kit: ModuleType) -> pd.DataFrame:
    return kit.table(40, seed=7)


def test_actions_by_policy(kit: ModuleType, tmp_path: Path, source: pd.DataFrame) -> None:
    dataset = kit.write_dataset(tmp_path, source)
    result = deidentify(dataset, {"decisions": source}, KEY)
    out = result.tables["decisions"]
    assert result.ok, [f.to_dict() for f in result.findings]
    assert "bank_card" not in out.columns  # drop
    assert (out["email"] == "").all()  # suppress
    assert out["party_name"].tolist() == source["party_name"].tolist()  # exempt keep
    assert out["company"].tolist() == source["company"].tolist()
    assert out["credit_code"].tolist() == source["credit_code"].tolist()
    assert out["id_number"].str.match(r"^ID-[b-v]{16}$").all()
    assert out["birth_date"].str.fullmatch(r"\d{4}").all()
    assert out["address"].isin(["汕尾市城区", "汕尾市海丰县", "汕尾市陆河县", "汕尾市陆丰市"]).all()
    assert out["facts"].str.contains("【姓名】").all()
    assert out["facts"].str.contains("【身份证号】").all()
    assert out["facts"].str.contains("〔|（|\\[", regex=True).all()  # case numbers stay
    assert scan_frame(out.drop(columns=["party_name"])) == {}
    assert scan_frame(out[["party_name"]]) == {"party_name": {"person_name": len(out)}}


def test_documented_masks(kit: ModuleType) -> None:
    assert mask_name("张三明") == "张*明"
    assert mask_name("张明") == "张*"
    assert mask_id("441502199001011234") == "441502********1234"
    assert mask_phone("138 1234 5678") == "138****5678"
    assert mask_phone("+86 13812345678") == "138****5678"
    assert mask_phone("0660-3123456") == "0660-3****56"
    assert mask_plate("粤N12345") == "粤N·1***5"
    assert mask_plate("粤N·1234学") == "粤N·1**4学"


def test_pseudonyms_stable_with_a_key_and_different_with_another(kit: ModuleType,
        tmp_path: Path, source: pd.DataFrame) -> None:
    dataset = kit.write_dataset(tmp_path, source)
    doubled = pd.concat([source, source], ignore_index=True)
    first = deidentify(dataset, {"decisions": doubled}, KEY).tables["decisions"]["id_number"]
    again = deidentify(dataset, {"decisions": source}, KEY).tables["decisions"]["id_number"]
    other = deidentify(dataset, {"decisions": source}, b"another-key").tables["decisions"]
    n = len(source)
    assert first[:n].tolist() == first[n:].tolist() == again.tolist()
    assert not set(other["id_number"]) & set(again)
    assert len(set(again)) == source["id_number"].str.upper().nunique()


def test_same_person_written_differently_gets_one_token(kit: ModuleType, tmp_path: Path) -> None:
    df = kit.table(3, seed=2)
    df.loc[1, "id_number"] = df.loc[0, "id_number"].lower()
    dataset = kit.write_dataset(tmp_path, df)
    out = deidentify(dataset, {"decisions": df}, KEY).tables["decisions"]
    assert out.loc[0, "id_number"] == out.loc[1, "id_number"]


@pytest.mark.parametrize("k", [2, 5, 11])
def test_k_anonymity_matches_pycanon(kit: ModuleType, tmp_path: Path, source: pd.DataFrame,
                                     k: int) -> None:
    dataset = kit.write_dataset(tmp_path, source, k=k, on_violation="fail")
    result = deidentify(dataset, {"decisions": source}, KEY)
    out = result.tables["decisions"]
    reached = anonymity.k_anonymity(out, ["address"])
    kreport = result.report.k_anonymity[0]
    assert kreport.k_reached == reached
    violated = [f for f in result.findings if f.code == "k-anonymity-violated"]
    assert bool(violated) == (reached < k)
    assert result.ok == (reached >= k)


def test_k_anonymity_suppression(kit: ModuleType, tmp_path: Path) -> None:
    df = kit.table(30, seed=3)
    df.loc[:24, "address"] = "广东省汕尾市城区香洲街道人民路1号"
    dataset = kit.write_dataset(tmp_path, df, k=10, on_violation="suppress")
    result = deidentify(dataset, {"decisions": df}, KEY)
    out = result.tables["decisions"]
    assert anonymity.k_anonymity(out, ["address"]) >= 10
    assert result.report.k_anonymity[0].rows_suppressed == 30 - len(out)
    assert result.report.k_anonymity[0].k_reached == anonymity.k_anonymity(out, ["address"])
    assert result.ok


def test_keep_of_a_never_kept_category_is_refused(kit: ModuleType, tmp_path: Path) -> None:
    df = kit.table(5, seed=4)
    dataset = kit.write_dataset(tmp_path, df)
    resource = dataset.resources[0]
    assert resource.schema is not None
    for fld in resource.schema["fields"]:
        if fld["name"] == "phone":
            fld["privacy"]["action"] = "keep"
            fld["privacy"]["keepUnder"] = ["punishment_disclosure"]
    result = deidentify(dataset, {"decisions": df}, KEY)
    assert not result.ok
    assert [f.field for f in result.findings if f.code == "privacy-keep-refused"] == ["phone"]
    assert (result.tables["decisions"]["phone"] == "").all()


def test_residual_hit_blocks_with_position_not_value(kit: ModuleType, tmp_path: Path) -> None:
    df = kit.table(5, seed=5)
    df.loc[3, "case_number"] = "汕交罚〔2020〕3号 联系13812345678"
    dataset = kit.write_dataset(tmp_path, df)
    result = deidentify(dataset, {"decisions": df}, KEY)
    assert not result.ok
    hits = [(f.resource, f.row, f.field, f.params["category"]) for f in result.findings
            if f.code == "pii-detected"]
    assert hits == [("decisions", 5, "case_number", "phone")]
    assert "13812345678" not in json.dumps([f.to_dict("en") for f in result.findings])


def test_no_value_in_report_findings_or_log(kit: ModuleType, tmp_path: Path,
                                            caplog: pytest.LogCaptureFixture,
                                            source: pd.DataFrame) -> None:
    df = source.copy()
    df.loc[0, "case_number"] = "备注：" + df.loc[0, "phone"]  # a residual finding too
    dataset = kit.write_dataset(tmp_path, df, k=50)
    with caplog.at_level(logging.DEBUG):
        result = deidentify(dataset, {"decisions": df}, KEY)
    assert not result.ok
    text = json.dumps(result.report.to_dict(), ensure_ascii=False) + json.dumps(
        [f.to_dict(lang) for f in result.findings for lang in ("zh", "en")], ensure_ascii=False)
    text += caplog.text
    assert KEY.decode() not in text
    assert key_fingerprint(KEY) in text
    for column in ("contact_name", "id_number", "phone", "plate", "email", "bank_card",
                   "address", "birth_date"):
        for value in df[column]:
            assert value not in text
            if column in ("id_number", "phone", "bank_card"):
                assert kit.digits(value) not in kit.digits(text) or len(kit.digits(value)) < 7


def test_released_text_has_no_planted_identifier(kit: ModuleType, tmp_path: Path,
                                                 source: pd.DataFrame) -> None:
    dataset = kit.write_dataset(tmp_path, source)
    out = kit.released_text(deidentify(dataset, {"decisions": source}, KEY).tables)
    flat = kit.digits(out)
    for column in ("id_number", "phone", "bank_card", "plate", "email", "contact_name"):
        for value in source[column]:
            assert value not in out
            if column != "plate" and column != "email" and column != "contact_name":
                assert kit.digits(value) not in flat


def test_no_key_is_a_fault(kit: ModuleType, tmp_path: Path, source: pd.DataFrame) -> None:
    dataset = kit.write_dataset(tmp_path, source)
    with pytest.raises(ValueError, match="pseudonym key"):
        deidentify(dataset, {"decisions": source}, b"")
