"""``/api/v1/datasets``: what is valid, published, overdue or blocked, per dataset."""

# apiflask's route decorators carry no type hints; the views themselves are typed.
# mypy: disable-error-code="untyped-decorator"

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask import Response, current_app
from sqlalchemy import select

from publisher.models import DatasetRow
from publisher.web import api_examples as ex
from publisher.web import status_data
from publisher.web.auth import current_steward
from publisher.web.blueprint import bp
from publisher.web.errors import api_error
from publisher.web.listing import conditional, page_of
from publisher.web.schemas import NOT_MODIFIED, DatasetDetailOut, DatasetPage, PageQuery
from publisher.web.services import services_of

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")


def today() -> date:
    return date.today()


@bp.get("/datasets")
@bp.input(PageQuery, location="query", arg_name="query")
@bp.output(DatasetPage, example=ex.DATASET_PAGE)
@bp.doc(summary="List datasets", responses=NOT_MODIFIED)
def list_datasets(query: dict[str, Any]) -> Response:
    """Every dataset the caller may see, with validation, release, publish and freshness.

    Anonymous readers see published proactive datasets only. Supports ETag/If-None-Match.
    """
    services = services_of(current_app)
    steward = current_steward() is not None
    with services.db.session() as session:
        facts = status_data.visible(status_data.gather(services, session), steward)
        scores = status_data.quality_scores(services) if facts else {}
        rows = [status_data.summary(f, services, today(), steward, scores.get(f.name))
                for f in facts]
    body = page_of(rows, query["page"], query["per_page"], "status.list_datasets")
    return conditional(DatasetPage().dump(body))


@bp.get("/datasets/<name>")
@bp.output(DatasetDetailOut, example=ex.DATASET_DETAIL)
@bp.doc(summary="One dataset", responses=NOT_MODIFIED)
def get_dataset(name: str) -> Response:
    """One dataset with its validation and de-identification reports (counts only).

    The reports need a steward token (null otherwise); a dataset the caller may not see
    answers 404, the same as one that does not exist.
    """
    services = services_of(current_app)
    steward = current_steward() is not None
    with services.db.session() as session:
        # A name no folder could have never reaches the database (NUL bytes upset PostgreSQL).
        known = NAME.fullmatch(name) is not None and (name in services.dataset_names() or (
            session.scalar(select(DatasetRow.id).where(DatasetRow.name == name)) is not None))
        # An unknown name costs what a hidden one does (a stand-in is gathered and dropped),
        # so the time of the 404 does not tell which withheld names exist.
        stand_in = services.dataset_names()[:1]
        facts = status_data.gather(services, session, [name] if known else stand_in)
        shown = status_data.visible(facts, steward) if known else []
        if not shown:
            raise api_error(404, "no such dataset is visible to this caller")
        score = status_data.quality_scores(services).get(name)
        body = status_data.detail(shown[0], services, session, today(), steward, score)
    return conditional(DatasetDetailOut().dump(body))
