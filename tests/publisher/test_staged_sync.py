"""Readers of the anonymous API see one release whole while a changed release is synced, and
after a sync killed with SIGKILL: the package's checksum, each file's checksum and each
DataStore table's row count always belong to the same release.

Embedded portal only: it stages releases (``staged_release``); a real CKAN is written in place,
and the last test shows what a reader sees then.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import threading
import uuid
from pathlib import Path
from typing import Any

import pytest
import requests

from publisher.release import ReleaseInfo
from publisher.sync import sync
from tests.publisher.test_sync import BUREAU, release_of, tables

pytestmark = pytest.mark.db
ROOT = Path(__file__).resolve().parents[2]
#: (package checksum, ((resource name, (hash, downloaded file's sha256, rows)), …)) a reader saw.
Seen = tuple[str, tuple[tuple[str, tuple[str, str, int]], ...]]


def expected(info: ReleaseInfo) -> Seen:
    """What a reader must see of a release: each file's checksum twice (the resource's hash,
    the downloaded file's) and its rows."""
    out = {}
    for res in info.manifest["resources"]:
        body = (info.path / res["path"]).read_bytes()
        digest = hashlib.sha256(body).hexdigest()
        out[res["name"]] = (digest, digest, body.count(b"\n") - 1)
    return info.checksum, tuple(sorted(out.items()))


class Reader:
    """An anonymous reader: package_show, each file, each DataStore table's count."""

    def __init__(self, url: str, name: str) -> None:
        self.url, self.name = url, name
        self.http = requests.Session()

    def _action(self, action: str, **params: Any) -> Any:
        reply = self.http.post(f"{self.url}/api/3/action/{action}", json=params, timeout=60)
        assert reply.status_code == 200, reply.text
        return reply.json()["result"]

    def once(self) -> tuple[Seen, str]:
        pkg = self._action("package_show", id=self.name)
        extras = {e["key"]: e["value"] for e in pkg["extras"]}
        found = {}
        for res in pkg["resources"]:
            with self.http.get(res["url"], timeout=60) as reply:
                assert reply.status_code == 200
                digest = hashlib.sha256(reply.content).hexdigest()
            rows = self._action("datastore_search", resource_id=res["id"], limit=0)["total"]
            found[res["name"]] = (res["hash"], digest, rows)
        return (extras["release_checksum"], tuple(sorted(found.items()))), \
            pkg["metadata_modified"]

    def read(self) -> Seen:
        """One reading that no switch cut in two: the package is read again after the files
        and tables, and the reading taken again if it changed meanwhile."""
        while True:
            seen, stamp = self.once()
            if self._action("package_show", id=self.name)["metadata_modified"] == stamp:
                return seen


class ReadingClient:
    """Passes calls to a ckanapi client; after each write it answered, a reader reads."""

    def __init__(self, client: Any, reader: Reader, extensions: frozenset[str] | None = None
                 ) -> None:
        self.client, self.reader = client, reader
        self.seen: list[tuple[str, Seen]] = []
        if extensions is not None:  # as a portal that stages less would answer status_show
            self._publisher_extensions = extensions

    def call_action(self, action: str, *args: Any, **kwargs: Any) -> Any:
        answer = self.client.call_action(action, *args, **kwargs)
        if not action.endswith(("_show", "_search")):
            self.seen.append((action, self.reader.once()[0]))
        return answer


@pytest.fixture
def published(portal_client: Any, live_server: str, tmp_path: Path
              ) -> tuple[str, ReleaseInfo, ReleaseInfo]:
    """A dataset live at release 1; release 2 (more rows, a changed cell) built, not synced."""
    name = f"staged-{uuid.uuid4().hex[:8]}"
    first = release_of(tmp_path, name, tables(rows=30))
    second = release_of(tmp_path, name, tables(stop_name="改名站", rows=45),
                        (first.version, first.checksum))
    assert sync(portal_client, first, BUREAU, "CC-BY-4.0").outcome == "published"
    return name, first, second


