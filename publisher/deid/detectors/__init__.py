"""The detectors, registered by name in a plain dict; order is the order they are tried in.

Public detectors come first so that a credit code, a case number or a hotline is recognised as
such before any personal detector can take part of it. Extensions register the same way:
``register(Detector(...))``.
"""

from __future__ import annotations

from publisher.deid.detectors import (
    address,
    bank_card,
    birth_date,
    email,
    person_name,
    phone,
    plate,
    public,
    resident_id,
)
from publisher.deid.detectors.base import Detector

REGISTRY: dict[str, Detector] = {}


def register(detector: Detector) -> Detector:
    """Add a detector under its name (a later one with the same name replaces it)."""
    REGISTRY[detector.name] = detector
    return detector


for _detector in (
    public.CREDIT_CODE,
    public.CASE_NUMBER,
    public.HOTLINE,
    resident_id.DETECTOR,
    bank_card.DETECTOR,
    email.DETECTOR,
    phone.DETECTOR,
    plate.DETECTOR,
    birth_date.DETECTOR,
    person_name.DETECTOR,
    address.DETECTOR,
):
    register(_detector)


def personal() -> list[Detector]:
    return [d for d in REGISTRY.values() if not d.public]


def versions() -> dict[str, str]:
    """Detector name -> version, for the report."""
    return {d.name: d.version for d in REGISTRY.values()}


__all__ = ["REGISTRY", "Detector", "personal", "register", "versions"]
