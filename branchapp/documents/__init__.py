"""File renderers: DOCX documents and XLSX/CSV spreadsheets, returned as bytes.

`minutes` renders a meeting's minutes, `yearend` the year's statistics and target results,
`spreadsheets` any table as XLSX or CSV; `docx` and `labels` hold what they share. The
renderers the views call are named here too.
"""

from .docx import DOCX_TYPE
from .minutes import minutes_docx, minutes_for
from .yearend import statistics_docx, statistics_xlsx, targets_docx, targets_xlsx

__all__ = [
    "DOCX_TYPE",
    "minutes_docx",
    "minutes_for",
    "statistics_docx",
    "statistics_xlsx",
    "targets_docx",
    "targets_xlsx",
]
