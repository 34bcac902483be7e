"""package_search: q (words and Chinese) over the full-text index, fq, sort, paging, facets.

Only the subset of Solr syntax CKAN clients send is understood: ``field:value``,
``field:"quoted value"``, ``field:[from TO to]`` (``*`` open), ``-field:value`` to exclude,
AND between clauses. Every match holds every word, so all score alike: the order is ``sort``'s.
Free text (``q``, ``text:``) is looked up in the package full-text index
(publisher.portal.searchindex); exact values (tags, formats, extras ...) in the term table.
"""

from __future__ import annotations

import re
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    and_,
    false,
    func,
    literal_column,
    not_,
    or_,
    select,
    true,
)
from sqlalchemy.sql.expression import ColumnClause
from sqlalchemy.sql.visitors import iterate, replacement_traverse

from publisher.portal import searchcache, searchindex, shown
from publisher.portal.context import Context, action, as_bool
from publisher.portal.errors import ValidationError
from publisher.portal.limits import INVALID, SEARCH_ROWS_DEFAULT, natural
from publisher.portal.models import PortalOrganization, PortalPackage, PortalSearch, PortalTerm
from publisher.portal.params import parse_json

_CLAUSE = re.compile(
    r'(?P<sign>[+-]?)(?P<field>[\w.]+):(?:"(?P<quoted>(?:[^"\\]|\\.)*)"'
    r'|\[(?P<low>\S+)\s+TO\s+(?P<high>[^\]]+)\]|\((?P<group>[^)]*)\)|(?P<bare>\S+))'
)
# ``groups``: the portal has no groups, so a group filter matches nothing (as on a CKAN without
# any), and ckanext-harvest's groups_filter_* options still get an answer.
TERM_FIELDS = {"organization", "tags", "res_format", "license_id", "groups"}
COLUMNS = {"name": PortalPackage.name, "id": PortalPackage.id, "owner_org": PortalPackage.owner_org,
           "state": PortalPackage.state, "title": PortalPackage.title}
DATES = {"metadata_modified": PortalPackage.metadata_modified,
         "metadata_created": PortalPackage.metadata_created}
SORTABLE = {"name": PortalPackage.name, "title": PortalPackage.title,
            "title_string": PortalPackage.title, "id": PortalPackage.id, **DATES}
DEFAULT_SORT = "score desc, metadata_modified desc"


def _has_term(field: str, term: str | None) -> ColumnElement[bool]:
    sub = select(PortalTerm.package_id).where(PortalTerm.field == field)
    if term is not None:
        sub = sub.where(PortalTerm.term == term)
    return PortalPackage.id.in_(sub)


def _solr_date(value: str) -> str | None:
    """A Solr date bound as the stored text sorts it (naive UTC ISO); None for ``*``."""
    value = value.strip()
    if value == "*":
        return None
    if value.upper().startswith("NOW"):
        from publisher.portal.context import now

        return now()
    return value.rstrip("Z")


def _text(dialect: str, words: str) -> ColumnElement[bool]:
    found = searchindex.matches(dialect, words)
    return true() if found is None else found


def _organization(name: str | None) -> ColumnElement[bool]:
    # The owner's id, not a term lookup: every package of a large organization would match.
    if name is None:
        return PortalPackage.owner_org.is_not(None)
    return PortalPackage.owner_org.in_(
        select(PortalOrganization.id).where(PortalOrganization.name == name))


def _clause(dialect: str, field: str, value: str | None, low: str | None,
            high: str | None) -> ColumnElement[bool]:
    if field in DATES:
        column = DATES[field]
        conds = []
        if low is not None and (bound := _solr_date(low)) is not None:
            conds.append(column >= bound)
        if high is not None and (bound := _solr_date(high)) is not None:
            conds.append(column <= bound)
        if value is not None and value != "*":
            conds.append(column == value.rstrip("Z"))
        return and_(true(), *conds)
    if field in ("dataset_type", "type", "site_id", "capacity", "entity_type"):
        return true() if value in ("dataset", "*", "default", "public", "package") else false()
    if field == "text" and value is not None:
        return _text(dialect, value)
    if value == "*":
        value = None
    if field == "organization":
        return _organization(value)
    if field in COLUMNS:
        return true() if value is None else COLUMNS[field] == value
    if field in TERM_FIELDS or field.startswith("extras_"):
        return _has_term(field, value)
    raise ValidationError({"fq": [f"Unknown search field: {field}"]})


