"""What the screens' forms share: values read from a request, and formset rows kept to their owner.

An id in a query string or a form is parsed here, never with `int()` after `str.isdigit()`:
`"²".isdigit()` is True and `int("²")` fails, and `int()` takes digits of any script and any
length. `parse_id` takes ASCII digits within the range of the database's id columns only, and
answers anything else with 400 (Django's `BadRequest`): odd input is the client's error, not a
server error.
"""

import datetime
import re

from django.core.exceptions import BadRequest, ValidationError
from django.forms import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

# The largest id a database column holds (BigAutoField: a signed 64-bit integer).
MAX_ID = 2**63 - 1
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")  # not \d, which matches every script's digits


def parse_id(value) -> int | None:
    """The id written in `value` (a request parameter), or None when it is missing or empty.

    Raises BadRequest (answered with 400) for anything but ASCII digits, or a number beyond
    the database's range.
    """
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _ASCII_DIGITS.fullmatch(value):
        raise BadRequest("Not an id.")
    number = int(value)
    if number > MAX_ID:
        raise BadRequest("An id beyond the database's range.")
    return number


_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


def parse_month(value) -> datetime.date | None:
    """The first day of the month written in `value` as "YYYY-MM" (a request parameter), or
    None when it is missing or empty.

    Raises BadRequest (400) for anything else: other digits, another shape, month 13.
    """
    if value is None or value == "":
        return None
    match = _MONTH.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise BadRequest("Not a month.")
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12 or year < 1:
        raise BadRequest("Not a month.")
    return datetime.date(year, month, 1)


def parse_text(value) -> str:
    """A text parameter (a search, a filter), stripped; "" when missing.

    Raises BadRequest (400) for a NUL character, which no browser sends from a field and
    PostgreSQL cannot compare.
    """
    text = (value or "").strip()
    if "\x00" in text:
        raise BadRequest("A NUL character.")
    return text


UNKNOWN_ROW = _(
    "A row of this list is not one of this page's rows (it may have been removed meanwhile): "
    "open the page again."
)


class KnownRowsMixin:
    """For model formsets: a posted row whose id is not one of the formset's own rows (another
    meeting's, another organisation's, or a removed one) is a form error. Django would take it
    for a new row, or, in an edit-only formset, for a row without an object.

    Put it before the formset class: `class MyFormSet(KnownRowsMixin, BaseInlineFormSet)`.
    """

    def clean(self):
        super().clean()
        pk_name = self.model._meta.pk.name
        for form in self.forms:
            posted = form.data.get(form.add_prefix(pk_name))
            if (posted or self.edit_only) and form.instance.pk is None:
                raise ValidationError(UNKNOWN_ROW, code="unknown_row")


class KnownRowsInlineFormSet(KnownRowsMixin, BaseInlineFormSet):
    pass
