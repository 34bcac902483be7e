"""The one place that builds a ckanapi client: a real CKAN by URL, or the embedded portal.

The publisher reaches both the same way, through ckanapi's ``RemoteCKAN``. With no portal URL
configured, the client's requests session carries a WSGI transport instead of sockets: every
call goes to a portal-only Flask app (the portal blueprint over this instance's database), so
nothing listens on a port and no second copy of the service is built.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import ckanapi
import requests
from ckanapi.common import REQUEST_TIMEOUT, prepare_action, reverse_apicontroller_action

from publisher import __version__, plainjson
from publisher.multipart import StreamingSession
from publisher.portal.app import create_portal_app
from publisher.portal.config import PortalConfig
from publisher.portal.searchcache import SearchCache
from publisher.retry import Policy
from publisher.services import Services
from publisher.wsgi_transport import WSGIAdapter

USER_AGENT = f"shanwei-transport-publisher/{__version__}"
#: The address the in-process transport answers on; it never leaves this process.
EMBEDDED_BASE = "http://embedded-portal.invalid"


class Client(ckanapi.RemoteCKAN):  # type: ignore[misc]
    """ckanapi's client, with a JSON body of plain values encoded by orjson (publisher.plainjson):
    the same JSON, as UTF-8, about ten times faster than ``json.dumps`` for a DataStore batch.
    Uploads, GET-only clients and anything not plain take ckanapi's own path."""

    def call_action(self, action: str, data_dict: Any = None, context: Any = None,
                    apikey: str | None = None, files: Any = None,
                    requests_kwargs: dict[str, Any] | None = None) -> Any:
        body = None if files or context or self.get_only or not data_dict else \
            plainjson.dumps(data_dict)
        if body is None:
            return super().call_action(action, data_dict, context, apikey, files,
                                       requests_kwargs)
        url, _, headers = prepare_action(action, None, apikey or self.apikey,
                                         base_url=self.base_url)
        headers["Content-Type"] = "application/json"
        headers["User-Agent"] = self.user_agent
        url = self.address.rstrip("/") + "/" + url
        kwargs = dict(requests_kwargs or {})
        kwargs.setdefault("timeout", REQUEST_TIMEOUT)
        if not self.session:  # type: ignore[has-type]  # closed: ckanapi makes a new one
            self.session = requests.Session()
        status, response = self._request_fn(url, body, headers, None, kwargs)
        return reverse_apicontroller_action(url, status, response)


def run_token_name(run_id: int | None) -> str:
    """A token name of its own per run: one run's end never revokes another's token.

    The prefix is publisher.runlock.TOKEN_PREFIX, which recovery uses to revoke a dead run's.
    """
    from publisher.runlock import TOKEN_PREFIX

    tag = str(run_id) if run_id is not None else f"pid {os.getpid()} {uuid.uuid4().hex[:8]}"
    return f"{TOKEN_PREFIX}{tag} (embedded sync)"


def portal_config(services: Services) -> PortalConfig:
    """The embedded portal's configuration for this instance: its database, uploads, URL."""
    settings = services.settings
    return PortalConfig(session=services.db.session,
                        uploads_dir=settings.instance_path / "uploads",
                        site_url=settings.site_url.rstrip("/"), version=__version__,
                        search_cache=SearchCache(settings.portal_search_cache))


def _policy(services: Services) -> Policy:
    return Policy(attempts=services.settings.portal_retries,
                  timeout=float(services.settings.portal_timeout))


def wsgi_session(app: Any, base: str = EMBEDDED_BASE) -> requests.Session:
    """A requests session whose calls under ``base`` are answered by the WSGI ``app``."""
    session = StreamingSession()
    session.mount(base + "/", WSGIAdapter(app))
    return session


@contextmanager
def open_portal(services: Services, url: str | None = None,
                token: str | None = None, run_id: int | None = None
                ) -> Iterator[tuple[Any, str]]:
    """Yield (client, portal URL); the embedded portal when no URL is configured."""
    url = url or services.settings.portal_url
    if url:
        client = Client(url.rstrip("/"),
                                    apikey=token or services.settings.portal_token,
                                    user_agent=USER_AGENT,
                                    # uploads streamed from disk, never built in memory
                                    session=StreamingSession())
        client.retry_policy = _policy(services)
        try:
            yield client, url.rstrip("/")
        finally:
            client.close()
        return
    from publisher.portal.auth import create_token, revoke

    config = portal_config(services)
    # A token for this run only, revoked when the run ends: no standing credential is left.
    name = run_token_name(run_id)
    with config.session(write=True) as session:
        token = create_token(session, name)
    portal = create_portal_app(config)
    transport = wsgi_session(portal)
    # The portal's links are built from the site URL (never the Host header): the run follows
    # them in-process too.
    if config.site_url:
        transport.mount(config.site_url.rstrip("/") + "/", WSGIAdapter(portal))
    client = Client(EMBEDDED_BASE, apikey=token, user_agent=USER_AGENT,
                                session=transport)
    client.retry_policy = _policy(services)
    try:
        yield client, config.site_url
    finally:
        client.close()
        with config.session(write=True) as session:
            revoke(session, name)
