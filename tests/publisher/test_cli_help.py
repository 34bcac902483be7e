"""``--help`` speaks through the message catalogue: every command, every option, both languages."""

from __future__ import annotations

import re
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from publisher.cjkwrap import width, wrap
from publisher.cli import COMMANDS, main
from publisher.clihelp import commands_of, help_msgids, paragraphs
from publisher.i18n import gettext
from tests.publisher.test_cli_i18n import english_in

PLACEHOLDER = re.compile(r"%\((\w+)\)s")
#: Click's own words, rendered through the catalogue in Chinese help.
CLICK_WORDS = ("Usage:", "Options", "Commands", "env var: %(var)s", "default: %(default)s",
               "required", "; ", "Show this message and exit.", "Show the version and exit.")


def every_command() -> list[tuple[list[str], click.Command]]:
    return commands_of(main, click.Context(main, info_name="publisher"))


def test_every_help_text_and_option_help_has_a_chinese_translation() -> None:
    commands = every_command()
    assert len(commands) >= len(COMMANDS) + 10  # the groups' subcommands too
    msgids: set[str] = set(CLICK_WORDS)
    for path, cmd in commands:
        assert cmd.help, f"{' '.join(path)} has no help"
        msgids |= help_msgids(cmd, click.Context(cmd, info_name=" ".join(path)))
    for _module, short in COMMANDS.values():
        msgids |= set(paragraphs(short))
    assert len(msgids) > 100
    untranslated = sorted(m for m in msgids if gettext("zh", m) == m)
    assert untranslated == []
    for msgid in msgids:
        assert set(PLACEHOLDER.findall(gettext("zh", msgid))) == set(PLACEHOLDER.findall(msgid))


def test_each_commands_first_paragraph_is_its_row_in_the_table() -> None:
    # The table of `publisher --help` translates COMMANDS' text without loading the command;
    # that is the command's own first paragraph, so both read the same in Chinese.
    for name, (_module, short) in COMMANDS.items():
        cmd = main.get_command(click.Context(main), name)
        assert cmd is not None and paragraphs(cmd.help)[0] == short, name


def test_help_is_english_by_default_and_chinese_when_asked(monkeypatch) -> None:
    monkeypatch.delenv("PUBLISHER_LANG", raising=False)
    cli = CliRunner()
    english = cli.invoke(main, ["--help"]).output
    assert english.startswith("Usage: ") and "\nOptions:\n" in english
    assert "Validate, de-identify, review and publish the bureau's open data." in english
    assert "  check         Lint dataset descriptors" in english
    for args in (["--lang", "zh", "--help"], ["--help", "--lang=zh"]):
        chinese = cli.invoke(main, args).output
        assert chinese.startswith("用法：publisher") or chinese.startswith("用法：main")
        assert "\n选项：\n" in chinese and "\n命令：\n" in chinese
        assert "校验、去标识化、审查并发布本局的开放数据。" in chinese
        assert "显示本帮助并退出。" in chinese
        assert [line for line in chinese.splitlines() if english_in(line)] == []
    monkeypatch.setenv("PUBLISHER_LANG", "zh")
    assert "检查数据集描述文件" in cli.invoke(main, ["check", "--help"]).output
    assert "Lint dataset descriptors" in cli.invoke(main, ["check", "--help", "--lang",
                                                          "en"]).output


def test_subcommand_help_in_chinese_with_click_words_translated(monkeypatch) -> None:
    monkeypatch.delenv("PUBLISHER_LANG", raising=False)
    out = CliRunner().invoke(main, ["requests", "add", "--help", "--lang", "zh"]).output
    assert "登记一件已收到的申请。" in out
    assert re.search(r"--reference TEXT +申请编号，例如 汕交依申〔2026〕1号。 \[必填\]", out)
    assert "[默认：publisher]" in out
    group = CliRunner().invoke(main, ["--lang", "zh", "db", "--help"]).output
    assert "管理状态数据库。" in group and "upgrade" in group and "创建状态数据库" in group


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_commands_help_fits_the_terminal_and_has_no_stray_language(lang) -> None:
    for path, cmd in every_command():
        ctx = click.Context(cmd, info_name=" ".join(path), terminal_width=80)
        ctx.meta["publisher.help_lang"] = lang
        text = cmd.get_help(ctx)
        lines = text.splitlines()
        assert lines[0].startswith("Usage: " if lang == "en" else "用法：")
        if lang == "zh":
            assert [line for line in lines if english_in(line)] == [], path
            # A line of Chinese runs to the edge of 80 columns, not past it (a long list of
            # choices, all Latin, may: click does not wrap an option's name either).
            assert [line for line in lines if width(line) > 80 and width(line) > len(line)] \
                == [], path


