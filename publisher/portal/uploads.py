"""Uploaded resource files: stored under ``<instance>/uploads``, served at CKAN's URLs.

A resource id never becomes a path by itself: it must be a valid id (:func:`is_valid_id`) and
the folder derived from it must stay inside the uploads folder. The sha256 of every stored file
is recorded with its resource, and a download whose file no longer matches is refused.

Files are stored by content, ``resources/<id>/<sha256>/<name>``: a new upload (live or staged)
never overwrites the file readers are being served. A file is removed only once the
transaction that stopped referring to it has committed (:func:`retire_after_commit`).
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
import shutil
import unicodedata
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage
from werkzeug.security import safe_join

from publisher.portal.context import Context
from publisher.portal.params import is_valid_id

# The key of a resource's stored data holding its file's sha256 (never shown to callers).
SHA256_KEY = "_upload_sha256"
# What a download is served as, by the stored file's extension; anything else is plain bytes.
# The caller's mimetype is metadata only: it never decides how a browser treats the file.
SERVED_TYPES = {
    "csv": "text/csv", "json": "application/json", "zip": "application/zip",
    "pdf": "application/pdf", "txt": "text/plain",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
OTHER_TYPE = "application/octet-stream"
_CHUNK = 1 << 20
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_RETIRED = "portal_retired_files"


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


class UnsafeId(ValueError):
    """A resource id that cannot name a folder inside the uploads folder."""


def resource_folder(uploads_dir: Path, resource_id: str) -> Path:
    """The folder of a resource's upload, always inside ``uploads_dir/resources``."""
    if not is_valid_id(resource_id):
        raise UnsafeId("not a valid resource id")
    root = (uploads_dir / "resources").resolve()
    joined = safe_join(str(root), resource_id)
    if joined is None or Path(joined).resolve().parent != root:
        raise UnsafeId("resource folder outside the uploads folder")
    return Path(joined)


def served_type(filename: str) -> str:
    """The Content-Type a stored file is served with: from the allow-list, by extension."""
    return SERVED_TYPES.get(filename.rpartition(".")[2].lower(), OTHER_TYPE) \
        if "." in filename else OTHER_TYPE


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def store_upload(ctx: Context, resource_id: str, upload: FileStorage) -> dict[str, Any]:
    """Save the file under its sha256; returns the resource keys an upload sets (url, size,
    mimetype). Earlier files of the resource stay where they are."""
    filename = munge_filename(upload.filename or "upload")
    folder = resource_folder(ctx.uploads_dir, resource_id)
    folder.mkdir(parents=True, exist_ok=True)
    incoming = folder / f".incoming-{uuid.uuid4().hex}"
    try:
        upload.save(incoming)
        digest = file_sha256(incoming)
        (folder / digest).mkdir(exist_ok=True)
        target = folder / digest / filename
        os.replace(incoming, target)  # the same content under the same name: same bytes
    finally:
        incoming.unlink(missing_ok=True)
    mimetype = mimetypes.guess_type(filename)[0]
    return {"url": filename, "url_type": "upload", "size": target.stat().st_size,
            "mimetype": mimetype, SHA256_KEY: digest}


def stored_files(data: dict[str, Any]) -> set[tuple[str, str]]:
    """The (sha256, file name) a resource's stored data refers to: none, or one."""
    sha, name = data.get(SHA256_KEY), data.get("url")
    if data.get("url_type") != "upload" or not isinstance(sha, str) or not name:
        return set()
    return {(sha, str(name))}


def retire_after_commit(session: Session, uploads_dir: Path, resource_id: str,
                        files: set[tuple[str, str]]) -> None:
    """Remove these files of a resource once the session commits (never if it rolls back):
    until then the live row may still name them."""
    if files:
        session.info.setdefault(_RETIRED, []).append((uploads_dir, resource_id, set(files)))


def _remove(uploads_dir: Path, resource_id: str, files: set[tuple[str, str]]) -> None:
    try:
        folder = resource_folder(uploads_dir, resource_id)
    except UnsafeId:
        return
    for sha, name in files:
        if _SHA256.match(sha):
            shutil.rmtree(folder / sha, ignore_errors=True)
        legacy = folder / name  # stored before files were kept by content
        if "/" not in name and legacy.is_file() and file_sha256(legacy) == sha:
            legacy.unlink(missing_ok=True)


def _after_commit(session: Session) -> None:
    for uploads_dir, resource_id, files in session.info.pop(_RETIRED, []):
        _remove(uploads_dir, resource_id, files)


def _after_rollback(session: Session) -> None:
    session.info.pop(_RETIRED, None)


def install() -> None:
    """Remove retired files after commits in every session (idempotent; ``init_app``)."""
    for name, listener in (("after_commit", _after_commit),
                           ("after_rollback", _after_rollback)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


def download_url(base_url: str, package_id: str, resource_id: str, filename: str) -> str:
    return f"{base_url}dataset/{package_id}/resource/{resource_id}/download/{filename}"


def stored_file(uploads_dir: Path, resource_id: str, filename: str,
                sha256: Any = None) -> Path | None:
    """The stored upload of a resource, if ``filename`` names it (never a path outside) and
    its content still has the recorded ``sha256``."""
    if "/" in filename or "\\" in filename or filename.startswith("."):
        return None
    if not isinstance(sha256, str):
        return None
    try:
        folder = resource_folder(uploads_dir, resource_id)
    except UnsafeId:
        return None
    path = folder / sha256 / filename if _SHA256.match(sha256) else None
    if path is None or not path.is_file():
        path = folder / filename  # stored before files were kept by content
    if not path.is_file() or path.is_symlink() or path.parent.is_symlink():
        return None
    if file_sha256(path) != sha256:
        return None
    return path
