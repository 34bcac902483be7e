"""The annual report in the catalogue: ``/reports/annual`` and ``/reports/annual/<year>``.

Built on request from the register, the datasets and the steward's YAML file, with the same
template as ``report.html``; a year without a YAML file answers 404.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, render_template
from flask.typing import ResponseReturnValue

from publisher.report import build as rb
from publisher.report import html, proactive
from publisher.report import narrative as nv
from publisher.report.annual import build_report
from publisher.web import pages_setup as setup
from publisher.web.services import services_of

bp = Blueprint("annual", __name__, template_folder="../templates")
bp.enable_openapi = False  # type: ignore[attr-defined]
bp.before_request(setup.remember_lang)
bp.context_processor(setup.template_globals)


def _years() -> list[int]:
    folder = services_of(current_app).settings.datasets_path / rb.NARRATIVE_DIR
    return sorted((int(p.stem) for p in folder.glob("*.yaml") if p.stem.isdigit()),
                  reverse=True)


@bp.get("/reports/annual")
def index() -> ResponseReturnValue:
    return render_template("pages/annual_index.html", years=_years())


@bp.get("/reports/annual/<int:year>")
def report(year: int) -> ResponseReturnValue:
    if year not in _years():
        abort(404)
    try:
        built = build_report(services_of(current_app), year)
    except (nv.NarrativeError, proactive.SourceMissing):
        current_app.logger.exception("annual report %s cannot be built", year)
        abort(500)
    return render_template("pages/annual_report.html", **html.context(built, date.today()))
