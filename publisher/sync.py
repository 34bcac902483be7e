"""Stage ``sync``: bring the portal to exactly the state a release describes, through ckanapi.

The client is passed in (a ``ckanapi.RemoteCKAN`` or anything with its ``call_action``), so the
embedded portal and a real CKAN take the same path. Sync is a reconciliation: read the portal
(``package_show``), plan the difference, apply it; after a transient fault it reads and plans
again, so a retried create never duplicates a package or resource. Nothing is sent when nothing
changed. Order: files, then DataStore tables, then the package metadata last, so a failure
leaves the previous version visible.
"""

from __future__ import annotations

import csv
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ckanapi import errors

from publisher import portal_map
from publisher.release import ReleaseInfo
from publisher.retry import PortalUnavailable, call

log = logging.getLogger(__name__)
BATCH = 2000
MIN_BATCH, MAX_BATCH = 100, 20000
#: Called with (resource name, rows loaded, rows in all) as a DataStore load goes on.
RowProgress = Callable[[str, int, int], None]
#: Suffix of the private package a release is staged in (file uploads, DataStore loads).
STAGING_SUFFIX = "--staging"
#: Staging-package extra: ids of live resources a switch replaces, whose tables are dropped after.
SUPERSEDED = "superseded_resources"
#: Steps that only remove what a cut-short run left, invisible to readers.
HOUSEKEEPING = frozenset({"clean-staging", "clean-up"})
LICENSES = {"CC-BY-4.0": "cc-by", "CC0-1.0": "cc-zero", "CC-BY-SA-4.0": "cc-by-sa",
            "ODbL-1.0": "odc-odbl", "ODC-BY-1.0": "odc-by"}


@dataclass
class Step:
    action: str  # create-package | upload | patch-resource | load-datastore | patch-package …
    target: str
    detail: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        return f"{self.action} {self.target}"


@dataclass
class SyncPlan:
    dataset: str
    steps: list[Step]
    package_id: str | None
    staging_id: str | None = None
    staged: bool = False  # whether the switch needs the staging package
    dropped: list[str] = field(default_factory=list)  # live resource ids the switch removes
    revive: bool = False  # the staging package was deleted or made public by someone

    @property
    def unchanged(self) -> bool:
        return not self.steps

    @property
    def housekeeping(self) -> bool:
        """Only leftovers of a cut-short run to remove: what readers see is the release."""
        return all(s.action in HOUSEKEEPING for s in self.steps)


@dataclass
class SyncResult:
    dataset: str
    outcome: str  # published | unchanged | planned
    steps: list[str]
    package_id: str | None


def _show(client: Any, name: str) -> dict[str, Any] | None:
    try:
        result: dict[str, Any] = call(client, "package_show", {"id": name})
    except errors.NotFound:
        return None
    return result


def staging_name(dataset: str) -> str:
    """The private package a release is staged in before it goes live."""
    return f"{dataset}{STAGING_SUFFIX}"


def _superseded(staging: dict[str, Any] | None) -> list[str]:
    extras = {e["key"]: e["value"] for e in (staging or {}).get("extras", [])}
    return [i for i in str(extras.get(SUPERSEDED, "")).split(",") if i]


def _complete(staged: dict[str, Any], res: dict[str, Any], tabular: bool) -> bool:
    """A staged resource a cut-short run left whole: its file and (if any) its table done."""
    return bool(staged.get("hash") == res["hash"]
                and (not tabular or staged.get("datastore_hash") == res["hash"]))


