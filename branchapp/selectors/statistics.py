"""The year-end statistics of an organisation (with everything below it).

Every figure is computed from the records, so the staff page can link each one to the register
rows behind it; the public summary shows only the aggregates (`public_summary`).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ..models import (
    Award,
    InspectionCase,
    Meeting,
    MeetingKind,
    MeetingKindTag,
    Member,
    MemberCategory,
    MemberEventType,
    MemberStatus,
    Organisation,
    OrganisationKind,
    Target,
)
from .indicators import (
    attendance_by_organisation,
    cells_of,
    in_year_q,
    member_event_count,
    member_rating_counts,
    months_due,
    organisation_rating_counts,
    share,
)

CATEGORIES = [c.value for c in MemberCategory]
# Event figures of the year, in the order a report gives them; removals group two types.
FIRST_YEAR = 1930


def is_record_year(year: int) -> bool:
    """A year the records can hold: from the Party's founding to next year."""
    return FIRST_YEAR <= year <= timezone.localdate().year + 1


EVENT_FIGURES = [
    ("admission", (MemberEventType.ADMISSION,)),
    ("confirmation", (MemberEventType.CONFIRMATION,)),
    ("transfer_in", (MemberEventType.TRANSFER_IN,)),
    ("transfer_out", (MemberEventType.TRANSFER_OUT,)),
    ("exemption", (MemberEventType.EXEMPTION,)),
    ("removal", (MemberEventType.STRUCK_OFF, MemberEventType.EXPELLED)),
    ("deceased", (MemberEventType.DECEASED,)),
]
EVENT_LABELS = {
    "admission": gettext_lazy("Admissions"),
    "confirmation": gettext_lazy("Confirmations as full members"),
    "transfer_in": gettext_lazy("Transfers in"),
    "transfer_out": gettext_lazy("Transfers out"),
    "exemption": gettext_lazy("Exemptions from meetings"),
    "removal": gettext_lazy("Struck off or expelled"),
    "deceased": gettext_lazy("Deaths"),
}
EVENT_TYPES_OF = dict(EVENT_FIGURES)
# Meetings a cell owes: the monthly meeting every month, a thematic one every quarter.
DUE_KINDS = (MeetingKind.MONTHLY, MeetingKind.THEMATIC)


def category_at(member: Member, day: datetime.date) -> str | None:
    """The member's category on `day` (events prefetched), or None if not a member that day.

    A member with no events and an admission date after `day` was not yet a member, although
    `Member.category_on` counts a member of unknown standing as full.
    """
    events = list(member.events.all())
    status = member.status_on(day, events=events)
    if status in CATEGORIES:
        return status
    if status == MemberStatus.UNKNOWN:
        if member.admission_date and member.admission_date > day:
            return None
        dated = [e.date for e in events if e.date]
        if dated and min(dated) > day:  # the record begins later (admitted or arrived after)
            return None
        return MemberCategory.FULL
    return None


def members_by_category(members, day: datetime.date) -> dict[str, int]:
    counts = dict.fromkeys(CATEGORIES, 0)
    for member in members:
        category = category_at(member, day)
        if category:
            counts[category] += 1
    counts["total"] = sum(counts[c] for c in CATEGORIES)
    # The organisation's strength (đảng số) leaves out temporarily attached members.
    counts["strength"] = counts["total"] - counts[MemberCategory.TEMPORARY]
    return counts


def subtree_members(organisation: Organisation):
    return (
        Member.objects.in_subtree(organisation)
        .select_related("organisation")
        .prefetch_related("events")
    )


@dataclass
class MeetingFigure:
    kind: str
    label: str
    held: int
    due: int | None = None
    months_held: int | None = None

    @property
    def share(self):
        done = self.months_held if self.months_held is not None else self.held
        return share(min(done, self.due), self.due) if self.due else None


@dataclass
class AttendanceFigure:
    organisation: Organisation
    present: int
    expected: int

    @property
    def rate(self):
        return share(self.present, self.expected)


