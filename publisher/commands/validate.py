"""``publisher validate``: check every resource of the datasets against its Table Schema."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from publisher.commands import FORMAT, LANG, Command, dataset_names, lang_of, say
from publisher.dataset import Resource
from publisher.services import Services
from publisher.state.validation import validate_dataset as _validate_dataset
from publisher.validate import UNREADABLE, ValidationResult

#: Files larger than this get a progress bar on a terminal.
PROGRESS_BYTES = 20 << 20


class _Bar:
    """A tqdm bar fed by the engine's progress callback."""

    def __init__(self, resource: Resource) -> None:
        from tqdm import tqdm

        self.bar = tqdm(desc=resource.name, unit=" rows", file=sys.stderr, leave=False)

    def advance(self, _resource: str, rows: int) -> None:
        self.bar.update(rows)

    def close(self) -> None:
        self.bar.close()


def _progress(resource: Resource) -> _Bar | None:
    """A progress bar on a terminal for large files; nothing in logs (not a tty)."""
    if not sys.stderr.isatty() or resource.path.stat().st_size < PROGRESS_BYTES:
        return None
    return _Bar(resource)


def validate_dataset(services: Services, dataset: Any, *, force: bool = False
                     ) -> ValidationResult:
    """Validate with a progress bar on a terminal for large files."""
    return _validate_dataset(services, dataset, force=force, progress_for=_progress)


@click.command("validate", cls=Command)
@click.argument("names", nargs=-1)
@FORMAT
@LANG
@click.option("--force", is_flag=True,
              help="Validate again even when the file and the way it is read are unchanged.")
@click.pass_obj
def command(services: Services, names: tuple[str, ...], fmt: str, lang: str | None,
            force: bool) -> None:
    """Validate datasets' resources against their Table Schemas (all when no NAME is given).

    Exit 0 when every resource is valid, 1 when any is invalid, 2 on a usage error or an
    unreadable file. A file is not validated again while its bytes, its schema and every
    reading option (format, encoding, dialect, sheet) are unchanged, unless --force.
    """
    from publisher.validate.summary import summary

    lang = lang_of(services, lang)
    targets = dataset_names(services, names, lang)
    results: list[ValidationResult] = []
    for name in targets:
        loaded = services.load(name)
        if loaded.dataset is None:
            reason = "; ".join(f"[{f.code}] {f.message(lang)}" for f in loaded.findings)
            say(lang, "error: dataset %(name)s cannot be loaded: %(reason)s", err=True,
                name=name, reason=reason)
            sys.exit(2)
        results.append(validate_dataset(services, loaded.dataset, force=force))
    unreadable = [f for r in results for f in r.findings if f.code in UNREADABLE]
    if fmt == "json":
        click.echo(json.dumps({"valid": all(r.valid for r in results),
                               "datasets": [r.to_dict(lang) for r in results]},
                              ensure_ascii=False, indent=2))
    else:
        for result in results:
            click.echo(summary(result, lang))
    for finding in unreadable:
        message = f"[{finding.code}] {finding.message(lang)}"
        say(lang, "error: %(message)s", err=True, message=message)
    if unreadable:
        sys.exit(2)
    sys.exit(0 if all(r.valid for r in results) else 1)
