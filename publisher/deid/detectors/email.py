"""E-mail addresses."""

from __future__ import annotations

from publisher.deid.detectors.base import Detector

DETECTOR = Detector(
    name="email",
    category="email",
    version="1",
    pattern=r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+[@＠][A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*"
            r"\.[A-Za-z]{2,}",
    prefilter="[@＠]",
    placeholder="【邮箱】",
)
