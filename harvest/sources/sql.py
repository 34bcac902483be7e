"""``kind: sql``: a table or query of a database, streamed in chunks into the resource's CSV.

The URL comes from a named secret (``url_secret``), never from the descriptor itself: a
connection string carries a password. Columns are written in the order of the Table Schema's
fields, matched by name; values are written in the form the schema expects (ISO dates, the
schema's own true/false words), so an unchanged table gives byte-identical snapshots.
"""

from __future__ import annotations

import csv
import decimal
import hashlib
import re
from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from harvest.sources.base import Snapshot, SourceContext, SourceError, TargetSpec, resolve_url

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$")


def _query(spec: Mapping[str, Any]) -> str:
    query, table = spec.get("query"), spec.get("table")
    if isinstance(query, str) and query.strip():
        return query
    if isinstance(table, str) and _IDENTIFIER.match(table):
        return f"SELECT * FROM {table}"
    raise SourceError("source-spec-invalid",
                      "an sql source needs `query` or `table` (a plain table name)")


def _formatter(field: Mapping[str, Any]) -> Any:
    kind = field.get("type", "string")
    true_word = (field.get("trueValues") or ["true"])[0]
    false_word = (field.get("falseValues") or ["false"])[0]

    def fmt(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return str(true_word if value else false_word)
        if isinstance(value, datetime):
            return value.isoformat() if kind == "datetime" else value.date().isoformat()
        if isinstance(value, date | time):
            return value.isoformat()
        if isinstance(value, decimal.Decimal):
            return format(value.normalize(), "f") if kind == "number" else str(value)
        if isinstance(value, float) and kind == "integer" and value.is_integer():
            return str(int(value))
        return str(value)

    return fmt


def fetch(spec: Mapping[str, Any], target: TargetSpec, ctx: SourceContext) -> Snapshot:
    import sqlalchemy
    from sqlalchemy.exc import SQLAlchemyError

    url = resolve_url(spec, ctx)
    fields = list((target.schema or {}).get("fields", []))
    if not fields:
        raise SourceError("source-spec-invalid", "an sql source needs the resource's Table Schema")
    names = [str(f["name"]) for f in fields]
    formats = [_formatter(f) for f in fields]
    digest = hashlib.sha256()
    rows = 0
    try:
        engine = sqlalchemy.create_engine(url, connect_args=_connect_args(url, ctx.timeout))
    except (SQLAlchemyError, ValueError, ImportError) as exc:
        raise SourceError("source-unreachable", "bad database URL (%(error)s)",
                          error=type(exc).__name__) from None
    try:
        with engine.connect() as conn, target.path.open("w", encoding=target.encoding,
                                                         newline="") as out:
            result = conn.execution_options(stream_results=True).execute(
                sqlalchemy.text(_query(spec)))
            columns = list(result.keys())
            missing = [n for n in names if n not in columns]
            if missing:
                raise SourceError("source-columns-missing",
                                  "the query lacks the schema's fields: %(fields)s",
                                  fields=", ".join(missing))
            index = [columns.index(n) for n in names]
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(names)
            for chunk in result.partitions(ctx.chunk_rows):
                for row in chunk:
                    writer.writerow([fmt(row[i]) for fmt, i in zip(formats, index, strict=True)])
                rows += len(chunk)
    except SourceError:
        raise
    except SQLAlchemyError as exc:
        # The driver's message may quote a row; only the error class is reported.
        raise SourceError("source-unreachable", "database error (%(error)s)",
                          error=type(exc).__name__) from None
    except UnicodeEncodeError:
        raise SourceError("source-encoding",
                          "a value cannot be written in the resource's encoding %(encoding)s",
                          encoding=target.encoding) from None
    finally:
        engine.dispose()
    digest.update(target.path.read_bytes())
    return Snapshot(fingerprint=digest.hexdigest(),
                    provenance={"kind": "sql", "rows": rows, "query": "table" if
                                spec.get("table") else "query"})


def _connect_args(url: str, timeout: float) -> dict[str, Any]:
    if url.startswith("postgresql"):
        return {"connect_timeout": max(1, int(timeout))}
    if url.startswith("sqlite"):
        return {"timeout": timeout}
    return {}
