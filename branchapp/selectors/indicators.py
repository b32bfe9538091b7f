"""Figures the app computes for an organisation (its whole subtree) and a year.

A target bound to an `Indicator` takes its actual value from here (see `services/targets.py`)
and its assessment from the comparison with the planned value.

Rating shares are computed over the members *rated* that year (individual `MemberRating` rows);
when a year has no individual ratings, the `RatingTally` counts a report gave are used instead.
"""

import calendar
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.formats import number_format

from ..attendance import roll_counts
from ..models import (
    Attendance,
    AttendanceMode,
    Indicator,
    InspectionCase,
    Meeting,
    MeetingKind,
    MemberEvent,
    MemberEventType,
    MemberRating,
    Organisation,
    OrganisationKind,
    OrganisationRating,
    RatingLevel,
    RatingTally,
)

GOOD_OR_ABOVE = (RatingLevel.EXCELLENT, RatingLevel.GOOD)
PERCENT_INDICATORS = {
    Indicator.MEMBERS_GOOD_OR_ABOVE_SHARE,
    Indicator.MEMBERS_EXCELLENT_SHARE,
    Indicator.MEETINGS_HELD_SHARE,
    Indicator.ATTENDANCE_RATE,
}
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class IndicatorValue:
    """A computed figure: the value, and the two counts it comes from when it is a share."""

    indicator: str
    value: Decimal | None
    numerator: int | None = None
    denominator: int | None = None

    @property
    def is_percent(self) -> bool:
        return self.indicator in PERCENT_INDICATORS

    @property
    def text(self) -> str:
        """The result as a secretary writes it: "100% (20/20)", "4"."""
        if self.value is None:
            return ""
        places = 0 if self.value == self.value.to_integral() else 2
        text = number_format(self.value, decimal_pos=places)
        if not self.is_percent:
            return text
        text += "%"
        if self.denominator:
            text += f" ({self.numerator}/{self.denominator})"
        return text


