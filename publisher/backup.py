"""Backups of an instance: the state database (with the embedded portal's tables) and its files.

One archive (tar.gz) holds ``manifest.json`` (format, dialect, schema revision), the database
(``state.sqlite`` from SQLite's online backup, or ``state.pgdump`` from ``pg_dump -Fc``) and the
instance folders that the database points into: releases and the portal's uploads. Secrets are
never in it: the pseudonym key and tokens' clear text are not stored in the instance (tokens are
kept as hashes). Both operations hold the run lock, so no publish run writes meanwhile.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from publisher import codes
from publisher.db import current_revision
from publisher.runlock import acquire
from publisher.services import Services

FORMAT = 1
#: Instance folders kept in a backup (the database refers to files in them).
FOLDERS = ("releases", "uploads")


codes.define(
    "backup-in-memory", stage="backup", title=("内存数据库无法备份", "In-memory database"),
    description="An in-memory SQLite database has no file to back up.",
    message=("内存中的 SQLite 数据库无法备份",
             "an in-memory SQLite database cannot be backed up"),
)
codes.define(
    "backup-tool-missing", stage="backup", title=("缺少备份工具", "Backup tool missing"),
    description="pg_dump or pg_restore is not installed.",
    message=("未安装 {tool}（PostgreSQL 备份需要）",
             "{tool} is not installed (needed for PostgreSQL)"),
)
codes.define(
    "backup-tool-failed", stage="backup", title=("备份工具失败", "Backup tool failed"),
    description="pg_dump or pg_restore failed; its error output follows.",
    message=("{tool} 失败：{output}",
             "{tool} failed: {output}"),
)
codes.define(
    "backup-dialect-unsupported", stage="backup",
    title=("不支持的数据库", "Database not supported"),
    description="Only SQLite and PostgreSQL databases are backed up.",
    message=("不支持备份 {dialect} 数据库",
             "no backup for {dialect} databases"),
)
codes.define(
    "backup-entry-unexpected", stage="backup", title=("不是本系统的备份", "Not a publisher backup"),
    description="The archive holds an entry a backup never holds.",
    message=("不是本系统的备份：意外的条目 {entry}",
             "not a publisher backup: unexpected entry {entry}"),
)
codes.define(
    "backup-missing", stage="backup", title=("备份文件不存在", "No such backup"),
    description="The backup file to restore does not exist.",
    message=("{source}：备份文件不存在",
             "{source}: no such backup file"),
)
codes.define(
    "backup-manifest-unreadable", stage="backup", title=("备份清单不可读", "Manifest unreadable"),
    description="The archive has no readable manifest.json.",
    message=("{source}：没有可读的 manifest.json",
             "{source}: no readable manifest.json"),
)
codes.define(
    "backup-format-unknown", stage="backup", title=("备份格式不符", "Backup format unknown"),
    description="The backup was written in another format version.",
    message=("{source}：备份格式 {found} 不是 {expected}",
             "{source}: backup format {found} is not {expected}"),
)
codes.define(
    "backup-dialect-mismatch", stage="backup", title=("数据库类型不符", "Database kind differs"),
    description="The backup holds another kind of database than this instance uses.",
    message=("{source} 含 {found} 数据库；本实例使用 {dialect}",
             "{source} holds a {found} database; this instance uses {dialect}"),
)
codes.define(
    "restore-would-replace", stage="backup", title=("实例已有数据库", "Instance has a database"),
    description="Restoring over an existing state database needs --force.",
    message=("本实例已有状态数据库；如要替换，请加 --force",
             "this instance already has a state database; pass --force to replace it"),
)


class BackupError(codes.CodedError, RuntimeError):
    """A backup or restore that cannot be done; the code says why."""


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database:
        raise BackupError("backup-in-memory")
    return Path(database)


def _pg_url(url: str) -> str:
    """The URL for pg_dump/pg_restore: libpq's form, without SQLAlchemy's driver name."""
    parsed = make_url(url).set(drivername="postgresql")
    return parsed.render_as_string(hide_password=False)


def _schema_args(url: str) -> list[str]:
    """``-n SCHEMA`` when the URL sets a search_path: only that schema is dumped and restored."""
    options = str(make_url(url).query.get("options", ""))
    for part in options.split():
        if part.startswith("-csearch_path="):
            return ["-n", part.removeprefix("-csearch_path=").split(",")[0]]
    return []


def _run(args: list[str]) -> None:
    try:
        subprocess.run(args, check=True, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError("backup-tool-missing", tool=args[0]) from None
    except subprocess.CalledProcessError as exc:
        raise BackupError("backup-tool-failed", tool=args[0],
                          output=exc.stderr.strip()[:300]) from None


def backup(services: Services, dest: Path) -> dict[str, Any]:
    """Write the instance's backup archive to ``dest``; returns its manifest."""
    url = services.settings.resolved_database_url
    engine = services.db.engine
    services.db.ensure_migrated()
    with acquire(services), tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        if engine.dialect.name == "sqlite":
            source = sqlite3.connect(_sqlite_path(url))
            target = sqlite3.connect(work / "state.sqlite")
            try:
                source.backup(target)  # a consistent copy while readers go on
            finally:
                target.close()
                source.close()
            database = "state.sqlite"
        elif engine.dialect.name == "postgresql":
            _run(["pg_dump", "-Fc", "--no-owner", *_schema_args(url),
                  "-f", str(work / "state.pgdump"), "-d", _pg_url(url)])
            database = "state.pgdump"
        else:
            raise BackupError("backup-dialect-unsupported", dialect=engine.dialect.name)
        manifest = {"format": FORMAT, "dialect": engine.dialect.name, "database": database,
                    "revision": current_revision(engine),
                    "created": datetime.now(UTC).isoformat(timespec="seconds")}
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        dest.parent.mkdir(parents=True, exist_ok=True)
        partial = dest.with_name(dest.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work / "manifest.json", "manifest.json")
            archive.add(work / database, database)
            for folder in FOLDERS:
                path = services.settings.instance_path / folder
                if path.is_dir():
                    archive.add(path, folder)
        partial.replace(dest)  # a backup is complete or absent, never half written
    return manifest


