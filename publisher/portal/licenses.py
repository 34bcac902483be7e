"""license_list: CKAN's default licence register (ids, titles and URLs as CKAN ships them)."""

from __future__ import annotations

from typing import Any

from publisher.portal.context import Context, action

# (id, title, url, od_conformance, osd_conformance)
_LICENSES = [
    ("notspecified", "License not specified", "", "not reviewed", "not reviewed"),
    ("odc-pddl", "Open Data Commons Public Domain Dedication and License (PDDL)",
     "http://www.opendefinition.org/licenses/odc-pddl", "approved", "not reviewed"),
    ("odc-odbl", "Open Data Commons Open Database License (ODbL)",
     "http://www.opendefinition.org/licenses/odc-odbl", "approved", "not reviewed"),
    ("odc-by", "Open Data Commons Attribution License",
     "http://www.opendefinition.org/licenses/odc-by", "approved", "not reviewed"),
    ("cc-zero", "Creative Commons CCZero", "http://www.opendefinition.org/licenses/cc-zero",
     "approved", "not reviewed"),
    ("cc-by", "Creative Commons Attribution", "http://www.opendefinition.org/licenses/cc-by",
     "approved", "not reviewed"),
    ("cc-by-sa", "Creative Commons Attribution Share-Alike",
     "http://www.opendefinition.org/licenses/cc-by-sa", "approved", "not reviewed"),
    ("gfdl", "GNU Free Documentation License",
     "http://www.opendefinition.org/licenses/gfdl", "approved", "not reviewed"),
    ("other-open", "Other (Open)", "", "approved", "not reviewed"),
    ("other-pd", "Other (Public Domain)", "", "approved", "not reviewed"),
    ("other-at", "Other (Attribution)", "", "approved", "not reviewed"),
    ("uk-ogl", "UK Open Government Licence (OGL)",
     "http://reference.data.gov.uk/id/open-government-licence", "approved", "not reviewed"),
    ("cc-nc", "Creative Commons Non-Commercial (Any)",
     "http://creativecommons.org/licenses/by-nc/2.0/", "not reviewed", "not reviewed"),
    ("other-nc", "Other (Non-Commercial)", "", "not reviewed", "not reviewed"),
    ("other-closed", "Other (Not Open)", "", "not reviewed", "not reviewed"),
]
TITLES = {lic[0]: lic[1] for lic in _LICENSES}


def license_title(license_id: str) -> str:
    """The register's title, or the id itself for a licence CKAN does not know (as CKAN does)."""
    return TITLES.get(license_id, license_id)


@action
def license_list(ctx: Context, data: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"id": i, "title": t, "url": u, "od_conformance": od, "osd_conformance": osd,
             "domain_content": False, "domain_data": False, "domain_software": False,
             "family": "", "is_generic": False, "maintainer": "", "status": "active"}
            for i, t, u, od, osd in _LICENSES]
