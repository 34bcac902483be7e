"""Stage ``deidentify``: apply the field privacy policies, prove the result clean, report counts.

Entry points: :func:`deidentify` and :func:`scan_frame`. Nothing here logs, raises or returns a
raw value of a personal field.
"""

from publisher.deid.engine import Engine, Span, default_engine, scan_frame
from publisher.deid.report import DeidReport
from publisher.deid.stage import DeidResult, deidentify

__all__ = ["DeidReport", "DeidResult", "Engine", "Span", "default_engine", "deidentify",
           "scan_frame"]
