"""help_show: the description of an action, where every response's ``help`` link points.

CKAN answers with the action function's docstring; so does this portal, from the docstring of
the registered action or, for actions whose code has none, from the short texts below.
"""

from __future__ import annotations

import inspect
from typing import Any

from publisher.portal.context import ACTIONS, Context, action
from publisher.portal.errors import NotFound, missing

SUMMARIES = {
    "datastore_search": (
        "Search a DataStore table.\n\n:param resource_id: id of the resource to search\n"
        ":param filters: matching conditions, {field: value}\n:param q: full text query\n"
        ":param limit: maximum number of rows (default 100)\n:param offset: rows to skip\n"
        ":param fields: fields to return\n:param sort: 'field asc|desc', comma separated\n\n"
        "The result has fields, records, total and _links: start and next, the URLs of the "
        "first and the following page."),
    "datastore_search_sql": (
        "Run one read-only SQL SELECT over DataStore tables.\n\n:param sql: a single SELECT; "
        'tables are named by their resource id in double quotes, e.g. SELECT * FROM "<id>"\n\n'
        "Only the tables of public resources are readable; functions are limited to an "
        "allow-list; the statement has a time limit. The result has sql, fields and records "
        "(records_truncated when more rows matched than the portal returns)."),
    "help_show": "Return the help string of an action.\n\n:param name: the action's name",
}


def describe(name: str) -> str | None:
    """The help text of action ``name``, or None when there is no such action."""
    func = ACTIONS.get(name)
    if func is None:
        return None
    doc = SUMMARIES.get(name) or inspect.getdoc(func)
    return doc or f"The CKAN action {name}: see the CKAN Action API reference."


@action
def help_show(ctx: Context, data: dict[str, Any]) -> str:
    name = data.get("name")
    if not name:
        raise missing("name")
    text = describe(str(name))
    if text is None:
        raise NotFound(f"Action name not known: {name}")
    return text