def plan(client: Any, release: ReleaseInfo, bureau: dict[str, Any],
         license_id: str) -> SyncPlan:
    """Read the portal and list the writes needed; reads only.

    Changed resources are staged as new resources of a private package (file and DataStore
    table); ``patch-package`` then moves them into the live package with its new metadata in
    one call, and ``clean-up`` drops the tables of the resources they replaced.
    """
    desired = portal_map.package_dict(release, bureau, LICENSES.get(license_id, license_id))
    current = _show(client, release.dataset)
    staging = _show(client, staging_name(release.dataset))
    steps: list[Step] = []
    if current is None:
        steps.append(Step("create-package", release.dataset))
    existing: dict[str, dict[str, Any]] = {}
    dropped: list[str] = []  # live resources the switch takes off: replaced, removed, twins
    for res in (current or {}).get("resources", []):
        if res.get("name") in existing:  # a duplicate left by an interrupted create
            steps.append(Step("delete-resource", res["name"], {"id": res["id"]}))
            dropped.append(res["id"])
        else:
            existing[res.get("name", "")] = res
    live_ids = {r["id"] for r in (current or {}).get("resources", [])}
    # Ids recorded by a switch whose clean-up was cut short.
    leftover = [i for i in _superseded(staging) if i not in live_ids]
    pool = {r.get("name", ""): r for r in (staging or {}).get("resources", [])}
    wanted = portal_map.resource_dicts(release)
    schemas = {r["name"]: r["schema"] for r in release.manifest["resources"]}
    reused: set[str] = set()
    staged_any = False
    for res in wanted:
        have = existing.get(res["name"])
        tabular = bool(schemas[res["name"]].get("fields"))
        if have is None or (have.get("hash") or "") != res["hash"] or (
                tabular and have.get("datastore_hash") != res["hash"]):
            staged_any = True
            if have is not None:
                dropped.append(have["id"])
            ready = pool.get(res["name"])
            if ready is not None and _complete(ready, res, tabular):
                reused.add(ready["id"])
                steps.append(Step("reuse", res["name"], {"id": ready["id"]}))
                continue
            steps.append(Step("upload", res["name"], {"new": have is None}))
            if tabular:
                steps.append(Step("load-datastore", res["name"]))
        else:
            _, keys = portal_map.resource_differs(have, res)
            if keys:
                steps.append(Step("patch-resource", res["name"], {"id": have["id"],
                                                                   "keys": keys}))
    stale = [r["id"] for r in (staging or {}).get("resources", []) if r["id"] not in reused]
    for name, have in existing.items():
        if name not in {r["name"] for r in wanted}:
            steps.append(Step("delete-resource", name, {"id": have["id"]}))
            dropped.append(have["id"])
    if current is None or steps or portal_map.package_differs(current, desired):
        diff = portal_map.package_differs(current, desired) if current else ["all"]
        steps.append(Step("patch-package", release.dataset, {"fields": diff}))
    if stale:  # staged by a run cut short and not reusable: removed before staging anew
        steps.insert(0, Step("clean-staging", staging_name(release.dataset), {"ids": stale}))
    if dropped or leftover:
        ids = list(dict.fromkeys([*leftover, *dropped]))
        steps.append(Step("clean-up", release.dataset, {"ids": ids}))
    return SyncPlan(release.dataset, steps, current["id"] if current else None,
                    staging["id"] if staging else None, staged_any or bool(dropped), dropped,
                    staging is not None and (staging.get("state") == "deleted"
                                             or not staging.get("private")))


def _ensure_org(client: Any, bureau: dict[str, Any]) -> None:
    org = portal_map.organization_dict(bureau)
    try:
        call(client, "organization_show", {"id": org["name"]})
    except errors.NotFound:
        call(client, "organization_create", org)


def _records(path: Path, schema: dict[str, Any]) -> list[dict[str, Any]]:
    convert = portal_map.datastore_record(schema)
    with path.open(encoding="utf-8", newline="") as handle:
        return [convert(row) for row in csv.DictReader(handle)]


