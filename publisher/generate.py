"""Regenerate the catalogue's synthetic data: ``python -m publisher.generate [NAME...]``.

Each dataset folder holds a ``generate.py`` that writes its ``data/`` from a fixed seed, byte for
byte the same on every run. This module runs them (all when no name is given) and gives the
scripts the few helpers they share: where to write and how to save a CSV the way a given office
saves it (encoding, byte-order mark, line endings).
"""

from __future__ import annotations

import csv
import io
import re
import runpy
import sys
import zipfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "datasets"


def output_dir(script: str, argv: Sequence[str] | None = None) -> Path:
    """The folder a dataset's generate.py writes to: its first argument, else ``<folder>/data``."""
    args = list(sys.argv[1:] if argv is None else argv)
    out = Path(args[0]) if args else Path(script).resolve().parent / "data"
    out.mkdir(parents=True, exist_ok=True)
    return out


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]], *,
              encoding: str = "utf-8", bom: bool = False, newline: str = "\r\n") -> int:
    """Write a CSV as an office would save it; returns the number of data rows.

    ``encoding="gbk"`` is what Excel on a Chinese Windows writes; ``bom=True`` is Excel's
    "CSV UTF-8". Values are written as given (``None`` as empty).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
        count += 1
    data = buffer.getvalue().encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return count


def write_xlsx(path: Path, sheet: str, header: Sequence[str],
               rows: Iterable[Sequence[object]]) -> int:
    """Write one sheet of an XLSX workbook, byte for byte reproducible; returns the data rows.

    openpyxl stamps the current time into the document properties and the zip entries, so both
    are pinned to a fixed instant and the archive is rewritten in a fixed order.
    """
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    assert ws is not None  # a new workbook always has one sheet
    ws.title = sheet
    ws.append(list(header))
    count = 0
    for row in rows:
        ws.append([None if v == "" else v for v in row])
        count += 1
    book.properties.created = datetime(2019, 1, 1)
    raw = io.BytesIO()
    book.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            entry = zipfile.ZipInfo(info.filename, date_time=(2019, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl sets "modified" when saving
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2019-01-01T00:00:00Z",
                              data)
            dst.writestr(entry, data)
    path.write_bytes(out.getvalue())
    return count


class UnknownGenerator(LookupError):
    """A named dataset has no generate.py (a usage error: exit 2)."""


def scripts(names: Sequence[str] = ()) -> list[Path]:
    """The generate.py of each named dataset (all datasets that have one when none is named)."""
    if names:
        missing = [n for n in names if not (DATASETS / n / "generate.py").is_file()]
        if missing:
            raise UnknownGenerator(f"no generator for: {', '.join(missing)}")
        return [DATASETS / n / "generate.py" for n in names]
    return sorted(DATASETS.glob("*/generate.py"))


def main(argv: Sequence[str] | None = None) -> int:
    """Run each dataset's generator into its own data/ folder."""
    names = list(sys.argv[1:] if argv is None else argv)
    try:
        found = scripts(names)
    except UnknownGenerator as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    saved = sys.argv
    try:
        for script in found:
            sys.argv = [str(script)]  # no argument: the script writes its own data/
            runpy.run_path(str(script), run_name="__main__")
            print(f"generated {script.parent.name}")
    finally:
        sys.argv = saved
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
