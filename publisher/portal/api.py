"""The Action API blueprint: ``/api/3/action/<action>`` (and ``/api/action/``), GET and POST,
JSON or multipart; plus CKAN's download URL for uploaded files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, current_app, jsonify, request, send_file
from flask.typing import ResponseReturnValue

# Importing the action modules registers their actions.
from publisher.portal import (
    datastore,
    help,
    licenses,
    misc,
    organizations,
    packages,
    resources,
    search,
    sqlsearch,
)
from publisher.portal.auth import token_user
from publisher.portal.context import ACTIONS, Context
from publisher.portal.errors import ActionError, BadRequest, envelope, error_envelope
from publisher.portal.models import PortalResource
from publisher.portal.uploads import stored_file

bp = Blueprint("portal", __name__)
_MODULES = (datastore, help, licenses, misc, organizations, packages, resources, search,
            sqlsearch)


def _services() -> Any:
    from publisher.app import services_of

    return services_of(current_app)


def uploads_dir() -> Path:
    return Path(_services().settings.instance_path) / "uploads"


def _params() -> dict[str, Any]:
    if request.method == "POST" and request.mimetype not in (
            "multipart/form-data", "application/x-www-form-urlencoded"):
        body = request.get_data()
        if not body:
            return {}
        try:
            data = json.loads(body)
        except ValueError:
            raise BadRequest("Bad request - JSON Error: could not decode the request body") \
                from None
        if not isinstance(data, dict):
            raise BadRequest("Bad request - JSON Error: Request data JSON decoded to "
                             f"{data!r} but it needs to be a dictionary.")
        return data
    source = request.form if request.method == "POST" else request.args
    return {k: v[0] if len(v) == 1 else v for k, v in source.lists()}


def _reply(body: Any, status: int) -> Response:
    response = jsonify(body)
    response.status_code = status
    return response


@bp.route("/api/3/action/<name>", methods=["GET", "POST"])
@bp.route("/api/action/<name>", methods=["GET", "POST"])
def dispatch(name: str) -> ResponseReturnValue:
    base = request.host_url
    func = ACTIONS.get(name)
    if func is None:
        # CKAN answers an unknown action with a bare JSON string, not an envelope.
        return _reply(f"Bad request: Action name not known: {name}", 400)
    try:
        data = _params()
        with _services().db.session() as session:
            ctx = Context(session=session, uploads_dir=uploads_dir(), base_url=base,
                          user=token_user(session, request.headers.get("Authorization")
                                          or request.headers.get("X-CKAN-API-Key")),
                          files=dict(request.files) if request.files else {})
            result = func(ctx, data)
    except ActionError as exc:
        return _reply(error_envelope(base, name, exc), exc.status)
    return _reply(envelope(base, name, result), 200)


@bp.get("/dataset/<package_id>/resource/<resource_id>/download/<filename>")
def download(package_id: str, resource_id: str, filename: str) -> ResponseReturnValue:
    with _services().db.session() as session:
        ctx = Context(session=session, uploads_dir=uploads_dir(), base_url=request.host_url,
                      user=token_user(session, request.headers.get("Authorization")))
        res = session.get(PortalResource, resource_id)
        if res is None or res.state != "active" or res.data.get("url_type") != "upload":
            abort(404)
        try:
            pkg = packages.readable_package(ctx, res.package_id)
        except ActionError:
            abort(404)
        if package_id not in (pkg.id, pkg.name):
            abort(404)
    path = stored_file(ctx.uploads_dir, resource_id, filename)
    if path is None:
        abort(404)
    return send_file(path, mimetype=res.data.get("mimetype") or None, as_attachment=False,
                     download_name=filename)
