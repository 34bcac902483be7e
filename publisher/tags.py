"""Keywords as CKAN accepts them as tags: one rule for the portal sync and the DCAT feeds.

CKAN's tag validators allow word characters (any script), spaces and ``-_.``, 2 to 100
characters; ckanext-dcat's harvester turns ``dcat:keyword`` into tags and refuses a dataset
whose keyword breaks that rule (``互联网+政务服务``). So every other character becomes a
space, runs of spaces collapse, and what is left must be 2 to 100 characters long.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MIN_LENGTH, MAX_LENGTH = 2, 100
_OUTSIDE = re.compile(r"[^\w \-.]", re.UNICODE)
_SPACES = re.compile(r" {2,}")


def clean_tag(keyword: str) -> str:
    """The tag CKAN would accept for ``keyword``, or ``""`` when nothing usable is left."""
    cleaned = _SPACES.sub(" ", _OUTSIDE.sub(" ", keyword)).strip()[:MAX_LENGTH].strip()
    return cleaned if len(cleaned) >= MIN_LENGTH else ""


def clean_tags(keywords: Iterable[str]) -> list[str]:
    """The distinct usable tags of ``keywords``, sorted."""
    return sorted({t for t in (clean_tag(str(k)) for k in keywords) if t})
