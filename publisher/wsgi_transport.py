"""A requests transport adapter that answers from a WSGI app in this process, not a socket.

Mounted on the session ckanapi's ``RemoteCKAN`` receives, it lets the publisher talk to the
embedded portal through the very client code that talks to a real CKAN over HTTP. The request
is handed to werkzeug's WSGI test client (which builds a correct environ, multipart bodies
included, and closes the app's response); the answer comes back as a ``requests.Response``.
A file-like body (an upload streamed by ``publisher.multipart``) becomes the app's
``wsgi.input`` as it is: the app reads it in chunks, the body is never joined in memory.

requests-wsgi-adapter does the same, but puts an ``int`` in ``CONTENT_LENGTH``, which
werkzeug 3 rejects (WSGI wants strings).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers
from werkzeug.test import Client, EnvironBuilder
from werkzeug.wrappers import Request


class WSGIAdapter(BaseAdapter):
    """Send every request under the prefix it is mounted at to ``app``."""

    def __init__(self, app: Any) -> None:
        super().__init__()
        self._client = Client(app, use_cookies=False)

    def send(self, request: requests.PreparedRequest, stream: bool = False,
             timeout: None | float | tuple[float, float] | tuple[float, None] = None,
             verify: bool | str = True, cert: None | bytes | str | tuple[Any, Any] = None,
             proxies: Mapping[str, str] | None = None) -> requests.Response:
        url = urlsplit(request.url or "")
        body: Any = request.body
        where: dict[str, Any] = {"path": url.path, "base_url": f"{url.scheme}://{url.netloc}",
                 "query_string": url.query, "method": request.method or "GET",
                 "headers": list(request.headers.items())}
        if body is None:
            body = b""
        elif isinstance(body, str):
            body = body.encode("utf-8")
        if hasattr(body, "read") and hasattr(body, "__len__"):
            answer = self._client.open(_streamed(where, body))
        else:
            if not isinstance(body, bytes):
                body = b"".join(body)  # a generator of unknown length: joined
            answer = self._client.open(**where, data=body)
        try:
            response = requests.Response()
            response.status_code = answer.status_code
            response.reason = answer.status.partition(" ")[2]
            response.headers = CaseInsensitiveDict(dict(answer.headers.items()))
            response._content = answer.get_data()
            response._content_consumed = True  # type: ignore[attr-defined]
            response.encoding = get_encoding_from_headers(response.headers)
            response.url = request.url or ""
            response.request = request
            return response
        finally:
            answer.close()

    def close(self) -> None:
        pass


def _streamed(where: dict[str, Any], body: Any) -> Request:
    """The request with ``body`` (file-like, with a length) as its input stream, unread."""
    # Built over an empty stream (so werkzeug neither encodes a form nor measures the body by
    # seeking), then given the body and its length.
    builder = EnvironBuilder(**where, input_stream=io.BytesIO())
    try:
        environ = builder.get_environ()
    finally:
        builder.close()
    environ["wsgi.input"] = body
    environ["CONTENT_LENGTH"] = str(len(body))
    return Request(environ)
