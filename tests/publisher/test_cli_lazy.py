"""``publisher --help`` imports no command: the table in publisher.cli stands in for them."""

from __future__ import annotations

import importlib
import os
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


#: Modules `publisher validate` has no use for. pandas is not listed: pyarrow's compute
#: functions import it on first call whenever it is installed.
NOT_FOR_VALIDATE = ("alembic", "mako", "pygments", "flask", "werkzeug", "jinja2", "rdflib",
                    "jieba", "ckanapi", "requests", "openpyxl", "publisher.check",
                    "publisher.deid", "publisher.sync", "publisher.portal", "harvest")


def test_validate_of_a_small_file_imports_only_what_validation_needs(tmp_path) -> None:
    from tests.conftest import ROOT

    env = {k: v for k, v in os.environ.items() if not k.startswith("PUBLISHER_")}
    env.update({"PUBLISHER_INSTANCE_DIR": str(tmp_path / "var"),
                "PUBLISHER_DATASETS_DIR": str(ROOT / "datasets"),
                "PUBLISHER_SCHEMAS_DIR": str(ROOT / "schemas")})
    code = ("import sys\nfrom click.testing import CliRunner\nfrom publisher.cli import main\n"
            "result = CliRunner().invoke(main, ['validate', 'budget-accounts', '--force'])\n"
            "assert result.exit_code == 0, result.output\n"
            f"unwanted = {NOT_FOR_VALIDATE!r}\n"
            "print(sorted(n for n in unwanted if any(m == n or m.startswith(n + '.')"
            " for m in sys.modules)))\n")
    # The first run creates the database (Alembic's job); the second finds it current.
    for expected in (None, "[]"):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True, env=env).stdout
        if expected is not None:
            assert out.strip() == expected
