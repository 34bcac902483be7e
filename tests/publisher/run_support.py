"""`publisher publish` as a real process, and the exact state a finished publish must leave.

Used by the run-safety tests: SIGKILL at chosen progress events, two runs at once.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import select

from publisher.app import create_app
from publisher.models import PublishRun
from publisher.portal.models import PortalToken
from publisher.review import latest_release
from publisher.runlock import TOKEN_PREFIX
from publisher.services import Services

PUBLISHER = str(Path(sys.executable).parent / "publisher")
#: Two automatically reviewed datasets, three DataStore tables: quick, yet many batches.
NAMES = ["budget-accounts", "major-projects"]
PROGRESS = " progress: "


def env_of(overrides: dict[str, Any], **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PUBLISHER_")}
    for key, value in overrides.items():
        env[f"PUBLISHER_{key.upper()}"] = str(value)
    env.update({"PUBLISHER_LOG_LEVEL": "INFO", "PUBLISHER_PORTAL_BATCH_ROWS": "10", **extra})
    return env


def start(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([PUBLISHER, "publish", *args, *NAMES], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def run_until(env: dict[str, str], event: int) -> tuple[bool, str]:
    """Run a publish and SIGKILL it when its ``event``-th progress line appears.

    Returns (killed, stderr so far); not killed when the run ended first.
    """
    with start(env) as proc:  # closes the pipes and waits
        assert proc.stderr is not None
        seen, lines = 0, []
        for line in proc.stderr:
            lines.append(line)
            if PROGRESS in line:
                seen += 1
                if seen == event:
                    proc.kill()
                    return True, "".join(lines)
        return False, "".join(lines)


def release_rows(services: Services, name: str) -> dict[str, tuple[int, str]]:
    """Rows and sha256 of each resource file of the dataset's latest release."""
    with services.db.session() as session:
        release = latest_release(session, name)
        assert release is not None
        out = {}
        for res in release.manifest["resources"]:
            path = Path(release.path) / res["path"]
            with path.open(encoding="utf-8", newline="") as handle:
                out[res["name"]] = (sum(1 for _ in csv.DictReader(handle)),
                                    res["hash"].removeprefix("sha256:"))
        return out


def assert_exact_state(services: Services) -> None:
    """Every dataset public with exactly its release's rows; no run running; no live token."""
    web = create_app(services=services).test_client()

    def action(name: str, **params: Any) -> Any:
        answer = web.get(f"/api/3/action/{name}", query_string=params)
        assert answer.status_code == 200, (name, answer.get_json())
        return answer.get_json()["result"]

    for name in NAMES:
        pkg = action("package_show", id=name)
        assert not pkg["private"]
        wanted = release_rows(services, name)
        resources = {r["name"]: r for r in pkg["resources"]}
        assert sorted(resources) == sorted(wanted), "one resource per release resource"
        for res_name, (rows, digest) in wanted.items():
            res = resources[res_name]
            assert res["datastore_hash"] == digest
            found = action("datastore_search", resource_id=res["id"], limit=32000)
            assert found["total"] == rows
            keys = [tuple(sorted(r.items())) for r in found["records"]]
            assert len(set(keys)) == rows
    with services.db.session() as session:
        statuses = list(session.scalars(select(PublishRun.status)))
        assert "running" not in statuses
        live = list(session.scalars(select(PortalToken.name).where(
            PortalToken.name.startswith(TOKEN_PREFIX), PortalToken.revoked.is_(False))))
        assert live == []
