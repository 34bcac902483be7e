"""The catalogue as the bureau's 2018 plan assigns it: attribute, department, column, openness."""

from __future__ import annotations

import re
from datetime import date

import pytest

from publisher.frequency import parse_frequency
from publisher.load import load
from publisher.vocabulary import load_vocabulary

from .conftest import DATASETS, NAMES, SCHEMAS, dataset

#: name -> (title, attribute, department, column, openness), from issue 8 and the plan.
PLAN = {
    "penalty-decisions": ("行政处罚结果", "proactive", "执法局", "行政执法", "结果"),
    "licence-results": ("行政许可结果", "proactive", "综运科", "行政执法", "结果"),
    "spot-check-items": ("双随机抽查事项清单", "proactive", "综运科", "行政执法", "管理"),
    "spot-check-results": ("双随机抽查结果", "proactive", "综运科", "行政执法", "结果"),
    "bus-network": ("公交线路、站点与时刻表", "proactive", "综运科", "公共服务", "服务"),
    "taxi-operators": ("出租车与网约车经营者及运力", "proactive", "综运科", "公共服务", "管理"),
    "major-projects": ("重大建设项目审批、核准、备案结果", "proactive", "基建科", "重大项目",
                       "结果"),
    "budget-accounts": ("部门预算与决算", "proactive", "财审科", "财政预决算", "结果"),
    "service-guides": ("政务服务事项与办事指南", "proactive", "人事科", "办事指南", "服务"),
    "intermediary-services": ("行政许可中介服务事项清单", "proactive", "人事科", "办事指南",
                              "服务"),
    "public-messages": ("政民互动留言办理", "proactive", "办公室", "政民互动", "结果"),
    "suggestion-proposals": ("人大建议和政协提案办理结果", "proactive", "办公室", "建议提案",
                             "结果"),
    "normative-documents": ("规范性文件目录", "proactive", "办公室", "文件", "决策"),
    "annual-report": ("政府信息公开工作年度报告统计表", "proactive", "办公室", "年度报告", "结果"),
    "disclosure-requests": ("政府信息公开申请办理情况", "proactive", "办公室", "依申请公开",
                            "结果"),
    "organisation": ("机构职能", "proactive", "人事科", "组织机构", "管理"),
    "personnel-files": ("内部人事档案", "withheld", "人事科", "人事信息", "管理"),
    "vehicle-permits": ("道路运输证登记信息", "on_request", "综运科", "依申请公开", "管理"),
}
KEYS = {"name", "title", "description", "keywords", "licenses", "department", "catalogue",
        "disclosure", "update_frequency", "review", "policy_document", "translations",
        "temporal", "spatial", "resources"}


def test_the_catalogue_is_the_plan() -> None:
    assert sorted(PLAN) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_descriptor_follows_the_plan(name: str) -> None:
    ds = dataset(name)
    assert (ds.title, ds.disclosure.attribute, ds.department, ds.catalogue_column,
            ds.openness) == PLAN[name]


@pytest.mark.parametrize("name", NAMES)
def test_descriptor_conventions(name: str) -> None:
    ds = dataset(name)
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", name) and ds.name == name
    assert KEYS <= set(ds.descriptor), KEYS - set(ds.descriptor)
    assert ds.translations["en"]["title"] and ds.translations["en"]["description"]
    assert ds.keywords and ds.description and ds.disclosure.basis
    assert str(ds.descriptor["spatial"]) == "441500"
    temporal = ds.descriptor["temporal"]
    assert date.fromisoformat(temporal["start"]) <= date.fromisoformat(temporal["end"])
    assert parse_frequency(ds.update_frequency) is not None
    for resource in ds.resources:
        assert (SCHEMAS / resource.schema_ref).is_file()
        assert resource.path.is_file() and resource.title


def test_every_schema_is_used() -> None:
    used = {r.schema_ref for name in NAMES for r in dataset(name).resources}
    assert {p.name for p in SCHEMAS.glob("*.json")} == used


@pytest.mark.parametrize("name", [n for n, p in PLAN.items() if p[1] != "proactive"])
def test_withheld_and_on_request_carry_reason_and_basis(name: str) -> None:
    ds = dataset(name)
    assert len(ds.disclosure.reason) > 10 and len(ds.disclosure.basis) > 10
    assert "条例" in ds.disclosure.basis


def test_the_withheld_example_cites_internal_personnel_affairs() -> None:
    assert "第十六条第一款" in dataset("personnel-files").disclosure.basis


def test_policy_documents_carry_their_interpretation() -> None:
    vocabulary = load_vocabulary(DATASETS / "bureau.yaml")
    policy = [n for n in NAMES if dataset(n).policy_document
              or vocabulary.catalogue_columns[dataset(n).catalogue_column].policy]
    assert "normative-documents" in policy
    for name in policy:
        ds = dataset(name)
        assert ds.policy_document and ds.interpretation
        text = (ds.folder / ds.interpretation).read_text(encoding="utf-8")
        assert "解读" in text


@pytest.mark.parametrize("name", NAMES)
def test_personal_data_is_never_reviewed_automatically(name: str) -> None:
    ds = dataset(name)
    assert ds.review == ("required" if ds.personal_fields else ds.review)


def test_loading_the_catalogue_finds_nothing_to_refuse() -> None:
    for name in NAMES:
        assert load(DATASETS, name, SCHEMAS).findings == []
