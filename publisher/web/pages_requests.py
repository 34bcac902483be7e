"""Steward pages of the request register: list, register, one request with its steps.

Signed-in stewards only (the steward sign-in of ``/status``); every form is a FlaskForm with
its CSRF token. The applicant's identity is recorded here but never shown back: the page says
which items are on file.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from publisher.requests import register as reg
from publisher.requests.errors import RequestError
from publisher.web import csrf
from publisher.web import pages_setup as setup
from publisher.web.pages_requests_forms import STATE_LABELS, STEP_LABELS, RequestForm, StepForm
from publisher.web.services import services_of

bp = Blueprint("requests_pages", __name__, template_folder="../templates")
bp.enable_openapi = False  # type: ignore[attr-defined]
bp.record_once(lambda state: csrf.init_app(state.app))  # type: ignore[arg-type]
bp.before_request(setup.remember_lang)
bp.context_processor(setup.template_globals)
bp.context_processor(lambda: {"state_labels": STATE_LABELS})


def _signed_in() -> str:
    steward = setup.steward()
    if steward is None:
        abort(401)
    return steward


@bp.errorhandler(401)
def _login(_error: Exception) -> ResponseReturnValue:
    return render_template("pages/login.html", failed=False), 401


def _list(form: RequestForm, error: str = "", status: int = 200) -> ResponseReturnValue:
    today = date.today()
    with services_of(current_app).db.session() as session:
        items = [reg.summary(r, today) for r in reg.all_requests(session)]
        due = reg.due(session, today)
    return render_template("requests/list.html", items=items, due=due, form=form, error=error,
                           today=today), status


@bp.get("/status/requests")
def register_page() -> ResponseReturnValue:
    _signed_in()
    return _list(RequestForm())


@bp.post("/status/requests")
def add() -> ResponseReturnValue:
    steward = _signed_in()
    form = RequestForm()
    if not form.validate_on_submit():
        return _list(form, status=400)
    services = services_of(current_app)
    identity = {k: getattr(form, k).data or "" for k in reg.APPLICANT_KEYS}
    try:
        with services.db.session() as session:
            reg.add_request(session, reference=form.reference.data, received=form.received.data,
                            channel=form.channel.data, applicant_type=form.applicant_type.data,
                            content=form.content.data or "", actor=steward, applicant=identity,
                            department=services.settings.requests_department)
    except RequestError as exc:
        return _list(form, exc.message(setup.visitor_lang()), 400)
    return redirect(url_for("requests_pages.request_page", reference=form.reference.data.strip()),
                    code=303)


def _show(reference: str, form: StepForm, error: str = "",
          status: int = 200) -> ResponseReturnValue:
    today = date.today()
    with services_of(current_app).db.session() as session:
        try:
            row = reg.get_request(session, reference)
        except RequestError:
            abort(404)
        item = reg.summary(row, today)
        steps = list(row.steps)
        on_file = sorted(row.applicant)
        content = row.content
    return render_template("requests/show.html", item=item, steps=steps, on_file=on_file,
                           content=content, form=form, error=error, step_labels=STEP_LABELS,
                           today=today), status


@bp.get("/status/requests/<reference>")
def request_page(reference: str) -> ResponseReturnValue:
    _signed_in()
    return _show(reference, StepForm())


@bp.post("/status/requests/<reference>/steps")
def add_step(reference: str) -> ResponseReturnValue:
    steward = _signed_in()
    form = StepForm()
    if not form.validate_on_submit():
        return _show(reference, form, status=400)
    try:
        with services_of(current_app).db.session() as session:
            reg.add_step(session, reference, kind=form.kind.data, day=form.day.data,
                         actor=steward, outcome=form.outcome.data or "",
                         approver=form.approver.data or "", fee=form.fee.data or 0,
                         note=form.note.data or "")
    except RequestError as exc:
        if exc.code == "request-unknown":
            abort(404)
        return _show(reference, form, exc.message(setup.visitor_lang()), 400)
    return redirect(url_for("requests_pages.request_page", reference=reference), code=303)
