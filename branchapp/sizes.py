"""File sizes as users count them: decimal units (1 MB = 1,000,000 bytes), in the locale's
number format ("20,5 MB" in Vietnamese, with a no-break space). Every size shown to users
goes through `file_size`."""

from decimal import ROUND_HALF_UP, Decimal

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
