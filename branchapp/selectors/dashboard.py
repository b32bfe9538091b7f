"""What the dashboard lists: meetings due or missing, probation ending, drafts.

The rules are pure functions over plain values, so they are tested on crafted data; the
`*_for_user` helpers only fetch those values, scoped to the account.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from ..models import (
    Meeting,
    MeetingKind,
    Member,
    MemberStatus,
    Organisation,
    OrganisationKind,
    Report,
    ReportStatus,
)
from ..scoping import scope

# Chỉ thị 50-CT/TW (2025): cells meet on the 3rd of every month.
DEFAULT_MEETING_DAY = 3
PROBATION_WARNING_DAYS = 60


@dataclass(frozen=True)
class MeetingSlot:
    """A meeting an organisation owes: the monthly meeting of a month or a quarter's thematic one."""

    organisation_id: int
    organisation_name: str
    kind: str  # MeetingKind.MONTHLY or MeetingKind.THEMATIC
    period_start: datetime.date
    period_end: datetime.date
    due: datetime.date
    held_on: datetime.date | None = None

    @property
    def held(self) -> bool:
        return self.held_on is not None

    def state(self, today: datetime.date) -> str:
        """ "held", "missing" (its period is over), "overdue" (due date passed) or "upcoming"."""
        if self.held:
            return "held"
        if today > self.period_end:
            return "missing"
        if today > self.due:
            return "overdue"
        return "upcoming"


@dataclass
class MeetingCalendar:
    due: list[MeetingSlot] = field(default_factory=list)  # this month/quarter, not yet held
    missing: list[MeetingSlot] = field(default_factory=list)  # past periods with no meeting
    held: list[MeetingSlot] = field(default_factory=list)


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_end(day: datetime.date) -> datetime.date:
    return add_months(day, 1) - datetime.timedelta(days=1)


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def meeting_slots(
    organisations: list[tuple[int, str]],
    meetings: list[tuple[int, datetime.date, set[str]]],
    today: datetime.date,
    *,
    months_back: int = 3,
    meeting_day: int = DEFAULT_MEETING_DAY,
) -> MeetingCalendar:
    """The monthly and quarterly thematic meetings each organisation owed, and which were held.

    `organisations` are (id, name) pairs of the cells that meet monthly; `meetings` are
    (organisation id, date, kinds) of the meetings recorded. Covers the current month and
    quarter and the `months_back` months before.
    """
    calendar = MeetingCalendar()
    first_month = add_months(month_start(today), -months_back)
    by_org: dict[int, list[tuple[datetime.date, set[str]]]] = {}
    for org_id, day, kinds in meetings:
        by_org.setdefault(org_id, []).append((day, set(kinds)))

    for org_id, name in organisations:
        held = by_org.get(org_id, [])
        month = first_month
        while month <= today:
            end = month_end(month)
            dates = sorted(
                d for d, kinds in held if month <= d <= end and MeetingKind.MONTHLY in kinds
            )
            slot = MeetingSlot(
                org_id,
                name,
                MeetingKind.MONTHLY,
                month,
                end,
                due=month.replace(day=min(meeting_day, end.day)),
                held_on=dates[0] if dates else None,
            )
            _file(calendar, slot, today)
            month = add_months(month, 1)
        quarter = quarter_start(first_month)
        while quarter <= today:
            end = month_end(add_months(quarter, 2))
            dates = sorted(
                d for d, kinds in held if quarter <= d <= end and MeetingKind.THEMATIC in kinds
            )
            slot = MeetingSlot(
                org_id,
                name,
                MeetingKind.THEMATIC,
                quarter,
                end,
                due=end,
                held_on=dates[0] if dates else None,
            )
            _file(calendar, slot, today)
            quarter = add_months(quarter, 3)
    calendar.due.sort(key=lambda s: (s.due, s.organisation_name))
    calendar.missing.sort(key=lambda s: (s.period_start, s.organisation_name))
    calendar.held.sort(key=lambda s: (s.held_on, s.organisation_name), reverse=True)
    return calendar


def _file(calendar: MeetingCalendar, slot: MeetingSlot, today: datetime.date) -> None:
    state = slot.state(today)
    if state == "held":
        calendar.held.append(slot)
    elif state == "missing":
        calendar.missing.append(slot)
    else:
        calendar.due.append(slot)


@dataclass(frozen=True)
class ProbationAlert:
    member_id: int
    name: str
    organisation_name: str
    ends: datetime.date
    days_left: int  # negative when the 12 months have passed
    organisation_id: int | None = None  # for the link to the meeting that decides

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def probation_alerts(
    members: list[tuple],
    today: datetime.date,
    *,
    within_days: int = PROBATION_WARNING_DAYS,
) -> list[ProbationAlert]:
    """Probationary members whose 12 months end within `within_days`, or have already ended.

    `members` are (id, name, organisation name, probation end[, organisation id]) of
    probationary members.
    """
    alerts = []
    for member_id, name, org_name, ends, *org_id in members:
        if ends is None:
            continue
        days_left = (ends - today).days
        if days_left <= within_days:
            alerts.append(ProbationAlert(member_id, name, org_name, ends, days_left, *org_id))
    return sorted(alerts, key=lambda a: (a.ends, a.name))


# --- Fetching, scoped to the account -------------------------------------------------------


def calendar_for_user(user, today: datetime.date, *, months_back: int = 3) -> MeetingCalendar:
    cells = scope(
        Organisation.objects.filter(kind=OrganisationKind.BRANCH).active_on(today), user, ""
    ).values_list("id", "name")
    since = quarter_start(add_months(month_start(today), -months_back))
    rows = (
        scope(Meeting.objects.filter(date__gte=since, date__lte=today), user)
        .filter(kinds__kind__in=[MeetingKind.MONTHLY, MeetingKind.THEMATIC])
        .values_list("organisation_id", "date", "kinds__kind")
    )
    merged: dict[tuple[int, datetime.date], set[str]] = {}
    for org_id, day, kind in rows:
        merged.setdefault((org_id, day), set()).add(kind)
    meetings = [(org_id, day, kinds) for (org_id, day), kinds in merged.items()]
    return meeting_slots(list(cells), meetings, today, months_back=months_back)


def probation_for_user(user, today: datetime.date) -> list[ProbationAlert]:
    rows = scope(
        Member.objects.filter(status=MemberStatus.PROBATIONARY, admission_date__isnull=False),
        user,
    ).select_related("organisation")
    return probation_alerts(
        [
            (m.pk, m.full_name, m.organisation.name, m.probation_ends, m.organisation_id)
            for m in rows
        ],
        today,
    )


def drafts_for_user(user, limit: int = 10):
    """Meetings the account recorded whose report is not published yet."""
    return (
        scope(Meeting.objects.all(), user)
        .filter(Q(created_by=user) | Q(report__author_user=user))
        .filter(Q(report__isnull=True) | Q(report__status=ReportStatus.DRAFT))
        .select_related("organisation", "report")
        .distinct()
        .order_by("-updated_at")[:limit]
    )


def recently_published_for_user(user, limit: int = 8):
    return (
        scope(Report.objects.published(), user, "meeting__organisation")
        .select_related("meeting", "meeting__organisation")
        .order_by("-published_at")[:limit]
    )
