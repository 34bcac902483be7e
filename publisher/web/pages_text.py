"""A small, safe Markdown subset for interpretations: every character is escaped first.

Headings (``#``…), bullet and numbered lists and paragraphs become HTML; nothing else does
(no raw HTML, no links, no images), so an interpretation can never inject markup.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d+[.)、]\s*(.*)$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _inline(text: str) -> str:
    return _BOLD.sub(r"<strong>\1</strong>", str(escape(text)))


def render(text: str, top: int = 3) -> Markup:
    """HTML for ``text``; Markdown heading level 1 becomes ``<h{top}>`` so outlines nest."""
    out: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    kind = ""

    def flush() -> None:
        nonlocal kind
        if paragraph:
            out.append("<p>" + "<br>".join(_inline(x) for x in paragraph) + "</p>")
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
