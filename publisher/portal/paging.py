"""``_links`` of datastore_search: the URLs of the first and the next page, as CKAN gave them.

CKAN builds them from the request URL (a path with its query string, relative to the site):
``start`` drops ``offset``, ``next`` sets it to offset + limit. A POSTed search has no query
string, so its parameters go into the links instead: following ``next`` with GET works either way.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from flask import has_request_context, request


def _arguments(data: dict[str, Any]) -> dict[str, str]:
    if request.method == "GET":
        return {k: v for k, v in request.args.items()}
    return {k: v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
            for k, v in data.items() if v is not None}


def links(data: dict[str, Any], limit: int, offset: int) -> dict[str, str]:
    """``{"start": …, "next": …}`` for this request (empty outside a request)."""
    if not has_request_context():
        return {}
    args = _arguments(data)
    start = {k: v for k, v in args.items() if k != "offset"}
    following = {**args, "offset": str(offset + limit)}
    return {"start": f"{request.path}?{urlencode(start)}",
            "next": f"{request.path}?{urlencode(following)}"}
