"""One ``publisher`` command in this process; prints the stage timings the run logged (JSON),
each with the process's peak resident set so far (``VmHWM``, MB) when the stage ended.

The parent measures this process's wall time and peak resident set (``os.wait4``)."""

from __future__ import annotations

import json
import logging
import sys
from typing import Any


class _Stages(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.seen: list[tuple[str, float, float]] = []

    def emit(self, record: logging.LogRecord) -> None:
        stage: Any = getattr(record, "stage", None)
        if stage is not None:
            self.seen.append((str(stage), float(getattr(record, "seconds", 0.0)), _peak_mb()))


def _peak_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def main(argv: list[str]) -> int:
    stages = _Stages()
    root = logging.getLogger()
    root.addHandler(stages)
    root.setLevel(logging.INFO)  # basicConfig leaves a root that has a handler alone
    import publisher
    from publisher.cli import main as cli

    print(f"CODE {publisher.__file__}", flush=True)

    code = 0
    try:
        cli.main(argv, standalone_mode=False)
    except SystemExit as exc:
        code = int(exc.code or 0)
    finally:
        root.removeHandler(stages)
    print("STAGES " + json.dumps(stages.seen), flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
