"""``kind: ckan``: one resource of a dataset on another department's CKAN (or this service's
embedded portal), read through the Action API with ckanapi.

``dataset`` is the remote package's name or id, ``resource`` the remote resource's name or id
(or ``format: CSV`` for its first resource of that format). Provenance keeps the remote
package, resource and its ``metadata_modified``, so the published dataset can say where it
came from (``dct:source``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from harvest.sources.base import Snapshot, SourceContext, SourceError, TargetSpec, resolve_url
from harvest.sources.http import download


def _pick(resources: list[dict[str, Any]], spec: Mapping[str, Any]) -> dict[str, Any]:
    wanted, fmt = spec.get("resource"), spec.get("format")
    for res in resources:
        if wanted and wanted in (res.get("id"), res.get("name")):
            return res
        if not wanted and fmt and str(res.get("format", "")).lower() == str(fmt).lower():
            return res
    raise SourceError("source-missing", "the remote dataset has no such resource")


def fetch(spec: Mapping[str, Any], target: TargetSpec, ctx: SourceContext) -> Snapshot:
    import ckanapi

    base = resolve_url(spec, ctx).rstrip("/")
    dataset = spec.get("dataset")
    if not isinstance(dataset, str) or not dataset:
        raise SourceError("source-spec-invalid", "a ckan source needs `dataset`")
    token = ctx.secret(spec["token_secret"]) if spec.get("token_secret") else None
    if ctx.ckan_client is None:
        raise SourceError("source-spec-invalid", "no CKAN client factory in this harvest")
    client = ctx.ckan_client(base, token)
    try:
        package = client.action.package_show(id=dataset)
    except ckanapi.NotFound:
        raise SourceError("source-missing", "the remote catalogue has no such dataset") from None
    except ckanapi.NotAuthorized:
        raise SourceError("source-refused", "the remote catalogue refused access") from None
    except ckanapi.CKANAPIError as exc:
        raise SourceError("source-unreachable", "the remote catalogue failed (%(error)s)",
                          error=type(exc).__name__) from None
    except OSError as exc:  # requests' connection errors and timeouts are OSErrors
        raise SourceError("source-unreachable", "the remote catalogue is unreachable (%(error)s)",
                          error=type(exc).__name__) from None
    finally:
        close = getattr(client, "close", None)
        if callable(close):
            close()
    resource = _pick(list(package.get("resources", [])), spec)
    body, _headers = download(str(resource.get("url", "")), ctx, conditional=False)
    assert body is not None  # an unconditional GET never answers 304
    target.path.write_bytes(body)
    return Snapshot(
        fingerprint=hashlib.sha256(body).hexdigest(),
        provenance={"kind": "ckan", "catalogue": base, "dataset": package.get("name"),
                    "dataset_id": package.get("id"), "resource_id": resource.get("id"),
                    "metadata_modified": package.get("metadata_modified"),
                    "source_url": f"{base}/dataset/{package.get('name')}"})
