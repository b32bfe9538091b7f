"""The quorum and majority rules in force for a period, kept as data (like the rating rules):
what share of which number a meeting needs present, or a vote needs in favour."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .common import range_check


class RuleSubject(models.TextChoices):
    """What a rule decides: the validity of a meeting, or one kind of vote (see VoteSubject)."""

    MEETING_QUORUM = "meeting_quorum", _("meeting quorum (members present)")
    CONGRESS_QUORUM = "congress_quorum", _("congress quorum (full members present)")
    RESOLUTION = "resolution", _("resolution")
    ADMISSION = "admission", _("admission of a member")
    CONFIRMATION = "confirmation", _("confirmation as full member")
    STRIKE_OFF = "strike_off", _("striking a probationary member off")
    ELECTION = "election", _("election")


class RuleBase(models.TextChoices):
    """The number a rule's share is taken of, computed from a meeting's attendance."""

    DENOMINATOR = "denominator", _("full members counted under 24-QĐ/TW 9.3.2")
    FULL_MEMBERS = "full_members", _("full members convened")


class MajorityRule(models.Model):
    """A quorum or majority in force for a period: "more than 1/2", "at least 2/3" of a base."""

    subject = models.CharField(_("applies to"), max_length=20, choices=RuleSubject)
    numerator = models.PositiveSmallIntegerField(_("share: numerator"), default=1)
    denominator = models.PositiveSmallIntegerField(_("share: denominator"), default=2)
    strict = models.BooleanField(
        _("more than the share"),
        default=True,
        help_text=_("Ticked: more than the share (> ½); not ticked: at least the share (≥ ⅔)."),
    )
    base = models.CharField(_("share of"), max_length=20, choices=RuleBase)
    valid_from = models.DateField(_("applies to meetings from"))
    valid_to = models.DateField(_("applies to meetings until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("quorum or majority rule")
        verbose_name_plural = _("quorum and majority rules")
        ordering = ["subject", "-valid_from"]
        constraints = [
            range_check(
                "majority_rule_valid_range", "valid_from", "valid_to", low_may_be_empty=False
            ),
            models.CheckConstraint(
                condition=Q(denominator__gte=1),
                name="majority_rule_denominator_positive",
                violation_error_message=_("The share's denominator must be at least 1."),
            ),
        ]

    def __str__(self):
        return f"{self.get_subject_display()}: {self.share_label}"

    @property
    def share_label(self) -> str:
        word = _("more than") if self.strict else _("at least")
        return f"{word} {self.numerator}/{self.denominator} ({self.get_base_display()})"

    def needed(self, base: int) -> int:
        """The smallest count that meets the rule out of `base`."""
        product = self.numerator * base
        if self.strict:
            return product // self.denominator + 1
        return -(-product // self.denominator)

    def met(self, count: int, base: int) -> bool:
        return count >= self.needed(base)
