"""ckanapi's own command line against the embedded portal: action, dump and load."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from ckanapi import RemoteCKAN

from publisher.portal.auth import create_token
from publisher.services import Services

pytestmark = pytest.mark.db
CKANAPI = Path(sys.executable).parent / "ckanapi"


def _ckanapi(*args: str) -> subprocess.CompletedProcess[str]:
    if not CKANAPI.exists():
        pytest.skip("the ckanapi command is not installed next to this Python")
    # dump and load start worker processes named plain ``ckanapi``: find them on PATH.
    env = {**os.environ, "PATH": f"{CKANAPI.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run([str(CKANAPI), *args], capture_output=True, text=True, timeout=60,
                          check=False, env=env)


def test_action_dump_and_load(services: Services, live_server: str, tmp_path: Path) -> None:
    with services.db.session() as session:
        token = create_token(session, "cli")
    with RemoteCKAN(live_server, apikey=token, user_agent="test") as admin:
        org = admin.action.organization_create(name="bureau", title="交通运输局")
        for i in range(3):
            admin.action.package_create(
                name=f"set-{i}", title=f"数据集{i}", owner_org=org["id"],
                tags=[{"name": "公交"}], extras=[{"key": "department", "value": "运输科"}],
                resources=[{"name": "data", "url": f"https://example.invalid/{i}.csv"}])

    listed = _ckanapi("action", "package_list", "-r", live_server)
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == ["set-0", "set-1", "set-2"]

    dump = tmp_path / "datasets.jsonl"
    dumped = _ckanapi("dump", "datasets", "--all", "-q", "-r", live_server, "-O", str(dump))
    assert dumped.returncode == 0, dumped.stderr
    rows = [json.loads(line) for line in dump.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["name"] for r in rows) == ["set-0", "set-1", "set-2"]

    # Load them back under new names, and one changed in place.
    changed = []
    for row in rows:
        if row["name"] == "set-0":
            changed.append({**row, "title": "改过的标题"})
        else:
            fresh = {k: v for k, v in row.items() if k not in ("id", "metadata_modified")}
            fresh["name"] = row["name"] + "-copy"
            fresh["resources"] = [{k: v for k, v in r.items() if k not in ("id", "package_id")}
                                  for r in row["resources"]]
            changed.append(fresh)
    source = tmp_path / "load.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in changed),
                      encoding="utf-8")
    loaded = _ckanapi("load", "datasets", "-q", "-I", str(source), "-r", live_server,
                      "-a", token)
    assert loaded.returncode == 0, loaded.stderr + loaded.stdout
    with RemoteCKAN(live_server, user_agent="test") as anon:
        assert anon.action.package_list() == ["set-0", "set-1", "set-1-copy", "set-2",
                                              "set-2-copy"]
        assert anon.action.package_show(id="set-0")["title"] == "改过的标题"
        copy = anon.action.package_show(id="set-1-copy")
        assert copy["extras"] == [{"key": "department", "value": "运输科"}]
        assert copy["organization"]["name"] == "bureau"
        assert len(copy["resources"]) == 1
