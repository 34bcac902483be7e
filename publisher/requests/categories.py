"""The national categories of the 2021 annual-report format (国办公开办函〔2021〕30号).

Applicant types are the table's columns; outcomes are its rows under 三、本年度办理结果. Each
outcome has a stable kebab-case code (for the CLI, the API and the database) and the Chinese
label the table prints. The register, its export and the report all read them from here.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The report's applicant columns (总计 is computed, never stored).
APPLICANT_TYPES = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
TOTAL = "总计"
CHANNELS = ("当面", "邮寄", "网络", "传真")


@dataclass(frozen=True)
class Outcome:
    """One row of the table: its code, group (予以公开 … 其他处理) and the row's label."""

    code: str
    group: str
    label: str
    number: str  # the row's printed number within its group, e.g. "1"; "" for single rows


def _group(group: str, rows: tuple[tuple[str, str], ...]) -> tuple[Outcome, ...]:
    return tuple(Outcome(code, group, label, str(n)) for n, (code, label) in
                 enumerate(rows, start=1))


OUTCOMES: tuple[Outcome, ...] = (
    Outcome("disclosed", "予以公开", "予以公开", ""),
    Outcome("partly-disclosed", "部分公开", "部分公开", ""),
    *_group("不予公开", (
        ("withheld-state-secret", "属于国家秘密"),
        ("withheld-prohibited-by-law", "其他法律行政法规禁止公开"),
        ("withheld-security-stability", "危及“三安全一稳定”"),
        ("withheld-third-party", "保护第三方合法权益"),
        ("withheld-internal-affairs", "属于三类内部事务信息"),
        ("withheld-process-information", "属于四类过程性信息"),
        ("withheld-enforcement-file", "属于行政执法案卷"),
        ("withheld-administrative-query", "属于行政查询事项"),
    )),
    *_group("无法提供", (
        ("unavailable-not-held", "本机关不掌握相关政府信息"),
        ("unavailable-would-need-making", "没有现成信息需要另行制作"),
        ("unavailable-still-unclear", "补正后申请内容仍不明确"),
    )),
    *_group("不予处理", (
        ("not-processed-petition", "信访举报投诉类申请"),
        ("not-processed-repeat", "重复申请"),
        ("not-processed-publication", "要求提供公开出版物"),
        ("not-processed-excessive", "无正当理由大量反复申请"),
        ("not-processed-confirmation", "要求行政机关确认或重新出具已获取信息"),
    )),
    *_group("其他处理", (
        ("other-no-correction", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        ("other-fee-unpaid",
         "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        ("other", "其他"),
    )),
)
BY_CODE = {o.code: o for o in OUTCOMES}
GROUPS = ("予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理")
GROUP_NUMBERS = dict(zip(GROUPS, ("（一）", "（二）", "（三）", "（四）", "（五）", "（六）"),
                         strict=True))


def outcome_by_label(group: str, label: str) -> Outcome | None:
    """The outcome a (group, detail) pair of the published CSV names; detail may be empty."""
    for outcome in OUTCOMES:
        if outcome.group == group and (outcome.label == label or (not label and not
                                                                  outcome.number)):
            return outcome
    return None