def test_a_reader_sees_one_release_after_every_write_of_a_sync(portal_client, live_server,
                                                               published):
    name, first, second = published
    reader = Reader(live_server, name)
    assert reader.read() == expected(first)
    # A second reader polls all along, from a thread of its own.
    polled: list[Seen] = []
    started, stop = threading.Event(), threading.Event()

    def poll() -> None:
        while not stop.is_set():
            polled.append(Reader(live_server, name).read())
            started.set()

    thread = threading.Thread(target=poll, daemon=True)
    thread.start()
    assert started.wait(60)
    client = ReadingClient(portal_client, reader)
    try:
        assert sync(client, second, BUREAU, "CC-BY-4.0", batch=10).outcome == "published"
    finally:
        stop.set()
        thread.join(60)
    actions = [action for action, _ in client.seen]
    assert actions[-1] == "release_switch" and "datastore_upsert" in actions
    # Before the switch the old release, whole; from it on, the new one.
    assert [seen for _, seen in client.seen[:-1]] == [expected(first)] * (len(actions) - 1)
    assert client.seen[-1][1] == expected(second)
    assert set(polled) <= {expected(first), expected(second)}
    assert reader.read() == expected(second)


def test_without_staging_a_reader_sees_a_mix(portal_client, live_server, published):
    """What readers of a portal written in place (a real CKAN) see mid-sync: the reason for
    staging, and proof that the reader above would notice."""
    name, first, second = published
    client = ReadingClient(portal_client, Reader(live_server, name),
                           frozenset({"datastore", "staged_datastore"}))
    sync(client, second, BUREAU, "CC-BY-4.0", batch=10)
    wanted = {expected(first), expected(second)}
    assert any(seen not in wanted for _, seen in client.seen)


def child(live_server: str, token: str, info: ReleaseInfo) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.publisher.staged_sync_child", live_server, token,
         str(info.path), info.dataset, str(info.version), info.checksum],
        cwd=ROOT, text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE)


def run_until(proc: subprocess.Popen[str], reader: Reader, kill_at: str | None,
              seen: list[Seen]) -> list[str]:
    """Follow the child's calls, a reading after each (the child waits for it); SIGKILL it at
    its first ``kill_at`` call. Returns the calls it made."""
    assert proc.stdout is not None and proc.stdin is not None
    calls = []
    for line in proc.stdout:
        calls.append(line.strip())
        seen.append(reader.read())
        if line.strip() == f"call {kill_at}":
            proc.kill()
            break
        if line.startswith("call "):
            proc.stdin.write("\n")
            proc.stdin.flush()
    proc.wait(120)
    return calls


@pytest.mark.slow
def test_a_sync_killed_at_any_step_leaves_the_live_release_whole(portal_client, live_server,
                                                                 published):
    name, first, second = published
    token = portal_client.apikey
    reader = Reader(live_server, name)
    seen: list[Seen] = []
    # Killed after staging the file, part way through the table, after the metadata.
    for kill_at in ("resource_patch", "datastore_upsert", "package_patch"):
        with child(live_server, token, second) as proc:
            calls = run_until(proc, reader, kill_at, seen)
        assert proc.returncode == -9 and calls[-1] == f"call {kill_at}"
        assert reader.read() == expected(first)
        assert portal_client.action.release_show(id=name)["staged"]
    # The next run discards what the killed one left and switches to the new release.
    with child(live_server, token, second) as proc:
        calls = run_until(proc, reader, None, seen)
        assert proc.stderr is not None
        err = proc.stderr.read()
    assert proc.returncode == 0, err
    assert calls[-1] == "done published" and "call release_discard" in calls
    assert reader.read() == expected(second)
    assert set(seen) <= {expected(first), expected(second)}
    assert portal_client.action.release_show(id=name)["staged"] is False
    # And a run after that sends no write at all.
    with child(live_server, token, second) as proc:
        calls = run_until(proc, reader, None, seen)
    assert calls == ["call package_show", "call status_show", "call release_show",
                     "done unchanged"]
