"""Tables out as XLSX (openpyxl) and CSV (UTF-8 with a BOM, so Excel shows Vietnamese).

Every XLSX and CSV file of the app is written here, and text is written as text: a headline
such as `=HYPERLINK("http://…"&A1,"…")` typed by someone must not become a live formula in the
spreadsheet of whoever opens the export (formula or "CSV" injection). Text starting with a
character a spreadsheet reads as the start of a formula (`FORMULA_STARTS`) is an explicit
string cell marked "quote prefix" in XLSX, so Excel shows it unchanged and keeps it text when
the cell is edited; in CSV, which has no types, it gets a leading apostrophe (OWASP's advice).
Numbers, negative ones included, stay numbers.
"""

import csv
import datetime
import io
from decimal import Decimal

from django.utils.encoding import force_str
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
# What a spreadsheet takes for the start of a formula when a cell's text begins with it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def _text(value) -> str:
    # Control characters XLSX cannot hold (openpyxl refuses them) are left out.
    return ILLEGAL_CHARACTERS_RE.sub("", force_str(value))


def _cell_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, datetime.date | int | float | Decimal):
        return value
    return _text(value)


def _append(sheet, values) -> None:
    """Append a row; text that looks like a formula stays text (see the module's docstring)."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and is_formula_like(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True


def add_sheet(workbook: Workbook, title: str, headers, rows, *, caption: str = ""):
    """A sheet with an optional caption line, a bold header row and the rows."""
    sheet = workbook.create_sheet(title=force_str(title)[:31])
    if caption:
        _append(sheet, [_text(caption)])
        sheet.cell(row=1, column=1).font = Font(bold=True, size=12)
        sheet.append([])
    _append(sheet, [_text(h) for h in headers])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [len(force_str(h)) for h in headers]
    for row in rows:
        values = [_cell_value(v) for v in row]
        _append(sheet, values)
        for i, value in enumerate(values):
            if isinstance(value, datetime.date):
                sheet.cell(row=sheet.max_row, column=i + 1).number_format = DATE_FORMAT
            if i < len(widths):
                widths[i] = max(widths[i], min(len(str(value)), 60))
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = max(8, width + 2)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    return sheet


def workbook_bytes(sheets) -> bytes:
    """sheets: [(title, headers, rows, caption)] -> the XLSX file's bytes."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, headers, rows, caption in sheets:
        add_sheet(workbook, title, headers, rows, caption=caption)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(headers, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_csv_value(h) for h in headers])
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, int | float | Decimal):
        return str(value)  # a number, even a negative one, is written as it is
    text = force_str(value)
    return f"'{text}" if is_formula_like(text) else text
