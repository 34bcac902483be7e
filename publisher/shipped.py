"""The datasets shipped in this repository, by name and checksum (``datasets/shipped.json``).

``publisher demo`` (``make run``) approves, as the demo reviewer, only releases of these
datasets, and only while each one's descriptor and data still have the checksum recorded here:
a steward's own dataset dropped into ``datasets/`` (or a shipped one edited) waits for a real
reviewer. The manifest is read beside the code, never from the configured datasets folder, so
a datasets folder cannot vouch for itself. ``python -m publisher.shipped`` rewrites it after
``make data``; a test fails when it is stale.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from publisher.load import DESCRIPTOR, list_datasets

MANIFEST = "shipped.json"
#: The repository's own datasets folder (beside the package in a checkout).
REPOSITORY_DATASETS = Path(__file__).resolve().parent.parent / "datasets"


def digest(folder: Path) -> str:
    """sha256 over the descriptor and every file under ``data/`` (paths and bytes, sorted)."""
    files = [folder / DESCRIPTOR, *sorted(p for p in (folder / "data").rglob("*") if p.is_file())]
    total = hashlib.sha256()
    for path in files:
        if not path.is_file():
            continue
        total.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        with path.open("rb") as handle:  # a data file may be large: hashed block by block
            total.update(hashlib.file_digest(handle, "sha256").digest())
    return total.hexdigest()


def compute(datasets_dir: Path) -> dict[str, str]:
    return {name: digest(datasets_dir / name) for name in list_datasets(datasets_dir)}


def recorded(path: Path = REPOSITORY_DATASETS / MANIFEST) -> dict[str, str]:
    """The committed manifest ({} when absent: then nothing counts as shipped)."""
    if not path.is_file():
        return {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in raw.items()} if isinstance(raw, dict) else {}


def is_shipped(datasets_dir: Path, name: str) -> bool:
    """Is this dataset one shipped here, with exactly its shipped descriptor and data?"""
    expected = recorded().get(name)
    folder = datasets_dir / name
    return expected is not None and (folder / DESCRIPTOR).is_file() and digest(folder) == expected


def write(datasets_dir: Path = REPOSITORY_DATASETS) -> Path:
    path = datasets_dir / MANIFEST
    text = json.dumps(compute(datasets_dir), indent=2, sort_keys=True) + "\n"
    path.write_text(text, encoding="utf-8")
    return path


if __name__ == "__main__":  # python -m publisher.shipped [DATASETS_DIR]
    print(f"wrote {write(Path(sys.argv[1]) if len(sys.argv) > 1 else REPOSITORY_DATASETS)}")
