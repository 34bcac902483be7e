"""The DCAT-AP 3 profile: writes catalogue records as RDF and reads them back (rdflib).

Writing: :func:`dataset_graph` for one record, :func:`catalog_graph` for a (paged) catalogue,
:func:`serialize` to Turtle, JSON-LD or RDF/XML (namespaces and formats in ``harvest.rdf``,
hydra paging in ``harvest.paging``). Every EU vocabulary concept used is typed and
placed in its scheme in the same graph, so the DCAT-AP range and vocabulary shapes pass
without loading the EU tables. Reading: :func:`read_catalog` gives the records back; a record
written and read is equal to the original.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from harvest.paging import Page, add_paging
from harvest.rdf import (
    DCAT,
    EXTENSIONS,
    FORMATS,
    HYDRA,
    LOCN,
    SPDX,
    VCARD,
    new_graph,
    parse,
    serialize,
)
from harvest.records import CatalogRecord, DistributionRecord, Publisher
from harvest.vocabularies import (
    ACCESS_RIGHT,
    DATA_THEME,
    DISCLOSURE_OF,
    FILE_TYPE,
    FREQUENCY,
    IANA,
    LANGUAGE,
    label_of,
    licence_id,
    licence_iri,
    media_type_iri,
    scheme_of,
)
from publisher.tags import clean_tags

#: The SPDX algorithm IRI in the form the DCAT-AP 3.0.1 vocabulary shape accepts (its pattern
#: requires https://spdx.org/rdf/terms); the reader accepts the http namespace form too.
SHA256 = URIRef("https://spdx.org/rdf/terms#checksumAlgorithm_sha256")
SHA256_FORMS = {str(SHA256), str(SPDX.checksumAlgorithm_sha256)}

#: The profile's interface; namespaces, formats and paging come from small helper modules.
__all__ = ["DCAT", "EXTENSIONS", "FORMATS", "HYDRA", "CatalogInfo", "Page", "catalog_graph",
           "dataset_graph", "read_catalog", "serialize"]


@dataclass(frozen=True)
class CatalogInfo:
    """The catalogue itself: its stable IRI, titles, publisher and home page."""

    uri: str
    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    publisher: Publisher
    homepage: str


def _lit(graph: Graph, subject: Node, prop: URIRef, text: str, lang: str | None = None) -> None:
    if text:
        graph.add((subject, prop, Literal(text, lang=lang)))


def _when(value: datetime) -> Literal:
    return Literal(value.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z"),
                   datatype=XSD.dateTime)


def _concept(graph: Graph, iri: str) -> URIRef:
    """Add a vocabulary concept with its type, scheme and label; return its node."""
    node = URIRef(iri)
    scheme = scheme_of(iri)
    if scheme is None:
        return node
    graph.add((node, RDF.type, SKOS.Concept))
    for cls in scheme.classes:
        graph.add((node, RDF.type, URIRef(cls)))
    graph.add((node, SKOS.inScheme, URIRef(scheme.iri)))
    graph.add((node, SKOS.prefLabel, Literal(label_of(iri), lang="en")))
    graph.add((URIRef(scheme.iri), RDF.type, SKOS.ConceptScheme))
    graph.add((URIRef(scheme.iri), DCTERMS.title, Literal(scheme.title, lang="en")))
    return node


def _typed(graph: Graph, iri: str, *classes: URIRef) -> URIRef:
    node = URIRef(iri)
    for cls in classes:
        graph.add((node, RDF.type, cls))
    return node


def _publisher(graph: Graph, pub: Publisher) -> URIRef:
    """The publisher's node, described once per graph (every dataset shares the one agent)."""
    node = URIRef(pub.uri)
    if (node, RDF.type, FOAF.Agent) in graph:
        return node
    _typed(graph, pub.uri, FOAF.Agent, FOAF.Organization)
    _lit(graph, node, FOAF.name, pub.name, "zh")
    _lit(graph, node, FOAF.name, pub.name_en, "en")
    _lit(graph, node, DCTERMS.identifier, pub.identifier)
    if pub.homepage:
        graph.add((node, FOAF.homepage, _typed(graph, pub.homepage, FOAF.Document)))
    if pub.email:
        graph.add((node, FOAF.mbox, URIRef(f"mailto:{pub.email}")))
    if pub.address:
        address = BNode()
        graph.add((address, RDF.type, LOCN.Address))
        _lit(graph, address, LOCN.fullAddress, pub.address, "zh")
        graph.add((node, LOCN.address, address))
    return node


