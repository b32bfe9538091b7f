"""What the DOCX documents share (python-docx): the page and font, paragraphs, plain tables and
the file's bytes."""

import datetime
import io

from docx import Document as DocxDocument
from docx.shared import Cm, Pt

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def new_document(size=13):
    """An empty document in Times New Roman on the administrative page margins."""
    document = DocxDocument()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(size)
    # East-Asian font slot too, so Word does not substitute for Vietnamese letters.
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(f"{WORD_NS}rFonts")
    if fonts is not None:
        fonts.set(f"{WORD_NS}eastAsia", "Times New Roman")
    for section in document.sections:
        section.top_margin = section.bottom_margin = Cm(2)
        section.left_margin = Cm(3)
        section.right_margin = Cm(1.5)
    return document


def para(container, text="", *, bold=False, italic=False, align=None, size=None, space=4):
    paragraph = container.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space)
    return paragraph


def table(document, headers, rows):
    """A grid table with a bold header row; dates as dd/mm/yyyy."""
    grid = document.add_table(rows=1, cols=len(headers))
    grid.style = "Table Grid"
    for cell, header in zip(grid.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(str(header)).bold = True
    for row in rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            if isinstance(value, datetime.date):
                value = value.strftime("%d/%m/%Y")
            cell.text = "" if value is None else str(value)
    return grid


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
