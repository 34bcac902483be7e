"""``publisher scan PATH``: which columns of a CSV, TSV or workbook hold personal identifiers."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
import pandas as pd

from publisher import codes
from publisher.commands import FORMAT, LANG, Command, lang_of, say
from publisher.readers import ReadError, read_table
from publisher.resources.dialect import WORKBOOKS
from publisher.services import Services


@click.command("scan", cls=Command)
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--sheet", default=None, help="Workbook sheet (default: the first).")
@FORMAT
@LANG
@click.pass_obj
def command(services: Services, path: str, sheet: str | None, fmt: str,
            lang: str | None) -> None:
    """Run every detector over every cell; print counts per column and category, never values.

    Exit 0 when nothing is found, 1 when identifiers are found, 2 when the file is unreadable.
    """
    from publisher.deid import scan_frame

    lang = lang_of(services, lang)
    file = Path(path)
    suffix = file.suffix.lower().lstrip(".")
    kind = suffix if suffix in WORKBOOKS or suffix == "tsv" else "csv"
    try:
        rows = read_table(file, kind, None, sheet)
    except (ReadError, OSError) as exc:
        say(lang, "error: %(message)s", err=True, message=codes.describe(exc, lang))
        sys.exit(2)
    header = rows[0] if rows else []
    body = [(row + [""] * len(header))[:len(header)] for row in rows[1:]]
    counts = scan_frame(pd.DataFrame(body, columns=header, dtype=object))
    if fmt == "json":
        click.echo(json.dumps({"path": file.name, "rows": len(body), "columns": counts},
                              ensure_ascii=False, indent=2))
    else:
        for column, per in counts.items():
            click.echo(f"{column}: " + ", ".join(f"{c} {n}" for c, n in per.items()))
        say(lang, "%(rows)s rows, %(columns)s columns with personal identifiers",
            rows=len(body), columns=len(counts))
    sys.exit(1 if counts else 0)
