"""E-mail addresses, also as people hide them from robots: ``name at 163 dot com``, ``(at)``,
``[at]``, ``#`` (换成@), spaces around ``@``; full-width ＠ and ． are folded before."""

from __future__ import annotations

from publisher.deid.detectors.base import Detector

_AT = (r"(?:\s*@\s*|\s*[(（\[［{]\s*(?:at|AT|At)\s*[)）\]］}]\s*|\s+(?:at|AT)\s+|\s*#\s*"
       r"|\s*艾特\s*|\s*圈a\s*)")
_DOT = (r"(?:\s*\.\s*|\s*[(（\[［{]\s*(?:dot|DOT|点)\s*[)）\]］}]\s*|\s+(?:dot|DOT)\s+"
        r"|\s*点\s*|\s*。\s*)")
_TLD = r"(?:com|cn|net|org|edu|gov|info|biz|top|vip|cc|io|me|hk|mo|tw)\b"
PATTERN = (r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*" + _AT
           + r"[A-Za-z0-9\-]+(?:" + _DOT + r"[A-Za-z0-9\-]+)*?" + _DOT + _TLD
           + r"(?:" + _DOT + r"(?:cn|hk)\b)?")

DETECTOR = Detector(
    name="email",
    category="email",
    version="2",
    pattern=PATTERN,
    prefilter="[@＠#]|[(（\\[［][aA][tT]|\\s[aA][tT]\\s|艾特",
    placeholder="【邮箱】",
)
