"""The bureau's vocabulary: departments, catalogue columns and five-openness classes.

It is configuration, read from a YAML file seeded from the bureau's plan, never code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


class VocabularyError(ValueError):
    """The vocabulary file is missing or malformed (a fault of the installation)."""


@dataclass(frozen=True)
class Term:
    name: str
    en: str
    policy: bool = False


@dataclass(frozen=True)
class Vocabulary:
    bureau: dict[str, Any]
    departments: dict[str, Term]
    catalogue_columns: dict[str, Term]
    openness: dict[str, Term]


def _terms(data: dict[str, Any], key: str, path: Path) -> dict[str, Term]:
    items = data.get(key)
    if not isinstance(items, list) or not items:
        raise VocabularyError(f"{path}: '{key}' must be a non-empty list")
    out: dict[str, Term] = {}
    for item in items:
        if isinstance(item, str):
            item = {"name": item, "en": item}
        if not isinstance(item, dict) or not item.get("name"):
            raise VocabularyError(f"{path}: every entry of '{key}' needs a name")
        out[str(item["name"])] = Term(
            str(item["name"]), str(item.get("en", item["name"])), bool(item.get("policy", False))
        )
    return out


def load_vocabulary(path: Path) -> Vocabulary:
    """Read the vocabulary file; raise :class:`VocabularyError` naming the file when it is bad."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise VocabularyError(f"{path}: vocabulary file not found") from None
    except yaml.YAMLError as exc:
        raise VocabularyError(f"{path}: not valid YAML ({exc})") from None
    if not isinstance(data, dict):
        raise VocabularyError(f"{path}: expected a mapping at the top level")
    return Vocabulary(
        bureau=dict(data.get("bureau") or {}),
        departments=_terms(data, "departments", path),
        catalogue_columns=_terms(data, "catalogue_columns", path),
        openness=_terms(data, "openness", path),
    )
