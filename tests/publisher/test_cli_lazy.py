"""``publisher --help`` imports no command: the table in publisher.cli stands in for them."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest
from click.testing import CliRunner

from publisher.cli import COMMANDS, main


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_rows_help_is_the_commands_own(name: str) -> None:
    module, short = COMMANDS[name]
    command = importlib.import_module(module).command
    assert command.name == name
    assert command.get_short_help_str(limit=1000) == short


def test_help_imports_no_heavy_module() -> None:
    code = ("import sys\nfrom click.testing import CliRunner\nfrom publisher.cli import main\n"
            "result = CliRunner().invoke(main, ['--help'])\nassert result.exit_code == 0\n"
            "heavy = {'pandas', 'frictionless', 'sqlalchemy', 'pyarrow', 'flask', 'alembic'}\n"
            "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_help_lists_every_command_and_a_command_still_runs() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert f"  {name} " in result.output
    assert "Usage: main scan" in CliRunner().invoke(main, ["scan", "--help"]).output
