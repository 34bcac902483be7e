"""datastore_search_sql: one read-only SELECT over the DataStore tables of public resources.

The guard parses the statement (sqlglot) instead of matching text: exactly one statement, a
SELECT (or a set operation / CTE of SELECTs) without ``INTO`` or row locks, every table a
DataStore table of an active resource of an active public dataset (named, as in CKAN, by its
resource id), every function on an allow-list. The checked tree is written back out in the
database's own dialect with the physical table names, so what runs is what was checked. It then
runs in a read-only transaction under a statement timeout, as CKAN's read-only DataStore role does.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlglot
from flask import current_app
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.orm import Session
from sqlglot import exp

from publisher.portal.context import Context, action
from publisher.portal.dstables import reported_type, to_json
from publisher.portal.errors import NotAuthorized, NotFound, ValidationError, missing
from publisher.portal.models import PortalDatastore, PortalPackage, PortalResource

TIMEOUT_MS = 5000  # overridable with the app config key PORTAL_SQL_TIMEOUT_MS

# Functions a reader needs to count, group and summarise; anything else (pg_sleep,
# pg_read_file, dblink, set_config, load_extension …) is refused before it reaches the database.
ALLOWED_FUNCTIONS = frozenset({
    "Count", "Sum", "Avg", "Min", "Max", "Stddev", "StddevSamp", "StddevPop", "Variance",
    "Lower", "Upper", "Length", "Substring", "Trim", "Concat", "Replace", "Cast", "TryCast",
    "Round", "Abs", "Floor", "Ceil", "Coalesce", "Nullif", "Greatest", "Least", "Case", "If",
    "Extract", "TimestampTrunc", "DateTrunc", "Distinct",
})
_SET_OPERATIONS = (exp.Union, exp.Intersect, exp.Except)


def _invalid(message: str) -> ValidationError:
    # CKAN 2.12 answers a refused statement with a Validation Error carrying a message.
    return ValidationError({"message": message})


def _readable_tables(session: Session) -> dict[str, str]:
    """Resource id → physical table, for the DataStore tables an anonymous reader may see."""
    rows = session.execute(
        select(PortalDatastore.resource_id, PortalDatastore.table_name)
        .join(PortalResource, PortalResource.id == PortalDatastore.resource_id)
        .join(PortalPackage, PortalPackage.id == PortalResource.package_id)
        .where(PortalResource.state == "active", PortalPackage.state == "active",
               PortalPackage.private.is_(False))).all()
    return {rid: name for rid, name in rows}


def _is_query(node: Any) -> bool:
    if isinstance(node, _SET_OPERATIONS):
        return _is_query(node.left) and _is_query(node.right)
    return isinstance(node, exp.Select | exp.Subquery)


def _check(tree: Any, readable: dict[str, str]) -> Any:
    """The tree with table names replaced by physical ones, or the error that refuses it."""
    if not _is_query(tree):
        raise _invalid("Only a SELECT statement is allowed")
    ctes = {cte.alias_or_name for cte in tree.find_all(exp.CTE)}
    for node in tree.walk():
        if isinstance(node, exp.Select) and (node.args.get("into") or node.args.get("locks")):
            raise _invalid("SELECT … INTO and row locks are not allowed")
        # AND / OR are functions to sqlglot; they are operators to a reader.
        if isinstance(node, exp.Func) and not isinstance(node, exp.Connector) \
                and type(node).__name__ not in ALLOWED_FUNCTIONS:
            name = node.name if isinstance(node, exp.Anonymous) else node.sql_name()
            raise NotAuthorized(f"Access denied: Not authorized to call function {name.lower()}")
        if isinstance(node, exp.Insert | exp.Update | exp.Delete | exp.Create | exp.Drop
                      | exp.Alter | exp.Command | exp.Transaction | exp.Pragma | exp.Set):
            raise _invalid("Only a SELECT statement is allowed")
    for table in list(tree.find_all(exp.Table)):
        name = table.name
        if not isinstance(table.this, exp.Identifier) or table.args.get("db") \
                or table.args.get("catalog"):
            raise NotAuthorized("Access denied: Not authorized to access tables in other schemas")
        if name in ctes:
            continue
        physical = readable.get(name)
        if physical is None:
            # Unknown and not readable look the same: existence of a private table never leaks.
            raise NotFound("Not found")
        alias = table.alias or name
        table.set("this", exp.to_identifier(physical, quoted=True))
        table.set("alias", exp.TableAlias(this=exp.to_identifier(alias, quoted=True)))
    return tree


def parse(sql: str, readable: dict[str, str], dialect: str) -> str:
    """The statement to run, in ``dialect``, after the guard accepted ``sql``."""
    try:
        trees = [t for t in sqlglot.parse(sql, read="postgres") if t is not None]
    except sqlglot.errors.SqlglotError as exc:
        raise _invalid(f"Invalid SQL: {str(exc).splitlines()[0]}") from None
    if len(trees) != 1:
        raise _invalid("Query is not a single statement")
    return str(_check(trees[0], readable).sql(dialect=dialect))


@contextmanager
def _guarded(session: Session, timeout_ms: int) -> Iterator[None]:
    """Read-only and time-limited for the statement run inside (restored afterwards)."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        # LOCAL: both end with this request's transaction.
        conn.execute(text("SET LOCAL transaction_read_only = on"))
        conn.execute(text(f"SET LOCAL statement_timeout = {int(timeout_ms)}"))
        yield
        return
    raw: Any = conn.connection.dbapi_connection
    deadline = time.monotonic() + timeout_ms / 1000
    raw.execute("PRAGMA query_only = 1")
    # SQLite has no statement timeout: a progress handler that answers non-zero interrupts.
    raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 10000)
    try:
        yield
    finally:
        raw.set_progress_handler(None, 0)
        raw.execute("PRAGMA query_only = 0")


