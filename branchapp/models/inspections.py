from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .common import announced_at


class InspectionCase(models.Model):
    """An inspection or supervision case (restricted: only yearly counts are published)."""

    class Kind(models.TextChoices):
        INSPECTION = "inspection", _("inspection (kiểm tra)")
        SUPERVISION = "supervision", _("supervision (giám sát)")

    class Subtype(models.TextChoices):
        REGULAR = "regular", _("regular")
        THEMATIC = "thematic", _("thematic")
        SIGNS_OF_VIOLATION = "violation", _("signs of violation")
        DENUNCIATION = "denunciation", _("denunciation")
        FINANCE = "finance", _("Party finance")

    class Result(models.TextChoices):
        PENDING = "pending", _("in progress")
        PASSED = "passed", _("no shortcomings")
        SHORTCOMINGS = "shortcomings", _("shortcomings found")
        VIOLATION = "violation", _("violation")

    organisation = models.ForeignKey(
        "branchapp.Organisation",
        verbose_name=_("conducted by"),
        on_delete=models.PROTECT,
        related_name="inspection_cases",
    )
    conducted_by_text = models.CharField(
        _("conducted by (as written)"), max_length=255, blank=True, help_text=_("e.g. UBKT Đảng ủy")
    )
    year = models.PositiveIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=15, choices=Kind)
    subtype = models.CharField(_("subtype"), max_length=15, choices=Subtype, blank=True)
    subject_member = models.ForeignKey(
        "branchapp.Member",
        verbose_name=_("member inspected"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    subject_organisation = models.ForeignKey(
        "branchapp.Organisation",
        verbose_name=_("organisation inspected"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    subject_count = models.PositiveIntegerField(
        _("number of subjects"), default=1, help_text=_("When only a number is known.")
    )
    content = models.TextField(_("content"), blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    result = models.CharField(_("result"), max_length=15, choices=Result, default=Result.PENDING)
    meeting = announced_at("inspection_cases")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection or supervision case")
        verbose_name_plural = _("inspection and supervision cases")
        ordering = ["-year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(subject_count__gte=1), name="inspection_subject_count_positive"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year}"


class DisciplineAction(models.Model):
    """A disciplinary measure (restricted to administrators)."""

    class Form(models.TextChoices):
        REPRIMAND = "reprimand", _("reprimand (khiển trách)")
        WARNING = "warning", _("warning (cảnh cáo)")
        DISMISSAL = "dismissal", _("dismissal (cách chức)")
        EXPULSION = "expulsion", _("expulsion (khai trừ)")
        DISSOLUTION = "dissolution", _("dissolution (giải tán)")

    organisation = models.ForeignKey(
        "branchapp.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="discipline_actions",
    )
    member = models.ForeignKey(
        "branchapp.Member",
        verbose_name=_("member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="discipline_actions",
    )
    subject_organisation = models.ForeignKey(
        "branchapp.Organisation",
        verbose_name=_("organisation disciplined"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    form = models.CharField(_("form"), max_length=15, choices=Form)
    decision = models.ForeignKey(
        "branchapp.Document",
        verbose_name=_("decision"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    date = models.DateField(_("date"))
    reason = models.TextField(_("reason"), blank=True)
    inspection_case = models.ForeignKey(
        InspectionCase,
        verbose_name=_("inspection case"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="discipline_actions",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("discipline action")
        verbose_name_plural = _("discipline actions")
        ordering = ["-date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False) | Q(subject_organisation__isnull=False),
                name="discipline_has_subject",
                violation_error_message=_(
                    "A discipline action concerns a member or an organisation."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_form_display()} {self.date:%d/%m/%Y}"
