"""What the pages need from the app: a session key, Flask-Babel, the visitor's language and
whether the visitor is a steward. Attached when the pages blueprint is registered."""

from __future__ import annotations

import secrets
from typing import Any

from flask import Flask, current_app, g, has_request_context, request, session
from flask_login import LoginManager, UserMixin, current_user
from flask_wtf.csrf import CSRFProtect

from publisher.i18n import DEFAULT, HTML_LANG, LANGUAGES, TRANSLATIONS, normalise
from publisher.web import tokens
from publisher.web.services import services_of

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


class SignedIn(UserMixin):  # type: ignore[misc]
    """A signed-in steward as Flask-Login sees them: the id is the server-side session id."""

    def __init__(self, session_id: str, name: str) -> None:
        self.id, self.name = session_id, name


def _load_session(session_id: str) -> SignedIn | None:
    name = tokens.session_steward(services_of(current_app), session_id)
    return SignedIn(session_id, name) if name else None


def init_app(app: Any) -> None:
    """Give the app a session key, Flask-Login, CSRF protection for the pages' forms and
    Flask-Babel (unless it has them already)."""
    if not app.secret_key:
        app.secret_key = _secret_key(app)
    if getattr(app, "login_manager", None) is None:
        manager = LoginManager(app)
        manager.user_loader(_load_session)
        manager.session_protection = "strong"
    if "csrf" not in app.extensions:
        # Only the pages' forms are checked: the APIs take bearer tokens, never cookies.
        app.config["WTF_CSRF_CHECK_DEFAULT"] = False
        app.config["WTF_CSRF_TIME_LIMIT"] = None
        CSRFProtect(app)
    if "babel" not in app.extensions:
        from flask_babel import Babel

        Babel(app, locale_selector=visitor_lang, default_locale=DEFAULT,
              default_translation_directories=str(TRANSLATIONS))


def remember_lang() -> None:
    """Keep an explicit ``?lang=`` choice in the session cookie."""
    asked = request.args.get("lang")
    if asked and normalise(asked) in LANGUAGES:
        session["lang"] = normalise(asked)


def protect_forms() -> None:
    """Every form post of the pages carries the CSRF token of this visitor's session."""
    if request.method == "POST":
        csrf: CSRFProtect = current_app.extensions["csrf"]
        csrf.protect()


def steward() -> str | None:
    """The steward's name (steward token in the Authorization header, or a signed-in
    session), else None."""
    if "pages_steward" not in g:
        header = request.headers.get("Authorization")
        if header:
            g.pages_steward = tokens.verify_steward(services_of(current_app), header)
        else:
            user = current_user
            g.pages_steward = user.name if user.is_authenticated else None
    name: str | None = g.pages_steward
    return name


def template_globals() -> dict[str, Any]:
    lang = visitor_lang()
    return {"lang": lang, "html_lang": HTML_LANG[lang], "steward": steward(),
            "other_lang": "en" if lang == "zh" else "zh"}
