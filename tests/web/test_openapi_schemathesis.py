"""Schemathesis against the status API's own OpenAPI document: no 5xx, no off-schema answer.

Bounded: a few dozen examples per operation, as anonymous reader and as steward. POST runs is
exercised with fewer examples and dry runs of one dataset only, each awaited before the next,
so nothing is published and runs do not pile up.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.web.catalogue import PUBLIC

pytestmark = pytest.mark.db

EXAMPLES = 25
POST_EXAMPLES = 8


def test_status_api_conforms_to_its_openapi_document(app, seeded, token):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 6
    for operation in operations:
        for headers in ({}, {"Authorization": f"Bearer {token}"}):
            fuzz(app, operation, headers)


def fuzz(app, operation, headers):
    """Run the bounded examples of one operation with one set of headers."""
    post = operation.method.upper() == "POST"

    @settings(max_examples=POST_EXAMPLES if post else EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def check(case):
        if post and isinstance(case.body, dict):
            case.body["dry_run"] = True  # never publish from a fuzz test
            case.body["datasets"] = [PUBLIC]
        case.call_and_validate(headers=headers)
        for thread in app.extensions.get("publisher.run_threads", []):
            thread.join(timeout=60)

    check()
