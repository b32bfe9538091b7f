"""What may be published about the year a meeting reviewed: its rating tallies and figures.

The one place that decides it, for every public page: ratings of organisations (grassroots
organisations, cells) and the organisation figures (numbers of organisations, cells, members)
are not personal and are returned as they are; a tally of MEMBERS' ratings covering fewer than
`MIN_MEMBERS_PUBLISHED` members would let a reader guess one member's rating, so it is returned
withheld: its scope, organisation and year, and no count at all.
"""

from dataclasses import dataclass, field

from ..models import OrganisationFigures, RatingLevel, RatingTally

MIN_MEMBERS_PUBLISHED = 5


@dataclass(frozen=True)
class TallyRow:
    """One tally as it may be published. When `withheld`, every count is None."""

    scope: str  # RatingTally.Scope value: "members", "organisations", "branches"
    label: str  # "đảng viên", "tổ chức cơ sở đảng", "chi bộ trực thuộc"
    organisation: str  # the name of the organisation whose members or cells were rated
    year: int
    withheld: bool = False
    rated: int | None = None
    exempt: int | None = None
    not_rated: int | None = None
    # (level value, level label, count or None) for the four levels, best first.
    levels: list[tuple[str, str, int | None]] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int | None]:
        """Every count by its name (rated, exempt, not_rated and the levels)."""
        values = {"rated": self.rated, "exempt": self.exempt, "not_rated": self.not_rated}
        values.update({level: count for level, _label, count in self.levels})
        return values


@dataclass(frozen=True)
class FiguresRow:
    organisation: str
    year: int
    grassroots_organisations: int | None
    branches: int | None
    members: int | None
    probationary: int | None


@dataclass(frozen=True)
class YearFigures:
    tallies: list[TallyRow]
    figures: list[FiguresRow]

    def __bool__(self):
        return bool(self.tallies or self.figures)


def is_withheld(tally: RatingTally) -> bool:
    """Whether a tally may not be published: members' ratings covering fewer than 5 members
    (at least as many as its levels add up to, when some are blank)."""
    if tally.scope != RatingTally.Scope.MEMBERS:
        return False
    covered = tally.covered
    if covered is None:
        # Some levels left blank: the levels given are at least how many were rated.
        covered = sum(getattr(tally, level) or 0 for level in RatingTally.LEVELS)
    return covered < MIN_MEMBERS_PUBLISHED


def tally_row(tally: RatingTally, organisation_name: str) -> TallyRow:
    common = {
        "scope": tally.scope,
        "label": str(tally.get_scope_display()),
        "organisation": organisation_name,
        "year": tally.year,
    }
    if is_withheld(tally):
        return TallyRow(**common, withheld=True)
    return TallyRow(
        **common,
        rated=tally.covered,
        exempt=tally.exempt,
        not_rated=tally.not_rated,
        levels=[(level, str(label), getattr(tally, level)) for level, label in RatingLevel.choices],
    )


def public_year_figures(meeting) -> YearFigures:
    """The tallies and figures `meeting` announced, as they may be shown on a public page."""
    own_name = meeting.organisation_name or meeting.organisation.name

    def name_of(row):
        if row.organisation_id in (None, meeting.organisation_id):
            return own_name
        return row.organisation.name

    tallies = RatingTally.objects.filter(meeting=meeting).select_related("organisation")
    figures = OrganisationFigures.objects.filter(meeting=meeting).select_related("organisation")
    return YearFigures(
        tallies=[tally_row(t, name_of(t)) for t in tallies.order_by("order", "id")],
        figures=[
            FiguresRow(
                organisation=name_of(f),
                year=f.year,
                grassroots_organisations=f.grassroots_organisations,
                branches=f.branches,
                members=f.members,
                probationary=f.probationary,
            )
            for f in figures.order_by("order", "id")
        ],
    )
