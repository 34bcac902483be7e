"""Stage ``sync``: bring the portal to exactly the state a release describes, through ckanapi.

The client is passed in (a ``ckanapi.RemoteCKAN`` or anything with its ``call_action``), so the
embedded portal and a real CKAN take the same path. Sync is a reconciliation: read the portal
(``package_show``), plan the difference, apply it; after a transient fault it reads and plans
again, so a retried create never duplicates a package or resource. Nothing is sent when nothing
changed. Order: files, then DataStore tables, then the package metadata last, so a failure
leaves the previous version visible.

Against a portal that stages releases (``staged_release``, the embedded one; see
:mod:`publisher.staged`) every write of a changed release is staged beside the live one and
``release_switch`` puts them all in place in one step: readers see the old release or the new
one, never the new file under the old metadata. A run killed or failed part way leaves the live
release whole; the next run discards what it left staged and stages again. Against a real CKAN
the same steps write in place.
"""

from __future__ import annotations

import csv
import itertools
import logging
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ckanapi import errors

from publisher import portal_map, staged
from publisher.release import ReleaseInfo
from publisher.retry import PortalUnavailable, call

log = logging.getLogger(__name__)
T = TypeVar("T")
BATCH = 2000
MIN_BATCH, MAX_BATCH = 100, 20000
#: Called with (resource name, rows loaded, rows in all) as a DataStore load goes on.
RowProgress = Callable[[str, int, int], None]
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

    @property
    def unchanged(self) -> bool:
        return not self.steps


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


def plan(client: Any, release: ReleaseInfo, bureau: dict[str, Any],
         license_id: str) -> SyncPlan:
    """Read the portal and list the writes needed; reads only."""
    desired = portal_map.package_dict(release, bureau, LICENSES.get(license_id, license_id))
    current = _show(client, release.dataset)
    steps: list[Step] = []
    if current is None:
        steps.append(Step("create-package", release.dataset))
        existing: dict[str, dict[str, Any]] = {}
    else:
        existing = {}
        for res in current.get("resources", []):
            if res.get("name") in existing:  # a duplicate left by an interrupted create
                steps.append(Step("delete-resource", res["name"], {"id": res["id"]}))
            else:
                existing[res.get("name", "")] = res
    wanted = portal_map.resource_dicts(release)
    schemas = {r["name"]: r["schema"] for r in release.manifest["resources"]}
    for res in wanted:
        have = existing.get(res["name"])
        if have is None:
            steps.append(Step("upload", res["name"], {"new": True}))
        else:
            file_changed, keys = portal_map.resource_differs(have, res)
            if file_changed:
                steps.append(Step("upload", res["name"], {"id": have["id"]}))
            elif keys:
                steps.append(Step("patch-resource", res["name"], {"id": have["id"],
                                                                   "keys": keys}))
        if schemas[res["name"]].get("fields") and (
                have is None or have.get("datastore_hash") != res["hash"]):
            steps.append(Step("load-datastore", res["name"]))
    for name, have in existing.items():
        if name not in {r["name"] for r in wanted}:
            steps.append(Step("delete-resource", name, {"id": have["id"]}))
    if current is None or steps or portal_map.package_differs(current, desired):
        diff = portal_map.package_differs(current, desired) if current else ["all"]
        steps.append(Step("patch-package", release.dataset, {"fields": diff}))
    return SyncPlan(release.dataset, steps, current["id"] if current else None)


def _ensure_org(client: Any, bureau: dict[str, Any]) -> None:
    org = portal_map.organization_dict(bureau)
    try:
        call(client, "organization_show", {"id": org["name"]})
    except errors.NotFound:
        call(client, "organization_create", org)


def _record_batches(path: Path, schema: dict[str, Any], size: Callable[[], int]
                    ) -> Iterator[list[dict[str, Any]]]:
    """The released CSV's rows as DataStore records, ``size()`` rows a batch, read as they
    are sent: memory is one batch, whatever the file's size."""
    convert = portal_map.datastore_record(schema)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle)
        while True:
            batch = [convert(row) for row in itertools.islice(rows, size())]
            if not batch:
                return
            yield batch


