"""Congress elections: the committee elected and the delegates chosen at a congress."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .meetings import Meeting, PersonRef


class Election(models.Model):
    """The results of a congress: the committee elected and the delegates chosen."""

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="election"
    )
    committee_size = models.PositiveIntegerField(_("committee size"), null=True, blank=True)

    # Kept so a deleted meeting can be restored whole (admin restore).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")

    def __str__(self):
        return str(self.meeting)


class ElectedPerson(PersonRef):
    """Someone elected at a congress: an officer/committee member or a delegate."""

    class Kind(models.TextChoices):
        ELECTED = "elected", _("elected to the committee")
        DELEGATE = "delegate", _("delegate to the upper congress")

    # Optional here: a report may give only the position ("Phó Bí thư Đảng ủy").
    name = models.CharField(_("name"), max_length=150, blank=True)
    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="people"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    re_elected = models.BooleanField(_("re-elected"), default=False)
    alternate = models.BooleanField(_("alternate delegate"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)

    # Kept so a deleted meeting can be restored whole (admin restore).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("elected person")
        verbose_name_plural = _("elected people")
        ordering = ["kind", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name="") | ~Q(position=""),
                name="elected_person_name_or_position",
                violation_error_message=_("Give the name or the position of the person elected."),
            ),
        ]

    def __str__(self):
        if self.name and self.position:
            return f"{self.name}, {self.position}"
        return self.label

    @property
    def label(self) -> str:
        """The name, or the position alone when the name is not known."""
        return self.name or self.position
