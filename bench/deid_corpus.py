"""``python -m bench.deid_corpus [--half dev|heldout|both]``: how much of the held-out corpus
(tests/data/deid_heldout/, written by someone who never read the detectors) the
de-identification stage removes, per category and per written form, and how much public text it
keeps (published numbers, case and ticket numbers, receipt numbers, organisations' names and
addresses).

Sentences go through the detectors (what the redact action of a free-text field does); rows go
through the whole stage (policies, row-level linking, dataset-wide names) as a table with
declared personal columns. A personal span counts as removed when no character of it survives
in place: the span is covered by detected spans. Only counts are printed, never a value.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from publisher.dataset import Dataset, Disclosure, Resource
from publisher.deid import deidentify
from publisher.deid.engine import default_engine
from publisher.lexicon import public_contacts

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "deid_heldout"
KEY = b"corpus-measure"
#: The categories of the rows' columns, and the action each gets in the measured table.
ACTIONS = {"person_name": "mask", "phone": "mask", "id_number": "pseudonymize",
           "plate": "mask", "bank_card": "drop", "email": "suppress", "address": "redact",
           "free_text": "redact", "birth_date": "redact"}


@dataclass
class Figures:
    """Removed/total per category and per (category, form); kept/total per public category."""

    total: Counter[str] = field(default_factory=Counter)
    removed: Counter[str] = field(default_factory=Counter)
    form_total: Counter[tuple[str, str]] = field(default_factory=Counter)
    form_removed: Counter[tuple[str, str]] = field(default_factory=Counter)
    keep_total: Counter[str] = field(default_factory=Counter)
    kept: Counter[str] = field(default_factory=Counter)

    def recall(self, category: str) -> float:
        return self.removed[category] / self.total[category] if self.total[category] else 1.0

    def kept_rate(self, category: str) -> float:
        return self.kept[category] / self.keep_total[category] if self.keep_total[category] \
            else 1.0

    def add(self, span: dict[str, Any], removed: bool) -> None:
        category = str(span["category"])
        self.total[category] += 1
        self.removed[category] += removed
        forms = [str(span.get("form", "-"))]
        if category == "person_name":
            forms += [f"chars:{span.get('chars')}", f"surname:{span.get('surname')}"]
        for form in forms:
            self.form_total[(category, form)] += 1
            self.form_removed[(category, form)] += removed


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _covered(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    covered = [False] * (end - start)
    for s, e in spans:
        for i in range(max(s, start), min(e, end)):
            covered[i - start] = True
    return all(covered)


def measure_sentences(path: Path, figures: Figures | None = None) -> Figures:
    figures = figures or Figures()
    engine = default_engine(public_contacts(ROOT / "datasets"))
    for record in _lines(path):
        text = record["text"]
        found = [(s.start, s.end) for s in engine.find(text)]
        for span in record["spans"]:
            figures.add(span, _covered(span["start"], span["end"], found))
        for keep in record.get("keep", []):
            category = str(keep["category"])
            figures.keep_total[category] += 1
            figures.kept[category] += not any(s < keep["end"] and keep["start"] < e
                                               for s, e in found)
    return figures


def _dataset(columns: dict[str, str]) -> Dataset:
    fields = []
    for name, category in columns.items():
        fld: dict[str, Any] = {"name": name, "type": "string"}
        if category in ACTIONS:
            fld["privacy"] = {"category": category, "action": ACTIONS[category],
                              "basis": "measure"}
        fields.append(fld)
    resource = Resource(name="rows", path=ROOT / "datasets" / "corpus" / "rows.csv",
                        format="csv", schema_ref="<inline>", schema={"fields": fields})
    return Dataset(name="corpus-rows", folder=ROOT / "datasets" / "corpus", title="corpus",
                   description="", disclosure=Disclosure("proactive"), department="",
                   catalogue_column="", openness="", update_frequency="", review="required",
                   resources=(resource,))


def measure_rows(path: Path, figures: Figures | None = None) -> Figures:
    """Each style's rows as one table through the whole stage; a span is removed when its text
    is no longer in the released cell."""
    figures = figures or Figures()
    groups: dict[tuple[tuple[str, str], ...], list[dict[str, Any]]] = {}
    for record in _lines(path):
        key = tuple(sorted(record["categories"].items()))
        groups.setdefault(key, []).append(record)
    for key, records in groups.items():
        columns = dict(key)
        frame = pd.DataFrame([r["columns"] for r in records], dtype=object).fillna("")
        result = deidentify(_dataset(columns), {"rows": frame}, KEY)
        out = result.tables["rows"]
        for i, record in enumerate(records):
            for column, spans in record["spans"].items():
                released = str(out.at[i, column]) if column in out.columns else ""
                original = record["columns"][column]
                for span in spans:
                    value = original[span["start"]:span["end"]]
                    figures.add({**span, "form": "row:" + str(span.get("form", "-"))},
                                value not in released)
            for column, keeps in record.get("keep", {}).items():
                released = str(out.at[i, column]) if column in out.columns else ""
                original = record["columns"][column]
                for keep in keeps:
                    category = str(keep["category"])
                    figures.keep_total[category] += 1
                    figures.kept[category] += original[keep["start"]:keep["end"]] in released
    return figures


def measure(half: str) -> tuple[Figures, Figures]:
    """(sentences, rows) figures of one half: ``dev`` or ``heldout``."""
    return (measure_sentences(CORPUS / f"sentences-{half}.jsonl"),
            measure_rows(CORPUS / f"rows-{half}.jsonl"))


def report(title: str, figures: Figures) -> str:
    lines = [title]
    for category in sorted(figures.total):
        lines.append(f"  {category:14} {figures.removed[category]:5}/{figures.total[category]:<5}"
                     f" removed  {figures.recall(category):7.2%}")
        for (cat, form), n in sorted(figures.form_total.items()):
            if cat == category:
                done = figures.form_removed[(cat, form)]
                lines.append(f"      {form:22} {done:5}/{n:<5} {done / n:7.2%}")
    for category in sorted(figures.keep_total):
        lines.append(f"  kept {category:14} {figures.kept[category]:5}/"
                     f"{figures.keep_total[category]:<5} {figures.kept_rate(category):7.2%}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--half", choices=["dev", "heldout", "both"], default="both")
    args = parser.parse_args()
    for half in (["dev", "heldout"] if args.half == "both" else [args.half]):
        sentences, rows = measure(half)
        print(report(f"{half}: sentences", sentences))
        print(report(f"{half}: rows (whole stage)", rows))


if __name__ == "__main__":
    main()
