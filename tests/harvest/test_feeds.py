"""The feeds over HTTP: formats, content types, hydra paging, per dataset, nothing hidden leaks."""

from __future__ import annotations

import dataclasses
import json

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from harvest.dcat import DCAT, HYDRA, read_catalog
from publisher.services import Services
from tests.harvest.builders import CSV, add_release, manifest, withdraw

pytestmark = pytest.mark.db

TYPES = {"ttl": ("text/turtle", "turtle"), "jsonld": ("application/ld+json", "json-ld"),
         "rdf": ("application/rdf+xml", "xml")}


@pytest.fixture
def published(services: Services) -> Services:
    add_release(services, manifest("a-flows"))
    add_release(services, manifest("b-flows"))
    add_release(services, manifest("c-flows", version=2), outcome="unchanged")
    add_release(services, manifest("asked", attribute="on_request"))
    add_release(services, manifest("secret", attribute="withheld"))
    add_release(services, manifest("gone"))
    withdraw(services, "gone")
    return services


@pytest.mark.parametrize("ext", TYPES)
def test_catalogue_in_each_format(client: FlaskClient, published: Services, ext: str) -> None:
    response = client.get(f"/catalog.{ext}")
    ctype, fmt = TYPES[ext]
    assert response.status_code == 200
    assert response.mimetype == ctype
    records = read_catalog(response.get_data(as_text=True), fmt)
    assert [r.name for r in records] == ["a-flows", "b-flows", "c-flows"]
    assert all(r.disclosure == "proactive" for r in records)


def test_paging_follows_hydra_next_to_the_end(app: Flask, client: FlaskClient,
                                              published: Services) -> None:
    published.settings = dataclasses.replace(published.settings, feed_page_size=2)
    site = published.settings.site_url
    url, names, pages = f"{site}/catalog.ttl?page=1", [], 0
    while url:
        response = client.get(url.removeprefix(site))
        assert response.status_code == 200
        graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
        here = URIRef(url)
        assert (here, RDF.type, HYDRA.PagedCollection) in graph
        assert str(graph.value(here, HYDRA.totalItems)) == "3"
        names += [r.name for r in read_catalog(graph)]
        # The catalogue node is on every page, listing that page's datasets.
        assert len(list(graph.objects(URIRef(f"{site}/catalog"), DCAT.dataset))) <= 2
        nxt = graph.value(here, HYDRA.next)
        url, pages = (str(nxt) if nxt else ""), pages + 1
    assert (names, pages) == (["a-flows", "b-flows", "c-flows"], 2)
    assert client.get("/catalog.ttl?page=3").status_code == 404
    assert client.get("/catalog.ttl?page=x").status_code == 400


@pytest.mark.parametrize("ext", TYPES)
def test_one_dataset_in_each_format(client: FlaskClient, published: Services, ext: str) -> None:
    response = client.get(f"/dataset/c-flows.{ext}")
    ctype, fmt = TYPES[ext]
    assert (response.status_code, response.mimetype) == (200, ctype)
    [record] = read_catalog(response.get_data(as_text=True), fmt)
    assert (record.name, record.version) == ("c-flows", "2")


def test_unchanged_pages_answer_304_to_their_etag(client: FlaskClient,
                                                 published: Services) -> None:
    first = client.get("/catalog.ttl")
    assert first.headers["ETag"]
    again = client.get("/catalog.ttl", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    add_release(published, manifest("d-flows"))
    changed = client.get("/catalog.ttl", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and "d-flows" in changed.get_data(as_text=True)


def test_the_dataset_iri_dereferences_by_content_negotiation(client: FlaskClient,
                                                             published: Services) -> None:
    page = client.get("/dataset/a-flows", headers={"Accept": "text/html,*/*;q=0.8"})
    assert page.status_code == 303 and page.location.endswith("/datasets/a-flows")
    assert client.get("/dataset/a-flows").status_code == 303  # no Accept: the page, as CKAN
    turtle = client.get("/dataset/a-flows", headers={"Accept": "text/turtle"})
    assert turtle.mimetype == "text/turtle"
    assert "Accept" in {v.strip() for v in turtle.headers["Vary"].split(",")}
    rdf = client.get("/dataset/a-flows", headers={"Accept": "application/rdf+xml;q=0.9"})
    assert rdf.mimetype == "application/rdf+xml"
    response = client.get("/dataset/a-flows", headers={"Accept": "application/ld+json"})
    assert response.mimetype == "application/ld+json"
    assert json.loads(response.get_data(as_text=True))


@pytest.mark.parametrize("name", ["asked", "secret", "gone", "never-declared"])
def test_hidden_datasets_are_never_served(client: FlaskClient, published: Services,
                                          name: str) -> None:
    for path in (f"/dataset/{name}", f"/dataset/{name}.ttl", f"/dataset/{name}.jsonld",
                 f"/dataset/{name}.rdf", f"/dataset/{name}/schema/flows.json",
                 f"/releases/{name}/1/data/flows.csv"):
        assert client.get(path).status_code == 404, path
    for ext in TYPES:
        assert name not in client.get(f"/catalog.{ext}").get_data(as_text=True)


def test_schema_and_download_behind_the_distribution(client: FlaskClient,
                                                     published: Services) -> None:
    [record] = [r for r in read_catalog(client.get("/catalog.ttl").get_data(as_text=True))
                if r.name == "a-flows"]
    dist = record.distributions[0]
    site = published.settings.site_url
    schema = client.get(dist.conforms_to.removeprefix(site))
    assert schema.status_code == 200 and schema.json and "fields" in schema.json
    download = client.get(dist.download_url.removeprefix(site))
    assert download.status_code == 200
    assert download.get_data(as_text=True) == CSV
    download.close()
    head = client.head(dist.download_url.removeprefix(site))
    head.close()  # HEAD reads no body: close the file send_file opened
    assert head.status_code == 200
    # Only files the manifest lists, and nothing outside the release folder.
    assert client.get("/releases/a-flows/1/datapackage.json").status_code == 404
    assert client.get("/releases/a-flows/1/../../secret/1/data/flows.csv").status_code == 404
    assert client.get("/releases/a-flows/7/data/flows.csv").status_code == 404


def test_empty_catalogue_is_still_a_catalogue(client: FlaskClient, services: Services) -> None:
    response = client.get("/catalog.ttl")
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    assert (URIRef(f"{services.settings.site_url}/catalog"), RDF.type, DCAT.Catalog) in graph
    assert read_catalog(graph) == []


def test_the_served_catalogue_passes_the_dcat_ap_shapes(client: FlaskClient, published: Services,
                                                        dcat_shapes: Graph) -> None:
    from harvest.rdf import parse
    from tests.harvest.test_dcat_shacl import results

    for ext, (_, fmt) in TYPES.items():
        graph = parse(client.get(f"/catalog.{ext}").get_data(as_text=True), fmt)
        assert results(graph, dcat_shapes)["Violation"] == [], ext