def _one_clause(dialect: str, m: re.Match[str]) -> ColumnElement[bool]:
    field = m["field"]
    if m["group"] is not None:  # field:(a OR b): any of the values
        values = [v.strip('"') for v in re.split(r"\s+OR\s+|\s+", m["group"]) if v]
        cond: ColumnElement[bool] = false()
        for v in values:
            cond = cond | _clause(dialect, field, v, None, None)
        return cond
    value = m["quoted"].replace('\\"', '"') if m["quoted"] is not None else m["bare"]
    return _clause(dialect, field, value, m["low"], m["high"])


def parse_filters(dialect: str, text: str) -> tuple[list[ColumnElement[bool]], str]:
    """SQL conditions for the ``field:value`` clauses of ``text``, and the free text left.

    Clauses are ANDed (CKAN's Solr default operator) unless joined by ``OR``, which
    ckanext-harvest sends for several included organizations; ``NOT`` or ``-`` negates one.
    """
    groups: list[list[ColumnElement[bool]]] = []
    rest: list[str] = []
    end = 0
    for m in _CLAUSE.finditer(text or ""):
        gap = text[end:m.start()]
        words = gap.split()
        end = m.end()
        cond = _one_clause(dialect, m)
        if m["sign"] == "-" or (words and words[-1] == "NOT"):
            cond = not_(cond)
        leftover = [w for w in words if w not in ("AND", "OR", "NOT")]
        rest += leftover
        if groups and not leftover and "OR" in words:
            groups[-1].append(cond)
        else:
            groups.append([cond])
    rest += [w for w in (text or "")[end:].split() if w not in ("AND", "OR", "NOT")]
    return [or_(*g) if len(g) > 1 else g[0] for g in groups], " ".join(rest)


PACKAGES = cast(Table, PortalPackage.__table__)
SEARCH = cast(Table, PortalSearch.__table__)
_NO_OPTIONS: dict[str, Any] = {}
# The package columns portal_search holds a copy of (the package's id is its package_id).
_COPIED = {"id": "package_id", "private": "private", "owner_org": "owner_org",
           "metadata_modified": "metadata_modified"}


def _on(table: Any, element: Any) -> bool:
    """Whether ``element`` refers to a column of ``table`` anywhere."""
    return any(getattr(e, "table", None) is table for e in iterate(element))


def _to_index(element: Any) -> Any:
    """``element`` over portal_search's copied columns, or None when it needs another column
    of the package."""
    missing = False

    def swap(element: Any, **_kw: Any) -> Any:
        nonlocal missing
        if isinstance(element, ColumnClause) and getattr(element, "table", None) is PACKAGES:
            if element.name in _COPIED:
                return SEARCH.c[_COPIED[element.name]]
            missing = True
        return None

    out = replacement_traverse(element, _NO_OPTIONS, swap)
    return None if missing else out


def _over_index(dialect: str, conds: list[ColumnElement[bool]],
                order: list[Any]) -> tuple[Select[Any], Select[Any]]:
    """(matches, the page's ids in order) of a search with free text, read from portal_search
    (only active packages are in it): at 50,000 packages, filtering each text match on its
    package row would read thousands of wide rows."""
    where = []
    for cond in conds:
        moved = _to_index(cond)
        where.append(moved if moved is not None else SEARCH.c.package_id.in_(
            select(PortalPackage.id).where(cond)))
    matched = select(SEARCH.c.package_id).where(*where)
    moved_order = [_to_index(o) for o in order]
    if all(o is not None for o in moved_order):
        page = matched.order_by(*moved_order)
        if dialect == "sqlite":
            # SQLite's "+column" idiom: the text matches are probed while the listing index is
            # read in order, so a page stops after its rows instead of sorting every match.
            plus: ColumnClause[Any] = literal_column(f'+"{SEARCH.name}"._id')
            page = cast(Select[Any], replacement_traverse(
                page, _NO_OPTIONS,
                lambda element, **_kw: plus if element is SEARCH.c._id else None))
        return matched, page
    return matched, matched.join(PortalPackage, PortalPackage.id == SEARCH.c.package_id) \
        .order_by(*order)


