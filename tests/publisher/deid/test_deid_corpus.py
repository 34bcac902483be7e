"""Precision and recall of each detector on a labelled corpus of synthetic public messages."""

from __future__ import annotations

from collections import Counter

import pytest

from publisher.deid import default_engine
from publisher.synth import public_messages

SENTENCES = 2400
STRICT = ("id_number", "phone", "plate", "email", "bank_card")


@pytest.fixture(scope="module")
def figures() -> dict[str, tuple[int, float, float]]:
    """category -> (gold spans, recall, precision).

    A gold span is recalled when a predicted span of its category covers it; a predicted span
    is correct when it overlaps a gold span of its category.
    """
    engine = default_engine()
    gold_n: Counter[str] = Counter()
    hit: Counter[str] = Counter()
    pred_n: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for text, gold in public_messages(SENTENCES, seed=4):
        pred = engine.find(text)
        for start, end, cat in gold:
            gold_n[cat] += 1
            hit[cat] += any(p.category == cat and p.start <= start and p.end >= end
                            for p in pred)
        for p in pred:
            pred_n[p.category] += 1
            right[p.category] += any(p.category == cat and p.start < end and p.end > start
                                     for start, end, cat in gold)
    out = {cat: (gold_n[cat], hit[cat] / max(gold_n[cat], 1), right[cat] / max(pred_n[cat], 1))
           for cat in sorted(gold_n | pred_n)}
    for cat, (n, recall, precision) in out.items():
        print(f"{cat:12} spans {n:5}  recall {recall:.4f}  precision {precision:.4f}")
    return out


def test_corpus_is_large_and_labelled() -> None:
    corpus = public_messages(SENTENCES, seed=4)
    assert len(corpus) >= 2000
    assert sum(1 for _, gold in corpus if not gold) > 100  # hard negatives only


@pytest.mark.parametrize("category", STRICT)
def test_structured_identifiers(figures: dict[str, tuple[int, float, float]],
                                category: str) -> None:
    n, recall, precision = figures[category]
    assert n >= 100
    assert recall >= 0.995
    assert precision >= 0.95


def test_names_in_free_text(figures: dict[str, tuple[int, float, float]]) -> None:
    n, recall, precision = figures["person_name"]
    assert n >= 1000
    assert recall >= 0.90
    assert precision >= 0.95


def test_prefilter_passes_every_text_with_a_finding() -> None:
    """The RE2 prefilter may let extra cells through, never drop one that holds an identifier."""
    import pandas as pd

    engine = default_engine()
    texts = [text for text, _ in public_messages(SENTENCES, seed=5)]
    candidates = set(engine.candidates(pd.Series(texts, dtype=object)).tolist())
    assert {i for i, t in enumerate(texts) if engine.find(t)} <= candidates


def test_every_category_is_precise(figures: dict[str, tuple[int, float, float]]) -> None:
    assert {c: p for c, (_, _, p) in figures.items() if p < 0.95} == {}
