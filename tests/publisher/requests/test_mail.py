"""``publisher requests due --mail`` against a real SMTP server on 127.0.0.1 (aiosmtpd)."""

from __future__ import annotations

import socket
from datetime import date
from email import message_from_bytes, policy
from email.message import Message

import pytest
from aiosmtpd.controller import Controller

from publisher.cli import main
from publisher.services import Services
from publisher.settings import load_settings
from tests.publisher.test_cli_i18n import english_in

pytestmark = pytest.mark.db
NAME = "测试申请人戊"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def inbox():
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield box, controller.port
    finally:
        controller.stop()


def test_due_is_mailed_to_the_department_without_identities(settings_overrides, inbox):
    from click.testing import CliRunner

    box, port = inbox
    services = Services(load_settings(env={}, overrides={
        **settings_overrides, "smtp_host": "127.0.0.1", "smtp_port": port,
        "mail_from": "publisher@example.org",
        "requests_mail_to": "office@example.org, head@example.org"}))
    try:
        cli = CliRunner()
        added = cli.invoke(main, ["requests", "add", "--reference", "R-1", "--received",
                                  "2018-09-28", "--channel", "当面", "--type", "自然人",
                                  "--name", NAME], obj=services, catch_exceptions=False)
        assert added.exit_code == 0
        result = cli.invoke(main, ["requests", "due", "--today", "2018-11-05", "--mail",
                                   "--lang", "en"],
                            obj=services, catch_exceptions=False)
    finally:
        services.close()
    assert result.exit_code == 0 and "mailed to 2 recipient(s)" in result.output
    [(recipients, message)] = box.messages
    assert recipients == ["office@example.org", "head@example.org"]
    body = message.get_content()
    assert "R-1" in body and "2018-10-31" in body and NAME not in body
    # The office reads Chinese whatever language the command spoke (requests_mail_lang).
    assert message["Subject"] == "依申请公开办理时限提醒：逾期 1 件，本周到期 0 件"
    assert "依申请公开办理时限提醒（2018-11-05）" in body and "已逾期：1 件" in body
    assert "期限 2018-10-31" in body and "本周到期：0 件" in body
    assert [line for line in body.splitlines() if english_in(line)] == []


def test_mail_without_settings_is_one_clear_line(runner):
    result = runner(["requests", "due", "--mail"])
    assert result.exit_code == 2 and "smtp_host" in result.output


DUE = {"overdue": [{"reference": "R-1", "applicant_type": "自然人", "due": date(2018, 10, 31),
                    "days_left": -5, "state": "open"}],
       "due_this_week": [{"reference": "R-2", "applicant_type": "商业企业",
                          "due": date(2018, 11, 9), "days_left": 4, "state": "consulting"}]}


@pytest.mark.parametrize(("lang", "subject", "lines"), [
    ("zh", "依申请公开办理时限提醒：逾期 1 件，本周到期 1 件",
     ["依申请公开办理时限提醒（2018-11-05）", "", "已逾期：1 件",
      "  R-1  自然人  期限 2018-10-31  （-5 天）  办理中", "", "本周到期：1 件",
      "  R-2  商业企业  期限 2018-11-09  （4 天）  征求意见中", ""]),
    ("en", "Disclosure requests: 1 overdue, 1 due this week",
     ["Disclosure requests due (2018-11-05)", "", "Overdue: 1",
      "  R-1  自然人  due 2018-10-31  (-5 days)  open", "", "Due this week: 1",
      "  R-2  商业企业  due 2018-11-09  (4 days)  consulting", ""]),
])
def test_reminder_in_both_languages(lang, subject, lines):
    from publisher.requests import mail

    assert mail.subject(DUE, lang) == subject
    assert mail.body(DUE, date(2018, 11, 5), lang).split("\n") == lines


def test_the_setting_chooses_the_language_of_the_mail(settings_overrides, inbox):
    from click.testing import CliRunner

    box, port = inbox
    services = Services(load_settings(env={}, overrides={
        **settings_overrides, "smtp_host": "127.0.0.1", "smtp_port": port,
        "mail_from": "publisher@example.org", "requests_mail_to": "office@example.org",
        "requests_mail_lang": "en"}))
    try:
        result = CliRunner().invoke(main, ["requests", "due", "--today", "2018-11-05",
                                           "--mail", "--lang", "zh"],
                                    obj=services, catch_exceptions=False)
    finally:
        services.close()
    assert result.exit_code == 0 and "已发送给 1 位收件人" in result.output
    [(_recipients, message)] = box.messages
    assert message["Subject"] == "Disclosure requests: 0 overdue, 0 due this week"
    assert message.get_content().startswith("Disclosure requests due (2018-11-05)")
