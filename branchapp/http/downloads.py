"""File downloads: bytes from the document renderers as attachments."""

from django.http import HttpResponse

from ..documents.spreadsheets import XLSX_TYPE, csv_bytes, workbook_bytes


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(filename: str, headers, rows, *, title: str = "", caption: str = ""):
    content = workbook_bytes([(title or filename, headers, rows, caption)])
    return download(content, f"{filename}.xlsx", XLSX_TYPE)


def csv_response(filename: str, headers, rows):
    return download(csv_bytes(headers, rows), f"{filename}.csv", "text/csv; charset=utf-8")
