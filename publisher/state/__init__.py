"""A dataset's state: the one place that reads it (:func:`views`) and writes it.

Runs, CLI commands, the status API, the pages and the feeds read :class:`DatasetState` and
write lint verdicts, validation results, holds and audit entries through this package.
"""

from publisher.state.holds import HoldError, active_hold, active_holds, lift_hold, place_hold
from publisher.state.records import (
    audit,
    record_check,
    record_outcome,
    record_release,
    record_validation,
    release_built_from,
)
from publisher.state.view import NOT_PUBLIC, STATES, DatasetState, view, views

__all__ = ["NOT_PUBLIC", "STATES", "DatasetState", "HoldError", "active_hold", "active_holds",
           "audit", "lift_hold", "place_hold", "record_check", "record_outcome", "record_release",
           "record_validation", "release_built_from", "view", "views"]
