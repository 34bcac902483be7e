"""An HTTP proxy on 127.0.0.1 that fails a share of requests, for the sync fault tests.

Faults, drawn with a seeded random per request:
- ``refuse``: answer 503 without forwarding;
- ``lost``: forward, let the portal act, then drop the connection without an answer;
- ``error-after``: forward, then answer 500 with an HTML body (the portal did act);
- ``stall-upload``: read part of the request body, then stall until the client gives up;
- ``slow``: forward, then hold the answer past the client's timeout.
"""

from __future__ import annotations

import http.client
import random
import socket
import socketserver
import threading
import time
from collections import Counter
from urllib.parse import urlsplit

FAULTS = ("refuse", "lost", "error-after", "stall-upload", "slow")


class FaultProxy:
    def __init__(self, target: str, rate: float, seed: int = 7, stall: float = 1.5,
                 faults: tuple[str, ...] = FAULTS, actions: tuple[str, ...] = ()) -> None:
        parts = urlsplit(target)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.rate, self.stall, self.faults = rate, stall, faults
        self.actions = actions  # only these actions get faults; empty: every API call
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.injected: Counter[str] = Counter()
        self.enabled = True
        proxy = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                proxy._handle(self)

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FaultProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _choose(self, path: str) -> str:
        with self.lock:
            if not self.enabled or not path.startswith("/api/") or self.random.random() >= \
                    self.rate:
                return ""
            if self.actions and path.rsplit("/", 1)[-1].split("?")[0] not in self.actions:
                return ""
            fault = self.random.choice(self.faults)
            self.injected[fault] += 1
            return fault

    def _handle(self, h: socketserver.StreamRequestHandler) -> None:
        line = h.rfile.readline(65537).decode("latin-1").rstrip("\r\n")
        if not line:
            return
        method, path, _ = line.split(" ", 2)
        headers: list[tuple[str, str]] = []
        while True:
            raw = h.rfile.readline(65537).decode("latin-1").rstrip("\r\n")
            if not raw:
                break
            name, value = raw.split(":", 1)
            headers.append((name.strip(), value.strip()))
        length = int(next((v for k, v in headers if k.lower() == "content-length"), "0"))
        fault = self._choose(path)
        if fault == "stall-upload":
            h.rfile.read(length // 2)
            time.sleep(self.stall)
            return
        body = h.rfile.read(length) if length else b""
        if fault == "refuse":
            self._reply(h, 503, b"<html>Service Unavailable</html>", "text/html")
            return
        status, reply, ctype = self._forward(method, path, headers, body)
        if fault == "lost":
            h.connection.shutdown(socket.SHUT_RDWR)
            return
        if fault == "error-after":
            self._reply(h, 500, b"<html>Internal Server Error</html>", "text/html")
            return
        if fault == "slow":
            time.sleep(self.stall)
        self._reply(h, status, reply, ctype)

    def _forward(self, method: str, path: str, headers: list[tuple[str, str]],
                 body: bytes) -> tuple[int, bytes, str]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            skip = {"host", "connection", "content-length", "transfer-encoding"}
            conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            conn.putheader("Host", f"{self.host}:{self.port}")
            for name, value in headers:
                if name.lower() not in skip:
                    conn.putheader(name, value)
            conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body)
            response = conn.getresponse()
            return response.status, response.read(), response.getheader("Content-Type", "")
        finally:
            conn.close()

    @staticmethod
    def _reply(h: socketserver.StreamRequestHandler, status: int, body: bytes,
               ctype: str) -> None:
        head = (f"HTTP/1.1 {status} X\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}"
                "\r\nConnection: close\r\n\r\n")
        try:
            h.wfile.write(head.encode("latin-1") + body)
        except OSError:
            pass


class CountingClient:
    """Wraps a ckanapi client and counts the actions it sends, writes apart."""

    READS = frozenset({"package_show", "package_list", "package_search", "organization_show",
                       "organization_list", "resource_show", "datastore_search", "status_show",
                       "site_read", "current_package_list_with_resources", "release_show"})

    def __init__(self, client: object) -> None:
        self.client = client
        self.calls: Counter[str] = Counter()
        self.retry_policy = getattr(client, "retry_policy", None)

    @property
    def writes(self) -> int:
        return sum(n for action, n in self.calls.items() if action not in self.READS)

    def call_action(self, action: str, *args: object, **kwargs: object) -> object:
        self.calls[action] += 1
        return self.client.call_action(action, *args, **kwargs)  # type: ignore[attr-defined]
