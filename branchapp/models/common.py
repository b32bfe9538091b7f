"""Pieces several models build the same way: range checks and the meeting a record came from."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

END_BEFORE_START = _("The end date cannot be before the start date.")
ANNOUNCED_AT = _("announced at")


def range_check(name, low, high, message=END_BEFORE_START, *, low_may_be_empty=True):
    """A check that the field `high` is not below the field `low` when both are filled in.

    An empty `high` always passes; so does an empty `low`, unless `low_may_be_empty` is False
    (the field cannot be empty, and the check does not mention it being empty).
    """
    condition = Q(**{f"{high}__isnull": True})
    if low_may_be_empty:
        condition |= Q(**{f"{low}__isnull": True})
    condition |= Q(**{f"{high}__gte": F(low)})
    return models.CheckConstraint(condition=condition, name=name, violation_error_message=message)


def announced_at(related_name, verbose_name=ANNOUNCED_AT):
    """The meeting at which something was announced, presented, adopted or reviewed, if known:
    the record stays when the meeting is deleted."""
    return models.ForeignKey(
        "branchapp.Meeting",
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
    )
