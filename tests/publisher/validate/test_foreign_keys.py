"""``foreign-key`` across the resources of a dataset and within one resource."""

from __future__ import annotations

from tests.publisher.validate.helpers import dataset_of, engine_triples, frictionless_triples

ROUTES = {"fields": [{"name": "route_id", "type": "string"}, {"name": "name", "type": "string"}],
          "primaryKey": ["route_id"]}
TRIPS = {"fields": [{"name": "trip_id", "type": "string"}, {"name": "route_id", "type": "string"},
                    {"name": "next_trip", "type": "string"}],
         "foreignKeys": [
             {"fields": ["route_id"], "reference": {"resource": "routes", "fields": ["route_id"]}},
             {"fields": ["next_trip"], "reference": {"resource": "", "fields": ["trip_id"]}}]}


def test_foreign_keys_agree_with_frictionless(tmp_path):
    (tmp_path / "routes.csv").write_text("route_id,name\nR1,一号线\nR2,二号线\n", encoding="utf-8")
    (tmp_path / "trips.csv").write_text(
        "trip_id,route_id,next_trip\nT1,R1,T2\nT2,R9,\nT3,,T9\n", encoding="utf-8")
    dataset = dataset_of(tmp_path, [("routes", tmp_path / "routes.csv", ROUTES),
                                    ("trips", tmp_path / "trips.csv", TRIPS)])
    ours = engine_triples(dataset)
    assert ours["trips"] == {(3, None, "foreign-key"), (4, None, "foreign-key")}
    assert ours == frictionless_triples(dataset)


def test_missing_reference_resource_is_a_finding(tmp_path):
    (tmp_path / "trips.csv").write_text("trip_id,route_id,next_trip\nT1,R1,\n", encoding="utf-8")
    from publisher.validate import validate

    result = validate(dataset_of(tmp_path, [("trips", tmp_path / "trips.csv", TRIPS)]))
    assert "foreign-key-target-missing" in result.counts()
    assert not result.valid
