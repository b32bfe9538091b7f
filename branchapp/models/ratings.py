from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .common import announced_at, range_check


class RatingLevel(models.TextChoices):
    EXCELLENT = "excellent", _("excellently completed duties (HTXSNV)")
    GOOD = "good", _("well completed duties (HTTNV)")
    COMPLETED = "completed", _("completed duties (HTNV)")
    NOT_COMPLETED = "not_completed", _("did not complete duties (KHTNV)")


class YearRating(models.Model):
    """What a member's and an organisation's rating for a year have in common."""

    year = models.PositiveIntegerField(_("year"))
    level = models.CharField(_("level"), max_length=15, choices=RatingLevel)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        abstract = True


class MemberRating(YearRating):
    """A member's quality rating for a year (private: never published individually)."""

    member = models.ForeignKey(
        "branchapp.Member",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="ratings",
    )
    organisation = models.ForeignKey(
        "branchapp.Organisation",
        verbose_name=_("rated in"),
        on_delete=models.PROTECT,
        related_name="member_ratings",
    )
    meeting = announced_at("member_ratings")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("member rating")
        verbose_name_plural = _("member ratings")
        ordering = ["-year", "member__sort_name"]
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="member_rating_once_a_year"),
            models.CheckConstraint(
                condition=Q(points__isnull=True) | (Q(points__gte=0) & Q(points__lte=100)),
                name="member_rating_points_range",
                violation_error_message=_("Points are between 0 and 100."),
            ),
        ]

    def __str__(self):
        return f"{self.member} {self.year}: {self.get_level_display()}"


