"""Example bodies of the status API, one per response, shown in its OpenAPI document and docs page.

Synthetic values only (no real person, no real request). ``tests/web/test_api_docs.py``
validates each against the schema it illustrates, so an example cannot drift from the schema.
"""

from __future__ import annotations

from typing import Any

from publisher.web.errors import CODES

AT = "2026-11-26T10:00:00+00:00"
LINKS = {"self": "/api/v1/datasets?page=1&per_page=20",
         "first": "/api/v1/datasets?page=1&per_page=20",
         "last": "/api/v1/datasets?page=1&per_page=20", "next": None, "prev": None}

HEALTH: dict[str, Any] = {"status": "ok", "version": "0.1.0", "database": "ok",
                          "portal": "embedded"}
HEALTH_DEGRADED: dict[str, Any] = {"status": "degraded", "version": "0.1.0",
                                   "database": "error: OperationalError", "portal": "embedded"}

DEADLINE: dict[str, Any] = {
    "kind": "update", "subject": "bus-network", "dataset": "bus-network", "start": "2026-09-01",
    "due": "2026-12-01", "done": None, "status": "near", "days_left": 5,
    "rule": "update_frequency P3M", "calendar": "calendar-days"}

QUALITY_BRIEF: dict[str, Any] = {"score": 385.0, "maximum": 405, "rating": "Excellent",
                                 "rating_zh": "优秀", "missing_points": 20.0}

DATASET: dict[str, Any] = {
    "name": "bus-network", "title": "公交线路、站点与时刻表", "disclosure_attribute": "proactive",
    "department": "综运科", "catalogue_column": "公共服务", "openness": "服务",
    "update_frequency": "P3M", "check_state": "accepted", "warnings": 0, "state": "published",
    "hold": None, "problem": None, "published": True,
    "validation": {"state": "valid", "error_count": 0, "counts": {}, "checked_at": AT},
    "current_release": {"version": 3, "checksum": "sha256:9f2c4e…", "created_at": AT,
                        "published": True},
    "last_publish": {"run_id": 12, "outcome": "published", "at": AT, "release_version": 3,
                     "portal_url": "http://127.0.0.1:8080/dataset/bus-network"},
    "freshness": {"state": "fresh", "last_published": "2026-09-01", "next_due": "2026-12-01",
                  "overdue": False},
    "deadlines": [DEADLINE],
    "quality": QUALITY_BRIEF,
}

DATASET_PAGE: dict[str, Any] = {"items": [DATASET], "page": 1, "per_page": 20, "total": 1,
                                "links": LINKS}

DATASET_DETAIL: dict[str, Any] = {
    **DATASET,
    "quality": {**QUALITY_BRIEF, "urls_checked": False,
                "dimensions": [{"dimension": "Findability", "score": 80.0, "maximum": 100}],
                "missing": [{"dimension": "Findability", "indicator": "time-based search",
                             "points": 20.0, "note": "no dct:temporal"}]},
    "validation_report": [{"resource": "stops", "valid": True, "error_count": 0, "counts": {},
                           "source_sha256": "4b1d…", "checked_at": AT}],
    "deidentification_report": {
        "dataset": "bus-network", "rows": {"stops": 412},
        "fields": [{"resource": "stops", "field": "contact", "category": "phone",
                    "action": "mask", "cells": 36, "found": {}}],
        "counts": {"by_action": {"mask": 36}, "by_category": {"phone": 36}}, "k_reached": None},
    "check_findings": [],
}

DEADLINE_LIST: dict[str, Any] = {"today": "2026-11-26", "near_days": 5, "items": [
    DEADLINE,
    {"kind": "disclosure-request", "subject": "2026-014", "dataset": None,
     "start": "2026-11-02", "due": "2026-11-30", "done": None, "status": "near", "days_left": 4,
     "rule": "20 working days from receipt (Art. 33)", "calendar": "official"}]}

