"""What the catalogue pages know about each dataset: the state view of :mod:`publisher.state`.

Access rule (the same as the status API's and the feeds', :attr:`DatasetState.public`): no
hold in force, and the newest publish item of a real run that is published, unchanged or
withdrawn is published or unchanged, the release it names exists, and every record of the
disclosure attribute says ``proactive``. Anonymous visitors see public datasets only; stewards
see every dataset.
"""

from __future__ import annotations

import contextlib
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from publisher import state, visibility
from publisher.models import DeidReport, PublishRun, Release
from publisher.services import Services
from publisher.state import DatasetState, meta

#: One dataset's state; the pages read :mod:`publisher.state` like every surface.
Entry = DatasetState
attribute_of = visibility.manifest_attribute
manifest_meta = meta.manifest_meta


def gather(services: Services, session: Session,
           only: str | None = None) -> dict[str, Entry]:
    """An entry for every declared or recorded dataset (or just ``only``), by name."""
    if only is None:
        return {e.name: e for e in state.views(services, session)}
    names = services.dataset_names()
    if only not in names and names:
        # An unknown name does the work a hidden one does (its answer's time tells nothing).
        with contextlib.suppress(Exception):
            services.load(names[0])
    found = state.view(services, session, only)
    return {} if found is None else {only: found}


def visible(services: Services, session: Session, steward: bool) -> list[Entry]:
    """The entries this visitor may see."""
    return [e for e in gather(services, session).values() if steward or e.public]


def deid_report(session: Session, release: Release) -> dict[str, Any]:
    """The de-identification report recorded for a release ({} when none)."""
    row = session.scalar(select(DeidReport).where(DeidReport.release_id == release.id)
                         .order_by(DeidReport.id.desc()).limit(1))
    return dict(row.report) if row is not None and isinstance(row.report, dict) else {}


def recent_runs(session: Session, limit: int = 20) -> list[PublishRun]:
    return list(session.scalars(select(PublishRun).order_by(PublishRun.id.desc()).limit(limit)))
