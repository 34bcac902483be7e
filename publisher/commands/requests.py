"""``publisher requests``: the register of disclosure requests (add, step, show, list, due).

Identities are recorded (``--name``, ``--id-number`` …) but never printed: ``show`` says which
items are on file. ``due`` is meant for a daily cron job; ``--mail`` sends its list to the
department (SMTP settings).
"""

from __future__ import annotations

import smtplib
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from publisher import codes
from publisher.commands import LANG, Group, lang_of, say
from publisher.i18n import gettext
from publisher.requests import categories as cat
from publisher.requests import clock as ck
from publisher.requests import export, fixtures, mail
from publisher.requests import register as reg
from publisher.requests.errors import RequestError
from publisher.services import Services

DAY = click.DateTime(formats=["%Y-%m-%d"])
#: The lines of ``show``: each key of the summary and its line (msgid).
LINES = {key: f"{key}: %(value)s" for key in (
    "reference", "received", "channel", "applicant_type", "department", "state", "start",
    "extended", "paused_working_days", "due", "days_left", "overdue", "replied", "outcome",
    "fee", "rule", "calendar")}
#: A request's states (publisher.requests.clock), as msgids.
STATES = {"open": "open", "consulting": "consulting", "replied": "replied",
          "awaiting-correction": "awaiting-correction"}


def _day(value: Any) -> date | None:
    return value.date() if value is not None else None


def _value(lang: str, key: str, value: Any) -> str:
    """A summary value in ``lang``: yes/no, none and the state's name translated."""
    if isinstance(value, bool) or value is None:
        return gettext(lang, str(value))
    if key == "state" and value in STATES:
        return gettext(lang, STATES[value])
    return str(value)


def _rule(row: Any, today: date, lang: str) -> str:
    deadline = reg.clock_of(row, today).deadline
    return deadline.rule_in(lang) if deadline is not None else ""


def _fail(services: Services, exc: RequestError, lang: str | None = None) -> None:
    lang = lang_of(services, lang)
    message = f"[{exc.code}] {exc.message(lang)}"
    say(lang, "error: %(message)s", err=True, message=message)
    sys.exit(1)


@click.group("requests", cls=Group)
def command() -> None:
    """Register disclosure requests, record their steps and see what is due."""


@command.command("add")
@click.option("--reference", required=True, help="The request's number, e.g. 汕交依申〔2026〕1号.")
@click.option("--received", type=DAY, required=True, help="Day of receipt (Art. 31).")
@click.option("--channel", type=click.Choice(cat.CHANNELS), required=True)
@click.option("--type", "applicant_type", type=click.Choice(cat.APPLICANT_TYPES), required=True,
              help="Applicant column of the annual report.")
@click.option("--content", default="", help="What is asked for (kept in the register only).")
@click.option("--name", default="", help="Applicant's name (personal data, never published).")
@click.option("--id-number", default="", help="Applicant's ID number (personal data).")
@click.option("--phone", default="", help="Applicant's phone (personal data).")
@click.option("--address", default="", help="Applicant's address (personal data).")
@click.option("--email", default="", help="Applicant's e-mail (personal data).")
@click.option("--department", default=None, help="Handling department (setting "
              "requests_department).")
@click.option("--by", "actor", default="publisher", show_default=True, help="Who registers it.")
@LANG
@click.pass_obj
def add(services: Services, reference: str, received: Any, channel: str, applicant_type: str,
        content: str, name: str, id_number: str, phone: str, address: str, email: str,
        department: str | None, actor: str, lang: str | None) -> None:
    """Register a request as received."""
    identity = {"name": name, "id_number": id_number, "phone": phone, "address": address,
                "email": email}
    try:
        with services.db.session() as session:
            row = reg.add_request(session, reference=reference, received=received.date(),
                                  channel=channel, applicant_type=applicant_type,
                                  content=content, actor=actor, applicant=identity,
                                  department=department or services.settings.requests_department)
            item = reg.summary(row, date.today())
            rule = _rule(row, date.today(), lang_of(services, lang))
    except RequestError as exc:
        _fail(services, exc, lang)
    say(lang_of(services, lang), "registered %(reference)s: due %(due)s (%(rule)s)",
        reference=item["reference"], due=item["due"], rule=rule)


@command.command("step")
@click.argument("reference")
@click.argument("kind", type=click.Choice(ck.STEP_KINDS))
@click.option("--on", "day", type=DAY, default=None, help="Day of the step (default: today).")
@click.option("--outcome", type=click.Choice([o.code for o in cat.OUTCOMES]), default=None,
              help="For a reply: the row of the annual-report table.")
@click.option("--approver", default="", help="For an extension: who approved it (Art. 33).")
@click.option("--fee", type=click.IntRange(min=0), default=0, help="Fee charged (yuan).")
@click.option("--note", default="", help="A note for the file (no personal data).")
@click.option("--by", "actor", default="publisher", show_default=True)
@LANG
@click.pass_obj
def step(services: Services, reference: str, kind: str, day: Any, outcome: str | None,
         approver: str, fee: int, note: str, actor: str, lang: str | None) -> None:
    """Record a step: correction-notice, correction-answer, extension, consultation-start,
    consultation-end or reply."""
    try:
        with services.db.session() as session:
            reg.add_step(session, reference, kind=kind, day=_day(day) or date.today(),
                         actor=actor, outcome=outcome or "", approver=approver, fee=fee,
                         note=note)
            item = reg.summary(reg.get_request(session, reference), date.today())
    except RequestError as exc:
        _fail(services, exc, lang)
    lang = lang_of(services, lang)
    say(lang, "%(reference)s: %(kind)s recorded; state %(state)s, due %(due)s",
        reference=reference, kind=kind, state=_value(lang, "state", item["state"]),
        due=_value(lang, "due", item["due"]))


