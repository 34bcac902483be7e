"""Property: whatever identifiers are planted in personal and free-text fields, none of them,
nor its digits with the separators removed, is in the released tables."""

from __future__ import annotations

import random
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publisher import synth
from publisher.commands.deidentify import read_frame
from publisher.dataset import Dataset
from publisher.deid import deidentify
from publisher.load import list_datasets, load

ROOT = Path(__file__).resolve().parents[3]
KEY = b"property-key"
FULL = str.maketrans("0123456789", "０１２３４５６７８９")


@st.composite
def mobiles(draw: st.DrawFn) -> str:
    number = draw(st.sampled_from(synth.MOBILE_PREFIXES)) + draw(
        st.text("0123456789", min_size=8, max_size=8))
    sep = draw(st.sampled_from(["", " ", "-"]))
    body = f"{number[:3]}{sep}{number[3:7]}{sep}{number[7:]}"
    body = draw(st.sampled_from(["", "+86 ", "0086", "+86-"])) + body
    return body.translate(FULL) if draw(st.booleans()) else body


@st.composite
def identifiers(draw: st.DrawFn) -> dict[str, str]:
    rng = random.Random(draw(st.integers(0, 2**32)))
    phone = draw(st.one_of(mobiles(), st.builds(lambda: synth.written_phone(rng))))
    return {
        "id_number": synth.written_id(rng),
        "phone": phone,
        "plate": synth.written_plate(rng),
        "email": draw(st.from_regex(r"[a-z][a-z0-9._]{2,10}", fullmatch=True))
        + "@" + draw(st.sampled_from(["example.com", "example.org", "mail.example.net"])),
        "bank_card": synth.bank_card(rng),
        "person_name": synth.person_name(rng),
        "address": synth.address(rng)[0],
    }


def sentence(ids: dict[str, str], filler: str) -> str:
    street = ids["address"].split("汕尾市")[-1]
    return (f"{filler}联系人：{ids['person_name']}，电话{ids['phone']}，身份证{ids['id_number']}，"
            f"车牌{ids['plate']}，邮箱{ids['email']}，卡号{ids['bank_card']}，住{street}。")


def assert_absent(kit: ModuleType, released: pd.DataFrame, kept: set[str],
                  planted: list[str]) -> None:
    for column in released.columns:
        if column in kept:
            continue
        for cell in released[column]:
            for value in planted:
                assert value not in cell, (column, "planted value found")
                number = kit.digits(value)
                if len(number) >= 7:
                    assert number not in kit.digits(cell), (column, "planted digits found")


FILLERS = st.sampled_from(["", "市民反映：", "12345转办，", "3路公交车上，", "汕交罚〔2019〕5号，"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(rows=st.lists(identifiers(), min_size=1, max_size=4), filler=FILLERS)
def test_planted_identifiers_never_released(kit: ModuleType, tmp_path: Path,
                                            rows: list[dict[str, str]], filler: str) -> None:
    df = kit.table(len(rows), seed=11)
    planted: list[str] = []
    for i, ids in enumerate(rows):
        for column in ("id_number", "phone", "plate", "email", "bank_card", "address"):
            df.loc[i, column] = ids[column]
        df.loc[i, "contact_name"] = ids["person_name"]
        df.loc[i, "facts"] = sentence(ids, filler)
        planted += [v for k, v in ids.items() if k not in ("person_name", "address")]
        planted.append(ids["address"])
    dataset = kit.write_dataset(tmp_path, df)
    result = deidentify(dataset, {"decisions": df}, KEY)
    kept = {"party_name", "company", "credit_code"}
    assert_absent(kit, result.tables["decisions"], kept, planted)
    names = [ids["person_name"] for ids in rows]
    assert not result.tables["decisions"]["contact_name"].isin(names).any()


PLANT = {"id_number": "id_number", "phone": "phone", "plate": "plate", "email": "email",
         "bank_card": "bank_card", "person_name": "person_name", "address": "address"}


def _datasets() -> list[str]:
    return list_datasets(ROOT / "datasets") or ["(none yet)"]


@pytest.mark.parametrize("name", _datasets())
@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ids=identifiers(), filler=FILLERS)
def test_every_dataset_releases_no_planted_value(kit: ModuleType, name: str, ids: dict[str, str],
                                                 filler: str) -> None:
    if name == "(none yet)":
        pytest.skip("no dataset in datasets/ yet")
    loaded = load(ROOT / "datasets", name, ROOT / "schemas")
    dataset: Dataset | None = loaded.dataset
    if dataset is None or not any(r.policies for r in dataset.resources):
        pytest.skip(f"{name}: no privacy policies")
    tables, kept, planted = {}, set(), []
    for resource in dataset.resources:
        try:
            df = read_frame(resource).head(20).reset_index(drop=True)
        except Exception:  # an unreadable resource is the validate stage's finding
            pytest.skip(f"{name}/{resource.name}: unreadable")
        for policy in resource.policies:
            if policy.field not in df.columns or df.empty:
                continue
            if policy.action == "keep":
                kept.add(policy.field)
            elif policy.category == "free_text":
                df.loc[0, policy.field] = sentence(ids, filler)
                planted += [ids[k] for k in ("id_number", "phone", "plate", "email", "bank_card")]
            elif policy.category in PLANT and policy.category != "address":
                df.loc[0, policy.field] = ids[policy.category]
                planted.append(ids[policy.category])
        tables[resource.name] = df
    result = deidentify(dataset, tables, KEY)
    for resource_name, released in result.tables.items():
        assert_absent(kit, released, kept, planted)
        del resource_name
