"""Times on the pages: Beijing time for people, the UTC instant in <time datetime>."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from publisher.web.pages_time import local_time


def test_naive_utc_is_shown_in_beijing_time() -> None:
    assert str(local_time(datetime(2026, 11, 1, 20, 5))) == (
        '<time datetime="2026-11-01T20:05:00Z">2026-11-02 04:05 (UTC+8)</time>')


def test_iso_strings_and_other_zones() -> None:
    assert 'datetime="2026-11-01T10:05:00Z">2026-11-01 18:05' in str(
        local_time("2026-11-01T10:05:00Z"))
    aware = datetime(2026, 11, 1, 12, 5, 7, tzinfo=timezone(timedelta(hours=2)))
    assert str(local_time(aware, seconds=True)) == (
        '<time datetime="2026-11-01T10:05:07Z">2026-11-01 18:05:07 (UTC+8)</time>')
    assert str(local_time(None)) == "—"
    assert str(local_time("<b>not a time</b>")) == "&lt;b&gt;not a time&lt;/b&gt;"
    assert local_time(datetime.now(UTC)).startswith("<time datetime=")
