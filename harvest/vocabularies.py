"""The EU authority tables (and IANA media types) the feeds use, with the labels they need.

The DCAT-AP range and vocabulary shapes check that a concept is typed and sits in its scheme.
Offline validators have no copy of the EU tables, so the feed states those facts itself for
every concept it uses: :func:`concept` gives what to say about one concept.
"""

from __future__ import annotations

from dataclasses import dataclass

AUTHORITY = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"


@dataclass(frozen=True)
class Scheme:
    """One EU authority table: its IRI, its title and the RDF classes its concepts take."""

    key: str
    title: str
    classes: tuple[str, ...]  # DCT/DCAT classes the range shapes expect (besides skos:Concept)
    labels: dict[str, str]  # code -> English label of the codes this project uses

    @property
    def iri(self) -> str:
        return AUTHORITY + self.key

    def concept_iri(self, code: str) -> str:
        return f"{self.iri}/{code}"

    def code_of(self, iri: str) -> str | None:
        """The code of a concept IRI of this scheme, or None when it is from elsewhere."""
        prefix = self.iri + "/"
        return iri[len(prefix):] if iri.startswith(prefix) else None


DCT = "http://purl.org/dc/terms/"

LANGUAGE = Scheme("language", "Languages", (DCT + "LinguisticSystem",),
                  {"ZHO": "Chinese", "ENG": "English"})
FILE_TYPE = Scheme("file-type", "File types", (DCT + "MediaTypeOrExtent",),
                   {"CSV": "CSV", "JSON": "JSON", "XLSX": "XLSX", "XML": "XML",
                    "PDF": "PDF", "ZIP": "ZIP", "TSV": "TSV"})
FREQUENCY = Scheme("frequency", "Frequencies", (DCT + "Frequency",), {
    "DAILY": "daily", "WEEKLY": "weekly", "BIWEEKLY": "biweekly", "MONTHLY": "monthly",
    "BIMONTHLY": "bimonthly", "QUARTERLY": "quarterly", "ANNUAL_2": "semiannual",
    "ANNUAL": "annual", "BIENNIAL": "biennial", "IRREG": "irregular",
    "CONT": "continuous", "UNKNOWN": "unknown", "AS_NEEDED": "as needed", "NEVER": "never",
    "OTHER": "other", "UPDATE_CONT": "continuously updated"})
DATA_THEME = Scheme("data-theme", "Data theme", (), {
    "TRAN": "Transport", "GOVE": "Government and public sector",
    "ECON": "Economy and finance", "JUST": "Justice, legal system and public safety",
    "REGI": "Regions and cities", "SOCI": "Population and society"})
ACCESS_RIGHT = Scheme("access-right", "Access right", (DCT + "RightsStatement",),
                      {"PUBLIC": "public", "RESTRICTED": "restricted",
                       "NON_PUBLIC": "non-public"})
COUNTRY = Scheme("country", "Countries and territories", (DCT + "Location",), {"CHN": "China"})
LICENCE = Scheme("licence", "Licences", (DCT + "LicenseDocument",), {
    "CC_BY_4_0": "Creative Commons Attribution 4.0 International",
    "CC_BYSA_4_0": "Creative Commons Attribution-ShareAlike 4.0 International",
    "CC0": "Creative Commons CC0 1.0 Universal",
    "ODC_BY": "Open Data Commons Attribution License",
    "ODC_ODBL": "Open Data Commons Open Database License",
    "ODC_PDDL": "Open Data Commons Public Domain Dedication and License"})

SCHEMES = (LANGUAGE, FILE_TYPE, FREQUENCY, DATA_THEME, ACCESS_RIGHT, COUNTRY, LICENCE)

#: Disclosure attribute (publisher/dataset.py) -> EU access-right code.
ACCESS_RIGHTS = {"proactive": "PUBLIC", "on_request": "RESTRICTED", "withheld": "NON_PUBLIC"}
DISCLOSURE_OF = {v: k for k, v in ACCESS_RIGHTS.items()}

#: Licence ids as descriptors write them (SPDX style) -> EU licence code.
LICENCES = {"CC-BY-4.0": "CC_BY_4_0", "CC-BY-SA-4.0": "CC_BYSA_4_0", "CC0-1.0": "CC0",
            "ODC-By-1.0": "ODC_BY", "ODbL-1.0": "ODC_ODBL", "PDDL-1.0": "ODC_PDDL"}
LICENCE_ID_OF = {v: k for k, v in LICENCES.items()}

#: Resource format -> (EU file-type code, IANA media type).
FORMATS = {"csv": ("CSV", "text/csv"), "json": ("JSON", "application/json"),
           "xlsx": ("XLSX",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
           "xml": ("XML", "application/xml"), "pdf": ("PDF", "application/pdf"),
           "zip": ("ZIP", "application/zip"), "tsv": ("TSV", "text/tab-separated-values")}
#: File types the data.europa.eu MQA counts as non-proprietary / machine-readable.
NON_PROPRIETARY = frozenset({"CSV", "JSON", "XML", "TSV", "ZIP", "PDF"})
MACHINE_READABLE = frozenset({"CSV", "JSON", "XML", "TSV", "XLSX"})

#: Disclosure catalogue column -> EU data themes besides TRAN.
COLUMN_THEMES = {"组织机构": ("GOVE",), "人事信息": ("GOVE",), "文件": ("GOVE",),
                 "财政预决算": ("ECON", "GOVE"), "行政执法": ("JUST",),
                 "重大项目": ("REGI",), "政民互动": ("SOCI",), "公共服务": ("SOCI",)}


def themes_for(column: str) -> tuple[str, ...]:
    """EU data-theme codes of a dataset: always TRAN (a transport bureau), plus its column's."""
    return ("TRAN", *COLUMN_THEMES.get(column, ()))


def licence_iri(licence: str) -> str:
    """The EU licence IRI of a licence id; an IRI or an unknown id is returned as given."""
    code = LICENCES.get(licence)
    return LICENCE.concept_iri(code) if code else licence


def licence_id(iri: str) -> str:
    """Inverse of :func:`licence_iri`."""
    code = LICENCE.code_of(iri)
    return LICENCE_ID_OF.get(code, iri) if code else iri


def media_type_iri(media_type: str) -> str:
    return IANA + media_type


def scheme_of(iri: str) -> Scheme | None:
    """The EU scheme a concept IRI belongs to, if any."""
    return next((s for s in SCHEMES if s.code_of(iri) is not None), None)


def label_of(iri: str) -> str:
    """An English label for a known concept, else its last path segment."""
    scheme = scheme_of(iri)
    code = iri.rsplit("/", 1)[-1]
    return scheme.labels.get(code, code) if scheme else code
