"""The command line speaks through the same message catalogue as the pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from publisher.i18n import gettext

COMMANDS = Path(__file__).resolve().parents[2] / "publisher" / "commands"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def cli_msgids() -> dict[str, str]:
    """Every msgid the commands print (``say(lang, msgid)``, ``gettext(lang, msgid)``), with
    the file it is in, found as Babel's extractor finds them."""
    found = {}
    for filename, _line, msgid, _comments, _context in extract_from_dir(
            str(COMMANDS), method_map=[("**.py", "python")],
            keywords={"say": (2,), "gettext": (2,)}):
        found[msgid if isinstance(msgid, str) else msgid[0]] = filename
    return found


def test_every_cli_msgid_is_in_the_catalogue_in_both_languages():
    msgids = cli_msgids()
    assert len(msgids) >= 40, "the CLI speaks through the shared catalogue"
    untranslated = sorted(m for m in msgids if gettext("zh", m) == m)
    assert untranslated == []
    for msgid in msgids:
        # English is the msgid itself; the translation fills the same placeholders.
        assert gettext("en", msgid) == msgid
        assert set(PLACEHOLDER.findall(gettext("zh", msgid))) == set(PLACEHOLDER.findall(msgid))


def test_the_converted_commands_print_no_untranslated_prose():
    # A click.echo of a literal sentence (or an f-string starting with words) bypasses the
    # catalogue; the commands listed here print only through say() or data (JSON, tables).
    for name in ("token", "db", "backup", "restore", "reject", "release_hold", "withdraw",
                 "scan", "scheduler", "serve", "deidentify", "validate", "publish", "quality",
                 "requests", "harvest", "report", "docs", "approve"):
        text = (COMMANDS / f"{name}.py").read_text(encoding="utf-8")
        assert not re.search(r'click\.echo\(f?"[A-Za-z]{2,} [a-z]', text), name


@pytest.mark.parametrize(("lang", "revoked", "harvested", "unknown"), [
    ("en", "revoked 0 token(s) of nobody", r"harvested \d+ dataset\(s\)|nothing due",
     "error: unknown dataset(s): nope"),
    ("zh", "已吊销 nobody 的 0 个令牌", r"已采集 \d+ 个数据集|没有到期的采集",
     "错误：未知数据集：nope"),
])
def test_commands_answer_in_the_language_asked(runner, lang, revoked, harvested, unknown):
    result = runner(["db", "upgrade", "--lang", lang])
    assert ("database" if lang == "en" else "数据库") in result.output
    result = runner(["token", "revoke", "nobody", "--lang", lang])
    assert result.exit_code == 1 and result.output.strip() == revoked
    result = runner(["scheduler", "--once", "--lang", lang])
    assert re.fullmatch(harvested, result.output.strip().splitlines()[-1])
    result = runner(["validate", "nope", "--lang", lang])
    assert result.exit_code == 2 and unknown in result.output
    blank = runner(["token", "create", " ", "--lang", lang])
    assert blank.exit_code == 2
    assert blank.output.strip() == gettext(lang, "error: the token needs a name")


def test_the_setting_lang_chooses_the_language_without_the_option(services, runner):
    import dataclasses

    services.settings = dataclasses.replace(services.settings, lang="en")
    assert runner(["token", "revoke", "nobody"]).output.strip() == "revoked 0 token(s) of nobody"
    services.settings = dataclasses.replace(services.settings, lang="zh")
    assert runner(["token", "revoke", "nobody"]).output.strip() == "已吊销 nobody 的 0 个令牌"


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
