"""Privacy categories and the rules that say which of them may ever be kept."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: Categories whose values identify or describe a natural person.
PERSONAL = frozenset(
    {"person_name", "id_number", "phone", "plate", "address", "email", "bank_card",
     "birth_date", "free_text"}
)
#: Categories of organisations' public identifiers; ``org_contact`` is an office's own
#: phone line or address, which detectors would otherwise take for a person's.
PUBLIC = frozenset({"credit_code", "org_name", "org_contact"})
CATEGORIES = PERSONAL | PUBLIC
ACTIONS = frozenset({"keep", "mask", "pseudonymize", "generalize", "redact", "suppress", "drop"})

#: Which personal categories an exemption lets a dataset keep (where the field allows it).
#: Resident ID numbers, phones and bank cards are never kept, whatever the exemption.
EXEMPTIONS: dict[str, frozenset[str]] = {
    "punishment_disclosure": frozenset({"person_name", "plate"}),
    "mandatory_disclosure": frozenset({"person_name"}),
}
NEVER_KEPT = frozenset({"id_number", "phone", "bank_card"})


@dataclass(frozen=True)
class FieldPolicy:
    """The ``privacy`` property of a Table Schema field."""

    field: str
    category: str
    action: str
    basis: str = ""
    keep_under: tuple[str, ...] = ()
    params: tuple[tuple[str, Any], ...] = ()

    @property
    def personal(self) -> bool:
        return self.category in PERSONAL


def keep_allowed(policy: FieldPolicy, exemption: str) -> bool:
    """Whether ``keep`` is lawful for this field: always for non-personal categories; for a
    personal one only under an exemption that permits the category and that the field lists in
    ``keepUnder``; never for the categories of :data:`NEVER_KEPT`. The lint refuses what this
    refuses, and the de-identification stage blanks it, so the two cannot disagree."""
    if not policy.personal:
        return True
    if policy.category in NEVER_KEPT:
        return False
    return bool(exemption) and exemption in policy.keep_under and (
        policy.category in EXEMPTIONS.get(exemption, frozenset()))


def field_policies(schema: dict[str, Any]) -> list[FieldPolicy]:
    """The privacy policies a Table Schema declares, in field order (malformed ones skipped)."""
    out: list[FieldPolicy] = []
    for fld in schema.get("fields", []) or []:
        if not isinstance(fld, dict):
            continue
        privacy = fld.get("privacy")
        if not isinstance(privacy, dict):
            continue
        keep_under = privacy.get("keepUnder") or ()
        extra = {k: v for k, v in privacy.items()
                 if k not in {"category", "action", "basis", "keepUnder"}}
        out.append(
            FieldPolicy(
                field=str(fld.get("name", "")),
                category=str(privacy.get("category", "")),
                action=str(privacy.get("action", "")),
                basis=str(privacy.get("basis", "")),
                keep_under=tuple(str(x) for x in keep_under),
                params=tuple(sorted(extra.items())),
            )
        )
    return out
