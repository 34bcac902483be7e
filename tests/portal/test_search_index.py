"""The package full-text index (publisher.portal.searchindex): kept current by every package
write, and package_search over it gives the answer a scan of the package dicts gives."""

from __future__ import annotations

import random
import re
from typing import Any

import pytest
from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from publisher.db import alembic_config
from publisher.portal.models import PortalSearch
from publisher.services import Services

pytestmark = pytest.mark.db

CHINESE = ["汕尾市", "公交线路", "出租车", "客运站点", "行政处罚", "港口码头", "道路", "执法"]
LATIN = ["bus", "taxi", "ferry", "k12", "route"]
TAGS = ["公交", "出租车", "港口", "bus"]
ORGS = ["bureau", "port"]


def _names(call: Any, **query: Any) -> set[str]:
    found = call("package_search", rows=1000, **query)
    assert found["count"] == len(found["results"])
    return {p["name"] for p in found["results"]}


def test_every_package_write_updates_the_index(call: Any, services: Services) -> None:
    call("organization_create", name="bureau", title="交通运输局")
    pkg = call("package_create", name="stops", owner_org="bureau", title="公交站点",
               notes="汕尾市城区")
    assert _names(call, q="站点") == {"stops"}
    assert _names(call, q="汕尾") == {"stops"}
    assert _names(call, q="交通运输局") == {"stops"}  # the organization's title
    call("package_update", id=pkg["id"], name="stops", owner_org="bureau", title="出租车企业")
    assert _names(call, q="站点") == set()
    assert _names(call, q="汕尾") == set()  # notes not sent to update: gone
    assert _names(call, q="出租车") == {"stops"}
    call("package_patch", id=pkg["id"], notes="Ferry timetable")
    assert _names(call, q="ferry") == {"stops"}
    assert _names(call, q="出租车 FERRY") == {"stops"}
    call("resource_create", package_id=pkg["id"], name="港口码头", url="https://e.invalid/r")
    assert _names(call, q="码头") == {"stops"}
    call("package_delete", id=pkg["id"])
    assert _names(call, q="出租车") == set()
    with services.db.session() as session:
        assert session.scalar(select(func.count()).select_from(PortalSearch)) == 0
    call("package_patch", id=pkg["id"], state="active")
    assert _names(call, q="出租车") == {"stops"}


def test_private_packages_only_for_sysadmins_who_ask(call: Any) -> None:
    call("organization_create", name="bureau")
    call("package_create", name="open", owner_org="bureau", title="公交线路")
    call("package_create", name="closed", owner_org="bureau", title="公交线路", private=True)
    assert _names(call, q="公交", anon=True) == {"open"}
    assert _names(call, q="公交", anon=True, include_private=True) == {"open"}
    assert _names(call, q="公交") == {"open"}
    assert _names(call, q="公交", include_private=True) == {"open", "closed"}
    assert _names(call, fq="text:线路", include_private=True) == {"open", "closed"}


def test_the_index_survives_a_downgrade_and_its_backfill(call: Any, services: Services) -> None:
    call("organization_create", name="bureau", title="交通运输局")
    call("package_create", name="stops", owner_org="bureau", title="公交站点",
         resources=[{"name": "港口", "url": "https://e.invalid/r"}])
    call("package_create", name="gone", owner_org="bureau", title="公交站点")
    call("package_delete", id="gone")
    before = [_names(call, q=q) for q in ("站点", "港口", "交通", "stops", "地铁")]
    command.downgrade(alembic_config(services.db.engine), "0014")
    command.upgrade(alembic_config(services.db.engine), "head")
    assert [_names(call, q=q) for q in ("站点", "港口", "交通", "stops", "地铁")] == before
    assert before[0] == {"stops"}


# -- package_search over the index against a scan of the package dicts ---------------------

_TOKEN = re.compile(r"([\u4e00-\u9fff]+)|([^\W_\u4e00-\u9fff]+)")


