"""Two real harvesters' request sequences, written from their documented behaviour.

``CkanHarvester`` is the gather stage of ckanext-harvest's CKAN harvester: ``package_search``
with ``sort=id asc``, ``rows=100`` and ``start`` paging until an empty page, ``fq`` made of the
organization filters and, after a successful job, ``metadata_modified:[<since>Z TO *]``; the full
dataset dicts of the results are what it imports; a dataset seen twice while paging is dropped.
``UdataCkanBackend`` is uData's CKAN backend: ``package_list``, then ``package_show`` per name,
each dict checked against the keys and value kinds the backend's schema requires.

Both talk plain anonymous HTTP (``requests``) as the harvesters do, and record every request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import requests

TIMEOUT = 30


class HarvestError(AssertionError):
    """The portal answered something the harvester would refuse."""


def _action(session: requests.Session, base: str, name: str, log: list[str],
            **params: Any) -> Any:
    response = session.get(f"{base}/api/3/action/{name}", params=params, timeout=TIMEOUT)
    log.append(response.url)
    if response.headers.get("Content-Type", "").split(";")[0] != "application/json":
        raise HarvestError(f"{name}: not JSON ({response.status_code})")
    body = response.json()
    if response.status_code != 200 or not body.get("success"):
        raise HarvestError(f"{name}: {response.status_code} {body.get('error')}")
    return body["result"]


@dataclass
class CkanHarvester:
    """ckanext-harvest's ``CKANHarvester.gather_stage`` against a remote CKAN.

    ``margin`` is how far before the last job's start the harvester asks from (an hour in
    ckanext-harvest, against clock skew); tests that change a dataset seconds after the first
    pass set it to zero to see exactly what changed.
    """

    base_url: str
    rows: int = 100
    organizations_include: list[str] = field(default_factory=list)
    organizations_exclude: list[str] = field(default_factory=list)
    margin: timedelta = timedelta(hours=1)
    requests_made: list[str] = field(default_factory=list)
    session: requests.Session = field(default_factory=requests.Session)

    def _org_terms(self) -> list[str]:
        if self.organizations_include:
            return [" OR ".join(f"organization:{o}" for o in self.organizations_include)]
        return [f"-organization:{o}" for o in self.organizations_exclude]

    def search(self, fq_terms: list[str]) -> list[dict[str, Any]]:
        """Every page of a search, duplicates (ids seen on an earlier page) left out."""
        params: dict[str, str] = {"rows": str(self.rows), "start": "0", "sort": "id asc"}
        if fq_terms:
            params["fq"] = " ".join(fq_terms)
        found: list[dict[str, Any]] = []
        seen: set[str] = set()
        previous: list[dict[str, Any]] | None = None
        while True:
            page = _action(self.session, self.base_url, "package_search", self.requests_made,
                           **params)["results"]
            if previous is not None and page and page == previous:
                raise HarvestError("paging does not move: the same page twice")
            previous = page
            ids = {p["id"] for p in page}
            found += [p for p in page if p["id"] not in seen]
            seen |= ids
            if not page:
                return found
            params["start"] = str(int(params["start"]) + int(params["rows"]))

    def gather(self, last_job_started: datetime | None = None) -> list[dict[str, Any]]:
        """The dataset dicts a job imports: all of them on the first job, then the changed."""
        terms = self._org_terms()
        if last_job_started is not None:
            since = (last_job_started - self.margin).isoformat()
            terms = [*terms, f"metadata_modified:[{since}Z TO *]"]
        return self.search(terms)

    def all_ids(self) -> set[str]:
        """Every live id the source lists: what a harvester compares against to find deletions."""
        return {p["id"] for p in self.search(self._org_terms())}


# What uData's CKAN backend schema requires of each dataset, resource and organization (the
# schema rejects a dict missing any of them): key -> check of the value.
def _text(v: Any) -> bool:
    return isinstance(v, str)


def _text_or_none(v: Any) -> bool:
    return v is None or isinstance(v, str)


def _date(v: Any) -> bool:
    if not isinstance(v, str):
        return False
    try:
        return isinstance(datetime.fromisoformat(v.rstrip("Z")).date(), date)
    except ValueError:
        return False


def _email_or_empty(v: Any) -> bool:
    return not v or (isinstance(v, str) and "@" in v)


def _hash_or_none(v: Any) -> bool:
    return v is None or (isinstance(v, str) and (v == "" or len(v) in (32, 40, 64)))


def _url(v: Any) -> bool:
    return isinstance(v, str) and re.match(r"^https?://[^/\s]+/\S*$", v) is not None


UDATA_RESOURCE = {
    "id": _text, "position": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "name": _text_or_none, "description": _text_or_none, "format": _text,
    "mimetype": _text_or_none, "size": lambda v: v is None or isinstance(v, int),
    "hash": _hash_or_none, "created": _date, "last_modified": lambda v: v is None or _date(v),
    "url": _url,
    # empty means "file"; anything else must be one of CKAN's resource types uData knows
    "resource_type": lambda v: not v or v in (
        "file", "file.upload", "api", "documentation", "image", "visualization"),
}
UDATA_TAG = {"id": _text, "name": _text}
UDATA_ORGANIZATION = {
    "id": _text, "description": _text, "created": _date, "title": _text, "name": _text,
    "revision_timestamp": _date, "is_organization": lambda v: v is True, "state": _text,
    "image_url": _text, "revision_id": _text, "type": lambda v: v == "organization",
    "approval_status": lambda v: v == "approved",
}
UDATA_DATASET = {
    "id": _text, "name": _text, "title": _text, "notes": _text_or_none,
    "license_id": _text_or_none, "license_title": _text_or_none,
    "tags": lambda v: isinstance(v, list), "metadata_created": _date, "metadata_modified": _date,
    "organization": lambda v: v is None or isinstance(v, dict),
    "resources": lambda v: isinstance(v, list), "private": lambda v: isinstance(v, bool),
    "type": lambda v: v == "dataset", "author": _text_or_none,
    "author_email": _email_or_empty, "maintainer": _text_or_none,
    "maintainer_email": _email_or_empty, "state": _text_or_none,
}


def udata_problems(pkg: dict[str, Any]) -> list[str]:
    """Where a package_show result breaks uData's CKAN schema ([] when it passes)."""
    problems: list[str] = []

    def check(where: str, value: dict[str, Any], rules: dict[str, Any]) -> None:
        for key, ok in rules.items():
            if key not in value:
                problems.append(f"{where}.{key}: missing")
            elif not ok(value[key]):
                problems.append(f"{where}.{key}: {value[key]!r}")

    check("dataset", pkg, UDATA_DATASET)
    if isinstance(pkg.get("organization"), dict):
        check("organization", pkg["organization"], UDATA_ORGANIZATION)
    for i, tag in enumerate(pkg.get("tags") or []):
        check(f"tags[{i}]", tag, UDATA_TAG)
    for i, res in enumerate(pkg.get("resources") or []):
        check(f"resources[{i}]", res, UDATA_RESOURCE)
    for i, extra in enumerate(pkg.get("extras") or []):
        if not isinstance(extra.get("key"), str) or "value" not in extra:
            problems.append(f"extras[{i}]: {extra!r}")
    return problems


@dataclass
class UdataCkanBackend:
    """uData's CKAN backend: ``package_list``, then ``package_show`` for each name.

    A job keys its items by the remote ``id`` and refuses an id it met already in the job; a
    dataset the list no longer names is archived by the source's auto-archive.
    """

    base_url: str
    requests_made: list[str] = field(default_factory=list)
    session: requests.Session = field(default_factory=requests.Session)

    def harvest(self) -> dict[str, dict[str, Any]]:
        """Remote id -> the dataset dict, checked as the backend checks it."""
        names = _action(self.session, self.base_url, "package_list", self.requests_made)
        items: dict[str, dict[str, Any]] = {}
        for name in names:
            pkg = _action(self.session, self.base_url, "package_show", self.requests_made,
                          id=name)
            if problems := udata_problems(pkg):
                raise HarvestError(f"{name}: {problems}")
            if not pkg["resources"]:
                continue  # skipped by the backend: a dataset without resources
            if pkg["id"] in items:
                raise HarvestError(f"identifier {pkg['id']} already exists")
            items[pkg["id"]] = pkg
        return items
