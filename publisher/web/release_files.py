"""Release files as the public routes serve them: only inside the release folder, and only
while the file still has the sha256 the release manifest (kept in the state database) records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from publisher.hashing import sha256_file


def verified_release_file(folder: Path, manifest: dict[str, Any], resource: str) -> Path | None:
    """The file of ``resource`` in the release ``folder``, or None when it is not listed, lies
    outside the folder, is a link, or its content differs from the recorded checksum."""
    entry = next((r for r in manifest.get("resources") or []
                  if isinstance(r, dict) and r.get("name") == resource), None)
    if entry is None:
        return None
    recorded = str(entry.get("hash") or "").removeprefix("sha256:")
    root = folder.resolve()
    path = root / str(entry.get("path") or f"data/{resource}.csv")
    if path.is_symlink() or not path.resolve().is_relative_to(root) or not path.is_file():
        return None
    if not recorded or sha256_file(path) != recorded:
        return None
    return path