class Batches:
    """Batch sizes that follow the time a batch takes: aim at a quarter of the client timeout.

    A batch that timed out, or took more than half the target, halves the next one; a quick
    one doubles it, within [MIN_BATCH, MAX_BATCH].
    """

    def __init__(self, timeout: float, size: int = BATCH) -> None:
        self.target = max(timeout, 0.1) / 4
        self.size = size

    def took(self, seconds: float | None, rows: int) -> None:
        if seconds is None or seconds > self.target:
            self.size = max(MIN_BATCH, min(self.size, rows) // 2)
        elif seconds < self.target / 4 and rows >= self.size:
            self.size = min(MAX_BATCH, self.size * 2)


def _count(client: Any, resource_id: str) -> int | None:
    """Rows the portal holds for a resource; None when it has none."""
    query: dict[str, Any] = {"resource_id": resource_id, "limit": 0}
    try:
        found = call(client, "datastore_search", query)
    except errors.NotFound:
        return None
    return int(found.get("total", 0))


def _holds(client: Any, resource_id: str, rows: int) -> Callable[[], bool]:
    """Whether the table holds exactly ``rows`` rows: a batch landed (loads start empty)."""
    return lambda: _count(client, resource_id) == rows


def _load_datastore(client: Any, resource_id: str, path: Path, schema: dict[str, Any],
                    digest: str, progress: RowProgress | None = None,
                    name: str = "", batch: int = BATCH) -> None:
    """Load the DataStore table of a fresh (staged) resource batch by batch, every call safe
    to repeat.

    Rows are upserted by the declared primary key, so a batch sent twice writes the same rows.
    After a timeout or a lost answer the portal is asked how many rows it holds before anything
    more is sent (``landed``); each batch is one transaction on the portal, so the count says
    exactly whether it landed. The resource sits in the private staging package: no reader
    sees the table until the switch. ``datastore_hash`` written last marks it complete.
    """
    data: dict[str, Any] = {"resource_id": resource_id, "force": True,
                            "fields": portal_map.datastore_fields(schema)}
    keys = schema.get("primaryKey")
    if keys:
        data["primary_key"] = keys if isinstance(keys, list) else [keys]
    call(client, "datastore_create", data, landed=_holds(client, resource_id, 0))
    method = "upsert" if keys else "insert"
    records = _records(path, schema)
    policy = getattr(client, "retry_policy", None)
    sizes = Batches(policy.timeout if policy else 30.0, batch)
    done = 0
    if progress is not None:
        progress(name, 0, len(records))
    while done < len(records):
        chunk = records[done:done + sizes.size]
        after = done + len(chunk)
        started = time.monotonic()
        answered = call(client, "datastore_upsert",
                        {"resource_id": resource_id, "records": chunk, "method": method,
                         "force": True},
                        landed=_holds(client, resource_id, after))
        sizes.took(time.monotonic() - started if answered is not None else None, len(chunk))
        done = after
        if progress is not None:
            progress(name, done, len(records))
    # Marks the table complete: a staged load cut short is redone on the next run.
    call(client, "resource_patch", {"id": resource_id, "datastore_hash": digest})


def _ensure_staging(client: Any, bureau: dict[str, Any], release: ReleaseInfo,
                    desired: dict[str, Any], sync_plan: SyncPlan) -> str:
    """The staging package's id, created private and bare if absent (or brought back)."""
    if sync_plan.staging_id is not None:
        if sync_plan.revive:
            call(client, "package_patch", {"id": sync_plan.staging_id, "private": True,
                                           "state": "active"})
        return sync_plan.staging_id
    _ensure_org(client, bureau)
    created = call(client, "package_create", {
        "name": staging_name(release.dataset), "title": f"{desired['title']} (staging)",
        "owner_org": desired["owner_org"], "private": True, "extras": []})
    return str(created["id"])


def _sent_back(res: dict[str, Any], package_id: str) -> dict[str, Any]:
    """A resource dict as a package update takes it: its file named, its package the live one."""
    out = {k: v for k, v in res.items() if k not in ("position", "state", "revision_id")}
    if out.get("url_type") == "upload" and out.get("url"):
        out["url"] = str(out["url"]).rsplit("/", 1)[-1]
    out["package_id"] = package_id
    return out


def _drop_tables(client: Any, ids: list[str]) -> bool:
    """Drop the DataStore tables of ``ids``; False if the portal could not be reached for one
    (the ids stay recorded and the next run drops them)."""
    done = True
    for rid in ids:
        try:
            call(client, "datastore_delete", {"resource_id": rid, "force": True})
        except (errors.NotFound, errors.ValidationError, errors.NotAuthorized):
            pass  # no table, or a portal that keeps none for a deleted resource
        except PortalUnavailable:
            done = False
    return done


def apply(client: Any, sync_plan: SyncPlan, release: ReleaseInfo, bureau: dict[str, Any],
          license_id: str, progress: RowProgress | None = None, batch: int = BATCH) -> str:
    """Carry out a plan; returns the package id.

    Nothing a reader sees changes before ``patch-package``: new files and tables are made in
    the private staging package, and that one call moves them into the live package together
    with its new metadata (and takes the replaced resources off). Only then are the replaced
    tables dropped.
    """
    desired = portal_map.package_dict(release, bureau, LICENSES.get(license_id, license_id))
    wanted = {r["name"]: r for r in portal_map.resource_dicts(release)}
    manifest_res = {r["name"]: r for r in release.manifest["resources"]}
    package_id = sync_plan.package_id
    live: dict[str, dict[str, Any]] = {}
    if package_id is not None:
        current = _show(client, release.dataset) or {}
        for res in current.get("resources", []):
            live.setdefault(res["name"], res)
    staging_id = sync_plan.staging_id
    staged: dict[str, dict[str, Any]] = {}
    for step in sync_plan.steps:
        if sync_plan.staged and step.action in ("upload", "patch-package") and (
                staging_id is None or staging_id == sync_plan.staging_id and sync_plan.revive):
            staging_id = _ensure_staging(client, bureau, release, desired, sync_plan)
            sync_plan.revive = False
        if step.action == "create-package":
            _ensure_org(client, bureau)
            # Created private and bare: it becomes public only when the metadata is written last.
            created = call(client, "package_create", {**desired, "private": True, "extras": []})
            package_id = created["id"]
        elif step.action == "clean-staging":
            _drop_tables(client, step.detail["ids"])
            for rid in step.detail["ids"]:
                try:
                    call(client, "resource_delete", {"id": rid})
                except errors.NotFound:
                    pass
        elif step.action == "reuse":
            staged[step.target] = call(client, "resource_show", {"id": step.detail["id"]})
        elif step.action == "upload":
            res = wanted[step.target]
            path = release.path / manifest_res[step.target]["path"]
            with path.open("rb") as handle:
                meta = {**res, "url": f"{step.target}.csv", "datastore_hash": "",
                        "package_id": staging_id}
                staged[step.target] = call(client, "resource_create", meta,
                                           files={"upload": handle})
        elif step.action == "load-datastore":
            digest = wanted[step.target]["hash"]
            _load_datastore(client, staged[step.target]["id"], release.path /
                            manifest_res[step.target]["path"],
                            manifest_res[step.target]["schema"], digest,
                            progress, step.target, batch)
            staged[step.target] = {**staged[step.target], "datastore_hash": digest}
        elif step.action == "patch-package":
            assert package_id is not None
            if sync_plan.dropped:  # recorded first, so a crash after the switch is cleaned up
                assert staging_id is not None
                call(client, "package_patch", {"id": staging_id, "extras": [
                    {"key": SUPERSEDED, "value": ",".join(sync_plan.dropped)}]})
            resources = []
            for name, res in wanted.items():
                base = staged.get(name) or live[name]
                resources.append(_sent_back({**base, **res}, package_id))
            call(client, "package_patch", {**desired, "id": package_id,
                                           "resources": resources})
        elif step.action == "clean-up":
            # After the switch: the release is live whatever happens here.
            if _drop_tables(client, step.detail["ids"]) and staging_id is not None:
                try:
                    call(client, "package_patch", {"id": staging_id, "extras": []})
                except PortalUnavailable:
                    pass
    assert package_id is not None
    return package_id


def sync(client: Any, release: ReleaseInfo, bureau: dict[str, Any], license_id: str, *,
         dry_run: bool = False, rounds: int = 3,
         progress: RowProgress | None = None, batch: int = BATCH) -> SyncResult:
    """Plan and apply until the portal matches the release (or report the plan on a dry run)."""
    sync_plan = plan(client, release, bureau, license_id)
    if dry_run:
        outcome = "unchanged" if sync_plan.unchanged else "planned"
        return SyncResult(release.dataset, outcome, [s.describe() for s in sync_plan.steps],
                          sync_plan.package_id)
    if sync_plan.unchanged:
        return SyncResult(release.dataset, "unchanged", [], sync_plan.package_id)
    if sync_plan.housekeeping:
        apply(client, sync_plan, release, bureau, license_id, progress, batch)
        return SyncResult(release.dataset, "unchanged", [s.describe() for s in sync_plan.steps],
                          sync_plan.package_id)
    done: list[str] = []
    for attempt in range(1, rounds + 1):
        try:
            package_id = apply(client, sync_plan, release, bureau, license_id, progress,
                               batch)
            done += [s.describe() for s in sync_plan.steps]
            return SyncResult(release.dataset, "published", done, package_id)
        except PortalUnavailable:
            if attempt == rounds:
                raise
            log.warning("sync of %s interrupted; reading the portal again", release.dataset)
            sync_plan = plan(client, release, bureau, license_id)
            if sync_plan.unchanged:
                return SyncResult(release.dataset, "published", done, sync_plan.package_id)
    raise AssertionError("unreachable")


def withdraw(client: Any, name: str, mode: str, *, dry_run: bool = False) -> bool:
    """Take a package off public view (private, or deleted); False if it was not there."""
    current = _show(client, name)
    if current is None or current.get("state") == "deleted" or (
            mode == "private" and current.get("private")):
        return False
    if not dry_run:
        if mode == "delete":
            call(client, "package_delete", {"id": current["id"]})
        else:
            call(client, "package_patch", {"id": current["id"], "private": True})
    return True
