"""Each generator is deterministic: run again into a fresh folder, it writes the same bytes."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import pytest

from publisher.generate import UnknownGenerator, main, scripts

from .conftest import DATASETS, NAMES


@pytest.mark.parametrize("name", NAMES)
def test_every_dataset_has_a_generator_and_a_readme(name: str) -> None:
    assert (DATASETS / name / "generate.py").is_file()
    readme = (DATASETS / name / "README.md").read_text(encoding="utf-8")
    assert "generate.py" in readme  # says how to regenerate


@pytest.mark.parametrize("name", NAMES)
def test_generator_is_byte_identical(name: str, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    script = DATASETS / name / "generate.py"
    monkeypatch.setattr(sys, "argv", [str(script), str(tmp_path)])
    runpy.run_path(str(script), run_name="__main__")
    committed = sorted(p.name for p in (DATASETS / name / "data").iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) == committed
    for file in committed:
        committed_bytes = (DATASETS / name / "data" / file).read_bytes()
        assert (tmp_path / file).read_bytes() == committed_bytes, file


def test_committed_data_stays_modest() -> None:
    for name in NAMES:
        size = sum(p.stat().st_size for p in (DATASETS / name / "data").iterdir())
        assert size < 2_000_000, name


def test_runner_knows_every_generator_and_refuses_unknown_names() -> None:
    assert [p.parent.name for p in scripts()] == NAMES
    with pytest.raises(UnknownGenerator, match="no-such-dataset"):
        scripts(["no-such-dataset"])


def test_the_runner_exits_2_on_an_unknown_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["no-such-dataset"]) == 2
    assert capsys.readouterr().err.startswith("error: no generator for: no-such-dataset")
