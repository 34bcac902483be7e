"""``publisher catalogue``: the declared datasets at a glance."""

from __future__ import annotations

import json
from typing import Any

import click

from publisher.commands import FORMAT, LANG, Command
from publisher.dataset import ATTRIBUTE_LABELS
from publisher.i18n import gettext
from publisher.services import Services
from publisher.state import views

#: Column headings (msgids of the shared message catalogue).
COLUMNS = ("dataset", "attribute", "department", "column", "state")


def rows(services: Services, lang: str) -> list[dict[str, Any]]:
    out = []
    with services.db.session() as session:
        states = {s.name: s for s in views(services, session, services.dataset_names())}
        published = {n: (s.state, {k: str(v) for k, v in (s.hold_info or {}).items()} or None)
                     for n, s in states.items()}
    for name in services.dataset_names():
        loaded, findings = services.check(name)
        ds = loaded.dataset
        attribute = ds.disclosure.attribute if ds else ""
        label = ATTRIBUTE_LABELS.get(attribute, (attribute, attribute))[0 if lang == "zh" else 1]
        out.append({
            "name": name,
            "title": ds.title_in(lang) if ds else "",
            "attribute": attribute,
            "attribute_label": label,
            "department": ds.department if ds else "",
            "catalogue_column": ds.catalogue_column if ds else "",
            "state": "refused" if findings else "accepted",
            # What the state database says (publisher.state): published, held, not-public …
            "publication": published[name][0],
            "hold": published[name][1],
        })
    return out


@click.command("catalogue", cls=Command)
@FORMAT
@LANG
@click.pass_obj
def command(services: Services, fmt: str, lang: str | None) -> None:
    """List the declared datasets with attribute, department, column and state."""
    lang = lang or services.settings.lang
    data = rows(services, lang)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    head = tuple(gettext(lang, c) for c in COLUMNS)
    table = [head] + [(r["name"], r["attribute_label"], r["department"], r["catalogue_column"],
                       gettext(lang, r["state"])) for r in data]
    widths = [max(_width(row[i]) for row in table) for i in range(len(head))]
    for row in table:
        click.echo("  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip())


def _width(text: str) -> int:
    # CJK characters take two terminal columns.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
