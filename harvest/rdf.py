"""RDF plumbing shared by the DCAT profile: namespaces, serialisations, graph set-up."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

# A plain namespace: rdflib's DCAT lacks DCAT 3 terms such as dcat:version.
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
DCATAP = Namespace("http://data.europa.eu/r5r/")

#: Serialisation name -> (rdflib format, content type, file extension).
FORMATS = {
    "turtle": ("turtle", "text/turtle; charset=utf-8", "ttl"),
    "json-ld": ("json-ld", "application/ld+json", "jsonld"),
    "xml": ("xml", "application/rdf+xml", "rdf"),
}
EXTENSIONS = {ext: name for name, (_, _, ext) in FORMATS.items()}

PREFIXES = {"dcat": DCAT, "dct": DCTERMS, "foaf": FOAF, "vcard": VCARD, "spdx": SPDX,
            "locn": LOCN, "hydra": HYDRA, "skos": SKOS, "dcatap": DCATAP}


def new_graph() -> Graph:
    """An empty graph with the usual prefixes bound."""
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    return graph


@contextmanager
def quiet_rdflib() -> Iterator[None]:
    """Silence rdflib 7's warning about itself: its JSON-LD plugin builds a ConjunctiveGraph.

    That warning is not ours to act on, and tests turn warnings into errors.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        yield


def serialize(graph: Graph, fmt: str) -> str:
    """Text of ``graph`` in ``turtle``, ``json-ld`` or ``xml``."""
    with quiet_rdflib():
        if fmt == "json-ld":  # compact, with the usual prefixes, rather than expanded IRIs
            context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
            context |= {"xsd": str(XSD), "rdf": str(RDF), "rdfs": str(RDFS)}
            return graph.serialize(format="json-ld", context=context, auto_compact=True)
        return graph.serialize(format=FORMATS[fmt][0])


def parse(text: str, fmt: str) -> Graph:
    """A graph from ``text`` in ``turtle``, ``json-ld``, ``xml`` (or any rdflib parser name)."""
    graph = Graph()
    with quiet_rdflib():
        graph.parse(data=text, format=FORMATS.get(fmt, (fmt,))[0])
    return graph
