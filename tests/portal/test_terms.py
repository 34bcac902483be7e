"""The search index's terms: every word of a text finds the text, Chinese included."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from publisher.portal.terms import index_terms, query_terms

CJK = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1,
              max_size=8)
LATIN = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)


@given(st.lists(st.one_of(CJK, LATIN), min_size=1, max_size=6), st.data())
def test_every_word_and_chinese_substring_is_found(words: list[str], data: st.DataObject) -> None:
    text = " ".join(words)
    stored = index_terms(text)
    word = data.draw(st.sampled_from(words))
    assert set(query_terms(word)) <= stored
    if all("\u4e00" <= ch <= "\u9fa5" for ch in word):
        start = data.draw(st.integers(0, len(word) - 1))
        end = data.draw(st.integers(start + 1, len(word)))
        assert set(query_terms(word[start:end])) <= stored


def test_chinese_is_split_into_characters_and_pairs() -> None:
    assert index_terms("公交线路") == {"公", "交", "线", "路", "公交", "交线", "线路"}
    assert query_terms("线路") == ["线路"]
    assert query_terms("公交线路") == ["公交", "交线", "线路"]
    assert query_terms("Bus 站点") == ["bus", "站点"]
    assert not set(query_terms("地铁")) <= index_terms("公交线路")
