"""Stage ``load``: read ``datasets/<name>/datapackage.yaml`` into a :class:`Dataset`.

Loading is forgiving on purpose: it returns what it could read plus findings, so that
``publisher check`` can name every problem at once instead of stopping at the first.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from publisher import codes
from publisher.cjk import unfold
from publisher.dataset import Dataset, Disclosure, Resource
from publisher.findings import Finding

DESCRIPTOR = "datapackage.yaml"

codes.define(
    "descriptor-unreadable",
    stage="load",
    title=("描述文件无法读取", "Descriptor unreadable"),
    description="The datapackage.yaml file is missing, is not valid YAML or is not a mapping.",
    message=("数据集 {dataset}：描述文件无法读取（{reason}）",
             "Dataset {dataset}: the descriptor cannot be read ({reason})"),
)
codes.define(
    "descriptor-key-invalid",
    stage="load",
    title=("描述文件字段类型错误", "Descriptor key has the wrong type"),
    description="A descriptor key holds a value of the wrong type (e.g. a list where text is "
                "expected).",
    message=("数据集 {dataset}：{key} 的值应为{expected}",
             "Dataset {dataset}: {key} must be {expected}"),
)
codes.define(
    "schema-missing",
    stage="load",
    title=("表结构文件不存在", "Schema file missing"),
    description="A resource refers to a Table Schema file that does not exist.",
    message=("数据集 {dataset} 资源 {resource}：表结构 {schema} 不存在",
             "Dataset {dataset}, resource {resource}: schema {schema} does not exist"),
)
codes.define(
    "schema-invalid",
    stage="load",
    title=("表结构不合法", "Schema invalid"),
    description="A Table Schema file is not valid JSON or not a valid Frictionless Table Schema.",
    message=("数据集 {dataset} 资源 {resource}：表结构 {schema} 不合法（{reason}）",
             "Dataset {dataset}, resource {resource}: schema {schema} is not valid ({reason})"),
)
codes.define(
    "resource-path-invalid",
    stage="load",
    title=("资源路径不合法", "Resource path invalid"),
    description="A resource path is absent, absolute, a URL or climbs out of the dataset folder.",
    message=("数据集 {dataset} 资源 {resource}：路径必须是数据集目录内的相对路径",
             "Dataset {dataset}, resource {resource}: the path must be relative, inside the "
             "dataset folder"),
)


@dataclass
class Loaded:
    """What :func:`load` could read; ``dataset`` is None only when nothing usable was found."""

    name: str
    dataset: Dataset | None
    findings: list[Finding] = field(default_factory=list)


def plain_yaml(value: Any) -> Any:
    """A descriptor as JSON would hold it: YAML reads unquoted ``2024-01-01`` as a date and
    ``2024-01-01 08:00`` as a datetime, and keys such as ``2024`` or ``yes`` as numbers and
    booleans. Stewards mean the text (the steward's guide's ``temporal`` example), and every
    later stage (JSON, the portal, DCAT) needs text, so dates become ISO text and keys text."""
    if isinstance(value, dict):
        return {_key(k): plain_yaml(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_yaml(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat(sep="T")
    if isinstance(value, date | time):
        return value.isoformat()
    return value


def _key(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return plain_yaml(key) if isinstance(key, date | time) else str(key)


def list_datasets(datasets_dir: Path) -> list[str]:
    """Names of the dataset folders (those holding a descriptor), sorted."""
    if not datasets_dir.is_dir():
        return []
    return sorted(p.parent.name for p in datasets_dir.glob(f"*/{DESCRIPTOR}"))


def _safe_relative(path: str) -> bool:
    if not path or "://" in path:
        return False
    pure = PurePosixPath(path)
    return not pure.is_absolute() and ".." not in pure.parts and "\\" not in path


def read_schema(schemas_dir: Path, ref: str) -> tuple[dict[str, Any] | None, str | None]:
    """Read a Table Schema by its name in the schemas folder: (schema, problem)."""
    if not _safe_relative(ref):
        return None, "missing"
    path = schemas_dir / ref
    if not path.is_file():
        return None, "missing"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return None, f"invalid JSON: {exc}"
    if not isinstance(data, dict):
        return None, "not a JSON object"
    return data, None


def _resource(
    name: str, folder: Path, schemas_dir: Path, raw: dict[str, Any], findings: list[Finding]
) -> Resource:
    rname = str(raw.get("name") or "")
    path: str = raw["path"] if isinstance(raw.get("path"), str) else ""
    if not _safe_relative(path):
        findings.append(Finding("resource-path-invalid", dataset=name, resource=rname,
                                key="resources.path"))
    schema_ref = raw.get("schema", "")
    schema: dict[str, Any] | None = None
    if isinstance(schema_ref, dict):  # an inline schema is allowed too
        schema, schema_ref = schema_ref, "<inline>"
    elif schema_ref and isinstance(schema_ref, str):
        schema, problem = read_schema(schemas_dir, str(schema_ref))
        if problem == "missing":
            findings.append(Finding("schema-missing", dataset=name, resource=rname,
                                    key="resources.schema", params={"schema": schema_ref}))
        elif problem:
            findings.append(Finding("schema-invalid", dataset=name, resource=rname,
                                    key="resources.schema",
                                    params={"schema": schema_ref, "reason": problem}))
    schema_ref = schema_ref if isinstance(schema_ref, str) else ""
    fmt = str(raw.get("format") or PurePosixPath(path).suffix.lstrip(".") or "csv").lower()
    if fmt == "txt":  # GTFS files are CSV named .txt
        fmt = "csv"
    return Resource(
        name=rname,
        path=folder / path,
        format=fmt,
        schema_ref=str(schema_ref),
        schema=schema,
        encoding=raw["encoding"] if isinstance(raw.get("encoding"), str) else None,
        sheet=raw["sheet"] if isinstance(raw.get("sheet"), str | int)
        and not isinstance(raw.get("sheet"), bool) else None,
        title=str(raw.get("title") or ""),
        descriptor=raw,
    )


class _Shape:
    """Typed access to descriptor keys; a value of the wrong type becomes a finding."""

    def __init__(self, dataset: str, findings: list[Finding]) -> None:
        self.dataset = dataset
        self.findings = findings

    def _wrong(self, key: str, expected: str) -> None:
        self.findings.append(Finding("descriptor-key-invalid", dataset=self.dataset, key=key,
                                     params={"expected": expected}))

    def text(self, raw: dict[str, Any], key: str, prefix: str = "") -> str:
        value = raw.get(key)
        if value is None:
            return ""
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return str(value)
        self._wrong(prefix + key, "text")
        return ""

    def mapping(self, raw: dict[str, Any], key: str) -> dict[str, Any]:
        value = raw.get(key)
        if value is None:
            return {}
        if isinstance(value, dict):
            return value
        self._wrong(key, "mapping")
        return {}

    def sequence(self, raw: dict[str, Any], key: str) -> list[Any]:
        value = raw.get(key)
        if value is None:
            return []
        if isinstance(value, list):
            return value
        self._wrong(key, "list")
        return []

    def is_mapping(self, value: Any, key: str) -> bool:
        if isinstance(value, dict):
            return True
        self._wrong(key, "mapping")
        return False


def load(datasets_dir: Path, name: str, schemas_dir: Path) -> Loaded:
    """Read one dataset's descriptor and its schemas; never raises for a steward's mistake."""
    folder = datasets_dir / name
    path = folder / DESCRIPTOR
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Loaded(name, None, [Finding("descriptor-unreadable", dataset=name,
                                           params={"reason": f"{DESCRIPTOR} not found"})])
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return Loaded(name, None, [Finding("descriptor-unreadable", dataset=name,
                                           params={"reason": reason})])
    if not isinstance(raw, dict):
        return Loaded(name, None, [Finding("descriptor-unreadable", dataset=name,
                                           params={"reason": "not a mapping"})])
    raw = plain_yaml(raw)
    findings: list[Finding] = []
    shape = _Shape(name, findings)
    disclosure = shape.mapping(raw, "disclosure")
    catalogue = shape.mapping(raw, "catalogue")
    resources = tuple(
        _resource(name, folder, schemas_dir, r, findings)
        for r in shape.sequence(raw, "resources")
        if shape.is_mapping(r, "resources[]")
    )
    licenses = [x for x in shape.sequence(raw, "licenses") if isinstance(x, dict)]
    translations = {
        str(lang): {str(k): unfold(str(v)) for k, v in texts.items()}
        for lang, texts in shape.mapping(raw, "translations").items()
        if shape.is_mapping(texts, f"translations.{lang}")
    }
    dataset = Dataset(
        name=shape.text(raw, "name") or name,
        folder=folder,
        title=unfold(shape.text(raw, "title")),
        description=unfold(shape.text(raw, "description")),
        disclosure=Disclosure(
            attribute=shape.text(disclosure, "attribute", "disclosure."),
            basis=shape.text(disclosure, "basis", "disclosure."),
            reason=shape.text(disclosure, "reason", "disclosure."),
            exemption=shape.text(disclosure, "exemption", "disclosure."),
        ),
        department=shape.text(raw, "department"),
        catalogue_column=shape.text(catalogue, "column", "catalogue."),
        openness=shape.text(catalogue, "openness", "catalogue."),
        update_frequency=shape.text(raw, "update_frequency"),
        review=shape.text(raw, "review") or "required",
        resources=resources,
        interpretation=shape.text(raw, "interpretation"),
        policy_document=raw.get("policy_document") is True,
        keywords=tuple(str(k) for k in shape.sequence(raw, "keywords")),
        license=str(licenses[0].get("name") or "CC-BY-4.0") if licenses else "CC-BY-4.0",
        translations=translations,
        descriptor=raw,
    )
    return Loaded(name, dataset, findings)
