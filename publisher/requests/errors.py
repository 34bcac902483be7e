"""A steward's mistake with the register: a stable code, zh/en text, never a personal value."""

from __future__ import annotations

from publisher import codes

STAGE = "requests"

codes.define(
    "request-unknown", stage=STAGE,
    title=("申请不存在", "Request unknown"),
    description="No request with this reference is in the register.",
    message=("登记簿中没有编号为 {reference} 的申请", "No request {reference} in the register"),
)
codes.define(
    "request-duplicate", stage=STAGE,
    title=("申请编号重复", "Request reference taken"),
    description="A request with this reference is already registered.",
    message=("编号 {reference} 已登记", "Request {reference} is already registered"),
)
codes.define(
    "request-field-invalid", stage=STAGE,
    title=("申请登记项不合法", "Request field invalid"),
    description="A field of a request or step is missing or not one of the allowed values.",
    message=("申请 {reference} 的 {field} 不合法：{rule}",
             "Request {reference}: {field} is invalid: {rule}"),
)
codes.define(
    "request-step-refused", stage=STAGE,
    title=("办理步骤不允许", "Step refused"),
    description="The step does not fit the request's history (e.g. a second extension, a step "
                "after the reply, a 补正 answer without a notice).",
    message=("申请 {reference} 不能登记步骤 {kind}：{rule}",
             "Request {reference}: step {kind} refused: {rule}"),
)


codes.define(
    "rule-reference", stage="requests", title=("编号规则", "Reference rule"),
    description="A reference is required and has no /.",
    message=("必填，且不含 /",
             "required, without /"),
)
codes.define(
    "rule-one-of", stage="requests", title=("取值范围", "One of"),
    description="The value must be one of the allowed ones.",
    message=("须为以下之一：{allowed}",
             "one of {allowed}"),
)
codes.define(
    "rule-unknown-keys", stage="requests", title=("未知键", "Unknown keys"),
    description="The applicant's identity has keys the register does not keep.",
    message=("未知的键 {keys}",
             "unknown keys {keys}"),
)
codes.define(
    "rule-steps-in-order", stage="requests", title=("步骤顺序", "Steps in order"),
    description="Steps are recorded in order, not before receipt.",
    message=("步骤须按顺序登记，且不早于收到日期",
             "steps are recorded in order, not before receipt"),
)
codes.define(
    "rule-replied", stage="requests", title=("已答复", "Replied"),
    description="No step after the reply.",
    message=("该申请已答复",
             "the request has been replied to"),
)
codes.define(
    "rule-one-correction", stage="requests", title=("补正一次", "One correction"),
    description="A correction is asked for once (Art. 30).",
    message=("补正只能要求一次（第三十条）",
             "a correction is asked for once (Art. 30)"),
)
codes.define(
    "rule-no-correction-notice", stage="requests", title=("无补正通知", "No correction notice"),
    description="A correction answer needs an outstanding notice.",
    message=("没有待补正的通知",
             "no correction notice is outstanding"),
)
codes.define(
    "rule-one-extension", stage="requests", title=("延期一次", "One extension"),
    description="One extension only (Art. 33).",
    message=("只能延期一次（第三十三条）",
             "one extension only (Art. 33)"),
)
codes.define(
    "rule-extension-approver", stage="requests", title=("延期审批人", "Extension approver"),
    description="An extension names who approved it (Art. 33).",
    message=("延期须注明批准人（第三十三条）",
             "an extension names who approved it (Art. 33)"),
)
codes.define(
    "rule-consultation-out", stage="requests", title=("征求意见中", "Consultation out"),
    description="A consultation is already out.",
    message=("已在征求意见中",
             "a consultation is already out"),
)
codes.define(
    "rule-no-consultation", stage="requests", title=("未征求意见", "No consultation"),
    description="No consultation is out to end.",
    message=("没有进行中的征求意见",
             "no consultation is out"),
)
codes.define(
    "rule-outcome-code", stage="requests", title=("办理结果代码", "Outcome code"),
    description="A reply's outcome is a code of the national categories.",
    message=("须为全国统一分类中的代码",
             "a code of the national categories"),
)
codes.define(
    "rule-correction-awaited", stage="requests", title=("待补正", "Correction awaited"),
    description="While a correction is awaited only other-no-correction fits.",
    message=("正在等待补正：只能选 other-no-correction",
             "a correction is awaited: only other-no-correction fits"),
)
codes.define(
    "rule-still-unclear", stage="requests", title=("需补正后的申请", "Needs a corrected request"),
    description="unavailable-still-unclear needs a corrected request.",
    message=("unavailable-still-unclear 须有补正后的申请",
             "unavailable-still-unclear needs a corrected request"),
)
codes.define(
    "rule-not-negative", stage="requests", title=("不得为负", "Not negative"),
    description="The fee must not be negative.",
    message=("不得为负数",
             "not negative"),
)


def rule(code: str, **params: object) -> dict[str, object]:
    """A rule as a RequestError's ``rule`` param: English text plus its code, so the message
    reads whole in Chinese too."""
    return {"rule": codes.get(code).render("en", params), "rule_code": code,
            "rule_params": params}


class RequestError(ValueError):
    """A register operation refused; ``code`` is stable, the text names no personal value."""

    def __init__(self, code: str, **params: object) -> None:
        self.code, self.params = code, params
        super().__init__(codes.get(code).render("en", params))

    def message(self, lang: str) -> str:
        """The message in ``lang`` (zh or en)."""
        return codes.get(self.code).render(lang, self.params)
