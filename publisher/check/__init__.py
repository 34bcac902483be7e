"""Stage ``check``: the descriptor lint (退文). One finding per problem, each with a stable code.

A refused descriptor stops that dataset before anything reads its data. Each rule lives in its
own module and is listed in :data:`RULES`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from publisher.check import catalogue, deadlines, disclosure, headers, privacy_rules, review, schema
from publisher.dataset import Dataset
from publisher.findings import Finding
from publisher.vocabulary import Vocabulary

Rule = Callable[[Dataset, Vocabulary], Iterable[Finding]]

RULES: dict[str, Rule] = {
    "disclosure": disclosure.check,
    "catalogue": catalogue.check,
    "privacy": privacy_rules.check,
    "review": review.check,
    "schema": schema.check,
    "headers": headers.check,
    "deadlines": deadlines.check,  # warnings only (stage "deadline"): see warnings()
}


def check(dataset: Dataset, vocabulary: Vocabulary) -> list[Finding]:
    """Every refusal of every rule for one dataset (empty: the descriptor is accepted).

    Warnings (late deadlines) are left out: they never refuse; :func:`warnings` gives them.
    """
    return [f for rule in RULES.values() for f in rule(dataset, vocabulary)
            if not deadlines.is_warning(f)]


def warnings(dataset: Dataset, vocabulary: Vocabulary) -> list[Finding]:
    """Findings to show stewards that never refuse the descriptor (e.g. a late gazette)."""
    return [f for f in deadlines.check(dataset, vocabulary) if deadlines.is_warning(f)]
