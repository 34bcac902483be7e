"""A human summary of a validation result, grouped by rule, in zh-CN or English."""

from __future__ import annotations

from collections import defaultdict

from publisher import codes
from publisher.findings import Finding
from publisher.validate.result import ValidationResult

FIRST = 5
TEXT = {
    "zh": {"ok": "通过", "bad": "未通过", "reused": "（文件、表结构与读取方式未变，沿用上次结果）",
           "rows": "{n} 行", "read": "编码 {encoding}（{how}）",
           "count": "{title} [{code}]：{n} 处", "at": "位置", "more": "等"},
    "en": {"ok": "valid", "bad": "invalid", "reused": " (file, schema and reading unchanged: "
           "result reused)", "rows": "{n} rows", "read": "encoding {encoding} ({how})",
           "count": "{title} [{code}]: {n}", "at": "at", "more": "and more"},
}


def _where(finding: Finding) -> str:
    parts = []
    if finding.row is not None:
        parts.append(f"{finding.row}")
    if finding.field:
        parts.append(finding.field)
    return ":".join(parts) or "-"


def _groups(findings: list[Finding], lang: str) -> list[str]:
    by_code: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_code[finding.code].append(finding)
    t = TEXT[lang]
    lines = []
    for code, items in sorted(by_code.items(), key=lambda kv: -len(kv[1])):
        title = codes.get(code).title[lang]
        lines.append("    " + t["count"].format(title=title, code=code, n=len(items)))
        lines.append(f"      {items[0].message(lang)}")
        where = ", ".join(_where(f) for f in items[:FIRST])
        more = f" {t['more']}" if len(items) > FIRST else ""
        lines.append(f"      {t['at']} {where}{more}")
    return lines


def _how(reading: dict[str, object], lang: str) -> str:
    """How the encoding was decided, in ``lang`` (a report kept from before the codes were
    recorded has only the English text)."""
    code, params = reading.get("encodingDecidedByCode"), reading.get("encodingDecidedByParams")
    if isinstance(code, str) and code in codes.REGISTRY:
        return codes.get(code).render(lang, params if isinstance(params, dict) else {})
    return str(reading.get("encodingDecidedBy") or "")


def summary(result: ValidationResult, lang: str = "zh") -> str:
    """Lines a steward reads: per resource the verdict, then each rule with a count."""
    t = TEXT[lang]
    head = "✓" if result.valid else "✗"
    lines = [f"{head} {result.dataset}: {t['ok'] if result.valid else t['bad']}"]
    lines += _groups(result.findings, lang)
    for report in result.resources:
        mark = "✓" if report.valid else "✗"
        reused = t["reused"] if report.reused else ""
        lines.append(f"  {mark} {report.resource}: {t['rows'].format(n=report.row_count)}"
                     f"{reused}")
        if report.reading.get("encoding"):
            lines.append("    " + t["read"].format(encoding=report.reading["encoding"],
                                                   how=_how(report.reading, lang)))
        lines += _groups(report.findings, lang)
    return "\n".join(lines)
