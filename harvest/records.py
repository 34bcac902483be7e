"""Plain catalogue records: what the DCAT profile writes and reads, built from releases.

A :class:`CatalogRecord` holds one dataset's metadata with every vocabulary value already
chosen (EU codes, IANA media types), so writing DCAT is a mapping and reading it back gives an
equal record. :func:`records_from_state` builds them from the state view
(:mod:`publisher.state`): each public dataset's published release, so a hold, a withdrawal or a
non-proactive attribute keeps a dataset out of every feed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from harvest.vocabularies import ACCESS_RIGHTS, COUNTRY, FORMATS, themes_for
from publisher import state
from publisher.frequency import parse_frequency
from publisher.models import PublishItem
from publisher.services import Services


@dataclass(frozen=True)
class Publisher:
    """The publishing organisation (the vocabulary file's ``bureau`` section)."""

    uri: str
    name: str
    name_en: str
    identifier: str  # unified social credit code (USCC)
    homepage: str
    email: str
    address: str


@dataclass(frozen=True)
class DistributionRecord:
    """One downloadable file of a release."""

    uri: str
    name: str
    title: str
    access_url: str
    download_url: str
    media_type: str  # IANA, e.g. text/csv
    format: str  # EU file-type code, e.g. CSV
    byte_size: int | None
    sha256: str  # lower-case hex, "" when unknown
    rights: str
    licence: str  # licence id (CC-BY-4.0) or a licence IRI
    conforms_to: str  # URL of the Table Schema


@dataclass(frozen=True)
class CatalogRecord:
    """One dataset as the feeds publish it."""

    name: str
    uri: str  # stable: <site_url>/dataset/<name>, never derived from a release version
    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    keywords: tuple[str, ...]
    department: str
    publisher: Publisher
    licence: str
    disclosure: str  # proactive | on_request | withheld
    frequency: str  # EU frequency code, e.g. MONTHLY
    temporal_start: date | None
    temporal_end: date | None
    spatial: tuple[str, ...]  # location IRIs
    themes: tuple[str, ...]  # EU data-theme codes
    issued: datetime | None
    modified: datetime | None
    version: str
    landing_page: str
    distributions: tuple[DistributionRecord, ...]

    def __post_init__(self) -> None:
        # RDF has no order: keep sets in one canonical order so a record read back is equal.
        canon = {
            "keywords": tuple(sorted(set(self.keywords))),
            "spatial": tuple(sorted(set(self.spatial))),
            "themes": tuple(sorted(set(self.themes))),
            "distributions": tuple(sorted(self.distributions, key=lambda d: (d.uri, d.name))),
        }
        for name, value in canon.items():
            object.__setattr__(self, name, value)

    @property
    def access_right(self) -> str:
        """EU access-right code: PUBLIC, RESTRICTED or NON_PUBLIC."""
        return ACCESS_RIGHTS[self.disclosure]


def dataset_uri(site_url: str, name: str) -> str:
    return f"{site_url.rstrip('/')}/dataset/{name}"


def publisher_from(bureau: dict[str, Any], site_url: str) -> Publisher:
    """The publisher of every dataset, from the vocabulary file's ``bureau`` section."""
    identifier = str(bureau.get("identifier", ""))
    return Publisher(
        uri=f"{site_url.rstrip('/')}/organization/{identifier or 'bureau'}",
        name=str(bureau.get("name", "")),
        name_en=str(bureau.get("name_en", "")),
        identifier=identifier,
        homepage=str(bureau.get("homepage", "") or site_url),
        email=str(bureau.get("email", "")),
        address=str(bureau.get("address", "")),
    )


def _date(text: Any) -> date | None:
    try:
        return date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


def _datetime(text: Any) -> datetime | None:
    if isinstance(text, datetime):
        return text.replace(microsecond=0)
    try:
        parsed = datetime.fromisoformat(str(text).replace("Z", "+00:00")) if text else None
    except ValueError:
        return None
    # Records hold naive UTC; the feeds write it with a Z.
    return parsed.replace(tzinfo=None, microsecond=0) if parsed else None


def _distribution(res: dict[str, Any], *, uri: str,
                  download_url: str, licence: str, schema_url: str,
                  rights: str) -> DistributionRecord:
    fmt = str(res.get("format") or "csv").lower()
    code, media = FORMATS.get(fmt, (fmt.upper(), str(res.get("mediatype") or "")))
    algorithm, _, hexdigest = str(res.get("hash") or "").rpartition(":")
    size = res.get("bytes")
    return DistributionRecord(
        uri=uri,
        name=str(res.get("name", "")),
        title=str(res.get("title") or res.get("name") or ""),
        access_url=download_url,
        download_url=download_url,
        media_type=str(res.get("mediatype") or media),
        format=code,
        byte_size=int(size) if isinstance(size, int) and size >= 0 else None,
        # Frictionless writes "sha256:<hex>"; bare hex means md5 there, unless 64 digits long.
        sha256=hexdigest.lower() if algorithm == "sha256" or (
            not algorithm and len(hexdigest) == 64) else "",
        rights=rights,
        licence=licence,
        conforms_to=schema_url,
    )


def record_from_manifest(
    manifest: dict[str, Any], *, publisher: Publisher, site_url: str, base_url: str,
    bureau_spatial: str = "", issued: datetime | None = None,
    download_urls: dict[str, str] | None = None,
) -> CatalogRecord:
    """Build one record from a release's datapackage.json (the release contract).

    ``download_urls`` maps resource names to portal URLs (else a resource's own ``url`` in
    the manifest); other files are served from the release folder under ``base_url``.
    """
    name = str(manifest.get("name", ""))
    version = str(manifest.get("version", ""))
    pub = manifest.get("publisher") or {}
    disclosure = pub.get("disclosure") or {}
    en = (pub.get("translations") or {}).get("en") or {}
    temporal = pub.get("temporal") or {}
    catalogue = pub.get("catalogue") or {}
    licences = manifest.get("licenses") or [{"name": "CC-BY-4.0"}]
    licence = str(licences[0].get("name") or licences[0].get("path") or "CC-BY-4.0")
    frequency = parse_frequency(str(pub.get("update_frequency") or ""))
    spatial_code = str(pub.get("spatial") or bureau_spatial or "")
    site = site_url.rstrip("/")
    base = base_url.rstrip("/")
    uri = dataset_uri(site, name)
    basis = str(disclosure.get("basis") or "")
    rights = "；".join(x for x in (f"依据：{basis}" if basis else "", f"许可：{licence}") if x)
    distributions = []
    for res in manifest.get("resources") or []:
        rname = str(res.get("name", ""))
        recorded = str(res.get("url") or "")  # a portal URL the release step wrote back
        url = (download_urls or {}).get(rname) or (
            recorded if recorded.startswith(("http://", "https://")) else
            f"{base}/releases/{name}/{version}/{res.get('path', '')}")
        distributions.append(_distribution(
            res, uri=f"{uri}/distribution/{rname}", download_url=url,
            licence=licence, schema_url=f"{site}/dataset/{name}/schema/{rname}.json",
            rights=rights))
    return CatalogRecord(
        name=name,
        uri=uri,
        title_zh=str(manifest.get("title", "")),
        title_en=str(en.get("title", "")),
        description_zh=str(manifest.get("description", "")),
        description_en=str(en.get("description", "")),
        keywords=tuple(str(k) for k in manifest.get("keywords") or ()),
        department=str(pub.get("department", "")),
        publisher=publisher,
        licence=licence,
        disclosure=str(disclosure.get("attribute") or "withheld"),
        frequency=(frequency.name or "OTHER") if frequency else "UNKNOWN",
        temporal_start=_date(temporal.get("start")),
        temporal_end=_date(temporal.get("end")),
        spatial=(COUNTRY.concept_iri("CHN"),
                 *((f"{site}/spatial/{spatial_code}",) if spatial_code else ())),
        themes=themes_for(str(catalogue.get("column", ""))),
        issued=issued or _datetime(manifest.get("created")),
        modified=_datetime(manifest.get("created")),
        version=version,
        landing_page=f"{site}/datasets/{name}",
        distributions=tuple(distributions),
    )


def _portal_urls(item: PublishItem | None) -> dict[str, str]:
    detail = item.detail if item is not None else {}
    urls = detail.get("resource_urls") or detail.get("resources") or {}
    if isinstance(urls, dict):
        return {str(k): str(v) for k, v in urls.items() if isinstance(v, str) and v}
    return {}


def records_from_state(services: Services, base_url: str) -> list[CatalogRecord]:
    """Records of every dataset live on the portal, sorted by name; proactive ones only.

    For each dataset: the newest release that a publish item reports as published or
    unchanged (a later ``withdrawn`` item removes it). ``issued`` is the creation time of
    its first live release; download URLs are the portal's when the publish item recorded
    them (``detail["resource_urls"]``), else ``<base_url>/releases/<name>/<version>/<path>``.
    """
    site = services.settings.site_url
    bureau = services.vocabulary.bureau
    publisher = publisher_from(bureau, site)
    records = []
    with services.db.session() as session:
        for entry in state.views(services, session):
            release = entry.release
            if not entry.public or release is None:
                continue
            manifest = dict(release.manifest or {})
            manifest.setdefault("name", entry.name)
            manifest.setdefault("version", str(release.version))
            records.append(record_from_manifest(
                manifest, publisher=publisher, site_url=site, base_url=base_url,
                bureau_spatial=str(bureau.get("spatial", "")),
                issued=_datetime(entry.first_live_at), download_urls=_portal_urls(entry.live_item)))
    return records
