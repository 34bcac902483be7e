"""What the pages need from the app: a session key, Flask-Babel, the visitor's language and
whether the visitor is a steward. Attached when the pages blueprint is registered."""

from __future__ import annotations

import secrets
from typing import Any

from flask import Flask, current_app, g, has_request_context, request, session

from publisher.i18n import DEFAULT, HTML_LANG, LANGUAGES, TRANSLATIONS, normalise
from publisher.web.services import services_of
from publisher.web.tokens import verify_steward

SECRET_FILE = "pages-session.key"


def _secret_key(app: Flask) -> str:
    """A session key kept in the instance folder, so sessions survive a restart."""
    path = services_of(app).settings.instance_path / SECRET_FILE
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def visitor_lang() -> str:
    """``?lang=`` of this request, else the language remembered in the session, else zh."""
    if not has_request_context():
        return DEFAULT
    asked = request.args.get("lang")
    if asked:
        return normalise(asked)
    remembered = session.get("lang") if current_app.secret_key else None
    return normalise(remembered) if isinstance(remembered, str) else DEFAULT


def init_app(app: Any) -> None:
    """Give the app a session key and Flask-Babel (unless it has them already)."""
    if not app.secret_key:
        app.secret_key = _secret_key(app)
    if "babel" not in app.extensions:
        from flask_babel import Babel

        Babel(app, locale_selector=visitor_lang, default_locale=DEFAULT,
              default_translation_directories=str(TRANSLATIONS))


def remember_lang() -> None:
    """Keep an explicit ``?lang=`` choice in the session cookie."""
    asked = request.args.get("lang")
    if asked and normalise(asked) in LANGUAGES:
        session["lang"] = normalise(asked)


def steward() -> str | None:
    """The steward's name (token in the Authorization header or the session), else None."""
    if "pages_steward" not in g:
        services = services_of(current_app)
        token = request.headers.get("Authorization") or session.get("steward_token")
        g.pages_steward = verify_steward(services, token if isinstance(token, str) else None)
    name: str | None = g.pages_steward
    return name


def template_globals() -> dict[str, Any]:
    lang = visitor_lang()
    return {"lang": lang, "html_lang": HTML_LANG[lang], "steward": steward(),
            "other_lang": "en" if lang == "zh" else "zh"}
