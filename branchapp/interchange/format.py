"""The interchange format's constants, errors and results, and its image references.

An import reads the images a file names through ImageSource; an export names its photos and
collects them through ImageSink.
"""

import base64
import binascii
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from .. import models as m

FORMAT = "sochibo.meetings"
VERSION = 1
ZIP_JSON_NAME = "meetings.json"
# The counts of a RATING_RESULT tally, in the order the format lists them.
TALLY_COUNTS = ("rated", "exempt", "not_rated", "excellent", "good", "completed", "not_completed")
# The counts of an ATTENDANCE are the Meeting fields of the same names, in the same order.
ATTENDANCE_COUNTS = m.ATTENDANCE_COUNTS

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
            return posixpath.basename(name), self.archive.read(info)
        path = (self.folder or Path()) / name
        if not path.is_file():
            raise ValueError(_("image “%(path)s” was not found") % {"path": ref})
        if path.stat().st_size > max_bytes:
            raise ValueError(_("image “%(path)s” is too large") % {"path": ref})
        return path.name, path.read_bytes()


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