def _contact(graph: Graph, record: CatalogRecord) -> BNode:
    node = BNode()
    graph.add((node, RDF.type, VCARD.Kind))
    graph.add((node, RDF.type, VCARD.Organization))
    pub = record.publisher
    fn = " ".join(x for x in (pub.name, record.department) if x) or pub.name_en
    _lit(graph, node, VCARD.fn, fn, "zh")
    _lit(graph, node, VCARD["organization-name"], pub.name, "zh")
    _lit(graph, node, VCARD["organization-unit"], record.department, "zh")
    if pub.email:
        graph.add((node, VCARD.hasEmail, URIRef(f"mailto:{pub.email}")))
    return node


def _distribution(graph: Graph, dist: DistributionRecord) -> URIRef:
    node = _typed(graph, dist.uri, DCAT.Distribution)
    _lit(graph, node, DCTERMS.identifier, dist.name)
    _lit(graph, node, DCTERMS.title, dist.title, "zh")
    if dist.access_url:
        graph.add((node, DCAT.accessURL, URIRef(dist.access_url)))
    if dist.download_url:
        graph.add((node, DCAT.downloadURL, URIRef(dist.download_url)))
    if dist.media_type:
        graph.add((node, DCAT.mediaType, _typed(graph, media_type_iri(dist.media_type),
                                                DCTERMS.MediaType, DCTERMS.MediaTypeOrExtent)))
    if dist.format:
        graph.add((node, DCTERMS.format, _concept(graph, FILE_TYPE.concept_iri(dist.format))))
    if dist.byte_size is not None:
        graph.add((node, DCAT.byteSize, Literal(dist.byte_size,
                                                datatype=XSD.nonNegativeInteger)))
    if dist.sha256:
        checksum = BNode()
        graph.add((checksum, RDF.type, SPDX.Checksum))
        graph.add((checksum, SPDX.algorithm, _typed(graph, SHA256, SPDX.ChecksumAlgorithm)))
        graph.add((checksum, SPDX.checksumValue, Literal(dist.sha256, datatype=XSD.hexBinary)))
        graph.add((node, SPDX.checksum, checksum))
    if dist.rights:
        rights = BNode()
        graph.add((rights, RDF.type, DCTERMS.RightsStatement))
        graph.add((rights, RDFS.label, Literal(dist.rights, lang="zh")))
        graph.add((node, DCTERMS.rights, rights))
    if dist.licence:
        iri = licence_iri(dist.licence)
        licence = _concept(graph, iri) if scheme_of(iri) else URIRef(iri)
        graph.add((licence, RDF.type, DCTERMS.LicenseDocument))
        graph.add((node, DCTERMS.license, licence))
    if dist.conforms_to:
        graph.add((node, DCTERMS.conformsTo, _typed(graph, dist.conforms_to, DCTERMS.Standard)))
    return node


def dataset_graph(record: CatalogRecord, graph: Graph | None = None) -> Graph:
    """Add one record as a ``dcat:Dataset`` (with its distributions) to ``graph``."""
    graph = graph if graph is not None else new_graph()
    node = _typed(graph, record.uri, DCAT.Dataset)
    graph.add((node, DCTERMS.identifier, Literal(record.uri)))
    _lit(graph, node, DCTERMS.title, record.title_zh, "zh")
    _lit(graph, node, DCTERMS.title, record.title_en, "en")
    _lit(graph, node, DCTERMS.description, record.description_zh, "zh")
    _lit(graph, node, DCTERMS.description, record.description_en, "en")
    # Written as the portal's tags (CKAN's tag rule), so a harvester can store every one.
    for keyword in clean_tags(record.keywords):
        _lit(graph, node, DCAT.keyword, keyword, "zh")
    for code in ("ZHO", "ENG") if record.title_en else ("ZHO",):
        graph.add((node, DCTERMS.language, _concept(graph, LANGUAGE.concept_iri(code))))
    graph.add((node, DCTERMS.publisher, _publisher(graph, record.publisher)))
    graph.add((node, DCAT.contactPoint, _contact(graph, record)))
    graph.add((node, DCTERMS.accessRights,
               _concept(graph, ACCESS_RIGHT.concept_iri(record.access_right))))
    if record.frequency:
        graph.add((node, DCTERMS.accrualPeriodicity,
                   _concept(graph, FREQUENCY.concept_iri(record.frequency))))
    if record.temporal_start or record.temporal_end:
        period = BNode()
        graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
        if record.temporal_start:
            graph.add((period, DCAT.startDate, Literal(record.temporal_start, datatype=XSD.date)))
        if record.temporal_end:
            graph.add((period, DCAT.endDate, Literal(record.temporal_end, datatype=XSD.date)))
        graph.add((node, DCTERMS.temporal, period))
    for iri in record.spatial:
        place = _concept(graph, iri)
        graph.add((place, RDF.type, DCTERMS.Location))
        graph.add((node, DCTERMS.spatial, place))
    for code in record.themes:
        graph.add((node, DCAT.theme, _concept(graph, DATA_THEME.concept_iri(code))))
    issued = record.issued
    if issued and record.modified and issued > record.modified:
        issued = record.modified  # a release built before its first publication: never after
    if issued:
        graph.add((node, DCTERMS.issued, _when(issued)))
    if record.modified:
        graph.add((node, DCTERMS.modified, _when(record.modified)))
    _lit(graph, node, DCAT.version, record.version)
    if record.landing_page:
        graph.add((node, DCAT.landingPage, _typed(graph, record.landing_page, FOAF.Document)))
    for dist in record.distributions:
        graph.add((node, DCAT.distribution, _distribution(graph, dist)))
    return graph


