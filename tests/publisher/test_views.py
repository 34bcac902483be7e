"""Each picture's numbers against the released data: budget bars, the bus map, monthly counts.

The releases are made by the real read and de-identification stages from the bureau's datasets;
the expected numbers are computed here independently, with pandas, from the released CSV files.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from publisher.views import figures, svg
from publisher.views.spec import ViewError, parse_views
from tests.browser import real_state

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    from publisher.services import Services
    from publisher.settings import load_settings

    tmp = tmp_path_factory.mktemp("views")
    services = Services(load_settings(env={}, overrides=real_state.overrides(
        tmp, f"sqlite:///{tmp}/s.db")))
    yield {name: real_state.release(services, name, tmp / "releases")
           for name in real_state.WITH_VIEWS}
    services.close()


def _figure(info: Any, name: str, index: int = 0) -> figures.Figure:
    views = parse_views(info_views(name))
    return figures.build(views[index], info.path, info.manifest)


def info_views(name: str) -> Any:
    import yaml

    path = real_state.ROOT / "datasets" / name / "datapackage.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["views"]


def _released(info: Any, resource: str) -> pd.DataFrame:
    return pd.read_csv(Path(info.path) / "data" / f"{resource}.csv", dtype=str,
                       keep_default_na=False)


def _marks(figure: figures.Figure) -> dict[tuple[str, str], float]:
    root = ET.fromstring(str(svg.render(figure, "zh", "v")))
    assert root.find(f"{SVG}title") is not None and root.find(f"{SVG}desc") is not None
    assert root.get("aria-describedby") == "v-d"
    return {(r.get("data-category"), r.get("data-series")): float(r.get("data-value"))
            for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"}


def test_budget_bars_sum_the_final_accounts(releases: dict[str, Any]) -> None:
    info = releases["budget-accounts"]
    figure = _figure(info, "budget-accounts")
    rows = _released(info, "expenditure")
    rows = rows[rows.kind == "决算"]
    expected = (rows.assign(total=rows.total.str.replace(",", "").astype(float))
                .groupby(["subject_name", "year"]).total.sum().round(2))
    assert figure.series == ["2016", "2017", "2018"]
    assert len(figure.categories) == rows.subject_name.nunique() == 11
    assert figure.values == {k: v for k, v in expected.items()}
    assert _marks(figure) == figure.values
    assert figure.value("行政运行", "2018") == expected[("行政运行", "2018")]
    three = _figure(info, "budget-accounts", 1)
    public = _released(info, "three_public")
    public = public[public.kind == "决算"]
    assert {c: three.value(c, "") for c in three.categories} == {
        y: round(float(t), 2) for y, t in zip(public.year, public.total, strict=True)}


@pytest.mark.parametrize(("name", "resource", "date", "split"), [
    ("penalty-decisions", "decisions", "decision_date", "penalty_type"),
    ("spot-check-results", "results", "check_date", "result"),
    ("public-messages", "messages", "received_date", "channel"),
])
def test_monthly_counts_match_the_rows(releases: dict[str, Any], name: str, resource: str,
                                       date: str, split: str) -> None:
    info = releases[name]
    figure = _figure(info, name)
    rows = _released(info, resource)
    expected = rows.groupby([rows[date].str[:7], rows[split]]).size()
    assert figure.values == {k: float(v) for k, v in expected.items()}
    assert sum(figure.values.values()) == len(rows)
    assert figure.categories == sorted(rows[date].str[:7].unique())
    assert len(figure.categories) == 12
    assert _marks(figure) == figure.values


def test_bus_map_draws_every_stop_and_shape(releases: dict[str, Any]) -> None:
    info = releases["bus-network"]
    figure = _figure(info, "bus-network")
    stops, shapes = _released(info, "stops"), _released(info, "shapes")
    assert len(figure.stops) == len(stops) == 306
    assert [name for name, _ in figure.lines] == sorted(shapes.shape_id.unique())
    assert sum(len(points) for _, points in figure.lines) == len(shapes)
    root = ET.fromstring(str(svg.render(figure, "zh", "m")))
    circles = list(root.iter(f"{SVG}circle"))
    assert len(circles) == len(stops)
    assert {c.find(f"{SVG}title").text for c in circles} == set(stops.stop_name)
    assert len(list(root.iter(f"{SVG}polyline"))) == shapes.shape_id.nunique()
    # North is up and west is left: the northernmost stop is drawn highest.
    top = min(circles, key=lambda c: float(c.get("cy")))
    north = stops.loc[stops.stop_lat.astype(float).idxmax(), "stop_name"]
    assert top.find(f"{SVG}title").text == north
    desc = root.find(f"{SVG}desc").text
    assert f"{len(stops)} 个站点" in desc


def test_bad_declarations_name_the_view_and_key() -> None:
    with pytest.raises(ViewError, match=r"views\[0\]\.spec\.type"):
        parse_views([{"resources": ["x"], "spec": {"type": "pie"}}])
    with pytest.raises(ViewError, match=r"views\[1\]\.spec\.value"):
        parse_views([{"resources": ["x"], "spec": {"type": "map"}},
                     {"resources": ["x"], "spec": {"type": "bar", "group": "g"}}])
    with pytest.raises(ViewError, match="resources"):
        parse_views([{"spec": {"type": "map"}}])
