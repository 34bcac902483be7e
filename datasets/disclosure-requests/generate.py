"""Write data/requests.csv: the published register, exported from a synthetic year (2018).

The rows are not written here: a fresh in-memory register is filled with the fixtures of
``publisher.requests.fixtures`` (through the register, so every step is checked) and exported by
``publisher.requests.export``, exactly as ``publisher requests export`` does for the bureau's
real register. One answer is late on purpose (file row 79), for the ``request-answer-late``
check; every outcome row of the annual-report table occurs.

Usage: python datasets/disclosure-requests/generate.py [OUT_DIR]   (default: this folder's data/)
"""

from __future__ import annotations

from datetime import date

from publisher.db import Database
from publisher.generate import output_dir
from publisher.requests import export, fixtures
from publisher.requests.register import all_requests

#: The day the export is taken (fixed, so the file is byte-identical).
AS_OF = date(2019, 12, 31)


def main() -> None:
    out = output_dir(__file__)
    db = Database("sqlite://")
    try:
        with db.session() as session:
            fixtures.load(session)
            export.write(out / "requests.csv", all_requests(session), AS_OF)
    finally:
        db.dispose()


if __name__ == "__main__":
    main()
