"""The command line speaks through the same message catalogue as the pages."""

from __future__ import annotations

import re
from pathlib import Path

from publisher.i18n import gettext

COMMANDS = Path(__file__).resolve().parents[2] / "publisher" / "commands"


def test_every_cli_msgid_has_a_chinese_translation():
    msgids = {m for path in COMMANDS.glob("*.py")
              for m in re.findall(r'gettext\(lang, "([^"]+)"', path.read_text(encoding="utf-8"))}
    assert msgids, "the CLI uses the shared catalogue"
    untranslated = sorted(m for m in msgids if gettext("zh", m) == m)
    assert untranslated == []


def test_check_summary_in_both_languages(runner):
    zh = runner(["check", "--lang", "zh"]).output.splitlines()[-1]
    en = runner(["check", "--lang", "en"]).output.splitlines()[-1]
    assert re.fullmatch(r"共 \d+ 个数据集，\d+ 个被退回", zh)
    assert re.fullmatch(r"\d+ datasets, \d+ refused", en)
