"""Memos of per-text results carried between chunks stay bounded and change nothing."""

from __future__ import annotations

from publisher.deid.memo import Memo, Memos


def test_a_memo_empties_itself_instead_of_growing_past_its_limit():
    memo: Memo[str, int] = Memo(limit=3)
    for i in range(3):
        memo[str(i)] = i
    memo["0"] = 10  # a known key is replaced, nothing is dropped
    assert memo == {"0": 10, "1": 1, "2": 2}
    memo["3"] = 3
    assert memo == {"3": 3}


def test_memos_are_one_per_use_resource_and_column():
    memos = Memos(limit=5)
    memos.get("spans", "t", "facts")["x"] = 1
    assert memos.get("spans", "t", "facts") == {"x": 1}
    assert memos.get("spans", "t", "other") == {}
    assert memos.get("spans", "t", "facts").limit == 5
