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


def test_approve_answers_in_the_language_asked(runner):
    from publisher import review

    zh = runner(["approve", "bus-network", "--by", "审查员", "--lang", "zh"])
    en = runner(["approve", "bus-network", "--by", "reviewer", "--lang", "en"])
    assert zh.exit_code == en.exit_code == 2
    assert "错误：数据集 bus-network 尚无发布版本" in zh.output
    assert "error: dataset bus-network has no release yet" in en.output
    for msgid in (review.NO_RELEASE, review.NO_VERSION, "a reviewer name is required (--by)"):
        assert gettext("zh", msgid) != msgid
    blank = runner(["approve", "bus-network", "--by", " ", "--lang", "zh"])
    assert "须提供审查人姓名" in blank.output
