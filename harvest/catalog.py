"""The served catalogue: its description, and records cut into hydra pages.

The feeds blueprint calls :func:`render_catalog` and :func:`render_dataset`; both read the
state database through :func:`harvest.records.records_from_state`, so only published,
proactive, not withdrawn datasets ever appear.
"""

from __future__ import annotations

from harvest.dcat import (
    FORMATS,
    CatalogInfo,
    Page,
    catalog_graph,
    dataset_graph,
    newest,
    serialize,
)
from harvest.records import CatalogRecord, publisher_from, records_from_state
from publisher.services import Services

DEFAULT_PAGE_SIZE = 100


class PageOutOfRange(LookupError):
    """A page number past the last page (or below 1)."""


def catalog_info(services: Services) -> CatalogInfo:
    """The catalogue node: stable IRI ``<site_url>/catalog``, titles from the bureau's name."""
    site = services.settings.site_url.rstrip("/")
    bureau = services.vocabulary.bureau
    name, name_en = str(bureau.get("name", "")), str(bureau.get("name_en", ""))
    return CatalogInfo(
        uri=f"{site}/catalog",
        title_zh=f"{name}开放数据目录",
        title_en=f"{name_en} open data catalogue".strip(),
        description_zh=f"{name}主动公开的数据集（DCAT-AP 3）。",
        description_en=f"Datasets proactively disclosed by the {name_en} (DCAT-AP 3).",
        publisher=publisher_from(bureau, site),
        homepage=f"{site}/",  # the site_url setting, never an address in a file
    )


def page_of(records: list[CatalogRecord], number: int, size: int) -> list[CatalogRecord]:
    """Records on page ``number`` (from 1); page 1 of an empty catalogue is empty."""
    last = max(1, -(-len(records) // size))
    if number < 1 or number > last:
        raise PageOutOfRange(number)
    return records[(number - 1) * size: number * size]


def render_catalog(services: Services, fmt: str, number: int = 1,
                   size: int = DEFAULT_PAGE_SIZE) -> str:
    """The catalogue page ``number`` in ``fmt`` (turtle, json-ld, xml)."""
    records = records_from_state(services, services.settings.site_url)
    ext = FORMATS[fmt][2]
    page = Page(number, size, len(records),
                f"{services.settings.site_url.rstrip('/')}/catalog.{ext}")
    # One dct:modified for the catalogue on every page: the newest of all its records.
    graph = catalog_graph(page_of(records, number, size), catalog_info(services), page,
                          modified=newest(records))
    return serialize(graph, fmt)


def render_dataset(services: Services, name: str, fmt: str) -> str | None:
    """One dataset's DCAT in ``fmt``, or None when it is not in the public catalogue."""
    records = records_from_state(services, services.settings.site_url)
    record = next((r for r in records if r.name == name), None)
    return serialize(dataset_graph(record), fmt) if record is not None else None