def _column_type(declared: dict[str, str], name: str, value: Any) -> str:
    """A declared column keeps its DataStore type; a computed one is typed by its value."""
    if name in declared:
        return declared[name]
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int8"
    if isinstance(value, float):
        return "numeric"
    return "text"


@action
def datastore_search_sql(ctx: Context, data: dict[str, Any]) -> dict[str, Any]:
    sql = data.get("sql")
    if not sql or not isinstance(sql, str):
        raise missing("sql")
    readable = _readable_tables(ctx.session)
    dialect = "postgres" if ctx.session.get_bind().dialect.name == "postgresql" else "sqlite"
    statement = parse(sql, readable, dialect)
    timeout = int(current_app.config.get("PORTAL_SQL_TIMEOUT_MS", TIMEOUT_MS))
    rows_max = ctx.limits.datastore_search_rows_max
    types = {"_id": "int4"}
    for meta in ctx.session.scalars(select(PortalDatastore).where(
            PortalDatastore.resource_id.in_(list(readable)))):
        types.update({f["id"]: reported_type(f["type"]) for f in meta.fields})
    try:
        with ctx.session.begin_nested(), _guarded(ctx.session, timeout):
            result = ctx.session.execute(text(statement))
            names = list(result.keys())
            rows = result.fetchmany(rows_max + 1)
    except (DBAPIError, StatementError) as exc:
        message = str(getattr(exc, "orig", exc)).splitlines()[0]
        if "interrupted" in message or "statement timeout" in message:
            raise _invalid("Query took too long") from None
        raise _invalid(f"Invalid SQL: {message}") from None
    first = rows[0] if rows else None
    out: dict[str, Any] = {
        "sql": sql,
        "fields": [{"id": n, "type": _column_type(types, n, first[i] if first else None)}
                   for i, n in enumerate(names)],
        "records": [{n: to_json(v) for n, v in zip(names, row, strict=True)}
                    for row in rows[:rows_max]],
    }
    if len(rows) > rows_max:
        out["records_truncated"] = True
    return out
