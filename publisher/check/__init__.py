"""Stage ``check``: the descriptor lint (退文). One finding per problem, each with a stable code.

A refused descriptor stops that dataset before anything reads its data. Each rule lives in its
own module and is listed in :data:`RULES`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from publisher.check import catalogue, disclosure, headers, privacy_rules, review, schema
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
}


def check(dataset: Dataset, vocabulary: Vocabulary) -> list[Finding]:
    """Every finding of every rule for one dataset (empty: the descriptor is accepted)."""
    return [f for rule in RULES.values() for f in rule(dataset, vocabulary)]
