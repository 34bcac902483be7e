"""The thresholds of issue 12 on the held-out half of the corpus that someone who never read
the detectors wrote (tests/data/deid_heldout/). Tuning happens on the dev half only; this test
only measures the held-out half (``python -m bench.deid_corpus`` prints every figure).

Categories that do not reach their threshold yet are marked ``xfail(strict=True)`` with the
figure measured: the threshold is not lowered, and the mark fails the suite as soon as the
category reaches it, so it cannot stay after it is no longer true."""

from __future__ import annotations

import pytest

from bench.deid_corpus import CORPUS, Figures, measure

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (CORPUS / "sentences-heldout.jsonl").is_file(),
                                 reason="held-out corpus absent")]

#: category -> recall required on the held-out sentences (issue 12, "Done when").
RECALL = {"id_number": 0.995, "phone": 0.995, "bank_card": 0.995, "email": 0.995,
          "plate": 0.995, "person_name": 0.97, "address": 0.95}
KEPT = {"public_phone": 0.99, "case_number": 0.99}
#: Categories below their threshold on the held-out half, with the figure measured (recall).
#: None today: phones (98.85%) and bank cards (99.48%) reached theirs with phone v3 and
#: bank_card v2 (99.62%, 100%; see docs/deidentification.md).
MISSED: dict[str, str] = {}


@pytest.fixture(scope="module")
def heldout() -> tuple[Figures, Figures]:
    return measure("heldout")


@pytest.mark.parametrize("category", [
    pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=MISSED[c])) if c in MISSED
    else c for c in RECALL])
def test_recall_on_the_heldout_half(heldout: tuple[Figures, Figures], category: str) -> None:
    sentences, rows = heldout
    assert sentences.total[category] >= 50
    assert sentences.recall(category) >= RECALL[category]
    if rows.total[category]:
        assert rows.recall(category) >= RECALL[category]


@pytest.mark.parametrize("category", sorted(KEPT))
def test_public_numbers_are_kept(heldout: tuple[Figures, Figures], category: str) -> None:
    sentences, rows = heldout
    assert sentences.keep_total[category] >= 50
    assert sentences.kept_rate(category) >= KEPT[category]
    assert rows.kept_rate(category) >= KEPT[category]
