"""Every setting of the publisher, declared once with its default and its help line.

Values come from the defaults below, then the instance file (``<instance>/publisher.toml``),
then ``PUBLISHER_*`` environment variables, then explicit overrides (tests, CLI options).
The configuration reference in ``docs/configuration.md`` is generated from this module.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher import codes

PREFIX = "PUBLISHER_"
INSTANCE_FILE = "publisher.toml"


def _setting(default: Any, help: str, *, secret: bool = False) -> Any:
    return field(default=default, metadata={"help": help, "secret": secret})


@dataclass(frozen=True)
class Settings:
    """The resolved settings of one process; build it with :func:`load_settings`."""

    datasets_dir: str = _setting(
        "datasets", "Folder with one sub-folder per dataset (datapackage.yaml, data/)."
    )
    schemas_dir: str = _setting("schemas", "Folder of the Table Schemas that datasets refer to.")
    vocabulary_file: str = _setting(
        "",
        "The bureau's vocabulary (departments, catalogue columns, openness classes). "
        "Empty: bureau.yaml in the datasets folder.",
    )
    instance_dir: str = _setting(
        "var", "Folder for the state database, logs, releases and uploads."
    )
    database_url: str = _setting(
        "",
        "SQLAlchemy URL of the state database. Empty: SQLite file publisher.db in the "
        "instance folder.",
    )
    portal_url: str = _setting(
        "",
        "Base URL of the CKAN-compatible portal to publish to. Empty: the embedded portal "
        "served by this app.",
    )
    portal_token: str = _setting("", "API token for writes to the portal.", secret=True)
    pseudonym_key: str = _setting(
        "",
        "Secret key of the keyed pseudonyms (HMAC-SHA256). Publishing refuses to run without one.",
        secret=True,
    )
    site_url: str = _setting(
        "http://127.0.0.1:8080", "Public base URL of this service, used in links and feeds."
    )
    max_request_mb: int = _setting(
        200,
        "Largest request body accepted, in MB (the largest allowed upload); a larger one is "
        "refused with 413 before it is read.",
    )
    host: str = _setting("127.0.0.1", "Address `publisher serve` listens on.")
    port: int = _setting(8080, "Port `publisher serve` listens on.")
    serve_threads: int = _setting(
        8, "Worker threads of `publisher serve` (waitress): requests handled at the same time."
    )
    serve_connection_limit: int = _setting(
        100, "Open connections `publisher serve` accepts before new ones wait."
    )
    compute_engine: str = _setting(
        "local",
        "Where `publisher publish` validates and de-identifies: local (this process) or dask "
        "(partitions sent to a Dask cluster, see docs/operations.md).",
    )
    dask_scheduler: str = _setting(
        "",
        "Address of the Dask scheduler of the dask engine (tcp://host:8786, or tls://… with "
        "Dask's TLS settings). Empty: a cluster of dask_workers processes on this machine.",
    )
    dask_workers: int = _setting(
        2, "Worker processes (one thread each) of the Dask cluster started on this machine."
    )
    partition_rows: int = _setting(
        65536, "Rows in one partition of a resource that the dask engine sends to a worker."
    )
    lang: str = _setting("zh", "Default language of messages: zh or en.")
    log_level: str = _setting(
        "WARNING", "Logging level of the console log: DEBUG, INFO, WARNING or ERROR."
    )
    log_file: str = _setting(
        "", "Log file in JSON lines (one object per record, with the run id); relative to the "
        "instance folder. Empty: console only."
    )
    log_file_level: str = _setting("INFO", "Logging level of the log file.")
    portal_timeout: int = _setting(30, "Seconds to wait for one portal call before retrying.")
    portal_retries: int = _setting(
        5, "Attempts per portal call on connection errors, timeouts and 5xx answers."
    )
    portal_batch_rows: int = _setting(
        2000, "Rows in the first DataStore batch of a load; later batches follow the time one "
        "takes (a quarter of portal_timeout)."
    )
    portal_search_cache: int = _setting(
        512, "package_search answers the embedded portal keeps per process until the next "
        "catalogue write (0: none)."
    )
    chunk_rows: int = _setting(
        0, "Rows a publish run reads, de-identifies and writes at a time (0: 2,048, the "
        "de-identification's own); memory follows the chunk, not the table."
    )
    gazette_days: str = _setting(
        "calendar",
        "How the 5 days for a normative document to reach the gazette are counted: calendar or "
        "working (official calendar).",
    )
    feed_page_size: int = _setting(100, "Datasets per page of the DCAT catalogue feeds.")
    harvest_timeout: int = _setting(
        60, "Seconds to wait for a harvest source (database, URL, remote catalogue) to answer."
    )
    withdraw_mode: str = _setting(
        "private", "How a withdrawn dataset leaves the portal: private or delete."
    )
    annual_report_due: str = _setting(
        "01-31",
        "Day (MM-DD) of the following year by which the annual report on government information "
        "disclosure is published: 31 January for a department (Art. 49), or the local office's "
        "earlier date.",
    )
    requests_department: str = _setting(
        "办公室", "Department (责任部门) that handles disclosure requests and owns the register."
    )
    smtp_host: str = _setting(
        "", "SMTP server for the daily e-mail of due disclosure requests. Empty: no e-mail."
    )
    smtp_port: int = _setting(25, "Port of the SMTP server.")
    smtp_user: str = _setting("", "SMTP user name (empty: no login).")
    smtp_password: str = _setting("", "SMTP password.", secret=True)
    smtp_starttls: str = _setting("no", "Use STARTTLS with the SMTP server: yes or no.")
    mail_from: str = _setting("", "Sender address of the publisher's e-mails.")
    requests_mail_to: str = _setting(
        "",
        "Address(es) of the department handling disclosure requests, comma-separated; "
        "`publisher requests due --mail` writes to them.",
    )
    requests_mail_lang: str = _setting(
        "zh", "Language of the e-mail of due disclosure requests (zh or en): the office's, "
        "not the command's.",
    )

    # Derived paths, so no caller re-implements the defaults.
    @property
    def instance_path(self) -> Path:
        return Path(self.instance_dir).resolve()

    @property
    def datasets_path(self) -> Path:
        return Path(self.datasets_dir).resolve()

    @property
    def schemas_path(self) -> Path:
        return Path(self.schemas_dir).resolve()

    @property
    def vocabulary_path(self) -> Path:
        if self.vocabulary_file:
            return Path(self.vocabulary_file).resolve()
        return self.datasets_path / "bureau.yaml"

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.instance_path / 'publisher.db'}"

    def public(self) -> dict[str, Any]:
        """The settings with secrets hidden, for display."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            out[f.name] = "***" if f.metadata["secret"] and value else value
        return out


