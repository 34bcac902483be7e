"""Values in a schema's declared forms, written in the Table Schema defaults.

One owner for reading a steward's declared forms as typed text: ``2024/2/5`` under
``"format": "%Y/%m/%d"`` is ``2024-02-05``, ``1 234,5`` under ``groupChar`` / ``decimalChar``
is ``1234.5``, ``是`` under ``trueValues`` is ``true``, a declared missing value is empty. The
DataStore load (:mod:`publisher.portal_map`) converts every release's cells with
:func:`converter`; a release whose schema opts in (``"publisher:normalize": true`` on the
schema, overridable per field) is written in that form, with its schema rewritten to the
defaults (:func:`released_schema`), so the release validates against its own schema. The
validator's own fixes the schema opts into (``"normalize": ["whitespace", "fullwidth-digits"]``)
are applied first, so a cell is converted as it was validated.

Each converter mirrors frictionless's value reader for the same declaration (the validator's
verdict is frictionless's): a cell it accepted reads back to the same typed value in the
canonical form. Fields a de-identification action rewrites (anything but ``keep``) are left as
they are: their released text is no longer in the declared format.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd

#: The schema (or field) property a steward sets to have the release written normalised.
OPT_IN = "publisher:normalize"
#: The manifest's record, on a resource, of what normalisation changed (and from which file).
RECORD = "publisher:normalized"
#: Bump when a converter writes a different text for the same cell: the release fingerprint
#: of an opted-in dataset carries it.
VERSION = 1

DEFAULT_TRUE = ("true", "True", "TRUE", "1")
DEFAULT_FALSE = ("false", "False", "FALSE", "0")
DEFAULT_MISSING = [""]
# frictionless's bareNumber=false rule: what precedes the number and what follows its digits.
_NOT_BARE = re.compile(r"((^[^-\d]*)|(\D*$))")
#: Field properties that describe the steward's form of a value, by type.
_FORM_KEYS = {"number": ("groupChar", "decimalChar", "bareNumber"),
              "integer": ("groupChar", "bareNumber"),
              "boolean": ("trueValues", "falseValues"),
              "date": ("format",), "datetime": ("format",), "time": ("format",)}
_VALUE_CONSTRAINTS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum")

Converter = Callable[[str], "str | None"]


def pattern_of(fld: dict[str, Any]) -> str | None:
    """The strptime pattern a date/datetime/time field declares (None: default or ``any``)."""
    fmt = str(fld.get("format") or "default").removeprefix("fmt:")
    return fmt if "%" in fmt else None


def _number(fld: dict[str, Any]) -> Converter | None:
    integer = fld.get("type") == "integer"
    declared = set(_FORM_KEYS["integer" if integer else "number"]) & set(fld)
    if not declared:
        return None
    group = str(fld.get("groupChar", ""))
    point = "." if integer else str(fld.get("decimalChar", "."))
    bare = fld.get("bareNumber", True) is not False

    def number(v: str) -> str | None:
        text = v.strip()
        if not bare:  # "95%", "¥95": the number only
            text = _NOT_BARE.sub("", text)
        if group:
            text = text.replace(group, "")
        if point != ".":
            if "." in text:  # frictionless refuses a point beside another decimal char
                return None
            text = text.replace(point, ".")
        return text or None
    return number


def _temporal(fld: dict[str, Any]) -> Converter | None:
    fmt = pattern_of(fld)
    if fmt is None:
        return None
    kind = fld.get("type")

    def iso(v: str) -> str | None:
        try:
            value = datetime.strptime(v, fmt)
        except ValueError:
            return None
        if kind == "date":
            return value.date().isoformat()
        if kind == "time":
            return value.timetz().isoformat()
        return value.isoformat()
    return iso


def _boolean(fld: dict[str, Any]) -> Converter | None:
    if "trueValues" not in fld and "falseValues" not in fld:
        return None
    # As frictionless builds it: a value listed as both reads as false.
    mapping = {str(v): "true" for v in fld.get("trueValues", DEFAULT_TRUE)}
    mapping.update({str(v): "false" for v in fld.get("falseValues", DEFAULT_FALSE)})
    return mapping.get


def converter(fld: dict[str, Any]) -> Converter | None:
    """A function from a cell in the field's declared form to the Table Schema default form
    (ISO 8601 dates, plain numbers, ``true``/``false``); None from it for a cell it cannot read.

    None when the field declares nothing but defaults (its cells are canonical already).
    """
    kind = fld.get("type")
    if kind in ("number", "integer"):
        return _number(fld)
    if kind in ("date", "datetime", "time"):
        return _temporal(fld)
    if kind == "boolean":
        return _boolean(fld)
    return None


def missing_values(schema: dict[str, Any], fld: dict[str, Any]) -> list[str]:
    """The field's missing values (its own, else the schema's; entries may be objects)."""
    raw = fld.get("missingValues", schema.get("missingValues", DEFAULT_MISSING))
    if not isinstance(raw, list):
        return list(DEFAULT_MISSING)
    return [str(m["value"]) if isinstance(m, dict) else str(m) for m in raw]


def problems(schema: dict[str, Any]) -> list[str]:
    """What is wrong with the schema's opt-in (for the descriptor lint): a value that is not a
    boolean, or the property spelt with an s (which would be silently ignored otherwise)."""
    found = []
    places = [("schema", schema)] + [(f"field {f.get('name')}", f)
                                     for f in schema.get("fields", []) if isinstance(f, dict)]
    for where, desc in places:
        if OPT_IN in desc and not isinstance(desc[OPT_IN], bool):
            found.append(f"{where}: {OPT_IN} must be true or false")
        if "publisher:normalise" in desc:
            found.append(f"{where}: publisher:normalise is not read; write {OPT_IN}")
    return found


def opted_in(schema: dict[str, Any], fld: dict[str, Any]) -> bool:
    """Whether the field's released values are normalised: its own ``publisher:normalize``,
    else the schema's; only fields kept as they are (no privacy action but ``keep``)."""
    choice = fld.get(OPT_IN, schema.get(OPT_IN, False))
    privacy = fld.get("privacy")
    action = privacy.get("action", "keep") if isinstance(privacy, dict) else "keep"
    return choice is True and action == "keep"


