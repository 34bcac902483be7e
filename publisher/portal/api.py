"""The Action API blueprint: ``/api/3/action/<action>`` (and ``/api/action/``), GET and POST,
JSON or multipart; plus CKAN's download URL for uploaded files.

Every action's parameters pass :func:`publisher.portal.params.check_params` first; links in
answers are built from the configured site URL, never from the request's ``Host`` header.
"""

from __future__ import annotations

import json
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
    releases,
    resources,
    search,
    sqlsearch,
)
from publisher.portal.auth import token_user
from publisher.portal.config import PortalConfig, config_of
from publisher.portal.context import ACTIONS, Context
from publisher.portal.errors import ActionError, BadRequest, envelope, error_envelope
from publisher.portal.models import PortalResource
from publisher.portal.params import check_params, is_valid_id, loads
from publisher.portal.shown import RawJSON
from publisher.portal.uploads import SHA256_KEY, served_type, stored_file

bp = Blueprint("portal", __name__)
#: Actions that only read: they need no write lock (see Database.session).
READS = ("_show", "_list", "_search", "_autocomplete", "site_read")
#: Reads that need their transaction: datastore_search_sql makes it read-only and time-limited.
IN_TRANSACTION = ("datastore_search_sql",)
_MODULES = (datastore, help, licenses, misc, organizations, packages, releases, resources,
            search, sqlsearch)


def _config() -> PortalConfig:
    return config_of(current_app)


def _context(session: Any, config: PortalConfig, header: str | None, **extra: Any) -> Context:
    return Context(session=session, uploads_dir=config.uploads_dir, base_url=site_base(),
                   user=token_user(session, header), site_title=config.site_title,
                   site_url=config.site_url.rstrip("/"), version=config.version,
                   limits=config.limits, search_cache=config.search_cache, **extra)


def site_base() -> str:
    """The public base URL, with a trailing slash: the configured site URL (links never follow
    the Host header; only a portal mounted with no site URL falls back on the request's)."""
    return (_config().site_url or request.host_url).rstrip("/") + "/"


def _params() -> dict[str, Any]:
    if request.method == "POST" and request.mimetype not in (
            "multipart/form-data", "application/x-www-form-urlencoded"):
        body = request.get_data()
        if not body:
            return {}
        try:
            data = loads(body)
        except ValueError:
            raise BadRequest("Bad request - JSON Error: could not decode the request body") \
                from None
        if not isinstance(data, dict):
            raise BadRequest("Bad request - JSON Error: Request data JSON decoded to "
                             f"{data!r} but it needs to be a dictionary.")
        return data
    source = request.form if request.method == "POST" else request.args
    return {k: v[0] if len(v) == 1 else v for k, v in source.lists()}


def _statement_by_statement(session: Any) -> None:
    """Run a read's statements without a transaction on PostgreSQL: no BEGIN and COMMIT, two
    round trips of the four a package_show made. Each statement still sees only committed
    data (a count and its page may come from different commits, as in CKAN's Solr). SQLite
    is in-process: its transactions cost no round trip, and keep their snapshot."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


def _reply(body: Any, status: int) -> Response:
    response = jsonify(body)
    response.status_code = status
    return response


@bp.route("/api/3/action/<name>", methods=["GET", "POST"])
@bp.route("/api/action/<name>", methods=["GET", "POST"])
def dispatch(name: str) -> ResponseReturnValue:
    base = site_base()
    func = ACTIONS.get(name)
    if func is None:
        # CKAN answers an unknown action with a bare JSON string, not an envelope.
        return _reply(f"Bad request: Action name not known: {name}", 400)
    try:
        data = _params()
        check_params(name, data)
        config = _config()
        read = name.endswith(READS)
        with config.session(write=not read) as session:
            if read and name not in IN_TRANSACTION:
                _statement_by_statement(session)
            ctx = _context(session, config, request.headers.get("Authorization")
                           or request.headers.get("X-CKAN-API-Key"),
                           files=dict(request.files) if request.files else {})
            result = func(ctx, data)
    except ActionError as exc:
        return _reply(error_envelope(base, name, exc), exc.status)
    if isinstance(result, RawJSON):  # a stored package dict: spliced in as it is
        head = json.dumps(envelope(base, name, None), ensure_ascii=False)
        return Response(head[:-len("null}")] + result + "}", status=200,
                        mimetype="application/json")
    return _reply(envelope(base, name, result), 200)


@bp.get("/dataset/<package_id>/resource/<resource_id>/download/<filename>")
def download(package_id: str, resource_id: str, filename: str) -> ResponseReturnValue:
    """An uploaded file, always as an attachment typed by the allow-list, and only while its
    content still has the sha256 recorded when it was stored."""
    if not is_valid_id(resource_id):
        abort(404)
    config = _config()
    with config.session() as session:
        ctx = _context(session, config, request.headers.get("Authorization"))
        res = session.get(PortalResource, resource_id)
        if res is None or res.state != "active" or res.data.get("url_type") != "upload":
            abort(404)
        try:
            pkg = packages.readable_package(ctx, res.package_id)
        except ActionError:
            abort(404)
        if package_id not in (pkg.id, pkg.name) or filename != res.data.get("url"):
            abort(404)
        # Files stored before the portal recorded digests fall back on the resource's hash.
        recorded = res.data.get(SHA256_KEY) or res.data.get("hash")
    path = stored_file(ctx.uploads_dir, resource_id, filename, recorded)
    if path is None:
        abort(404)
    return send_file(path, mimetype=served_type(filename), as_attachment=True,
                     download_name=filename, conditional=True)