REQUEST_DUE: dict[str, Any] = {
    "reference": "2026-014", "received": "2026-11-02", "channel": "online",
    "applicant_type": "citizen", "department": "办公室", "state": "open", "start": "2026-11-02",
    "extended": False, "paused_working_days": 0, "due": "2026-11-30", "days_left": 4,
    "overdue": False, "rule": "20 working days from receipt (Art. 33)", "calendar": "official"}

REQUESTS_DUE: dict[str, Any] = {
    "today": "2026-11-26", "week_ends": "2026-11-29", "overdue": [],
    "due_this_week": [REQUEST_DUE],
    "annual_report": {"year": 2026, "due": "2027-01-31", "days_left": 66,
                      "rule": "by 31 January of the following year (Art. 49)"}}

RUN: dict[str, Any] = {
    "id": 12, "status": "finished", "dry_run": False, "trigger": "api", "started_at": AT,
    "finished_at": "2026-11-26T10:02:41+00:00", "portal_url": "http://127.0.0.1:8080",
    "progress": {"done": 2, "total": 2, "current": None, "rows": None},
    "outcomes": {"published": 1, "unchanged": 1}}

RUN_PAGE: dict[str, Any] = {"items": [RUN], "page": 1, "per_page": 20, "total": 1,
                            "links": {k: (v.replace("datasets", "runs") if v else v)
                                      for k, v in LINKS.items()}}

RUN_DETAIL: dict[str, Any] = {**RUN, "items": [
    {"dataset": "bus-network", "outcome": "published", "code": "", "release_version": 3,
     "portal_url": "http://127.0.0.1:8080/dataset/bus-network",
     "created_at": "2026-11-26T10:01:05+00:00"},
    {"dataset": "taxi-operators", "outcome": "unchanged", "code": "", "release_version": 5,
     "portal_url": "http://127.0.0.1:8080/dataset/taxi-operators",
     "created_at": "2026-11-26T10:02:40+00:00"}]}

RUN_STARTED: dict[str, Any] = {
    **RUN, "status": "running", "finished_at": None, "outcomes": {}, "items": [],
    "progress": {"done": 0, "total": 2, "current": None, "rows": None}}

RUN_REQUEST: dict[str, Any] = {"datasets": ["bus-network", "taxi-operators"], "dry_run": False}

HARVEST: dict[str, Any] = {"now": AT, "items": [{
    "dataset": "taxi-operators", "schedule": "0 2 * * *",
    "next_run": "2026-11-27T02:00:00+00:00",
    "sources": [{"resource": "operators", "kind": "sql", "last_outcome": "unchanged",
                 "last_code": None, "last_reason": None,
                 "last_harvest": "2026-11-26T02:00:03+00:00",
                 "fingerprint": "c0ffee…", "provenance": {"table": "operators", "rows": 412}}]}]}

#: The code and message each error status carries in the examples (a real message names the
#: actual cause; ``code`` is what a client selects on).
ERRORS: dict[int, tuple[str, str]] = {
    400: (CODES[400], "the request body is not JSON"),
    401: (CODES[401], "a steward token is needed (Authorization: Bearer <token>)"),
    404: (CODES[404], "no such dataset is visible to this caller"),
    409: ("run-in-progress", "another publish run is going on this instance"),
    500: (CODES[500], "internal error"),
}


def error_example(status: int) -> dict[str, Any]:
    """The one error shape for ``status``, as ``publisher.web.errors`` answers it."""
    if status == 422:
        return {"error": {"code": CODES[422], "message": "Validation error", "status": 422,
                          "detail": {"query": {"per_page": [
                              "Must be greater than or equal to 1 and less than or equal to "
                              "100."]}}}}
    code, message = ERRORS.get(status, (CODES.get(status, "error"), "error"))
    return {"error": {"code": code, "message": message, "status": status}}


def add_error_examples(spec: dict[str, Any]) -> None:
    """Give every error response of ``spec`` (the one error shape) its example, in place."""
    for item in spec.get("paths", {}).values():
        for operation in item.values():
            for status, response in operation.get("responses", {}).items():
                body = response.get("content", {}).get("application/json")
                if body is None or "example" in body or not str(status).isdigit():
                    continue
                if int(status) >= 400:
                    body["example"] = error_example(int(status))
