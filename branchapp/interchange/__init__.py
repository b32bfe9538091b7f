"""The meeting interchange format, version 1 (see docs/interchange.md).

`import_meetings` reads a .json or .zip file, validates all of it, then writes it in one
transaction; `export_meetings` writes meetings (with their reports, photos, targets, ratings,
awards, member events and elections) to a .json or .zip file.
"""

from pathlib import Path

from .export import export_file
from .format import ExportResult, ImportResult, InterchangeError, format_error
from .importing import import_file

__all__ = [
    "ExportResult",
    "ImportResult",
    "InterchangeError",
    "export_meetings",
    "format_error",
    "import_meetings",
]


def import_meetings(path) -> ImportResult:
    """Validate and import an interchange file; raises InterchangeError and writes nothing on error."""
    return import_file(Path(path))


def export_meetings(path, *, organisation=None, year=None, inline_images=False) -> ExportResult:
    """Write the meetings (of an organisation's subtree, of a year) to a .json or .zip file."""
    return export_file(
        Path(path), organisation=organisation, year=year, inline_images=inline_images
    )
