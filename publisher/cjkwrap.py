"""A click help formatter for Chinese: lines wrapped by terminal columns, not characters.

Click wraps help with :mod:`textwrap`, which counts characters and breaks only at spaces: a
Chinese paragraph (two columns a character, no spaces) then runs past the terminal's edge.
This one breaks between any two CJK characters, never before closing punctuation (，。）…)
nor after opening punctuation (（〔“…), keeps Latin words whole, and ends headings with a
full-width colon.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import click

_IDEO = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_OPEN = "（〔【「『《“‘"
_CLOSE = "，。、；：！？）〕】」』》”’…"
# One unit of a line: opening marks, then a CJK character or a Latin word (or a lone closing
# mark), then the closing marks that may not start a line; or a run of spaces.
_UNIT = re.compile(rf"\s+|[{_OPEN}]*(?:[{_IDEO}]|[^\s{_IDEO}{_OPEN}{_CLOSE}]+|[{_CLOSE}])"
                   rf"[{_CLOSE}]*|[{_OPEN}]+")


def width(text: str) -> int:
    """Columns ``text`` takes on a terminal: CJK characters are two wide."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, columns: int, indent: str = "") -> list[str]:
    """``text`` (one paragraph) in lines of at most ``columns`` columns, each after ``indent``."""
    room = max(columns - width(indent), 10)
    lines: list[str] = []
    line, space = "", ""
    for unit in _UNIT.findall(" ".join(text.split())):
        if unit.isspace():
            space = " "
            continue
        candidate = f"{line}{space}{unit}" if line else unit
        if line and width(candidate) > room:
            lines.append(line)
            line = unit
        else:
            line = candidate
        space = ""
    if line:
        lines.append(line)
    return [indent + one for one in lines]


def wrap_paragraphs(text: str, columns: int, indent: str = "") -> list[str]:
    """Every paragraph of ``text`` wrapped, a blank line between; ``\\b`` ones kept as they are."""
    out: list[str] = []
    for number, part in enumerate(text.split("\n\n")):
        if number:
            out.append("")
        if part.startswith("\b"):
            out += [indent + line for line in part[1:].strip("\n").splitlines()]
        else:
            out += wrap(part, columns, indent)
    return out


class CJKHelpFormatter(click.HelpFormatter):
    """Click's formatter, measuring and wrapping by terminal columns."""

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:
        lines = wrap_paragraphs(text, self.width, " " * self.current_indent)
        self.write("".join(f"{line}\n" for line in lines))

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30,
                 col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((width(first) for first, _ in rows), default=0), col_max)
        first_col += col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - width(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap_paragraphs(second, max(self.width - first_col - self.current_indent,
                                                10))
            pad = " " * (first_col + self.current_indent)
            self.write("".join(f"{line}\n" if n == 0 else f"{pad}{line}\n" if line else "\n"
                               for n, line in enumerate(lines or [""])))
