"""A multipart/form-data body read from its files as it is sent, never built in memory.

requests builds an upload's body in memory (``files=`` reads every file whole, then joins the
parts), so a 300 MB release CSV costs 600 MB or more of RAM. :class:`StreamedForm` is a
file-like body of the same bytes (each part's headers rendered by urllib3, as requests does):
the form fields and part headers are small and kept, a file is read ``CHUNK`` bytes at a time
when the transport asks for them. :class:`StreamingSession` is a requests session that sends
every ``files=`` call that way, so ckanapi's ``RemoteCKAN`` (which passes ``files=`` through to
``session.post``) streams its uploads to a real CKAN and to the embedded portal alike.

A file is sent whole from its start, whatever its position: a retried call sends it again.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO

import requests
from urllib3.fields import RequestField
from urllib3.filepost import choose_boundary

#: Bytes a file is read by; a body never holds more than this of a file at once.
CHUNK = 1 << 20


class NotStreamable(ValueError):
    """A ``files=`` value that is not a seekable binary file (sent by requests' own path)."""


def _size(handle: BinaryIO) -> int:
    try:
        return os.fstat(handle.fileno()).st_size
    except (AttributeError, OSError, io.UnsupportedOperation):
        end = handle.seek(0, os.SEEK_END)
        handle.seek(0)
        return end


def _text(value: Any) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode("utf-8")


def _name(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


class StreamedForm:
    """``fields`` (name -> value or list of values) and ``files`` (name -> file, or a tuple
    (filename, file[, content type[, headers]]) as requests takes them) as one body."""

    def __init__(self, fields: Mapping[Any, Any] | None, files: Mapping[str, Any],
                 boundary: str | None = None, chunk: int = CHUNK) -> None:
        self.chunk = chunk
        self.boundary = boundary or choose_boundary()
        self.content_type = f"multipart/form-data; boundary={self.boundary}"
        #: bytes, or (file, size): the body in order
        self._parts: list[bytes | tuple[BinaryIO, int]] = []
        for key, values in (fields or {}).items():
            listed = values if isinstance(values, list | tuple) else [values]
            for value in listed:
                if value is not None:
                    plain = RequestField(name=_name(key), data=_text(value))
                    plain.make_multipart()
                    self._part(plain, _text(value))
        for key, spec in files.items():
            filename, handle, ctype, headers = self._file_spec(key, spec)
            field = RequestField(name=key, data=b"", filename=filename, headers=headers)
            field.make_multipart(content_type=ctype)
            handle.seek(0)
            self._part(field, (handle, _size(handle)))
        self._parts.append(f"--{self.boundary}--\r\n".encode("latin-1"))
        self._length = sum(len(p) if isinstance(p, bytes) else p[1] for p in self._parts)
        self._chunks = self._generate()
        self._pending = b""

    @staticmethod
    def _file_spec(key: str, spec: Any) -> tuple[str, BinaryIO, str | None, Any]:
        if isinstance(spec, tuple | list):
            filename, handle = spec[0], spec[1]
            ctype = spec[2] if len(spec) > 2 else None
            headers = spec[3] if len(spec) > 3 else None
        else:
            handle, ctype, headers = spec, None, None
            filename = os.path.basename(str(getattr(spec, "name", "") or "")) or key
        if not (hasattr(handle, "read") and hasattr(handle, "seek")) or isinstance(
                handle, io.TextIOBase):
            raise NotStreamable(f"file {key!r} is not a seekable binary file")
        return str(filename), handle, ctype, headers

    def _part(self, field: RequestField, data: bytes | tuple[BinaryIO, int]) -> None:
        if not isinstance(data, bytes):
            field.data = b""  # rendered headers do not depend on the data
        self._parts.append(f"--{self.boundary}\r\n".encode("latin-1")
                           + field.render_headers().encode("utf-8"))
        self._parts.append(data)
        self._parts.append(b"\r\n")

    def __len__(self) -> int:
        return self._length

    def _generate(self) -> Iterator[bytes]:
        for part in self._parts:
            if isinstance(part, bytes):
                yield part
                continue
            handle, size = part
            handle.seek(0)
            left = size
            while left > 0:
                block = handle.read(min(self.chunk, left))
                if not block:
                    raise OSError("the file shrank while it was being uploaded")
                left -= len(block)
                yield block

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes of the body, never more than ``chunk`` (a short read, as a raw
        stream gives: callers read again until they get ``b""``)."""
        size = self.chunk if size is None or size < 0 else min(size, self.chunk)
        out = self._pending
        while len(out) < size:
            block = next(self._chunks, None)
            if block is None:
                break
            out = out + block if out else block
        self._pending = out[size:]
        return out[:size]

    def __iter__(self) -> Iterator[bytes]:
        while block := self.read(self.chunk):
            yield block

    def close(self) -> None:
        """Stop reading; the files stay open (they belong to the caller)."""
        self._chunks.close()  # type: ignore[attr-defined]
        self._pending = b""


class StreamingSession(requests.Session):
    """A requests session whose ``files=`` uploads are streamed (:class:`StreamedForm`)."""

    def request(self, method: str | bytes, url: str | bytes, *args: Any,
                **kwargs: Any) -> requests.Response:
        files = kwargs.get("files")
        if files and not args:
            try:
                body = StreamedForm(kwargs.get("data"), files)
            except NotStreamable:
                body = None
            if body is not None:
                headers = dict(kwargs.get("headers") or {})
                headers["Content-Type"] = body.content_type
                kwargs = {**kwargs, "files": None, "data": body, "headers": headers}
        return super().request(method, url, *args, **kwargs)
