"""The portals the sync and conformance tests run against: embedded always, real CKAN by env."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pytest


@dataclass
class Portal:
    kind: str
    url: str
    token: str
    client: Any


def portal_params() -> list[Any]:
    return [pytest.param("embedded", marks=pytest.mark.db),
            pytest.param("ckan", marks=pytest.mark.ckan)]


def real_ckan() -> tuple[str, str]:
    url = os.environ.get("PUBLISHER_TEST_CKAN_URL", "")
    token = os.environ.get("PUBLISHER_TEST_CKAN_TOKEN", "")
    if not (url and token):
        pytest.skip("real CKAN not configured: set PUBLISHER_TEST_CKAN_URL and "
                    "PUBLISHER_TEST_CKAN_TOKEN (make test-ckan does)")
    return url.rstrip("/"), token
