"""Hydra paging of the catalogue, in both generations of the vocabulary.

Harvesters differ: ckanext-dcat reads a ``hydra:PagedCollection``'s ``hydra:next`` (then
``hydra:nextPage``); uData pairs ``hydra:PartialCollectionView`` with ``hydra:next`` and
``hydra:PagedCollection`` with ``hydra:nextPage``. The page node is typed both and says both.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from harvest.rdf import HYDRA


@dataclass(frozen=True)
class Page:
    """One page of a paged catalogue; ``url`` is the page URL without ``?page=``."""

    number: int
    size: int
    total: int
    url: str

    @property
    def last(self) -> int:
        return max(1, -(-self.total // self.size))

    def href(self, number: int) -> URIRef:
        return URIRef(f"{self.url}?page={number}")


def add_paging(graph: Graph, page: Page) -> None:
    """Describe ``page`` (its size, the total, first / previous / next / last) in ``graph``."""
    here = page.href(page.number)
    graph.add((here, RDF.type, HYDRA.PagedCollection))
    graph.add((here, RDF.type, HYDRA.PartialCollectionView))
    graph.add((here, HYDRA.totalItems, Literal(page.total, datatype=XSD.nonNegativeInteger)))
    graph.add((here, HYDRA.itemsPerPage, Literal(page.size, datatype=XSD.nonNegativeInteger)))
    links = {"first": 1, "last": page.last}
    if page.number < page.last:
        links["next"] = page.number + 1
    if page.number > 1:
        links["previous"] = min(page.number - 1, page.last)
    for name, number in links.items():
        graph.add((here, HYDRA[name], page.href(number)))
        graph.add((here, HYDRA[f"{name}Page"], page.href(number)))
