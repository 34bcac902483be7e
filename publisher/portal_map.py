"""Map a release to the CKAN package and resources it should become (pure functions)."""

from __future__ import annotations

import json
from typing import Any

from publisher import canonical
from publisher.release import ReleaseInfo
from publisher.tags import clean_tags

#: Extras keys; none reuses a core CKAN field name (CKAN refuses e.g. an extra named version).
EXTRAS = ("disclosure_attribute", "disclosure_basis", "department", "catalogue_column",
          "openness", "update_frequency", "release_version", "release_checksum", "title_en",
          "notes_en")

#: Table Schema type → DataStore type. Codes and ids are text so leading zeros survive.
DATASTORE_TYPES = {"string": "text", "integer": "int8", "number": "numeric",
                   "boolean": "bool", "year": "int4", "datetime": "timestamp"}


def org_name(bureau: dict[str, Any]) -> str:
    return str(bureau.get("portal_org") or "shanwei-transport")


def organization_dict(bureau: dict[str, Any]) -> dict[str, Any]:
    return {"name": org_name(bureau), "title": str(bureau.get("name", "")),
            "description": str(bureau.get("name_en", ""))}


def package_dict(release: ReleaseInfo, bureau: dict[str, Any], license_id: str) -> dict[str, Any]:
    """The package metadata (without resources) the portal should hold for this release."""
    m = release.manifest
    pub = m["publisher"]
    en = pub.get("translations", {}).get("en", {})
    extras = {
        "disclosure_attribute": pub["disclosure"]["attribute"],
        "disclosure_basis": pub["disclosure"].get("basis", ""),
        "department": pub["department"],
        "catalogue_column": pub["catalogue"]["column"],
        "openness": pub["catalogue"]["openness"],
        "update_frequency": pub["update_frequency"],
        "release_version": str(release.version),
        "release_checksum": release.checksum,
        "title_en": en.get("title", ""),
        "notes_en": en.get("description", ""),
    }
    tags = clean_tags(m.get("keywords", []))
    return {
        "name": release.dataset,
        "title": m.get("title") or release.dataset,
        "notes": m.get("description", ""),
        "owner_org": org_name(bureau),
        "license_id": license_id,
        "private": False,
        # CKAN keeps a deleted package deleted unless a write names the state.
        "state": "active",
        "tags": [{"name": t} for t in tags],
        "extras": [{"key": k, "value": extras[k]} for k in EXTRAS if extras[k] != ""],
    }


def resource_dicts(release: ReleaseInfo) -> list[dict[str, Any]]:
    """Desired resource metadata in order; ``hash`` is the bare sha256 hex of the file."""
    out = []
    for res in release.manifest["resources"]:
        out.append({
            "name": res["name"],
            "description": res.get("title", ""),
            "format": "CSV",
            "mimetype": res.get("mediatype", "text/csv"),
            "hash": res["hash"].removeprefix("sha256:"),
            "schema": json.dumps(res["schema"], ensure_ascii=False, sort_keys=True),
        })
    return out


def datastore_fields(schema: dict[str, Any]) -> list[dict[str, str]]:
    out = []
    for fld in schema.get("fields", []):
        kind = DATASTORE_TYPES.get(str(fld.get("type", "string")), "text")
        fmt = str(fld.get("format") or "default").removeprefix("fmt:")
        if fld.get("type") in ("date", "datetime") and fmt != "default" and "%" not in fmt:
            kind = "text"  # "any": no pattern to read it back with, the text is kept
        elif fld.get("type") == "date":
            kind = "date"  # a strptime pattern is converted to ISO dates (see _converter)
        out.append({"id": str(fld["name"]), "type": kind})
    return out


def _converter(fld: dict[str, Any], kind: str) -> Any:
    """A function from a released cell (text, already validated) to its DataStore value."""
    if kind == "bool":
        true = set(fld.get("trueValues", canonical.DEFAULT_TRUE))
        false = set(fld.get("falseValues", canonical.DEFAULT_FALSE))
        return lambda v: True if v in true else False if v in false else None
    if kind == "text":
        return lambda v: v
    # Stewards' dates (2024/2/5, 2024年3月5日) become ISO and their numbers plain, so the
    # DataStore sorts and filters them as dates and numbers (one owner: publisher.canonical).
    return canonical.converter(fld) or (lambda v: v or None)


def datastore_record(schema: dict[str, Any]) -> Any:
    """A function turning a released CSV row (dict of text) into a DataStore record."""
    fields = {str(f["name"]): f for f in schema.get("fields", [])}
    kinds = {f["id"]: f["type"] for f in datastore_fields(schema)}
    convert = {name: _converter(fld, kinds[name]) for name, fld in fields.items()}
    # A declared missing value ("-", "无") of a typed column is NULL, as an empty cell is.
    absent = {name: {"", *canonical.missing_values(schema, fld)} for name, fld in fields.items()}

    def record(row: dict[str, str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in row.items():
            if key not in convert:
                continue
            # Empty cells of typed columns are NULL; text keeps its exact characters.
            out[key] = value if kinds[key] == "text" else (
                None if value in absent[key] else convert[key](value))
        return out

    return record


def package_differs(current: dict[str, Any], desired: dict[str, Any]) -> list[str]:
    """Names of the package fields whose portal value differs from the desired one."""
    diff = []
    for key in ("title", "notes", "license_id", "private"):
        if (current.get(key) or "") != (desired.get(key) or ""):
            diff.append(key)
    if (current.get("organization") or {}).get("name") != desired["owner_org"]:
        diff.append("owner_org")
    if sorted(t["name"] for t in current.get("tags", [])) != [t["name"] for t in desired["tags"]]:
        diff.append("tags")
    have = {e["key"]: e["value"] for e in current.get("extras", [])}
    want = {e["key"]: e["value"] for e in desired["extras"]}
    if have != want:
        diff.append("extras")
    if current.get("state", "active") != "active":
        diff.append("state")
    return diff


def resource_differs(current: dict[str, Any], desired: dict[str, Any]) -> tuple[bool, list[str]]:
    """(file changed, metadata keys changed) between a portal resource and the desired one."""
    file_changed = (current.get("hash") or "") != desired["hash"]
    keys = [k for k in ("description", "format", "mimetype", "schema")
            if (current.get(k) or "") != desired[k]]
    return file_changed, keys
