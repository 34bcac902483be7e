"""The dataset-wide facts kept as 64-bit keys (a ValueSet past its limit) find exactly what the
strings found: the same positions in the residual scan, the same names redacted, the same
release; and a value the dataset does not hold is not redacted."""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher import valueset
from publisher.deid import deidentify
from publisher.deid.linking import NameIndex, usable_names
from publisher.deid.residual import ValueIndex
from publisher.readers import read_frame
from publisher.release import _csv_bytes
from publisher.valueset import ValueSet

KEY = b"test-key-valueset"
#: A few surnames and given-name characters, so that names overlap and repeat in texts.
CJK = "王李张刘陈欧阳司马小明华芳伟娜"


def keyed(values: set[str]) -> ValueSet:
    """A ValueSet holding ``values`` as keys whatever its limit."""
    out = ValueSet(values)
    out._to_keys()
    return out.settled()


digits = st.text("0123456789", min_size=7, max_size=19)
id_like = st.builds(lambda d, x: d + x, st.text("0123456789", min_size=14, max_size=17),
                    st.sampled_from(["", "X"]))
names = st.text(CJK, min_size=2, max_size=6)
addresses = st.text(CJK + "省市路号0123456789 ", min_size=6, max_size=12)
values = st.one_of(digits, id_like, names, addresses)


@st.composite
def texts(draw: st.DrawFn, pool: list[str]) -> str:
    """A text of noise and pieces of the values (whole, cut or joined)."""
    parts = []
    for _ in range(draw(st.integers(0, 6))):
        if pool and draw(st.booleans()):
            value = draw(st.sampled_from(pool))
            cut = draw(st.integers(0, len(value)))
            parts.append(value if draw(st.booleans()) else value[:cut])
        else:
            parts.append(draw(st.text(CJK + "0123456789X，。 ab", max_size=8)))
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), found=st.sets(values, max_size=12))
def test_keys_find_what_the_strings_found(data: st.DataObject, found: set[str]) -> None:
    pool = sorted(found)
    text = data.draw(texts(pool))
    assert ValueIndex(keyed(found)).find(text) == ValueIndex(frozenset(found)).find(text)
    people = usable_names(found)
    assert NameIndex(keyed(people)).find(text) == NameIndex(people).find(text)
    for value in pool:
        assert value in keyed(found)


@settings(max_examples=100, deadline=None)
@given(found=st.sets(values, min_size=1, max_size=12), absent=values)
def test_a_value_absent_from_the_dataset_is_not_found(found: set[str], absent: str) -> None:
    found.discard(absent)
    if not found:
        return
    text = f"据查{absent}。"
    index = ValueIndex(keyed(found))
    if not any(v in text for v in found):
        assert index.find(text) == -1
    people = usable_names(found)
    if not any(n in text for n in people):
        assert NameIndex(keyed(people)).find(text) == []
        assert absent not in keyed(found)


def test_an_absent_name_is_not_redacted() -> None:
    import pandas as pd

    index = NameIndex(keyed({"王小明", "李华", "欧阳娜娜"}))
    texts = pd.Series(["王小华来电", "李华来电", "欧阳娜来电"])
    redacted, n = index.redact_series(texts)
    assert redacted.tolist() == ["王小华来电", "【姓名】来电", "欧阳娜来电"] and n == 1


def test_keys_merge_and_travel_by_pickle() -> None:
    a, b = keyed({"13812345678", "王小明"}), ValueSet({"441502199001011234"})
    merged = a.update(b).update(ValueSet({"王小明"}))
    assert len(merged) == 3 and not merged.exact
    assert pickle.loads(pickle.dumps(merged)) == keyed({"13812345678", "王小明",
                                                         "441502199001011234"})
    assert ValueSet({"a", "b"}) == ValueSet({"b", "a"}) and ValueSet({"a"}).exact


def test_spills_to_keys_past_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(valueset, "LIMIT", 3)
    grown = ValueSet({"1380000000" + str(i) for i in range(3)})
    assert grown.exact
    grown.update({"13900000000"})
    assert not grown.exact and len(grown) == 4 and "13900000000" in grown
    assert "13900000001" not in grown


def _digest(kit: ModuleType, tmp_path: Path) -> tuple[str, str, dict[str, str]]:
    source = kit.table(60, seed=5)
    # Other rows' names, numbers and addresses: the dataset-wide facts find them.
    source["note"] = [f"已联系{source.loc[(i + 3) % 60, 'contact_name']}，电话"
                      f"{source.loc[(i + 5) % 60, 'phone']}，证件"
                      f"{source.loc[(i + 7) % 60, 'id_number']}，住"
                      f"{source.loc[(i + 2) % 60, 'address']}" for i in range(60)]
    dataset = kit.write_dataset(tmp_path, source)
    result = deidentify(dataset, {r.name: read_frame(r) for r in dataset.resources}, KEY)
    return (json.dumps(result.report.to_dict(), ensure_ascii=False),
            json.dumps([f.to_dict() for f in result.findings], ensure_ascii=False),
            {n: hashlib.sha256(_csv_bytes(t)).hexdigest() for n, t in result.tables.items()})


def test_the_release_is_the_same_with_the_facts_as_keys(kit: ModuleType,
                                                        tmp_path: Path) -> None:
    strings = _digest(kit, tmp_path / "strings")
    assert json.loads(strings[1]), "the notes repeat other rows' values"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(valueset, "LIMIT", 0)
        assert _digest(kit, tmp_path / "keys") == strings
