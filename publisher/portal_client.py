"""The one place that builds a ckanapi client: a real CKAN by URL, or the embedded portal.

With no portal URL configured, the embedded portal of this app is served on a free loopback port
for the duration of the work, so the publisher talks HTTP to it exactly as to a real CKAN.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import ckanapi
from werkzeug.serving import make_server

from publisher import __version__
from publisher.retry import Policy
from publisher.services import Services
from publisher.web.security import RequestHandler

USER_AGENT = f"shanwei-transport-publisher/{__version__}"
SERVICE_TOKEN = "publisher (embedded sync)"


class _Quiet(RequestHandler):
    """The run's own loopback portal: its requests are the run's steps, not access logs."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


def _policy(services: Services) -> Policy:
    return Policy(attempts=services.settings.portal_retries,
                  timeout=float(services.settings.portal_timeout))


@contextmanager
def open_portal(services: Services, url: str | None = None,
                token: str | None = None) -> Iterator[tuple[Any, str]]:
    """Yield (client, portal URL); the embedded portal when no URL is configured."""
    url = url or services.settings.portal_url
    if url:
        client = ckanapi.RemoteCKAN(url.rstrip("/"),
                                    apikey=token or services.settings.portal_token,
                                    user_agent=USER_AGENT)
        client.retry_policy = _policy(services)
        try:
            yield client, url.rstrip("/")
        finally:
            client.close()
        return
    from publisher.app import create_app
    from publisher.portal.auth import create_token, revoke

    app = create_app(services=services)
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    # A token for this run only, revoked when the run ends: no standing credential is left.
    with services.db.session() as session:
        token = create_token(session, SERVICE_TOKEN)
    client = ckanapi.RemoteCKAN(base, apikey=token, user_agent=USER_AGENT)
    client.retry_policy = _policy(services)
    try:
        yield client, services.settings.site_url.rstrip("/")
    finally:
        client.close()
        server.shutdown()
        thread.join(timeout=10)
        with services.db.session() as session:
            revoke(session, SERVICE_TOKEN)
