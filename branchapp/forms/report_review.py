"""Forms of the review step: submit a report for review, return it with a comment.

Each carries the report's version on the page the user read, as the publish form does
(`services.reports.report_submit`, `report_return`, `report_publish` check it).
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _


def parse_version(value: str | None) -> datetime.datetime | None:
    """A report version posted back (an ISO time), or None when missing or malformed."""
    try:
        parsed = parse_datetime(value or "")
    except ValueError:
        return None
    if parsed and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


class VersionField(forms.CharField):
    """The report's version the page was rendered at (hidden)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        return parse_version(super().clean(value))


class SubmitForm(forms.Form):
    version = VersionField()


class ReturnForm(forms.Form):
    version = VersionField()
    comment = forms.CharField(
        label=_("What should be changed"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what should be changed before returning the report.")},
    )
