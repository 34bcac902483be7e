"""Small parts of the pages: the Markdown subset, CSV paging, the de-identification summary."""

from __future__ import annotations

import csv

from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.web.pages_labels import deid_rows, suppressed_rows
from publisher.web.pages_preview import read_page
from publisher.web.pages_text import render


@given(st.text())
@settings(max_examples=200, deadline=None)
def test_markdown_subset_never_passes_markup_through(text):
    html = str(render(text))
    stripped = html
    for tag in ("h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "strong", "em"):
        stripped = stripped.replace(f"<{tag}>", "").replace(f"</{tag}>", "")
    stripped = stripped.replace("<br>", "")
    assert "<" not in stripped and ">" not in stripped


def test_markdown_subset_structure():
    html = str(render("# 标题\n\n第一段\n续行\n\n1. 甲\n2. 乙\n- 丙\n\n## 小节\n"
                      "*English* text\nwraps, **bold** and 2 * 3 * 4"))
    assert html == ("<h3>标题</h3>\n<p>第一段续行</p>\n<ol><li>甲</li><li>乙</li></ol>\n"
                    "<ul><li>丙</li></ul>\n<h4>小节</h4>\n"
                    "<p><em>English</em> text wraps, <strong>bold</strong> and 2 * 3 * 4</p>")


@given(rows=st.integers(0, 60), size=st.integers(1, 25), page=st.integers(-3, 10))
@settings(max_examples=60, deadline=None)
def test_paging_covers_every_row_once(tmp_path_factory, rows, size, page):
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["n", "text"])
        writer.writerows([[str(i), f"行\n{i}"] for i in range(rows)])
    shown = []
    preview = read_page(path, 1, size)
    for number in range(1, preview.pages + 1):
        shown += [int(r[0]) for r in read_page(path, number, size).rows]
    assert shown == list(range(rows))
    clamped = read_page(path, page, size)
    assert 1 <= clamped.page <= clamped.pages and clamped.total == rows
    assert clamped.columns == ["n", "text"]


def test_deid_summary_keeps_names_and_counts_only():
    report = {"fields": [{"resource": "r", "field": "name", "category": "person_name",
                          "action": "pseudonymize", "cells": "12", "found": {"phone": 2},
                          "sample": "王小明"}, "junk"],
              "k_anonymity": [{"rows_suppressed": 3}, {"rows_suppressed": None}]}
    rows = deid_rows(report)
    assert rows == [{"resource": "r", "field": "name", "category": "person_name",
                     "action": "pseudonymize", "cells": 12, "found": {"phone": 2}}]
    assert suppressed_rows(report) == 3
