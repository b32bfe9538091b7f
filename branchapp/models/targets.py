from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..text import normalise
from .common import announced_at, range_check


class ValueKind(models.TextChoices):
    PERCENT = "percent", _("percentage")
    COUNT = "count", _("count")
    PERCENT_OF_PLAN = "percent_of_plan", _("percentage of plan")
    RANK = "rank", _("rank")
    BOOLEAN = "boolean", _("yes / no")
    QUALITATIVE = "qualitative", _("qualitative")


class Comparison(models.TextChoices):
    AT_LEAST = "at_least", _("at least")
    AT_MOST = "at_most", _("at most")
    EXACTLY = "exactly", _("exactly")
    BETWEEN = "between", _("between")
    ABOVE = "above", _("above (strictly)")
    BELOW = "below", _("below (strictly)")


class Assessment(models.TextChoices):
    EXCEEDED = "exceeded", _("Exceeded")
    ACHIEVED = "achieved", _("Achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")
    PENDING = "pending", _("Not yet assessed")


def assess(comparison, planned_min, planned_max, actual, *, kind=None) -> str:
    """The assessment the numbers give, or PENDING when they cannot decide it.

    "At least 90" is exceeded above 90 and achieved at 90. A strict bound ("above 95",
    "below 2") is achieved only beyond it: 95 against "above 95" is not achieved; a result
    beyond a strict bound is "achieved" (exceeding it is a judgement chosen by hand).

    A rank is better when lower, whatever the comparison says: against a plan of 15th, 12th
    exceeds it, 15th achieves it and 20th does not; "at least" and "at most" both mean "15th
    or better", "above" and "below" both mean "better than 15th".
    """
    if actual is None or (planned_min is None and planned_max is None):
        return Assessment.PENDING
    low = planned_min if planned_min is not None else planned_max
    high = planned_max if planned_max is not None else planned_min
    if kind == ValueKind.RANK:
        # Negated, a better (lower) rank is a higher number: "15th or better" is "at least -15".
        actual, low, high = -actual, -high, -low
        comparison = {
            Comparison.AT_MOST: Comparison.AT_LEAST,
            Comparison.BELOW: Comparison.ABOVE,
        }.get(comparison, comparison)
    match comparison:
        case Comparison.AT_MOST:
            if actual < high:
                return Assessment.EXCEEDED
            return Assessment.ACHIEVED if actual == high else Assessment.NOT_ACHIEVED
        case Comparison.BELOW:
            return Assessment.ACHIEVED if actual < high else Assessment.NOT_ACHIEVED
        case Comparison.ABOVE:
            return Assessment.ACHIEVED if actual > low else Assessment.NOT_ACHIEVED
        case Comparison.EXACTLY:
            return Assessment.ACHIEVED if actual == low else Assessment.NOT_ACHIEVED
        case Comparison.BETWEEN:
            if actual > high:
                return Assessment.EXCEEDED
            return Assessment.ACHIEVED if actual >= low else Assessment.NOT_ACHIEVED
        case _:
            if actual > low:
                return Assessment.EXCEEDED
            return Assessment.ACHIEVED if actual == low else Assessment.NOT_ACHIEVED


class Indicator(models.TextChoices):
    """Figures the app can compute for an organisation and year (see selectors/indicators.py)."""

    MEMBERS_GOOD_OR_ABOVE_SHARE = (
        "members_good_share",
        _("share of members rated good or above (%)"),
    )
    MEMBERS_EXCELLENT_SHARE = "members_excellent_share", _("share of members rated excellent (%)")
    CELLS_GOOD_OR_ABOVE = "cells_good_count", _("number of cells rated good or above")
    CELLS_EXCELLENT = "cells_excellent_count", _("number of cells rated excellent")
    MEMBERS_ADMITTED = "members_admitted", _("members admitted")
    MEMBERS_CONFIRMED = "members_confirmed", _("members confirmed")
    INSPECTION_CASES = "inspection_cases", _("inspection cases")
    SUPERVISION_CASES = "supervision_cases", _("supervision cases")
    MEETINGS_HELD_SHARE = "meetings_held_share", _("meetings held against meetings due (%)")
    ATTENDANCE_RATE = "attendance_rate", _("attendance rate (%)")


