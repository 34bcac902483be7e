"""DataStore actions: datastore_create, datastore_upsert, datastore_search, datastore_delete.

Beyond CKAN, a staged load (advertised as ``staged_datastore`` by ``status_show``): with
``stage: true``, ``datastore_create`` makes a fresh table beside the live one and
``datastore_upsert`` / ``datastore_search`` work on it; ``datastore_switch`` then puts it in
place of the live table in one transaction (``release_switch`` does so for a whole package,
with its staged resource versions). Readers see the old rows or the new ones, never a table
half loaded, even when the load is cut short. A staging table has a random name of its own
(``dss_<hex>``), recorded in ``portal_staged_datastore``: no resource id can name another's.
A staged load may go to a resource that is itself only staged (a staged ``resource_create``).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import (
    Table,
    and_,
    bindparam,
    cast,
    delete,
    func,
    insert,
    inspect,
    or_,
    select,
    text,
    update,
)
from sqlalchemy import Text as SqlText
from sqlalchemy.exc import IntegrityError

from publisher.portal import dsbulk, dsindex, dsstats, fulltext, staging
from publisher.portal.context import Context, action, as_bool, as_int, now
from publisher.portal.dstables import (
    build_table,
    check_fields,
    convert_value,
    record_converter,
    reported_type,
    table_name,
    to_json,
)
from publisher.portal.errors import NotAuthorized, NotFound, ValidationError, missing
from publisher.portal.models import (
    PortalDatastore,
    PortalPackage,
    PortalResource,
    PortalStagedDatastore,
)
from publisher.portal.paging import keyset_order, links, parse_cursor
from publisher.portal.params import parse_json


def _json_arg(data: dict[str, Any], key: str, default: Any) -> Any:
    value = data.get(key, default)
    if isinstance(value, str) and value[:1] in ("[", "{"):
        return parse_json(key, value)
    return value


def _resource(ctx: Context, rid: Any, staged: bool = False) -> PortalResource:
    """The active resource; for a staged call also one that is new and only staged (a
    detached copy, never added to the session)."""
    res = ctx.session.get(PortalResource, str(rid)) if rid else None
    if res is not None and res.state == "active":
        return res
    row = staging.staged_row(ctx, rid) if staged else None
    if row is not None and row.new and row.state == "active":
        return PortalResource(id=row.resource_id, package_id=row.package_id,
                              position=row.position, state="active", data=dict(row.data))
    raise NotFound(f'Resource "{rid}" was not found.')


def _store(ctx: Context, rid: Any) -> tuple[PortalDatastore, Table]:
    meta = ctx.session.get(PortalDatastore, str(rid)) if rid else None
    if meta is None:
        raise NotFound(f'Resource "{rid}" was not found.')
    return meta, build_table(meta.resource_id, meta.fields, meta.primary_key)


def _staged_store(ctx: Context, rid: str) -> tuple[PortalStagedDatastore, Table]:
    meta = ctx.session.get(PortalStagedDatastore, rid)
    if meta is None:
        raise NotFound(f'Resource "{rid}" has no staged DataStore table.')
    return meta, build_table(meta.resource_id, meta.fields, meta.primary_key, meta.table_name)


def drop_staged(ctx: Context, meta: PortalStagedDatastore) -> None:
    """Throw a staging table away, with its metadata row."""
    _drop(ctx.session.connection(), build_table(meta.resource_id, meta.fields,
                                                meta.primary_key, meta.table_name))
    dsstats.forget(ctx.session, meta.table_name)
    ctx.session.delete(meta)
    ctx.session.flush()


# A search's resource, its table's fields and its package's visibility, in one query.
_SEARCHED = select(PortalResource.state, PortalResource.package_id, PortalPackage.private,
                   PortalPackage.state.label("package_state"), PortalDatastore).join(
    PortalPackage, PortalPackage.id == PortalResource.package_id).outerjoin(
    PortalDatastore, PortalDatastore.resource_id == bindparam("key")).where(
    PortalResource.id == bindparam("rid"))


def _readable_store(ctx: Context, rid: str) -> tuple[PortalDatastore, Table]:
    """The live table datastore_search reads, with the errors of CKAN's: resource or table not
    found, package not readable by the caller."""
    row = ctx.session.execute(_SEARCHED, {"rid": rid, "key": rid}).first()
    if row is None or row.state != "active":
        raise NotFound(f'Resource "{rid}" was not found.')
    meta = row.PortalDatastore
    if meta is None:
        raise NotFound(f'Resource "{rid}" was not found.')
    if not ctx.sysadmin and (row.private or row.package_state != "active"):
        raise NotAuthorized(f"Access denied: User  not authorized to read package "
                            f"{row.package_id}")
    return meta, build_table(meta.resource_id, meta.fields, meta.primary_key)


def _staged(ctx: Context, data: dict[str, Any]) -> bool:
    if as_bool(data.get("stage"), False):
        ctx.require_write("stage datastore")
        return True
    return False


def _drop(bind: Any, table: Table) -> None:
    """Drop a DataStore table with its full-text index (SQLite keeps that in a table apart)."""
    if bind.dialect.name != "postgresql":
        fulltext.drop_sqlite_index(bind, table.name)
    table.drop(bind, checkfirst=True)


def _create_table(bind: Any, table: Table, indexes: list[list[str]]) -> None:
    """A fresh table with every index it gets: primary key, ``indexes``, full text."""
    _drop(bind, table)
    table.create(bind)
    dsindex.create_search(bind, table.name)
    dsindex.create_indexes(bind, table.name, indexes)


def _create_staging(ctx: Context, res: PortalResource, fields: list[dict[str, Any]],
                    pk: list[str], indexes: list[list[str]]) -> dict[str, Any]:
    """A fresh, empty staging table (any earlier one is dropped: a load starts from nothing)."""
    names = {f["id"] for f in fields}
    if unknown := [k for k in pk if k not in names]:
        raise ValidationError({"primary_key": [f'field "{unknown[0]}" not in fields']})
    old = ctx.session.get(PortalStagedDatastore, res.id)
    if old is not None:
        drop_staged(ctx, old)
    name = "dss_" + uuid.uuid4().hex
    _create_table(ctx.session.connection(), build_table(res.id, fields, pk, name), indexes)
    dsstats.store(ctx.session, name, 0)
    ctx.session.add(PortalStagedDatastore(resource_id=res.id, table_name=name, fields=fields,
                                          primary_key=pk))
    ctx.session.flush()
    out: dict[str, Any] = {"resource_id": res.id, "fields": _fields_out_of(fields),
                           "method": "insert", "stage": True}
    if pk:
        out["primary_key"] = pk
    return out


def _fields_out_of(fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"id": f["id"], "type": f["type"]} for f in fields]


def _check_writable(ctx: Context, res: PortalResource, data: dict[str, Any]) -> None:
    """CKAN refuses DataStore writes to a resource it did not fill, unless ``force``."""
    if not as_bool(data.get("force"), False) and res.data.get("url_type") != "datastore":
        raise ValidationError({"read-only": [
            "Cannot edit read-only resource because changes made may be lost. Use a resource "
            'created for editing e.g. with datastore_create or use "force=True" to ignore this '
            "warning."]})


Meta = PortalDatastore | PortalStagedDatastore


def _fields_out(meta: Meta) -> list[dict[str, Any]]:
    return [{"id": f["id"], "type": f["type"]} for f in meta.fields]


def _groups(rows: list[tuple[int, dict[str, Any]]]) -> list[list[tuple[int, dict[str, Any]]]]:
    """Rows split by the set of fields they carry, in order: one executemany per group."""
    groups: dict[frozenset[str], list[tuple[int, dict[str, Any]]]] = {}
    for item in rows:
        groups.setdefault(frozenset(item[1]), []).append(item)
    return list(groups.values())


def _first_duplicate(ctx: Context, table: Table, key: list[str],
                     rows: list[tuple[int, dict[str, Any]]]) -> int | None:
    """The position of the first row whose key is repeated or already stored."""
    seen: set[tuple[Any, ...]] = set()
    for index, row in rows:
        value = tuple(row.get(k) for k in key)
        if value in seen:
            return index
        seen.add(value)
        if all(v is not None for v in value) and ctx.session.execute(
                select(table.c._id).where(and_(*(table.c[k] == row[k] for k in key)))
        ).first() is not None:
            return index
    return None


def _upsert(table: Table, key: list[str], dialect: str, fields: frozenset[str]) -> Any:
    """INSERT … ON CONFLICT (key) DO UPDATE, the same statement on SQLite and PostgreSQL."""
    from sqlalchemy.dialects import postgresql, sqlite

    stmt: Any = (postgresql.insert(table) if dialect == "postgresql"
                 else sqlite.insert(table))
    changed = {c: stmt.excluded[c] for c in fields if c not in key}
    if not changed:
        return stmt.on_conflict_do_nothing(index_elements=key)
    return stmt.on_conflict_do_update(index_elements=key, set_=changed)


def _write(ctx: Context, meta: Meta, table: Table, records: list[Any],
           method: str) -> None:
    """Write ``records`` as one batch: every row or none (the action is one transaction).

    Rows are sent with executemany, one statement per set of fields, not one per row.
    """
    types = {f["id"]: f["type"] for f in meta.fields}
    names = [f["id"] for f in meta.fields]
    key = list(meta.primary_key) or ["_id"]
    convert = record_converter(types)
    rows = [(index, convert(raw)) for index, raw in enumerate(records)]
    if not rows:
        return
    dsindex.ensure_search(ctx.session, table, names)
    new_rows = _new_rows(ctx, table, rows)
    # A row that carries every field (or is new) has its document now; the others get it
    # from the stored row once written.
    partial: list[dict[str, Any]] = []
    for _, row in rows:
        if method == "insert" or all(n in row for n in names):
            row[fulltext.DOCUMENT] = fulltext.document([row.get(n) for n in names])
        elif method == "upsert":
            partial.append(row)
    bind = ctx.session.connection()
    bulk = dsbulk.supported(bind)
    if method == "insert":
        try:
            with ctx.session.begin_nested():
                # The savepoint begins when the nested transaction asks for its connection.
                nested = ctx.session.connection()
                for group in _groups(rows):
                    if bulk:
                        dsbulk.write(nested, table, [row for _, row in group], key, method)
                    else:
                        ctx.session.execute(insert(table), [row for _, row in group])
                new_rows()
        except IntegrityError:
            at = _first_duplicate(ctx, table, key, rows)
            where = f"row {at}: " if at is not None else ""
            raise _unique_violation(f"{where}duplicate key value violates unique constraint "
                                    f"({', '.join(key)})") from None
        dsstats.added(ctx.session, table.name, len(rows))
        dsstats.refresh_statistics(ctx.session.connection(), table.name, len(rows))
        return
    for index, row in rows:
        if any(k not in row for k in key):
            absent = ", ".join(f'"{k}"' for k in key if k not in row)
            raise ValidationError({"key": [f"row {index}: fields {absent} are missing but "
                                           "needed as key"]})
    if method == "update":
        touched = []
        for index, row in rows:
            match = and_(*(table.c[k] == row[k] for k in key))
            found = ctx.session.execute(select(table.c._id).where(match)).first()
            if found is None:
                raise ValidationError({"key": [
                    f'row {index}: key "{[row[k] for k in key]}" not found']})
            values = {k: v for k, v in row.items() if k not in key}
            if values:
                ctx.session.execute(update(table).where(match).values(**values))
                if fulltext.DOCUMENT not in row:
                    touched.append(found[0])
        dsindex.fill_documents(ctx.session, table, names, touched)
        return
    dialect = ctx.session.get_bind().dialect.name
    seen: set[tuple[Any, ...]] = set()
    for index, row in rows:
        value = tuple(row[k] for k in key)
        if value in seen:  # ON CONFLICT cannot touch one row twice in a statement
            raise ValidationError({"records": [f"row {index}: key given twice in one call"]})
        seen.add(value)
    for group in _groups(rows):
        if bulk:
            dsbulk.write(bind, table, [row for _, row in group], key, method)
        else:
            ctx.session.execute(_upsert(table, key, dialect, frozenset(group[0][1])),
                                [row for _, row in group])
    new_rows()
    dsstats.forget(ctx.session, table.name)
    dsstats.refresh_statistics(ctx.session.connection(), table.name, len(rows))
    if partial:
        ids = [found for row in partial if (found := ctx.session.scalar(select(table.c._id).where(
            and_(*(table.c[k] == row[k] for k in key))))) is not None]
        dsindex.fill_documents(ctx.session, table, names, ids)


def _new_rows(ctx: Context, table: Table, rows: list[tuple[int, dict[str, Any]]]) -> Any:
    """What indexes the rows a write is about to insert, once written (SQLite's FTS table;
    PostgreSQL's GIN index needs nothing)."""
    bind = ctx.session.connection()
    if bind.dialect.name == "postgresql":
        return lambda: None
    after = ctx.session.scalar(select(func.max(table.c._id))) or 0
    given = [int(row["_id"]) for _, row in rows if row.get("_id") is not None]
    if given:
        old: set[int] = set(ctx.session.scalars(select(table.c._id).where(table.c._id.in_(given))))
        given = [i for i in given if i not in old and i <= after]
    return lambda: fulltext.sqlite_index_new_rows(bind, table.name, after, given)


def _unique_violation(where: str) -> ValidationError:
    """CKAN's answer to a unique-key violation, with the row it was found at (no values)."""
    return ValidationError({
        "constraints": ["Cannot insert records or create index because of uniqueness "
                        "constraint"],
        "info": {"orig": "duplicate key value violates unique constraint", "pgcode": "23505"},
        "records": [where]})


@action
def datastore_create(ctx: Context, data: dict[str, Any]) -> dict[str, Any]:
    ctx.require_write("create datastore")
    rid = data.get("resource_id")
    if not rid and isinstance(data.get("resource"), dict):
        from publisher.portal.resources import resource_create

        rid = resource_create(ctx, {**data["resource"], "url_type": "datastore"})["id"]
        data = {**data, "force": True}
    if not rid:
        raise missing("resource_id")
    staged = _staged(ctx, data)
    res = _resource(ctx, rid, staged)
    _check_writable(ctx, res, data)
    fields = check_fields(_json_arg(data, "fields", []) or [])
    pk = _json_arg(data, "primary_key", [])
    pk = [pk] if isinstance(pk, str) else list(pk or [])
    raw_indexes = _json_arg(data, "indexes", None)
    if staged:
        return _create_staging(ctx, res, fields, pk, dsindex.declared_indexes(raw_indexes,
                                                                               fields))
    meta = ctx.session.get(PortalDatastore, res.id)
    bind = ctx.session.connection()
    if meta is None:
        indexes = dsindex.declared_indexes(raw_indexes, fields)
        names = {f["id"] for f in fields}
        if unknown := [k for k in pk if k not in names]:
            raise ValidationError({"primary_key": [f'field "{unknown[0]}" not in fields']})
        meta = PortalDatastore(resource_id=res.id, table_name=table_name(res.id),
                               fields=fields, primary_key=pk)
        ctx.session.add(meta)
        # SQLite runs DDL outside the transaction: a table left by a failed create has no
        # metadata row, so it is not ours to keep.
        _create_table(bind, build_table(res.id, fields, pk), indexes)
        dsstats.store(ctx.session, meta.table_name, 0)
    else:
        known = {f["id"]: f for f in meta.fields}
        added = [f for f in fields if f["id"] not in known]
        for f in fields:
            if f["id"] in known and known[f["id"]]["type"] != f["type"]:
                raise ValidationError({"fields": [f'field "{f["id"]}" already has a type']})
        if added:
            meta.fields = [*meta.fields, *added]
            table = build_table(res.id, meta.fields, meta.primary_key)
            preparer = bind.dialect.identifier_preparer
            # As above: on SQLite a column may survive a failed call that added it.
            present = {c["name"] for c in inspect(bind).get_columns(meta.table_name)}
            for f in added:
                if f["id"] in present:
                    continue
                col = table.c[f["id"]]
                ddl = col.type.compile(dialect=bind.dialect)
                ctx.session.execute(text(f"ALTER TABLE {preparer.quote(meta.table_name)} "
                                         f"ADD COLUMN {preparer.quote(f['id'])} {ddl}"))
        table = build_table(res.id, meta.fields, meta.primary_key)
        dsindex.ensure_search(ctx.session, table, [f["id"] for f in meta.fields])
        dsindex.create_indexes(bind, meta.table_name,
                               dsindex.declared_indexes(raw_indexes, meta.fields))
    ctx.session.flush()
    records = _json_arg(data, "records", []) or []
    _, table = _store(ctx, res.id)
    _write(ctx, meta, table, records, "insert")
    res.data = {**res.data, "datastore_active": True}
    out: dict[str, Any] = {"resource_id": res.id, "fields": _fields_out(meta),
                           "method": "insert"}
    if meta.primary_key:
        out["primary_key"] = list(meta.primary_key)
    return out


@action
def datastore_upsert(ctx: Context, data: dict[str, Any]) -> dict[str, Any]:
    ctx.require_write("update datastore")
    rid = data.get("resource_id")
    if not rid:
        raise missing("resource_id")
    staged = _staged(ctx, data)
    res = _resource(ctx, rid, staged)
    _check_writable(ctx, res, data)
    meta: Meta
    meta, table = _staged_store(ctx, res.id) if staged else _store(ctx, res.id)
    method = str(data.get("method") or "upsert")
    if method not in ("upsert", "insert", "update"):
        raise ValidationError({"method": [f'"{method}" is not a valid method']})
    records = _json_arg(data, "records", []) or []
    if not isinstance(records, list):
        raise ValidationError({"records": ["Not a list"]})
    _write(ctx, meta, table, records, method)
    return {"resource_id": res.id, "method": method}


def _fields_arg(data: dict[str, Any], known: list[str]) -> list[str]:
    raw = _json_arg(data, "fields", None)
    if raw in (None, "", []):
        return ["_id", *known]
    names = [f.strip() for f in raw.split(",")] if isinstance(raw, str) else list(raw)
    for name in names:
        if name != "_id" and name not in known:
            raise ValidationError({"fields": [f'field "{name}" not in table']})
    return names


def _filters(table: Table, filters: Any, types: dict[str, str]) -> list[Any]:
    """Equality on each field: values as the column stores them, so its index serves."""
    if not filters:
        return []
    if not isinstance(filters, dict):
        raise ValidationError({"filters": ["Not a dict"]})
    conds = []
    for name, value in filters.items():
        if name not in table.c or name == fulltext.DOCUMENT:
            raise ValidationError({"filters": [f'field "{name}" not in table']})
        column = table.c[name]
        values = value if isinstance(value, list) else [value]
        kind = "int" if name == "_id" else types[name]
        try:
            if kind == "json":
                raise ValidationError({})
            typed = [convert_value(kind, v, name) for v in values]
            conds.append(column.in_([v for v in typed if v is not None]))
        except ValidationError:
            # A value the column cannot hold (or JSON): compared as text, matching nothing
            # the typed comparison would not.
            conds.append(cast(column, SqlText).in_([str(v) for v in values]))
    return conds


def _q(dialect: str, table: Table, q: Any, text_columns: list[str], indexed: bool) -> list[Any]:
    if not q:
        return []
    if isinstance(q, dict):
        return [func.lower(cast(table.c[k], SqlText)).contains(str(v).lower())
                for k, v in q.items() if k in table.c and k != fulltext.DOCUMENT]
    if indexed:
        terms = fulltext.query_terms(str(q))
        return [fulltext.match(dialect, table, terms)] if terms else []
    conds = []  # a table not indexed yet (made before full-text indexing): a scan
    for word in str(q).split():
        conds.append(or_(*(func.lower(cast(table.c[c], SqlText)).contains(word.lower())
                           for c in text_columns)))
    return conds


def _order(table: Table, sort: Any) -> list[Any]:
    if not sort:
        return [table.c._id]
    parts = sort if isinstance(sort, list) else str(sort).split(",")
    order = []
    for part in parts:
        bits = str(part).strip().strip('"').split()
        if not bits:
            continue
        name = bits[0].strip('"')
        if name not in table.c or name == fulltext.DOCUMENT:
            raise ValidationError({"sort": [f'field "{name}" not in table']})
        desc = len(bits) > 1 and bits[1].lower() == "desc"
        order.append(table.c[name].desc() if desc else table.c[name].asc())
    return order


@action
def datastore_search(ctx: Context, data: dict[str, Any]) -> dict[str, Any]:
    rid = data.get("resource_id") or data.get("id")
    if not rid:
        raise missing("resource_id")
    staged = _staged(ctx, data)
    meta: Meta
    if staged:
        meta, table = _staged_store(ctx, _resource(ctx, rid, staged).id)
    else:
        meta, table = _readable_store(ctx, str(rid))
    known = [f["id"] for f in meta.fields]
    names = _fields_arg(data, known)
    limit = as_int(data, "limit", ctx.limits.datastore_search_rows_default,
                   high=ctx.limits.datastore_search_rows_max)
    offset = as_int(data, "offset", 0)
    declared = {f["id"]: f["type"] for f in meta.fields}
    conds = _filters(table, _json_arg(data, "filters", {}), declared)
    filtered = bool(conds)
    q = _json_arg(data, "q", "")
    bind = ctx.session.connection()
    indexed = bool(q) and not isinstance(q, dict) and dsindex.has_document(bind, table.name)
    conds += _q(bind.dialect.name, table, q, known, indexed)
    columns = [table.c[n] for n in names]
    distinct = as_bool(data.get("distinct"), False)
    query = select(*columns).where(*conds)
    if distinct:
        query = query.distinct()
    include_total = as_bool(data.get("include_total"), True)
    total = 0
    if include_total:  # a count is a scan of what matches: only when asked for
        counted = select(func.count()).select_from(query.subquery()) if distinct else \
            select(func.count()).select_from(table).where(*conds)
        if (indexed and isinstance(q, str) and not filtered and not distinct
                and bind.dialect.name != "postgresql"):
            # Only q: the FTS table counts its matches without reading a row.
            total = fulltext.sqlite_count(bind, table.name, fulltext.query_terms(q))
        elif not conds and not distinct:
            stored = dsstats.known_rows(ctx.session, table.name)
            total = stored if stored is not None else ctx.session.scalar(counted) or 0
        else:
            total = ctx.session.scalar(counted) or 0
    order = _order(table, data.get("sort"))
    if distinct:
        order = [o for o in order if getattr(o, "element", o) in columns] or columns[:1]
    keyset = None if distinct else keyset_order(ctx.session, table, order, meta.primary_key)
    cursor = parse_cursor(data.get("cursor"), keyset, declared)
    if keyset is not None:
        column, descending = keyset
        if column not in columns:
            query = query.add_columns(column)  # the cursor needs it; not returned
        if cursor is not None:
            query = query.where(column < cursor if descending else column > cursor)
    page = query.order_by(*order)
    rows = ctx.session.execute(page.limit(limit) if cursor is not None
                               else page.offset(offset).limit(limit)).all()
    after = data.get("cursor") if cursor is not None else None
    if keyset is not None and rows:
        after = to_json(rows[-1][-1] if keyset[0] not in columns
                        else rows[-1][columns.index(keyset[0])])
    values = [tuple(row)[:len(names)] for row in rows]
    types = {f["id"]: reported_type(f["type"]) for f in meta.fields}
    out: dict[str, Any] = {
        "include_total": include_total,
        "limit": limit, "records_format": "objects", "resource_id": meta.resource_id,
        "fields": [{"id": n, "type": "int" if n == "_id" else types[n]} for n in names],
        "records": [{n: to_json(v) for n, v in zip(names, row, strict=True)}
                    for row in values],
    }
    if out["include_total"]:
        out["total"] = total
    for key in ("filters", "q", "sort", "distinct"):
        if key in data:
            out[key] = _json_arg(data, key, None)
    if offset:
        out["offset"] = offset
    out["_links"] = links(data, limit, offset, after)
    return out


@action
def datastore_delete(ctx: Context, data: dict[str, Any]) -> dict[str, Any]:
    ctx.require_write("delete datastore")
    rid = data.get("resource_id") or data.get("id")
    if not rid:
        raise missing("resource_id")
    res = _resource(ctx, rid)
    _check_writable(ctx, res, data)
    meta, table = _store(ctx, res.id)
    filters = _json_arg(data, "filters", None)
    out: dict[str, Any] = {"resource_id": res.id}
    if filters:
        declared = {f["id"]: f["type"] for f in meta.fields}
        ctx.session.execute(delete(table).where(*_filters(table, filters, declared)))
        dsstats.forget(ctx.session, table.name)
        out["filters"] = filters
        return out
    _drop(ctx.session.connection(), table)
    dsstats.forget(ctx.session, table.name)
    ctx.session.delete(meta)
    res.data = {**res.data, "datastore_active": False}
    return out


@action
def datastore_switch(ctx: Context, data: dict[str, Any]) -> dict[str, Any]:
    """Put the staging table in place of the live one, in one transaction.

    ``datastore_hash`` (optional) is written on the resource in the same transaction, so the
    mark of a complete table and the table itself change together.
    """
    ctx.require_write("switch datastore")
    rid = data.get("resource_id") or data.get("id")
    if not rid:
        raise missing("resource_id")
    res = _resource(ctx, rid)
    _check_writable(ctx, res, data)
    staged = ctx.session.get(PortalStagedDatastore, res.id)
    if staged is None:
        raise NotFound(f'Resource "{rid}" has no staged DataStore table.')
    fields = swap_in(ctx, res, staged)
    extra = {"datastore_hash": str(data["datastore_hash"])} if "datastore_hash" in data else {}
    res.data = {**res.data, **extra}
    return {"resource_id": res.id, "fields": _fields_out_of(fields)}


def swap_in(ctx: Context, res: PortalResource, staged: PortalStagedDatastore
            ) -> list[dict[str, Any]]:
    """Put a staging table in place of the resource's live table (in the caller's
    transaction); returns its fields."""
    bind = ctx.session.connection()
    live = ctx.session.get(PortalDatastore, res.id)
    if live is not None:
        _drop(bind, build_table(res.id, live.fields, live.primary_key))
        ctx.session.delete(live)
        ctx.session.flush()
    preparer = bind.dialect.identifier_preparer
    ctx.session.execute(text(f"ALTER TABLE {preparer.quote(staged.table_name)} RENAME TO "
                             f"{preparer.quote(table_name(res.id))}"))
    if bind.dialect.name != "postgresql" and dsindex.has_document(bind, staged.table_name):
        # Indexes move with the table; the FTS table and its triggers are renamed with it.
        fulltext.rename_sqlite_index(bind, staged.table_name, table_name(res.id))
    fields, pk = list(staged.fields), list(staged.primary_key)
    dsstats.renamed(ctx.session, staged.table_name, table_name(res.id))
    dsstats.count(ctx.session, table_name(res.id))
    ctx.session.delete(staged)
    ctx.session.flush()
    ctx.session.add(PortalDatastore(resource_id=res.id, table_name=table_name(res.id),
                                    fields=fields, primary_key=pk))
    res.data = {**res.data, "datastore_active": True, "metadata_modified": now()}
    return fields
