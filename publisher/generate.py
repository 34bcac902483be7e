"""Regenerate the catalogue's synthetic data: ``python -m publisher.generate [NAME...]``.

Each dataset folder holds a ``generate.py`` that writes its ``data/`` from a fixed seed, byte for
byte the same on every run. This module runs them (all when no name is given) and gives the
scripts the few helpers they share: where to write and how to save a CSV the way a given office
saves it (encoding, byte-order mark, line endings).
"""

from __future__ import annotations

import csv
import io
import runpy
import sys
from collections.abc import Iterable, Sequence
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


def scripts(names: Sequence[str] = ()) -> list[Path]:
    """The generate.py of each named dataset (all datasets that have one when none is named)."""
    if names:
        missing = [n for n in names if not (DATASETS / n / "generate.py").is_file()]
        if missing:
            raise SystemExit(f"error: no generator for: {', '.join(missing)}")
        return [DATASETS / n / "generate.py" for n in names]
    return sorted(DATASETS.glob("*/generate.py"))


def main(argv: Sequence[str] | None = None) -> int:
    """Run each dataset's generator into its own data/ folder."""
    names = list(sys.argv[1:] if argv is None else argv)
    saved = sys.argv
    try:
        for script in scripts(names):
            sys.argv = [str(script)]  # no argument: the script writes its own data/
            runpy.run_path(str(script), run_name="__main__")
            print(f"generated {script.parent.name}")
    finally:
        sys.argv = saved
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
