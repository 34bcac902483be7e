"""A resource's Table Dialect (Data Package v2), read once from its descriptor.

Every property that applies to the files stewards have is honoured: ``delimiter``,
``quoteChar``, ``doubleQuote``, ``header``, ``headerRows``, ``headerJoin``, ``commentChar``,
``commentRows``, ``skipInitialSpace``, ``sheetName`` and ``sheetNumber``. v1's nesting under
``csv`` and the resource-level ``sheet`` (a name, or a number counted from 1) are accepted too.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass
from typing import Any

#: Delimiters tried when none is declared: frictionless's list, so both sniff the same.
SNIFF_DELIMITERS = ",\t;|"
SNIFF_LINES = 100
WORKBOOKS = frozenset({"xlsx", "xlsm", "xlsb", "xls", "ods"})
TEXT_FORMATS = frozenset({"csv", "tsv", "txt"})


class DialectError(ValueError):
    """A dialect property has a value no reader can use (a steward's mistake)."""


@dataclass(frozen=True)
class Dialect:
    delimiter: str | None = None  # None: sniffed from the file
    quote_char: str = '"'
    double_quote: bool = True
    header: bool = True
    header_rows: tuple[int, ...] = (1,)
    header_join: str = " "
    comment_char: str | None = None
    comment_rows: tuple[int, ...] = ()
    skip_initial_space: bool = False
    sheet: str | int | None = None  # a name, or a number counted from 1

    @property
    def first_data_row(self) -> int:
        """File row number of the first row after the header (rows are counted from 1)."""
        return self.header_rows[-1] + 1 if self.header and self.header_rows else 1

    @property
    def plain(self) -> bool:
        """True when the fast reader (one header row, no comments …) can read the file."""
        return (self.header and self.header_rows == (1,) and not self.comment_char
                and not self.comment_rows and not self.skip_initial_space
                and self.double_quote)

    def key(self) -> dict[str, Any]:
        """Every reading option, for the validation cache."""
        return asdict(self)


def _char(raw: dict[str, Any], key: str) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) != 1:
        raise DialectError(f"dialect.{key} must be one character, not {value!r}")
    return value


def _rows(raw: dict[str, Any], key: str, default: tuple[int, ...]) -> tuple[int, ...]:
    value = raw.get(key)
    if value is None:
        return default
    if isinstance(value, int) and not isinstance(value, bool):
        value = [value]
    if (not isinstance(value, list)
            or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 1
                       for v in value)):
        raise DialectError(f"dialect.{key} must be a list of row numbers counted from 1, "
                           f"not {value!r}")
    return tuple(sorted(set(value)))


def _flag(raw: dict[str, Any], key: str, default: bool) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise DialectError(f"dialect.{key} must be true or false, not {value!r}")
    return value


def parse(descriptor: dict[str, Any], fmt: str, sheet: str | int | None = None) -> Dialect:
    """The Dialect of a resource descriptor (its ``dialect`` object and ``sheet``)."""
    raw = descriptor.get("dialect") or {}
    if not isinstance(raw, dict):
        raise DialectError("dialect must be a mapping of Table Dialect properties")
    nested = raw.get("csv")
    flat: dict[str, Any] = {**(nested if isinstance(nested, dict) else {}), **raw}
    delimiter = _char(flat, "delimiter")
    if delimiter is None and fmt == "tsv":
        delimiter = "\t"
    join = flat.get("headerJoin", " ")
    if not isinstance(join, str):
        raise DialectError(f"dialect.headerJoin must be text, not {join!r}")
    chosen: str | int | None = sheet
    if flat.get("sheetName") is not None:
        chosen = str(flat["sheetName"])
    elif flat.get("sheetNumber") is not None:
        number = flat["sheetNumber"]
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            raise DialectError(f"dialect.sheetNumber must be a number from 1, not {number!r}")
        chosen = number
    comment = flat.get("commentChar")
    if comment is not None and (not isinstance(comment, str) or not comment):
        raise DialectError(f"dialect.commentChar must be text, not {comment!r}")
    return Dialect(
        delimiter=delimiter,
        quote_char=_char(flat, "quoteChar") or '"',
        double_quote=_flag(flat, "doubleQuote", True),
        header=_flag(flat, "header", True),
        header_rows=_rows(flat, "headerRows", (1,)),
        header_join=join,
        comment_char=comment,
        comment_rows=_rows(flat, "commentRows", ()),
        skip_initial_space=_flag(flat, "skipInitialSpace", False),
        sheet=chosen,
    )


def sniff_delimiter(text: str) -> tuple[str, str]:
    """(delimiter, how) for text whose dialect declares none, the way frictionless sniffs."""
    sample = "".join(io.StringIO(text).readlines()[:SNIFF_LINES])
    try:
        found = csv.Sniffer().sniff(sample, SNIFF_DELIMITERS).delimiter
    except csv.Error:
        return ",", "none declared; sniffing found none, so a comma"
    return found, "none declared; sniffed from the first rows"


def labels_of(header_rows: list[list[str]], join: str) -> list[str]:
    """Column labels from the header rows, joined the way frictionless joins them, except that
    a blank part is left out: frictionless labels a column whose upper header cell is blank
    " 上行" (and one whose lower cell is blank "线路 "), which no steward means."""
    labels: list[str] = []
    previous: dict[int, str] = {}
    for cells in header_rows:
        for index, raw in enumerate(cells):
            cell = raw.strip()
            if previous.get(index) == cell:
                continue  # a merged cell filled down the header rows counts once
            previous[index] = cell
            if len(labels) <= index:
                labels.append(cell)
            elif cell:
                labels[index] = join.join([labels[index], cell]) if labels[index] else cell
    return labels
