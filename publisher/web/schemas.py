"""Request and response schemas of the status API (they generate its OpenAPI document).

Stability promise: keys are only ever added to these responses, never renamed or removed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from apiflask import Schema
from apiflask.fields import Boolean, Date, Dict, Float, Integer, List, Nested, String
from apiflask.fields import DateTime as _DateTime
from apiflask.validators import Length, Range


class DateTime(_DateTime):
    """A date-time in RFC 3339 with its offset: the state database keeps naive UTC."""

    def _serialize(self, value: Any, attr: Any, obj: Any, **kwargs: Any) -> Any:
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class PageQuery(Schema):
    page = Integer(load_default=1, validate=Range(min=1, max=100_000))
    per_page = Integer(load_default=20, validate=Range(min=1, max=100))


class DeadlineQuery(Schema):
    all = Boolean(load_default=False, metadata={"description": "Also the open and met ones."})


class Links(Schema):
    self = String(required=True)
    first = String(required=True)
    last = String(required=True)
    next = String(allow_none=True)
    prev = String(allow_none=True)


class DeadlineOut(Schema):
    kind = String(required=True, metadata={
        "description": "disclosure-request, public-message, gazette, annual-report or update"})
    subject = String(required=True)
    dataset = String(allow_none=True)
    start = Date(allow_none=True)
    due = Date(required=True)
    done = Date(allow_none=True)
    status = String(required=True, metadata={"description": "met, open, near or missed"})
    days_left = Integer(required=True)
    rule = String(required=True)
    calendar = String(required=True, metadata={
        "description": "official, weekday-fallback, calendar-days or fixed-date"})


class ValidationState(Schema):
    state = String(required=True, metadata={"description": "valid, invalid or unknown"})
    error_count = Integer(required=True)
    counts = Dict(keys=String(), values=Integer(), required=True)
    checked_at = DateTime(allow_none=True)


class ReleaseOut(Schema):
    version = Integer(required=True)
    checksum = String(required=True)
    created_at = DateTime(required=True)
    published = Boolean(required=True)


class PublishOut(Schema):
    run_id = Integer(required=True)
    outcome = String(required=True)
    at = DateTime(required=True)
    release_version = Integer(allow_none=True)
    portal_url = String(required=True)


class HoldOut(Schema):
    by = String(required=True)
    reason = String(required=True)
    at = DateTime(required=True)
    mode = String(required=True, metadata={"description": "private or delete"})


class ProblemOut(Schema):
    outcome = String(required=True, metadata={"description": "blocked or failed"})
    code = String(required=True)
    at = DateTime(required=True)
    run_id = Integer(required=True)
    detail = String(required=True)
    message = String(required=True, metadata={
        "description": "What went wrong in words: the portal's own message for a portal "
                       "failure"})


class Freshness(Schema):
    state = String(required=True, metadata={
        "description": "fresh, overdue, never-published or not-periodic"})
    last_published = Date(allow_none=True)
    next_due = Date(allow_none=True)
    overdue = Boolean(required=True)


class QualityBrief(Schema):
    score = Float(required=True, metadata={
        "description": "MQA points of the dataset's DCAT metadata (data.europa.eu method)"})
    maximum = Integer(required=True)
    rating = String(required=True, metadata={
        "description": "Excellent (351+), Good (221+), Sufficient (121+) or Bad"})
    rating_zh = String(required=True)
    missing_points = Float(required=True)


class QualityDimension(Schema):
    dimension = String(required=True, metadata={
        "description": "Findability, Accessibility, Interoperability, Reusability or "
                       "Contextuality"})
    score = Float(required=True)
    maximum = Integer(required=True)


class QualityMissing(Schema):
    dimension = String(required=True)
    indicator = String(required=True)
    points = Float(required=True, metadata={"description": "Points short of the indicator's"})
    note = String(required=True)


class QualityOut(QualityBrief):
    urls_checked = Boolean(required=True, metadata={
        "description": "False here: the API does not request URLs (publisher quality does)"})
    dimensions = List(Nested(QualityDimension), required=True)
    missing = List(Nested(QualityMissing), required=True)


class DatasetOut(Schema):
    name = String(required=True)
    title = String(required=True)
    disclosure_attribute = String(required=True)
    department = String(required=True)
    catalogue_column = String(required=True)
    openness = String(required=True)
    update_frequency = String(required=True)
    check_state = String(required=True)
    warnings = Integer(required=True, metadata={
        "description": "Late deadlines found in the data (gazette, replies); never blocking"})
    state = String(required=True, metadata={
        "description": "published; held (withdrawn by `publisher withdraw`, see hold); "
                       "not-public (withheld or on request: not public by decision); removed "
                       "(folder deleted); blocked; failed (see problem); withdrawn; "
                       "never-published"})
    hold = Nested(HoldOut, allow_none=True, metadata={
        "description": "The hold in force (stewards only; null otherwise)"})
    problem = Nested(ProblemOut, allow_none=True, metadata={
        "description": "The newest blocked or failed outcome (stewards only)"})
    published = Boolean(required=True)
    validation = Nested(ValidationState, required=True)
    current_release = Nested(ReleaseOut, allow_none=True)
    last_publish = Nested(PublishOut, allow_none=True)
    freshness = Nested(Freshness, required=True)
    deadlines = List(Nested(DeadlineOut), required=True)
    quality = Nested(QualityBrief, allow_none=True, metadata={
        "description": "MQA score; null when the dataset is not in the public catalogue"})


class ResourceValidation(Schema):
    resource = String(required=True)
    valid = Boolean(required=True)
    error_count = Integer(required=True)
    counts = Dict(keys=String(), values=Integer(), required=True)
    source_sha256 = String(required=True)
    checked_at = DateTime(required=True)


class DatasetDetailOut(DatasetOut):
    quality = Nested(QualityOut, allow_none=True, metadata={
        "description": "MQA score per dimension and every indicator short of full points; "
                       "null when the dataset is not in the public catalogue"})
    validation_report = List(Nested(ResourceValidation), allow_none=True, metadata={
        "description": "Per resource, counts by error code; null without a steward token"})
    deidentification_report = Dict(allow_none=True, metadata={
        "description": "Counts per field, action and category; null without a steward token"})
    check_findings = List(Dict(), allow_none=True, metadata={
        "description": "Descriptor refusals and deadline warnings (severity refusal|warning) "
                       "with code, row and field; null without a steward token"})


class DatasetPage(Schema):
    items = List(Nested(DatasetOut), required=True)
    page = Integer(required=True)
    per_page = Integer(required=True)
    total = Integer(required=True)
    links = Nested(Links, required=True)


class RowsProgress(Schema):
    resource = String(allow_none=True)
    loaded = Integer(load_default=0)
    total = Integer(load_default=0)


class Progress(Schema):
    done = Integer(load_default=0)
    total = Integer(load_default=0)
    current = String(allow_none=True)
    rows = Nested(RowsProgress, allow_none=True,
                  metadata={"description": "The DataStore load going on: rows loaded of total"})


class RunItemOut(Schema):
    dataset = String(required=True)
    outcome = String(required=True)
    code = String(required=True)
    release_version = Integer(allow_none=True)
    portal_url = String(required=True)
    created_at = DateTime(required=True)


class RunOut(Schema):
    id = Integer(required=True)
    status = String(required=True)
    dry_run = Boolean(required=True)
    trigger = String(required=True)
    started_at = DateTime(required=True)
    finished_at = DateTime(allow_none=True)
    portal_url = String(required=True)
    progress = Nested(Progress, required=True)
    outcomes = Dict(keys=String(), values=Integer(), required=True)


class RunDetailOut(RunOut):
    items = List(Nested(RunItemOut), required=True)


class RunPage(Schema):
    items = List(Nested(RunOut), required=True)
    page = Integer(required=True)
    per_page = Integer(required=True)
    total = Integer(required=True)
    links = Nested(Links, required=True)


class RunRequest(Schema):
    datasets = List(String(validate=Length(min=1, max=200)), allow_none=True, load_default=None,
                    validate=Length(min=1),
                    metadata={"description": "Dataset names; null or absent: every dataset"})
    dry_run = Boolean(load_default=False)


class DeadlineList(Schema):
    today = Date(required=True)
    near_days = Integer(required=True)
    items = List(Nested(DeadlineOut), required=True)


class HealthOut(Schema):
    status = String(required=True)
    version = String(required=True)
    database = String(required=True)
    portal = String(required=True, metadata={
        "description": "embedded, ok or unreachable"})


#: The 304 answer of a conditional GET: no body.
NOT_MODIFIED: dict[int | str, dict[str, str | dict[str, dict[str, Any]]]] = {
    304: {"description": "Not modified (the If-None-Match ETag still holds)"}}


class HarvestSourceOut(Schema):
    resource = String(required=True)
    kind = String(required=True, metadata={"description": "sql, file, http, ckan or dcat"})
    last_outcome = String(allow_none=True, metadata={
        "description": "new, changed, unchanged, skipped or failed; null before the first"})
    last_code = String(allow_none=True)
    last_reason = String(allow_none=True)
    last_harvest = DateTime(allow_none=True)
    fingerprint = String(allow_none=True, metadata={"description": "sha256 of the snapshot"})
    provenance = Dict(metadata={"description": "Where the snapshot came from (no values)."})


class HarvestOut(Schema):
    dataset = String(required=True)
    schedule = String(allow_none=True, metadata={
        "description": "The cron expression or update frequency that drives it"})
    next_run = DateTime(allow_none=True)
    sources = List(Nested(HarvestSourceOut), required=True)


class HarvestList(Schema):
    now = DateTime(required=True)
    items = List(Nested(HarvestOut), required=True)
