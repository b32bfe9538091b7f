"""File sizes as users count them: decimal units (1 MB = 1,000,000 bytes), in the locale's
number format ("20,5 MB" in Vietnamese, with a no-break space). Every size shown to users
goes through `file_size`; the upload limits of the settings are shown through `limit_size`
(templates: `{% load sizes %}{% upload_limit "photo" as size %}`), so that a hint never says
another size than the check applies."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import ngettext

NBSP = "\u00a0"  # the number and its unit are never split over two lines
UNITS = (("GB", 10**9), ("MB", 10**6), ("kB", 10**3))


def file_size(size: int) -> str:
    """`size` bytes in decimal units with at most one decimal: 20_500_000 -> "20,5 MB"."""
    size = int(size)
    for unit, factor in UNITS:
        if size >= factor:
            value = (Decimal(size) / factor).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            places = 0 if value == value.to_integral_value() else 1
            return f"{number_format(value, places)}{NBSP}{unit}"
    return (ngettext("%(n)s byte", "%(n)s bytes", size) % {"n": size}).replace(" ", NBSP)


# The upload limits users are told about: name -> the setting holding it in bytes.
LIMITS = {"photo": "PHOTO_MAX_BYTES", "member_import": "MEMBER_IMPORT_MAX_BYTES"}


def limit_bytes(name: str) -> int:
    """The upload limit `name` ("photo", "member_import") in bytes, from the settings."""
    return int(getattr(settings, LIMITS[name]))


def limit_size(name: str) -> str:
    """The upload limit `name` as users read it: "15 MB"."""
    return file_size(limit_bytes(name))


def photo_megapixels() -> str:
    """The photos' pixel limit in megapixels (settings.PHOTO_MAX_PIXELS): "40"."""
    value = Decimal(settings.PHOTO_MAX_PIXELS) / 10**6
    places = 0 if value == value.to_integral_value() else 1
    return number_format(value, places)
