"""package_search answers kept per catalogue generation, as Solr keeps its result cache.

An exact count over a search's matches costs time in proportion to the matches (tens of
milliseconds at 50,000 packages), while Solr answers a repeated query from its caches. Here a
bounded, per-process LRU keeps a search's count and facet counts under its query, and each of
its pages' package ids under the query, sort and page (so paging through a search counts once),
all keyed by the catalogue **generation**: a number the database itself raises on any write
to the tables a search reads (packages, their search documents and terms, organizations), by
trigger, so a write by any process or any code path (API, sync, release switch, a bulk load,
plain SQL) makes every kept answer unreachable at once.

- SQLite: a row trigger per table and operation (writers are serialised by the database lock).
- PostgreSQL: a deferred constraint trigger that raises the generation once per transaction, at
  commit. The counter row is the last lock a writing transaction takes, so concurrent writers
  queue on it for an instant and can never deadlock over it.

The generation is read before a search's own queries, so a kept answer is never older than its
generation. A query with Solr date maths (``NOW``) changes with the clock and is never kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

TABLE = "portal_catalogue_generation"
#: The tables whose writes change what package_search answers.
WATCHED = ("portal_packages", "portal_search", "portal_terms", "portal_organizations")
DEFAULT_SIZE = 512
_PG_FUNCTION = "portal_raise_generation"


@dataclass(frozen=True)
class Totals:
    """A search's exact count and facet counts (kept apart from its pages' package ids)."""

    count: int
    facets: dict[str, dict[str, int]]


#: What is kept: a search's totals, or one page's package ids (the dicts are read afresh).
Answer = Totals | tuple[str, ...]


def _items(answer: Answer) -> int:
    """An answer's size in kept items: package ids, or facet values (and one for the count)."""
    if isinstance(answer, Totals):
        return 1 + sum(len(values) for values in answer.facets.values())
    return max(len(answer), 1)


class SearchCache:
    """A thread-safe LRU of at most ``size`` answers (0: keep nothing) holding at most
    ``size * ITEMS_PER_ENTRY`` items in all: a facet of every tag (``facet.limit=-1``) or
    pages of a thousand ids cannot make it grow past a few tens of megabytes."""

    ITEMS_PER_ENTRY = 100

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = max(int(size), 0)
        self.budget = self.size * self.ITEMS_PER_ENTRY
        self._entries: OrderedDict[Hashable, tuple[Answer, int]] = OrderedDict()
        self._items = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable) -> Answer | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return found[0]

    def put(self, key: Hashable, answer: Answer) -> None:
        items = _items(answer)
        if not self.size or items > self.budget // 4:  # too big to be worth a quarter
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._items -= old[1]
            self._entries[key] = (answer, items)
            self._items += items
            while len(self._entries) > self.size or self._items > self.budget:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._items -= dropped

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def items(self) -> int:
        return self._items


def generation(session: Session) -> int:
    """The catalogue's current generation (read before the search's own queries)."""
    return int(session.execute(text(f"SELECT generation FROM {TABLE} WHERE id = 1"))
               .scalar_one())


def cacheable(*texts: Any) -> bool:
    """Whether an answer may be kept: Solr's ``NOW`` makes it depend on the clock."""
    return not any("NOW" in str(t).upper() for t in texts if t)


def install(conn: Connection) -> None:
    """The counter row and the triggers that raise it (the migration and fresh schemas)."""
    conn.execute(text(f"CREATE TABLE IF NOT EXISTS {TABLE} "
                      "(id INTEGER PRIMARY KEY, generation BIGINT NOT NULL)"))
    conn.execute(text(f"INSERT INTO {TABLE} (id, generation) SELECT 1, 0 "
                      f"WHERE NOT EXISTS (SELECT 1 FROM {TABLE} WHERE id = 1)"))
    if conn.dialect.name == "postgresql":
        # Once per transaction: a bulk load of 50,000 packages raises it once, not per row.
        conn.execute(text(f"""
            CREATE OR REPLACE FUNCTION {_PG_FUNCTION}() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                IF current_setting('portal.generation_raised', true)
                        IS DISTINCT FROM txid_current()::text THEN
                    PERFORM set_config('portal.generation_raised', txid_current()::text, true);
                    UPDATE {TABLE} SET generation = generation + 1 WHERE id = 1;
                END IF;
                RETURN NULL;
            END $$"""))
        for table in WATCHED:
            conn.execute(text(f'DROP TRIGGER IF EXISTS "{table}_generation" ON "{table}"'))
            conn.execute(text(
                f'CREATE CONSTRAINT TRIGGER "{table}_generation" '
                f'AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
                f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
                f"EXECUTE FUNCTION {_PG_FUNCTION}()"))
        return
    for table in WATCHED:
        for event in ("INSERT", "UPDATE", "DELETE"):
            conn.execute(text(
                f'CREATE TRIGGER IF NOT EXISTS "{table}_generation_{event.lower()}" '
                f'AFTER {event} ON "{table}" BEGIN '
                f"UPDATE {TABLE} SET generation = generation + 1 WHERE id = 1; END"))


def uninstall(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        for table in WATCHED:
            conn.execute(text(f'DROP TRIGGER IF EXISTS "{table}_generation" ON "{table}"'))
        conn.execute(text(f"DROP FUNCTION IF EXISTS {_PG_FUNCTION}()"))
    else:
        for table in WATCHED:
            for event in ("insert", "update", "delete"):
                conn.execute(text(f'DROP TRIGGER IF EXISTS "{table}_generation_{event}"'))
    conn.execute(text(f"DROP TABLE IF EXISTS {TABLE}"))