class TargetQuerySet(models.QuerySet):
    def tally(self) -> dict[str, int]:
        counts = dict.fromkeys(Assessment.values, 0)
        for row in self.order_by().values("assessment").annotate(n=models.Count("id")):
            counts[row["assessment"]] = row["n"]
        return counts


class Target(models.Model):
    """A target (chỉ tiêu) of an organisation for a year or a term, with its result."""

    organisation = models.ForeignKey(
        "branchapp.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="targets",
    )
    year = models.PositiveIntegerField(_("year"), null=True, blank=True)
    term = models.CharField(_("term"), max_length=30, blank=True, help_text=_("e.g. 2020-2025"))
    order = models.PositiveIntegerField(_("order"), default=0)
    group = models.CharField(
        _("group heading"), max_length=255, blank=True, help_text=_("e.g. Công tác xây dựng Đảng")
    )
    title = models.TextField(_("target"))
    planned_text = models.CharField(_("planned (as written)"), max_length=255, blank=True)
    actual_text = models.TextField(_("result (as written)"), blank=True)
    value_kind = models.CharField(
        _("kind of value"), max_length=20, choices=ValueKind, default=ValueKind.QUALITATIVE
    )
    comparison = models.CharField(
        _("comparison"), max_length=10, choices=Comparison, default=Comparison.AT_LEAST
    )
    planned_min = models.DecimalField(
        _("planned value (or minimum)"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    planned_max = models.DecimalField(
        _("planned maximum"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    actual_value = models.DecimalField(
        _("actual value"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    assessment = models.CharField(
        _("assessment"), max_length=15, choices=Assessment, default=Assessment.PENDING
    )
    assessment_manual = models.BooleanField(
        _("assessment chosen by hand"),
        default=False,
        help_text=_("Otherwise the assessment is computed from the numbers."),
    )
    indicator = models.CharField(
        _("computed from"),
        max_length=30,
        choices=Indicator,
        blank=True,
        help_text=_("When set, the result is computed from the records of that year."),
    )
    note = models.TextField(_("note"), blank=True)
    adopted_at = announced_at("targets_adopted", _("adopted at meeting"))
    reviewed_at = announced_at("targets_reviewed", _("reviewed at meeting"))

    objects = TargetQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["organisation", "year", "term", "order", "id"]
        indexes = [models.Index(fields=["organisation", "year"], name="target_org_year")]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=False) | ~Q(term=""),
                name="target_has_year_or_term",
                violation_error_message=_("A target is for a year or for a term."),
            ),
            range_check(
                "target_planned_range",
                "planned_min",
                "planned_max",
                _("The planned maximum is below the minimum."),
            ),
            models.CheckConstraint(
                condition=~Q(comparison="between")
                | (Q(planned_min__isnull=False) & Q(planned_max__isnull=False)),
                name="target_between_needs_both_bounds",
                violation_error_message=_("“Between” needs both a minimum and a maximum."),
            ),
        ]

    def __str__(self):
        return normalise(self.title)[:80]

    def save(self, *args, **kwargs):
        if not self.assessment_manual:
            self.assessment = self.computed_assessment()
        super().save(*args, **kwargs)

    def computed_assessment(self) -> str:
        if self.value_kind in (ValueKind.QUALITATIVE, ValueKind.BOOLEAN):
            if self.value_kind == ValueKind.BOOLEAN and self.actual_value is not None:
                return Assessment.ACHIEVED if self.actual_value else Assessment.NOT_ACHIEVED
            return Assessment.PENDING
        return assess(
            self.comparison,
            self.planned_min,
            self.planned_max,
            self.actual_value,
            kind=self.value_kind,
        )

    @property
    def period_label(self) -> str:
        return str(self.year) if self.year else self.term
