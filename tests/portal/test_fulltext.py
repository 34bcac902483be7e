"""The full-text document of a row: the tokens of its values in turn, each value read once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.portal.fulltext import document


def test_a_document_holds_each_values_tokens_in_turn() -> None:
    assert document(["汕尾市", None, "Bus K5", 12, dt.date(2018, 1, 2), ""]) == (
        "汕尾 尾市 市 bus k5 12 2018 01 02")


#: Letters whose lower case depends on their neighbours (Σ), expands (İ) or is Chinese.
_LETTERS = "aBΣσς İ汕尾市12_\n-，。À가あ𠀀ﬁ"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(_LETTERS, max_size=8), st.integers(),
                          st.booleans()), max_size=5))
def test_tokens_of_each_value_are_the_tokens_of_the_values_joined(values: list[Any]) -> None:
    # A line break ends every run, so reading the values joined by line breaks gives the
    # same tokens as reading each value alone (what the per-value cache relies on).
    joined = [v if isinstance(v, str) else str(v).lower() if isinstance(v, bool) else str(v)
              for v in values if v is not None]
    assert document(values) == document(["\n".join(joined)])
