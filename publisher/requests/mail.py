"""The daily e-mail of due and overdue requests to the department that handles them.

References, dates and categories only: never who asked or what they asked for.
"""

from __future__ import annotations

import smtplib
from datetime import date
from email.message import EmailMessage
from typing import Any

from publisher import codes
from publisher.settings import Settings

codes.define(
    "mail-not-configured", stage="requests", title=("未配置邮件", "Mail not configured"),
    description="smtp_host, mail_from or requests_mail_to is not set.",
    message=("须设置 smtp_host、mail_from 和 requests_mail_to 才能发送邮件",
             "set smtp_host, mail_from and requests_mail_to to send e-mail"),
)


class MailNotConfigured(codes.CodedError, ValueError):
    """``smtp_host``, ``mail_from`` or ``requests_mail_to`` is not set."""


def body(due: dict[str, list[dict[str, Any]]], today: date) -> str:
    lines = [f"依申请公开办理时限提醒 / Disclosure requests due ({today.isoformat()})", ""]
    for key, title in (("overdue", "已逾期 / Overdue"),
                       ("due_this_week", "本周到期 / Due this week")):
        lines.append(f"{title}: {len(due[key])}")
        for item in due[key]:
            lines.append(f"  {item['reference']}  {item['applicant_type']}  due {item['due']}"
                         f"  ({item['days_left']} days)  {item['state']}")
        lines.append("")
    return "\n".join(lines)


def send(settings: Settings, due: dict[str, list[dict[str, Any]]], today: date) -> list[str]:
    """Send the reminder; returns the recipients. Raises MailNotConfigured or SMTP errors."""
    recipients = [a.strip() for a in settings.requests_mail_to.split(",") if a.strip()]
    if not (settings.smtp_host and settings.mail_from and recipients):
        raise MailNotConfigured("mail-not-configured")
    message = EmailMessage()
    message["Subject"] = (f"依申请公开办理时限提醒：逾期 {len(due['overdue'])} 件，"
                          f"本周到期 {len(due['due_this_week'])} 件")
    message["From"] = settings.mail_from
    message["To"] = ", ".join(recipients)
    message.set_content(body(due, today))
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
        if settings.smtp_starttls == "yes":
            smtp.starttls()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
        smtp.send_message(message)
    return recipients
