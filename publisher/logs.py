"""Log files in JSON lines, each record carrying the id of the publish run it belongs to.

The console keeps its short human format; ``log_file`` adds one JSON object per line (time,
level, logger, message, run_id) for a log shipper. Messages never carry a personal value (see
the project rules), so the file needs no more care than the console.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from pathlib import Path

#: The run the current thread works for; set by publisher.run.execute_run.
current_run: ContextVar[int | None] = ContextVar("current_run", default=None)


@contextmanager
def run_context(run_id: int) -> Iterator[None]:
    token = current_run.set(run_id)
    try:
        yield
    finally:
        current_run.reset(token)


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": datetime.fromtimestamp(record.created, UTC).isoformat(
                     timespec="milliseconds"),
                 "level": record.levelname, "logger": record.name,
                 "message": record.getMessage(), "run_id": current_run.get()}
        if record.exc_info and record.exc_info[0] is not None:
            entry["error"] = record.exc_info[0].__name__  # the type only, never the message
        return json.dumps(entry, ensure_ascii=False)


def add_file(path: Path, level: str) -> logging.Handler:
    """Append JSON lines to ``path`` from the root logger at ``level``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(JsonLines())
    handler.setLevel(level.upper())
    root = logging.getLogger()
    if root.level > handler.level:
        # The console keeps its own level when the root lets more through for the file.
        for other in root.handlers:
            if other.level == logging.NOTSET:
                other.setLevel(root.level)
        root.setLevel(handler.level)
    root.addHandler(handler)
    return handler