def share(numerator: int, denominator: int) -> Decimal | None:
    """numerator / denominator as a percentage with two decimals, or None without a base."""
    if not denominator:
        return None
    return (Decimal(numerator) * HUNDRED / Decimal(denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def in_year_q(year: int, date_field: str = "date", meeting_field: str = "meeting") -> Q:
    """Rows dated in `year`, or undated rows announced at a meeting of that year."""
    return Q(**{f"{date_field}__year": year}) | Q(
        **{f"{date_field}__isnull": True, f"{meeting_field}__date__year": year}
    )


# Ratings ------------------------------------------------------------------------------------


def member_rating_counts(organisation: Organisation, year: int) -> dict[str, int]:
    """Members rated in the subtree that year, by level (plus "rated", the total)."""
    ratings = MemberRating.objects.filter(
        organisation__path__startswith=organisation.path, year=year
    )
    return _level_counts(ratings, organisation, year, RatingTally.Scope.MEMBERS)


def rated_organisations(organisation: Organisation):
    """The organisations below `organisation` that are rated as collectives (cells, sub-committees)."""
    return (
        Organisation.objects.subtree(organisation)
        .exclude(pk=organisation.pk)
        .filter(kind__in=[OrganisationKind.BRANCH, OrganisationKind.COMMITTEE])
    )


def organisation_rating_counts(organisation: Organisation, year: int) -> dict[str, int]:
    """The cells (and sub-committees) under `organisation` rated that year, by level."""
    ratings = OrganisationRating.objects.filter(
        organisation__in=rated_organisations(organisation), year=year
    )
    # A report's tally of the cells directly under, else of its grassroots organisations.
    return _level_counts(
        ratings, organisation, year, RatingTally.Scope.BRANCHES, RatingTally.Scope.ORGANISATIONS
    )


def _level_counts(ratings, organisation: Organisation, year: int, *scopes: str) -> dict[str, int]:
    """`ratings` counted by level (plus "rated", the total); a report's tally when there are none
    (of the first of `scopes` that has one)."""
    counts = dict.fromkeys(RatingLevel.values, 0)
    for row in ratings.order_by().values("level").annotate(n=Count("id")):
        counts[row["level"]] = row["n"]
    counts["rated"] = sum(counts[level] for level in RatingLevel.values)
    if counts["rated"] == 0:
        for scope in scopes:
            tally = _tally_counts(organisation, year, scope)
            if tally:
                counts.update(tally)
                break
    return counts


def _tally_counts(organisation: Organisation, year: int, scope: str) -> dict[str, int]:
    """Counts given by a report's tally for the organisation itself, when there are no rows."""
    tally = (
        RatingTally.objects.filter(year=year, scope=scope)
        .filter(
            Q(organisation=organisation)
            | Q(organisation__isnull=True, meeting__organisation=organisation)
        )
        # The latest announcement first; one given without a meeting last.
        .order_by(F("meeting__date").desc(nulls_last=True), "order", "id")
        .first()
    )
    if tally is None:
        return {}
    counts = {level: getattr(tally, level) or 0 for level in RatingLevel.values}
    counts["rated"] = tally.rated if tally.rated is not None else sum(counts.values())
    return counts


# Events and cases ---------------------------------------------------------------------------


def member_event_count(organisation: Organisation, year: int, *types: str) -> int:
    """Members concerned by events of these types in the year (count-only events included)."""
    total = (
        MemberEvent.objects.filter(
            in_year_q(year), organisation__path__startswith=organisation.path, type__in=types
        )
        .order_by()
        .aggregate(n=Sum("count"))["n"]
    )
    return total or 0


def inspection_subject_count(organisation: Organisation, year: int, kind: str) -> int:
    """Members and organisations inspected (or supervised) that year, from the cases' subjects."""
    total = (
        InspectionCase.objects.filter(
            organisation__path__startswith=organisation.path, year=year, kind=kind
        )
        .order_by()
        .aggregate(n=Sum("subject_count"))["n"]
    )
    return total or 0


# Meetings and attendance --------------------------------------------------------------------


def cells_of(organisation: Organisation) -> list[Organisation]:
    """The cells that must meet monthly: the organisation itself if it is a cell, else its cells."""
    return list(Organisation.objects.subtree(organisation).filter(kind=OrganisationKind.BRANCH))


def months_due(cell: Organisation, year: int, today: datetime.date | None = None) -> list[int]:
    """The months of `year` in which `cell` existed and which have begun by `today`."""
    today = today or timezone.localdate()
    months = []
    for month in range(1, 13):
        first = datetime.date(year, month, 1)
        last = datetime.date(year, month, calendar.monthrange(year, month)[1])
        if first > today:
            break
        if cell.valid_from and cell.valid_from > last:
            continue
        if cell.valid_to and cell.valid_to < first:
            continue
        months.append(month)
    return months


def monthly_meetings_held(organisation: Organisation, year: int, today=None) -> tuple[int, int]:
    """(months in which a cell held its monthly meeting, months due), over all cells."""
    cells = cells_of(organisation)
    held_pairs = set(
        Meeting.objects.filter(
            organisation__in=cells, date__year=year, kinds__kind=MeetingKind.MONTHLY
        )
        .order_by()
        .values_list("organisation_id", "date__month")
        .distinct()
    )
    held = due = 0
    for cell in cells:
        months = months_due(cell, year, today)
        due += len(months)
        held += sum(1 for month in months if (cell.pk, month) in held_pairs)
    return held, due


def attendance_by_organisation(organisation: Organisation, year: int) -> dict[int, list[int]]:
    """{organisation id: [present, convened]} over the meetings held in the subtree that year.

    The figures are the minutes' (`branchapp.attendance`): present of convened, the same
    whether a meeting kept a roll or numbers only; a roll written without its figures gives
    them by the same definition.
    """
    meetings = list(
        Meeting.objects.filter(organisation__path__startswith=organisation.path, date__year=year)
        .order_by()
        .values("id", "organisation_id", "present", "convened", "attendance_mode")
    )
    missing = [
        m["id"]
        for m in meetings
        if m["convened"] is None and m["attendance_mode"] == AttendanceMode.ROLL
    ]
    rolls: dict[int, list] = {}
    for meeting_id, category, status in (
        Attendance.objects.filter(meeting_id__in=missing)
        .order_by()
        .values_list("meeting_id", "category", "status")
    ):
        rolls.setdefault(meeting_id, []).append((category, status))
    result: dict[int, list[int]] = {}
    for meeting in meetings:
        present, convened = meeting["present"], meeting["convened"]
        if meeting["id"] in rolls:
            counts = roll_counts(rolls[meeting["id"]])
            present, convened = counts["present"], counts["convened"]
        if present is None or not convened:
            continue
        bucket = result.setdefault(meeting["organisation_id"], [0, 0])
        bucket[0] += present
        bucket[1] += convened
    return result


def attendance_totals(organisation: Organisation, year: int) -> tuple[int, int]:
    buckets = attendance_by_organisation(organisation, year).values()
    return sum(b[0] for b in buckets), sum(b[1] for b in buckets)


# The indicators -----------------------------------------------------------------------------


def compute_indicator(indicator: str, organisation: Organisation, year: int) -> IndicatorValue:
    """The value of `indicator` for `organisation` (with everything below it) in `year`."""
    match indicator:
        case Indicator.MEMBERS_GOOD_OR_ABOVE_SHARE | Indicator.MEMBERS_EXCELLENT_SHARE:
            counts = member_rating_counts(organisation, year)
            if indicator == Indicator.MEMBERS_EXCELLENT_SHARE:
                part = counts[RatingLevel.EXCELLENT]
            else:
                part = counts[RatingLevel.EXCELLENT] + counts[RatingLevel.GOOD]
            return IndicatorValue(indicator, share(part, counts["rated"]), part, counts["rated"])
        case Indicator.CELLS_GOOD_OR_ABOVE | Indicator.CELLS_EXCELLENT:
            counts = organisation_rating_counts(organisation, year)
            if not counts["rated"]:
                return IndicatorValue(indicator, None)
            if indicator == Indicator.CELLS_EXCELLENT:
                n = counts[RatingLevel.EXCELLENT]
            else:
                n = counts[RatingLevel.EXCELLENT] + counts[RatingLevel.GOOD]
            return IndicatorValue(indicator, Decimal(n), n, counts["rated"])
        case Indicator.MEMBERS_ADMITTED:
            n = member_event_count(organisation, year, MemberEventType.ADMISSION)
            return IndicatorValue(indicator, Decimal(n), n)
        case Indicator.MEMBERS_CONFIRMED:
            n = member_event_count(organisation, year, MemberEventType.CONFIRMATION)
            return IndicatorValue(indicator, Decimal(n), n)
        case Indicator.INSPECTION_CASES:
            n = inspection_subject_count(organisation, year, InspectionCase.Kind.INSPECTION)
            return IndicatorValue(indicator, Decimal(n), n)
        case Indicator.SUPERVISION_CASES:
            n = inspection_subject_count(organisation, year, InspectionCase.Kind.SUPERVISION)
            return IndicatorValue(indicator, Decimal(n), n)
        case Indicator.MEETINGS_HELD_SHARE:
            held, due = monthly_meetings_held(organisation, year)
            return IndicatorValue(indicator, share(held, due), held, due)
        case Indicator.ATTENDANCE_RATE:
            present, expected = attendance_totals(organisation, year)
            return IndicatorValue(indicator, share(present, expected), present, expected)
    raise ValueError(f"Unknown indicator: {indicator!r}")


def compute_all(organisation: Organisation, year: int) -> dict[str, IndicatorValue]:
    return {value: compute_indicator(value, organisation, year) for value in Indicator.values}
