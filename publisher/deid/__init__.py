"""Stage ``deidentify``: apply the field privacy policies, prove the result clean, report counts.

Entry points: :func:`deidentify` and :func:`scan_frame`. Nothing here logs, raises or returns a
raw value of a personal field.

The names are imported on first use: the validation stage needs only the detectors' engine
(to redact the cells of findings), not the stage with its residual scan (about 0.2 s to load).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from publisher.deid.engine import Engine, Span, default_engine, scan_frame
    from publisher.deid.report import DeidReport
    from publisher.deid.stage import DeidResult, deidentify

_HOME = {"Engine": "engine", "Span": "engine", "default_engine": "engine",
         "scan_frame": "engine", "DeidReport": "report", "DeidResult": "stage",
         "deidentify": "stage"}

__all__ = ["DeidReport", "DeidResult", "Engine", "Span", "default_engine", "deidentify",
           "scan_frame"]


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