def _safe_members(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    allowed = ("manifest.json", "state.sqlite", "state.pgdump", *FOLDERS)
    members = archive.getmembers()
    for member in members:
        top = member.name.split("/", 1)[0]
        if top not in allowed or ".." in Path(member.name).parts or member.name.startswith("/"):
            raise BackupError("backup-entry-unexpected", entry=repr(member.name))
    return members


def restore(services: Services, source: Path, *, force: bool = False) -> dict[str, Any]:
    """Replace the instance's database and files with the backup's; returns its manifest.

    Refuses an instance that already has a state database unless ``force``.
    """
    if not source.is_file():
        raise BackupError("backup-missing", source=str(source))
    url = services.settings.resolved_database_url
    engine = services.db.engine
    with acquire(services), tempfile.TemporaryDirectory() as scratch, \
            tarfile.open(source, "r:gz") as archive:
        work = Path(scratch)
        archive.extractall(work, members=_safe_members(archive), filter="data")
        try:
            manifest: dict[str, Any] = json.loads((work / "manifest.json").read_text("utf-8"))
        except (OSError, ValueError):
            raise BackupError("backup-manifest-unreadable", source=str(source)) from None
        if manifest.get("format") != FORMAT:
            raise BackupError("backup-format-unknown", source=str(source),
                              found=manifest.get("format"), expected=FORMAT)
        if manifest["dialect"] != engine.dialect.name:
            raise BackupError("backup-dialect-mismatch", source=str(source),
                              found=manifest["dialect"], dialect=engine.dialect.name)
        if current_revision(engine) is not None and not force:
            raise BackupError("restore-would-replace")
        services.db.dispose()
        if engine.dialect.name == "sqlite":
            path = _sqlite_path(url)
            path.parent.mkdir(parents=True, exist_ok=True)
            for extra in ("-wal", "-shm"):
                Path(str(path) + extra).unlink(missing_ok=True)
            shutil.copyfile(work / manifest["database"], path)
        else:
            _run(["pg_restore", "--clean", "--if-exists", "--no-owner", *_schema_args(url),
                  "-d", _pg_url(url), str(work / manifest["database"])])
        for folder in FOLDERS:
            target = services.settings.instance_path / folder
            if target.exists():
                shutil.rmtree(target)
            if (work / folder).is_dir():
                shutil.copytree(work / folder, target)
    return manifest
