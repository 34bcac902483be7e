"""Stage ``release``: an immutable, versioned folder of de-identified data and its reports.

A release's identity is its content checksum: the sha256 over the released files and the
descriptive metadata, excluding the version number and creation time. Building a release whose
checksum equals the newest one's returns that release instead of a new version, so rerunning an
unchanged pipeline never mints versions (and never asks for a new approval).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from publisher import downloads
from publisher.dataset import Dataset

MEDIA_TYPES = {"csv": "text/csv"}


@dataclass(frozen=True)
class ReleaseInfo:
    dataset: str
    version: int
    checksum: str
    path: Path
    manifest: dict[str, Any]
    new: bool  # False when an identical release already existed


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(frame.columns))
    writer.writerows(frame.astype("string").fillna("").itertuples(index=False, name=None))
    return out.getvalue().encode("utf-8")


def _released_schema(schema: dict[str, Any], columns: list[str]) -> dict[str, Any]:
    """The schema of what is released: dropped columns removed, keys that name them pruned."""
    fields = [f for f in schema.get("fields", []) if f.get("name") in columns]
    out = {**schema, "fields": fields}
    kept = set(columns)
    if isinstance(out.get("primaryKey"), list) and not set(out["primaryKey"]) <= kept:
        out.pop("primaryKey")
    if isinstance(out.get("foreignKeys"), list):
        out["foreignKeys"] = [fk for fk in out["foreignKeys"]
                              if set(fk.get("fields", []) if isinstance(fk.get("fields"), list)
                                     else [fk.get("fields")]) <= kept]
    return out


def manifest_for(dataset: Dataset, files: dict[str, bytes],
                 tables: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """The datapackage.json content, without version, creation time and whole checksum."""
    resources = []
    for resource in dataset.resources:
        data = files[resource.name]
        resources.append({
            "name": resource.name,
            "title": resource.title or resource.name,
            "path": f"data/{resource.name}.csv",
            "format": "csv",
            "mediatype": MEDIA_TYPES["csv"],
            "encoding": "utf-8",
            "bytes": len(data),
            "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
            "schema": _released_schema(resource.schema or {},
                                       list(tables[resource.name].columns)),
        })
    raw = dataset.descriptor
    return {
        "name": dataset.name,
        "title": dataset.title,
        "description": dataset.description,
        "keywords": list(dataset.keywords),
        "licenses": [{"name": dataset.license}],
        "publisher": {
            "disclosure": {"attribute": dataset.disclosure.attribute,
                           "basis": dataset.disclosure.basis,
                           "exemption": dataset.disclosure.exemption},
            "department": dataset.department,
            "catalogue": {"column": dataset.catalogue_column, "openness": dataset.openness},
            "update_frequency": dataset.update_frequency,
            "translations": dataset.translations,
            "temporal": raw.get("temporal") if isinstance(raw.get("temporal"), dict) else {},
            "spatial": str(raw.get("spatial") or ""),
            "interpretation": dataset.interpretation,
        },
        "resources": resources,
    }


def content_checksum(manifest: dict[str, Any]) -> str:
    canonical = json.dumps(manifest, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _write_readonly(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    path.chmod(0o444)


def build_release(
    dataset: Dataset,
    tables: dict[str, pd.DataFrame],
    reports: dict[str, dict[str, Any]],
    releases_dir: Path,
    latest: tuple[int, str] | None,
) -> ReleaseInfo:
    """Write a new release folder, or return the latest one when the content is identical.

    ``tables`` are the de-identified tables by resource name; ``reports`` are the validation and
    de-identification reports (file stem → JSON); ``latest`` is (version, checksum) of the newest
    existing release, if any.
    """
    files = {name: _csv_bytes(frame) for name, frame in tables.items()}
    manifest = manifest_for(dataset, files, tables)
    checksum = content_checksum(manifest)
    base = releases_dir / dataset.name
    if latest is not None and latest[1] == checksum:
        folder = base / str(latest[0])
        stored = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        return ReleaseInfo(dataset.name, latest[0], checksum, folder, stored, new=False)
    version = (latest[0] if latest else 0) + 1
    manifest = {**manifest, "version": str(version),
                "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
    manifest["publisher"] = {**manifest["publisher"], "checksum": checksum}
    # Excel-friendly forms: derived from the same tables, outside the content checksum.
    extra: dict[str, bytes] = {}
    for res in manifest["resources"]:
        made = downloads.excel_files(res["name"], res["title"], tables[res["name"]],
                                     res["schema"])
        res["downloads"] = downloads.manifest_entries(res["name"], made)
        extra.update(made)
    base.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{version}-", dir=base))
    try:
        for name, data in files.items():
            _write_readonly(staging / "data" / f"{name}.csv", data)
        for filename, data in extra.items():
            _write_readonly(staging / "data" / filename, data)
        _write_readonly(staging / "datapackage.json",
                        json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"))
        for stem, report in reports.items():
            _write_readonly(staging / f"{stem}.json",
                            json.dumps(report, ensure_ascii=False, indent=2).encode("utf-8"))
        sums = sorted(
            (hashlib.sha256(p.read_bytes()).hexdigest(), p.relative_to(staging).as_posix())
            for p in staging.rglob("*") if p.is_file()
        )
        _write_readonly(staging / "checksums.sha256",
                        "".join(f"{h}  {rel}\n" for h, rel in sums).encode("utf-8"))
        # The rename is atomic: a crash leaves a hidden staging folder, never half a release.
        os.rename(staging, base / str(version))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return ReleaseInfo(dataset.name, version, checksum, base / str(version), manifest, new=True)


def verify_release(path: Path) -> list[str]:
    """Files of a release folder whose sha256 no longer matches checksums.sha256."""
    bad = []
    for line in (path / "checksums.sha256").read_text(encoding="utf-8").splitlines():
        digest, rel = line.split("  ", 1)
        target = path / rel
        if not target.is_file() or hashlib.sha256(target.read_bytes()).hexdigest() != digest:
            bad.append(rel)
    return bad
