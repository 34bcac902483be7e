"""The numbers of a view, computed from the released (de-identified) files only."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from frictionless import Field

from publisher.views.spec import ViewError, ViewSpec


@dataclass
class Figure:
    """What a picture shows, also rendered as its fallback table."""

    spec: ViewSpec
    categories: list[str] = field(default_factory=list)  # rows: groups or months
    series: list[str] = field(default_factory=list)  # columns: split values
    values: dict[tuple[str, str], float] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # field name -> schema title
    unit: str = ""
    stops: list[tuple[str, float, float]] = field(default_factory=list)  # name, lon, lat
    lines: list[tuple[str, list[tuple[float, float]]]] = field(default_factory=list)

    def value(self, category: str, series: str) -> float:
        return self.values.get((category, series), 0.0)

    def total(self, category: str) -> float:
        return sum(self.value(category, s) for s in self.series)


def _resource(manifest: dict[str, Any], name: str) -> dict[str, Any]:
    for res in manifest.get("resources") or []:
        if isinstance(res, dict) and res.get("name") == name:
            return res
    raise ViewError(f"resource {name!r} is not in the release")


def _frame(folder: Path, manifest: dict[str, Any],
           name: str) -> tuple[pd.DataFrame, dict[str, Any]]:
    res = _resource(manifest, name)
    frame = pd.read_csv(folder / str(res.get("path") or f"data/{name}.csv"), dtype=str,
                        keep_default_na=False, encoding="utf-8")
    return frame, res.get("schema") or {}


def _titles(schema: dict[str, Any]) -> dict[str, str]:
    return {str(f["name"]): str(f.get("title") or f["name"]) for f in schema.get("fields", [])
            if isinstance(f, dict) and "name" in f}


def _numbers(schema: dict[str, Any], column: str, cells: pd.Series) -> list[float]:
    """Cells read as the schema declares them (groupChar …); unreadable or empty count as 0."""
    spec = next((f for f in schema.get("fields", []) if f.get("name") == column), None)
    if spec is None:
        raise ViewError(f"field {column!r} is not released")
    reader = Field.from_descriptor({k: v for k, v in spec.items()
                                    if k not in ("constraints", "privacy")})
    out = []
    for text in cells:
        value, notes = reader.read_cell(text) if text != "" else (None, None)
        out.append(float(value) if value is not None and not notes else 0.0)
    return out


def _filtered(frame: pd.DataFrame, spec: ViewSpec) -> pd.DataFrame:
    for key, wanted in (spec.get("filter") or {}).items():
        if key not in frame.columns:
            raise ViewError(f"{spec.name}: filter field {key!r} is not released")
        frame = frame[frame[key] == str(wanted)]
    return frame


def _need(frame: pd.DataFrame, spec: ViewSpec, *columns: str) -> None:
    for column in columns:
        if column and column not in frame.columns:
            raise ViewError(f"{spec.name}: field {column!r} is not released")


def bar(spec: ViewSpec, folder: Path, manifest: dict[str, Any]) -> Figure:
    frame, schema = _frame(folder, manifest, spec.resources[0])
    group, value, split = spec.get("group"), spec.get("value"), spec.get("split", "")
    _need(frame, spec, group, value, split)
    frame = _filtered(frame, spec)
    numbers = _numbers(schema, value, frame[value])
    sums: dict[tuple[str, str], float] = defaultdict(float)
    categories: list[str] = []
    series: list[str] = []
    for g, s, n in zip(frame[group], frame[split] if split else [""] * len(frame), numbers,
                       strict=True):
        if g not in categories:
            categories.append(g)
        if s not in series:
            series.append(s)
        sums[(g, s)] += n
    values = {k: round(v, 2) for k, v in sums.items()}
    return Figure(spec, categories, sorted(series), values, _titles(schema),
                  str(spec.get("unit", "")))


def count(spec: ViewSpec, folder: Path, manifest: dict[str, Any]) -> Figure:
    frame, schema = _frame(folder, manifest, spec.resources[0])
    date, split = spec.get("date"), spec.get("split", "")
    _need(frame, spec, date, split)
    frame = _filtered(frame, spec)
    months = frame[date].str.slice(0, 7)
    keep = months.str.fullmatch(r"\d{4}-\d{2}")
    counts: dict[tuple[str, str], float] = defaultdict(float)
    splits = frame[split] if split else pd.Series([""] * len(frame), index=frame.index)
    for m, s in zip(months[keep], splits[keep], strict=True):
        counts[(m, s)] += 1
    categories = sorted({m for m, _ in counts})
    series = sorted({s for _, s in counts})
    return Figure(spec, categories, series, dict(counts), _titles(schema),
                  str(spec.get("unit", "")))


def gtfs_map(spec: ViewSpec, folder: Path, manifest: dict[str, Any]) -> Figure:
    stops, _ = _frame(folder, manifest, spec.resources[0])
    _need(stops, spec, "stop_name", "stop_lat", "stop_lon")
    figure = Figure(spec)
    for name, lat, lon in zip(stops.stop_name, stops.stop_lat, stops.stop_lon, strict=True):
        try:
            figure.stops.append((name, float(lon), float(lat)))
        except ValueError:
            continue  # a stop without coordinates is not drawn (and not counted)
    if len(spec.resources) > 1:
        shapes, _ = _frame(folder, manifest, spec.resources[1])
        _need(shapes, spec, "shape_id", "shape_pt_lat", "shape_pt_lon", "shape_pt_sequence")
        shapes = shapes.assign(seq=shapes.shape_pt_sequence.astype(int)).sort_values(
            ["shape_id", "seq"])
        for shape_id, part in shapes.groupby("shape_id", sort=True):
            figure.lines.append((str(shape_id), [(float(x), float(y)) for x, y in zip(
                part.shape_pt_lon, part.shape_pt_lat, strict=True)]))
    return figure


def line_km(points: list[tuple[float, float]]) -> float:
    """Length of a lon/lat polyline in km (haversine), for the map's fallback table."""
    total = 0.0
    for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
        p1, p2 = math.radians(y1), math.radians(y2)
        dp, dl = p2 - p1, math.radians(x2 - x1)
        a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
        total += 2 * 6371.0 * math.asin(math.sqrt(a))
    return round(total, 2)


BUILDERS = {"bar": bar, "count": count, "map": gtfs_map}


def build(spec: ViewSpec, folder: Path, manifest: dict[str, Any]) -> Figure:
    """The figure of one view over a release folder and its manifest."""
    return BUILDERS[spec.kind](spec, folder, manifest)
