"""Dates and times that cannot be misread: text boxes in dd/mm/yyyy and HH:MM (24 hours), read
day-first by the app whatever the browser's language, each date echoed in words under its box
("Thứ Bảy, 04/10/2025"). static/js/dates.js adds a calendar picker and the live echo."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Day-first whatever the language: "4/10/2025", "04/10/2025", "4-10-2025" and "4.10.2025" are
# all 4 October 2025; the ISO form is read too (links, older pages).
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y", "%Y-%m-%d"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%Hh%M", "%Hg%M", "%Hh", "%H.%M"]
DATE_DISPLAY_FORMAT = "%d/%m/%Y"

WEEKDAYS = (
    pgettext_lazy("day of the week", "Monday"),
    pgettext_lazy("day of the week", "Tuesday"),
    pgettext_lazy("day of the week", "Wednesday"),
    pgettext_lazy("day of the week", "Thursday"),
    pgettext_lazy("day of the week", "Friday"),
    pgettext_lazy("day of the week", "Saturday"),
    pgettext_lazy("day of the week", "Sunday"),
)

DATE_ERROR = _("Type the date as day/month/year, for example 04/10/2025.")
DATETIME_ERROR = _("Type the date and time as day/month/year hours:minutes, e.g. 04/10/2025 08:00.")
TIME_ERROR = _("Type the time as hours:minutes on the 24-hour clock, for example 14:00.")


def parse_day_first(value) -> datetime.date | None:
    """A date typed day-first, or None when empty or unreadable."""
    if isinstance(value, datetime.date):
        return value
    text = (value or "").strip()
    for fmt in DATE_INPUT_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def date_in_words(day: datetime.date | None) -> str:
    """ "Thứ Bảy, 04/10/2025": the weekday makes a day and month swapped by mistake visible."""
    if day is None:
        return ""
    return f"{WEEKDAYS[day.weekday()]}, {day.strftime(DATE_DISPLAY_FORMAT)}"


class DayFirstDateInput(forms.DateInput):
    """A text box in dd/mm/yyyy (never the browser's date box, whose order follows the
    browser's language), followed by the date in words."""

    input_type = "text"

    def __init__(self, attrs=None):
        base = {
            "class": "js-date ws-date",
            "inputmode": "numeric",
            "autocomplete": "off",
            "placeholder": _("dd/mm/yyyy"),
            "maxlength": "10",
        }
        super().__init__(attrs={**base, **(attrs or {})}, format=DATE_DISPLAY_FORMAT)

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        echo_id = f"{(attrs or {}).get('id') or self.attrs.get('id') or name}-echo"
        return format_html(
            '{}<div class="form-text ws-date-echo js-date-echo" id="{}" aria-live="polite">{}</div>',
            html,
            echo_id,
            date_in_words(parse_day_first(value)),
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_id = context["widget"]["attrs"].get("id")
        if widget_id:
            context["widget"]["attrs"]["aria-describedby"] = f"{widget_id}-echo"
        return context


class TwentyFourHourInput(forms.TimeInput):
    """A text box in HH:MM on the 24-hour clock ("14:00", "7h30"), never AM/PM."""

    input_type = "text"

    def __init__(self, attrs=None):
        base = {
            "class": "ws-time",
            "inputmode": "numeric",
            "autocomplete": "off",
            "placeholder": _("HH:MM"),
            "maxlength": "8",
        }
        super().__init__(attrs={**base, **(attrs or {})}, format="%H:%M")


class DayFirstFormMixin:
    """Every date and time field of the form read day-first and on the 24-hour clock, with a
    message that says how to type them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        day_first_fields(self)


def day_first_fields(form) -> None:
    for field in form.fields.values():
        if isinstance(field, forms.DateTimeField):
            continue
        if isinstance(field, forms.DateField):
            field.input_formats = DATE_INPUT_FORMATS
            field.error_messages["invalid"] = DATE_ERROR
            if not isinstance(field.widget, forms.HiddenInput):
                field.widget = copy_attrs(DayFirstDateInput(), field.widget)
        elif isinstance(field, forms.TimeField):
            field.input_formats = TIME_INPUT_FORMATS
            field.error_messages["invalid"] = TIME_ERROR
            if not isinstance(field.widget, forms.HiddenInput):
                field.widget = copy_attrs(TwentyFourHourInput(), field.widget)


def copy_attrs(widget, old):
    """The new widget keeps what the old one was told (a class, a data attribute)."""
    for key, value in old.attrs.items():
        if key in ("type",):
            continue
        if key == "class":
            value = " ".join(dict.fromkeys(f"{widget.attrs.get('class', '')} {value}".split()))
        widget.attrs[key] = value
    widget.is_required = old.is_required
    return widget


def clean_day_first(value) -> datetime.date | None:
    """A posted date (e.g. the meeting's, to pick the titles of that day) or None."""
    try:
        return forms.DateField(input_formats=DATE_INPUT_FORMATS).clean(value)
    except ValidationError:
        return None


DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d-%m-%Y %H:%M",
    "%d.%m.%Y %H:%M",
    "%d/%m/%Y %Hh%M",
    "%d/%m/%Y",
    "%Y-%m-%dT%H:%M",  # what a browser's own date-and-time box posted
    "%Y-%m-%d %H:%M",
]


class DayFirstDateTimeInput(forms.DateTimeInput):
    """A date and time typed "04/10/2025 08:00": day first, 24 hours, whatever the browser."""

    input_type = "text"

    def __init__(self, attrs=None):
        base = {
            "class": "ws-datetime",
            "inputmode": "numeric",
            "autocomplete": "off",
            "placeholder": _("dd/mm/yyyy HH:MM"),
            "maxlength": "16",
        }
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y %H:%M")
