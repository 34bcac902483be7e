"""Message catalogues shared by the web pages and the command line.

Messages are written in English in the code (the msgid); ``publisher/translations/<lang>/
LC_MESSAGES/messages.po`` holds the translations and the committed ``messages.mo`` is what is
read at run time (``python -m publisher.i18n`` rebuilds the .mo files; a test checks that they
match). Outside a request, use :func:`gettext`: ``gettext("zh", "Catalogue")``.
"""

from __future__ import annotations

import gettext as stdlib_gettext
import sys
from functools import cache
from pathlib import Path

TRANSLATIONS = Path(__file__).parent / "translations"
DOMAIN = "messages"
#: Languages offered, the default first; English is the language of the msgids.
LANGUAGES = ("zh", "en")
DEFAULT = "zh"
#: The value of the HTML lang attribute (BCP 47) for each language.
HTML_LANG = {"zh": "zh-CN", "en": "en"}


def normalise(lang: str | None) -> str:
    """``zh_CN``, ``zh-Hans``, ``EN`` … to one of :data:`LANGUAGES` (default zh)."""
    base = (lang or "").replace("-", "_").split("_")[0].lower()
    return base if base in LANGUAGES else DEFAULT


@cache
def translations(lang: str) -> stdlib_gettext.NullTranslations:
    """The compiled catalogue of ``lang`` (a null one for English or a missing catalogue).

    Read with the standard library, not Babel: ``publisher --help`` in Chinese must stay fast,
    and Babel's import alone costs about 0.1 s."""
    lang = normalise(lang)
    if lang == "en":
        return stdlib_gettext.NullTranslations()
    return stdlib_gettext.translation(DOMAIN, str(TRANSLATIONS), [lang], fallback=True)


def gettext(lang: str, msgid: str, **params: object) -> str:
    """``msgid`` in ``lang``; ``params`` fill ``%(name)s`` placeholders as Flask-Babel does."""
    text = translations(lang).gettext(msgid)
    return text % params if params else text


def compile_catalogues(root: Path = TRANSLATIONS) -> list[Path]:
    """Write ``messages.mo`` beside every ``messages.po``; returns the files written."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po_path in sorted(root.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        with po_path.open("rb") as handle:
            catalog = read_po(handle)
        mo_path = po_path.with_suffix(".mo")
        with mo_path.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        written.append(mo_path)
    return written


if __name__ == "__main__":  # python -m publisher.i18n: rebuild the .mo files from the .po files
    for path in compile_catalogues():
        sys.stdout.write(f"wrote {path.relative_to(TRANSLATIONS.parent)}\n")
