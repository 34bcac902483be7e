"""The office's registers on the web: the steward pages of disclosure requests and the
annual report in the catalogue (one call from the app factory)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from publisher.web import pages_annual, pages_requests

    app.register_blueprint(pages_requests.bp)
    app.register_blueprint(pages_annual.bp)
