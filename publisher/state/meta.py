"""A dataset's descriptive metadata in one language: from the release shown, else the descriptor."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from publisher.state.view import DatasetState


def describe(entry: DatasetState, lang: str) -> dict[str, Any]:
    """Title, description and catalogue keys: from the shown release, else the descriptor."""
    release = entry.shown
    if release is not None and release.manifest:
        meta = manifest_meta(release.manifest, lang)
        if entry.dataset is not None:  # the descriptor, not an old release, says what applies
            meta["attribute"] = entry.dataset.disclosure.attribute
            meta["basis"] = entry.dataset.disclosure.basis
        return meta
    ds = entry.dataset
    if ds is None:
        title = entry.row.title if entry.row else entry.name
        return {"title": title or entry.name, "description": "", "keywords": [],
                "department": entry.row.department if entry.row else "",
                "column": entry.row.catalogue_column if entry.row else "",
                "openness": entry.row.openness if entry.row else "",
                "update_frequency": entry.row.update_frequency if entry.row else "",
                "attribute": entry.row.attribute if entry.row else "", "basis": "",
                "license": "", "formats": [], "title_zh": title, "title_en": ""}
    return {"title": ds.title_in(lang), "description": ds.description_in(lang),
            "keywords": list(ds.keywords), "department": ds.department,
            "column": ds.catalogue_column, "openness": ds.openness,
            "update_frequency": ds.update_frequency, "attribute": ds.disclosure.attribute,
            "basis": ds.disclosure.basis, "license": ds.license,
            "formats": sorted({r.format for r in ds.resources}),
            "title_zh": ds.title, "title_en": ds.translations.get("en", {}).get("title", ""),
            "description_zh": ds.description,
            "description_en": ds.translations.get("en", {}).get("description", "")}


def manifest_meta(manifest: dict[str, Any], lang: str) -> dict[str, Any]:
    pub = manifest.get("publisher") or {}
    en = (pub.get("translations") or {}).get("en") or {}
    title_zh, desc_zh = str(manifest.get("title", "")), str(manifest.get("description", ""))
    catalogue = pub.get("catalogue") or {}
    disclosure = pub.get("disclosure") or {}
    licenses = manifest.get("licenses") or [{}]
    return {
        "title": (en.get("title") or title_zh) if lang == "en" else title_zh,
        "description": (en.get("description") or desc_zh) if lang == "en" else desc_zh,
        "keywords": [str(k) for k in manifest.get("keywords") or []],
        "department": str(pub.get("department", "")),
        "column": str(catalogue.get("column", "")),
        "openness": str(catalogue.get("openness", "")),
        "update_frequency": str(pub.get("update_frequency", "")),
        "attribute": str(disclosure.get("attribute", "")),
        "basis": str(disclosure.get("basis", "")),
        "license": str(licenses[0].get("name", "")) if licenses else "",
        "formats": sorted({str(r.get("format", "")).lower()
                           for r in manifest.get("resources") or [] if isinstance(r, dict)}),
        "title_zh": title_zh, "title_en": str(en.get("title", "")),
        "description_zh": desc_zh, "description_en": str(en.get("description", "")),
        "temporal": pub.get("temporal") or {}, "spatial": str(pub.get("spatial", "")),
    }
