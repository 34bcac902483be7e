"""The report as a DOCX the office can sign (python-docx): the same sections and tables."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from publisher.report import narrative as nv
from publisher.report.html import TITLE


def _paragraphs(doc: Any, text: str) -> None:
    for para in text.split("\n"):
        if para.strip():
            doc.add_paragraph(para.strip())


def _table(doc: Any, header: list[str], rows: list[list[object]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = "" if value is None else str(value)


def write(report: Any, path: Path, *, generated: date) -> None:
    """Write ``report`` (a build.Report) as DOCX to ``path``."""
    from docx import Document

    tables = report.tables
    doc = Document()
    doc.core_properties.title = TITLE.format(year=report.year)
    doc.add_heading(TITLE.format(year=report.year), level=0)
    doc.add_heading("一、总体情况", level=1)
    _paragraphs(doc, report.narrative.sections["overview"])

    doc.add_heading("二、主动公开政府信息情况", level=1)
    _table(doc, ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
           [[r["row"], r["issued"], r["repealed"], r["in_force"]]
            for r in tables["proactive"] if "issued" in r])
    _table(doc, ["信息内容", "本年处理决定数量"],
           [[r["row"], r["decisions"]] for r in tables["proactive"] if "decisions" in r])
    _table(doc, ["信息内容", "本年收费金额（单位：万元）"],
           [[r["row"], f"{r['amount_wan_yuan']:.2f}"]
            for r in tables["proactive"] if "amount_wan_yuan" in r])

    doc.add_heading("三、收到和处理政府信息公开申请情况", level=1)
    columns = tables["requests"]["columns"]
    _table(doc, ["（第一项 + 第二项 = 第三项 + 第四项）", *columns],
           [[r["label"], *([r["values"][c] for c in columns] if r["values"]
                           else [None] * len(columns))]
            for r in tables["requests"]["rows"]])
    holds = tables["requests"]["consistency"]["holds"]
    doc.add_paragraph(f"勾稽关系（一 + 二 = 三 + 四）：{'成立' if holds else '不成立'}")

    doc.add_heading("四、政府信息公开行政复议、行政诉讼情况", level=1)
    review_columns = (*nv.REVIEW_RESULTS, "total")
    _table(doc, ["类别", *[nv.REVIEW_LABELS[c] for c in review_columns]],
           [[nv.GROUP_LABELS[g], *[tables["review"]["rows"][g][c] for c in review_columns]]
            for g in tables["review"]["groups"]])

    doc.add_heading("五、存在的主要问题及改进情况", level=1)
    _paragraphs(doc, report.narrative.sections["problems"])
    doc.add_heading("六、其他需要报告的事项", level=1)
    _paragraphs(doc, report.narrative.sections["other"])
    doc.add_paragraph("")
    doc.add_paragraph("汕尾市交通运输局（盖章）")
    doc.add_paragraph(f"{generated.year}年{generated.month}月{generated.day}日")
    doc.save(str(path))
