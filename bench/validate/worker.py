"""One timed validation in its own process: prints seconds, peak RSS and a digest of findings."""

from __future__ import annotations

import hashlib
import json
import resource
import sys
import time
from pathlib import Path

SHARED = frozenset({"type-error", "constraint-error", "unique-error", "primary-key",
                    "foreign-key", "blank-row", "extra-cell", "missing-cell"})


def engine(path: Path, schema: dict[str, object]) -> set[tuple[object, ...]]:
    from publisher.dataset import Dataset, Disclosure, Resource
    from publisher.validate import validate

    dataset = Dataset(name="bench", folder=path.parent, title="", description="",
                      disclosure=Disclosure("proactive"), department="", catalogue_column="",
                      openness="", update_frequency="", review="required",
                      resources=(Resource("penalties", path, "csv", "schema.json", schema),))
    result = validate(dataset)
    return {(f.row, f.field, f.code) for r in result.resources for f in r.findings
            if f.code in SHARED}


def frictionless(path: Path, schema: dict[str, object]) -> set[tuple[object, ...]]:
    import frictionless as fl

    drop = ("privacy", "checkDigit")  # ours: frictionless would ignore them anyway
    fields = [{k: v for k, v in f.items() if k not in drop}  # type: ignore[attr-defined]
              for f in schema["fields"]]  # type: ignore[attr-defined]
    descriptor = fl.Schema.from_descriptor({**schema, "fields": fields})
    res = fl.Resource(path=path.name, basepath=str(path.parent), schema=descriptor,
                      encoding="utf-8", dialect=fl.Dialect(header_rows=[1]))
    report = res.validate(limit_errors=10**9)
    return {(e.get("rowNumber"), e.get("fieldName") or None, e["type"])
            for t in report.tasks for e in (x.to_descriptor() for x in t.errors)}


def main() -> None:
    which, path, schema_path = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    # Imports are not what we measure: load both libraries before the clock starts, with the
    # modules they load lazily on first use (frictionless's format plugins, and pandas, which
    # pyarrow imports the first time it is handed a numpy array): about 0.4 s either way.
    import frictionless as _fl  # noqa: F401
    import pandas as _pandas  # noqa: F401
    from frictionless import formats as _formats  # noqa: F401

    import publisher.validate  # noqa: F401

    started = time.perf_counter()
    triples = (engine if which == "engine" else frictionless)(path, schema)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    digest = hashlib.sha256(repr(sorted(triples, key=repr)).encode()).hexdigest()
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "findings": len(triples),
                      "triples_sha": digest}))


if __name__ == "__main__":
    main()
