"""``kind: http``: a file at a URL, asked for conditionally (ETag / Last-Modified).

``member: stops.txt`` takes one file out of a zip (a GTFS feed), downloading the zip once per
harvest run for all the resources that name it. A 304 answer means "unchanged" and writes
nothing. Only http(s) URLs are fetched, and redirects are not followed off the URL's host.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from harvest.sources.base import Snapshot, SourceContext, SourceError, TargetSpec, resolve_url

MAX_BYTES = 512 * 1024 * 1024


def download(url: str, ctx: SourceContext, *, conditional: bool) -> tuple[bytes | None,
                                                                            dict[str, str]]:
    """GET ``url``; (None, headers) when the server answers 304 to a conditional request."""
    import requests

    if urlsplit(url).scheme not in ("http", "https"):
        raise SourceError("source-spec-invalid", "only http and https URLs are harvested")
    if url in ctx.cache:
        body, headers = ctx.cache[url]
        return body, headers
    headers = {"User-Agent": "shanwei-transport-publisher (harvest)"}
    if conditional and ctx.previous.etag:
        headers["If-None-Match"] = ctx.previous.etag
    if conditional and ctx.previous.last_modified:
        headers["If-Modified-Since"] = ctx.previous.last_modified
    try:
        with requests.get(url, headers=headers, timeout=ctx.timeout, stream=True,
                          allow_redirects=False) as response:
            if response.status_code == 304:
                return None, dict(response.headers)
            if response.status_code != 200:
                raise SourceError("source-unreachable", "the server answered HTTP %(status)s",
                                  status=response.status_code)
            chunks, size = [], 0
            for chunk in response.iter_content(1 << 16):
                size += len(chunk)
                if size > MAX_BYTES:
                    raise SourceError("source-too-large", "more than %(limit)s bytes",
                                      limit=MAX_BYTES)
                chunks.append(chunk)
            body = b"".join(chunks)
            answer = {k: v for k, v in response.headers.items()
                      if k.lower() in ("etag", "last-modified", "content-type")}
    except requests.RequestException as exc:
        raise SourceError("source-unreachable", "the URL is unreachable (%(error)s)",
                          error=type(exc).__name__) from None
    ctx.cache[url] = (body, answer)
    return body, answer


def _member(body: bytes, member: str) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            names = {n.rsplit("/", 1)[-1]: n for n in archive.namelist() if not n.endswith("/")}
            if member not in names:
                raise SourceError("source-garbage", "the zip has no member %(member)s",
                                  member=member)
            return archive.read(names[member])
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError):
        raise SourceError("source-garbage", "the answer is not a readable zip file") from None


def fetch(spec: Mapping[str, Any], target: TargetSpec, ctx: SourceContext) -> Snapshot:
    url = resolve_url(spec, ctx)
    member = spec.get("member")
    # A zip shared by several resources cannot use the resource's own validators: the zip's
    # ETag says nothing about one member. Those are compared by fingerprint instead.
    body, headers = download(url, ctx, conditional=not member)
    if body is None:
        return Snapshot(fingerprint=ctx.previous.fingerprint, not_modified=True,
                        etag=ctx.previous.etag, last_modified=ctx.previous.last_modified,
                        provenance={"kind": "http", "url": url, "status": 304})
    data = _member(body, member) if isinstance(member, str) and member else body
    target.path.write_bytes(data)
    provenance: dict[str, Any] = {"kind": "http", "url": url}
    if member:
        provenance["member"] = member
    return Snapshot(fingerprint=hashlib.sha256(data).hexdigest(),
                    etag=headers.get("ETag", headers.get("etag", "")) if not member else "",
                    last_modified=(headers.get("Last-Modified", headers.get("last-modified", ""))
                                   if not member else ""),
                    provenance=provenance)