def _values(pkg: dict[str, Any]) -> list[str]:
    org = pkg["organization"] or {}
    out = [pkg["name"], pkg["title"], pkg["notes"] or "", org.get("name", ""),
           org.get("title", "")]
    out += [t["name"] for t in pkg["tags"]]
    out += [e["value"] for e in pkg["extras"]]
    out += [r["name"] or "" for r in pkg["resources"]]
    return [v.lower() for v in out]


def _holds(pkg: dict[str, Any], word: str) -> bool:
    """A Chinese run: a substring of one value; anything else: a whole word of one."""
    values = _values(pkg)
    latin_words = {w for v in values for _, w in _TOKEN.findall(v) if w}
    return all(any(cjk in v for v in values) if cjk else latin in latin_words
               for cjk, latin in _TOKEN.findall(word.lower()))


@pytest.fixture
def catalogue(call: Any) -> list[dict[str, Any]]:
    rng = random.Random(20)
    for org in ORGS:
        call("organization_create", name=org, title=f"{org}运输局")
    made = []
    for i in range(16):
        words = rng.sample(CHINESE, 2) + rng.sample(LATIN, 1)
        pkg = call("package_create", name=f"set-{i:02d}", owner_org=rng.choice(ORGS),
                   title=words[0], notes=f"{words[1]} {words[2]}",
                   tags=[{"name": t} for t in rng.sample(TAGS, rng.randint(0, 2))],
                   private=rng.random() < 0.25,
                   resources=[{"name": rng.choice(CHINESE), "url": "https://e.invalid/r",
                               "format": rng.choice(["CSV", "XLSX"])}])
        if i % 7 == 6:
            call("package_delete", id=pkg["id"])
        made.append(call("package_show", id=pkg["id"]))
    return made


def _words() -> st.SearchStrategy[str]:
    chinese = st.sampled_from(CHINESE).flatmap(lambda w: st.tuples(
        st.integers(0, len(w) - 1), st.integers(1, len(w))).map(
        lambda ab: w[ab[0]:max(ab[0] + 1, ab[1])]))  # any substring
    return st.one_of(chinese, st.sampled_from([*LATIN, "地铁", "set", "运输局"]))


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(_words(), max_size=2), tag=st.none() | st.sampled_from(TAGS),
       negate=st.booleans(), org=st.none() | st.sampled_from(ORGS),
       fmt=st.none() | st.sampled_from(["CSV", "XLSX"]), private=st.booleans(),
       in_fq=st.booleans(), sort=st.sampled_from(["", "name asc", "metadata_modified asc"]))
def test_search_equals_a_scan(call: Any, catalogue: list[dict[str, Any]], words: list[str],
                              tag: str | None, negate: bool, org: str | None, fmt: str | None,
                              private: bool, in_fq: bool, sort: str) -> None:
    fq = []
    if tag is not None:
        fq.append(f'{"-" if negate else ""}tags:"{tag}"')
    if org is not None:
        fq.append(f"organization:{org}")
    if fmt is not None:
        fq.append(f"res_format:{fmt}")
    q = " ".join(words)
    if in_fq and q:
        fq.append(f"text:({q})" if len(words) == 1 else f"text:{words[0]} text:{words[1]}")
        q = ""
    expected = [
        p for p in catalogue
        if p["state"] == "active" and (private or not p["private"])
        and all(_holds(p, w) for w in words)
        and (tag is None or (tag in {t["name"] for t in p["tags"]}) != negate)
        and (org is None or p["organization"]["name"] == org)
        and (fmt is None or any(r["format"] == fmt for r in p["resources"]))
    ]
    key, _, direction = (sort or "metadata_modified desc").partition(" ")
    expected.sort(key=lambda p: p[key], reverse=direction == "desc")
    found = call("package_search", q=q, fq=" ".join(fq), include_private=private, sort=sort,
                 rows=1000)
    assert [p["name"] for p in found["results"]] == [p["name"] for p in expected]
    assert found["count"] == len(expected)
