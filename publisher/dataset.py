"""The plain objects a loaded dataset is made of; stages pass these, never raw YAML."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher.privacy import FieldPolicy, field_policies

ATTRIBUTES = ("proactive", "on_request", "withheld")
ATTRIBUTE_LABELS = {
    "proactive": ("主动公开", "Proactive disclosure"),
    "on_request": ("依申请公开", "Disclosure on request"),
    "withheld": ("不公开", "Withheld"),
}


@dataclass(frozen=True)
class Disclosure:
    attribute: str
    basis: str = ""
    reason: str = ""
    exemption: str = ""


@dataclass(frozen=True)
class Resource:
    """One tabular resource: its file and its Table Schema (``schema`` is None when unusable)."""

    name: str
    path: Path
    format: str
    schema_ref: str
    schema: dict[str, Any] | None
    encoding: str | None = None
    sheet: str | int | None = None  # a name, or a number counted from 1
    title: str = ""
    descriptor: dict[str, Any] = field(default_factory=dict)

    @property
    def policies(self) -> list[FieldPolicy]:
        return field_policies(self.schema or {})


@dataclass(frozen=True)
class Dataset:
    """A dataset as its steward declared it in ``datasets/<name>/datapackage.yaml``."""

    name: str
    folder: Path
    title: str
    description: str
    disclosure: Disclosure
    department: str
    catalogue_column: str
    openness: str
    update_frequency: str
    review: str
    resources: tuple[Resource, ...]
    interpretation: str = ""
    policy_document: bool = False
    keywords: tuple[str, ...] = ()
    license: str = "CC-BY-4.0"
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    descriptor: dict[str, Any] = field(default_factory=dict)

    @property
    def personal_fields(self) -> list[tuple[str, FieldPolicy]]:
        """(resource name, policy) for every field whose category is personal."""
        return [(r.name, p) for r in self.resources for p in r.policies if p.personal]

    def title_in(self, lang: str) -> str:
        if lang == "zh":
            return self.title
        return self.translations.get(lang, {}).get("title") or self.title

    def description_in(self, lang: str) -> str:
        if lang == "zh":
            return self.description
        return self.translations.get(lang, {}).get("description") or self.description
