"""The report as HTML: a standalone document (``report.html``) and the catalogue page's body.

Both render ``templates/report/body.html``, so the file and the page cannot disagree.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from publisher.report import narrative as nv

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
TITLE = "汕尾市交通运输局{year}年政府信息公开工作年度报告"


def context(report: Any, generated: date) -> dict[str, Any]:
    """What the templates need (a Report from :mod:`publisher.report.build`)."""
    return {"report": report, "tables": report.tables, "sections": report.narrative.sections,
            "title": TITLE.format(year=report.year), "generated": generated,
            "review_labels": nv.REVIEW_LABELS, "group_labels": nv.GROUP_LABELS,
            "review_columns": (*nv.REVIEW_RESULTS, "total")}


def document(report: Any, *, generated: date) -> str:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)),
                      autoescape=select_autoescape(["html"]))
    return env.get_template("report/document.html").render(**context(report, generated))
