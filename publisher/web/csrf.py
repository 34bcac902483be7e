"""CSRF protection of the pages' forms (Flask-WTF), attached once whoever asks first.

``init_app`` is idempotent: the request register's pages call it, and so may any other surface
that adds forms. Automatic checking of every POST stays off by default here
(``WTF_CSRF_CHECK_DEFAULT``), because the portal and status APIs authenticate with tokens, not
cookies; forms built on :class:`flask_wtf.FlaskForm` check their token themselves. A surface
that turns the default on must exempt the token-authenticated blueprints.
"""

from __future__ import annotations

from flask import Flask
from flask_wtf.csrf import CSRFProtect


def init_app(app: Flask) -> CSRFProtect:
    """The app's CSRFProtect, created on first use."""
    existing = app.extensions.get("csrf")
    if isinstance(existing, CSRFProtect):
        return existing
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)
    protect = CSRFProtect()
    protect.init_app(app)
    return protect
