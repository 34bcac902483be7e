"""Build the annual report of one year: the tables (JSON and CSV), the HTML page and the DOCX.

Plain inputs (the register's cases, the datasets folder, the narrative), one plain result.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from publisher import deadlines as dl
from publisher.generate import write_csv
from publisher.report import narrative as nv
from publisher.report import proactive, requests_table
from publisher.report.requests_table import Case
from publisher.requests.models import DisclosureRequest
from publisher.requests.register import reply_of

NARRATIVE_DIR = Path("annual-report") / "narrative"
TABLES_HEADER = ("year", "table", "row_code", "row", "column", "value")


@dataclass(frozen=True)
class Report:
    year: int
    tables: dict[str, Any]
    narrative: nv.Narrative


def cases(requests: list[DisclosureRequest]) -> list[Case]:
    """The register's requests as the table counts them."""
    out = []
    for row in requests:
        reply = reply_of(row)
        out.append(Case(row.applicant_type, row.received, reply.day if reply else None,
                        reply.outcome if reply else None))
    return out


def build(year: int, register: list[Case], sources: proactive.Sources,
          story: nv.Narrative, *, due: str = dl.ANNUAL_REPORT_DUE) -> Report:
    deadline = dl.annual_report(year, due=due)
    tables = {
        "year": year,
        "format": "国办公开办函〔2021〕30号",
        "deadline": deadline.due.isoformat(),
        "proactive": proactive.table(sources, year, story.fees_wan_yuan),
        "requests": requests_table.table(register, year),
        "review": {"groups": list(nv.REVIEW_GROUPS), "rows": story.review},
    }
    return Report(year, tables, story)


def long_rows(report: Report) -> list[list[object]]:
    """Every number of the tables, one per line (the published dataset's shape)."""
    out: list[list[object]] = []
    y = report.year
    for row in report.tables["proactive"]:
        for column in ("issued", "repealed", "in_force", "decisions", "amount_wan_yuan"):
            if column in row:
                out.append([y, "proactive", row["code"], row["row"], column, row[column]])
    for row in report.tables["requests"]["rows"]:
        for column, value in (row["values"] or {}).items():
            out.append([y, "requests", row["code"], row["label"], column, value])
    for group, numbers in report.tables["review"]["rows"].items():
        for column, value in numbers.items():
            out.append([y, "review", group, nv.GROUP_LABELS[group], column, value])
    return out


def write(report: Report, out: Path, *, generated: date) -> list[Path]:
    """Write report.html, report.docx, tables.json and tables.csv into ``out``."""
    from publisher.report import docx_file, html

    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "tables.json", out / "tables.csv", out / "report.html", out / "report.docx"]
    paths[0].write_text(json.dumps(report.tables, ensure_ascii=False, indent=2) + "\n",
                        encoding="utf-8")
    write_csv(paths[1], TABLES_HEADER, long_rows(report))
    paths[2].write_text(html.document(report, generated=generated), encoding="utf-8")
    docx_file.write(report, paths[3], generated=generated)
    return paths
