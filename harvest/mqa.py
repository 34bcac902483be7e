"""Metadata quality by the data.europa.eu MQA method: 405 points in five dimensions.

:func:`quality_for` scores one record's DCAT output (the graph the feeds serve, not the record
fields) and returns every indicator with its points, so callers can show the score, the rating
band and the missing points. Access and download URLs are checked with HTTP HEAD, and only on
127.0.0.1 / localhost: this checks the running service, never the outside world.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, SH, SKOS
from rdflib.term import Node

from harvest.dcat import DCAT, dataset_graph
from harvest.records import CatalogRecord
from harvest.vocabularies import (
    ACCESS_RIGHT,
    FILE_TYPE,
    IANA,
    LICENCE,
    MACHINE_READABLE,
    NON_PROPRIETARY,
)

MAXIMUM = 405
#: Rating bands (lowest points of each), best first.
BANDS = (("Excellent", 351), ("Good", 221), ("Sufficient", 121), ("Bad", 0))
RATING_ZH = {"Excellent": "优秀", "Good": "良好", "Sufficient": "及格", "Bad": "差"}
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
SHAPE_FILES = ("shapes.ttl", "range.ttl", "mdr-vocabularies.shape.ttl")


@dataclass(frozen=True)
class Indicator:
    """One MQA indicator: its points earned of ``points`` possible, and why when short."""

    dimension: str
    name: str
    points: int
    earned: float
    note: str = ""

    @property
    def missing(self) -> float:
        return round(self.points - self.earned, 2)


@dataclass(frozen=True)
class QualityScore:
    dataset: str
    indicators: tuple[Indicator, ...]
    urls_checked: bool
    maximum: int = MAXIMUM

    @property
    def total(self) -> float:
        return round(sum(i.earned for i in self.indicators), 2)

    @property
    def rating(self) -> str:
        return next(name for name, low in BANDS if self.total >= low)

    @property
    def missing(self) -> list[Indicator]:
        return [i for i in self.indicators if i.missing > 0]

    def dimensions(self) -> dict[str, tuple[float, int]]:
        """Dimension -> (earned, maximum)."""
        out: dict[str, tuple[float, int]] = {}
        for i in self.indicators:
            earned, most = out.get(i.dimension, (0.0, 0))
            out[i.dimension] = (round(earned + i.earned, 2), most + i.points)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset, "score": self.total, "maximum": self.maximum,
            "rating": self.rating, "urls_checked": self.urls_checked,
            "dimensions": {k: {"score": v[0], "maximum": v[1]}
                           for k, v in self.dimensions().items()},
            "missing": [{"dimension": i.dimension, "indicator": i.name, "points": i.missing,
                         "note": i.note} for i in self.missing],
        }


@dataclass
class _Checker:
    """HEAD requests to loopback URLs, each URL asked once per checker."""

    timeout: float = 5.0
    seen: dict[str, str] = field(default_factory=dict)

    def problem(self, url: str) -> str:
        """'' when ``url`` answers with a success or redirect status, else why not."""
        if url not in self.seen:
            self.seen[url] = self._ask(url)
        return self.seen[url]

    def _ask(self, url: str) -> str:
        if (urlsplit(url).hostname or "") not in LOOPBACK:
            return "not checked: only 127.0.0.1 is contacted"
        with requests.Session() as session:
            session.trust_env = False  # never through a proxy
            try:
                status = session.head(url, allow_redirects=False, timeout=self.timeout)
            except requests.RequestException as exc:
                return f"unreachable ({type(exc).__name__})"
        return "" if status.status_code < 400 else f"HTTP {status.status_code}"


def _has(graph: Graph, node: Node, prop: URIRef) -> bool:
    return graph.value(node, prop) is not None


def _in_scheme(graph: Graph, node: Node, prop: URIRef, scheme: str) -> bool:
    return any((value, SKOS.inScheme, URIRef(scheme)) in graph
               for value in graph.objects(node, prop))


def load_shapes(folder: Path) -> Graph:
    """The DCAT-AP shapes, range and vocabulary shapes from a ``html/shacl`` folder."""
    shapes = Graph()
    for name in SHAPE_FILES:
        shapes.parse(folder / name, format="turtle")
    return shapes


def _compliance(graph: Graph, dataset: Node, dists: list[Node],
                shapes: Graph | None) -> tuple[bool, str]:
    if shapes is not None:
        from pyshacl import validate

        _, results, _ = validate(graph, shacl_graph=shapes, inference="none")
        # Top-level results only: a Warning nests the Violations of its sub-shapes.
        violations = sum(1 for r in results.objects(None, SH.result)
                         if results.value(r, SH.resultSeverity) == SH.Violation)
        return violations == 0, f"{violations} SHACL violations" if violations else ""
    # Without the shapes: the mandatory properties of DCAT-AP 3 only.
    ok = (_has(graph, dataset, DCTERMS.title) and _has(graph, dataset, DCTERMS.description)
          and all(_has(graph, d, DCAT.accessURL) for d in dists))
    return ok, "" if ok else "mandatory DCAT-AP properties missing"


def quality_for(record: CatalogRecord, check_urls: bool, *, shapes: Graph | None = None,
                timeout: float = 5.0) -> QualityScore:
    """Score ``record``'s DCAT by the MQA indicators.

    ``check_urls``: HEAD every access and download URL (loopback only; others fail as not
    checked); when False, a URL that is present earns its points and ``urls_checked`` is
    False. ``shapes`` (see :func:`load_shapes`): run the DCAT-AP SHACL check for the
    compliance indicator; without it only the mandatory properties are checked.
    """
    graph = dataset_graph(record)
    node = URIRef(record.uri)
    dists: list[Node] = list(graph.objects(node, DCAT.distribution))
    checker = _Checker(timeout)
    out: list[Indicator] = []

    def dataset_level(dim: str, name: str, points: int, ok: bool, why: str) -> None:
        out.append(Indicator(dim, name, points, float(points) if ok else 0.0,
                             "" if ok else why))

    def share(dim: str, name: str, points: int, test: Callable[[Node], str],
              best: bool = False) -> None:
        # Each distribution passes or says why not; interoperability counts the best one.
        problems = [test(d) for d in dists] or ["no distribution"]
        passed = sum(1 for p in problems if not p)
        ratio = (1.0 if passed else 0.0) if best else passed / len(problems)
        note = next((p for p in problems if p), "")
        out.append(Indicator(dim, name, points, round(points * ratio, 2),
                             note if ratio < 1 else ""))

    def url(prop: URIRef) -> Callable[[Node], str]:
        def test(d: Node) -> str:
            value = graph.value(d, prop)
            if value is None:
                return "absent"
            return checker.problem(str(value)) if check_urls else ""
        return test

    def present(prop: URIRef) -> Callable[[Node], str]:
        return lambda d: "" if _has(graph, d, prop) else "absent"

    def fmt_code(d: Node) -> str:
        return FILE_TYPE.code_of(str(graph.value(d, DCTERMS.format) or "")) or ""

    def vocab(d: Node) -> str:
        media = str(graph.value(d, DCAT.mediaType) or "")
        ok = bool(fmt_code(d)) and media.startswith(IANA) and "/" in media[len(IANA):]
        return "" if ok else "format or media type not from the vocabularies"

    f, a, i, r, c = ("Findability", "Accessibility", "Interoperability", "Reusability",
                     "Contextuality")
    dataset_level(f, "keyword usage", 30, _has(graph, node, DCAT.keyword), "no dcat:keyword")
    dataset_level(f, "categories", 30, _has(graph, node, DCAT.theme), "no dcat:theme")
    dataset_level(f, "geo search", 20, _has(graph, node, DCTERMS.spatial), "no dct:spatial")
    dataset_level(f, "time-based search", 20, _has(graph, node, DCTERMS.temporal),
                  "no dct:temporal")
    share(a, "access URL accessibility", 50, url(DCAT.accessURL))
    share(a, "download URL", 20, present(DCAT.downloadURL))
    share(a, "download URL accessibility", 30, url(DCAT.downloadURL))
    share(i, "format", 20, present(DCTERMS.format), best=True)
    share(i, "media type", 10, present(DCAT.mediaType), best=True)
    share(i, "format / media type from vocabulary", 10, vocab, best=True)
    share(i, "non-proprietary", 20,
          lambda d: "" if fmt_code(d) in NON_PROPRIETARY else "proprietary format", best=True)
    share(i, "machine-readable", 20,
          lambda d: "" if fmt_code(d) in MACHINE_READABLE else "not machine-readable",
          best=True)
    ok, why = _compliance(graph, node, dists, shapes)
    dataset_level(i, "DCAT-AP compliance", 30, ok, why)
    share(r, "licence information", 20, present(DCTERMS.license))
    share(r, "licence vocabulary", 10,
          lambda d: "" if _in_scheme(graph, d, DCTERMS.license, LICENCE.iri)
          else "licence not from the EU licence list")
    dataset_level(r, "access restrictions", 10, _has(graph, node, DCTERMS.accessRights),
                  "no dct:accessRights")
    dataset_level(r, "access restrictions vocabulary", 5,
                  _in_scheme(graph, node, DCTERMS.accessRights, ACCESS_RIGHT.iri),
                  "access rights not from the EU access-right list")
    dataset_level(r, "contact point", 20, _has(graph, node, DCAT.contactPoint),
                  "no dcat:contactPoint")
    dataset_level(r, "publisher", 10, _has(graph, node, DCTERMS.publisher), "no dct:publisher")
    share(c, "rights", 5, present(DCTERMS.rights))
    share(c, "file size", 5, present(DCAT.byteSize))
    dataset_level(c, "date of issue", 5, _has(graph, node, DCTERMS.issued), "no dct:issued")
    dataset_level(c, "modification date", 5, _has(graph, node, DCTERMS.modified),
                  "no dct:modified")
    assert sum(x.points for x in out) == MAXIMUM
    return QualityScore(record.name, tuple(out), check_urls)

