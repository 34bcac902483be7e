"""The daily e-mail of due and overdue requests to the department that handles them.

References, dates and categories only: never who asked or what they asked for. Its words are
msgids of the message catalogue; the office gets it in Chinese unless ``requests_mail_lang``
says otherwise.
"""

from __future__ import annotations

import smtplib
from datetime import date
from email.message import EmailMessage
from typing import Any

from publisher import codes
from publisher.i18n import gettext, normalise
from publisher.settings import Settings

codes.define(
    "mail-not-configured", stage="requests", title=("未配置邮件", "Mail not configured"),
    description="smtp_host, mail_from or requests_mail_to is not set.",
    message=("须设置 smtp_host、mail_from 和 requests_mail_to 才能发送邮件",
             "set smtp_host, mail_from and requests_mail_to to send e-mail"),
)


class MailNotConfigured(codes.CodedError, ValueError):
    """``smtp_host``, ``mail_from`` or ``requests_mail_to`` is not set."""


#: The reminder's words (msgids of the message catalogue).
SUBJECT = "Disclosure requests: %(overdue)s overdue, %(week)s due this week"
HEADING = "Disclosure requests due (%(today)s)"
SECTIONS = (("overdue", "Overdue: %(n)s"), ("due_this_week", "Due this week: %(n)s"))


def subject(due: dict[str, list[dict[str, Any]]], lang: str = "zh") -> str:
    """The subject line in ``lang``: the counts of overdue requests and of those due soon."""
    return gettext(lang, SUBJECT, overdue=len(due["overdue"]), week=len(due["due_this_week"]))


def body(due: dict[str, list[dict[str, Any]]], today: date, lang: str = "zh") -> str:
    """The text in ``lang``: per request its reference, applicant type, due day and state
    (states are the register's words, translated; references and types stay as filed)."""
    lines = [gettext(lang, HEADING, today=today.isoformat()), ""]
    for key, title in SECTIONS:
        lines.append(gettext(lang, title, n=len(due[key])))
        for item in due[key]:
            left = gettext(lang, "(%(n)s days)", n=item["days_left"])
            lines.append(f"  {item['reference']}  {item['applicant_type']}  "
                         f"{gettext(lang, 'due %(due)s', due=item['due'])}  {left}  "
                         f"{gettext(lang, str(item['state']))}")
        lines.append("")
    return "\n".join(lines)


def send(settings: Settings, due: dict[str, list[dict[str, Any]]], today: date) -> list[str]:
    """Send the reminder in the language of ``requests_mail_lang`` (Chinese by default: the
    office reads it, whatever language the command speaks); returns the recipients. Raises
    MailNotConfigured or SMTP errors."""
    recipients = [a.strip() for a in settings.requests_mail_to.split(",") if a.strip()]
    if not (settings.smtp_host and settings.mail_from and recipients):
        raise MailNotConfigured("mail-not-configured")
    message = EmailMessage()
    lang = normalise(settings.requests_mail_lang)
    message["Subject"] = subject(due, lang)
    message["From"] = settings.mail_from
    message["To"] = ", ".join(recipients)
    message.set_content(body(due, today, lang))
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
        if settings.smtp_starttls == "yes":
            smtp.starttls()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
        smtp.send_message(message)
    return recipients
