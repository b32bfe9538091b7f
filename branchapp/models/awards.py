from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .common import announced_at

# Forms offered in forms; any other form written in a report is kept as written.
COMMON_AWARD_FORMS = ["Giấy khen", "Bằng khen", "Cờ thi đua", "Huy hiệu Đảng", "Biểu dương"]
BADGE_FORM = "Huy hiệu Đảng"
BADGE_YEARS = (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)
BADGE_BATCHES = ("3/2", "19/5", "2/9", "7/11")


class Award(models.Model):
    """An award presented or announced: to a member, to a collective, or only a count."""

    form = models.CharField(_("form"), max_length=100, help_text=_("e.g. Giấy khen, Bằng khen"))
    badge_years = models.PositiveIntegerField(_("badge years"), null=True, blank=True)
    batch = models.CharField(
        _("batch"), max_length=10, blank=True, help_text="3/2, 19/5, 2/9, 7/11"
    )
    posthumous = models.BooleanField(_("posthumous"), default=False)
    issuer = models.CharField(_("issuer"), max_length=255, blank=True)
    decision = models.ForeignKey(
        "branchapp.Document",
        verbose_name=_("decision"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recipient_member = models.ForeignKey(
        "branchapp.Member",
        verbose_name=_("recipient (member)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="awards",
    )
    recipient_name = models.CharField(_("recipient's name"), max_length=150, blank=True)
    recipient_birth_year = models.PositiveIntegerField(
        _("recipient's birth year"), null=True, blank=True
    )
    recipient_branch = models.CharField(_("recipient's cell"), max_length=255, blank=True)
    recipient_collective = models.CharField(_("collective recipient"), max_length=255, blank=True)
    count = models.PositiveIntegerField(_("number"), default=1)
    reason = models.TextField(_("reason"), blank=True)
    year = models.PositiveIntegerField(_("year of merit"), null=True, blank=True)
    organisation = models.ForeignKey(
        "branchapp.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="awards",
    )
    meeting = announced_at("awards", _("presented at"))
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(count__gte=1), name="award_count_positive"),
            models.CheckConstraint(
                condition=Q(recipient_name="") | Q(recipient_collective=""),
                name="award_one_kind_of_recipient",
                violation_error_message=_(
                    "An award goes to a person or to a collective, not both."
                ),
            ),
            models.CheckConstraint(
                condition=Q(badge_years__isnull=True) | Q(form=BADGE_FORM),
                name="award_badge_years_only_for_badges",
                violation_error_message=_("Badge years are only for the Party badge."),
            ),
        ]

    def __str__(self):
        return f"{self.form}: {self.recipient_label}"

    def save(self, *args, **kwargs):
        if self.recipient_member_id and not self.recipient_name:
            self.recipient_name = self.recipient_member.full_name
        super().save(*args, **kwargs)

    @property
    def recipient_label(self) -> str:
        return self.recipient_name or self.recipient_collective or f"{self.count}"

    @property
    def form_label(self) -> str:
        if self.badge_years:
            return f"{self.form} {self.badge_years} năm"
        return self.form
