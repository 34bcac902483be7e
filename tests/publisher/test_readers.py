"""Readers: encodings detected strictly, XLSX sheets, chunks, and bad input as ReadError."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.dataset import Resource
from publisher.readers import ReadError, detect_encoding, iter_chunks, read_frame, read_table

TEXT = "编号,姓名,金额\n1,张三,１２３\n2,䶮,5\n"  # 䶮 is in GB18030 but not in GBK


def _write(tmp_path: Path, data: bytes, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("data", "expected"), [
    (TEXT.encode("utf-8"), "utf-8-sig"),
    (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("gb18030"), "gb18030"),
    (TEXT.replace("䶮", "李").encode("gbk"), "gb18030"),  # GBK files read as the superset
])
def test_encodings_are_detected_and_read(tmp_path, data, expected):
    path = _write(tmp_path, data)
    assert detect_encoding(path) == expected
    rows = read_table(path, "csv")
    assert rows[0] == ["编号", "姓名", "金额"]
    assert rows[1][1] == "张三"


def test_declared_encoding_is_used_and_a_wrong_one_is_an_error(tmp_path):
    path = _write(tmp_path, TEXT.encode("gb18030"))
    assert read_table(path, "csv", encoding="gb18030")[2][1] == "䶮"
    with pytest.raises(ReadError, match="declared encoding utf-8"):
        detect_encoding(path, "utf-8")


@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty"),
    (b"a,b\n\x00\x01\x02\n", "binary"),
    (b"PK\x03\x04" + b"\x00" * 40, "ZIP"),
    (b"a" * (2 << 20), "longer than 1 MB"),
])
def test_bad_input_is_a_read_error(tmp_path, data, message):
    path = _write(tmp_path, data)
    with pytest.raises(ReadError, match=message):
        header, chunks = iter_chunks(path, "csv")
        list(chunks)


def test_a_huge_row_after_the_header_is_a_read_error_not_a_memory_blowup(tmp_path):
    path = tmp_path / "long.csv"
    with path.open("wb") as handle:
        handle.write(b"a,b\n1,")
        handle.write(b"x" * (3 << 20))
        handle.write(b"\n")
    with pytest.raises(ReadError, match="longer than 1 MB"):
        list(iter_chunks(path, "csv")[1])


def test_bytes_invalid_in_the_middle_of_a_large_file_are_a_read_error(tmp_path):
    body = "a,b\n" + "1,张三\n" * 200_000
    path = _write(tmp_path, body.encode("utf-8") + b"9,\xff\xfe\n")
    with pytest.raises(ReadError, match="invalid bytes|UTF8|utf|UTF-8"):
        list(iter_chunks(path, "csv")[1])


def test_chunks_number_rows_as_in_the_file(tmp_path):
    path = _write(tmp_path, b'a,b\n1,"x\ny"\n\n2\n3,4,5\n6,7\n')
    header, chunks = iter_chunks(path, "csv")
    assert header == ["a", "b"]
    rows = []
    for chunk in chunks:
        for offset, row in enumerate(chunk.rows()):
            rows.append((chunk.first_row + offset, row))
    assert rows == [(2, ["1", "x\ny"]), (3, ["", ""]), (4, ["2"]), (5, ["3", "4"]),
                    (6, ["6", "7"])]


def test_xlsx_first_or_named_sheet(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    first.title = "one"
    first.append(["id", "when"])
    first.append([1, "2020-01-02"])
    second = book.create_sheet("two")
    second.append(["x"])
    second.append([2.5])
    path = tmp_path / "t.xlsx"
    book.save(path)
    assert read_table(path, "xlsx") == [["id", "when"], ["1", "2020-01-02"]]
    assert read_table(path, "xlsx", sheet="two") == [["x"], ["2.5"]]
    with pytest.raises(ReadError, match="no sheet"):
        read_table(path, "xlsx", sheet="three")


def test_xlsx_that_is_another_zip_is_a_read_error(tmp_path):
    import zipfile

    path = tmp_path / "fake.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    with pytest.raises(ReadError, match="not a readable XLSX"):
        read_table(path, "xlsx")


def test_read_frame_gives_strings_with_empty_cells_as_empty_strings(tmp_path):
    path = _write(tmp_path, b"a,b\n1,\n2\n")
    resource = Resource(name="r", path=path, format="csv", schema_ref="", schema=None)
    frame = read_frame(resource)
    assert list(frame.columns) == ["a", "b"]
    assert frame.to_dict("list") == {"a": ["1", "2"], "b": ["", ""]}
    assert all(str(t).startswith("string") for t in frame.dtypes)
