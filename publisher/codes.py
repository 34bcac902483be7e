"""Stable finding codes: kebab-case, with a title, a description and zh/en message templates.

Every stage declares its codes with :func:`define`; tests, the API and users select findings by
code, never by message text. ``docs/error-codes.md`` is generated from this registry.
Templates use ``str.format`` placeholders filled from a finding's params: they name datasets,
keys, fields and rules, never a raw value of a personal field.
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
            return template.format(**params)
        except (KeyError, IndexError):  # a template must never turn a finding into a crash
            return f"{self.title.get(lang, self.code)} {params}"


REGISTRY: dict[str, Code] = {}


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
]


def all_codes() -> dict[str, Code]:
    """Every declared code, after importing each declaring module."""
    import importlib

    for module in MODULES:
        importlib.import_module(module)
    return dict(sorted(REGISTRY.items()))
