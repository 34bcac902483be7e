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


def test_no_command_prints_untranslated_prose():
    # A click.echo of a literal sentence (or an f-string starting with words) bypasses the
    # catalogue; every command prints only through say() or data (JSON, tables); nor does
    # one print an exception's English text (codes.describe renders it in the language).
    files = sorted(COMMANDS.glob("*.py"))
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r'click\.echo\(f?"[A-Za-z]{2,} [a-z]', text), path.name
        assert "message=str(exc)" not in text and "{exc}" not in text, path.name


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


#: Spans a Chinese line may hold in Latin letters: `quoted` commands, URLs and publisher
#: command lines (``publisher approve NAME --by REVIEWER``).
ALLOWED = re.compile(r"`[^`]*`|\S+://\S+|publisher(?: (?:--?)?[\w./…-]+)+")
WORD = re.compile(r"[A-Za-z][a-z]*(?:'[a-z]+)?")
#: A few small datasets of every kind, a steward's own copy (left for a reviewer) and broken
#: ones (refused descriptor, unreadable header, a validation failure, a missing file).
SMALL = ("organisation", "personnel-files", "spot-check-items", "taxi-operators")
BROKEN = ("penalty-missing-attribute", "spot-check-header-mismatch", "penalty-fullwidth-digits")
OWN, GONE = "my-own-list", "file-gone"


def english_in(line: str) -> bool:
    """Whether ``line`` holds an English sentence: three words in a row, once identifiers
    (with - _ . / = or digits), codes, commands and URLs are set aside."""
    run = 0
    for token in re.split(r"[\s,;:()（），；：。、'\"]+", ALLOWED.sub(" ", line)):
        run = run + 1 if WORD.fullmatch(token) else 0
        if run >= 3:
            return True
    return False


def test_the_english_detector():
    assert english_in("error: dataset organisation is not held")
    assert english_in("编码 utf-8-sig（strict decoding of the whole file as UTF-8）")
    assert not english_in("错误：[hold-absent] 数据集 organisation 未被暂停")
    assert not english_in("■ organisation: 受阻 [release-unapproved] 发布版本 1（b63ad4c257c5）；"
                          "publisher approve organisation --by REVIEWER")
    assert not english_in("↑ taxi-operators: 已发布 (1 create-package, 2 upload, 1 patch-package)")
    assert not english_in("      目录 http://127.0.0.1:8080/  ·  CKAN API http://127.0.0.1:8080/api/3")


@pytest.fixture
def small_instance(settings_overrides, tmp_path):
    """Settings of a small instance: the datasets above, no pseudonym key (the demo makes one)."""
    import shutil

    from tests.conftest import ROOT, TEST_DATA

    datasets = tmp_path / "datasets"
    datasets.mkdir()
    shutil.copy(ROOT / "datasets" / "bureau.yaml", datasets)
    for name in SMALL:
        shutil.copytree(ROOT / "datasets" / name, datasets / name)
    for name in BROKEN:
        shutil.copytree(TEST_DATA / "broken" / name, datasets / name)
    shutil.copytree(datasets / "spot-check-items", datasets / OWN)
    shutil.copytree(datasets / "organisation", datasets / GONE)
    (datasets / GONE / "datapackage.yaml").write_text((
        datasets / GONE / "datapackage.yaml").read_text(encoding="utf-8").replace(
        "name: organisation", f"name: {GONE}", 1), encoding="utf-8")
    for data in (datasets / GONE / "data").iterdir():
        data.unlink()  # a resource whose file is gone: unreadable
    descriptor = datasets / OWN / "datapackage.yaml"
    descriptor.write_text(descriptor.read_text(encoding="utf-8").replace(
        "name: spot-check-items", f"name: {OWN}", 1), encoding="utf-8")
    return {**settings_overrides, "datasets_dir": str(datasets), "pseudonym_key": ""}


@pytest.mark.slow
@pytest.mark.db
def test_no_english_sentence_in_any_chinese_line(small_instance, tmp_path):
    """Every command of ``publisher --help``, on good and bad input, in zh: the demo path,
    outcomes, registers, reports and the errors other modules raise."""
    from click.testing import CliRunner

    from publisher.cli import main
    from publisher.services import Services
    from publisher.settings import load_settings
    from tests.conftest import ROOT

    services = Services(load_settings(env={}, overrides=small_instance))
    cli = CliRunner()
    seen: list[tuple[str, str]] = []

    def run(*args: str, own: bool = True, **kwargs: object) -> str:
        result = cli.invoke(main, [*args, "--lang", "zh"], obj=services if own else None,
                            catch_exceptions=False, **kwargs)
        seen.extend((" ".join(args), line) for line in result.output.splitlines())
        return result.output

    out = tmp_path / "out"
    ref = "汕交依申〔2018〕1号"
    try:
        assert "[4/4]" in run("demo", "--no-serve")
        services = Services(load_settings(env={}, overrides={
            **small_instance, "pseudonym_key": "test-key-not-secret"}))
        data = services.settings.datasets_path / "organisation" / "data"
        for args in (
            ("check",), ("check", "nope"), ("catalogue",), ("validate",),
            ("validate", "--force", "organisation", "penalty-missing-attribute", GONE),
            ("publish",), ("publish", "--dry-run", "organisation"), ("publish", "nope"),
            ("approve", "nope", "--by", "审查员"), ("approve", OWN, "--by", " "),
            ("reject", OWN, "--by", "审查员", "--reason", "抽查比例有误"), ("publish", OWN),
            ("approve", OWN, "--by", "审查员"),
            ("withdraw", "organisation", "--by", "值班员", "--reason", "核查"),
            ("withdraw", "organisation", "--by", "值班员", "--reason", "核查"),
            ("publish", "organisation"),
            ("release-hold", "organisation", "--by", "审查员", "--reason", "已核实"),
            ("release-hold", "organisation", "--by", "审查员", "--reason", "已核实"),
            ("withdraw", "organisation", "--by", "值班员", "--reason", " "),
            ("quality",), ("scan", str(next(data.iterdir()))), ("scan", str(data / "nope.csv")),
            ("deidentify", "organisation", "--out", str(out / "deid")),
            ("db", "upgrade"), ("token", "revoke", "nobody"), ("scheduler", "--once"),
            ("harvest", "organisation"), ("backup", str(out / "b.tar.gz")),
            ("restore", str(out / "b.tar.gz")), ("restore", str(out / "nope.tar.gz")),
            ("requests", "fixtures"), ("requests", "list", "--year", "2018"),
            ("requests", "show", ref), ("requests", "show", "nope"),
            ("requests", "due", "--today", "2018-05-02"), ("requests", "due", "--mail"),
            ("requests", "add", "--reference", "a/b", "--received", "2018-01-01",
             "--channel", "网络", "--type", "自然人"),
            ("requests", "step", ref, "extension", "--approver", "主任"),
            ("requests", "export", "--out", str(out / "requests.csv")),
            ("report", "annual", "2018", "--out", str(out / "annual")),
            ("report", "annual", "2018", "--out", str(out / "annual"), "--narrative",
             str(ROOT / "datasets" / "annual-report" / "narrative" / "2018.yaml")),
        ):
            run(*args)
    finally:
        services.close()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "publisher.toml").write_text("nope = 1\n", encoding="utf-8")
    assert "[setting-unknown]" in run("check", own=False, env={"PUBLISHER_INSTANCE_DIR": str(bad)})
    assert len(seen) > 100
    assert [(cmd, line) for cmd, line in seen if english_in(line)] == []