def _sort(text: str) -> list[Any]:
    order: list[Any] = []
    for part in (text or DEFAULT_SORT).split(","):
        bits = part.split()
        if not bits:
            continue
        field, direction = bits[0], (bits[1].lower() if len(bits) > 1 else "asc")
        if field == "score":
            continue  # the term count ranks first when there is free text (below)
        if field not in SORTABLE:
            raise ValidationError({"sort": [f"Cannot sort by field `{field}`"]})
        column = SORTABLE[field]
        order.append(column.desc() if direction == "desc" else column.asc())
    return order or [PortalPackage.metadata_modified.desc()]


def _facet_fields(data: dict[str, Any]) -> list[str]:
    raw = data.get("facet.field")
    if raw in (None, ""):
        return []
    if isinstance(raw, str):
        raw = parse_json("facet.field", raw)
    if not isinstance(raw, list):
        raise ValidationError({"facet.field": ["Not a JSON list"]})
    return [str(f) for f in raw]


def _facets(ctx: Context, matched: Select[Any], fields: list[str], limit: int,
            mincount: int) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    # SQLite: "+package_id" reads the field's terms in index order and probes the matches,
    # rather than looking up each match's terms one by one (seconds at 50,000 matches).
    package: Any = literal_column('+"portal_terms".package_id') \
        if ctx.session.get_bind().dialect.name == "sqlite" else PortalTerm.package_id
    for field in fields:
        if field not in TERM_FIELDS and not field.startswith("extras_"):
            out[field] = {}
            continue
        # A (package, field, term) is stored once: count(*) counts packages.
        count = func.count()
        rows = ctx.session.execute(
            select(PortalTerm.term, count).where(
                PortalTerm.field == field, package.in_(matched))
            .group_by(PortalTerm.term).order_by(count.desc(), PortalTerm.term)
            .limit(limit if limit >= 0 else None)).all()
        out[field] = {term: n for term, n in rows if n >= mincount}
    return out