@dataclass(frozen=True)
class Plan:
    """How to normalise one resource's released columns (built once, applied per chunk)."""

    converters: dict[str, Converter | None]  # column → converter (None: only missing values)
    missing: dict[str, frozenset[str]]  # column → its non-empty missing values
    fixes: frozenset[str] = frozenset()  # the schema's "normalize" options (whitespace …)

    def apply(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The chunk with every planned column normalised (others untouched)."""
        out = frame.copy()
        for column, convert in self.converters.items():
            out[column] = _column(frame[column], convert, self.missing[column], self.fixes)
        return out


def fingerprint_part(schema: dict[str, Any] | None) -> int | None:
    """:data:`VERSION` when some field of ``schema`` opts in, else None (nothing to hash)."""
    schema = schema or {}
    fields = [f for f in schema.get("fields", []) if isinstance(f, dict)]
    return VERSION if any(opted_in(schema, f) for f in fields) else None


def _column(values: pd.Series, convert: Converter | None, missing: frozenset[str],
            fixes: frozenset[str]) -> pd.Series:
    # Each distinct cell is converted once: dates and codes repeat a lot.
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if len(uniques) == 0:
        return values
    texts = [str(cell) for cell in uniques]
    if fixes:
        import pyarrow as pa

        from publisher.validate.hygiene import normalize

        texts = [str(t) for t in normalize(pa.array(texts, pa.string()), fixes).to_pylist()]
    done = []
    for text in texts:
        if text in missing or text == "":
            done.append("")
            continue
        new = convert(text) if convert is not None else text
        done.append(text if new is None else new)  # unreadable: the released text is kept
    mapped = pd.array(done, dtype="string").take(codes, allow_fill=True)
    return pd.Series(mapped, index=values.index, name=values.name)


def plan(schema: dict[str, Any] | None, columns: list[str]) -> Plan | None:
    """The normalisation of the released ``columns`` under ``schema``; None when no field
    opts in or none declares anything but defaults (the release is written as read)."""
    schema = schema or {}
    converters: dict[str, Converter | None] = {}
    missing: dict[str, frozenset[str]] = {}
    fixes = frozenset(str(x) for x in schema.get("normalize") or [])
    for fld in schema.get("fields", []):
        name = fld.get("name") if isinstance(fld, dict) else None
        if name not in columns or not opted_in(schema, fld):
            continue
        convert = converter(fld)
        absent = frozenset(m for m in missing_values(schema, fld) if m != "")
        if convert is not None or absent or fixes:
            converters[str(name)], missing[str(name)] = convert, absent
    return Plan(converters, missing, fixes) if converters else None


def _rewrite_constraints(fld: dict[str, Any], convert: Converter | None) -> dict[str, Any]:
    constraints = fld.get("constraints")
    if convert is None or not isinstance(constraints, dict):
        return fld
    out = dict(constraints)
    for key in _VALUE_CONSTRAINTS:  # frictionless reads these with the field's own reader
        value = out.get(key)
        if isinstance(value, str):
            out[key] = convert(value) or value
        elif isinstance(value, list):
            out[key] = [(convert(v) or v) if isinstance(v, str) else v for v in value]
    return {**fld, "constraints": out}


def released_schema(schema: dict[str, Any], the_plan: Plan | None) -> dict[str, Any]:
    """The schema of a normalised release: planned fields in the default forms, the opt-in
    dropped; a field left as it was keeps the schema's missing values as its own."""
    if the_plan is None:
        return schema
    schema_missing = missing_values(schema, {})
    fields = []
    for fld in schema.get("fields", []):
        name = fld.get("name") if isinstance(fld, dict) else None
        if name in the_plan.converters:
            convert = the_plan.converters[str(name)]
            drop = {OPT_IN, "missingValues", *_FORM_KEYS.get(str(fld.get("type")), ())}
            if convert is None:  # only missing values changed: the form stays declared
                drop -= set(_FORM_KEYS.get(str(fld.get("type")), ()))
            fld = {k: v for k, v in _rewrite_constraints(fld, convert).items() if k not in drop}
        elif isinstance(fld, dict):
            fld = {k: v for k, v in fld.items() if k != OPT_IN}
            if schema_missing != DEFAULT_MISSING and "missingValues" not in fld:
                fld = {**fld, "missingValues": schema_missing}
        fields.append(fld)
    out = {k: v for k, v in schema.items() if k not in (OPT_IN, "missingValues")}
    return {**out, "fields": fields}


def record(schema: dict[str, Any], the_plan: Plan, source: dict[str, Any]) -> dict[str, Any]:
    """The manifest's note of a normalised resource: the source file (bytes and sha256) and,
    per normalised field, the declaration its values were read with."""
    declared = {}
    for fld in schema.get("fields", []):
        name = fld.get("name") if isinstance(fld, dict) else None
        if name in the_plan.converters:
            keys = ("missingValues", *_FORM_KEYS.get(str(fld.get("type")), ()))
            form = {k: fld[k] for k in keys if k in fld}
            missing = missing_values(schema, fld)
            if missing != DEFAULT_MISSING:
                form["missingValues"] = missing
            declared[str(name)] = form
    return {"version": VERSION, "source": source, "fields": declared}
