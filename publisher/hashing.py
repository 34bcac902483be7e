"""The sha256 of a file, read block by block so a multi-gigabyte release never sits in memory.

One helper for the pipeline, the web pages and the harvest sources. The embedded portal keeps a
copy of its own (``publisher.portal.uploads.file_sha256``) because it imports nothing of the
publisher.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

_BLOCK = 1 << 20


def sha256_file(path: Path) -> str:
    """Hex sha256 of the file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()
