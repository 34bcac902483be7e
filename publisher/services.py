"""The long-lived parts one process shares: settings, state database, vocabulary, datasets.

The CLI and the Flask app each build one :class:`Services`; nothing is built at import time.
"""

from __future__ import annotations

import logging
from functools import cached_property

from publisher.compute import Executor, executor_for
from publisher.db import Database
from publisher.findings import Finding
from publisher.load import Loaded, list_datasets, load
from publisher.settings import Settings
from publisher.vocabulary import Vocabulary, load_vocabulary

log = logging.getLogger(__name__)


class UnknownDataset(LookupError):
    """A dataset name that has no folder in the datasets directory."""


class Services:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @cached_property
    def db(self) -> Database:
        return Database(self.settings.resolved_database_url)

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return load_vocabulary(self.settings.vocabulary_path)

    @cached_property
    def compute(self) -> Executor | None:
        """The executor of setting compute_engine, None for local (a Dask client is started
        on first use)."""
        return executor_for(self.settings)

    def dataset_names(self) -> list[str]:
        return list_datasets(self.settings.datasets_path)

    def load(self, name: str) -> Loaded:
        if name not in self.dataset_names():
            raise UnknownDataset(name)
        return load(self.settings.datasets_path, name, self.settings.schemas_path)

    def check(self, name: str) -> tuple[Loaded, list[Finding]]:
        """Load and lint one dataset: (what was loaded, every finding)."""
        loaded = self.load(name)
        findings = list(loaded.findings)
        if loaded.dataset is not None:
            from publisher.check import check  # only commands that lint need the checks

            findings += check(loaded.dataset, self.vocabulary)
        return loaded, findings

    def close(self) -> None:
        if self.__dict__.get("compute") is not None:
            self.compute.close()  # type: ignore[union-attr]
        if "db" in self.__dict__:
            self.db.dispose()