codes.define(
    "setting-not-a-number", stage="settings", title=("设置须为整数", "Setting not a number"),
    description="An integer setting was given a value that is not a whole number.",
    message=("{origin}：{name} 须为整数，而非 {value}",
             "{origin}: {name} must be a whole number, not {value}"),
)
codes.define(
    "setting-unknown", stage="settings", title=("未知设置", "Unknown setting"),
    description="The instance file or an override names a setting that does not exist.",
    message=("{origin}：未知设置 {name}", "{origin}: unknown setting {name}"),
)
codes.define(
    "setting-not-allowed", stage="settings",
    title=("设置值不在可选范围", "Setting value not allowed"),
    description="A setting with a fixed set of choices was given another value.",
    message=("{name} 须为 {choices} 之一，而非 {value}",
             "{name} must be one of {choices}, not {value}"),
)
codes.define(
    "settings-file-invalid", stage="settings", title=("实例文件不是合法 TOML", "Not valid TOML"),
    description="The instance file publisher.toml cannot be parsed.",
    message=("{path}：不是合法的 TOML（{reason}）", "{path}: not valid TOML ({reason})"),
)


class SettingsError(codes.CodedError, ValueError):
    """A setting has a value of the wrong type or an unknown name."""


def declared() -> list[dataclasses.Field[Any]]:
    """The declared settings, in order."""
    return list(dataclasses.fields(Settings))


def _coerce(f: dataclasses.Field[Any], raw: Any, origin: str) -> Any:
    if isinstance(f.default, int) and not isinstance(f.default, bool):
        try:
            return int(raw)
        except (TypeError, ValueError):
            raise SettingsError("setting-not-a-number", origin=origin, name=f.name,
                                value=repr(raw)) from None
    return str(raw)


def load_settings(
    env: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None
) -> Settings:
    """Resolve the settings from defaults, instance file, environment and overrides."""
    env = os.environ if env is None else env
    names = {f.name: f for f in declared()}
    values: dict[str, Any] = {}

    def put(name: str, raw: Any, origin: str) -> None:
        if name not in names:
            raise SettingsError("setting-unknown", origin=origin, name=repr(name))
        values[name] = _coerce(names[name], raw, origin)

    instance_dir = (
        (overrides or {}).get("instance_dir") or env.get(PREFIX + "INSTANCE_DIR") or "var"
    )
    instance_file = Path(instance_dir) / INSTANCE_FILE
    if instance_file.is_file():
        try:
            data = tomllib.loads(instance_file.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError("settings-file-invalid", path=str(instance_file),
                                reason=str(exc)) from None
        for key, raw in data.items():
            put(key, raw, str(instance_file))
    for name in names:
        key = PREFIX + name.upper()
        if key in env:
            put(name, env[key], key)
    for name, raw in (overrides or {}).items():
        if raw is not None:
            put(name, raw, "override")
    return Settings(**values)
