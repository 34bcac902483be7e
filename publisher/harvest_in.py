"""A harvest: fetch every declared ``source:`` of the datasets, swap the snapshots in, and run
the pipeline for the datasets whose data changed.

Per dataset, every resource with a source is fetched into a staging file beside its data file
first; the staged files are validated against their Table Schemas; only when all of them were
fetched and are valid are they renamed over the old files (``os.replace``, atomic per file).
So an unreachable source or an answer of garbage fails that dataset only and the last good
snapshot stays. Every resource gets one recorded outcome: new, changed, unchanged, skipped
(its secret is not configured here) or failed (with a code and a reason that quote no cell).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import shutil
import tempfile
import tomllib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from harvest.sources import (
    Previous,
    Snapshot,
    SourceContext,
    SourceError,
    SourceNotConfigured,
    TargetSpec,
    fetch,
)
from publisher import codes
from publisher.dataset import Dataset, Resource
from publisher.hashing import sha256_file
from publisher.models import HarvestItem, utcnow
from publisher.services import Services
from publisher.state import audit

log = logging.getLogger(__name__)
SECRETS_FILE = "sources.toml"

for _code, _zh, _en, _desc in (
    ("source-unreachable", "数据源无法访问", "Source unreachable",
     "The source did not answer, timed out or refused the connection; the last snapshot stays."),
    ("source-garbage", "数据源返回内容无法读取", "Source answered garbage",
     "The source answered something that is not the declared file (not a zip, not RDF …)."),
    ("source-invalid", "数据源快照未通过校验", "Source snapshot invalid",
     "The fetched snapshot does not match the resource's Table Schema; it was not swapped in."),
    ("source-missing", "数据源中找不到所声明的数据", "Source item missing",
     "The remote catalogue has no such dataset, resource or distribution."),
    ("source-refused", "数据源拒绝访问", "Source refused access",
     "The remote catalogue refused the request (authorisation)."),
    ("source-too-large", "数据源文件过大", "Source file too large",
     "The source's answer is larger than the harvest accepts."),
    ("source-columns-missing", "数据源缺少字段", "Source lacks fields",
     "The SQL query's columns lack fields of the Table Schema."),
    ("source-encoding", "数据源内容无法按声明编码写出", "Source encoding",
     "A value cannot be written in the resource's declared encoding."),
    ("source-spec-invalid", "数据源声明有误", "Source declaration invalid",
     "The resource's `source:` is incomplete or names an unknown kind."),
    ("source-not-configured", "数据源未配置", "Source not configured",
     "The source names a secret (URL, token) that this instance does not define: skipped."),
):
    codes.define(_code, stage="harvest", title=(_zh, _en), description=_desc,
                 message=(f"数据集 {{dataset}} 的资源 {{resource}}：{_zh}（{{reason}}）",
                          f"Dataset {{dataset}}, resource {{resource}}: {_en.lower()} "
                          f"({{reason}})"))


@dataclass
class ItemResult:
    dataset: str
    resource: str
    kind: str
    outcome: str  # new | changed | unchanged | skipped | failed
    code: str = ""
    reason: str = ""  # English, as stored; reason_msgid and reason_params say it in any language
    fingerprint: str = ""
    reason_msgid: str = ""
    reason_params: dict[str, object] = field(default_factory=dict)

    def fail(self, code: str, reason: str, **params: object) -> None:
        """Mark the item failed; ``reason`` is a msgid of the catalogue, ``params`` fill it."""
        self.outcome, self.code = "failed", code
        self.reason_msgid, self.reason_params = reason, params
        self.reason = reason % params if params else reason

    def reason_in(self, lang: str) -> str:
        """Why the item was skipped or failed, in ``lang`` (zh or en)."""
        from publisher.i18n import gettext

        if not self.reason_msgid:
            return self.reason
        return gettext(lang, self.reason_msgid, **self.reason_params)


def _of(exc: SourceError, item: ItemResult, outcome: str) -> ItemResult:
    """``item`` with the code and the reason of the adapter's error."""
    item.outcome, item.code, item.reason = outcome, exc.code, exc.reason
    item.reason_msgid, item.reason_params = exc.reason_msgid, dict(exc.reason_params)
    return item


