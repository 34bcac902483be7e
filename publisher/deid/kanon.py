"""k-anonymity over the quasi-identifiers a schema declares (``kAnonymity``).

Every combination of quasi-identifier values must be shared by at least k released rows. The
check reports the smallest group; ``onViolation: suppress`` removes the rows of smaller groups
(record suppression), ``fail`` (the default) blocks the release.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class KSpec:
    quasi_identifiers: tuple[str, ...]
    k: int
    on_violation: str = "fail"


def spec_of(schema: dict[str, Any] | None) -> KSpec | None:
    """The schema's ``kAnonymity`` property, or None when absent or malformed."""
    raw = (schema or {}).get("kAnonymity")
    if not isinstance(raw, dict):
        return None
    qis = raw.get("quasiIdentifiers")
    k = raw.get("k")
    if not isinstance(qis, list) or not qis or not isinstance(k, int) or k < 1:
        return None
    on = str(raw.get("onViolation", "fail"))
    return KSpec(tuple(str(q) for q in qis), k, on if on in ("fail", "suppress") else "fail")


def smallest_group(df: pd.DataFrame, qis: tuple[str, ...]) -> int | None:
    """The size of the smallest equivalence class (the k reached); None for an empty table."""
    if df.empty:
        return None
    return int(df.groupby(list(qis), dropna=False, sort=False).size().min())


def below_k(df: pd.DataFrame, qis: tuple[str, ...], k: int) -> pd.Series:
    """True for each row whose equivalence class has fewer than k rows."""
    sizes = df.groupby(list(qis), dropna=False, sort=False)[qis[0]].transform("size")
    return sizes < k
