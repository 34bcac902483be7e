"""Fixtures of the harvest tests; the builders live in ``tests.harvest.builders``."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph


@pytest.fixture
def dcat_shapes(shared_standards: Path) -> Graph:
    """shapes.ttl + range.ttl + mdr-vocabularies.shape.ttl of DCAT-AP 3.0.1, no imports."""
    from harvest.mqa import load_shapes

    folder = shared_standards / "dcat-ap" / "3.0.1" / "html" / "shacl"
    if not folder.is_dir():
        pytest.skip("DCAT-AP 3.0.1 shapes are absent from ../shared/standards")
    return load_shapes(folder)
