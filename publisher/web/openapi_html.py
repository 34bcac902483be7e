"""What the API docs page shows, read from the OpenAPI document: operations, fields, examples.

Pure functions over the document's dict (no Flask), so the page renders on the server with no
script at all. Descriptions are markdown, rendered to HTML by markdown-it with raw HTML off:
a ``<`` in a description is shown, never run.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markupsafe import Markup

METHODS = ("get", "post", "put", "patch", "delete")
REF = "#/components/schemas/"
_md = MarkdownIt("commonmark", {"html": False, "linkify": False})


def markdown(text: str | None) -> Markup:
    """Block markdown as HTML (paragraphs, lists, code); raw HTML in the text is escaped."""
    return Markup(_md.render(text or ""))  # markdown-it escapes: html is off


def markdown_inline(text: str | None) -> Markup:
    """One line of markdown (code spans, emphasis) as HTML, without a paragraph around it."""
    return Markup(_md.renderInline(text or ""))


@dataclass
class Field:
    name: str
    depth: int
    type: str
    ref: str | None
    required: bool
    nullable: bool
    description: Markup
    constraints: str


@dataclass
class Body:
    """A request or response body: its schema (a component's name, or inline), fields, example."""

    schema_name: str | None
    fields: list[Field]
    example: str | None


@dataclass
class Response:
    status: str
    description: Markup
    body: Body | None


@dataclass
class Parameter:
    name: str
    location: str
    type: str
    required: bool
    description: Markup
    constraints: str


@dataclass
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: Markup
    steward: bool
    parameters: list[Parameter] = field(default_factory=list)
    request: Body | None = None
    responses: list[Response] = field(default_factory=list)


def ref_name(schema: dict[str, Any]) -> str | None:
    ref = schema.get("$ref")
    return ref[len(REF):] if isinstance(ref, str) and ref.startswith(REF) else None


def resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    name = ref_name(schema)
    if name is None:
        return schema
    found: dict[str, Any] = spec["components"]["schemas"][name]
    return found


def _unwrap(schema: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """apiflask writes a nullable nested schema as anyOf [ref, nullable object]: the ref, and
    that it may be null."""
    options = schema.get("anyOf")
    if not options:
        return schema, bool(schema.get("nullable"))
    real = [o for o in options if not (o.get("nullable") and o.get("type") == "object"
                                       and "properties" not in o)]
    nullable = len(real) < len(options) or bool(schema.get("nullable"))
    return (real[0] if len(real) == 1 else schema), nullable


def type_of(schema: dict[str, Any]) -> tuple[str, str | None]:
    """A short type label (``string (date)``, ``array of RunOut``) and the schema it links to."""
    schema, _ = _unwrap(schema)
    name = ref_name(schema)
    if name:
        return name, name
    kind = str(schema.get("type", "any"))
    if kind == "array":
        inner, ref = type_of(schema.get("items", {}))
        return f"array of {inner}", ref
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        values = schema["additionalProperties"]
        if values:
            inner, ref = type_of(values)
            return f"map of {inner}", ref
    fmt = schema.get("format")
    return (f"{kind} ({fmt})" if fmt else kind), None


def constraints(schema: dict[str, Any]) -> str:
    words = []
    for key, label in (("default", "default"), ("minimum", "min"), ("maximum", "max"),
                       ("minLength", "min length"), ("maxLength", "max length"),
                       ("minItems", "min items"), ("enum", "one of")):
        if key in schema:
            words.append(f"{label} {json.dumps(schema[key], ensure_ascii=False)}")
    return ", ".join(words)


def fields(spec: dict[str, Any], schema: dict[str, Any], depth: int = 0,
           prefix: str = "") -> list[Field]:
    """The properties of an object schema; inline nested objects are listed beneath, indented,
    while a referenced schema is a link (its own table is in the schemas section)."""
    schema = resolve(spec, schema)
    required = set(schema.get("required", []))
    out: list[Field] = []
    for name, prop in schema.get("properties", {}).items():
        inner, nullable = _unwrap(prop)
        label, ref = type_of(prop)
        description = prop.get("description") or inner.get("description")
        out.append(Field(prefix + name, depth, label, ref, name in required, nullable,
                         markdown_inline(description), constraints(inner)))
        if ref is None and inner.get("type") == "object" and "properties" in inner:
            out += fields(spec, inner, depth + 1, f"{prefix}{name}.")
    return out


def body(spec: dict[str, Any], content: dict[str, Any] | None) -> Body | None:
    media = (content or {}).get("application/json")
    if media is None or "schema" not in media:
        return None
    example = media.get("example")
    shown = None if example is None else json.dumps(example, indent=2, ensure_ascii=False)
    return Body(ref_name(media["schema"]), fields(spec, media["schema"]), shown)


def operations(spec: dict[str, Any]) -> list[Operation]:
    """Every operation of the document, in the order of its paths."""
    out: list[Operation] = []
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            anchor = method + "-" + re.sub(r"[{}]", "", path.strip("/").replace("/", "-"))
            found = Operation(
                method=method, path=path, anchor=anchor, summary=op.get("summary", ""),
                description=markdown(op.get("description")),
                steward=any("StewardToken" in s for s in op.get("security", [])))
            for param in op.get("parameters", []):
                schema = param.get("schema", {})
                found.parameters.append(Parameter(
                    param["name"], param["in"], type_of(schema)[0],
                    bool(param.get("required")),
                    markdown_inline(param.get("description") or schema.get("description")),
                    constraints(schema)))
            if "requestBody" in op:
                found.request = body(spec, op["requestBody"].get("content"))
            for status, response in sorted(op.get("responses", {}).items()):
                found.responses.append(Response(str(status),
                                                markdown_inline(response.get("description")),
                                                body(spec, response.get("content"))))
            out.append(found)
    return out


def components(spec: dict[str, Any]) -> list[tuple[str, list[Field]]]:
    """Every named schema with its fields, by name."""
    schemas = spec.get("components", {}).get("schemas", {})
    return [(name, fields(spec, schemas[name])) for name in sorted(schemas)]