class OrganisationRating(YearRating):
    """An organisation's quality rating for a year."""

    organisation = models.ForeignKey(
        "branchapp.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="ratings",
    )
    meeting = announced_at("organisation_ratings")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation rating")
        verbose_name_plural = _("organisation ratings")
        ordering = ["-year", "organisation__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="organisation_rating_once_a_year"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} {self.year}: {self.get_level_display()}"


class RatingTally(models.Model):
    """Rating counts as a report gives them, when individual ratings are not recorded.

    One tally per scope, organisation and year: at a meeting (the meeting that announced it),
    or on its own when no meeting is known. The organisation is the one whose members, grassroots
    organisations or cells were rated (the meeting's own organisation by default).
    """

    class Scope(models.TextChoices):
        MEMBERS = "members", _("members")
        ORGANISATIONS = "organisations", _("grassroots organisations")
        BRANCHES = "branches", _("cells directly under")

    LEVELS = ("excellent", "good", "completed", "not_completed")

    meeting = models.ForeignKey(
        "branchapp.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rating_tallies",
    )
    organisation = models.ForeignKey(
        "branchapp.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rating_tallies",
    )
    year = models.PositiveIntegerField(_("year"))
    scope = models.CharField(_("who was rated"), max_length=15, choices=Scope)
    # Null means "unknown", which is not the same as zero.
    rated = models.PositiveIntegerField(_("rated"), null=True, blank=True)
    exempt = models.PositiveIntegerField(_("exempt from rating"), null=True, blank=True)
    not_rated = models.PositiveIntegerField(_("not rated"), null=True, blank=True)
    excellent = models.PositiveIntegerField(_("excellent"), null=True, blank=True)
    good = models.PositiveIntegerField(_("good"), null=True, blank=True)
    completed = models.PositiveIntegerField(_("completed"), null=True, blank=True)
    not_completed = models.PositiveIntegerField(_("not completed"), null=True, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rating tally")
        verbose_name_plural = _("rating tallies")
        ordering = ["-year", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting__isnull=False) | Q(organisation__isnull=False),
                name="rating_tally_meeting_or_organisation",
                violation_error_message=_("A tally belongs to a meeting or to an organisation."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "organisation", "year", "scope"],
                condition=Q(meeting__isnull=False),
                name="rating_tally_once_per_meeting",
                violation_error_message=_(
                    "This meeting already has a tally of this scope for this organisation and year."
                ),
            ),
            models.UniqueConstraint(
                fields=["organisation", "year", "scope"],
                condition=Q(meeting__isnull=True),
                name="rating_tally_once_per_organisation",
                violation_error_message=_(
                    "This organisation already has a tally of this scope for this year."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_scope_display()} {self.year}"

    @property
    def level_sum(self) -> int | None:
        """The four levels added up, or None when one of them is unknown."""
        values = [getattr(self, level) for level in self.LEVELS]
        return None if None in values else sum(values)

    @property
    def covered(self) -> int | None:
        """How many were rated, as given or as the levels add up (None: unknown)."""
        return self.rated if self.rated is not None else self.level_sum


class OrganisationFigures(models.Model):
    """Figures a meeting announced about an organisation for a year (the year-end figures):
    its grassroots organisations, cells, members and probationary members."""

    meeting = models.ForeignKey(
        "branchapp.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="organisation_figures",
    )
    organisation = models.ForeignKey(
        "branchapp.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="figures",
    )
    year = models.PositiveIntegerField(_("year"))
    grassroots_organisations = models.PositiveIntegerField(
        _("grassroots organisations"), null=True, blank=True
    )
    branches = models.PositiveIntegerField(_("cells directly under"), null=True, blank=True)
    members = models.PositiveIntegerField(_("members"), null=True, blank=True)
    probationary = models.PositiveIntegerField(_("of whom probationary"), null=True, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    COUNTS = ("grassroots_organisations", "branches", "members", "probationary")

    class Meta:
        verbose_name = _("organisation figures")
        verbose_name_plural = _("organisation figures")
        ordering = ["-year", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation", "year"],
                condition=Q(meeting__isnull=False),
                name="organisation_figures_once_per_meeting",
                violation_error_message=_(
                    "This meeting already has figures for this organisation and year."
                ),
            ),
            models.UniqueConstraint(
                fields=["organisation", "year"],
                condition=Q(meeting__isnull=True),
                name="organisation_figures_once_a_year",
                violation_error_message=_("This organisation already has figures for this year."),
            ),
            models.CheckConstraint(
                condition=Q(probationary__isnull=True)
                | Q(members__isnull=True)
                | Q(probationary__lte=models.F("members")),
                name="organisation_figures_probationary_within_members",
                violation_error_message=_(
                    "There cannot be more probationary members than members."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} {self.year}"


class RatingRuleSet(models.Model):
    """Rating rules in force for a period (levels, point bands, caps), kept as data."""

    name = models.CharField(_("name"), max_length=200, help_text=_("e.g. 366-QĐ/TW (30/8/2025)"))
    valid_from = models.DateField(_("applies to ratings from"))
    valid_to = models.DateField(_("applies to ratings until"), null=True, blank=True)
    uses_points = models.BooleanField(_("uses a 100-point scale"), default=False)
    excellent_min_points = models.DecimalField(
        _("excellent from (points)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    good_min_points = models.DecimalField(
        _("good from (points)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    completed_min_points = models.DecimalField(
        _("completed from (points)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    excellent_cap_percent_of_good = models.DecimalField(
        _("excellent at most (percent of those rated good)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "The 2019 rules: at most 20 percent of the members rated good, per grassroots "
            "organisation."
        ),
    )
    collective_excellent_min_exceeded_share = models.DecimalField(
        _("excellent collective: targets exceeded at least (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    conditions = models.TextField(_("other conditions"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("rating rule set")
        verbose_name_plural = _("rating rule sets")
        ordering = ["-valid_from"]
        constraints = [
            range_check(
                "rating_rules_valid_range", "valid_from", "valid_to", low_may_be_empty=False
            ),
        ]

    def __str__(self):
        return self.name


# What a tally and the figures must agree on, for the meeting page and the import alike.
TALLY_SCOPE_FIGURE = {
    RatingTally.Scope.MEMBERS: "members",
    RatingTally.Scope.ORGANISATIONS: "grassroots_organisations",
    RatingTally.Scope.BRANCHES: "branches",
}


def tally_errors(counts: dict) -> list[str]:
    """Why a tally's counts (rated, exempt, not_rated and the four levels) cannot all be true."""
    rated = counts.get("rated")
    levels = [counts.get(level) for level in RatingTally.LEVELS]
    known = sum(value for value in levels if value is not None)
    if rated is None:
        return []
    if None not in levels and known != rated:
        return [
            _(
                "The four levels add up to %(sum)s, but %(rated)s were rated: the numbers rated "
                "at each level must add up to the number rated."
            )
            % {"sum": known, "rated": rated}
        ]
    if known > rated:
        return [
            _("The levels given add up to %(sum)s, more than the %(rated)s rated.")
            % {"sum": known, "rated": rated}
        ]
    return []


def tally_total_error(counts: dict, total: int | None, scope: str) -> str | None:
    """Why rated + exempt + not rated disagree with the figures' total of the same scope."""
    parts = [counts.get(key) for key in ("rated", "exempt", "not_rated")]
    if total is None or None in parts or sum(parts) == total:
        return None
    return _(
        "Rated (%(rated)s) + exempt (%(exempt)s) + not rated (%(not_rated)s) = %(sum)s, but the "
        "figures of the same organisation and year give %(total)s %(what)s."
    ) % {
        "rated": parts[0],
        "exempt": parts[1],
        "not_rated": parts[2],
        "sum": sum(parts),
        "total": total,
        "what": RatingTally.Scope(scope).label,
    }
