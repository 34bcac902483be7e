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


class RequestError(ValueError):
    """A register operation refused; ``code`` is stable, the text names no personal value."""

    def __init__(self, code: str, **params: object) -> None:
        self.code, self.params = code, params
        super().__init__(codes.get(code).render("en", params))

    def message(self, lang: str) -> str:
        """The message in ``lang`` (zh or en)."""
        return codes.get(self.code).render(lang, self.params)
