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

from publisher import canonical, downloads
from publisher.dataset import Dataset
from publisher.hashing import sha256_file

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
    _csv_rows(writer, frame)
    return out.getvalue().encode("utf-8")


def _csv_rows(writer: Any, frame: pd.DataFrame) -> None:
    writer.writerows(frame.astype("string").fillna("").itertuples(index=False, name=None))


def _released_schema(schema: dict[str, Any], columns: list[str]) -> dict[str, Any]:
    """The schema of what is released: dropped columns removed, keys that name them pruned,
    normalised fields in the default forms (when the schema opts in)."""
    return canonical.released_schema(_kept_schema(schema, columns),
                                     canonical.plan(schema, columns))


def _kept_schema(schema: dict[str, Any], columns: list[str]) -> dict[str, Any]:
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
    return _manifest(dataset, {n: (len(d), hashlib.sha256(d).hexdigest())
                               for n, d in files.items()},
                     {n: [str(c) for c in t.columns] for n, t in tables.items()})


def _manifest(dataset: Dataset, sums: dict[str, tuple[int, str]],
              columns: dict[str, list[str]]) -> dict[str, Any]:
    resources = []
    for resource in dataset.resources:
        size, digest = sums[resource.name]
        entry: dict[str, Any] = {
            "name": resource.name,
            "title": resource.title or resource.name,
            "path": f"data/{resource.name}.csv",
            "format": "csv",
            "mediatype": MEDIA_TYPES["csv"],
            "encoding": "utf-8",
            "bytes": size,
            "hash": "sha256:" + digest,
            "schema": _released_schema(resource.schema or {}, columns[resource.name]),
        }
        plan = canonical.plan(resource.schema, columns[resource.name])
        if plan is not None:  # the steward's file stays identified by its own checksum
            source = ({"bytes": resource.path.stat().st_size,
                       "hash": "sha256:" + sha256_file(resource.path)}
                      if resource.path.is_file() else {})
            entry[canonical.RECORD] = canonical.record(resource.schema or {}, plan, source)
        resources.append(entry)
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
    text = json.dumps(manifest, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _write_readonly(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    path.chmod(0o444)


class ReleaseWriter:
    """A release written as de-identified chunks arrive, into a hidden staging folder.

    ``write`` each chunk (resources in order, rows in order), then ``finish`` with the reports:
    the folder becomes the next version, or is removed when its content checksum equals the
    newest release's (``latest``: its version and checksum). ``discard`` removes it.
    Memory stays one chunk: files are streamed, hashed from disk.
    """

    def __init__(self, dataset: Dataset, releases_dir: Path,
                 latest: tuple[int, str] | None) -> None:
        self.dataset = dataset
        self.latest = latest
        self.base = releases_dir / dataset.name
        self.version = (latest[0] if latest else 0) + 1
        self.base.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.version}-", dir=self.base))
        (self.staging / "data").mkdir()
        self.resources = {r.name: r for r in dataset.resources}
        self.columns: dict[str, list[str]] = {}
        self._open: dict[str, tuple[Any, Any, downloads.ExcelWriter]] = {}
        self.excel: dict[str, dict[str, Path]] = {}
        self.plans: dict[str, canonical.Plan | None] = {}

    def _table(self, name: str, frame: pd.DataFrame) -> tuple[Any, Any, downloads.ExcelWriter]:
        opened = self._open.get(name)
        if opened is None:
            if name in self.columns:
                raise ValueError(f"resource {name!r} was written already")
            for other in list(self._open):
                self._close(other)
            columns = [str(c) for c in frame.columns]
            self.columns[name] = columns
            resource = self.resources[name]
            self.plans[name] = canonical.plan(resource.schema, columns)
            handle = (self.staging / "data" / f"{name}.csv").open("w", encoding="utf-8",
                                                                   newline="")
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(list(frame.columns))
            excel = downloads.ExcelWriter(self.staging / "data", name,
                                          resource.title or name,
                                          _released_schema(resource.schema or {}, columns),
                                          columns)
            opened = self._open[name] = (handle, writer, excel)
        return opened

    def _close(self, name: str) -> None:
        handle, _, excel = self._open.pop(name)
        handle.close()
        self.excel[name] = excel.close()

    def write(self, name: str, frame: pd.DataFrame) -> None:
        """Append one released chunk of resource ``name``."""
        _, writer, excel = self._table(name, frame)
        plan = self.plans[name]
        if plan is not None:  # cell by cell: the same text whatever the chunk size
            frame = plan.apply(frame)
        columns = downloads.texts(frame)  # once for the three forms
        writer.writerows(zip(*columns, strict=True) if columns else [()] * len(frame))
        excel.add_texts(columns, len(frame))

    def discard(self) -> None:
        for name in list(self._open):
            handle, _, excel = self._open.pop(name)
            handle.close()
            excel.csv_file.close()
            excel.sheets.close()
        shutil.rmtree(self.staging, ignore_errors=True)

    def finish(self, reports: dict[str, dict[str, Any]]) -> ReleaseInfo:
        try:
            return self._finish(reports)
        except BaseException:
            self.discard()
            raise

    def _finish(self, reports: dict[str, dict[str, Any]]) -> ReleaseInfo:
        for name in list(self._open):
            self._close(name)
        data = self.staging / "data"
        sums = {}
        for name in self.columns:
            path = data / f"{name}.csv"
            sums[name] = (path.stat().st_size, sha256_file(path))
        manifest = _manifest(self.dataset, sums, self.columns)
        checksum = content_checksum(manifest)
        latest = self.latest
        if latest is not None and latest[1] == checksum:
            self.discard()
            folder = self.base / str(latest[0])
            stored = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
            return ReleaseInfo(self.dataset.name, latest[0], checksum, folder, stored,
                               new=False)
        version = self.version
        manifest = {**manifest, "version": str(version),
                    "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
        manifest["publisher"] = {**manifest["publisher"], "checksum": checksum}
        # Excel-friendly forms: derived from the same tables, outside the content checksum.
        for res in manifest["resources"]:
            res["downloads"] = downloads.file_entries(res["name"], self.excel[res["name"]])
        for path in data.iterdir():
            path.chmod(0o444)
        _write_readonly(self.staging / "datapackage.json",
                        json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"))
        for stem, report in reports.items():
            _write_readonly(self.staging / f"{stem}.json",
                            json.dumps(report, ensure_ascii=False, indent=2).encode("utf-8"))
        sums_lines = sorted(
            (sha256_file(p), p.relative_to(self.staging).as_posix())
            for p in self.staging.rglob("*") if p.is_file()
        )
        _write_readonly(self.staging / "checksums.sha256",
                        "".join(f"{h}  {rel}\n" for h, rel in sums_lines).encode("utf-8"))
        # The rename is atomic: a crash leaves a hidden staging folder, never half a release.
        os.rename(self.staging, self.base / str(version))
        return ReleaseInfo(self.dataset.name, version, checksum, self.base / str(version),
                           manifest, new=True)


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
    existing release, if any. (:class:`ReleaseWriter` writes one chunk by chunk.)
    """
    writer = ReleaseWriter(dataset, releases_dir, latest)
    try:
        for name, frame in tables.items():
            writer.write(name, frame)
    except BaseException:
        writer.discard()
        raise
    return writer.finish(reports)


def verify_release(path: Path) -> list[str]:
    """Files of a release folder whose sha256 no longer matches checksums.sha256."""
    bad = []
    for line in (path / "checksums.sha256").read_text(encoding="utf-8").splitlines():
        digest, rel = line.split("  ", 1)
        target = path / rel
        if not target.is_file() or sha256_file(target) != digest:
            bad.append(rel)
    return bad
