"""``publisher quality``: the MQA score of each published dataset's DCAT metadata."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import click

from harvest.mqa import RATING_ZH, QualityScore, load_shapes, quality_for
from harvest.records import records_from_state
from publisher import codes
from publisher.commands import FORMAT, LANG, Command, lang_of, say
from publisher.i18n import gettext
from publisher.services import Services


@click.command("quality", cls=Command)
@click.argument("names", nargs=-1)
@FORMAT
@click.option("--base-url", default=None,
              help="Where the running service answers (default: setting site_url); access "
                   "and download URLs are checked there, on 127.0.0.1 only.")
@click.option("--check-urls/--no-check-urls", default=True, show_default=True,
              help="HEAD every access and download URL.")
@click.option("--shapes", "shapes_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None,
              help="Folder with the DCAT-AP shapes.ttl, range.ttl and "
                   "mdr-vocabularies.shape.ttl: run SHACL for the compliance points.")
@LANG
@click.pass_obj
def command(services: Services, names: tuple[str, ...], fmt: str, base_url: str | None,
            check_urls: bool, shapes_dir: Path | None, lang: str | None) -> None:
    """Score published datasets (all when no NAME is given) by the data.europa.eu MQA method."""
    lang = lang_of(services, lang)
    records = records_from_state(services, base_url or services.settings.site_url)
    known = {r.name for r in records}
    unknown = [n for n in names if n not in known]
    if unknown:
        say(lang, "error: not in the public catalogue: %(names)s", err=True,
            names=", ".join(unknown))
        sys.exit(2)
    shapes = None
    if shapes_dir is not None:
        try:
            shapes = load_shapes(shapes_dir)
        except (OSError, ValueError) as exc:
            say(lang, "error: cannot read the shapes in %(path)s: %(message)s", err=True,
                path=shapes_dir, message=codes.describe(exc, lang))
            sys.exit(2)
    scores = [quality_for(r, check_urls, shapes=shapes)
              for r in records if not names or r.name in names]
    if fmt == "json":
        click.echo(json.dumps([s.to_dict() for s in scores], ensure_ascii=False, indent=2))
        return
    if not scores:
        say(lang, "no published datasets")
    for score in scores:
        _print(score, lang)


#: The MQA's dimensions and indicators (harvest.mqa names them in English), as msgids.
TERMS = (
    "Findability", "Accessibility", "Interoperability", "Reusability", "Contextuality",
    "keyword usage", "categories", "geo search", "time-based search",
    "access URL accessibility", "download URL", "download URL accessibility", "format",
    "media type", "format / media type from vocabulary", "non-proprietary", "machine-readable",
    "DCAT-AP compliance", "licence information", "licence vocabulary", "access restrictions",
    "access restrictions vocabulary", "contact point", "publisher", "rights", "file size",
    "date of issue", "modification date",
)
#: Why an indicator lost points: the notes harvest.mqa writes, with their params.
NOTES = (
    (re.compile(r"unreachable \((?P<kind>\w+)\)"), "unreachable (%(kind)s)"),
    (re.compile(r"HTTP (?P<status>\d+)"), "HTTP %(status)s"),
    (re.compile(r"(?P<n>\d+) SHACL violations"), "%(n)s SHACL violations"),
    (re.compile(r".*"), ""),
)


def _note(lang: str, note: str) -> str:
    """An indicator's note in ``lang``; a note of no known shape is shown as it is."""
    for pattern, msgid in NOTES:
        found = pattern.fullmatch(note)
        if found and msgid:
            return gettext(lang, msgid, **found.groupdict())
    return gettext(lang, note)


def _print(score: QualityScore, lang: str) -> None:
    unchecked = "" if score.urls_checked else "  " + gettext(lang, "[URLs not checked]")
    rating = (RATING_ZH[score.rating] if lang == "zh"
              else f"{score.rating} ({RATING_ZH[score.rating]})")
    click.echo(f"{score.dataset}  {score.total:g}/{score.maximum}  {rating}" + unchecked)
    for ind in score.missing:
        note = f": {_note(lang, ind.note)}" if ind.note else ""
        click.echo(f"  -{ind.missing:g}  {gettext(lang, ind.dimension)} / "
                   f"{gettext(lang, ind.name)}{note}")