def read_ahead(batches: Iterator[T]) -> Iterator[T]:
    """``batches``, each next one read on a worker thread while the caller sends this one.

    The portal's SQL work (the embedded one runs in this process) releases the GIL, so reading
    and converting the next rows of the CSV overlaps it. Errors reach the caller at the batch
    they belong to; one thread calls the generator at a time.
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-read") as pool:
        upcoming = pool.submit(next, batches, None)
        while (batch := upcoming.result()) is not None:
            upcoming = pool.submit(next, batches, None)
            yield batch


def _row_count(path: Path) -> int:
    """Data rows of a released CSV (records, not lines: a cell may hold a line break)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return max(sum(1 for _ in csv.reader(handle)) - 1, 0)


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


def _count(client: Any, resource_id: str, stage: bool = False) -> int | None:
    """Rows the portal holds for a resource (or its staging table); None when it has none."""
    query: dict[str, Any] = {"resource_id": resource_id, "limit": 0}
    if stage:
        query["stage"] = True
    try:
        found = call(client, "datastore_search", query)
    except errors.NotFound:
        return None
    return int(found.get("total", 0))


def stages(client: Any) -> bool:
    """Whether the portal loads DataStore tables beside the live ones (the embedded one does;
    CKAN does not). Asked once per client."""
    return staged.stages_datastore(client)


def _holds(client: Any, resource_id: str, rows: int, stage: bool = False
           ) -> Callable[[], bool]:
    """Whether the table holds exactly ``rows`` rows: a batch landed (loads start empty)."""
    return lambda: _count(client, resource_id, stage) == rows


def _switched(client: Any, resource_id: str, digest: str) -> Callable[[], bool]:
    def check() -> bool:
        res = call(client, "resource_show", {"id": resource_id})
        return bool(res.get("datastore_hash") == digest
                    and _count(client, resource_id, True) is None)
    return check


def _load_datastore(client: Any, resource_id: str, path: Path, schema: dict[str, Any],
                    digest: str, progress: RowProgress | None = None,
                    name: str = "", batch: int = BATCH, release: bool = False) -> None:
    """Load a fresh DataStore table batch by batch, every call safe to repeat.

    Rows are upserted by the declared primary key, so a batch sent twice writes the same rows.
    After a timeout or a lost answer the portal is asked how many rows it holds before anything
    more is sent (``landed``); each batch is one transaction on the portal, so the count says
    exactly whether it landed.

    On a portal that stages (the embedded one), the rows go into a table beside the live one,
    which ``datastore_switch`` puts in place in one step with the completion mark: readers see
    the old table or the new one. Within a staged ``release``, the table and the completion
    mark (on the staged resource version) wait for ``release_switch`` instead. On CKAN the live
    table is emptied and filled.
    """
    staged = release or stages(client)
    if not staged and _count(client, resource_id) is not None:
        try:
            call(client, "datastore_delete", {"resource_id": resource_id, "force": True},
                 landed=lambda: _count(client, resource_id) is None)
        except errors.NotFound:
            pass
    data: dict[str, Any] = {"resource_id": resource_id, "force": True,
                            "fields": portal_map.datastore_fields(schema)}
    keys = schema.get("primaryKey")
    if keys:
        data["primary_key"] = keys if isinstance(keys, list) else [keys]
    if staged:
        data["stage"] = True
    call(client, "datastore_create", data, landed=_holds(client, resource_id, 0, staged))
    method = "upsert" if keys else "insert"
    policy = getattr(client, "retry_policy", None)
    sizes = Batches(policy.timeout if policy else 30.0, batch)
    total = _row_count(path) if progress is not None else 0
    done = 0
    if progress is not None:
        progress(name, 0, total)
    # A batch read ahead takes the size known when it is read: one batch behind the timings.
    for chunk in read_ahead(_record_batches(path, schema, lambda: sizes.size)):
        after = done + len(chunk)
        started = time.monotonic()
        batch_data: dict[str, Any] = {"resource_id": resource_id, "records": chunk,
                                      "method": method, "force": True}
        if staged:
            batch_data["stage"] = True
        answered = call(client, "datastore_upsert", batch_data,
                        landed=_holds(client, resource_id, after, staged))
        sizes.took(time.monotonic() - started if answered is not None else None, len(chunk))
        done = after
        if progress is not None:
            progress(name, done, total)
    if release:
        call(client, "resource_patch", {"id": resource_id, "datastore_hash": digest,
                                        "stage": True})
        return
    if staged:
        call(client, "datastore_switch", {"resource_id": resource_id, "force": True,
                                          "datastore_hash": digest},
             landed=_switched(client, resource_id, digest))
        return
    # Marks the table complete: a load cut short is redone on the next run.
    call(client, "resource_patch", {"id": resource_id, "datastore_hash": digest})


