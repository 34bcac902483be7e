"""An unchanged republish re-uses the release without reading the data; any input change
(bytes, schema or descriptor, pseudonym key) builds again."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any

import pytest

from publisher import readers
from publisher.run import execute_run, start_run
from publisher.services import Services
from tests.conftest import ROOT

pytestmark = pytest.mark.db
NAME = "spot-check-items"


@pytest.fixture
def settings_overrides(settings_overrides: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    folder = tmp_path / "datasets"
    folder.mkdir()
    shutil.copy(ROOT / "datasets" / "bureau.yaml", folder / "bureau.yaml")
    shutil.copytree(ROOT / "datasets" / NAME, folder / NAME)
    return {**settings_overrides, "datasets_dir": str(folder)}


def _publish(services: Services) -> Any:
    run_id = start_run(services, [NAME], False, "test")
    [outcome] = execute_run(services, run_id, [NAME], False)
    return outcome


def test_unchanged_inputs_reuse_the_release_without_reading(services: Services,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    first = _publish(services)
    assert first.outcome == "published"

    def no_reading(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("an unchanged republish must not read the data")

    with monkeypatch.context() as patch:
        patch.setattr(readers, "read_frame", no_reading)
        patch.setattr(readers, "iter_frames", no_reading)  # the chunked release reads with it
        again = _publish(services)
    assert (again.outcome, again.release_version) == ("unchanged", first.release_version)

    # A new pseudonym key is a new input: the data is read and de-identified again.
    services.settings = dataclasses.replace(services.settings, pseudonym_key="another-key")
    with monkeypatch.context() as patch:
        patch.setattr(readers, "read_frame", no_reading)
        patch.setattr(readers, "iter_frames", no_reading)  # the chunked release reads with it
        with pytest.raises(AssertionError, match="must not read"):
            from publisher.run import _release

            loaded = services.load(NAME).dataset
            assert loaded is not None
            _release(services, loaded, False)


def test_changed_bytes_build_a_new_release(services: Services) -> None:
    first = _publish(services)
    dataset = services.load(NAME).dataset
    assert dataset is not None
    path = dataset.resources[0].path
    text = path.read_text(encoding="utf-8-sig")
    header, row, rest = text.split("\n", 2)
    path.write_text("\n".join([header, rest]), encoding="utf-8")  # one row fewer
    second = _publish(services)
    assert second.outcome == "published"
    assert second.release_version == first.release_version + 1
