"""Member import from XLSX or CSV: check every row, show a preview, write only a clean file.

The columns are those of the member register's export, so an exported file can be edited and
imported back. A row matches an existing member by Party card number, else by name, date of
birth and cell; re-importing the same file finds every row unchanged and writes nothing.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import translation
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ..models import Member, Organisation, OrganisationKind, Sex
from ..selectors.registers import MEMBER_COLUMNS
from ..sizes import file_size, limit_bytes, limit_size
from ..text import fold, normalise

# The limits of a file, each checked before the work it would cost, whatever the file declares.
# The uploaded file's limit is settings.MEMBER_IMPORT_MAX_BYTES (sizes.limit_bytes).
MAX_ROWS = 5000  # rows of the sheet or lines of the CSV, the header and blank rows included
MAX_COLUMNS = 30  # the register's 10 columns and room for the sheet's own; later ones are not read
HEADER_ROWS = 15  # the header row is looked for in these first rows
MAX_PARTS = 500  # the files inside an XLSX (itself a zip): sheets, styles, shared strings…
MAX_UNPACKED_BYTES = 30_000_000  # those files together, uncompressed
REQUIRED = ("full_name", "cell")
DATE_FIELDS = ("birth_date", "admission_date", "confirmation_date")
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
# Other ways people head these columns in their own spreadsheets (compared accent-folded).
EXTRA_HEADERS = {
    "ho ten": "full_name",
    "ho va ten": "full_name",
    "gioi tinh": "sex",
    "nam/nu": "sex",
    "ngay sinh": "birth_date",
    "so the": "card_number",
    "so the dang": "card_number",
    "so the dang vien": "card_number",
    "ngay vao dang": "admission_date",
    "ngay ket nap": "admission_date",
    "ngay chinh thuc": "confirmation_date",
    "chi bo": "cell",
    "chuc vu": "job_title",
    "nghe nghiep": "job_title",
    "dien thoai": "phone",
    "so dien thoai": "phone",
    "dia chi": "address",
}
SEX_VALUES = {"nam": Sex.MALE, "male": Sex.MALE, "nu": Sex.FEMALE, "female": Sex.FEMALE}


class ImportFileError(Exception):
    """The file cannot be read at all (not a spreadsheet, no header row, too large)."""


def too_large(filename: str, size: int) -> str:
    """The message for a file over the limit (settings.MEMBER_IMPORT_MAX_BYTES), naming it."""
    return _("The file “%(name)s” is %(size)s; files to import may be at most %(max)s.") % {
        "name": filename,
        "size": file_size(size),
        "max": limit_size("member_import"),
    }


def header_map() -> dict[str, str]:
    """Folded header text -> field, in every language the interface offers."""
    mapping = dict(EXTRA_HEADERS)
    for language in ("vi", "en"):
        with translation.override(language):
            for key, label in MEMBER_COLUMNS:
                mapping[fold(str(label))] = key
    return mapping


def column_labels() -> dict[str, str]:
    return {key: capfirst(str(label)) for key, label in MEMBER_COLUMNS}


def read_table(filename: str, content: bytes) -> list[tuple[int, list]]:
    """[(row number in the file, cells)] of the first sheet (XLSX) or of the CSV file.

    Rows are read one by one, at most MAX_COLUMNS cells each; blank rows are left out, and a
    file with more than MAX_ROWS rows is refused, whatever size the sheet declares.
    """
    if len(content) > limit_bytes("member_import"):
        raise ImportFileError(too_large(filename, len(content)))
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(content)
        try:
            return _kept_rows(rows)
        finally:
            rows.close()  # closes the workbook, also when the row limit stops the reading
    if name.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportFileError(_("The CSV file must be saved as UTF-8.")) from error
        first_line = text.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        try:
            return _kept_rows(row[:MAX_COLUMNS] for row in reader)
        except csv.Error as error:  # a cell longer than the csv module's field limit
            raise ImportFileError(
                _("The CSV file cannot be read: a cell is longer than %(limit)s characters.")
                % {"limit": number_format(csv.field_size_limit(), force_grouping=True)}
            ) from error
    raise ImportFileError(_("Only XLSX and CSV files can be imported."))


def _kept_rows(rows) -> list[tuple[int, list]]:
    kept = []
    for number, cells in enumerate(rows, start=1):
        if number > MAX_ROWS:
            raise ImportFileError(
                _(
                    "The file has more than %(limit)s rows: import at most %(limit)s rows "
                    "at a time (split the file)."
                )
                % {"limit": number_format(MAX_ROWS, force_grouping=True)}
            )
        if any(cell not in (None, "") for cell in cells):
            kept.append((number, list(cells)))
    return kept


def _xlsx_rows(content: bytes):
    """The rows of the first sheet, after checking the workbook's parts before unpacking."""
    from openpyxl import load_workbook

    unreadable = _("The file is not a readable XLSX workbook.")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
    except zipfile.BadZipFile as error:
        raise ImportFileError(unreadable) from error
    if len(parts) > MAX_PARTS:
        raise ImportFileError(
            _("The workbook holds more than %(limit)s parts (sheets, styles, images…).")
            % {"limit": number_format(MAX_PARTS, force_grouping=True)}
        )
    if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
        raise ImportFileError(
            _("The workbook is larger than %(limit)s once unpacked.")
            % {"limit": file_size(MAX_UNPACKED_BYTES)}
        )
    workbook = None
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        # Neither trust nor allocate the declared size ("A1:XFD8000"): read the real rows,
        # at most one past the row limit (which refuses the file), MAX_COLUMNS cells each.
        sheet.reset_dimensions()
        yield from sheet.iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS, values_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise ImportFileError(unreadable) from error
    finally:
        if workbook is not None:
            workbook.close()


