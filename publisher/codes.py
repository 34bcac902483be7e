"""Stable finding codes: kebab-case, with a title, a description and zh/en message templates.

Every stage declares its codes with :func:`define`; tests, the API and users select findings by
code, never by message text. ``docs/error-codes.md`` is generated from this registry.
Templates use ``str.format`` placeholders filled from a finding's params: they name datasets,
keys, fields and rules, never a raw value of a personal field. A param ``x`` beside an ``x_code``
(and ``x_params``) is itself a coded text: it is rendered in the same language, so a reason a
reader gave in code form reads in Chinese inside a Chinese message.

Faults and refusals outside findings (a settings mistake, a busy run, an unreadable backup)
raise :class:`CodedError` or carry ``code`` and ``params`` the same way; the CLI renders them in
the language asked (:func:`describe`), and ``str(exc)`` stays the English text for logs.
"""

from __future__ import annotations

from dataclasses import dataclass

LANGS = ("zh", "en")


@dataclass(frozen=True)
class Code:
    code: str
    stage: str
    title: dict[str, str]
    description: str
    message: dict[str, str]

    def render(self, lang: str, params: dict[str, object]) -> str:
        template = self.message.get(lang) or self.message["en"]
        try:
            return template.format(**nested(lang, params))
        except (KeyError, IndexError):  # a template must never turn a finding into a crash
            return f"{self.title.get(lang, self.code)} {params}"


REGISTRY: dict[str, Code] = {}


def nested(lang: str, params: dict[str, object]) -> dict[str, object]:
    """``params`` with each ``x`` that has an ``x_code`` rendered from that code in ``lang``."""
    out = dict(params)
    for key, value in params.items():
        if key.endswith("_code") and isinstance(value, str) and value in REGISTRY:
            inner = params.get(key[:-5] + "_params")
            out[key[:-5]] = REGISTRY[value].render(lang, inner if isinstance(inner, dict)
                                                   else {})
    return out


def text(lang: str, code: str, **params: object) -> str:
    """The message of ``code`` in ``lang``; params as the template names them."""
    return get(code).render(lang, params)


class CodedError(Exception):
    """A fault or a refusal with a stable code; ``str()`` is its English message."""

    def __init__(self, code: str, **params: object) -> None:
        self.code, self.params = code, params
        super().__init__(get(code).render("en", params))

    def message(self, lang: str) -> str:
        """The message in ``lang`` (zh or en)."""
        return get(self.code).render(lang, self.params)


def describe(exc: BaseException, lang: str) -> str:
    """An exception for a person: ``[code] message`` in ``lang`` when it carries a code and
    either a ``message(lang)`` method or the params of a declared code, else its own text."""
    code, params = getattr(exc, "code", None), getattr(exc, "params", None)
    message = getattr(exc, "message", None)
    if isinstance(code, str) and callable(message):
        return f"[{code}] {message(lang)}"
    if isinstance(code, str) and code in REGISTRY and isinstance(params, dict):
        return f"[{code}] {REGISTRY[code].render(lang, params)}"
    return str(exc)


def define(
    code: str,
    *,
    stage: str,
    title: tuple[str, str],
    description: str,
    message: tuple[str, str],
) -> Code:
    """Declare a code; titles and messages are given as (zh, en)."""
    existing = REGISTRY.get(code)
    entry = Code(
        code=code,
        stage=stage,
        title={"zh": title[0], "en": title[1]},
        description=description,
        message={"zh": message[0], "en": message[1]},
    )
    if existing is not None and existing != entry:
        raise ValueError(f"finding code {code!r} is declared twice with different texts")
    REGISTRY[code] = entry
    return entry


def get(code: str) -> Code:
    return REGISTRY[code]


#: Modules that declare codes; imported by :func:`all_codes` so the registry is complete.
MODULES = [
    "publisher.load",
    "publisher.check",
    "publisher.outcomes",
    "publisher.deid.stage",
    "publisher.validate",
    "publisher.harvest_in",
    "publisher.requests.errors",
    "publisher.requests.mail",
    "publisher.run",
    "publisher.runlock",
    "publisher.state.holds",
    "publisher.backup",
    "publisher.settings",
    "publisher.vocabulary",
    "publisher.readers",
    "publisher.resources.encoding",
    "publisher.resources.dialect",
    "publisher.deadlines",
    "publisher.report.narrative",
    "publisher.report.proactive",
    "publisher.retry",
]


def all_codes() -> dict[str, Code]:
    """Every declared code, after importing each declaring module."""
    import importlib

    for module in MODULES:
        importlib.import_module(module)
    return dict(sorted(REGISTRY.items()))
