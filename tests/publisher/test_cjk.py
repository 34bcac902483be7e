"""CJK line folding: stray spaces from YAML ``>-`` go, spaces between Latin words stay."""

from __future__ import annotations

import yaml
from hypothesis import given
from hypothesis import strategies as st

from publisher.cjk import unfold


def test_folded_yaml_comes_back_whole() -> None:
    source = ("d: >-\n  按功能分类科目列示的基本支出、\n  项目支出，以及\n"
              "  “三公”经费（因公出国（境）费）。单位：\n  万元。\n")
    folded = yaml.safe_load(source)["d"]
    assert "、 项目" in folded  # what YAML does
    assert unfold(folded) == ("按功能分类科目列示的基本支出、项目支出，以及"
                              "“三公”经费（因公出国（境）费）。单位：万元。")


def test_latin_spaces_stay() -> None:
    text = "The bureau's budgets 2016-2018: basic and project expenditure, in ten thousand yuan."
    assert unfold(text) == text
    assert unfold("依据 GB/T 37964 标准 处理") == "依据 GB/T 37964 标准处理"
    assert unfold("共 306 个站点") == "共 306 个站点"
    assert unfold("the “three public” expenses — all") == "the “three public” expenses — all"


@given(st.lists(st.text(alphabet="abc xyz", min_size=1), max_size=6))
def test_text_without_cjk_is_unchanged(words: list[str]) -> None:
    text = " ".join(words)
    assert unfold(text) == text


@given(st.text(alphabet="汕尾交通、。，： \n", max_size=30))
def test_no_space_is_left_beside_cjk(text: str) -> None:
    out = unfold(text)
    stripped = out.strip()
    assert " " not in stripped and "\n" not in stripped
    assert unfold(out) == out
