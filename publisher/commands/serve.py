"""``publisher serve``: run the web service."""

from __future__ import annotations

import click

from publisher.services import Services


@click.command("serve")
@click.option("--host", default=None, help="Address to listen on (default: setting host).")
@click.option("--port", type=int, default=None, help="Port (default: setting port).")
@click.pass_obj
def command(services: Services, host: str | None, port: int | None) -> None:
    """Serve the status API, the embedded portal, feeds and pages until interrupted."""
    from werkzeug.serving import run_simple

    from publisher.app import create_app
    from publisher.web.security import RequestHandler

    app = create_app(services=services)
    host = host or services.settings.host
    port = port or services.settings.port
    click.echo(f"serving on http://{host}:{port}/  (Ctrl+C to stop)")
    run_simple(host, port, app, threaded=True, use_reloader=False,
               request_handler=RequestHandler)
