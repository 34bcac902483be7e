"""Create and fill the enforcement case system's table that feeds this dataset (``source:``).

The bureau's real case system is not here; this script stands in for it: it creates the table
``penalty_decisions`` in the database at URL (SQLite or PostgreSQL) and fills it with the
synthetic decisions of ``data/decisions.csv`` (made by generate.py), typed as the Table Schema
says. Used by the tests and to try ``publisher harvest penalty-decisions`` by hand:

    python datasets/penalty-decisions/source_fixture.py sqlite:///var/cases.db
    PUBLISHER_SOURCE_ENFORCEMENT_CASES_DB=sqlite:///var/cases.db publisher harvest
"""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa

HERE = Path(__file__).resolve().parent
SCHEMA = HERE.parent.parent / "schemas" / "penalty-decisions.json"
TABLE = "penalty_decisions"
TYPES: dict[str, Any] = {"string": sa.Text, "date": sa.Date, "integer": sa.BigInteger,
                         "number": sa.Numeric, "boolean": sa.Boolean}


def _value(kind: str, text: str) -> Any:
    if text == "":
        return None
    if kind == "date":
        return date.fromisoformat(text)
    if kind == "integer":
        return int(text)
    return text


def table(metadata: sa.MetaData, schema: dict[str, Any]) -> sa.Table:
    fields = schema["fields"]
    key = set(schema.get("primaryKey", []))
    return sa.Table(TABLE, metadata, *(
        sa.Column(f["name"], TYPES.get(f["type"], sa.Text)(), primary_key=f["name"] in key)
        for f in fields))


def rows(csv_path: Path, schema: dict[str, Any]) -> list[dict[str, Any]]:
    raw = csv_path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    kinds = {f["name"]: f["type"] for f in schema["fields"]}
    return [{k: _value(kinds[k], v) for k, v in row.items()}
            for row in csv.DictReader(io.StringIO(text))]


def fill(url: str, csv_path: Path | None = None) -> int:
    """(Re)create the table at ``url`` and fill it; returns the number of rows."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    engine = sa.create_engine(url)
    metadata = sa.MetaData()
    tbl = table(metadata, schema)
    data = rows(csv_path or HERE / "data" / "decisions.csv", schema)
    with engine.begin() as conn:
        metadata.drop_all(conn)
        metadata.create_all(conn)
        conn.execute(tbl.insert(), data)
    engine.dispose()
    return len(data)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: source_fixture.py DATABASE_URL")
    print(f"{fill(sys.argv[1])} rows in {TABLE}")
