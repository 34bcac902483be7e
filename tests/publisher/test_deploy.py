"""The deployment files in deploy/: systemd units verified by systemd-analyze, the Containerfile
parsed and checked against the repository (no container engine builds here)."""

from __future__ import annotations

import getpass
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
INSTRUCTIONS = {"FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT",
                "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK",
                "SHELL"}


@pytest.mark.parametrize("unit", ["publisher.service", "publisher-publish.service",
                                  "publisher-publish.timer"])
def test_systemd_units_verify(unit, tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    user = getpass.getuser()
    bin_dir = Path(sys.executable).parent
    for name in ("publisher.service", "publisher-publish.service", "publisher-publish.timer"):
        text = (DEPLOY / name).read_text(encoding="utf-8")
        # The machine's own paths and user stand in for the installed ones.
        text = (text.replace("/opt/publisher/.venv/bin", str(bin_dir))
                .replace("/opt/publisher", str(tmp_path))
                .replace("/etc/publisher/publisher.env", str(tmp_path / "publisher.env"))
                .replace("User=publisher", f"User={user}")
                .replace("Group=publisher", "Group=" + ("root" if user == "root" else user)))
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "publisher.env").write_text((DEPLOY / "publisher.env.example").read_text(
        encoding="utf-8"), encoding="utf-8")
    done = subprocess.run([analyze, "verify", str(tmp_path / unit)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "bad" not in done.stderr.lower(), done.stderr


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of a Containerfile, continuation lines joined."""
    out, pending = [], ""
    for line in text.splitlines():
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        whole = (pending + stripped).strip()
        pending = ""
        keyword, _, args = whole.partition(" ")
        out.append((keyword.upper(), args.strip()))
    assert not pending, "a continuation line ends the file"
    return out


def test_containerfile_parses_and_matches_the_repository():
    steps = instructions((DEPLOY / "Containerfile").read_text(encoding="utf-8"))
    assert steps[0][0] == "FROM"
    assert {k for k, _ in steps} <= INSTRUCTIONS
    for keyword, args in steps:
        if keyword == "COPY":
            *sources, _ = args.split()
            for source in sources:
                assert (ROOT / source).exists(), f"COPY {source}: not in the repository"
        if keyword in ("CMD", "ENTRYPOINT"):
            assert isinstance(json.loads(args), list)  # exec form: signals reach the server
        if keyword == "HEALTHCHECK":
            assert isinstance(json.loads(args.split(" CMD ", 1)[1]), list)
    users = [a for k, a in steps if k == "USER"]
    assert users and users[-1] not in ("root", "0")
    env = " ".join(a for k, a in steps if k == "ENV")
    exposed = [a for k, a in steps if k == "EXPOSE"]
    assert exposed == ["8080"] and "PUBLISHER_PORT=8080" in env
    cmd = next(a for k, a in steps if k == "CMD")
    assert "publisher serve" in cmd and "publisher db upgrade" in cmd
