"""``publisher report annual YEAR``: the annual report on government information disclosure."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from publisher import codes
from publisher.commands import LANG, Group, lang_of, say
from publisher.report import build as rb
from publisher.report import narrative as nv
from publisher.report import proactive
from publisher.report.annual import build_report
from publisher.services import Services


@click.group("report", cls=Group)
def command() -> None:
    """Reports built from the registers and the published datasets."""


@command.command("annual")
@click.argument("year", type=click.IntRange(2008, 2100))
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Folder for report.html, report.docx, tables.json and tables.csv "
                   "(default: <instance>/reports/annual-YEAR).")
@click.option("--narrative", type=click.Path(path_type=Path), default=None,
              help="The steward's YAML file (default: "
                   "<datasets>/annual-report/narrative/YEAR.yaml).")
@LANG
@click.pass_obj
def annual(services: Services, year: int, out: Path | None, narrative: Path | None,
           lang: str | None) -> None:
    """Build the annual report of YEAR in the 2021 national format."""
    lang = lang_of(services, lang)
    try:
        report = build_report(services, year, narrative)
    except (nv.NarrativeError, proactive.SourceMissing) as exc:
        say(lang, "error: %(message)s", err=True, message=codes.describe(exc, lang))
        sys.exit(2)
    folder = out or services.settings.instance_path / "reports" / f"annual-{year}"
    paths = rb.write(report, folder, generated=date.today())
    consistency = report.tables["requests"]["consistency"]
    for path in paths:
        say(lang, "wrote %(path)s", path=path)
    if consistency["holds"]:
        say(lang, "consistency %(rule)s: holds", rule=consistency["rule"])
    else:
        say(lang, "consistency %(rule)s: DOES NOT HOLD", rule=consistency["rule"])
    if not consistency["holds"]:
        sys.exit(1)
