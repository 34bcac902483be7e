"""A small, safe Markdown subset for interpretations: every character is escaped first.

Headings (``#``…), bullet and numbered lists, paragraphs (soft line breaks joined), ``**bold**``
and ``*emphasis*`` become HTML; nothing else does (no raw HTML, no links, no images), so an
interpretation can never inject markup.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d+[.)、]\s*(.*)$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_EM = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _inline(text: str) -> str:
    return _EM.sub(r"<em>\1</em>", _BOLD.sub(r"<strong>\1</strong>", str(escape(text))))


def _join(lines: list[str]) -> str:
    """Soft line breaks: nothing between two CJK characters, a space otherwise."""
    out = lines[0]
    for line in lines[1:]:
        gap = "" if _CJK.match(out[-1:]) and _CJK.match(line[:1]) else " "
        out += gap + line
    return out


def render(text: str, top: int = 3) -> Markup:
    """HTML for ``text``; Markdown heading level 1 becomes ``<h{top}>`` so outlines nest."""
    out: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    kind = ""

    def flush() -> None:
        nonlocal kind
        if paragraph:
            out.append("<p>" + _inline(_join(paragraph)) + "</p>")
            paragraph.clear()
        if items:
            out.append(f"<{kind}>" + "".join(f"<li>{_inline(x)}</li>" for x in items)
                       + f"</{kind}>")
            items.clear()
        kind = ""

    for line in text.splitlines():
        heading, bullet, numbered = _HEADING.match(line), _BULLET.match(line), _NUMBERED.match(line)
        if not line.strip():
            flush()
        elif heading:
            flush()
            level = min(len(heading.group(1)) + top - 1, 6)
            out.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
        elif bullet or numbered:
            wanted = "ul" if bullet else "ol"
            if paragraph or (items and kind != wanted):
                flush()
            kind = wanted
            items.append((bullet or numbered).group(1))  # type: ignore[union-attr]
        else:
            if items:
                flush()
            paragraph.append(line.strip())
    flush()
    return Markup("\n".join(out))
