"""Uploaded resource files: stored under ``<instance>/uploads``, served at CKAN's URLs."""

from __future__ import annotations

import mimetypes
import re
import unicodedata
from pathlib import Path
from typing import Any

from werkzeug.datastructures import FileStorage

from publisher.portal.context import Context


def munge_filename(filename: str) -> str:
    """A safe file name, close to CKAN's munge_filename (lower case, ASCII, 3+ characters)."""
    name = Path(filename.replace("\\", "/")).name.lower().strip()
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    name = re.sub(r"[^a-z0-9_. -]", "", name).replace(" ", "-")
    name = re.sub(r"-+", "-", name).strip(".") or "file"
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = stem[:100 - len(ext) - 1]
    while len(stem) + len(ext) + (1 if ext else 0) < 3:
        stem += "_"
    return f"{stem}.{ext}" if ext else stem


def resource_folder(uploads_dir: Path, resource_id: str) -> Path:
    return uploads_dir / "resources" / resource_id


def store_upload(ctx: Context, resource_id: str, upload: FileStorage) -> dict[str, Any]:
    """Save the file; returns the resource keys an upload sets (url, size, mimetype)."""
    filename = munge_filename(upload.filename or "upload")
    folder = resource_folder(ctx.uploads_dir, resource_id)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():  # a new upload replaces the previous file
        old.unlink()
    target = folder / filename
    upload.save(target)
    mimetype = mimetypes.guess_type(filename)[0]
    return {"url": filename, "url_type": "upload", "size": target.stat().st_size,
            "mimetype": mimetype}


def download_url(base_url: str, package_id: str, resource_id: str, filename: str) -> str:
    return f"{base_url}dataset/{package_id}/resource/{resource_id}/download/{filename}"


def stored_file(uploads_dir: Path, resource_id: str, filename: str) -> Path | None:
    """The stored upload of a resource, if ``filename`` names it (never a path outside)."""
    if "/" in filename or "\\" in filename or filename.startswith("."):
        return None
    path = resource_folder(uploads_dir, resource_id) / filename
    return path if path.is_file() else None