def apply(client: Any, sync_plan: SyncPlan, release: ReleaseInfo, bureau: dict[str, Any],
          license_id: str, progress: RowProgress | None = None, batch: int = BATCH) -> str:
    """Carry out a plan; returns the package id."""
    desired = portal_map.package_dict(release, bureau, LICENSES.get(license_id, license_id))
    wanted = {r["name"]: r for r in portal_map.resource_dicts(release)}
    manifest_res = {r["name"]: r for r in release.manifest["resources"]}
    package_id = sync_plan.package_id
    ids: dict[str, str] = {}
    staging = staged.stages_release(client)
    if package_id is not None:
        current = _show(client, release.dataset) or {}
        ids = {r["name"]: r["id"] for r in current.get("resources", [])}
        if staging:
            staged.discard(client, package_id)
    for step in sync_plan.steps:
        started = time.monotonic()
        package_id = _step(client, step, release, desired, wanted, manifest_res, ids, bureau,
                           progress, batch, package_id, staging)
        log.info("sync %s: %s took %.2f s", release.dataset, step.describe(),
                 time.monotonic() - started,
                 extra={"stage": f"sync {step.action}",
                        "seconds": round(time.monotonic() - started, 3)})
    assert package_id is not None
    if staging:
        started = time.monotonic()
        staged.switch(client, package_id, release.checksum)
        log.info("sync %s: release_switch took %.2f s", release.dataset,
                 time.monotonic() - started,
                 extra={"stage": "sync release-switch",
                        "seconds": round(time.monotonic() - started, 3)})
    return package_id


def _step(client: Any, step: Step, release: ReleaseInfo, desired: dict[str, Any],
          wanted: dict[str, Any], manifest_res: dict[str, Any], ids: dict[str, str],
          bureau: dict[str, Any], progress: RowProgress | None, batch: int,
          package_id: str | None, staging: bool = False) -> str | None:
    """Carry out one step; returns the package id (a new one after create-package).

    ``staging``: every write but create-package is staged, for ``release_switch``."""
    stage: dict[str, Any] = {"stage": True} if staging else {}
    if step.action == "create-package":
        _ensure_org(client, bureau)
        # Created private and bare: it becomes public only when the metadata is written last.
        created = call(client, "package_create", {**desired, "private": True, "extras": []})
        package_id = created["id"]
    elif step.action == "delete-resource":
        call(client, "resource_delete", {"id": step.detail["id"], **stage})
    elif step.action == "upload":
        res = wanted[step.target]
        path = release.path / manifest_res[step.target]["path"]
        with path.open("rb") as handle:
            meta = {**res, "url": f"{step.target}.csv", "datastore_hash": "", **stage}
            if step.detail.get("new"):
                done = call(client, "resource_create", {**meta, "package_id": package_id},
                            files={"upload": handle})
            else:
                done = call(client, "resource_patch", {**meta, "id": step.detail["id"]},
                            files={"upload": handle})
        ids[step.target] = done["id"]
    elif step.action == "patch-resource":
        res = wanted[step.target]
        call(client, "resource_patch", {"id": step.detail["id"], **stage,
                                        **{k: res[k] for k in step.detail["keys"]}})
    elif step.action == "load-datastore":
        _load_datastore(client, ids[step.target], release.path /
                        manifest_res[step.target]["path"],
                        manifest_res[step.target]["schema"], wanted[step.target]["hash"],
                        progress, step.target, batch, staging)
    elif step.action == "patch-package":
        call(client, "package_patch", {**desired, "id": package_id, **stage})
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
        if sync_plan.package_id is not None and staged.stages_release(client):
            staged.discard_stale(client, sync_plan.package_id)
        return SyncResult(release.dataset, "unchanged", [], sync_plan.package_id)
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
