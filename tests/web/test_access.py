"""Anonymous readers cannot see withheld or on-request datasets by any status API path."""

from __future__ import annotations

import pytest

from tests.web.catalogue import HIDDEN, PUBLIC, UNPUBLISHED

pytestmark = pytest.mark.db


def anonymous_urls(client) -> list[str]:
    """Every GET operation of the OpenAPI document, with each dataset name and query tried."""
    spec = client.get("/api/v1/openapi.json").get_json()
    urls = ["/metrics", "/api/v1/openapi.json", "/api/v1/docs"]
    for path, item in spec["paths"].items():
        if "get" not in item:
            continue
        for name in (PUBLIC, UNPUBLISHED, *HIDDEN):
            url = path.replace("{name}", name).replace("{run_id}", "1")
            urls += [url, url + "?per_page=100", url + "?all=true"]
    return sorted(set(urls))


def test_no_anonymous_path_names_a_hidden_dataset(client, seeded, steward):
    # a run touching the hidden datasets exists, and stewards can see them all
    assert client.get("/api/v1/runs/1", headers=steward).status_code == 200
    urls = anonymous_urls(client)
    assert any("{" not in u and "/datasets/" in u for u in urls)
    for url in urls:
        response = client.get(url)
        text = response.get_data(as_text=True)
        for name in (*HIDDEN, UNPUBLISHED):
            assert name not in text.replace(f"/datasets/{name}", ""), (url, name)
        assert response.status_code in (200, 401, 404), url
    for name in (*HIDDEN, UNPUBLISHED):
        assert client.get(f"/api/v1/datasets/{name}").status_code == 404
        assert client.get(f"/api/v1/datasets/{name}", headers=steward).status_code == 200


def test_a_forged_or_revoked_token_is_anonymous(client, seeded, token, services):
    from publisher.models import AccessToken

    assert client.get("/api/v1/runs", headers={"Authorization": token}).status_code == 200
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get("/api/v1/runs", headers={"Authorization": f"Bearer {forged}"}
                      ).status_code == 401
    with services.db.session() as session:
        for row in session.query(AccessToken):
            row.revoked = True
    assert client.get("/api/v1/runs", headers={"Authorization": f"Bearer {token}"}
                      ).status_code == 401


def test_a_published_dataset_turned_withheld_disappears(client, seeded, services):
    from publisher.models import DatasetRow

    with services.db.session() as session:
        row = session.query(DatasetRow).filter_by(name=PUBLIC).one()
        row.attribute = "withheld"
    assert client.get("/api/v1/datasets").get_json()["total"] == 0
    assert client.get(f"/api/v1/datasets/{PUBLIC}").status_code == 404


def test_verify_token_header_forms(services, token):
    from publisher.web.auth import verify_token

    assert verify_token(services, f"Bearer {token}") == "steward-test"
    assert verify_token(services, f"bearer   {token} ") == "steward-test"
    assert verify_token(services, token) == "steward-test"  # CKAN style: the bare token
    for bad in (None, "", "Bearer", "Bearer ", token.upper(), f"Basic {token}"):
        assert verify_token(services, bad) is None


def test_tokens_are_stored_hashed(services, token):
    from publisher.models import AccessToken
    from publisher.web.tokens import digest

    with services.db.session() as session:
        stored = [row.token_sha256 for row in session.query(AccessToken)]
    assert stored == [digest(token)]
    assert token not in stored
