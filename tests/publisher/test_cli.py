import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from publisher.cli import main
from publisher.docgen import stale_pages

ROOT = Path(__file__).resolve().parents[2]


def test_generated_docs_are_current():
    assert stale_pages(ROOT / "docs", main) == [], "run `publisher docs` and commit the result"


@pytest.mark.db
def test_catalogue_lists_every_dataset(runner, services):
    result = runner(["catalogue", "--format", "json", "--lang", "en"])
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert [r["name"] for r in rows] == services.dataset_names()
    for row in rows:
        assert row["state"] in {"accepted", "refused"}
        # Nothing published yet: the state database's view says so (or the decision).
        assert row["publication"] in {"never-published", "not-public"} and row["hold"] is None
    text = runner(["catalogue", "--lang", "zh"])
    assert text.output.splitlines()[0].split() == ["数据集", "公开属性", "责任部门", "目录栏目",
                                                   "状态"]


@pytest.mark.db
def test_unknown_dataset_is_a_usage_error(runner):
    result = runner(["check", "no-such-dataset", "--lang", "en"])
    assert result.exit_code == 2
    assert "unknown dataset(s): no-such-dataset" in result.output


def test_bad_vocabulary_is_one_clear_line(tmp_path):
    from click.testing import CliRunner

    from publisher.cli import main

    (tmp_path / "ds").mkdir()
    (tmp_path / "bureau.yaml").write_text("departments: not-a-list\n", encoding="utf-8")
    (tmp_path / "ds" / "datapackage.yaml").write_text("name: ds\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--datasets-dir", str(tmp_path), "--instance-dir",
                                       str(tmp_path / "var"), "check", "--lang", "en"])
    assert result.exit_code == 2
    assert "[vocabulary-list-missing]" in result.output
    assert "bureau.yaml: 'departments' must be a non-empty list" in result.output


def test_settings_command_hides_secrets(runner):
    result = runner(["settings"])
    shown = json.loads(result.output)
    assert shown["pseudonym_key"] == "***"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_health_over_http(tmp_path):
    port = _free_port()
    env = {**os.environ, "PUBLISHER_INSTANCE_DIR": str(tmp_path / "var"),
           "PUBLISHER_DATASETS_DIR": str(ROOT / "datasets")}
    env.pop("PUBLISHER_DATABASE_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "publisher.cli", "serve", "--port", str(port)],
                            env=env, cwd=tmp_path, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        # A bound for a hung server only: on a loaded machine the start alone can take 30 s.
        deadline = time.monotonic() + 300
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health",
                                            timeout=2) as response:
                    body = json.load(response)
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.2)
        assert body["database"] == "ok"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
