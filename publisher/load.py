"""Stage ``load``: read ``datasets/<name>/datapackage.yaml`` into a :class:`Dataset`.

Loading is forgiving on purpose: it returns what it could read plus findings, so that
``publisher check`` can name every problem at once instead of stopping at the first.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from publisher import codes
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
    rname = str(raw.get("name", ""))
    path = str(raw.get("path", ""))
    if not _safe_relative(path):
        findings.append(Finding("resource-path-invalid", dataset=name, resource=rname,
                                key="resources.path"))
    schema_ref = raw.get("schema", "")
    schema: dict[str, Any] | None = None
    if isinstance(schema_ref, dict):  # an inline schema is allowed too
        schema, schema_ref = schema_ref, "<inline>"
    elif schema_ref:
        schema, problem = read_schema(schemas_dir, str(schema_ref))
        if problem == "missing":
            findings.append(Finding("schema-missing", dataset=name, resource=rname,
                                    key="resources.schema", params={"schema": schema_ref}))
        elif problem:
            findings.append(Finding("schema-invalid", dataset=name, resource=rname,
                                    key="resources.schema",
                                    params={"schema": schema_ref, "reason": problem}))
    fmt = str(raw.get("format") or PurePosixPath(path).suffix.lstrip(".") or "csv").lower()
    if fmt == "txt":  # GTFS files are CSV named .txt
        fmt = "csv"
    return Resource(
        name=rname,
        path=folder / path,
        format=fmt,
        schema_ref=str(schema_ref),
        schema=schema,
        encoding=raw.get("encoding"),
        sheet=raw.get("sheet"),
        title=str(raw.get("title", "")),
        descriptor=raw,
    )


def _list(value: Any) -> list[Any]:
    """A YAML value expected to be a list: a lone scalar counts as one item, null as none."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


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
    findings: list[Finding] = []
    disclosure = _mapping(raw.get("disclosure"))
    catalogue = _mapping(raw.get("catalogue"))
    resources = tuple(
        _resource(name, folder, schemas_dir, r, findings)
        for r in _list(raw.get("resources"))
        if isinstance(r, dict)
    )
    licenses = [x for x in _list(raw.get("licenses")) if isinstance(x, dict)]
    dataset = Dataset(
        name=str(raw.get("name") or name),
        folder=folder,
        title=str(raw.get("title", "")),
        description=str(raw.get("description", "")),
        disclosure=Disclosure(
            attribute=str(disclosure.get("attribute", "") or ""),
            basis=str(disclosure.get("basis", "") or ""),
            reason=str(disclosure.get("reason", "") or ""),
            exemption=str(disclosure.get("exemption", "") or ""),
        ),
        department=str(raw.get("department", "") or ""),
        catalogue_column=str(catalogue.get("column", "") or ""),
        openness=str(catalogue.get("openness", "") or ""),
        update_frequency=str(raw.get("update_frequency", "") or ""),
        review=str(raw.get("review", "required") or "required"),
        resources=resources,
        interpretation=str(raw.get("interpretation", "") or ""),
        policy_document=bool(raw.get("policy_document", False)),
        keywords=tuple(str(k) for k in _list(raw.get("keywords"))),
        license=str(licenses[0].get("name") or "CC-BY-4.0") if licenses else "CC-BY-4.0",
        translations={str(k): dict(v) for k, v in _mapping(raw.get("translations")).items()
                      if isinstance(v, dict)},
        descriptor=raw,
    )
    return Loaded(name, dataset, findings)
