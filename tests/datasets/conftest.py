"""Helpers for the catalogue's tests: the datasets, loaded as the publisher loads them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from publisher.dataset import Dataset
from publisher.load import list_datasets, load
from publisher.readers import detect_encoding

ROOT = Path(__file__).resolve().parents[2]
DATASETS = ROOT / "datasets"
SCHEMAS = ROOT / "schemas"
NAMES = list_datasets(DATASETS)


def dataset(name: str) -> Dataset:
    loaded = load(DATASETS, name, SCHEMAS)
    assert loaded.dataset is not None, loaded.findings
    return loaded.dataset


def package_descriptor(ds: Dataset) -> dict[str, Any]:
    """A Frictionless Data Package built from the descriptor: schemas inlined, encodings detected.

    Publisher-only properties (privacy, checkDigit, deadlines …) stay: Frictionless ignores them.
    """
    resources = []
    for res in ds.resources:
        entry: dict[str, Any] = {
            "name": res.name,
            "path": str(res.path.relative_to(ds.folder)),
            "format": res.format,
            "schema": res.schema,
        }
        if res.format == "csv":
            entry["encoding"] = detect_encoding(res.path, res.encoding)
            entry["mediatype"] = "text/csv"
        elif res.sheet:
            entry["dialect"] = {"excel": {"sheet": res.sheet}}
        resources.append(entry)
    return {"name": ds.name, "resources": resources}
