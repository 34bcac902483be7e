"""Why a source was skipped or failed: a msgid of the message catalogue and its params."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_file

from harvest.sources import SourceError
from publisher.harvest_in import ItemResult
from publisher.i18n import gettext

ROOT = Path(__file__).resolve().parents[3]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
#: The calls that carry a reason: its position among their arguments.
KEYWORDS = {"SourceError": (2,), "SourceNotConfigured": (2,), "fail": (2,), "reason": (1,)}


def reason_msgids() -> set[str]:
    files = [*sorted((ROOT / "harvest" / "sources").glob("*.py")),
             ROOT / "publisher" / "harvest_in.py"]
    found = set()
    for path in files:
        for _line, msgid, _comments, _context in extract_from_file("python", str(path),
                                                                    keywords=KEYWORDS):
            found.add(msgid if isinstance(msgid, str) else msgid[0])
    return found


def test_every_reason_is_in_the_catalogue_in_both_languages() -> None:
    msgids = reason_msgids()
    assert len(msgids) >= 30
    assert sorted(m for m in msgids if gettext("zh", m) == m) == []
    for msgid in msgids:
        assert gettext("en", msgid) == msgid
        assert set(PLACEHOLDER.findall(gettext("zh", msgid))) == set(PLACEHOLDER.findall(msgid))


def test_no_adapter_builds_its_reason_with_an_f_string() -> None:
    # An f-string reason cannot be translated; params carry what varies.
    for path in sorted((ROOT / "harvest" / "sources").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r'SourceError\(\s*"[\w-]+",\s*f"', text), path.name


def test_an_error_keeps_its_english_text_and_says_it_in_chinese() -> None:
    exc = SourceError("source-unreachable", "the server answered HTTP %(status)s", status=404)
    assert (exc.code, exc.reason) == ("source-unreachable", "the server answered HTTP 404")
    assert str(exc) == "source-unreachable: the server answered HTTP 404"
    item = ItemResult("d", "r", "http", "")
    item.fail(exc.code, exc.reason_msgid, **exc.reason_params)
    assert (item.outcome, item.reason) == ("failed", "the server answered HTTP 404")
    assert item.reason_in("en") == "the server answered HTTP 404"
    assert item.reason_in("zh") == "服务器答复 HTTP 404"
    plain = ItemResult("d", "r", "file", "failed", "source-unreachable", "as recorded")
    assert plain.reason_in("zh") == "as recorded"  # an item read back without its msgid
