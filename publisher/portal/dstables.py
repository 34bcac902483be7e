"""DataStore tables: one real SQL table per resource, typed from the declared fields."""

from __future__ import annotations

import datetime as dt
import functools
import json
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    MetaData,
    Table,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.types import TypeEngine

from publisher.portal.errors import ValidationError
from publisher.portal.fulltext import DOCUMENT, FullText

# Declared type -> (SQL type, the name datastore_search reports, as PostgreSQL names it).
TYPES: dict[str, tuple[type[TypeEngine[Any]], str]] = {
    "text": (Text, "text"), "varchar": (Text, "text"), "string": (Text, "text"),
    "int": (Integer, "int4"), "int4": (Integer, "int4"), "integer": (Integer, "int4"),
    "int8": (BigInteger, "int8"), "bigint": (BigInteger, "int8"),
    "numeric": (Float, "numeric"), "float": (Float, "float8"), "float8": (Float, "float8"),
    "double precision": (Float, "float8"), "number": (Float, "numeric"),
    "bool": (Boolean, "bool"), "boolean": (Boolean, "bool"),
    "timestamp": (DateTime, "timestamp"), "date": (Date, "date"), "time": (Time, "time"),
    "json": (JSON, "json"),
}


def table_name(resource_id: str) -> str:
    return "ds_" + resource_id.replace("-", "")


def reported_type(declared: str) -> str:
    return TYPES[declared][1]


def check_fields(fields: list[Any]) -> list[dict[str, Any]]:
    """The declared fields, or CKAN's Validation Error for a bad one."""
    out, seen = [], set()
    for f in fields:
        if not isinstance(f, dict) or not f.get("id"):
            raise ValidationError({"fields": ['"id" is required for every field']})
        name, kind = str(f["id"]), str(f.get("type") or "text").lower()
        if name.startswith("_") or '"' in name or len(name) > 63:
            raise ValidationError({"fields": [f'"{name}" is not a valid field name']})
        if kind not in TYPES:
            raise ValidationError({"fields": [f'"{kind}" is not a valid field type']})
        if name in seen:
            raise ValidationError({"fields": [f'field "{name}" is given more than once']})
        seen.add(name)
        out.append({**f, "id": name, "type": kind})
    return out


def build_table(resource_id: str, fields: list[dict[str, Any]], primary_key: list[str],
                name: str | None = None) -> Table:
    """The table of a resource's DataStore, typed from its declared fields: ``name`` (a staging
    table's own), else its live name.

    The same Table object comes back while the fields and primary key stay the same (they are
    the cache key, so a table whose fields change gets a new one): building a Table costs more
    than a small search, and SQLAlchemy's compiled-statement cache only serves a statement
    over the same Table object. Tables are never changed once built.
    """
    key = tuple((str(f["id"]), str(f["type"])) for f in fields)
    return _cached_table(name or table_name(resource_id), key, tuple(primary_key))


@functools.lru_cache(maxsize=512)
def _cached_table(name: str, fields: tuple[tuple[str, str], ...],
                  primary_key: tuple[str, ...]) -> Table:
    columns = [Column("_id", Integer, primary_key=True, autoincrement=True)]
    columns += [Column(field, TYPES[kind][0]()) for field, kind in fields]
    columns.append(Column(DOCUMENT, FullText()))  # what q searches (publisher.portal.fulltext)
    extra = [UniqueConstraint(*primary_key)] if primary_key else []
    return Table(name, MetaData(), *columns, *extra)


def _convert(kind: str, value: Any, field: str) -> Any:
    if value is None or (value == "" and kind != "text"):
        return None
    sql = TYPES[kind][0]
    try:
        if sql is Text:
            return value if isinstance(value, str) else json.dumps(value) if isinstance(
                value, dict | list) else str(value)
        if sql in (Integer, BigInteger):
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError
            return int(value)
        if sql is Float:
            return float(value)
        if sql is Boolean:
            if isinstance(value, str):
                return {"true": True, "t": True, "1": True, "false": False, "f": False,
                        "0": False}[value.lower()]
            return bool(value)
        if sql is DateTime:
            # PostgreSQL's ``timestamp`` (CKAN's) keeps the wall time and drops an offset.
            return dt.datetime.fromisoformat(str(value).rstrip("Z")).replace(tzinfo=None)
        if sql is Date:
            return dt.date.fromisoformat(str(value)[:10])
        if sql is Time:
            return dt.time.fromisoformat(str(value))
        return value
    except (ValueError, KeyError, TypeError):
        raise ValidationError({"records": [
            f'invalid input syntax for type {reported_type(kind)}: "{value}" (field {field})'
        ]}) from None


def convert_value(kind: str, value: Any, field: str) -> Any:
    """``value`` as the column of declared type ``kind`` stores it (Validation Error if not)."""
    return _convert(kind, value, field)


def convert_record(record: Any, types: dict[str, str]) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise ValidationError({"records": ["records must be a list of dicts"]})
    unknown = [k for k in record if k not in types and k != "_id"]
    if unknown:
        raise ValidationError({"records": [f'row has invalid field: "{unknown[0]}"']})
    return {k: (v if k == "_id" else _convert(types[k], v, k)) for k, v in record.items()}


#: Declared SQL types whose stored value is the JSON value itself, when it has this type.
_AS_GIVEN: dict[type[TypeEngine[Any]], type] = {Text: str, Integer: int, BigInteger: int}


def record_converter(types: dict[str, str]) -> Any:
    """``convert_record`` for many records of one table: the same values and errors, with
    the commonest values (text as text, integers as integers) kept as they are."""
    given = {name: _AS_GIVEN.get(TYPES[kind][0]) for name, kind in types.items()}

    def convert(record: Any) -> dict[str, Any]:
        if type(record) is not dict:
            return convert_record(record, types)
        out: dict[str, Any] = {}
        for k, v in record.items():
            kind = types.get(k)
            if kind is None:
                if k != "_id":
                    return convert_record(record, types)  # CKAN's error for the field
                out[k] = v
            elif v is None or type(v) is given[k]:
                out[k] = v
            else:
                try:
                    out[k] = _convert(kind, v, k)
                except ValidationError:  # the error convert_record names first
                    return convert_record(record, types)
        return out

    return convert


def to_json(value: Any) -> Any:
    if isinstance(value, dt.datetime):  # CKAN writes timestamps with milliseconds
        return value.isoformat(timespec="milliseconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value
