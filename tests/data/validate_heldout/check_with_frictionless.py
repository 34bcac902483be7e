#!/usr/bin/env python3
"""Cross-check the corpus against frictionless-py (reference implementation).

Informational only: the authoritative expectations are the *.expect.json
files. frictionless-py matches header labels to field *names*, so for files
whose header carries titles the schema is rewritten (name := title) and field
names are mapped back. Writes frictionless-diff.json and prints a summary.

    pip install "frictionless[excel,ods]==5.21.0"
    python check_with_frictionless.py
"""
import copy
import glob
import json
import os

import frictionless
from frictionless import (Dialect, Resource, Schema, formats)

HERE = os.path.dirname(os.path.abspath(__file__))


def run(exp):
    with open(os.path.join(HERE, exp["schema"]), encoding="utf-8") as fh:
        sd = json.load(fh)
    back = {}
    if exp["headerLabels"] == "title":
        sd = copy.deepcopy(sd)
        for f in sd["fields"]:
            back[f["title"]] = f["name"]
            f["name"] = f["title"]
        sd["primaryKey"] = [next(f["title"] for f in sd["fields"]
                                 if back[f["title"]] == k)
                            for k in sd["primaryKey"]]
    sd.pop("$schema", None)
    schema = Schema.from_descriptor(sd)
    d = exp["dialect"]
    controls = []
    fmt = exp["format"]
    if fmt in ("csv", "tsv") and "delimiter" in d:
        controls.append(formats.CsvControl(delimiter=d["delimiter"]))
    if fmt in ("xlsx", "xls"):
        kw = {"fill_merged_cells": True}
        if "sheetName" in d:
            kw["sheet"] = d["sheetName"]
        elif "sheetNumber" in d:
            kw["sheet"] = d["sheetNumber"]
        controls.append(formats.ExcelControl(**kw))
    if fmt == "ods":
        kw = {}
        if "sheetName" in d:
            kw["sheet"] = d["sheetName"]
        elif "sheetNumber" in d:
            kw["sheet"] = d["sheetNumber"]
        controls.append(formats.OdsControl(**kw))
    dkw = {}
    if "headerRows" in d:
        dkw["header_rows"] = d["headerRows"]
    if "headerJoin" in d:
        dkw["header_join"] = d["headerJoin"]
    if "commentRows" in d:
        dkw["comment_rows"] = d["commentRows"]
    if "commentChar" in d:
        dkw["comment_char"] = d["commentChar"]
    dialect = Dialect(controls=controls, **dkw)
    rkw = {"format": "csv" if fmt == "tsv" else fmt}
    if exp["encoding"]:
        rkw["encoding"] = exp["encoding"]
    res = Resource(path=exp["file"], basepath=HERE, schema=schema,
                   dialect=dialect, **rkw)
    report = res.validate(limit_errors=10000)
    got = set()
    other = []
    for task in report.tasks:
        for e in task.errors:
            row = getattr(e, "row_number", None)
            if row is None:
                rows = getattr(e, "row_numbers", None)
                row = rows[-1] if rows else None
            field = getattr(e, "field_name", None)
            field = back.get(field, field) if field else None
            if e.type in ("blank-row", "extra-cell"):
                field = None
            if e.type == "primary-key" and len(exp.get("pk", [])) != 1:
                field = field
            got.add((row, field, e.type))
            if row is None:
                other.append("%s: %s" % (e.type, e.note))
    return got, other


def main():
    out = {}
    for p in sorted(glob.glob(os.path.join(HERE, "*.expect.json"))):
        exp = json.load(open(p, encoding="utf-8"))
        want = set() if exp["errors"] == "none" else {
            tuple(x) for x in exp["errors"]}
        try:
            got, other = run(exp)
        except Exception as ex:  # noqa
            out[exp["file"]] = {"exception": repr(ex)[:300]}
            print("%-45s EXCEPTION %r" % (exp["file"], ex))
            continue
        missing = sorted(want - got, key=str)
        extra = sorted(got - want, key=str)
        out[exp["file"]] = {"expected_not_reported": missing,
                            "reported_not_expected": extra[:20],
                            "reported_not_expected_count": len(extra),
                            "unplaced": other[:5]}
        alts = [sorted(map(tuple, a), key=str)
                for a in exp.get("acceptableAlternatives", [])]
        status = "same" if not missing and not extra else "DIFF"
        if status == "DIFF" and sorted(got, key=str) in [
                sorted(set(a), key=str) for a in alts]:
            status = "alternative"
        out[exp["file"]]["status"] = status
        print("%-45s %s  -%d +%d" % (exp["file"], status, len(missing),
                                     len(extra)))
    with open(os.path.join(HERE, "frictionless-diff.json"), "w",
              encoding="utf-8") as fh:
        json.dump({"frictionless": frictionless.__version__, "files": out},
                  fh, ensure_ascii=False, indent=1, default=str)


if __name__ == "__main__":
    main()
