"""Validation of uploaded photos: real images only, within size and pixel limits."""

import warnings
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from .sizes import file_size

ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}


def validate_photo(upload) -> None:
    """Refuse anything that is not a JPEG, PNG or WebP by content, too big, or a bomb."""
    name = getattr(upload, "name", "") or _("(unnamed)")
    max_bytes = settings.PHOTO_MAX_BYTES
    max_pixels = settings.PHOTO_MAX_PIXELS
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("The file “%(name)s” is %(size)s; photos may be at most %(max)s.")
            % {"name": name, "size": file_size(size), "max": file_size(max_bytes)},
            code="photo_too_large",
        )
    position = upload.tell() if hasattr(upload, "tell") else None
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image_format = image.format
                width, height = image.size
                if width * height > max_pixels:
                    raise ValidationError(
                        _(
                            "The photo “%(name)s” is %(width)s×%(height)s pixels; "
                            "at most %(max)s megapixels are accepted."
                        )
                        % {
                            "name": name,
                            "width": width,
                            "height": height,
                            "max": max_pixels // 1_000_000,
                        },
                        code="photo_too_many_pixels",
                    )
                if image_format not in ALLOWED_IMAGE_FORMATS:
                    raise ValidationError(
                        _("The file “%(name)s” is not a JPEG, PNG or WebP photo.") % {"name": name},
                        code="photo_bad_format",
                    )
                image.verify()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("The photo “%(name)s” is too large to open safely.") % {"name": name},
            code="photo_bomb",
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("The file “%(name)s” is not a valid image (JPEG, PNG or WebP).") % {"name": name},
            code="photo_not_image",
        ) from None
    finally:
        if position is not None:
            upload.seek(0)


# -- Files attached to a meeting's documents: PDF, Word, Excel, or a photo of the paper.

DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
}
# What an Office Open XML file must hold, by its main part (the zip's entries).
_OOXML_MAIN_PARTS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx"}
_PHOTO_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
_ZIP_MAX_ENTRIES = 10_000
_ZIP_MAX_UNCOMPRESSED = 500_000_000  # refuses a zip bomb before anything reads the parts


def document_file_type(upload) -> str:
    """The extension of an attached document's type read from its content: "pdf", "docx",
    "xlsx", "jpg", "png" or "webp". Whatever the file's name says.

    Raises ValidationError, naming the file, for anything else, for a file over
    DOCUMENT_MAX_BYTES, and for a photo refused by `validate_photo`.
    """
    name = getattr(upload, "name", "") or _("(unnamed)")
    max_bytes = settings.DOCUMENT_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("The file “%(name)s” is %(size)s; documents may be at most %(max)s.")
            % {"name": name, "size": file_size(size), "max": file_size(max_bytes)},
            code="document_too_large",
        )
    not_accepted = ValidationError(
        _(
            "The file “%(name)s” is not a PDF, Word (DOCX), Excel (XLSX) or image (JPEG, PNG, "
            "WebP) file, whatever its name says."
        )
        % {"name": name},
        code="document_bad_type",
    )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            upload.seek(max(0, (size or 0) - 2048) if size else 0)
            if b"%%EOF" not in upload.read():
                raise not_accepted
            return "pdf"
        if head.startswith(b"PK\x03\x04"):
            try:
                with zipfile.ZipFile(upload) as archive:
                    entries = archive.infolist()
                    if len(entries) > _ZIP_MAX_ENTRIES or (
                        sum(entry.file_size for entry in entries) > _ZIP_MAX_UNCOMPRESSED
                    ):
                        raise not_accepted
                    names = {entry.filename for entry in entries}
                    if "[Content_Types].xml" not in names:
                        raise not_accepted
                    if any(entry.lower().endswith("vbaproject.bin") for entry in names):
                        raise not_accepted  # macro-enabled (DOCM, XLSM): never stored
                    for part, extension in _OOXML_MAIN_PARTS.items():
                        if part in names:
                            if archive.testzip() is not None:
                                raise not_accepted
                            return extension
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
                raise not_accepted from None
            raise not_accepted
        if head.startswith((b"\xff\xd8", b"\x89PNG")) or head[:4] == b"RIFF":
            validate_photo(upload)
            upload.seek(0)
            with Image.open(upload) as image:
                return _PHOTO_EXTENSIONS[image.format]
        raise not_accepted
    finally:
        upload.seek(0)
