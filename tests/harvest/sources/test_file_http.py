"""The file and http adapters: a folder on disk, and a local HTTP server with ETags."""

from __future__ import annotations

import io
import os
import socket
import zipfile
from pathlib import Path

import pytest

from harvest.sources import Previous, SourceContext, SourceError, TargetSpec, fetch
from tests.support.httpfiles import serve_files


def _ctx(**secrets: str) -> SourceContext:
    return SourceContext(secret=lambda name: secrets.get(name), timeout=5)


def _target(path: Path, fmt: str = "csv") -> TargetSpec:
    return TargetSpec(path=path, schema=None, encoding="utf-8", format=fmt)


def test_file_newest_and_all(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    for month, mtime in (("2026-01", 1_000_000), ("2026-02", 3_000_000), ("2026-03", 2_000_000)):
        path = share / f"export-{month}.csv"
        path.write_text(f"a,b\n{month},1\n", encoding="utf-8")
        os.utime(path, (mtime, mtime))
    out = tmp_path / "out.csv"
    snap = fetch({"kind": "file", "path": str(share / "export-*.csv")}, _target(out), _ctx())
    assert out.read_text("utf-8") == "a,b\n2026-02,1\n"  # the newest by time, not by name
    assert snap.provenance["files"] == ["export-2026-02.csv"]
    fetch({"kind": "file", "path": str(share / "*.csv"), "pick": "all"}, _target(out), _ctx())
    assert out.read_text("utf-8") == "a,b\n2026-01,1\n2026-02,1\n2026-03,1\n"
    with pytest.raises(SourceError) as exc:
        fetch({"kind": "file", "path": str(share / "*.xlsx")}, _target(out), _ctx())
    assert exc.value.code == "source-unreachable"
    # The path may come from a secret, like a database URL.
    fetch({"kind": "file", "path_secret": "share"}, _target(out),
          _ctx(share=str(share / "export-2026-01.csv")))
    assert "2026-01" in out.read_text("utf-8")


def _gtfs(stops: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("agency.txt", "agency_id,agency_name\nA,汕尾公交\n")
        archive.writestr("stops.txt", stops)
    return buffer.getvalue()


def test_http_conditional_get_and_zip_members(tmp_path: Path) -> None:
    with serve_files() as served:
        csv_url = served.put("/file.csv", b"a,b\n1,2\n", "text/csv")
        out = tmp_path / "file.csv"
        first = fetch({"kind": "http", "url": csv_url}, _target(out), _ctx())
        assert out.read_bytes() == b"a,b\n1,2\n" and first.etag and first.last_modified
        ctx = _ctx()
        ctx.previous = Previous(first.fingerprint, first.etag, first.last_modified)
        out.unlink()
        second = fetch({"kind": "http", "url": csv_url}, _target(out), ctx)
        assert second.not_modified and second.fingerprint == first.fingerprint
        assert not out.exists()  # a 304 writes nothing
        assert served.requests[-1] == ("/file.csv", 304)

        zip_url = served.put("/gtfs.zip", _gtfs("stop_id,stop_name\nS1,城区站\n"),
                             "application/zip")
        shared = _ctx(feed=zip_url)
        for member in ("agency.txt", "stops.txt"):
            fetch({"kind": "http", "url_secret": "feed", "member": member},
                  _target(tmp_path / member), shared)
        assert (tmp_path / "stops.txt").read_text("utf-8").startswith("stop_id")
        assert [r for r in served.requests if r[0] == "/gtfs.zip"] == [("/gtfs.zip", 200)]
        with pytest.raises(SourceError) as exc:
            fetch({"kind": "http", "url": zip_url, "member": "routes.txt"},
                  _target(tmp_path / "routes.txt"), _ctx())
        assert exc.value.code == "source-garbage"
        garbage = served.put("/broken.zip", b"<html>maintenance</html>", "text/html")
        with pytest.raises(SourceError) as exc:
            fetch({"kind": "http", "url": garbage, "member": "stops.txt"},
                  _target(tmp_path / "x.txt"), _ctx())
        assert exc.value.code == "source-garbage"
        with pytest.raises(SourceError) as exc:
            fetch({"kind": "http", "url": served.base + "/missing"}, _target(out), _ctx())
        assert (exc.value.code, exc.value.reason) == ("source-unreachable",
                                                        "the server answered HTTP 404")


def test_http_timeout_and_refused_schemes(tmp_path: Path) -> None:
    # A server that accepts the connection and never answers: the adapter's timeout ends it.
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/slow.csv"
        ctx = SourceContext(secret=lambda name: None, timeout=0.5)
        with pytest.raises(SourceError) as exc:
            fetch({"kind": "http", "url": url}, _target(tmp_path / "slow.csv"), ctx)
    assert exc.value.code == "source-unreachable"
    with pytest.raises(SourceError) as exc:
        fetch({"kind": "http", "url": "file:///etc/passwd"}, _target(tmp_path / "p"), _ctx())
    assert exc.value.code == "source-spec-invalid"
    with pytest.raises(SourceError) as exc:
        fetch({"kind": "ftp"}, _target(tmp_path / "p"), _ctx())
    assert exc.value.code == "source-spec-invalid"