@dataclass
class YearStatistics:
    organisation: Organisation
    year: int
    members_start: dict
    members_end: dict
    events: dict
    meetings: list
    attendance: list
    attendance_total: AttendanceFigure
    member_ratings: dict
    organisation_ratings: dict
    targets: list
    target_tally: dict
    awards: list
    inspections: dict = field(default_factory=dict)

    @property
    def start_date(self):
        return datetime.date(self.year, 1, 1)

    @property
    def end_date(self):
        return datetime.date(self.year, 12, 31)


def meeting_figures(organisation: Organisation, year: int, today=None) -> list[MeetingFigure]:
    """Meetings held in the subtree in `year` by kind; for cells' duties, against those due."""
    held = {
        row["kind"]: row["n"]
        for row in MeetingKindTag.objects.filter(
            meeting__organisation__path__startswith=organisation.path, meeting__date__year=year
        )
        .order_by()
        .values("kind")
        .annotate(n=Count("meeting", distinct=True))
    }
    cells = cells_of(organisation)
    due_months = {cell.pk: months_due(cell, year, today) for cell in cells}
    pairs = set(
        Meeting.objects.filter(
            organisation__in=cells, date__year=year, kinds__kind=MeetingKind.MONTHLY
        )
        .order_by()
        .values_list("organisation_id", "date__month")
        .distinct()
    )
    quarters = set(
        (org_id, (month - 1) // 3)
        for org_id, month in Meeting.objects.filter(
            organisation__in=cells, date__year=year, kinds__kind=MeetingKind.THEMATIC
        )
        .order_by()
        .values_list("organisation_id", "date__month")
        .distinct()
    )
    monthly_due = sum(len(m) for m in due_months.values())
    monthly_done = sum(
        1 for cell_id, months in due_months.items() for m in months if (cell_id, m) in pairs
    )
    quarters_due = {
        (cell_id, q)
        for cell_id, months in due_months.items()
        for q in {(m - 1) // 3 for m in months}
    }
    figures = []
    for kind in MeetingKind:
        n = held.get(kind.value, 0)
        if kind == MeetingKind.MONTHLY and cells:
            figures.append(MeetingFigure(kind.value, kind.label, n, monthly_due, monthly_done))
        elif kind == MeetingKind.THEMATIC and cells:
            done = len(quarters & quarters_due)
            figures.append(MeetingFigure(kind.value, kind.label, n, len(quarters_due), done))
        elif n:
            figures.append(MeetingFigure(kind.value, kind.label, n))
    return figures


def attendance_figures(organisation: Organisation, year: int):
    """Attendance per cell (meetings of a cell's groups count for the cell), and the total."""
    buckets = attendance_by_organisation(organisation, year)
    units = list(
        Organisation.objects.subtree(organisation).filter(
            Q(pk=organisation.pk) | Q(kind=OrganisationKind.BRANCH)
        )
    )
    by_path = sorted(units, key=lambda o: -len(o.path))
    orgs = {o.pk: o for o in Organisation.objects.subtree(organisation).only("pk", "path")}
    totals = {unit.pk: [0, 0] for unit in units}
    for org_id, (present, expected) in buckets.items():
        path = orgs[org_id].path
        unit = next(u for u in by_path if path.startswith(u.path))
        totals[unit.pk][0] += present
        totals[unit.pk][1] += expected
    rows = [
        AttendanceFigure(unit, *totals[unit.pk])
        for unit in units
        if unit.kind == OrganisationKind.BRANCH or totals[unit.pk][1]
    ]
    total = AttendanceFigure(
        organisation, sum(t[0] for t in totals.values()), sum(t[1] for t in totals.values())
    )
    return rows, total


def award_figures(organisation: Organisation, year: int) -> list[dict]:
    """Awards of the year by form: [{"form", "badge_years", "label", "count"}]."""
    rows = (
        Award.objects.filter(organisation__path__startswith=organisation.path)
        .filter(Q(year=year) | Q(year__isnull=True, meeting__date__year=year))
        .order_by()
        .values("form", "badge_years")
        .annotate(n=Sum("count"))
        .order_by("form", "badge_years")
    )
    result = []
    for row in rows:
        label = row["form"]
        if row["badge_years"]:
            label = f"{label} {row['badge_years']} năm"
        result.append({**row, "label": label, "count": row["n"]})
    return result


def inspection_figures(organisation: Organisation, year: int) -> dict:
    """{"inspection": {"cases", "subjects"}, "supervision": {...}} for the year."""
    figures = {kind: {"cases": 0, "subjects": 0} for kind in InspectionCase.Kind.values}
    rows = (
        InspectionCase.objects.filter(organisation__path__startswith=organisation.path, year=year)
        .order_by()
        .values("kind")
        .annotate(cases=Count("id"), subjects=Sum("subject_count"))
    )
    for row in rows:
        figures[row["kind"]] = {"cases": row["cases"], "subjects": row["subjects"] or 0}
    return figures


def year_statistics(organisation: Organisation, year: int, today=None) -> YearStatistics:
    members = list(subtree_members(organisation))
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    events = {key: member_event_count(organisation, year, *types) for key, types in EVENT_FIGURES}
    attendance, attendance_total = attendance_figures(organisation, year)
    targets = list(
        Target.objects.filter(organisation=organisation, year=year).order_by("order", "id")
    )
    tally = Target.objects.filter(organisation=organisation, year=year).tally()
    return YearStatistics(
        organisation=organisation,
        year=year,
        members_start=members_by_category(members, start),
        members_end=members_by_category(members, end),
        events=events,
        meetings=meeting_figures(organisation, year, today),
        attendance=attendance,
        attendance_total=attendance_total,
        member_ratings=member_rating_counts(organisation, year),
        organisation_ratings=organisation_rating_counts(organisation, year),
        targets=targets,
        target_tally=tally,
        awards=award_figures(organisation, year),
        inspections=inspection_figures(organisation, year),
    )


def has_published_report(organisation: Organisation, year: int) -> bool:
    """Whether the subtree published a report of a meeting held in `year`."""
    from ..models import Report

    return (
        Report.objects.published()
        .filter(meeting__organisation__path__startswith=organisation.path, meeting__date__year=year)
        .exists()
    )


# Fewer members rated than this, and the public summary leaves out the tally of members'
# ratings: with one member rated, "0/1 rated good or above" is that person's rating.
MIN_MEMBERS_RATED_PUBLIC = 5


def public_summary(organisation: Organisation, year: int) -> dict:
    """The aggregates the public may see: counts only, never a name or a personal record, and
    no tally of members' ratings over fewer than MIN_MEMBERS_RATED_PUBLIC members (None)."""
    stats = year_statistics(organisation, year)
    rated = stats.member_ratings.get("rated", 0)
    return {
        "members_end": stats.members_end,
        "events": stats.events,
        "meetings": [(f.label, f.held) for f in stats.meetings if f.held],
        "attendance_rate": stats.attendance_total.rate,
        "member_ratings": None if 0 < rated < MIN_MEMBERS_RATED_PUBLIC else stats.member_ratings,
        "min_members_rated": MIN_MEMBERS_RATED_PUBLIC,
        "organisation_ratings": stats.organisation_ratings,
        "target_tally": stats.target_tally,
        "targets_total": sum(stats.target_tally.values()),
        "awards": [(a["label"], a["count"]) for a in stats.awards],
        "inspections": stats.inspections,
    }


__all__ = [
    "EVENT_TYPES_OF",
    "DUE_KINDS",
    "MIN_MEMBERS_RATED_PUBLIC",
    "YearStatistics",
    "in_year_q",
    "public_summary",
    "year_statistics",
]
