"""Display labels of codes the pages show (attributes, frequencies, privacy actions …).

Each label is an English msgid marked with ``_l`` (lazy), translated when it is rendered, so
the message catalogue holds every one of them.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from publisher.frequency import parse_frequency

ATTRIBUTES = {
    "proactive": _l("Proactive disclosure"),
    "on_request": _l("Disclosure on request"),
    "withheld": _l("Withheld"),
}
FREQUENCIES = {
    "DAILY": _l("Daily"), "WEEKLY": _l("Weekly"), "BIWEEKLY": _l("Every two weeks"),
    "MONTHLY": _l("Monthly"), "BIMONTHLY": _l("Every two months"),
    "QUARTERLY": _l("Quarterly"), "ANNUAL_2": _l("Twice a year"), "ANNUAL": _l("Annual"),
    "BIENNIAL": _l("Every two years"), "IRREG": _l("Irregular"), "CONT": _l("Continuous"),
    "UPDATE_CONT": _l("Continuous"), "AS_NEEDED": _l("As needed"), "NEVER": _l("Never"),
}
CATEGORIES = {
    "person_name": _l("Person name"), "id_number": _l("Resident ID number"),
    "phone": _l("Phone number"), "plate": _l("Vehicle plate"), "address": _l("Address"),
    "email": _l("E-mail address"), "bank_card": _l("Bank card number"),
    "birth_date": _l("Date of birth"), "free_text": _l("Free text"),
    "credit_code": _l("Unified social credit code"), "org_name": _l("Organisation name"),
}
ACTIONS = {
    "keep": _l("kept"), "mask": _l("masked"), "pseudonymize": _l("pseudonymised"),
    "generalize": _l("generalised"), "redact": _l("redacted"), "suppress": _l("suppressed"),
    "drop": _l("dropped"),
}
OUTCOMES = {
    "published": _l("published"), "unchanged": _l("unchanged"), "withdrawn": _l("withdrawn"),
    "planned": _l("planned"), "blocked": _l("blocked"), "failed": _l("failed"),
    "held": _l("held"), "not-public": _l("not public by decision"),
}
#: The one-word states of :data:`publisher.state.STATES`.
STATES = {
    "published": _l("published"), "held": _l("held"), "not-public": _l("not public by decision"),
    "removed": _l("folder removed"), "blocked": _l("blocked"), "failed": _l("failed"),
    "withdrawn": _l("withdrawn"), "never-published": _l("never published"),
}
RUN_STATUS = {"running": _l("running"), "finished": _l("finished"), "failed": _l("failed")}
VALIDATION = {"valid": _l("valid"), "invalid": _l("invalid"), "unknown": _l("not validated")}


def frequency_key(text: str) -> str:
    """The EU name a frequency normalises to (P1M and MONTHLY are both MONTHLY)."""
    parsed = parse_frequency(text or "")
    if parsed is None:
        return text
    return parsed.name or text


def label(table: dict[str, Any], key: str) -> Any:
    """The label of ``key`` in ``table``, or the key itself when it has none."""
    return table.get(key, key)


def deid_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per field and action: names, categories and counts, never a cell value."""
    rows = []
    for item in report.get("fields") or []:
        if not isinstance(item, dict):
            continue
        found: dict[str, Any] = item["found"] if isinstance(item.get("found"), dict) else {}
        rows.append({
            "resource": str(item.get("resource", "")), "field": str(item.get("field", "")),
            "category": str(item.get("category", "")), "action": str(item.get("action", "")),
            "cells": _int(item.get("cells")),
            "found": {str(k): _int(v) for k, v in sorted(found.items())},
        })
    return rows


def suppressed_rows(report: dict[str, Any]) -> int:
    return sum(_int(k.get("rows_suppressed")) for k in report.get("k_anonymity") or []
               if isinstance(k, dict))


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
