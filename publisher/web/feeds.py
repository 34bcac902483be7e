"""Harvest feeds: the DCAT-AP catalogue and per-dataset RDF, plus what they link to.

- ``/catalog.ttl|.jsonld|.rdf?page=N``: hydra paged; page size from the setting
  the setting ``feed_page_size`` (default 100);
- ``/dataset/<name>.ttl|.jsonld|.rdf``, and ``/dataset/<name>`` (the dataset IRI: Turtle
  unless the Accept header asks for JSON-LD or RDF/XML);
- the Table Schema each distribution conforms to, and the release files it downloads.

Only published, proactive, not withdrawn datasets are served; anything else is a 404,
indistinguishable from a dataset that does not exist.
"""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath
from typing import Any

from flask import Blueprint, Response, abort, current_app, jsonify, request, send_file
from flask.typing import ResponseReturnValue

from harvest.catalog import PageOutOfRange, render_catalog, render_dataset
from harvest.dcat import EXTENSIONS, FORMATS
from harvest.records import LiveRelease, live_releases
from publisher.web.services import services_of

bp = Blueprint("feeds", __name__)


def _rdf(text: str, fmt: str) -> Response:
    response = Response(text, content_type=FORMATS[fmt][1])
    response.headers["Access-Control-Allow-Origin"] = "*"
    # Harvesters poll: an ETag lets them skip an unchanged page with If-None-Match.
    response.set_etag(hashlib.sha256(text.encode("utf-8")).hexdigest()[:32])
    response.make_conditional(request)  # turns it into a 304 in place when unchanged
    return response


def _page_size() -> int:
    return max(1, services_of(current_app).settings.feed_page_size)


@bp.get("/catalog.<ext>")
def catalog(ext: str) -> ResponseReturnValue:
    fmt = EXTENSIONS.get(ext)
    if fmt is None:
        abort(404)
    raw = request.args.get("page", "1")
    if not raw.isdigit():
        return jsonify({"error": "page must be a positive whole number"}), 400
    try:
        text = render_catalog(services_of(current_app), fmt, int(raw), _page_size())
    except PageOutOfRange:
        abort(404)
    return _rdf(text, fmt)


def _negotiated() -> str:
    best = request.accept_mimetypes.best_match(
        ["text/turtle", "application/ld+json", "application/rdf+xml"], default="text/turtle")
    return {"application/ld+json": "json-ld", "application/rdf+xml": "xml"}.get(
        best or "", "turtle")


@bp.get("/dataset/<name>")
def dataset(name: str) -> ResponseReturnValue:
    stem, dot, ext = name.rpartition(".")
    fmt = EXTENSIONS.get(ext) if dot else None
    if fmt is None:
        stem, fmt = name, _negotiated()
    text = render_dataset(services_of(current_app), stem, fmt)
    if text is None:
        abort(404)
    return _rdf(text, fmt)


def _live(name: str) -> LiveRelease | None:
    with services_of(current_app).db.session() as session:
        entry = live_releases(session).get(name)
    return entry if entry is not None and entry.proactive else None


def _resource(manifest: dict[str, Any], name: str) -> dict[str, Any] | None:
    for res in manifest.get("resources") or []:
        if isinstance(res, dict) and res.get("name") == name:
            return res
    return None


@bp.get("/dataset/<name>/schema/<resource>.json")
def schema(name: str, resource: str) -> ResponseReturnValue:
    """The Table Schema a distribution ``dct:conformsTo``."""
    entry = _live(name)
    res = _resource(entry.release.manifest or {}, resource) if entry else None
    if res is None or not isinstance(res.get("schema"), dict):
        abort(404)
    return jsonify(res["schema"])


@bp.get("/releases/<name>/<int:version>/<path:path>")
def download(name: str, version: int, path: str) -> ResponseReturnValue:
    """A file of a live release, when the release's manifest lists it as a resource."""
    entry = _live(name)
    if entry is None or version not in entry.versions:
        abort(404)
    with services_of(current_app).db.session() as session:
        from publisher.models import Release

        release = session.query(Release).filter_by(dataset=name, version=version).one()
        manifest, folder = dict(release.manifest or {}), release.path
    listed = {str(r.get("path")) for r in manifest.get("resources") or [] if isinstance(r, dict)}
    pure = PurePosixPath(path)
    if path not in listed or pure.is_absolute() or ".." in pure.parts:
        abort(404)
    root = Path(folder)
    if not root.is_absolute():
        root = services_of(current_app).settings.instance_path / root
    file = root / pure
    if not file.is_file():
        abort(404)
    return send_file(file, mimetype="text/csv" if file.suffix == ".csv" else None,
                     download_name=pure.name, conditional=True)
