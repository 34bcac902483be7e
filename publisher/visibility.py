"""Who may see a dataset: the one access rule every public surface applies.

A dataset is public when its newest real publish outcome (published, unchanged or withdrawn) is
published or unchanged, the release it names exists, and every record of its disclosure
attribute that exists says proactive: the current descriptor, the state row, and that release's
manifest.
A descriptor switched to withheld hides the dataset at once, before the next run withdraws it.
"""

from __future__ import annotations

from typing import Any

LIVE = ("published", "unchanged")


def manifest_attribute(manifest: dict[str, Any] | None) -> str:
    publisher = (manifest or {}).get("publisher") or {}
    return str((publisher.get("disclosure") or {}).get("attribute", ""))


def is_public(*, last_outcome: str | None, release_manifest: dict[str, Any] | None,
              descriptor_attribute: str | None, row_attribute: str | None = None) -> bool:
    """Apply the rule to what is known of one dataset (None: that record does not exist)."""
    if last_outcome not in LIVE or release_manifest is None:
        return False
    # A record that does not exist (a descriptor folder removed since) does not vote; any
    # record that exists and says other than proactive hides the dataset.
    if descriptor_attribute not in (None, "proactive"):  # "" is a descriptor without one
        return False
    if row_attribute not in (None, "", "proactive"):  # "" is a row of an unreadable descriptor
        return False
    return manifest_attribute(release_manifest) == "proactive"