def newest(records: list[CatalogRecord]) -> datetime | None:
    """The newest ``modified`` of ``records`` (None when none has one)."""
    stamps = [r.modified for r in records if r.modified]
    return max(stamps) if stamps else None


def catalog_graph(records: list[CatalogRecord], info: CatalogInfo,
                  page: Page | None = None, modified: datetime | None = None) -> Graph:
    """A ``dcat:Catalog`` of ``records`` (already cut to the page), with hydra paging.

    ``modified`` is the catalogue's own ``dct:modified``, the newest of all its records, so
    every page says the same; without it, the newest of ``records``.
    """
    graph = new_graph()
    node = _typed(graph, info.uri, DCAT.Catalog)
    _lit(graph, node, DCTERMS.title, info.title_zh, "zh")
    _lit(graph, node, DCTERMS.title, info.title_en, "en")
    _lit(graph, node, DCTERMS.description, info.description_zh, "zh")
    _lit(graph, node, DCTERMS.description, info.description_en, "en")
    graph.add((node, DCTERMS.publisher, _publisher(graph, info.publisher)))
    graph.add((node, FOAF.homepage, _typed(graph, info.homepage, FOAF.Document)))
    for code in ("ZHO", "ENG"):
        graph.add((node, DCTERMS.language, _concept(graph, LANGUAGE.concept_iri(code))))
    graph.add((node, DCAT.themeTaxonomy, _typed(graph, DATA_THEME.iri, SKOS.ConceptScheme)))
    graph.add((URIRef(DATA_THEME.iri), DCTERMS.title, Literal(DATA_THEME.title, lang="en")))
    if modified is None:
        modified = newest(records)
    if modified is not None:
        graph.add((node, DCTERMS.modified, _when(modified)))
    for record in records:
        dataset_graph(record, graph)
        graph.add((node, DCAT.dataset, URIRef(record.uri)))
    if page is not None:
        add_paging(graph, page)
    return graph


# ---------------------------------------------------------------- reading


def _text(graph: Graph, subject: Node, prop: URIRef, lang: str | None = None) -> str:
    values = [o for o in graph.objects(subject, prop) if isinstance(o, Literal)]
    if lang is not None:
        tagged = [o for o in values if o.language == lang]
        if lang == "zh":  # untagged text counts as the default language
            tagged += [o for o in values if o.language is None]
        values = tagged
    return str(sorted(values)[0]) if values else ""


def _iri(graph: Graph, subject: Node, prop: URIRef) -> str:
    values = sorted(str(o) for o in graph.objects(subject, prop) if isinstance(o, URIRef))
    return values[0] if values else ""


def _one(graph: Graph, subject: Node, prop: URIRef) -> Node | None:
    return next(iter(sorted(graph.objects(subject, prop), key=str)), None)


def _instant(graph: Graph, subject: Node, prop: URIRef) -> datetime | None:
    node = _one(graph, subject, prop)
    value = node.toPython() if isinstance(node, Literal) else None
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return None


def _day(graph: Graph, subject: Node | None, prop: URIRef) -> date | None:
    node = _one(graph, subject, prop) if subject is not None else None
    value = node.toPython() if isinstance(node, Literal) else None
    return value if isinstance(value, date) and not isinstance(value, datetime) else None


