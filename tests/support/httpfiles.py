"""A tiny HTTP server on 127.0.0.1 that serves bytes set by the test, with an ETag and
Last-Modified, answering conditional requests with 304; counts the requests it got."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Served:
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # path → (body, type)
    requests: list[tuple[str, int]] = field(default_factory=list)  # (path, status)
    base: str = ""

    def put(self, path: str, body: bytes, content_type: str = "application/octet-stream") -> str:
        self.files[path] = (body, content_type)
        return self.base + path


@contextmanager
def serve_files() -> Iterator[Served]:
    served = Served()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            # Each request is recorded before it is answered: a client that has its answer
            # always finds it in the list.
            entry = served.files.get(self.path)
            if entry is None:
                served.requests.append((self.path, 404))
                self.send_response(404)
                self.end_headers()
                return
            body, ctype = entry
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                served.requests.append((self.path, 304))
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            served.requests.append((self.path, 200))
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", "Mon, 02 Nov 2026 08:00:00 GMT")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    served.base = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
