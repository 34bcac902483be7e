"""Everything a release is built from, as one hash: the source files' bytes, how they are read
(schema, dialect, encoding, reader and engine versions), the descriptor (its metadata and the
schemas' privacy policies), the pseudonym key's fingerprint and the de-identification and release
code versions (and the normaliser's, where a schema opts into it). A run whose inputs hash equals
the newest release's re-uses that release without reading a data file beyond hashing it.

Bump ``RELEASE_FORMAT`` whenever the release writer or a de-identification action changes what
it writes: the hash cannot see code changes that keep every version number.
"""

from __future__ import annotations

import hashlib
import json

from publisher import __version__, canonical
from publisher.dataset import Dataset

RELEASE_FORMAT = 1


def inputs_fingerprint(dataset: Dataset, key: bytes) -> str:
    from publisher.deid.detectors import versions
    from publisher.deid.pseudonym import key_fingerprint
    from publisher.hashing import sha256_file
    from publisher.validate.engine import reading_sha256

    parts = {
        "format": RELEASE_FORMAT,
        "publisher": __version__,
        "detectors": versions(),
        "key": key_fingerprint(key),
        "descriptor": dataset.descriptor,
        "resources": {r.name: {"bytes": sha256_file(r.path) if r.path.is_file() else "",
                               "reading": reading_sha256(r)} for r in dataset.resources},
    }
    # The schema (so its opt-in) is in "reading"; the normaliser's own version is named here
    # too, and only for opted-in datasets, so that the others keep their fingerprints.
    normalised = {r.name: v for r in dataset.resources
                  if (v := canonical.fingerprint_part(r.schema)) is not None}
    if normalised:
        parts["normalize"] = normalised
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