def _code(iri: str) -> str:
    return iri.rsplit("/", 1)[-1] if iri else ""


def _read_publisher(graph: Graph, node: Node | None) -> Publisher:
    if node is None:
        return Publisher("", "", "", "", "", "", "")
    address = _one(graph, node, LOCN.address)
    mbox = _iri(graph, node, FOAF.mbox)
    return Publisher(
        uri=str(node), name=_text(graph, node, FOAF.name, "zh"),
        name_en=_text(graph, node, FOAF.name, "en"),
        identifier=_text(graph, node, DCTERMS.identifier),
        homepage=_iri(graph, node, FOAF.homepage), email=mbox.removeprefix("mailto:"),
        address=_text(graph, address, LOCN.fullAddress) if address is not None else "",
    )


def _read_distribution(graph: Graph, node: Node) -> DistributionRecord:
    checksum = _one(graph, node, SPDX.checksum)
    sha256 = ""
    if checksum is not None and _iri(graph, checksum, SPDX.algorithm) in SHA256_FORMS:
        sha256 = _text(graph, checksum, SPDX.checksumValue)
    size = _one(graph, node, DCAT.byteSize)
    rights = _one(graph, node, DCTERMS.rights)
    return DistributionRecord(
        uri=str(node), name=_text(graph, node, DCTERMS.identifier),
        title=_text(graph, node, DCTERMS.title, "zh"),
        access_url=_iri(graph, node, DCAT.accessURL),
        download_url=_iri(graph, node, DCAT.downloadURL),
        media_type=_iri(graph, node, DCAT.mediaType).removeprefix(IANA),
        format=_code(_iri(graph, node, DCTERMS.format)),
        byte_size=int(size) if isinstance(size, Literal) else None,
        sha256=sha256,
        rights=_text(graph, rights, RDFS.label) if rights is not None else "",
        licence=licence_id(_iri(graph, node, DCTERMS.license)),
        conforms_to=_iri(graph, node, DCTERMS.conformsTo),
    )


def _read_dataset(graph: Graph, node: URIRef) -> CatalogRecord:
    uri = str(node)
    contact = _one(graph, node, DCAT.contactPoint)
    period = _one(graph, node, DCTERMS.temporal)
    access = _code(_iri(graph, node, DCTERMS.accessRights))
    distributions = tuple(_read_distribution(graph, d)
                          for d in graph.objects(node, DCAT.distribution))
    return CatalogRecord(
        name=uri.rsplit("/dataset/", 1)[-1],
        uri=uri,
        title_zh=_text(graph, node, DCTERMS.title, "zh"),
        title_en=_text(graph, node, DCTERMS.title, "en"),
        description_zh=_text(graph, node, DCTERMS.description, "zh"),
        description_en=_text(graph, node, DCTERMS.description, "en"),
        keywords=tuple(str(k) for k in graph.objects(node, DCAT.keyword)),
        department=(_text(graph, contact, VCARD["organization-unit"])
                    if contact is not None else ""),
        publisher=_read_publisher(graph, _one(graph, node, DCTERMS.publisher)),
        licence=distributions[0].licence if distributions else "",
        disclosure=DISCLOSURE_OF.get(access, "withheld"),
        frequency=_code(_iri(graph, node, DCTERMS.accrualPeriodicity)),
        temporal_start=_day(graph, period, DCAT.startDate),
        temporal_end=_day(graph, period, DCAT.endDate),
        spatial=tuple(str(s) for s in graph.objects(node, DCTERMS.spatial)),
        themes=tuple(_code(str(t)) for t in graph.objects(node, DCAT.theme)),
        issued=_instant(graph, node, DCTERMS.issued),
        modified=_instant(graph, node, DCTERMS.modified),
        version=_text(graph, node, DCAT.version),
        landing_page=_iri(graph, node, DCAT.landingPage),
        distributions=distributions,
    )


def read_catalog(source: Graph | str, format: str = "turtle") -> list[CatalogRecord]:
    """Every ``dcat:Dataset`` in ``source`` (a graph, or text in ``format``), sorted by IRI.

    ``format`` is ``turtle``, ``json-ld`` or ``xml`` (or any rdflib parser name).
    """
    graph = parse(source, format) if isinstance(source, str) else source
    nodes = sorted(n for n in graph.subjects(RDF.type, DCAT.Dataset) if isinstance(n, URIRef))
    return [_read_dataset(graph, n) for n in nodes]
