"""The annual report of one year from this instance: its register, datasets and settings."""

from __future__ import annotations

from pathlib import Path

from publisher.report import build as rb
from publisher.report import narrative as nv
from publisher.report import proactive
from publisher.requests.register import all_requests
from publisher.services import Services


def narrative_path(services: Services, year: int) -> Path:
    """Where the steward's YAML file of ``year`` lives in the datasets folder."""
    return services.settings.datasets_path / rb.NARRATIVE_DIR / f"{year}.yaml"


def build_report(services: Services, year: int, narrative: Path | None = None) -> rb.Report:
    """The report of ``year``; NarrativeError or SourceMissing name what is wrong."""
    story = nv.read(narrative or narrative_path(services, year), year)
    with services.db.session() as session:
        cases = rb.cases(all_requests(session))
    sources = proactive.Sources(services.settings.datasets_path,
                                services.settings.schemas_path)
    return rb.build(year, cases, sources, story, due=services.settings.annual_report_due)
