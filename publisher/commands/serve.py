"""``publisher serve``: run the web service on waitress, a production WSGI server.

waitress (not werkzeug's development server): pure Python with no C build, one process with a
pool of threads. One process suits this service: the state database may be SQLite (one writer
at a time, WAL), and POST /api/v1/runs runs publishing in a thread of the serving process, which
a pre-forking server such as gunicorn would kill when it recycles a worker. See
docs/operations.md.
"""

from __future__ import annotations

import click

from publisher.commands import LANG, Command, lang_of, say
from publisher.services import Services


@click.command("serve", cls=Command)
@click.option("--host", default=None, help="Address to listen on (default: setting host).")
@click.option("--port", type=int, default=None, help="Port (default: setting port).")
@click.option("--threads", type=click.IntRange(min=1), default=None,
              help="Worker threads (default: setting serve_threads).")
@LANG
@click.pass_obj
def command(services: Services, host: str | None, port: int | None,
            threads: int | None, lang: str | None = None) -> None:
    """Serve the status API, the embedded portal, feeds and pages until interrupted."""
    import importlib

    serve = importlib.import_module("waitress").serve  # waitress ships no type hints

    from publisher.app import create_app
    from publisher.web.security import SERVER

    app = create_app(services=services)
    host = host or services.settings.host
    port = port or services.settings.port
    threads = threads or services.settings.serve_threads
    url = f"http://{host}:{port}/"
    say(lang_of(services, lang), "serving on %(url)s with %(threads)s threads (Ctrl+C to stop)",
        url=url, threads=threads)
    serve(app, host=host, port=port, threads=threads,
          connection_limit=services.settings.serve_connection_limit,
          ident=SERVER, _quiet=True)
