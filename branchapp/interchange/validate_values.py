"""Reading the values of an interchange file's objects, each error kept with its JSON path.

`ValueValidator` has one reader for each kind of value the format uses (text, whole numbers,
years, numbers, true/false, choices, dates, times, date-times, lists, nested objects): each
returns the clean value, or a default after recording what is wrong.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ..text import normalise

MISSING = object()
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^\d{2}:\d{2}$")
_NUMBER_LIMIT = Decimal(10) ** 10
_FOUR_PLACES = Decimal("0.0001")


def join(path: str, key) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def max_length(model, field_name) -> int | None:
    return model._meta.get_field(field_name).max_length


def type_name(value) -> str:
    if value is None:
        return _("null (no value)")
    if isinstance(value, bool):
        return _("true or false value")
    if isinstance(value, (int, float)):
        return _("a number")
    if isinstance(value, str):
        return _("a text")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("an object")
    return type(value).__name__


class ValueValidator:
    """The readers of single values, and the list of errors they collect."""

    def __init__(self):
        self.errors: list[tuple[str, str]] = []

    def error(self, path, message):
        self.errors.append((path, str(message)))

    def _get(self, obj, key, path, required):
        if key not in obj:
            if required:
                self.error(join(path, key), _("required key is missing"))
            return MISSING
        return obj[key]

    def text(self, obj, key, path, *, required=False, limit=None) -> str:
        """Trimmed NFC text; null or a missing key give ""."""
        value = self._get(obj, key, path, required)
        where = join(path, key)
        if value is MISSING or (value is None and not required):
            return ""
        if not isinstance(value, str):
            self.error(where, _("expected text, got %(type)s") % {"type": type_name(value)})
            return ""
        value = normalise(value)
        if required and not value:
            self.error(where, _("must not be empty"))
        if limit and len(value) > limit:
            self.error(where, _("is longer than %(max)s characters") % {"max": limit})
        return value

    def integer(self, obj, key, path, *, required=False, minimum=0, maximum=None, default=None):
        value = self._get(obj, key, path, required)
        where = join(path, key)
        if value is MISSING or (value is None and not required):
            return default
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or (isinstance(value, float) and not value.is_integer())
        ):
            self.error(
                where, _("expected a whole number, got %(type)s") % {"type": type_name(value)}
            )
            return default
        value = int(value)
        if minimum is not None and value < minimum:
            self.error(where, _("must be at least %(min)s") % {"min": minimum})
        elif maximum is not None and value > maximum:
            self.error(where, _("must be at most %(max)s") % {"max": maximum})
        return value

    def year(self, obj, key, path, *, required=False):
        return self.integer(obj, key, path, required=required, minimum=1900, maximum=2200)

    def number(self, obj, key, path) -> Decimal | None:
        value = self._get(obj, key, path, False)
        where = join(path, key)
        if value is MISSING or value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error(where, _("expected a number, got %(type)s") % {"type": type_name(value)})
            return None
        try:
            number = Decimal(str(value)).quantize(_FOUR_PLACES)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or abs(number) >= _NUMBER_LIMIT:
            self.error(where, _("is too large"))
            return None
        return number

    def boolean(self, obj, key, path, *, default: bool) -> bool:
        value = self._get(obj, key, path, False)
        if value is MISSING or value is None:
            return default
        if not isinstance(value, bool):
            self.error(
                join(path, key),
                _("expected true or false, got %(type)s") % {"type": type_name(value)},
            )
            return default
        return value

    def choice(self, obj, key, path, choices, *, required=False, default=""):
        value = self._get(obj, key, path, required)
        where = join(path, key)
        if value is MISSING or (value is None and not required):
            return default
        if not isinstance(value, str) or value not in choices:
            shown = value if isinstance(value, str) else type_name(value)
            self.error(
                where,
                _("“%(value)s” is not one of: %(choices)s")
                % {"value": shown, "choices": ", ".join(choices)},
            )
            return default
        return value

    def date(self, obj, key, path, *, required=False) -> datetime.date | None:
        value = self._get(obj, key, path, required)
        where = join(path, key)
        if value is MISSING or (value is None and not required):
            return None
        if isinstance(value, str) and _DATE.match(value):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                pass
        shown = value if isinstance(value, str) else type_name(value)
        self.error(where, _("“%(value)s” is not a valid date (YYYY-MM-DD)") % {"value": shown})
        return None

    def time(self, obj, key, path) -> datetime.time | None:
        value = self._get(obj, key, path, False)
        if value is MISSING or value is None:
            return None
        if isinstance(value, str) and _TIME.match(value):
            try:
                return datetime.time.fromisoformat(value)
            except ValueError:
                pass
        shown = value if isinstance(value, str) else type_name(value)
        self.error(join(path, key), _("“%(value)s” is not a valid time (HH:MM)") % {"value": shown})
        return None

    def moment(self, obj, key, path) -> datetime.datetime | None:
        value = self._get(obj, key, path, False)
        if value is MISSING or value is None:
            return None
        if isinstance(value, str) and "T" in value:
            try:
                parsed = datetime.datetime.fromisoformat(value)
            except ValueError:
                parsed = None
            if parsed is not None and parsed.tzinfo is not None:
                return parsed
        shown = value if isinstance(value, str) else type_name(value)
        self.error(
            join(path, key),
            _("“%(value)s” is not a date and time with an offset (e.g. 2022-01-04T08:30:00+07:00)")
            % {"value": shown},
        )
        return None

    def objects(self, obj, key, path, *, required=False):
        """(path, item) for each object of a list; null or a missing key give []."""
        value = self._get(obj, key, path, required)
        where = join(path, key)
        if value is MISSING or (value is None and not required):
            return []
        if not isinstance(value, list):
            self.error(where, _("expected a list, got %(type)s") % {"type": type_name(value)})
            return []
        items = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                items.append((join(where, index), item))
            else:
                self.error(
                    join(where, index),
                    _("expected an object, got %(type)s") % {"type": type_name(item)},
                )
        return items

    def texts(self, obj, key, path, *, limit=None) -> list[str]:
        value = self._get(obj, key, path, False)
        where = join(path, key)
        if value is MISSING or value is None:
            return []
        if not isinstance(value, list):
            self.error(where, _("expected a list, got %(type)s") % {"type": type_name(value)})
            return []
        holder = dict(enumerate(value))
        return [self.text(holder, i, where, required=True, limit=limit) for i in holder]

    def nested(self, obj, key, path, *, required=False):
        """(path, object) of an object-valued key, or None when null or missing."""
        value = self._get(obj, key, path, required)
        where = join(path, key)
        if value is MISSING or value is None:
            if required and value is None:
                self.error(
                    where, _("expected an object, got %(type)s") % {"type": type_name(value)}
                )
            return None
        if not isinstance(value, dict):
            self.error(where, _("expected an object, got %(type)s") % {"type": type_name(value)})
            return None
        return where, value

    def after(self, path, key, start, end, message):
        if start is not None and end is not None and end < start:
            self.error(join(path, key), message)
