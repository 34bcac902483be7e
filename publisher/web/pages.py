"""Catalogue pages for people: the disclosure catalogue, dataset pages and the steward status.

``/`` groups the published datasets by catalogue column, with search and filters;
``/datasets/<name>`` describes one dataset (downloads, validation, de-identification summary,
a paged preview, API examples, DCAT links, interpretation); ``/status`` tells stewards what to
fix. Anything an anonymous visitor may not see answers the same 404 as an unknown name.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_user, logout_user
from werkzeug.exceptions import NotFound

from publisher import codes
from publisher.models import PublishRun, Release, utcnow
from publisher.web import pages_data as data
from publisher.web import pages_labels as labels
from publisher.web import pages_setup as setup
from publisher.web import tokens
from publisher.web.pages_portal import resource_ids
from publisher.web.pages_preview import read_page
from publisher.web.pages_text import render as render_text
from publisher.web.release_files import verified_release_file
from publisher.web.services import services_of

bp = Blueprint("pages", __name__, template_folder="../templates", static_folder="../static",
               static_url_path="/assets")
# Under APIFlask, HTML pages stay out of the OpenAPI document (plain Flask ignores this).
bp.enable_openapi = False  # type: ignore[attr-defined]
bp.record_once(lambda state: setup.init_app(state.app))
bp.before_request(setup.protect_forms)
bp.before_request(setup.remember_lang)
bp.context_processor(setup.template_globals)
bp.app_template_global("label")(labels.label)

FILTERS = ("department", "openness", "format", "frequency")


@bp.app_template_global()
def lang_url(lang: str) -> str:
    """This page's URL with ``lang`` switched (other query arguments kept)."""
    args: dict[str, Any] = {k: v for k, v in request.args.items() if k != "lang"}
    args.update(request.view_args or {}, lang=lang)
    return url_for(request.endpoint or "pages.catalogue", **args)


@bp.app_template_global()
def code_title(code: str, lang: str) -> str:
    """The title of a finding or outcome code in ``lang`` (the code itself when unknown)."""
    entry = codes.all_codes().get(code)
    return entry.title.get(lang, code) if entry else code


@bp.app_template_filter("size")
def size(value: Any) -> str:
    """A byte count in B, KB or MB (units that read the same in Chinese and English)."""
    number = float(value or 0)
    for unit in ("B", "KB", "MB"):
        if number < 1024 or unit == "MB":
            return f"{number:.0f} {unit}" if unit == "B" else f"{number:.1f} {unit}"
        number /= 1024
    return f"{number:.1f} GB"


@bp.app_template_global()
def term(table: dict[str, Any], name: str) -> str:
    """A vocabulary term in the visitor's language (the name itself when unknown)."""
    found = table.get(name)
    if found is None:
        return name
    return str(found.en) if setup.visitor_lang() == "en" else str(found.name)


@bp.errorhandler(404)
def not_found(error: NotFound) -> ResponseReturnValue:
    # The same page for unknown, withheld, on-request and unpublished: existence never leaks.
    return render_template("pages/not_found.html"), 404


def _matches(entry: data.Entry, meta: dict[str, Any], query: str,
             chosen: dict[str, str]) -> bool:
    if query:
        haystack = " ".join([entry.name, meta["title_zh"], meta["title_en"],
                             meta.get("description_zh", ""), meta.get("description_en", ""),
                             " ".join(meta["keywords"])]).casefold()
        if not all(word in haystack for word in query.casefold().split()):
            return False
    facets = {"department": [meta["department"]], "openness": [meta["openness"]],
              "format": meta["formats"],
              "frequency": [labels.frequency_key(meta["update_frequency"])]}
    return all(not value or value in facets[key] for key, value in chosen.items())


@bp.get("/")
def catalogue() -> ResponseReturnValue:
    services = services_of(current_app)
    lang = setup.visitor_lang()
    steward = setup.steward() is not None
    query = request.args.get("q", "").strip()
    chosen = {key: request.args.get(key, "").strip() for key in FILTERS}
    with services.db.session() as db:
        entries = data.visible(services, db, steward)
    vocab = services.vocabulary
    rows = [(e, e.meta(lang)) for e in entries]
    options = {
        "department": list(vocab.departments), "openness": list(vocab.openness),
        "format": sorted({f for _, m in rows for f in m["formats"]}),
        "frequency": sorted({labels.frequency_key(m["update_frequency"]) for _, m in rows}),
    }
    found = [(e, m) for e, m in rows if _matches(e, m, query, chosen)]
    order = {name: i for i, name in enumerate(vocab.catalogue_columns)}
    columns: dict[str, list[tuple[data.Entry, dict[str, Any]]]] = {}
    for entry, meta in sorted(found, key=lambda p: (order.get(p[1]["column"], len(order)),
                                                     p[1]["column"], p[0].name)):
        columns.setdefault(meta["column"], []).append((entry, meta))
    return render_template("pages/catalogue.html", columns=columns, vocab=vocab, query=query,
                           chosen=chosen, options=options, total=len(found),
                           labels=labels, today=date.today())


def _entry(name: str) -> data.Entry:
    """The entry this visitor may see, or the 404 that hides it."""
    services = services_of(current_app)
    with services.db.session() as db:
        entry = data.gather(services, db, only=name).get(name)
    if entry is None or not (entry.public or setup.steward()):
        abort(404)
    return entry


