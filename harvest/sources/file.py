"""``kind: file``: a file on a mounted folder (a path or a glob), the newest or all of them.

``pick: newest`` (default) copies the most recently modified match; ``pick: all`` joins the
matches in name order, keeping the first file's header line (CSV exports of one system, one
file per month). The resource's own dialect options still apply when it is read.
"""

from __future__ import annotations

import glob
import hashlib
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from harvest.sources.base import Snapshot, SourceContext, SourceError, TargetSpec, resolve_url


def _matches(pattern: str) -> list[Path]:
    return sorted(Path(p) for p in glob.glob(pattern) if Path(p).is_file())


def fetch(spec: Mapping[str, Any], target: TargetSpec, ctx: SourceContext) -> Snapshot:
    pattern = resolve_url(spec, ctx, "path")
    found = _matches(pattern)
    if not found:
        raise SourceError("source-unreachable", "no file matches the source path")
    pick = spec.get("pick", "newest")
    if pick == "newest":
        chosen = [max(found, key=lambda p: (p.stat().st_mtime_ns, p.name))]
        shutil.copyfile(chosen[0], target.path)
    elif pick == "all":
        chosen = found
        if target.format not in ("csv", "tsv", "txt"):
            raise SourceError("source-spec-invalid", "pick: all joins text files only")
        with target.path.open("wb") as out:
            for number, path in enumerate(chosen):
                data = path.read_bytes()
                if number:  # later files repeat the header line: keep the first file's only
                    data = data.split(b"\n", 1)[1] if b"\n" in data else b""
                if data and not data.endswith(b"\n"):
                    data += b"\n"
                out.write(data)
    else:
        raise SourceError("source-spec-invalid", "pick must be newest or all")
    digest = hashlib.sha256(target.path.read_bytes()).hexdigest()
    return Snapshot(fingerprint=digest,
                    provenance={"kind": "file", "files": [p.name for p in chosen]})
