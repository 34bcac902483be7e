"""The ``views:`` declarations of a descriptor, in the spirit of Data Package views.

Each view names the released resource(s) it draws and a ``spec``::

    views:
      - name: spending
        title: 各年度支出
        resources: [expenditure]
        spec: {type: bar, group: subject_name, split: year, value: total,
               filter: {kind: 决算}, unit: 万元}
      - name: per-month
        resources: [decisions]
        spec: {type: count, date: decision_date, split: penalty_type}
      - name: network
        resources: [stops, shapes]
        spec: {type: map}

``bar`` sums ``value`` per ``group`` and ``split``; ``count`` counts rows per month of ``date``
and per ``split``; ``map`` draws GTFS stops and route shapes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KINDS = ("bar", "count", "map")
REQUIRED = {"bar": ("group", "value"), "count": ("date",), "map": ()}


class ViewError(ValueError):
    """A view declaration that cannot be drawn; the message names the view and the key."""


@dataclass(frozen=True)
class ViewSpec:
    name: str
    title: str
    kind: str
    resources: tuple[str, ...]
    options: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.options.get(key, default)


def parse_views(raw: Any) -> list[ViewSpec]:
    """The declared views, or ViewError naming the first bad one."""
    if raw in (None, []):
        return []
    if not isinstance(raw, list):
        raise ViewError("views: must be a list")
    out = []
    for i, item in enumerate(raw):
        where = f"views[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("spec"), dict):
            raise ViewError(f"{where}: needs a spec mapping")
        spec = dict(item["spec"])
        kind = spec.pop("type", None)
        if kind not in KINDS:
            raise ViewError(f"{where}.spec.type: must be one of {', '.join(KINDS)}")
        for key in REQUIRED[kind]:
            if not spec.get(key):
                raise ViewError(f"{where}.spec.{key}: missing")
        resources = item.get("resources") or []
        if isinstance(resources, str):
            resources = [resources]
        if not resources or not all(isinstance(r, str) for r in resources):
            raise ViewError(f"{where}.resources: name the released resource(s) to draw")
        name = str(item.get("name") or f"view-{i + 1}")
        out.append(ViewSpec(name, str(item.get("title") or name), kind, tuple(resources), spec))
    return out
