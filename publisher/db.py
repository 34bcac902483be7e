"""The state database: engine, sessions and migrations (Alembic, run on first use).

Alembic is imported only when the database is behind the newest migration (or a command asks
for it): a process that finds the database current (``alembic_version`` holds the head the
migration files name) never loads it.
"""

from __future__ import annotations

import ast
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
#: Seconds a SQLite connection waits for another writer before giving up ("database is locked").
BUSY_TIMEOUT = 120.0
#: SQLite's page cache per connection, in MiB (its default, 2 MiB, is smaller than the search
#: index of a 50,000-package catalogue: each search would read it from the OS again).
SQLITE_CACHE_MB = 32
#: Seconds a pooled PostgreSQL connection may sit idle and still be used without a ping first.
PING_AFTER_IDLE = 10.0


_BEGIN = threading.local()


def _sqlite_transactions(engine: Engine) -> None:
    """Real transactions on SQLite: WAL, a busy timeout, and BEGIN issued by SQLAlchemy.

    Python's sqlite3 driver starts transactions lazily and lets a SAVEPOINT outside one commit
    on release, so a DataStore load committed row by row. Here SQLAlchemy issues the BEGIN
    itself. WAL lets readers read while one writer writes; the busy timeout makes a second
    writer wait instead of failing with "database is locked". A session that reads and then
    writes asks for BEGIN IMMEDIATE (``Database.session(write=True)``): it takes the write lock
    up front, so it cannot fail with SQLITE_BUSY_SNAPSHOT, which no busy timeout covers.
    """

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # the driver issues no BEGIN of its own
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT * 1000)}")
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_MB * 1024}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if getattr(_BEGIN, "immediate", False)
                             else "BEGIN")


def driver_url(url: str) -> str:
    """A plain ``postgresql://`` URL uses psycopg 3 (a dependency); an explicit driver
    (``postgresql+psycopg2://``) is kept as given."""
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url.removeprefix(plain)
    return url


def make_engine(url: str) -> Engine:
    url = driver_url(url)
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False,
                                                  "timeout": BUSY_TIMEOUT})
        _sqlite_transactions(engine)
        return engine
    engine = create_engine(url)
    _ping_when_idle(engine)
    return engine


def _ping_when_idle(engine: Engine) -> None:
    """Ping a pooled connection before use only when it has been idle a while.

    ``pool_pre_ping`` pings on every checkout: one more round trip on every request, as many
    as a package_show needs for its answer. A connection returned to the pool moments ago is
    alive; one idle longer than ``PING_AFTER_IDLE`` may have been closed by the server (a
    restart, an idle timeout) and is pinged, and replaced when the ping fails. A connection
    that breaks in between fails its request, and the pool then drops every connection of
    the same age (SQLAlchemy's disconnect handling), as it would without any ping.
    """

    @event.listens_for(engine, "checkin")
    def _checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("idle_since")
        if since is None or time.monotonic() - since < PING_AFTER_IDLE:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as exc:  # the pool takes a new connection
            raise DisconnectionError("stale pooled connection") from exc


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


_ASSIGNED = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.MULTILINE)


def _declared_head() -> str | None:
    """The one head the migration files declare (``revision`` no ``down_revision`` names), or
    None when they do not say it plainly; Alembic decides then."""
    revisions: set[str] = set()
    pointed: set[str] = set()
    try:
        for path in (MIGRATIONS / "versions").glob("*.py"):
            found = dict(_ASSIGNED.findall(path.read_text(encoding="utf-8")))
            revision = ast.literal_eval(found["revision"])
            down = ast.literal_eval(found.get("down_revision", "None"))
            if not isinstance(revision, str):
                return None
            revisions.add(revision)
            pointed.update([down] if isinstance(down, str) else list(down or ()))
    except (OSError, KeyError, ValueError, SyntaxError, TypeError):
        return None
    heads = revisions - pointed
    return heads.pop() if len(heads) == 1 else None


def is_current(engine: Engine) -> bool:
    """Whether the database is at the declared head, read with one query (no Alembic)."""
    head = _declared_head()
    if head is None:
        return False
    try:
        with engine.connect() as conn:
            versions: list[str] = list(conn.execute(text("SELECT version_num FROM alembic_version"))
                            .scalars())
    except DBAPIError:  # no such table: a new database
        return False
    return versions == [head]


def upgrade(engine: Engine) -> tuple[str | None, str | None]:
    """Migrate to the newest revision; returns (before, after)."""
    from alembic import command

    before = current_revision(engine)
    if before != head_revision():
        command.upgrade(alembic_config(engine), "head")
    return before, current_revision(engine)


class Database:
    """One engine and its session factory; migrates the schema the first time it is used."""

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._factory = sessionmaker(self.engine, expire_on_commit=False)
        self._migrated = not migrate

    def ensure_migrated(self) -> None:
        if not self._migrated:
            if not is_current(self.engine):
                upgrade(self.engine)
            self._migrated = True

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """A session that commits on success and rolls back on any error.

        ``write``: the session reads, then writes; on SQLite it takes the write lock when it
        begins (other writers wait their turn). Keep such a session short, and never call a
        portal (HTTP) inside it: the embedded portal writes to the same database.
        """
        self.ensure_migrated()
        with self._factory() as session, session.begin():
            if write and self.engine.dialect.name == "sqlite":
                _BEGIN.immediate = True
                try:
                    session.connection()
                finally:
                    _BEGIN.immediate = False
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
