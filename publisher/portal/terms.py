"""The search index's terms: lower-cased words, and CJK unigrams plus bigrams.

Chinese has no spaces, so a run of CJK characters is indexed as its characters and its
overlapping pairs; a query word is then found when all of its pairs are (a single character:
when that character is). Other scripts are split into words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
MAX_TERM = 200


def _is_cjk(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F") and ch.isalpha()


def _runs(text: str) -> Iterator[tuple[bool, str]]:
    """(is_cjk, run) for each word of ``text``, CJK runs split from the rest."""
    for word in _WORD.findall(text.lower()):
        buf, cjk = "", False
        for ch in word:
            this = _is_cjk(ch)
            if buf and this != cjk:
                yield cjk, buf
                buf = ""
            buf, cjk = buf + ch, this
        if buf:
            yield cjk, buf


def index_terms(text: str) -> set[str]:
    """Every term stored for ``text``."""
    out: set[str] = set()
    for cjk, run in _runs(text):
        if cjk:
            out.update(run)
            out.update(run[i:i + 2] for i in range(len(run) - 1))
        else:
            out.add(run[:MAX_TERM])
    return out


def query_terms(text: str) -> list[str]:
    """The terms a document must all hold to match the query words of ``text``."""
    out: list[str] = []
    for cjk, run in _runs(text):
        if cjk and len(run) > 1:
            out.extend(run[i:i + 2] for i in range(len(run) - 1))
        else:
            out.append(run[:MAX_TERM])
    return list(dict.fromkeys(out))


def package_terms(pkg: Any, org: Any, resources: Iterable[dict[str, Any]]) -> set[tuple[str, str]]:
    """(field, term) pairs of one package: ``text`` for q, exact values for fq and facets."""
    data = pkg.data
    texts = [pkg.name, pkg.name.replace("-", " ").replace("_", " "), pkg.title,
             data.get("notes") or "", data.get("author") or "", data.get("maintainer") or ""]
    texts += data.get("tags", [])
    texts += [str(e.get("value") or "") for e in data.get("extras", [])]
    out: set[tuple[str, str]] = set()
    for tag in data.get("tags", []):
        out.add(("tags", tag[:MAX_TERM]))
    for extra in data.get("extras", []):
        out.add(("extras_" + extra["key"][:40], str(extra.get("value") or "")[:MAX_TERM]))
    if org is not None:
        out.add(("organization", org.name))
        texts += [org.name, org.title]
    if data.get("license_id"):
        out.add(("license_id", data["license_id"][:MAX_TERM]))
    for res in resources:
        if res.get("format"):
            out.add(("res_format", str(res["format"])[:MAX_TERM]))
        texts += [str(res.get("name") or ""), str(res.get("description") or "")]
    for text in texts:
        out.update(("text", t) for t in index_terms(text))
    return out
