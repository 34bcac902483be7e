"""Pagination (``page``, ``per_page``, total and links) and ETags for the API's lists."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from flask import Response, jsonify, request, url_for


def page_of(items: list[Any], page: int, per_page: int, endpoint: str,
            **args: Any) -> dict[str, Any]:
    """The slice for ``page`` with the total and links to first, last, previous and next."""
    total = len(items)
    last = max(1, -(-total // per_page))

    def link(number: int) -> str:
        return url_for(endpoint, page=number, per_page=per_page, **args)

    return {
        "items": items[(page - 1) * per_page: page * per_page],
        "page": page, "per_page": per_page, "total": total,
        "links": {"self": link(page), "first": link(1), "last": link(last),
                  "next": link(page + 1) if page < last else None,
                  "prev": link(min(page - 1, last)) if page > 1 else None},
    }


def etag_of(body: Any) -> str:
    """A strong validator of the body (unquoted)."""
    raw = json.dumps(body, sort_keys=True, default=str, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(raw).hexdigest()[:32]


def conditional(body: dict[str, Any]) -> Response:
    """A JSON response with an ETag; 304 without a body when If-None-Match matches it."""
    response = jsonify(body)
    response.set_etag(etag_of(body))
    # Stewards see more than anonymous readers: caches must key on the token too.
    response.vary.add("Authorization")
    links = body.get("links") or {}
    parts = [f'<{links[rel]}>; rel="{rel}"' for rel in ("next", "prev", "first", "last")
             if links.get(rel)]
    if parts:
        response.headers["Link"] = ", ".join(parts)
    response.make_conditional(request)
    return response
