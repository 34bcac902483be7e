"""A finding: one problem with data or a descriptor, as a value in a report."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from publisher import codes


@dataclass(frozen=True)
class Finding:
    """One problem. ``params`` fill the code's message template and never hold personal values."""

    code: str
    dataset: str | None = None
    resource: str | None = None
    key: str | None = None
    row: int | None = None
    field: str | None = None
    params: dict[str, Any] = dc_field(default_factory=dict)

    def message(self, lang: str = "zh") -> str:
        context = {
            "dataset": self.dataset or "",
            "resource": self.resource or "",
            "key": self.key or "",
            "row": self.row if self.row is not None else "",
            "field": self.field or "",
        }
        return codes.get(self.code).render(lang, {**context, **self.params})

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code}
        for name in ("dataset", "resource", "key", "row", "field"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.params:
            out["params"] = dict(self.params)
        out["message"] = self.message(lang)
        return out