@dataclass
class HarvestResult:
    harvest_id: str
    dry_run: bool
    items: list[ItemResult] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # datasets whose data was swapped in
    publish: list[Any] = field(default_factory=list)  # the publish run's outcomes, if any
    publish_run_id: int | None = None

    @property
    def failed(self) -> bool:
        return any(i.outcome == "failed" for i in self.items)


def sources_of(dataset: Dataset) -> list[tuple[Resource, dict[str, Any]]]:
    """The dataset's resources that declare a ``source:`` mapping, with it."""
    return [(r, r.descriptor["source"]) for r in dataset.resources
            if isinstance(r.descriptor.get("source"), dict)]


def secret_resolver(services: Services) -> Callable[[str], str | None]:
    """Named source secrets: ``PUBLISHER_SOURCE_<NAME>``, else ``[secrets]`` of
    ``<instance>/sources.toml``. Never read from the descriptor, never logged."""
    path = services.settings.instance_path / SECRETS_FILE
    table: dict[str, Any] = {}
    if path.is_file():
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("secrets", {})

    def secret(name: str) -> str | None:
        value = os.environ.get("PUBLISHER_SOURCE_" + name.upper()) or table.get(name)
        return str(value) if value else None

    return secret


def _default_ckan_client(url: str, token: str | None) -> Any:
    import ckanapi

    return ckanapi.RemoteCKAN(url, apikey=token,
                              user_agent="shanwei-transport-publisher (harvest)")


def _previous(services: Services, dataset: str, resource: str) -> Previous:
    with services.db.session() as session:
        row = session.scalar(
            select(HarvestItem)
            .where(HarvestItem.dataset == dataset, HarvestItem.resource == resource,
                   HarvestItem.dry_run.is_(False),
                   HarvestItem.outcome.in_(("new", "changed", "unchanged")))
            .order_by(HarvestItem.id.desc()).limit(1))
    if row is None:
        return Previous()
    return Previous(fingerprint=row.fingerprint, etag=row.etag, last_modified=row.last_modified)


def _harvest_dataset(services: Services, dataset: Dataset, ctx_base: SourceContext,
                     dry_run: bool) -> tuple[list[ItemResult], list[Snapshot], bool]:
    """Fetch, compare and (unless a dry run) swap in one dataset's sources."""
    pairs = sources_of(dataset)
    staging = Path(tempfile.mkdtemp(prefix=".harvest-", dir=dataset.folder))
    results: list[ItemResult] = []
    snapshots: list[Snapshot] = []
    staged: dict[str, Path] = {}
    try:
        for resource, spec in pairs:
            kind = str(spec.get("kind", ""))
            ctx = dataclasses.replace(ctx_base, previous=_previous(services, dataset.name,
                                                                   resource.name))
            target = TargetSpec(path=staging / resource.path.name, schema=resource.schema,
                                encoding=resource.encoding or "utf-8", format=resource.format)
            try:
                snap = fetch(spec, target, ctx)
            except SourceNotConfigured as exc:
                results.append(_of(exc, ItemResult(dataset.name, resource.name, kind, ""),
                                   "skipped"))
                snapshots.append(Snapshot(fingerprint=""))
                continue
            except SourceError as exc:
                results.append(_of(exc, ItemResult(dataset.name, resource.name, kind, ""),
                                   "failed"))
                snapshots.append(Snapshot(fingerprint=""))
                continue
            current = sha256_file(resource.path) if resource.path.is_file() else ""
            if snap.not_modified or snap.fingerprint == current:
                outcome = "unchanged"
            else:
                outcome = "changed" if current else "new"
                staged[resource.name] = target.path
            results.append(ItemResult(dataset.name, resource.name, kind, outcome,
                                      fingerprint=snap.fingerprint or current))
            snapshots.append(snap)
        if any(r.outcome == "failed" for r in results):
            # One failed source fails the dataset: nothing of it is swapped in.
            for r in results:
                if r.outcome in ("new", "changed"):
                    r.fail("source-unreachable",
                           "another source of this dataset failed; nothing was swapped in")
            return results, snapshots, False
        if staged:
            invalid = _invalid(dataset, staged)
            if invalid:
                for r in results:
                    if r.resource in staged:
                        msgid, params = invalid.get(
                            r.resource, reason("another staged file is invalid"))
                        r.fail("source-invalid", msgid, **params)
                return results, snapshots, False
        if staged and not dry_run:
            for resource in dataset.resources:
                if resource.name in staged:
                    resource.path.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(staged[resource.name], resource.path)
        return results, snapshots, bool(staged)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


