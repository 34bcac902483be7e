"""``publisher deidentify NAME``: de-identified CSVs and the report, for a steward to inspect."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
import pandas as pd

from publisher import codes
from publisher.commands import LANG, Command, lang_of, say
from publisher.dataset import Resource
from publisher.readers import ReadError, field_names, resource_rows
from publisher.services import Services


def read_frame(resource: Resource) -> pd.DataFrame:
    """The resource as strings ('' for empty), field names (or labels) as column names."""
    rows = resource_rows(resource)
    if not rows:
        return pd.DataFrame()
    header, body = field_names(rows[0], resource.schema), rows[1:]
    width = len(header)
    body = [(row + [""] * width)[:width] for row in body]
    return pd.DataFrame(body, columns=header, dtype=object)


@click.command("deidentify", cls=Command)
@click.argument("name")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Folder for the CSVs and deidentification.json "
                   "(default: <instance>/deidentified/NAME).")
@LANG
@click.pass_obj
def command(services: Services, name: str, out_dir: str | None, lang: str | None) -> None:
    """De-identify one dataset by its field policies; write the result and the report.

    Exit 0 when the result may be released, 1 when findings block it, 2 on a usage error
    (unknown dataset, unreadable file, no pseudonym key).
    """
    from publisher.deid import deidentify

    lang = lang_of(services, lang)
    key = services.settings.pseudonym_key
    if not key:
        say(lang, "error: no pseudonym key: set PUBLISHER_PSEUDONYM_KEY (or pseudonym_key in "
            "the instance file); pseudonyms cannot be made without it", err=True)
        sys.exit(2)
    if name not in services.dataset_names():
        say(lang, "error: unknown dataset %(name)s", err=True, name=name)
        sys.exit(2)
    dataset = services.load(name).dataset
    if dataset is None:
        say(lang, "error: dataset %(name)s cannot be loaded (run: publisher check %(name)s)",
            err=True, name=name)
        sys.exit(2)
    try:
        tables = {r.name: read_frame(r) for r in dataset.resources}
    except ReadError as exc:
        say(lang, "error: %(message)s", err=True, message=codes.describe(exc, lang))
        sys.exit(2)
    result = deidentify(dataset, tables, key.encode())
    out = Path(out_dir) if out_dir else services.settings.instance_path / "deidentified" / name
    out.mkdir(parents=True, exist_ok=True)
    for rname, df in result.tables.items():
        df.to_csv(out / f"{rname}.csv", index=False, encoding="utf-8")
    report = result.report.to_dict()
    report["ok"] = result.ok
    report["findings"] = [f.to_dict(lang) for f in result.findings]
    (out / "deidentification.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    for rname, df in result.tables.items():
        say(lang, "%(resource)s: %(rows)s rows -> %(path)s", resource=rname, rows=len(df),
            path=out / (rname + ".csv"))
    for finding in result.findings[:20]:
        click.echo(f"    [{finding.code}] {finding.message(lang)}")
    if len(result.findings) > 20:
        say(lang, "    … %(n)s more in deidentification.json", n=len(result.findings) - 20)
    if result.ok:
        say(lang, "ok: report %(path)s", path=out / "deidentification.json")
    else:
        say(lang, "blocked: report %(path)s", path=out / "deidentification.json")
    sys.exit(0 if result.ok else 1)
