"""Reminders for the workspace dashboard: Party badges due and long absences.

Probation ending is on the dashboard already (`selectors.dashboard.probation_for_user`).

The dashboard includes `templates/yearend/includes/reminders.html` with the context variable
`reminders` set to `reminders_for_user(request.user)`.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from ..models import (
    Attendance,
    AttendanceMode,
    AttendanceStatus,
    Award,
    Member,
    MemberStatus,
    Organisation,
)
from ..models.awards import BADGE_FORM, BADGE_YEARS
from ..scoping import allowed_organisations, sees_everything

ABSENCE_MONTHS = 3
# Party badges are presented on these days (day, month).
BADGE_BATCHES = ((3, 2), (19, 5), (2, 9), (7, 11))


def _anniversary(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _subtree_q(organisations, lookup="organisation") -> Q:
    q = Q(pk__in=[])
    for organisation in organisations:
        q |= Q(**{f"{lookup}__path__startswith": organisation.path})
    return q


def badge_batches_around(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """(the last batch day before `today`, the next batch day on or after `today`)."""
    days = sorted(
        datetime.date(year, month, day)
        for year in (today.year - 1, today.year, today.year + 1)
        for day, month in BADGE_BATCHES
    )
    following = next(d for d in days if d >= today)
    previous = max(d for d in days if d < following)
    return previous, following


@dataclass
class BadgeReminder:
    member: Member
    years: int
    reached: datetime.date
    batch: datetime.date


def badges_due(organisations, today=None):
    """Members reaching a badge milestone by the next batch (since the previous one)."""
    today = today or timezone.localdate()
    previous, following = badge_batches_around(today)
    members = Member.objects.filter(
        _subtree_q(organisations),
        status__in=[MemberStatus.FULL, MemberStatus.EXEMPT, MemberStatus.PROBATIONARY],
        admission_date__isnull=False,
    ).select_related("organisation")
    awarded = set(
        Award.objects.filter(form=BADGE_FORM, recipient_member__in=members).values_list(
            "recipient_member_id", "badge_years"
        )
    )
    result = []
    for member in members:
        for years in BADGE_YEARS:
            reached = _anniversary(member.admission_date, years)
            if previous < reached <= following and (member.pk, years) not in awarded:
                result.append(BadgeReminder(member, years, reached, following))
    return sorted(result, key=lambda r: (r.reached, r.member.sort_name))


@dataclass
class AbsenceReminder:
    member: Member
    months: int
    month_numbers: list[int] = field(default_factory=list)  # the months, in order


def long_absences(organisations, year=None, threshold=ABSENCE_MONTHS):
    """Members absent without reason from meetings in `threshold` or more months of the year
    (a ground for striking off, DOMAIN §1.4), with those months. Only a roll names who was
    absent: meetings recorded as numbers only are not counted."""
    year = year or timezone.localdate().year
    rows = (
        Attendance.objects.filter(
            _subtree_q(organisations, "meeting__organisation"),
            status=AttendanceStatus.UNEXCUSED,
            meeting__date__year=year,
            meeting__attendance_mode=AttendanceMode.ROLL,
            member__isnull=False,
        )
        .annotate(month=ExtractMonth("meeting__date"))
        .order_by()
        .values_list("member_id", "month")
        .distinct()
    )
    months: dict[int, set[int]] = {}
    for member_id, month in rows:
        months.setdefault(member_id, set()).add(month)
    months = {pk: sorted(found) for pk, found in months.items() if len(found) >= threshold}
    members = Member.objects.filter(pk__in=list(months)).select_related("organisation")
    reminders = (AbsenceReminder(m, len(months[m.pk]), months[m.pk]) for m in members)
    return sorted(reminders, key=lambda r: (-r.months, r.member.sort_name))


def reminders_for(organisations, today=None) -> dict:
    today = today or timezone.localdate()
    organisations = list(organisations)
    previous, following = badge_batches_around(today)
    return {
        "badges": badges_due(organisations, today),
        "badge_batch": following,
        "absences": long_absences(organisations, today.year),
        "year": today.year,
    }


def reminders_for_user(user, today=None) -> dict:
    """The reminders of the organisations the account works on."""
    if sees_everything(user):
        roots = Organisation.objects.filter(parent__isnull=True)
    else:
        roots = allowed_organisations(user)
    # Drop organisations already inside another one of the list.
    roots = list(roots)
    tops = [
        o for o in roots if not any(o.path != p.path and o.path.startswith(p.path) for p in roots)
    ]
    return reminders_for(tops, today)