#: A reason of the message catalogue and its params.
Reason = tuple[str, dict[str, object]]


def reason(msgid: str, **params: object) -> Reason:
    """A reason for later (the tests find each msgid by this name, as Babel would)."""
    return msgid, params


def _invalid(dataset: Dataset, staged: dict[str, Path]) -> dict[str, Reason]:
    """Validate the dataset as it would be after the swap; {resource: (reason, params)} of the
    invalid ones, the reason a msgid, its params the counts per error code."""
    from publisher.validate import validate

    resources = tuple(dataclasses.replace(r, path=staged.get(r.name, r.path))
                      for r in dataset.resources)
    result = validate(dataclasses.replace(dataset, resources=resources))
    out: dict[str, Reason] = {}
    for report in result.resources:
        if not report.valid:
            counts = ", ".join(f"{c}: {n}" for c, n in sorted(report.counts().items()))
            out[report.resource] = (reason("errors per code: %(counts)s", counts=counts)
                                    if counts else reason("not valid"))
    if result.findings and not out:
        found = "; ".join(sorted({f.code for f in result.findings}))
        out = {name: reason("findings: %(codes)s", codes=found) for name in staged}
    return out


def harvest(services: Services, names: list[str] | None = None, *, dry_run: bool = False,
            publish: bool = True, now: datetime | None = None,
            ckan_client: Callable[[str, str | None], Any] | None = None,
            run_publish: Callable[[list[str]], tuple[int, list[Any]]] | None = None,
            ) -> HarvestResult:
    """Harvest the named datasets (default: every dataset that declares a source)."""
    result = HarvestResult(harvest_id=str(uuid.uuid4()), dry_run=dry_run)
    ctx = SourceContext(secret=secret_resolver(services),
                        timeout=float(services.settings.harvest_timeout),
                        ckan_client=ckan_client or _default_ckan_client)
    targets = names or services.dataset_names()
    at = now or utcnow()
    for name in targets:
        loaded = services.load(name)
        dataset = loaded.dataset
        if dataset is None or not sources_of(dataset):
            continue
        try:
            items, snaps, swapped = _harvest_dataset(services, dataset, ctx, dry_run)
        except Exception as exc:  # the per-dataset boundary: one bad source never stops a run
            log.error("harvest of %s failed: %s", name, type(exc).__name__)
            items = [ItemResult(name, r.name, str(s.get("kind", "")), "failed")
                     for r, s in sources_of(dataset)]
            for item in items:
                item.fail("source-unreachable", "the harvest of the dataset failed (%(error)s)",
                          error=type(exc).__name__)
            snaps, swapped = [Snapshot(fingerprint="") for _ in items], False
        result.items += items
        if swapped:
            result.changed.append(name)
        with services.db.session() as session:
            for item, snap in zip(items, snaps, strict=True):
                session.add(HarvestItem(
                    harvest_id=result.harvest_id, dataset=name, resource=item.resource,
                    kind=item.kind, outcome=item.outcome, code=item.code, reason=item.reason,
                    fingerprint=item.fingerprint, etag=snap.etag,
                    last_modified=snap.last_modified, provenance=snap.provenance,
                    dry_run=dry_run, created_at=at))
            if swapped and not dry_run:
                audit(session, "harvest", "harvest-snapshot", name,
                      resources=[i.resource for i in items if i.outcome in ("new", "changed")])
    if result.changed and publish and not dry_run:
        result.publish_run_id, result.publish = (run_publish or _publish(services))(
            result.changed)
        with services.db.session() as session:
            for row in session.scalars(select(HarvestItem).where(
                    HarvestItem.harvest_id == result.harvest_id)):
                row.publish_run_id = result.publish_run_id
    return result


def _publish(services: Services) -> Callable[[list[str]], tuple[int, list[Any]]]:
    def run(names: list[str]) -> tuple[int, list[Any]]:
        from publisher.run import execute_run, start_run

        run_id = start_run(services, names, False, "harvest")
        return run_id, execute_run(services, run_id, names, False)

    return run
