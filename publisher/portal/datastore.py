"""DataStore actions: datastore_create, datastore_upsert, datastore_search, datastore_delete."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Table,
    and_,
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

from publisher.portal.context import Context, action, as_bool, as_int
from publisher.portal.dstables import (
    build_table,
    check_fields,
    convert_record,
    reported_type,
    table_name,
    to_json,
)
from publisher.portal.errors import NotFound, ValidationError, missing
from publisher.portal.models import PortalDatastore, PortalResource
from publisher.portal.params import parse_json


def _json_arg(data: dict[str, Any], key: str, default: Any) -> Any:
    value = data.get(key, default)
    if isinstance(value, str) and value[:1] in ("[", "{"):
        return parse_json(key, value)
    return value


def _resource(ctx: Context, rid: Any) -> PortalResource:
    res = ctx.session.get(PortalResource, str(rid)) if rid else None
    if res is None or res.state != "active":
        raise NotFound(f'Resource "{rid}" was not found.')
    return res


def _store(ctx: Context, rid: Any) -> tuple[PortalDatastore, Table]:
    meta = ctx.session.get(PortalDatastore, str(rid)) if rid else None
    if meta is None:
        raise NotFound(f'Resource "{rid}" was not found.')
    return meta, build_table(meta.resource_id, meta.fields, meta.primary_key)


def _check_writable(ctx: Context, res: PortalResource, data: dict[str, Any]) -> None:
    """CKAN refuses DataStore writes to a resource it did not fill, unless ``force``."""
    if not as_bool(data.get("force"), False) and res.data.get("url_type") != "datastore":
        raise ValidationError({"read-only": [
            "Cannot edit read-only resource because changes made may be lost. Use a resource "
            'created for editing e.g. with datastore_create or use "force=True" to ignore this '
            "warning."]})


def _fields_out(meta: PortalDatastore) -> list[dict[str, Any]]:
    return [{"id": f["id"], "type": f["type"]} for f in meta.fields]


def _write(ctx: Context, meta: PortalDatastore, table: Table, records: list[Any],
           method: str) -> None:
    types = {f["id"]: f["type"] for f in meta.fields}
    key = list(meta.primary_key) or ["_id"]
    for raw in records:
        row = convert_record(raw, types)
        if method == "insert":
            try:
                with ctx.session.begin_nested():
                    ctx.session.execute(insert(table).values(**row))
            except IntegrityError:
                raise ValidationError({"records": ["duplicate key value violates unique "
                                                   "constraint"]}) from None
            continue
        if any(k not in row for k in key):
            absent = ", ".join(f'"{k}"' for k in key if k not in row)
            raise ValidationError({"key": [f"fields {absent} are missing but needed as key"]})
        where = and_(*(table.c[k] == row[k] for k in key))
        values = {k: v for k, v in row.items() if k not in key}
        found = ctx.session.execute(select(table.c._id).where(where)).first()
        if found is None:
            if method == "update":
                raise ValidationError({"key": [
                    f'key "{[row[k] for k in key]}" not found']})
            ctx.session.execute(insert(table).values(**row))
        elif values:
            ctx.session.execute(update(table).where(where).values(**values))


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
    res = _resource(ctx, rid)
    _check_writable(ctx, res, data)
    fields = check_fields(_json_arg(data, "fields", []) or [])
    pk = _json_arg(data, "primary_key", [])
    pk = [pk] if isinstance(pk, str) else list(pk or [])
    meta = ctx.session.get(PortalDatastore, res.id)
    bind = ctx.session.connection()
    if meta is None:
        names = {f["id"] for f in fields}
        if unknown := [k for k in pk if k not in names]:
            raise ValidationError({"primary_key": [f'field "{unknown[0]}" not in fields']})
        meta = PortalDatastore(resource_id=res.id, table_name=table_name(res.id),
                               fields=fields, primary_key=pk)
        ctx.session.add(meta)
        table = build_table(res.id, fields, pk)
        # SQLite runs DDL outside the transaction: a table left by a failed create has no
        # metadata row, so it is not ours to keep.
        table.drop(bind, checkfirst=True)
        table.create(bind)
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
    res = _resource(ctx, rid)
    _check_writable(ctx, res, data)
    meta, table = _store(ctx, res.id)
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


def _filters(table: Table, filters: Any) -> list[Any]:
    if not filters:
        return []
    if not isinstance(filters, dict):
        raise ValidationError({"filters": ["Not a dict"]})
    conds = []
    for name, value in filters.items():
        if name not in table.c:
            raise ValidationError({"filters": [f'field "{name}" not in table']})
        column = table.c[name]
        values = value if isinstance(value, list) else [value]
        conds.append(cast(column, SqlText).in_([str(v) for v in values]))
    return conds


def _q(table: Table, q: Any, text_columns: list[str]) -> list[Any]:
    if not q:
        return []
    if isinstance(q, dict):
        return [func.lower(cast(table.c[k], SqlText)).contains(str(v).lower())
                for k, v in q.items() if k in table.c]
    conds = []
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
        if name not in table.c:
            raise ValidationError({"sort": [f'field "{name}" not in table']})
        desc = len(bits) > 1 and bits[1].lower() == "desc"
        order.append(table.c[name].desc() if desc else table.c[name].asc())
    return order


@action
def datastore_search(ctx: Context, data: dict[str, Any]) -> dict[str, Any]:
    rid = data.get("resource_id") or data.get("id")
    if not rid:
        raise missing("resource_id")
    meta, table = _store(ctx, rid)
    res = _resource(ctx, rid)
    from publisher.portal.packages import readable_package

    readable_package(ctx, res.package_id)
    known = [f["id"] for f in meta.fields]
    names = _fields_arg(data, known)
    limit = as_int(data, "limit", 100, high=32000)
    offset = as_int(data, "offset", 0)
    conds = _filters(table, _json_arg(data, "filters", {}))
    conds += _q(table, _json_arg(data, "q", ""), known)
    columns = [table.c[n] for n in names]
    query = select(*columns).where(*conds)
    if as_bool(data.get("distinct"), False):
        query = query.distinct()
    total = ctx.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    order = _order(table, data.get("sort"))
    if as_bool(data.get("distinct"), False):
        order = [o for o in order if getattr(o, "element", o) in columns] or columns[:1]
    rows = ctx.session.execute(query.order_by(*order).offset(offset).limit(limit)).all()
    types = {f["id"]: reported_type(f["type"]) for f in meta.fields}
    out: dict[str, Any] = {
        "include_total": as_bool(data.get("include_total"), True),
        "limit": limit, "records_format": "objects", "resource_id": meta.resource_id,
        "fields": [{"id": n, "type": "int" if n == "_id" else types[n]} for n in names],
        "records": [{n: to_json(v) for n, v in zip(names, row, strict=True)} for row in rows],
    }
    if out["include_total"]:
        out["total"] = total
    for key in ("filters", "q", "sort", "distinct"):
        if key in data:
            out[key] = _json_arg(data, key, None)
    if offset:
        out["offset"] = offset
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
        ctx.session.execute(delete(table).where(*_filters(table, filters)))
        out["filters"] = filters
        return out
    table.drop(ctx.session.connection())
    ctx.session.delete(meta)
    res.data = {**res.data, "datastore_active": False}
    return out