@command.command("show")
@click.argument("reference")
@click.option("--today", type=DAY, default=None, help="Count as of this day (default: today).")
@LANG
@click.pass_obj
def show(services: Services, reference: str, today: Any, lang: str | None) -> None:
    """One request: its clock and its steps (the identity stays on file, unprinted)."""
    now = _day(today) or date.today()
    lang = lang_of(services, lang)
    try:
        with services.db.session() as session:
            row = reg.get_request(session, reference)
            item = reg.summary(row, now)
            item["rule"] = _rule(row, now, lang)
            steps = [(s.day, s.kind, s.outcome, s.approver, s.fee) for s in row.steps]
            on_file = sorted(row.applicant)
    except RequestError as exc:
        _fail(services, exc, lang)
    for key, line in LINES.items():
        say(lang, line, value=_value(lang, key, item[key]))
    say(lang, "identity on file: %(items)s",
        items=", ".join(gettext(lang, key) for key in on_file) or "-")
    for day, kind, outcome, approver, fee in steps:
        extra = " ".join(x for x in (outcome, approver and f"approver={approver}",
                                      fee and f"fee={fee}") if x)
        click.echo(f"  {day} {kind} {extra}".rstrip())


def _line(item: dict[str, Any], lang: str) -> str:
    due = gettext(lang, "due %(due)s", due=item["due"] or "-")
    left = "" if item["days_left"] is None else " " + gettext(lang, "(%(n)s days)",
                                                              n=item["days_left"])
    overdue = "\t" + gettext(lang, "OVERDUE") if item["overdue"] else ""
    return (f"{item['reference']}\t{item['received']}\t{item['applicant_type']}\t"
            f"{_value(lang, 'state', item['state'])}\t{due}{left}{overdue}")


@command.command("list")
@click.option("--year", type=int, default=None, help="Only requests received in this year.")
@click.option("--open", "only_open", is_flag=True, help="Only requests not yet replied to.")
@click.option("--today", type=DAY, default=None)
@LANG
@click.pass_obj
def list_(services: Services, year: int | None, only_open: bool, today: Any,
          lang: str | None) -> None:
    """The register, oldest first."""
    lang = lang_of(services, lang)
    now = _day(today) or date.today()
    with services.db.session() as session:
        items = [reg.summary(r, now) for r in reg.all_requests(session)
                 if year is None or r.received.year == year]
    for item in items:
        if not (only_open and item["replied"]):
            click.echo(_line(item, lang))


@command.command("due")
@click.option("--today", type=DAY, default=None)
@click.option("--mail", "send", is_flag=True, help="Also e-mail the list (SMTP settings).")
@LANG
@click.pass_obj
def due(services: Services, today: Any, send: bool, lang: str | None) -> None:
    """Overdue requests and those due by Sunday; for a daily cron job."""
    now = _day(today) or date.today()
    with services.db.session() as session:
        found = reg.due(session, now)
    lang = lang_of(services, lang)
    for key in ("overdue", "due_this_week"):
        if key == "overdue":
            say(lang, "overdue: %(n)s", n=len(found[key]))
        else:
            say(lang, "due this week: %(n)s", n=len(found[key]))
        for item in found[key]:
            click.echo("  " + _line(item, lang))
    if send:
        try:
            recipients = mail.send(services.settings, found, now)
        except mail.MailNotConfigured as exc:
            say(lang, "error: %(message)s", err=True, message=codes.describe(exc, lang))
            sys.exit(2)
        except (OSError, smtplib.SMTPException) as exc:
            say(lang, "error: the e-mail could not be sent (%(kind)s)", err=True,
                kind=type(exc).__name__)
            sys.exit(1)
        say(lang, "mailed to %(n)s recipient(s)", n=len(recipients))


@command.command("export")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="CSV to write (default: the disclosure-requests dataset's data/requests.csv).")
@click.option("--today", type=DAY, default=None)
@LANG
@click.pass_obj
def export_(services: Services, out: Path | None, today: Any, lang: str | None) -> None:
    """Write the published register (no identity, no request text) as the dataset's CSV."""
    path = out or services.settings.datasets_path / "disclosure-requests" / "data" / "requests.csv"
    with services.db.session() as session:
        count = export.write(path, reg.all_requests(session), _day(today) or date.today())
    say(lang_of(services, lang), "wrote %(n)s requests to %(path)s", n=count, path=path)


@command.command("fixtures")
@LANG
@click.pass_obj
def fixtures_(services: Services, lang: str | None) -> None:
    """Fill an empty register with the synthetic 2018 year (needs Faker: the test extra)."""
    lang = lang_of(services, lang)
    with services.db.session() as session:
        if reg.all_requests(session):
            say(lang, "error: the register is not empty; fixtures go into an empty one", err=True)
            sys.exit(2)
        try:
            count = fixtures.load(session, department=services.settings.requests_department)
        except ModuleNotFoundError:
            say(lang, "error: the fixtures need Faker (pip install -e '.[test]')", err=True)
            sys.exit(2)
    say(lang, "registered %(n)s synthetic requests", n=count)
