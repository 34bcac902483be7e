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

from publisher import codes

#: Delimiters tried when none is declared: frictionless's list, so both sniff the same.
SNIFF_DELIMITERS = ",\t;|"
SNIFF_LINES = 100
WORKBOOKS = frozenset({"xlsx", "xlsm", "xlsb", "xls", "ods"})
TEXT_FORMATS = frozenset({"csv", "tsv", "txt"})


codes.define(
    "dialect-not-a-char", stage="read", title=("方言属性须为单个字符", "Not one character"),
    description="A dialect property that is one character (delimiter, quoteChar …) has another "
                "value.",
    message=("dialect.{key} 须为单个字符，而非 {value}",
             "dialect.{key} must be one character, not {value}"),
)
codes.define(
    "dialect-not-row-numbers", stage="read", title=("方言属性须为行号列表", "Not row numbers"),
    description="headerRows or commentRows is not a list of row numbers counted from 1.",
    message=("dialect.{key} 须为从 1 起计的行号列表，而非 {value}",
             "dialect.{key} must be a list of row numbers counted from 1, not {value}"),
)
codes.define(
    "dialect-not-a-flag", stage="read", title=("方言属性须为真假值", "Not true or false"),
    description="A true-or-false dialect property has another value.",
    message=("dialect.{key} 须为 true 或 false，而非 {value}",
             "dialect.{key} must be true or false, not {value}"),
)
codes.define(
    "dialect-not-a-mapping", stage="read", title=("方言须为映射", "Dialect not a mapping"),
    description="The dialect is not a mapping of Table Dialect properties.",
    message=("dialect 须为 Table Dialect 属性的映射",
             "dialect must be a mapping of Table Dialect properties"),
)
codes.define(
    "dialect-not-text", stage="read", title=("方言属性须为文本", "Not text"),
    description="headerJoin or commentChar is not text.",
    message=("dialect.{key} 须为文本，而非 {value}",
             "dialect.{key} must be text, not {value}"),
)
codes.define(
    "dialect-sheet-number", stage="read", title=("工作表序号不合法", "Bad sheet number"),
    description="sheetNumber is not a number from 1.",
    message=("dialect.sheetNumber 须为从 1 起的数字，而非 {value}",
             "dialect.sheetNumber must be a number from 1, not {value}"),
)


class DialectError(codes.CodedError, ValueError):
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
        raise DialectError("dialect-not-a-char", key=key, value=repr(value))
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
        raise DialectError("dialect-not-row-numbers", key=key, value=repr(value))
    return tuple(sorted(set(value)))


def _flag(raw: dict[str, Any], key: str, default: bool) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise DialectError("dialect-not-a-flag", key=key, value=repr(value))
    return value


def parse(descriptor: dict[str, Any], fmt: str, sheet: str | int | None = None) -> Dialect:
    """The Dialect of a resource descriptor (its ``dialect`` object and ``sheet``)."""
    raw = descriptor.get("dialect") or {}
    if not isinstance(raw, dict):
        raise DialectError("dialect-not-a-mapping")
    nested = raw.get("csv")
    flat: dict[str, Any] = {**(nested if isinstance(nested, dict) else {}), **raw}
    delimiter = _char(flat, "delimiter")
    if delimiter is None and fmt == "tsv":
        delimiter = "\t"
    join = flat.get("headerJoin", " ")
    if not isinstance(join, str):
        raise DialectError("dialect-not-text", key="headerJoin", value=repr(join))
    chosen: str | int | None = sheet
    if flat.get("sheetName") is not None:
        chosen = str(flat["sheetName"])
    elif flat.get("sheetNumber") is not None:
        number = flat["sheetNumber"]
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            raise DialectError("dialect-sheet-number", value=repr(number))
        chosen = number
    comment = flat.get("commentChar")
    if comment is not None and (not isinstance(comment, str) or not comment):
        raise DialectError("dialect-not-text", key="commentChar", value=repr(comment))
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
