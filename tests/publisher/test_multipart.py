"""Uploads are streamed from disk: the body is the bytes requests would send, read a chunk at a
time, and an upload through the real embedded portal (in-process over WSGI, and over HTTP)
never holds the file in memory on either side."""

from __future__ import annotations

import hashlib
import io
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from urllib3.fields import RequestField
from urllib3.filepost import encode_multipart_formdata

from publisher.multipart import StreamedForm
from publisher.portal_client import open_portal
from publisher.web.tokens import create_token

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)


@settings(deadline=None, max_examples=60)
@given(fields=st.dictionaries(st.text("abcdefgh_", min_size=1, max_size=8), texts, max_size=4),
       content=st.binary(max_size=200), chunk=st.integers(1, 64),
       filename=st.text("abc.xyz-中文", min_size=1, max_size=12))
def test_the_body_is_what_urllib3_encodes(fields, content, chunk, filename):
    handle = io.BytesIO(content)
    handle.seek(len(content))  # at its end, as after a first attempt: sent whole anyway
    encoded = {k.encode(): v.encode() for k, v in fields.items()}
    body = StreamedForm(encoded, {"upload": (filename, handle, "text/csv")}, boundary="b0und",
                        chunk=chunk)
    part = RequestField(name="upload", data=content, filename=filename)
    part.make_multipart(content_type="text/csv")
    want, content_type = encode_multipart_formdata(
        [(k, v.encode()) for k, v in fields.items()] + [part], boundary="b0und")
    reads = []
    while block := body.read(1 << 20):
        reads.append(block)
    assert b"".join(reads) == want
    assert len(body) == len(want)
    assert body.content_type == content_type
    assert max((len(r) for r in reads), default=0) <= chunk


def _big_file(path: Path, size: int) -> str:
    block = "站点,线路,票价\n汕尾站,1,2\n".encode() * 4096
    with path.open("wb") as out:
        written = 0
        while written < size:
            out.write(block[:size - written])
            written += min(len(block), size - written)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _upload_peak(client, path: Path) -> tuple[dict, int]:
    """(resource, peak of Python allocations during the upload call, bytes)."""
    client.action.organization_create(name="bureau", title="交通运输局")
    client.action.package_create(name="big", title="大表", owner_org="bureau")
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        with path.open("rb") as handle:
            res = client.call_action("resource_create", {"package_id": "big", "name": "big"},
                                     files={"upload": handle})
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    return res, peak


SIZE = 64 * 2**20  # many chunks; a body built in memory costs twice this at least (measured)


@pytest.mark.db
def test_an_upload_to_the_embedded_portal_over_wsgi_is_streamed(services, tmp_path):
    path = tmp_path / "big.csv"
    digest = _big_file(path, SIZE)
    with open_portal(services) as (client, _url):
        res, peak = _upload_peak(client, path)
        assert peak < SIZE / 4, f"{peak} bytes held for a {SIZE}-byte upload"
        download = client.session.get(res["url"])
    assert download.status_code == 200
    assert hashlib.sha256(download.content).hexdigest() == digest
    assert res["size"] == SIZE


@pytest.mark.db
def test_an_upload_over_http_is_streamed(services, live_server, tmp_path):
    path = tmp_path / "big.csv"
    digest = _big_file(path, SIZE)
    token = create_token(services, "test-sysadmin", "publisher")
    with open_portal(services, url=live_server, token=token) as (client, _url):
        res, peak = _upload_peak(client, path)
        assert peak < SIZE / 4, f"{peak} bytes held for a {SIZE}-byte upload"
        # sent again with the same handle (as a retried call does): the whole file again
        with path.open("rb") as handle:
            handle.seek(SIZE // 2)
            client.call_action("resource_patch", {"id": res["id"]}, files={"upload": handle})
        download = client.session.get(res["url"])
    assert download.status_code == 200
    assert hashlib.sha256(download.content).hexdigest() == digest
