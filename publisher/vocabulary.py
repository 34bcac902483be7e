"""The bureau's vocabulary: departments, catalogue columns and five-openness classes.

It is configuration, read from a YAML file seeded from the bureau's plan, never code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from publisher import codes

codes.define(
    "vocabulary-list-missing", stage="vocabulary", title=("词表缺少列表", "List missing"),
    description="A list of the bureau's vocabulary (departments, columns, openness) is missing "
                "or empty.",
    message=("{path}：'{key}' 须为非空列表", "{path}: '{key}' must be a non-empty list"),
)
codes.define(
    "vocabulary-entry-unnamed", stage="vocabulary", title=("词表条目无名称", "Entry unnamed"),
    description="An entry of a vocabulary list has no name.",
    message=("{path}：'{key}' 的每一项都须有名称", "{path}: every entry of '{key}' needs a name"),
)
codes.define(
    "vocabulary-file-missing", stage="vocabulary", title=("词表文件不存在", "File missing"),
    description="The vocabulary file (bureau.yaml) is not found.",
    message=("{path}：找不到词表文件", "{path}: vocabulary file not found"),
)
codes.define(
    "vocabulary-file-invalid", stage="vocabulary", title=("词表文件不合法", "File invalid"),
    description="The vocabulary file is not valid YAML, or not a mapping at its top level.",
    message=("{path}：不是合法的 YAML 映射（{reason}）",
             "{path}: not a valid YAML mapping ({reason})"),
)


class VocabularyError(codes.CodedError, ValueError):
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
        raise VocabularyError("vocabulary-list-missing", path=str(path), key=key)
    out: dict[str, Term] = {}
    for item in items:
        if isinstance(item, str):
            item = {"name": item, "en": item}
        if not isinstance(item, dict) or not item.get("name"):
            raise VocabularyError("vocabulary-entry-unnamed", path=str(path), key=key)
        out[str(item["name"])] = Term(
            str(item["name"]), str(item.get("en", item["name"])), bool(item.get("policy", False))
        )
    return out


def load_vocabulary(path: Path) -> Vocabulary:
    """Read the vocabulary file; raise :class:`VocabularyError` naming the file when it is bad."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise VocabularyError("vocabulary-file-missing", path=str(path)) from None
    except yaml.YAMLError as exc:
        raise VocabularyError("vocabulary-file-invalid", path=str(path),
                              reason=str(exc)) from None
    if not isinstance(data, dict):
        raise VocabularyError("vocabulary-file-invalid", path=str(path),
                              reason="top level is not a mapping")
    return Vocabulary(
        bureau=dict(data.get("bureau") or {}),
        departments=_terms(data, "departments", path),
        catalogue_columns=_terms(data, "catalogue_columns", path),
        openness=_terms(data, "openness", path),
    )