def test_wrap_breaks_between_characters_never_before_closing_punctuation() -> None:
    text = "校验和去标识化的运行位置：local（本地），或 dask（在 Dask 集群上按分区运行）。"
    lines = wrap(text, 20)
    assert all(width(line) <= 20 for line in lines)
    assert not any(line[0] in "，。）：" for line in lines)
    assert "".join(lines).replace(" ", "") == \
        "校验和去标识化的运行位置：local（本地），或dask（在Dask集群上按分区运行）。"


def test_docs_are_english_whatever_the_environment_says(monkeypatch) -> None:
    from publisher.docgen import cli_md

    monkeypatch.setenv("PUBLISHER_LANG", "zh")
    page = cli_md(main)
    assert "Usage: publisher check" in page and "用法" not in page
    assert "用法：publisher check" in cli_md(main, "zh")


def test_the_groups_lang_speaks_for_the_command(runner) -> None:
    assert runner(["--lang", "en", "token", "revoke", "nobody"]).output.strip() == \
        "revoked 0 token(s) of nobody"
    assert runner(["--lang", "zh", "token", "revoke", "nobody"]).output.strip() == \
        "已吊销 nobody 的 0 个令牌"
    # The command's own option wins over the group's.
    assert runner(["--lang", "zh", "token", "revoke", "nobody", "--lang", "en"]).output \
        .strip() == "revoked 0 token(s) of nobody"


def test_a_subgroups_lang_speaks_for_its_commands(runner) -> None:
    """``publisher token --lang zh revoke …``: the language asked at any group level holds."""
    assert runner(["token", "--lang", "zh", "revoke", "nobody"]).output.strip() == \
        "已吊销 nobody 的 0 个令牌"
    assert runner(["token", "--lang", "en", "revoke", "nobody"]).output.strip() == \
        "revoked 0 token(s) of nobody"


@pytest.mark.parametrize("lang,said", [("zh", "已中止。"), ("en", "Aborted!")])
def test_ctrl_c_is_told_in_the_language_asked(runner, monkeypatch, lang: str, said: str) -> None:
    @click.command("interrupted")
    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setitem(main.commands, "interrupted", interrupted)
    result = runner(["--lang", lang, "interrupted"])
    assert result.exit_code == 1
    assert result.stderr.strip() == said


def test_chinese_help_imports_no_command_nor_babel() -> None:
    code = ("import sys\nfrom click.testing import CliRunner\nfrom publisher.cli import main\n"
            "result = CliRunner().invoke(main, ['--lang', 'zh', '--help'])\n"
            "assert result.exit_code == 0 and '用法' in result.output, result.output\n"
            "heavy = {'pandas', 'frictionless', 'sqlalchemy', 'babel', 'flask'}\n"
            "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}),"
            " sorted(m for m in sys.modules if m.startswith('publisher.commands.')))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[] []"


def test_a_usage_error_keeps_clicks_words_and_translates_our_framing(monkeypatch) -> None:
    monkeypatch.delenv("PUBLISHER_LANG", raising=False)
    cli = CliRunner()
    en = cli.invoke(main, ["requests", "add", "--lang", "en"])
    zh = cli.invoke(main, ["requests", "add", "--lang", "zh"])
    assert en.exit_code == zh.exit_code == 2
    assert "Try 'main requests add --help' for help." in en.output
    assert "Error: Missing option '--reference'." in en.output
    assert zh.output.startswith("用法：main requests add [OPTIONS]")
    assert "请运行 'main requests add --help' 查看帮助。" in zh.output
    assert "错误：Missing option '--reference'." in zh.output  # click's own words, verbatim
    bare = cli.invoke(main, ["--lang", "zh", "db"])  # a bare group shows its help, no error
    assert "管理状态数据库。" in bare.output and "错误" not in bare.output


def test_the_catalogue_has_no_fuzzy_nor_empty_entry() -> None:
    from babel.messages.pofile import read_po

    from publisher.i18n import TRANSLATIONS

    with (TRANSLATIONS / "zh" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    assert [m.id for m in catalog if m.id and (m.fuzzy or not m.string)] == []