def _search_facets(ctx: Context, facets: dict[str, dict[str, int]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field, counts in facets.items():
        titles: dict[str, str] = {}
        if field == "organization" and counts:
            titles = {o.name: o.title or o.name for o in ctx.session.scalars(
                select(PortalOrganization).where(PortalOrganization.name.in_(list(counts))))}
        out[field] = {"title": field, "items": [
            {"count": n, "display_name": titles.get(name, name), "name": name}
            for name, n in counts.items()]}
    return out


def _facet_limit(ctx: Context, data: dict[str, Any]) -> int:
    """``facet.limit``: any integer (negative: no limit), ``search.facets.limit`` if unset."""
    value = data.get("facet.limit")
    if value is None or value == "":
        return ctx.limits.search_facets_limit
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError({"facet.limit": [INVALID]}) from None


def _matches(ctx: Context, conds: list[ColumnElement[bool]],
             order: list[Any]) -> tuple[Select[Any], Select[Any]]:
    """(the matches, the matches' ids in the page order)."""
    dialect = ctx.session.get_bind().dialect.name
    if any(_on(SEARCH, c) for c in conds):
        return _over_index(dialect, conds, order)
    matched = select(PortalPackage.id).where(PortalPackage.state == "active", *conds)
    return matched, matched.order_by(*order)


def _totals(ctx: Context, data: dict[str, Any], matched: Select[Any]) -> searchcache.Totals:
    """The exact count and the facet counts of a search's matches."""
    count = ctx.session.scalar(select(func.count()).select_from(matched.subquery())) or 0
    facets: dict[str, dict[str, int]] = {}
    if as_bool(data.get("facet"), True):
        facets = _facets(ctx, matched, _facet_fields(data), _facet_limit(ctx, data),
                         natural(data, "facet.mincount", 1) or 0)
    return searchcache.Totals(count=count, facets=facets)


def _query_key(data: dict[str, Any], everything: bool, fq_list: list[Any]) -> tuple[Any, ...]:
    """What the matches, their count and facets depend on besides the catalogue."""
    facet_fields = data.get("facet.field")
    return (everything, str(data.get("q") or "").strip(), str(data.get("fq") or ""),
            tuple(map(str, fq_list)), str(data.get("facet")),
            str(facet_fields) if facet_fields is not None else None,
            str(data.get("facet.limit")), str(data.get("facet.mincount")))


@action
def package_search(ctx: Context, data: dict[str, Any]) -> dict[str, Any]:
    rows = natural(data, "rows", SEARCH_ROWS_DEFAULT, maximum=ctx.limits.search_rows_max) or 0
    start = natural(data, "start", 0) or 0
    everything = ctx.sysadmin and as_bool(data.get("include_private"), False)
    conds: list[ColumnElement[bool]] = []
    if not everything:
        conds.append(PortalPackage.private.is_(False))
    fq = str(data.get("fq") or "")
    fq_list = data.get("fq_list") or []
    if isinstance(fq_list, str):
        fq_list = parse_json("fq_list", fq_list) if fq_list.startswith("[") else [fq_list]
    if not isinstance(fq_list, list):
        raise ValidationError({"fq_list": ["Must be a list"]})
    dialect = ctx.session.get_bind().dialect.name
    for text in [fq, *map(str, fq_list)]:
        filters, rest = parse_filters(dialect, text)
        conds += filters
        if rest:
            conds.append(_text(dialect, rest))
    q = str(data.get("q") or "").strip()
    if q and q not in ("*:*", "*"):
        filters, rest = parse_filters(dialect, q)
        conds += filters
        if rest:
            conds.append(_text(dialect, rest))
    order = _sort(str(data.get("sort") or ""))
    cache = ctx.search_cache
    query: tuple[Any, ...] | None = None
    if cache is not None and cache.size and searchcache.cacheable(q, fq, *fq_list):
        # Read first: whatever the queries below see is at least this generation.
        query = (searchcache.generation(ctx.session), *_query_key(data, everything, fq_list))
    # The count and facets are kept apart from the pages: paging through a search counts once.
    page_key = None if query is None else (*query, str(data.get("sort") or ""), start, rows)
    totals = cache.get(query) if cache is not None and query is not None else None
    ids = cache.get(page_key) if cache is not None and page_key is not None else None
    if not isinstance(totals, searchcache.Totals) or not isinstance(ids, tuple):
        matched, page_ids = _matches(ctx, conds, order)
        if not isinstance(totals, searchcache.Totals):
            totals = _totals(ctx, data, matched)
            if cache is not None and query is not None:
                cache.put(query, totals)
        if not isinstance(ids, tuple):
            ids = tuple(ctx.session.scalars(page_ids.offset(start).limit(rows))) if rows \
                else ()
            if cache is not None and page_key is not None:
                cache.put(page_key, ids)
    results = shown.dicts(ctx, list(ids))
    fl = [f for f in re.split(r"[,\s]+", str(data.get("fl") or "")) if f]
    if fl and fl != ["*"]:  # only these keys of each package, as CKAN's ``fl``
        results = [{k: r[k] for k in fl if k in r} for r in results]
    return {
        "count": totals.count,
        "facets": totals.facets,
        "results": results,
        "sort": str(data.get("sort") or DEFAULT_SORT),
        "search_facets": _search_facets(ctx, totals.facets),
    }
