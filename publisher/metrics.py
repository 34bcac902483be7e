"""Prometheus metrics at ``/metrics``: runs, outcomes, validation errors, de-identified cells,
request latency.

Each app has its own :class:`CollectorRegistry` (tests build many apps). Run, outcome,
validation and de-identification figures are read from the state database at scrape time, so
they count runs started by the CLI as well as by the API. No label carries a dataset name:
the endpoint is public and withheld datasets must stay invisible.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any

from flask import Flask, Response, g, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from publisher.models import DeidReport, PublishItem, PublishRun, ValidationReport
from publisher.services import Services

log = logging.getLogger(__name__)


def deidentified_cells(report: dict[str, Any]) -> int:
    """Cells a de-identification report says it changed (masked, generalised, dropped …).

    Reads ``cells`` at the top, else sums ``cells`` or ``count`` over the per-field entries
    (``fields`` as a list or a mapping); anything else counts as 0.
    """
    if isinstance(report.get("cells"), int):
        return int(report["cells"])
    fields = report.get("fields")
    entries = fields.values() if isinstance(fields, dict) else fields or []
    total = 0
    for entry in entries:
        if isinstance(entry, dict):
            value = entry.get("cells", entry.get("count", 0))
            total += value if isinstance(value, int) else 0
    return total


class StateCollector(Collector):
    """Figures from the state database, computed when Prometheus scrapes."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("publisher_state_database_up",
                               "1 when the state database answered this scrape")
        try:
            families = list(self._families())
        except Exception:  # a scrape must answer even when the database does not
            log.exception("metrics: state database unreadable")
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from families

    def _families(self) -> Iterator[Metric]:
        runs = CounterMetricFamily("publisher_runs", "Publish runs by status",
                                   labels=["status", "dry_run"])
        outcomes = CounterMetricFamily("publisher_run_items", "Dataset outcomes in publish runs",
                                       labels=["outcome"])
        errors = GaugeMetricFamily("publisher_validation_errors",
                                   "Errors in the latest validation of each resource, by code",
                                   labels=["code"])
        cells = GaugeMetricFamily("publisher_deidentified_cells",
                                  "Cells de-identified in each dataset's latest report, summed")
        with self.services.db.session() as session:
            for status, dry_run, number in session.execute(
                    select(PublishRun.status, PublishRun.dry_run, func.count())
                    .group_by(PublishRun.status, PublishRun.dry_run)):
                runs.add_metric([status, str(bool(dry_run)).lower()], number)
            for outcome, number in session.execute(
                    select(PublishItem.outcome, func.count()).group_by(PublishItem.outcome)):
                outcomes.add_metric([outcome], number)
            latest: dict[tuple[str, str], dict[str, Any]] = {}
            for row in session.execute(
                    select(ValidationReport.dataset, ValidationReport.resource,
                           ValidationReport.counts).order_by(ValidationReport.id)):
                latest[(str(row[0]), str(row[1]))] = dict(row[2] or {})
            by_code: dict[str, int] = {}
            for counts in latest.values():
                for code, number in counts.items():
                    by_code[str(code)] = by_code.get(str(code), 0) + int(number)
            for code, number in sorted(by_code.items()):
                errors.add_metric([code], number)
            reports: dict[str, dict[str, Any]] = {}
            for row in session.execute(
                    select(DeidReport.dataset, DeidReport.report).order_by(DeidReport.id)):
                reports[str(row[0])] = dict(row[1] or {})
            cells.add_metric([], sum(deidentified_cells(r) for r in reports.values()))
        yield from (runs, outcomes, errors, cells)


class Metrics:
    """One app's registry: the request-latency histogram and the state collector."""

    def __init__(self, services: Services) -> None:
        self.registry = CollectorRegistry()
        self.latency = Histogram(
            "publisher_http_request_duration_seconds", "Time to answer an HTTP request",
            labelnames=["method", "endpoint", "status"], registry=self.registry)
        self.registry.register(StateCollector(services))


def init_app(app: Flask) -> None:
    """Time every request and serve ``/metrics`` in the Prometheus text format."""
    metrics = Metrics(app.extensions["publisher"])
    app.extensions["publisher.metrics"] = metrics

    @app.before_request
    def start_timer() -> None:
        g.metrics_started = time.perf_counter()

    @app.after_request
    def observe(response: Response) -> Response:
        started = g.pop("metrics_started", None)
        if started is not None:
            # The endpoint name, not the path, keeps the label set small.
            metrics.latency.labels(request.method, request.endpoint or "unmatched",
                                   str(response.status_code)).observe(
                time.perf_counter() - started)
        return response

    def exposition() -> Response:
        return Response(generate_latest(metrics.registry), mimetype=None,
                        content_type=CONTENT_TYPE_LATEST)

    app.add_url_rule("/metrics", "metrics", exposition)
