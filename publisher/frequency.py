"""Update frequencies: ISO 8601 durations (P1M) or EU frequency names (MONTHLY), both ways."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import isodate

EU_FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"

#: EU frequency authority-table names and the period each stands for (years, months, days).
NAMED: dict[str, tuple[int, int, int]] = {
    "DAILY": (0, 0, 1),
    "WEEKLY": (0, 0, 7),
    "BIWEEKLY": (0, 0, 14),
    "MONTHLY": (0, 1, 0),
    "BIMONTHLY": (0, 2, 0),
    "QUARTERLY": (0, 3, 0),
    "ANNUAL_2": (0, 6, 0),
    "ANNUAL": (1, 0, 0),
    "BIENNIAL": (2, 0, 0),
}
#: Names with no fixed period: never overdue.
OPEN_ENDED = frozenset({"IRREG", "CONT", "UNKNOWN", "AS_NEEDED", "NEVER", "OTHER", "UPDATE_CONT"})


@dataclass(frozen=True)
class Frequency:
    years: int
    months: int
    days: int
    name: str  # EU authority-table name, e.g. MONTHLY; "" when none fits exactly

    @property
    def periodic(self) -> bool:
        return bool(self.years or self.months or self.days)

    @property
    def uri(self) -> str:
        return EU_FREQUENCY + (self.name or "OTHER")

    def next_due(self, since: date) -> date | None:
        """The date an update is due after ``since``; None for open-ended frequencies."""
        if not self.periodic:
            return None
        month_index = since.month - 1 + self.months + 12 * self.years
        year, month = since.year + month_index // 12, month_index % 12 + 1
        day = min(since.day, _month_length(year, month))
        return date(year, month, day) + timedelta(days=self.days)


def _month_length(year: int, month: int) -> int:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return (nxt - date(year, month, 1)).days


def parse_frequency(text: str) -> Frequency | None:
    """Parse ``P1M``, ``P7D``, ``MONTHLY`` …; None when the text is neither form."""
    text = text.strip()
    upper = text.upper()
    if upper in NAMED:
        y, m, d = NAMED[upper]
        return Frequency(y, m, d, upper)
    if upper in OPEN_ENDED:
        return Frequency(0, 0, 0, upper)
    if not upper.startswith("P"):
        return None
    try:
        parsed = isodate.parse_duration(upper)
    except (isodate.ISO8601Error, ValueError):
        return None
    if isinstance(parsed, isodate.Duration):
        years, months, days = int(parsed.years), int(parsed.months), parsed.tdelta.days
    else:
        years, months, days = 0, 0, parsed.days
    if not (years or months or days):
        return None
    name = next((n for n, v in NAMED.items() if v == (years, months, days)), "")
    return Frequency(years, months, days, name)
