"""What every source adapter receives and returns: a spec, a context, a staged snapshot.

An adapter writes the resource's bytes into a file the caller chose (never into the dataset's
data folder: the caller swaps snapshots in atomically once every resource of the dataset has
been fetched) and returns a :class:`Snapshot` with the fingerprint of what it wrote. A source
that cannot be read raises :class:`SourceError` with a reason that quotes no cell.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class SourceError(RuntimeError):
    """A source could not be read (unreachable, refused, garbage); the last snapshot stays.

    ``reason`` is an English msgid of the message catalogue with ``%(name)s`` placeholders,
    filled from ``params`` (names, counts, a library's own words such as an exception's class;
    never a cell): the CLI shows it in the language asked, from ``reason_msgid`` and
    ``reason_params``; ``reason`` itself is the English text, as logged and stored.
    """

    def __init__(self, code: str, reason: str, **params: object) -> None:
        self.code = code
        self.reason_msgid, self.reason_params = reason, params
        self.reason = reason % params if params else reason
        super().__init__(f"{code}: {self.reason}")


class SourceNotConfigured(SourceError):
    """The source names a secret that this instance does not define: skipped, not failed."""


@dataclass(frozen=True)
class Previous:
    """What the last good harvest of this resource recorded, for conditional requests."""

    fingerprint: str = ""
    etag: str = ""
    last_modified: str = ""


@dataclass
class SourceContext:
    """Everything an adapter may use besides its spec; built by the harvest run."""

    secret: Callable[[str], str | None]
    timeout: float = 30.0
    chunk_rows: int = 10_000
    previous: Previous = field(default_factory=Previous)
    #: Bytes already fetched in this run, by URL: a GTFS zip is downloaded once for all members.
    cache: dict[str, tuple[bytes, dict[str, str]]] = field(default_factory=dict)
    #: Builds the ckanapi client of a remote catalogue (URL, token): adapters never build one.
    ckan_client: Callable[[str, str | None], Any] | None = None


@dataclass(frozen=True)
class Snapshot:
    """A staged resource: its fingerprint, and where it came from (no cell values)."""

    fingerprint: str
    not_modified: bool = False  # the source said "unchanged" (HTTP 304): nothing was written
    etag: str = ""
    last_modified: str = ""
    provenance: dict[str, Any] = field(default_factory=dict)


Adapter = Callable[[Mapping[str, Any], "TargetSpec", SourceContext], Snapshot]


@dataclass(frozen=True)
class TargetSpec:
    """The resource being fed: where to write, and how the steward declared it."""

    path: Path  # the staging file to write
    schema: Mapping[str, Any] | None
    encoding: str  # the resource's declared encoding (utf-8 when none)
    format: str


def resolve_url(spec: Mapping[str, Any], ctx: SourceContext, key: str = "url") -> str:
    """A source's URL, given inline (``url``) or by the name of a secret (``url_secret``)."""
    secret_name = spec.get(f"{key}_secret")
    if isinstance(secret_name, str) and secret_name:
        value = ctx.secret(secret_name)
        if not value:
            variable = "PUBLISHER_SOURCE_" + secret_name.upper()
            raise SourceNotConfigured(
                "source-not-configured", "secret '%(name)s' is not set (%(variable)s)",
                name=secret_name, variable=variable)
        return value
    value = spec.get(key)
    if not isinstance(value, str) or not value:
        raise SourceError("source-spec-invalid", "the source needs '%(key)s' or %(key)s_secret",
                          key=key)
    return value
