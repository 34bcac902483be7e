"""The dataset page's pictures and Excel-friendly downloads (hooked into the pages blueprint).

Pictures come from the descriptor's ``views:`` and are drawn from the files of the release the
visitor may see; a release never changes, so a drawn view is cached by its folder.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from flask import abort, send_file
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from publisher.models import Release
from publisher.views import figures, svg
from publisher.views.figures import Figure
from publisher.views.spec import ViewError, parse_views
from publisher.web import pages_setup as setup
from publisher.web.pages import _entry, _release_folder, bp
from publisher.web.pages_time import local_time

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DrawnView:
    ident: str
    title: str
    picture: Markup
    description: str
    figure: Figure


@lru_cache(maxsize=128)
def _drawn(folder: str, manifest_json: str, views_json: str, lang: str) -> tuple[DrawnView, ...]:
    manifest = json.loads(manifest_json)
    out = []
    for spec in parse_views(json.loads(views_json)):
        ident = f"view-{spec.name}"
        try:
            figure = figures.build(spec, Path(folder), manifest)
        except (ViewError, OSError, ValueError) as exc:
            # A declaration the release cannot satisfy: the page goes on without that picture.
            log.warning("view %s not drawn: %s", spec.name, exc)
            continue
        out.append(DrawnView(ident, spec.title, svg.render(figure, lang, ident),
                             svg.describe(figure, lang), figure))
    return tuple(out)


@bp.app_template_global()
def dataset_views(entry: Any, release: Release | None) -> tuple[DrawnView, ...]:
    """The pictures declared for this dataset, drawn from ``release`` (none without one)."""
    if release is None or entry.dataset is None:
        return ()
    raw = entry.dataset.descriptor.get("views")
    try:
        parse_views(raw)
    except ViewError as exc:
        log.warning("views of %s not drawn: %s", entry.name, exc)
        return ()
    if not raw:
        return ()
    return _drawn(str(_release_folder(release)), json.dumps(release.manifest, sort_keys=True),
                  json.dumps(raw, ensure_ascii=False, sort_keys=True), setup.visitor_lang())


@bp.app_template_global()
def field_titles(resource: dict[str, Any]) -> dict[str, str]:
    """Field name → schema title of a released resource (for the preview's headers)."""
    fields = (resource.get("schema") or {}).get("fields") or []
    return {str(f["name"]): str(f.get("title") or f["name"]) for f in fields
            if isinstance(f, dict) and "name" in f}


bp.app_template_filter("localtime")(local_time)


@bp.app_template_global()
def line_km(points: list[tuple[float, float]]) -> float:
    return figures.line_km(points)


@bp.get("/datasets/<name>/releases/<int:version>/files/<filename>")
def download_file(name: str, version: int, filename: str) -> ResponseReturnValue:
    """An Excel-friendly form of a released table, as listed in the release manifest."""
    entry = _entry(name)
    if setup.steward():
        release = next((r for r in entry.releases if r.version == version), None)
    else:
        release = entry.release if entry.release and entry.release.version == version else None
    if release is None or PurePosixPath(filename).name != filename:
        abort(404)
    listed = {str(d.get("path")): d for r in release.manifest.get("resources") or []
              if isinstance(r, dict) for d in r.get("downloads") or [] if isinstance(d, dict)}
    entry_ = listed.get(f"data/{filename}")
    path = _release_folder(release) / "data" / filename
    if entry_ is None or not path.is_file():
        abort(404)
    return send_file(path, mimetype=str(entry_.get("mediatype")), as_attachment=True,
                     download_name=f"{name}-{version}-{filename}", conditional=True)
