"""Message catalogues: complete for every msgid the pages use, .mo in step with .po."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from publisher import i18n

ROOT = Path(__file__).resolve().parents[2]
METHODS = [("publisher/templates/**.html", "jinja2.ext:babel_extract"),
           ("publisher/web/pages*.py", "python"), ("publisher/i18n.py", "python")]
KEYWORDS = {"_": None, "gettext": None, "_l": None, "lazy_gettext": None}


def po(lang: str):
    with (i18n.TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle)


def test_every_message_of_the_pages_has_a_chinese_translation():
    catalog = po("zh")
    used = {msg for _, _, msg, _, _ in extract_from_dir(str(ROOT), METHODS, keywords=KEYWORDS)
            if isinstance(msg, str)}
    assert len(used) > 100
    missing = sorted(m for m in used if m not in catalog or not catalog[m].string)
    assert missing == []


def test_committed_mo_files_match_their_po_files():
    for po_path in sorted(i18n.TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")):
        with po_path.open("rb") as handle:
            catalog = read_po(handle)
        compiled = io.BytesIO()
        write_mo(compiled, catalog, use_fuzzy=False)
        assert po_path.with_suffix(".mo").read_bytes() == compiled.getvalue(), (
            f"{po_path.parent.parent.name}: run python -m publisher.i18n")


def test_gettext_works_outside_a_request():
    assert i18n.gettext("zh", "Catalogue") == "公开目录"
    assert i18n.gettext("zh-CN", "Catalogue") == "公开目录"
    assert i18n.gettext("en", "Catalogue") == "Catalogue"
    assert i18n.gettext("fr", "Catalogue") == "公开目录"  # unknown languages get the default
    assert i18n.gettext("zh", "Page %(page)s of %(pages)s", page=2, pages=5) == "第 2 页，共 5 页"
    assert i18n.gettext("zh", "a message nobody translated") == "a message nobody translated"
