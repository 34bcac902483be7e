"""The benchmarks still run: each at a size that takes seconds (their figures are not asserted)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.mark.parametrize("args", [
    ["bench.datastore", "--rows", "300"],
    ["bench.validate", "--rows", "2000"],
    ["bench.deidentify", "--rows", "300"],
    ["bench.portal.datastore_scale", "--rows", "3000", "--load-rows", "500", "--repeat", "2",
     "--backend", "sqlite"],
], ids=lambda args: args[0])
def test_a_benchmark_runs_to_its_figures(args: list[str]) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PUBLISHER_TEST_CKAN")}
    done = subprocess.run([sys.executable, "-m", *args], env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "rows/s" in done.stdout