def _release_folder(release: Release) -> Path:
    root = Path(release.path)
    if not root.is_absolute():
        root = services_of(current_app).settings.instance_path / root
    return root


@bp.get("/datasets/<name>")
def dataset(name: str) -> ResponseReturnValue:
    services = services_of(current_app)
    lang = setup.visitor_lang()
    entry = _entry(name)
    meta = entry.meta(lang)
    release = entry.release if not setup.steward() else entry.shown
    report: dict[str, Any] = {}
    resources: list[dict[str, Any]] = []
    preview = None
    chosen = ""
    if release is not None:
        with services.db.session() as db:
            report = data.deid_report(db, release)
        resources = [r for r in release.manifest.get("resources") or [] if isinstance(r, dict)]
        names = [str(r.get("name")) for r in resources]
        chosen = request.args.get("resource", names[0] if names else "")
        if chosen in names:
            path = verified_release_file(_release_folder(release), release.manifest, chosen)
            if path is not None:
                page = request.args.get("page", "1")
                preview = read_page(path, int(page) if page.isdigit() else 1)
    interpretation = None
    if entry.dataset is not None and entry.dataset.interpretation:
        folder = entry.dataset.folder.resolve()
        target = (folder / entry.dataset.interpretation).resolve()
        if target.is_relative_to(folder) and target.is_file():
            interpretation = render_text(target.read_text(encoding="utf-8"))
    ids = resource_ids(name)
    return render_template(
        "pages/dataset.html", entry=entry, meta=meta, release=release, resources=resources,
        report=report, deid_rows=labels.deid_rows(report),
        suppressed=labels.suppressed_rows(report), preview=preview, chosen=chosen,
        interpretation=interpretation, resource_ids=ids, labels=labels, vocab=services.vocabulary,
        site=services.settings.site_url.rstrip("/"), today=date.today())


@bp.get("/datasets/<name>/releases/<int:version>/<resource>.csv")
def download(name: str, version: int, resource: str) -> ResponseReturnValue:
    entry = _entry(name)
    if setup.steward():
        release = next((r for r in entry.releases if r.version == version), None)
    else:
        release = entry.release if entry.release and entry.release.version == version else None
    listed = {str(r.get("name")) for r in (release.manifest.get("resources") or [])
              if isinstance(r, dict)} if release else set()
    if release is None or resource not in listed or PurePosixPath(resource).name != resource:
        abort(404)
    path = verified_release_file(_release_folder(release), release.manifest, resource)
    if path is None:
        # A release file that no longer has its recorded sha256 is never served.
        abort(404)
    return send_file(path, mimetype="text/csv", as_attachment=True,
                     download_name=f"{name}-{version}-{resource}.csv", conditional=True)


@bp.route("/status", methods=["GET"])
def status() -> ResponseReturnValue:
    if setup.steward() is None:
        return render_template("pages/login.html", failed=False), 401
    services = services_of(current_app)
    today = date.today()
    with services.db.session() as db:
        entries = list(data.gather(services, db).values())
        runs = data.recent_runs(db)
        counts = {run.id: _outcome_counts(run) for run in runs}
    invalid = [e for e in entries if e.validation == "invalid"
               or (e.row is not None and e.row.check_state == "refused")]
    # Withheld and on-request datasets are not public by decision: listed apart, never blocked.
    blocked = [e for e in entries if e.problem is not None and e.state != "not-public"]
    held = [e for e in entries if e.held]
    not_public = [e for e in entries if e.state == "not-public"]
    overdue = [e for e in entries if e.public and e.overdue(today)]
    unapproved = [e for e in entries if e.unapproved]
    from publisher.scheduler import overview

    harvested = overview(services, utcnow())
    return render_template("pages/status.html", invalid=invalid, blocked=blocked, held=held,
                           not_public=not_public, overdue=overdue, unapproved=unapproved,
                           runs=runs, counts=counts, labels=labels, today=today,
                           harvested=harvested)


def _outcome_counts(run: PublishRun) -> dict[str, int]:
    out: dict[str, int] = {}
    for item in run.items:
        out[item.outcome] = out.get(item.outcome, 0) + 1
    return out


@bp.get("/status/runs/<int:run_id>")
def run_report(run_id: int) -> ResponseReturnValue:
    if setup.steward() is None:
        return render_template("pages/login.html", failed=False), 401
    with services_of(current_app).db.session() as db:
        run = db.get(PublishRun, run_id)
        if run is None:
            abort(404)
        items = list(run.items)
    return render_template("pages/run.html", run=run, items=items, labels=labels)


@bp.post("/status/login")
def login() -> ResponseReturnValue:
    token = request.form.get("token", "").strip()
    session_id = tokens.open_session(services_of(current_app), token)
    if session_id is None:
        return render_template("pages/login.html", failed=True), 401
    # The cookie carries the session id only; the token never leaves this request.
    login_user(setup.SignedIn(session_id, ""))
    return redirect(url_for("pages.status"), code=303)


@bp.post("/status/logout")
def logout() -> ResponseReturnValue:
    if current_user.is_authenticated:
        tokens.close_session(services_of(current_app), str(current_user.get_id()))
    logout_user()
    session.clear()
    return redirect(url_for("pages.catalogue"), code=303)
