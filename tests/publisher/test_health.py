import pytest

pytestmark = pytest.mark.db


def test_health_reports_version_and_database(client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    body = response.get_json()
    assert body["database"] == "ok"
    assert body["status"] == "ok"
    assert body["version"]
