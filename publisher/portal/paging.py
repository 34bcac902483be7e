"""``_links`` of datastore_search: the URLs of the first and the next page, as CKAN gave them.

CKAN builds them from the request URL (a path with its query string, relative to the site):
``start`` drops ``offset``, ``next`` sets it to offset + limit. A POSTed search has no query
string, so its parameters go into the links instead: following ``next`` with GET works either way.

Keyset paging (beyond CKAN): when the rows are sorted by ``_id`` (the default) or by a
one-column primary key, ``next`` also carries ``cursor``, the sort value of the page's last row.
A search with ``cursor`` starts after that value through the index instead of skipping
``offset`` rows, so page 10,000 costs what page 1 does; ``offset`` is still set in the link and
reported, and without ``cursor`` it works as in CKAN.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from flask import has_request_context, request
from sqlalchemy import Column, Table, select
from sqlalchemy.orm import Session

from publisher.portal.dstables import convert_value
from publisher.portal.errors import ValidationError


def keyset_order(session: Session, table: Table, order: list[Any],
                 primary_key: list[str]) -> tuple[Column[Any], bool] | None:
    """(column, descending) when ``order`` is by one unique, never-NULL column; else None.

    ``_id`` always is; a one-column primary key is unique, and qualifies while it holds no NULL
    (a NULL sorts outside any range, so a cursor would skip it).
    """
    if len(order) != 1:
        return None
    column = getattr(order[0], "element", order[0])
    descending = getattr(getattr(order[0], "modifier", None), "__name__", "") == "desc_op"
    if not isinstance(column, Column) or column.table is not table:
        return None
    if column.name == "_id":
        return column, descending
    if primary_key != [column.name]:
        return None
    if session.execute(select(column).where(column.is_(None)).limit(1)).first() is not None:
        return None
    return column, descending


def parse_cursor(raw: Any, keyset: tuple[Column[Any], bool] | None,
                 types: dict[str, str]) -> Any:
    """The ``cursor`` argument as the sort column stores it (None when not given)."""
    if raw in (None, ""):
        return None
    if keyset is None:
        raise ValidationError({"cursor": ["cursor needs a sort by _id or by a one-column "
                                          "primary key"]})
    column = keyset[0]
    if isinstance(raw, str) and column.name != "_id" and types[column.name] != "text":
        try:
            raw = json.loads(raw)
        except ValueError:
            pass
    kind = "int" if column.name == "_id" else types[column.name]
    value = convert_value(kind, raw, "cursor")
    if value is None:
        raise ValidationError({"cursor": ["Missing value"]})
    return value


def _arguments(data: dict[str, Any]) -> dict[str, str]:
    if request.method == "GET":
        return {k: v for k, v in request.args.items()}
    return {k: v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
            for k, v in data.items() if v is not None}


def links(data: dict[str, Any], limit: int, offset: int,
          cursor: Any = None) -> dict[str, str]:
    """``{"start": …, "next": …}`` for this request (empty outside a request).

    ``cursor``: the sort value of the page's last row, when the sort allows keyset paging.
    """
    if not has_request_context():
        return {}
    args = _arguments(data)
    start = {k: v for k, v in args.items() if k not in ("offset", "cursor")}
    following = {**{k: v for k, v in args.items() if k != "cursor"},
                 "offset": str(offset + limit)}
    if cursor is not None:
        following["cursor"] = cursor if isinstance(cursor, str) else json.dumps(cursor)
    return {"start": f"{request.path}?{urlencode(start)}",
            "next": f"{request.path}?{urlencode(following)}"}
