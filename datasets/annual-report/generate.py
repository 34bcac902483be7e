"""Write data/tables.csv: the 2018 annual report's tables, built as ``publisher report annual``.

A fresh in-memory register is filled with the synthetic year of ``publisher.requests.fixtures``
(the one ``disclosure-requests`` exports); the proactive table is counted from this repository's
datasets; table 四 and the texts come from ``narrative/2018.yaml``.

Usage: python datasets/annual-report/generate.py [OUT_DIR]   (default: this folder's data/)
"""

from __future__ import annotations

from pathlib import Path

from publisher.db import Database
from publisher.generate import output_dir, write_csv
from publisher.report import build as rb
from publisher.report import narrative, proactive
from publisher.requests import fixtures
from publisher.requests.register import all_requests

YEAR = 2018
HERE = Path(__file__).resolve().parent


def main() -> None:
    out = output_dir(__file__)
    db = Database("sqlite://")
    try:
        with db.session() as session:
            fixtures.load(session)
            cases = rb.cases(all_requests(session))
    finally:
        db.dispose()
    sources = proactive.Sources(HERE.parent, HERE.parent.parent / "schemas")
    story = narrative.read(HERE / "narrative" / f"{YEAR}.yaml", YEAR)
    report = rb.build(YEAR, cases, sources, story)
    write_csv(out / "tables.csv", rb.TABLES_HEADER, rb.long_rows(report))


if __name__ == "__main__":
    main()
