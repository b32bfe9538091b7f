"""The interchange format's constants, errors and results, and its image references.

An import reads the images a file names through ImageSource; an export names its photos and
collects them through ImageSink.
"""

import base64
import binascii
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .. import models as m
from ..sizes import file_size

FORMAT = "sochibo.meetings"
VERSION = 1
ZIP_JSON_NAME = "meetings.json"
# The counts of a RATING_RESULT tally, in the order the format lists them.
TALLY_COUNTS = ("rated", "exempt", "not_rated", "excellent", "good", "completed", "not_completed")
# The counts of an ATTENDANCE are the Meeting fields of the same names, in the same order.
ATTENDANCE_COUNTS = m.ATTENDANCE_COUNTS

# The limits of an import, each checked before the work it would cost (docs/interchange.md §2).
MAX_JSON_BYTES = 50_000_000  # the JSON text: the .json file, or meetings.json in a zip
MAX_JSON_DEPTH = 32  # arrays and objects inside one another (an exported file uses 6)
MAX_JSON_VALUES = 2_000_000  # values of every kind (the sample article's meeting has 276)
MAX_ZIP_ENTRIES = 10_000  # the files of a zip: meetings.json and the images
MAX_ZIP_BYTES = 2_000_000_000  # all the files of a zip together, uncompressed
# Every other file of a zip (an image) is at most settings.PHOTO_MAX_BYTES, uncompressed.

_DATA_URI = re.compile(
    r"^data:(?P<mime>[\w.+-]+/[\w.+-]+)?(?P<params>(;[\w.+-]+=[^;,]*)*)(?P<b64>;base64)?,", re.I
)


@dataclass
class InterchangeError(Exception):
    """A file that cannot be imported: every problem found, each with its JSON path."""

    errors: list[tuple[str, str]] = field(default_factory=list)

    def __str__(self):
        return "\n".join(format_error(path, message) for path, message in self.errors)


def format_error(path: str, message: str) -> str:
    return f"{path or '$'}: {message}"


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    organisations_created: int = 0
    members_created: int = 0
    photos: int = 0
    addenda: int = 0


@dataclass
class ExportResult:
    meetings: int = 0
    organisations: int = 0
    photos: int = 0
    files: list[str] = field(default_factory=list)


class ImageSource:
    """Where the images a file names are read from: a folder, a zip archive, or data: URIs."""

    def __init__(self, folder: Path | None = None, archive: zipfile.ZipFile | None = None):
        self.folder = folder
        self.archive = archive

    def read(self, ref: str) -> tuple[str, bytes]:
        """The file name and bytes of an image reference; raises ValueError with a message."""
        if ref.lower().startswith("data:"):
            return read_data_uri(ref)
        name = safe_relative_path(ref)
        max_bytes = settings.PHOTO_MAX_BYTES
        if self.archive is not None:
            try:
                info = self.archive.getinfo(name)
            except KeyError:
                raise ValueError(
                    _("image “%(path)s” is not in the archive") % {"path": ref}
                ) from None
            if info.file_size > max_bytes:
                raise ValueError(_("image “%(path)s” is too large") % {"path": ref})
            return posixpath.basename(name), read_entry(self.archive, info, max_bytes)
        path = (self.folder or Path()) / name
        if not path.is_file():
            raise ValueError(_("image “%(path)s” was not found") % {"path": ref})
        size = path.stat().st_size
        if size > max_bytes:
            raise ValueError(_("image “%(path)s” is too large") % {"path": ref})
        with path.open("rb") as handle:  # never more than the limit, even if the file grew
            content = handle.read(size + 1)
        if len(content) > max_bytes:
            raise ValueError(_("image “%(path)s” is too large") % {"path": ref})
        return path.name, content


def count_text(number: int) -> str:
    return number_format(number, force_grouping=True)


