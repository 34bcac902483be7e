"""A generated dataset for the dask engine: complaints (personal fields, free text, k-anonymity)
and follow-ups (a foreign key, names of the complaints in free text). Fixed seed."""

from __future__ import annotations

import csv
import json
import random
import shutil
from pathlib import Path

from publisher import synth

ROOT = Path(__file__).resolve().parents[2]
NAME = "dask-check"

DATAPACKAGE = f"""\
name: {NAME}
title: 分区核对数据
description: 合成的投诉记录及回访记录，用于核对分区处理与本地处理结果一致。
keywords: [测试]
licenses:
  - name: CC-BY-4.0
department: 执法局
catalogue:
  column: 行政执法
  openness: 结果
disclosure:
  attribute: proactive
  basis: 《中华人民共和国政府信息公开条例》第二十条
  reason: ""
  exemption: ""
update_frequency: P1M
review: required
policy_document: false
translations:
  en:
    title: Partition check data
    description: Synthetic complaints and follow-ups.
resources:
  - name: complaints
    title: 投诉记录
    path: data/complaints.csv
    format: csv
    schema: dask-complaints.json
  - name: followups
    title: 回访记录
    path: data/followups.csv
    format: csv
    schema: dask-followups.json
"""


def _privacy(category: str, action: str) -> dict[str, str]:
    return {"category": category, "action": action, "basis": "测试"}


COMPLAINTS = {
    "primaryKey": ["record_id"],
    "kAnonymity": {"quasiIdentifiers": ["district", "age_group"], "k": 3,
                   "onViolation": "suppress"},
    "fields": [
        {"name": "record_id", "type": "string",
         "constraints": {"required": True, "unique": True, "pattern": "R[0-9]{6}"}},
        {"name": "district", "type": "string", "constraints": {"required": True}},
        {"name": "age_group", "type": "string"},
        {"name": "name", "type": "string", "privacy": _privacy("person_name", "pseudonymize")},
        {"name": "phone", "type": "string", "privacy": _privacy("phone", "mask")},
        {"name": "id_number", "type": "string", "privacy": _privacy("id_number", "redact")},
        {"name": "plate", "type": "string", "privacy": _privacy("plate", "mask")},
        {"name": "fine", "type": "integer", "constraints": {"minimum": 0}},
        {"name": "content", "type": "string", "privacy": _privacy("free_text", "redact")},
        {"name": "remark", "type": "string"},
    ],
}
FOLLOWUPS_SCHEMA = {
    "primaryKey": ["followup_id"],
    "foreignKeys": [{"fields": ["record_id"],
                     "reference": {"resource": "complaints", "fields": ["record_id"]}}],
    "fields": [
        {"name": "followup_id", "type": "integer", "constraints": {"required": True}},
        {"name": "record_id", "type": "string"},
        {"name": "note", "type": "string", "privacy": _privacy("free_text", "redact")},
    ],
}
BANDS = ("18-29", "30-39", "40-49", "50-59", "60-69")


def write_dataset(root: Path, rows: int = 2000, followups: int = 400, *,
                  faults: bool = False) -> Path:
    """datasets/ and schemas/ under ``root``; ``faults`` plants validation errors and
    identifiers in a field without a policy."""
    rng = random.Random(20260421)
    datasets, schemas = root / "datasets", root / "schemas"
    folder = datasets / NAME
    (folder / "data").mkdir(parents=True)
    schemas.mkdir()
    shutil.copy(ROOT / "datasets" / "bureau.yaml", datasets / "bureau.yaml")
    (folder / "datapackage.yaml").write_text(DATAPACKAGE, encoding="utf-8")
    (folder / "README.md").write_text(f"# {NAME}\n\nSynthetic data.\n", encoding="utf-8")
    (schemas / "dask-complaints.json").write_text(json.dumps(COMPLAINTS, ensure_ascii=False),
                                                  encoding="utf-8")
    (schemas / "dask-followups.json").write_text(json.dumps(FOLLOWUPS_SCHEMA),
                                                 encoding="utf-8")
    areas = list(synth.SHANWEI_AREAS.values())
    names: list[str] = []
    table: list[list[str]] = []
    for i in range(rows):
        name, phone, plate = synth.person_name(rng), synth.mobile(rng), synth.plate(rng)
        names.append(name)
        other = names[rng.randrange(len(names))]
        district = "红海湾" if i % 997 == 5 else rng.choice(areas)  # a few groups below k
        content = (f"本人{name}于{synth.event_date(rng)}乘坐{plate}，司机{other}绕路。"
                   f"联系电话{phone}，{synth.honorific(rng, name)}。")
        remark = "无"
        if faults and i % 400 == 7:
            remark = f"已电话联系{synth.mobile(rng)}"
        fine = str(rng.randrange(0, 5000))
        if faults and i % 450 == 11:
            fine = "-5" if i % 900 == 11 else "二百"
        record = f"R{i:06d}" if not (faults and i % 700 == 3) else "R000001"
        table.append([record, district, rng.choice(BANDS), name, phone,
                     synth.resident_id(rng), plate, fine, content, remark])
    header = [f["name"] for f in COMPLAINTS["fields"]]
    _write(folder / "data" / "complaints.csv", header, table)
    follow = []
    for j in range(followups):
        ref = f"R{rng.randrange(rows):06d}" if not (faults and j % 250 == 9) else "R999999"
        follow.append([str(j + 1), ref, f"回访时{names[rng.randrange(rows)]}表示满意。"])
    _write(folder / "data" / "followups.csv", ["followup_id", "record_id", "note"], follow)
    return root


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)
