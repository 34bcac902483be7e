import json

import pandas as pd
import pytest

from publisher.dataset import Dataset, Disclosure, Resource
from publisher.release import build_release, verify_release

SCHEMA = {"fields": [{"name": "code", "type": "string"}, {"name": "n", "type": "integer"},
                     {"name": "secret", "type": "string"}],
          "primaryKey": ["code"]}


def dataset(tmp_path) -> Dataset:
    res = Resource(name="t", path=tmp_path / "t.csv", format="csv", schema_ref="s.json",
                   schema=SCHEMA, title="表")
    return Dataset(name="demo", folder=tmp_path, title="演示", description="说明",
                   disclosure=Disclosure("proactive", "第二十条"), department="办公室",
                   catalogue_column="工作动态", openness="结果", update_frequency="P1M",
                   review="required", resources=(res,), keywords=("公交",))


def table(**changes) -> pd.DataFrame:
    frame = pd.DataFrame({"code": ["0164A", "007"], "n": ["1", "2"]}, dtype="string")
    for key, value in changes.items():
        frame.loc[0, key] = value
    return frame


def test_release_folder_is_complete_and_verifiable(tmp_path):
    info = build_release(dataset(tmp_path), {"t": table()}, {"deidentification": {"cells": 0}},
                         tmp_path / "releases", None)
    assert info.new and info.version == 1
    assert sorted(p.relative_to(info.path).as_posix() for p in info.path.rglob("*")
                  if p.is_file()) == ["checksums.sha256", "data/t.csv", "data/t.excel.csv",
                                      "data/t.xlsx", "datapackage.json",
                                      "deidentification.json"]
    package = json.loads((info.path / "datapackage.json").read_text(encoding="utf-8"))
    assert package["version"] == "1" and package["publisher"]["checksum"] == info.checksum
    resource = package["resources"][0]
    assert resource["bytes"] == (info.path / "data/t.csv").stat().st_size
    # The dropped column is gone from the released schema; the primary key survives.
    assert [f["name"] for f in resource["schema"]["fields"]] == ["code", "n"]
    assert resource["schema"]["primaryKey"] == ["code"]
    assert (info.path / "data/t.csv").read_text(encoding="utf-8") == "code,n\n0164A,1\n007,2\n"
    assert verify_release(info.path) == []
    assert oct((info.path / "data/t.csv").stat().st_mode)[-3:] == "444"


def test_identical_content_reuses_the_release(tmp_path):
    ds = dataset(tmp_path)
    first = build_release(ds, {"t": table()}, {}, tmp_path / "r", None)
    again = build_release(ds, {"t": table()}, {}, tmp_path / "r", (1, first.checksum))
    assert not again.new and again.version == 1 and again.checksum == first.checksum
    changed = build_release(ds, {"t": table(n="3")}, {}, tmp_path / "r", (1, first.checksum))
    assert changed.new and changed.version == 2 and changed.checksum != first.checksum
    assert sorted(p.name for p in (tmp_path / "r" / "demo").iterdir()) == ["1", "2"]


def test_tampering_is_detected(tmp_path):
    info = build_release(dataset(tmp_path), {"t": table()}, {}, tmp_path / "r", None)
    target = info.path / "data/t.csv"
    target.chmod(0o644)
    target.write_text("code,n\nX,1\n", encoding="utf-8")
    assert verify_release(info.path) == ["data/t.csv"]


def test_a_failed_build_leaves_no_release(tmp_path, monkeypatch):
    import publisher.release as release

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(release.os, "rename", boom)
    with pytest.raises(OSError):
        build_release(dataset(tmp_path), {"t": table()}, {}, tmp_path / "r", None)
    assert list((tmp_path / "r" / "demo").iterdir()) == []
