"""Small files that would cost a lot of memory are refused before the work (issue 13, item 6).

The member import (XLSX or CSV) and the meeting interchange import (.json or .zip) are each fed
the reviewer's attacks: a sheet declaring "A1:XFD8000", a zip bomb, a zip with too many files, a
JSON nested 20,000 levels deep. Each is refused with a Vietnamese message naming its limit, and
nothing is written.
"""

import io
import json
import re
import struct
import zipfile

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from branchapp.interchange import InterchangeError, import_meetings, importing
from branchapp.interchange import format as interchange_format
from branchapp.models import Member
from branchapp.services import member_import

from .factories import CellFactory, OrganisationFactory, UserFactory
from .test_interchange import media_files, row_counts, write_json

pytestmark = pytest.mark.django_db

CELL = "Chi bộ Khoa Xây dựng Đảng"
MEETING = {
    "format": "sochibo.meetings",
    "version": 1,
    "organisations": [],
    "meetings": [
        {"organisation": "Chi bộ Ấp 3", "kinds": ["monthly"], "title": "T5", "date": "2022-05-03"}
    ],
}


# -- member import ------------------------------------------------------------------------


def workbook_bytes(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewritten(xlsx: bytes, change, part="xl/worksheets/sheet1.xml", extra=()) -> bytes:
    """The workbook with one part's XML changed by `change`, and `extra` parts added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = source.read(info)
                if info.filename == part:
                    data = change(data.decode()).encode()
                target.writestr(info.filename, data)
            for name, data in extra:
                target.writestr(name, data)
    return out.getvalue()


def declared_sheet(far_row=None) -> bytes:
    """Two real rows in a sheet declaring A1:XFD8000; with a cell at column XFD of `far_row`."""

    def change(xml):
        xml = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD8000"/>', xml)
        if far_row:
            cell = f'<c r="XFD{far_row}" t="inlineStr"><is><t>x</t></is></c>'
            xml = xml.replace("</sheetData>", f'<row r="{far_row}">{cell}</row></sheetData>')
        return xml

    return rewritten(workbook_bytes([["Họ và tên", "Chi bộ"], ["Lê Văn Mới", CELL]]), change)


def test_a_sheet_declaring_xfd8000_is_refused_at_the_row_limit():
    content = declared_sheet(far_row=8000)
    assert len(content) < 6000  # the reviewer's file: 4.9 KB, 1.1 GB once read
    with pytest.raises(member_import.ImportFileError) as caught:
        member_import.read_table("ds.xlsx", content)
    assert str(caught.value) == (
        "Tệp có quá 5.000 dòng: mỗi lần chỉ nhập tối đa 5.000 dòng (hãy chia nhỏ tệp)."
    )


def test_a_declared_size_is_not_allocated_only_the_real_rows_are_read():
    for content in (declared_sheet(), declared_sheet(far_row=300)):
        rows = member_import.read_table("ds.xlsx", content)
        assert [number for number, _cells in rows] == [1, 2]  # row 300 has nothing in A:AD
        assert all(len(cells) == member_import.MAX_COLUMNS for _number, cells in rows)
        assert rows[1][1][:2] == ["Lê Văn Mới", CELL]


def test_a_workbook_that_unpacks_too_large_or_into_too_many_parts_is_refused():
    bomb = rewritten(workbook_bytes([["Họ và tên"]]), str, extra=[("xl/bomb.bin", bytes(40 << 20))])
    assert len(bomb) < 100_000
    with pytest.raises(member_import.ImportFileError, match="vượt giới hạn 30\xa0MB"):
        member_import.read_table("ds.xlsx", bomb)
    parts = [(f"xl/media/{i}.bin", b"") for i in range(member_import.MAX_PARTS)]
    crowded = rewritten(workbook_bytes([["Họ và tên"]]), str, extra=parts)
    with pytest.raises(member_import.ImportFileError, match="Bảng tính có quá 500 thành phần"):
        member_import.read_table("ds.xlsx", crowded)


def test_csv_rows_and_columns_are_limited():
    too_long = ("Họ và tên;Chi bộ\n" + f"Lê Văn Mới;{CELL}\n" * 5000).encode()
    with pytest.raises(member_import.ImportFileError, match="Tệp có quá 5.000 dòng"):
        member_import.read_table("ds.csv", too_long)
    wide = ";".join(["Họ và tên", "Chi bộ"] + ["x"] * 200).encode()
    [(number, cells)] = member_import.read_table("ds.csv", wide)
    assert len(cells) == member_import.MAX_COLUMNS
    huge_cell = ("Họ và tên\n" + "x" * 200_000).encode()
    with pytest.raises(member_import.ImportFileError, match="có ô dài quá 131.072 ký tự"):
        member_import.read_table("ds.csv", huge_cell)


def test_the_upload_page_answers_the_declared_sheet_with_the_message(client):
    committee = OrganisationFactory(name="Đảng bộ Trường")
    CellFactory(parent=committee, name=CELL)
    client.force_login(UserFactory(is_superuser=True))
    count = Member.objects.count()
    response = client.post(
        f"/workspace/nam/{committee.pk}/nhap-dang-vien/",
        {"file": SimpleUploadedFile("ds.xlsx", declared_sheet(far_row=8000))},
    )
    assert response.status_code == 200
    assert response.context["preview"].file_errors == [
        "Tệp có quá 5.000 dòng: mỗi lần chỉ nhập tối đa 5.000 dòng (hãy chia nhỏ tệp)."
    ]
    assert "Tối đa 2\xa0MB và 5.000 dòng" in response.content.decode()
    assert "yearend_member_import" not in client.session
    client.post(f"/workspace/nam/{committee.pk}/nhap-dang-vien/", {"action": "confirm"})
    assert Member.objects.count() == count


def test_the_header_is_looked_for_in_the_first_rows_and_columns():
    committee = OrganisationFactory(name="Đảng bộ Trường")
    late = workbook_bytes([[None] * 40 + ["Họ và tên", "Chi bộ"], [None] * 40 + ["A", CELL]])
    preview = member_import.members_import_preview(
        organisation=committee, filename="ds.xlsx", content=late
    )
    assert preview.file_errors == [
        "Không tìm thấy dòng tiêu đề có cột “Họ và tên” trong 15 dòng và 30 cột đầu tiên."
    ]


# -- interchange import -------------------------------------------------------------------


def failing(path) -> tuple[str, dict, set]:
    """The errors the command prints for `path`, which must write nothing."""
    counts, files = row_counts(), media_files()
    err = io.StringIO()
    with pytest.raises(CommandError, match="Không nhập gì cả"):
        call_command("import_meetings", str(path), stdout=io.StringIO(), stderr=err)
    assert row_counts() == counts
    assert media_files() == files
    return err.getvalue()


def test_json_nested_20000_deep_is_refused_without_a_recursion_error(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 20000 + "]" * 20000, encoding="utf-8")
    assert failing(path) == ("$: JSON lồng mảng và đối tượng vào nhau sâu quá giới hạn 32 cấp\n")
    with pytest.raises(InterchangeError):
        import_meetings(path)


def test_the_depth_counts_brackets_outside_strings_only():
    importing.check_shape('{"a": [' + "[" * 30 + "]" * 30 + "]}")  # 32 levels
    importing.check_shape(json.dumps(["[" * 50 + '"' + "{" * 50, {"k[[[[": "]]"}]))
    with pytest.raises(InterchangeError, match="32 cấp"):
        importing.check_shape("[" * 33 + "]" * 33)


def test_too_many_values_are_refused_before_parsing(monkeypatch):
    monkeypatch.setattr(importing, "MAX_JSON_VALUES", 10)
    importing.check_shape('{"a": [1, 2, 3], "b": "x,y,z,,,,,,,,,,,,,,,"}')
    with pytest.raises(InterchangeError, match="nhiều giá trị hơn giới hạn 10 giá trị"):
        importing.check_shape("[" + ",".join(["{}"] * 11) + "]")


def test_a_json_file_over_the_size_limit_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "MAX_JSON_BYTES", 100)
    path = write_json(tmp_path, MEETING)
    assert "$: văn bản JSON vượt giới hạn dung lượng 100\xa0byte" in failing(path)


def zeros_entry(archive: zipfile.ZipFile, name: str, megabytes: int, prefix=b"") -> None:
    with archive.open(name, "w", force_zip64=True) as handle:
        handle.write(prefix)
        for _ in range(megabytes):
            handle.write(bytes(1 << 20))


def test_a_zip_bomb_is_refused_from_its_directory(tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        zeros_entry(archive, "meetings.json", 51, prefix=b'{"format": "sochibo.meetings"')
        zeros_entry(archive, "images/a.jpg", 50)
    assert path.stat().st_size < 200_000
    assert failing(path).splitlines() == [
        "$: “meetings.json” trong tệp zip khi giải nén vượt giới hạn 50\xa0MB",
        "$: “images/a.jpg” trong tệp zip khi giải nén vượt giới hạn 15\xa0MB",
    ]


def lying_zip(path, name: str, content: bytes, declared: int) -> None:
    """A zip whose directory says `name` is `declared` bytes long, smaller than it is."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    data = bytearray(path.read_bytes())
    entry = data.index(b"PK\x01\x02")  # the central directory's record of the only file
    struct.pack_into("<I", data, entry + 24, declared)
    path.write_bytes(bytes(data))


def test_a_zip_whose_header_lies_about_a_size_is_read_no_further(tmp_path):
    path = tmp_path / "lying.zip"
    lying_zip(path, "meetings.json", b" " * (60 << 20), declared=100)
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("meetings.json").file_size == 100
    assert failing(path) == (
        "$: không đọc được “meetings.json” trong tệp zip: tệp bị hỏng hoặc đã được mã hóa\n"
    )


def test_a_zip_with_too_many_files_is_refused(tmp_path):
    path = tmp_path / "crowded.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("meetings.json", "{}")
        for number in range(interchange_format.MAX_ZIP_ENTRIES):
            archive.writestr(f"images/{number}.jpg", b"")
    assert failing(path) == "$: tệp zip chứa 10.001 tệp, vượt giới hạn 10.000 tệp\n"


def test_a_zip_over_the_total_size_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(interchange_format, "MAX_ZIP_BYTES", 1000)
    path = tmp_path / "big.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("meetings.json", "{}")
        archive.writestr("images/a.jpg", bytes(600))
        archive.writestr("images/b.jpg", bytes(600))
    assert failing(path) == ("$: các tệp trong tệp zip khi giải nén vượt giới hạn 1\xa0kB\n")


def test_a_zip_within_the_limits_still_imports(tmp_path):
    path = tmp_path / "ok.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("meetings.json", json.dumps(MEETING, ensure_ascii=False))
    result = import_meetings(path)
    assert result.created == 1
    assert apps.get_model("branchapp", "Meeting").objects.count() == 1
