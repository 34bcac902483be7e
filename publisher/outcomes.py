"""Codes of a publish run's per-dataset outcomes (why a dataset was blocked or failed)."""

from publisher import codes

for _code, _zh, _en, _desc in (
    ("descriptor-refused", "描述文件被退回", "Descriptor refused",
     "The descriptor lint refused the dataset; `publisher check` lists why."),
    ("disclosure-not-proactive", "非主动公开，不予发布", "Not proactive: not published",
     "Only proactive (主动公开) datasets are published; the reason is recorded."),
    ("validation-failed", "数据校验未通过", "Validation failed",
     "A resource does not match its Table Schema; `publisher validate` lists the findings."),
    ("deidentification-failed", "去标识化未通过", "De-identification failed",
     "The residual scan found personal data, or k-anonymity was not reached."),
    ("release-unapproved", "发布版本未经审查", "Release not approved",
     "The release's exact checksum has no approval; `publisher approve NAME --by REVIEWER`."),
    ("release-rejected", "发布版本审查未通过", "Release rejected",
     "A reviewer rejected the release's exact checksum (`publisher reject`); it is never "
     "published. A changed dataset builds a new release for review."),
    ("dataset-held", "数据集已被撤回冻结", "Dataset held",
     "`publisher withdraw` placed a hold: the dataset stays off the portal and every surface "
     "until `publisher release-hold NAME --by … --reason …` lifts it."),
    ("dataset-removed", "数据集目录已删除", "Dataset folder removed",
     "The dataset was published before but its folder is gone: the run takes it off the portal."),
    ("portal-rejected", "门户拒绝写入", "Portal rejected a write",
     "The portal answered a write with a 4xx error (validation, authorisation)."),
    ("portal-write-failed", "门户写入失败", "Portal write failed",
     "The portal stayed unreachable or kept failing after every retry."),
):
    codes.define(_code, stage="publish", title=(_zh, _en), description=_desc,
                 message=(f"数据集 {{dataset}}：{_zh}（{{detail}}）",
                          f"Dataset {{dataset}}: {_en.lower()} ({{detail}})"))
