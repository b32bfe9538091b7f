"""Candidates for admission: the organisation's list of outstanding non-members and Party
sympathisers, reviewed by the cell every month, each helped by a full member (DOMAIN §1.4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..text import SORT_KEY_LENGTH, name_sort_key, normalise


class CandidateStage(models.TextChoices):
    OUTSTANDING = "outstanding", _("outstanding non-member (quần chúng ưu tú)")
    SYMPATHISER = "sympathiser", _("Party sympathiser (cảm tình Đảng)")


# How an admission records the candidate's prior status, as the Party's forms write it.
PRIOR_STATUS_WORDS = {
    CandidateStage.OUTSTANDING: "Quần chúng ưu tú",
    CandidateStage.SYMPATHISER: "Cảm tình Đảng",
}


class CandidateQuerySet(models.QuerySet):
    def waiting(self):
        """Candidates not yet admitted."""
        return self.filter(admitted_member__isnull=True)


class Candidate(models.Model):
    """Someone the organisation prepares for admission, until the admission makes them a member."""

    organisation = models.ForeignKey(
        "branchapp.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="candidates",
    )
    full_name = models.CharField(_("full name"), max_length=150)
    sort_name = models.CharField(
        max_length=SORT_KEY_LENGTH, editable=False, db_index=True, default=""
    )
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    stage = models.CharField(
        _("stage"), max_length=20, choices=CandidateStage, default=CandidateStage.OUTSTANDING
    )
    mentor = models.CharField(
        _("mentor"),
        max_length=150,
        blank=True,
        help_text=_("The full member the cell assigned to help the candidate."),
    )
    listed_on = models.DateField(_("on the list since"), null=True, blank=True)
    course_date = models.DateField(
        _("Party awareness course certificate"),
        null=True,
        blank=True,
        help_text=_("Date of the certificate of the course “Nhận thức về Đảng” (valid 5 years)."),
    )
    reviewed_on = models.DateField(_("last reviewed by the cell"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    admitted_member = models.OneToOneField(
        "branchapp.Member",
        verbose_name=_("admitted as"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidacy",
    )

    objects = CandidateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("candidate for admission")
        verbose_name_plural = _("candidates for admission")
        ordering = ["sort_name", "id"]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.full_name = normalise(self.full_name)
        self.sort_name = name_sort_key(self.full_name)
        super().save(*args, **kwargs)