def parse_date(value):
    """A date from a spreadsheet cell, read day first; raises ValueError otherwise."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


@dataclass
class RowResult:
    number: int
    values: dict
    errors: list[tuple[str, str]] = field(default_factory=list)
    action: str = ""
    member: Member | None = None
    changes: list[str] = field(default_factory=list)


@dataclass
class ImportPreview:
    rows: list[RowResult]
    file_errors: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[tuple[int, str, str]]:
        """(row, column, message) for every problem found."""
        return [(r.number, col, msg) for r in self.rows for col, msg in r.errors]

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors or self.errors)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def to_create(self) -> int:
        return self.count("create")

    @property
    def to_update(self) -> int:
        return self.count("update")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def has_changes(self) -> bool:
        return any(r.action in ("create", "update") for r in self.rows)


def _find_header(rows, mapping):
    for index, (number, cells) in enumerate(rows):
        if number > HEADER_ROWS:
            break
        columns = {}
        for position, cell in enumerate(cells):
            key = mapping.get(fold(str(cell or "")).strip())
            if key and key not in columns:
                columns[key] = position
        if "full_name" in columns:
            return index, columns
    return None, None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalise(str(value))


def members_import_preview(
    *, organisation: Organisation, filename: str, content: bytes
) -> ImportPreview:
    """Check every row against the database; write nothing (the first half of the import)."""
    labels = column_labels()
    try:
        table = read_table(filename, content)
    except ImportFileError as error:
        return ImportPreview([], [str(error)])
    header_index, columns = _find_header(table, header_map())
    if header_index is None:
        return ImportPreview(
            [],
            [
                _(
                    "No header row with a “%(column)s” column was found in the first "
                    "%(rows)s rows and %(columns)s columns."
                )
                % {"column": labels["full_name"], "rows": HEADER_ROWS, "columns": MAX_COLUMNS}
            ],
        )
    missing = [labels[key] for key in REQUIRED if key not in columns]
    if missing:
        return ImportPreview(
            [],
            [
                _("Missing columns: %(columns)s (only the first %(limit)s columns are read).")
                % {"columns": ", ".join(missing), "limit": MAX_COLUMNS}
            ],
        )
    data_rows = [
        (n, cells) for n, cells in table[header_index + 1 :] if any(_text(c) for c in cells)
    ]

    cells_by_name = {}
    for org in Organisation.objects.subtree(organisation).exclude(kind=OrganisationKind.GROUP):
        cells_by_name.setdefault(fold(org.name), org)
    existing = list(Member.objects.select_related("organisation"))
    by_card = {m.card_number: m for m in existing if m.card_number}
    by_identity = {
        (fold(m.full_name), m.birth_date, m.organisation_id): m
        for m in existing
        if m.organisation.path.startswith(organisation.path)
    }
    seen_cards: dict[str, int] = {}
    results = []
    for number, cells in data_rows:
        raw = {key: cells[pos] if pos < len(cells) else None for key, pos in columns.items()}
        row = RowResult(number, {})
        values = row.values
        for key in ("full_name", "card_number", "job_title", "phone", "address"):
            values[key] = _text(raw.get(key))
        for key in REQUIRED:
            if key == "full_name" and not values["full_name"]:
                row.errors.append((labels[key], _("This field is required.")))
        for key in DATE_FIELDS:
            try:
                values[key] = parse_date(raw.get(key))
            except ValueError:
                values[key] = None
                row.errors.append(
                    (
                        labels[key],
                        _("“%(value)s” is not a date written day/month/year.")
                        % {"value": _text(raw.get(key))},
                    )
                )
        sex_text = fold(_text(raw.get("sex")))
        values["sex"] = SEX_VALUES.get(sex_text, "")
        if sex_text and not values["sex"]:
            row.errors.append((labels["sex"], _("Write “Nam” or “Nữ”.")))
        cell_name = _text(raw.get("cell"))
        cell = cells_by_name.get(fold(cell_name)) if cell_name else None
        values["cell"] = cell
        if not cell_name:
            row.errors.append((labels["cell"], _("This field is required.")))
        elif cell is None:
            row.errors.append(
                (
                    labels["cell"],
                    _("No cell named “%(name)s” in %(organisation)s.")
                    % {"name": cell_name, "organisation": organisation.name},
                )
            )
        if (
            values["admission_date"]
            and values["confirmation_date"]
            and values["confirmation_date"] < values["admission_date"]
        ):
            row.errors.append(
                (
                    labels["confirmation_date"],
                    _("A member cannot be confirmed before being admitted."),
                )
            )
        card = values["card_number"]
        match = None
        if card:
            if card in seen_cards:
                row.errors.append(
                    (
                        labels["card_number"],
                        _("The same card number is on row %(row)s.") % {"row": seen_cards[card]},
                    )
                )
            seen_cards.setdefault(card, number)
            holder = by_card.get(card)
            if holder is not None:
                if holder.organisation.path.startswith(organisation.path):
                    match = holder
                else:
                    row.errors.append(
                        (
                            labels["card_number"],
                            _("This card number belongs to a member of another organisation."),
                        )
                    )
        if match is None and cell is not None:
            match = by_identity.get((fold(values["full_name"]), values["birth_date"], cell.pk))
            if match is not None and match.card_number and card and match.card_number != card:
                match = None
        row.member = match
        if not row.errors:
            if match is None:
                row.action = "create"
            else:
                row.changes = _changes(match, values)
                row.action = "update" if row.changes else "unchanged"
        results.append(row)
    return ImportPreview(results)


FIELDS = (
    "full_name",
    "sex",
    "birth_date",
    "card_number",
    "admission_date",
    "confirmation_date",
    "job_title",
    "phone",
    "address",
)


def _changes(member: Member, values: dict) -> list[str]:
    labels = column_labels()
    changed = []
    for key in FIELDS:
        current = getattr(member, key)
        new = values[key]
        if key == "card_number":
            current, new = current or "", new or ""
        if current != new:
            changed.append(labels[key])
    if member.organisation_id != values["cell"].pk:
        changed.append(labels["cell"])
    return changed


@transaction.atomic
def members_import_apply(*, organisation: Organisation, preview: ImportPreview) -> dict[str, int]:
    """Write a clean preview: create new members, update changed ones."""
    if preview.has_errors:
        raise ValueError("A file with errors is never imported.")
    done = {"create": 0, "update": 0, "unchanged": 0}
    for row in preview.rows:
        values = row.values
        if row.action == "unchanged":
            done["unchanged"] += 1
            continue
        member = row.member or Member()
        for key in FIELDS:
            setattr(member, key, values[key] or (None if key.endswith("date") else ""))
        member.card_number = values["card_number"] or None
        member.organisation = values["cell"]
        member.save()
        if row.action == "update":
            member.refresh_status()
        done[row.action] += 1
    return done
