"""A sync run as a process of its own, to be killed: ``python -m tests.publisher.staged_sync_child
URL TOKEN RELEASE_DIR DATASET VERSION CHECKSUM``.

It prints ``call <action>`` after every portal call has answered and waits for a line on its
standard input before going on, so a test reads the portal between any two calls and can
SIGKILL it at a chosen one (never after a sleep).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import ckanapi

from publisher.release import ReleaseInfo
from publisher.sync import sync
from tests.publisher.test_sync import BUREAU


class Announcing:
    """A ckanapi client that says each call it made, once answered."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def call_action(self, action: str, *args: Any, **kwargs: Any) -> Any:
        answer = self.client.call_action(action, *args, **kwargs)
        print(f"call {action}", flush=True)
        sys.stdin.readline()  # the test's go-ahead
        return answer


def main(url: str, token: str, folder: str, dataset: str, version: str, checksum: str) -> None:
    path = Path(folder)
    manifest = json.loads((path / "datapackage.json").read_text(encoding="utf-8"))
    info = ReleaseInfo(dataset, int(version), checksum, path, manifest, False)
    client = ckanapi.RemoteCKAN(url, apikey=token)
    result = sync(Announcing(client), info, BUREAU, "CC-BY-4.0", batch=10)
    print(f"done {result.outcome}", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
