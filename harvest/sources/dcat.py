"""``kind: dcat``: a distribution of a dataset in a remote DCAT catalogue (Turtle, RDF/XML or
JSON-LD), read with rdflib.

``dataset`` matches the remote dataset's ``dct:identifier`` or its IRI; ``distribution``
matches a distribution's ``dct:title`` or ``dct:identifier`` (or ``format: CSV`` its
``dct:format``/media type). The file is fetched from ``dcat:downloadURL`` (else
``dcat:accessURL``). Hydra paging (``hydra:next``) is followed. Provenance keeps the dataset
IRI for ``dct:source``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from harvest.sources.base import Snapshot, SourceContext, SourceError, TargetSpec, resolve_url
from harvest.sources.http import download

_FORMATS = {"text/turtle": "turtle", "application/rdf+xml": "xml",
            "application/ld+json": "json-ld", "application/n-triples": "nt"}
MAX_PAGES = 1000


def _graph(url: str, ctx: SourceContext) -> Any:
    from rdflib import Graph, Namespace, URIRef

    hydra = Namespace("http://www.w3.org/ns/hydra/core#")
    graph = Graph()
    seen: set[str] = set()
    next_url: str | None = url
    while next_url and next_url not in seen and len(seen) < MAX_PAGES:
        seen.add(next_url)
        body, headers = download(next_url, ctx, conditional=False)
        assert body is not None
        media = headers.get("content-type", headers.get("Content-Type", "")).split(";")[0]
        fmt = _FORMATS.get(media.strip()) or _guess(next_url)
        page = Graph()
        try:
            page.parse(data=body, format=fmt, publicID=next_url)
        except Exception:  # rdflib raises many parser-specific types for bad input
            raise SourceError("source-garbage", "the catalogue is not readable RDF") from None
        graph += page
        following = [o for o in page.objects(None, hydra.next) if isinstance(o, URIRef)]
        next_url = str(following[0]) if following else None
    return graph


def _guess(url: str) -> str:
    for suffix, fmt in ((".jsonld", "json-ld"), (".rdf", "xml"), (".xml", "xml"),
                        (".nt", "nt")):
        if url.endswith(suffix):
            return fmt
    return "turtle"


def fetch(spec: Mapping[str, Any], target: TargetSpec, ctx: SourceContext) -> Snapshot:
    from rdflib import DCAT, DCTERMS, RDF, URIRef

    url = resolve_url(spec, ctx)
    wanted = spec.get("dataset")
    if not isinstance(wanted, str) or not wanted:
        raise SourceError("source-spec-invalid", "a dcat source needs `dataset`")
    graph = _graph(url, ctx)
    matches = [d for d in graph.subjects(RDF.type, DCAT.Dataset)
               if str(d) == wanted or any(str(i) == wanted
                                          for i in graph.objects(d, DCTERMS.identifier))]
    if not matches:
        raise SourceError("source-missing", "the remote catalogue has no such dataset")
    dataset = matches[0]
    chosen = None
    dist_name, fmt = spec.get("distribution"), spec.get("format")
    for dist in sorted(graph.objects(dataset, DCAT.distribution), key=str):
        labels = {str(v) for p in (DCTERMS.title, DCTERMS.identifier)
                  for v in graph.objects(dist, p)}
        formats = {str(v).rsplit("/", 1)[-1].lower() for p in (DCTERMS.format, DCAT.mediaType)
                   for v in graph.objects(dist, p)}
        if (dist_name and dist_name in labels) or (
                not dist_name and fmt and str(fmt).lower() in formats):
            chosen = dist
            break
    if chosen is None:
        raise SourceError("source-missing", "the remote dataset has no such distribution")
    link = next(iter(graph.objects(chosen, DCAT.downloadURL)), None) or next(
        iter(graph.objects(chosen, DCAT.accessURL)), None)
    if not isinstance(link, URIRef):
        raise SourceError("source-missing", "the distribution has no download URL")
    body, _headers = download(str(link), ctx, conditional=False)
    assert body is not None
    target.path.write_bytes(body)
    return Snapshot(fingerprint=hashlib.sha256(body).hexdigest(),
                    provenance={"kind": "dcat", "catalogue": url, "source": str(dataset),
                                "distribution": str(chosen)})