def archive_errors(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """What a zip's directory says that exceeds a limit, before anything is uncompressed."""
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        return [
            (
                "",
                _("the zip file holds %(count)s files, more than the limit of %(limit)s")
                % {"count": count_text(len(entries)), "limit": count_text(MAX_ZIP_ENTRIES)},
            )
        ]
    if sum(info.file_size for info in entries) > MAX_ZIP_BYTES:
        return [
            (
                "",
                _("the files of the zip come to more than the limit of %(limit)s uncompressed")
                % {"limit": file_size(MAX_ZIP_BYTES)},
            )
        ]
    errors = []
    for info in entries:
        limit = MAX_JSON_BYTES if info.filename == ZIP_JSON_NAME else settings.PHOTO_MAX_BYTES
        if info.file_size > limit:
            errors.append(("", entry_too_large(info.filename, limit)))
    return errors


def entry_too_large(name: str, limit: int) -> str:
    return _("“%(name)s” in the zip is larger than the limit of %(limit)s uncompressed") % {
        "name": name,
        "limit": file_size(limit),
    }


def read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """A zip entry's bytes, never more than `limit` whatever its header says; or ValueError."""
    if info.file_size > limit:
        raise ValueError(entry_too_large(info.filename, limit))
    try:
        with archive.open(info) as handle:
            content = handle.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
        # a wrong CRC (a header that lies about the size), bad data, encryption, a method
        # that zipfile cannot read
        raise ValueError(
            _("“%(name)s” in the zip cannot be read: the file is damaged or encrypted")
            % {"name": info.filename}
        ) from None
    if len(content) > limit:
        raise ValueError(entry_too_large(info.filename, limit))
    return content


def safe_relative_path(ref: str) -> str:
    """A relative path that stays inside the file's folder, or ValueError."""
    cleaned = ref.replace("\\", "/")
    normal = posixpath.normpath(cleaned)
    if (
        not cleaned
        or cleaned.startswith("/")
        or re.match(r"^[a-zA-Z]:", cleaned)
        or normal == ".."
        or normal.startswith("../")
        or "\0" in cleaned
    ):
        raise ValueError(
            _("image path “%(path)s” must be relative and stay inside the file's folder")
            % {"path": ref}
        )
    return normal


_EXTENSIONS = {"image/jpeg": "jpg", "image/jpg": "jpg", "image/png": "png", "image/webp": "webp"}


def read_data_uri(ref: str) -> tuple[str, bytes]:
    match = _DATA_URI.match(ref)
    bad = _("not a valid data: URI (expected data:image/…;base64,…)")
    if not match or not match.group("b64"):
        raise ValueError(bad)
    payload = ref[match.end() :]
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(bad) from None
    if len(data) > settings.PHOTO_MAX_BYTES:
        raise ValueError(_("the embedded image is too large"))
    mime = (match.group("mime") or "").lower()
    return f"photo.{_EXTENSIONS.get(mime, 'jpg')}", data


_MIME = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}


class ImageSink:
    """Collects the photos of an export: as files under `prefix`, or inline as data: URIs."""

    def __init__(self, prefix: str, inline: bool):
        self.prefix = prefix
        self.inline = inline
        self.files: list[tuple[str, m.Photo]] = []
        self.count = 0

    def add(self, photo: m.Photo, meeting_number: int, photo_number: int) -> str:
        self.count += 1
        extension = Path(photo.image.name).suffix.lower() or ".jpg"
        if self.inline:
            encoded = base64.b64encode(read_photo(photo)).decode("ascii")
            return f"data:{_MIME.get(extension, 'image/jpeg')};base64,{encoded}"
        name = f"{self.prefix}{meeting_number:04d}-{photo_number:02d}{extension}"
        self.files.append((name, photo))
        return name


def read_photo(photo: m.Photo) -> bytes:
    try:
        with photo.image.storage.open(photo.image.name, "rb") as handle:
            return handle.read()
    except OSError:
        raise InterchangeError(
            [
                (
                    "",
                    _("the image file “%(name)s” of a photo is missing from storage")
                    % {"name": photo.image.name},
                )
            ]
        ) from None


# The keys of a MEETING that are its minutes: an import never changes them once the meeting's
# minutes are approved in the database (MINUTES_FIELDS and MINUTES_PARTS of the meeting writer,
# and the congress's results, locked with them in the admin).
MINUTES_KEYS = (
    "kinds",
    "end_date",
    "start_time",
    "end_time",
    "part_of_day",
    "mode",
    "place",
    "chairs",
    "minute_taker",
    "guests",
    "attendance",
    "documents",
    "agenda",
    "conclusion",
    "elections",
)


def moment_text(value) -> str | None:
    """A date-time as the format writes it: local time with its offset, to the second."""
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None
