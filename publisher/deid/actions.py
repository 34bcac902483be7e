"""The actions a field's privacy policy names, registered by name in a plain dict.

Each takes the column (strings, '' for empty) and returns the released column, or None to drop
it. Value-wise actions run once per distinct value and are mapped back over the column, so a
column of repeated names costs what its distinct names cost.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from publisher.deid.engine import Engine, Span
from publisher.deid.generalize import generalize_value
from publisher.deid.masks import MASKS
from publisher.deid.pseudonym import pseudonym
from publisher.privacy import FieldPolicy


@dataclass
class Context:
    """What actions share: the key, the detectors, counts of what redaction found, and what the
    detectors found in each distinct text read (text -> spans; the residual scan reuses it)."""

    key: bytes
    engine: Engine
    found: Counter[str] = field(default_factory=Counter)
    seen: dict[str, list[Span]] = field(default_factory=dict)
    #: column -> its own text -> spans memo (kept from chunk to chunk); None: ``seen`` for all
    spans_of: Callable[[str], dict[str, list[Span]]] | None = None

    def seen_in(self, column: str) -> dict[str, list[Span]]:
        """What the detectors found in the texts of ``column`` read so far."""
        return self.seen if self.spans_of is None else self.spans_of(column)


Action = Callable[[pd.Series, FieldPolicy, Context], "pd.Series | None"]
ACTIONS: dict[str, Action] = {}


def register(name: str) -> Callable[[Action], Action]:
    def add(fn: Action) -> Action:
        ACTIONS[name] = fn
        return fn

    return add


def by_value(values: pd.Series, fn: Callable[[str], str]) -> pd.Series:
    """``fn`` applied once per distinct non-empty value; '' stays ''."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object))
    mapped = np.empty(len(uniques) + 1, dtype=object)  # the last one for missing values
    mapped[:] = [(fn(v) if v.strip() else v) if isinstance(v, str) else ""
                 for v in uniques.tolist()] + [""]
    return pd.Series(mapped[codes], index=values.index, name=values.name, dtype=object)


@register("keep")
def keep(values: pd.Series, policy: FieldPolicy, ctx: Context) -> pd.Series:
    return values


@register("mask")
def mask(values: pd.Series, policy: FieldPolicy, ctx: Context) -> pd.Series:
    masker = MASKS.get(policy.category)
    if masker is None:  # free text and categories without a documented mask: redact
        return redact(values, policy, ctx)
    return by_value(values, masker)


@register("pseudonymize")
def pseudonymize(values: pd.Series, policy: FieldPolicy, ctx: Context) -> pd.Series:
    return by_value(values, lambda v: pseudonym(policy.category, v, ctx.key))


@register("generalize")
def generalize(values: pd.Series, policy: FieldPolicy, ctx: Context) -> pd.Series:
    params: dict[str, Any] = dict(policy.params)
    return by_value(values, lambda v: generalize_value(policy.category, v, params))


@register("redact")
def redact(values: pd.Series, policy: FieldPolicy, ctx: Context) -> pd.Series:
    """Free text: each detected span becomes its placeholder. A structured personal field: the
    whole value becomes the placeholder of its category."""
    if policy.category == "free_text" or policy.category not in ctx.engine.placeholders:
        out, counts = ctx.engine.redact_series(values, ctx.seen_in(policy.field))
        ctx.found.update(counts)
        if policy.category != "free_text":  # an unknown structure: nothing of it may remain
            placeholder = "【个人信息】"
            return out.where(out == "", placeholder)
        return out
    placeholder = ctx.engine.placeholders[policy.category]
    return values.where(values.str.strip() == "", placeholder)


@register("suppress")
def suppress(values: pd.Series, policy: FieldPolicy, ctx: Context) -> pd.Series:
    return pd.Series([""] * len(values), index=values.index, name=values.name, dtype=object)


@register("drop")
def drop(values: pd.Series, policy: FieldPolicy, ctx: Context) -> None:
    return None
