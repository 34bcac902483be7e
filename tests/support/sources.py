"""The stand-in of the enforcement case system (datasets/penalty-decisions/source_fixture.py),
imported by path as the harvest tests need it."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

FIXTURE = Path(__file__).resolve().parents[2] / "datasets" / "penalty-decisions" / \
    "source_fixture.py"


def case_system() -> Any:
    spec = importlib.util.spec_from_file_location("penalty_source_fixture", FIXTURE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
