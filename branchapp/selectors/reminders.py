"""Reminders for the workspace dashboard: Party badges due, long absences, meetings without a
report, reports not published some days after their meeting, and year-end ratings missing once
the year is over. Each is shown with a link to the screen that resolves it.

Probation ending is on the dashboard already (`selectors.dashboard.probation_for_user`).

The dashboard includes `templates/yearend/includes/reminders.html` with the context variable
`reminders` set to `reminders_for_user(request.user)`.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from ..models import (
    Attendance,
    AttendanceMode,
    AttendanceStatus,
    Award,
    Meeting,
    Member,
    MemberCategory,
    MemberRating,
    MemberStatus,
    Organisation,
    Report,
    ReportStatus,
)
from ..models.awards import BADGE_FORM, BADGE_YEARS
from ..scoping import allowed_organisations, sees_everything
from .membership import candidates_not_reviewed, transfer_deadlines, transfer_events
from .statistics import category_at

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


# How far back a meeting without a report is recalled (older ones are left to the registers).
REPORT_LOOKBACK_DAYS = 92
# How many reminders of one kind the dashboard lists.
REMINDER_LIMIT = 10


def report_publish_days() -> int:
    """Days after its meeting by which a report is expected to be published (a setting)."""
    return int(getattr(settings, "REPORT_PUBLISH_REMINDER_DAYS", 7))


def meetings_without_report(organisations, today=None, *, limit=REMINDER_LIMIT):
    """Meetings of the last three months that have no report yet, oldest first."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=REPORT_LOOKBACK_DAYS)
    return list(
        Meeting.objects.filter(
            _subtree_q(organisations), date__gte=since, date__lte=today, report__isnull=True
        )
        .select_related("organisation")
        .order_by("date", "pk")[:limit]
    )


@dataclass
class UnpublishedReminder:
    report: Report
    days: int  # days since the meeting


def reports_not_published(organisations, today=None, *, days=None, limit=REMINDER_LIMIT):
    """Draft reports whose meeting was `days` or more days ago (within the last year)."""
    today = today or timezone.localdate()
    days = report_publish_days() if days is None else days
    reports = (
        Report.objects.filter(
            _subtree_q(organisations, "meeting__organisation"),
            status=ReportStatus.DRAFT,
            meeting__date__lte=today - datetime.timedelta(days=days),
            meeting__date__gte=today - datetime.timedelta(days=366),
        )
        .select_related("meeting", "meeting__organisation")
        .order_by("meeting__date", "pk")[:limit]
    )
    return [UnpublishedReminder(r, (today - r.meeting.date).days) for r in reports]


@dataclass
class RatingsMissing:
    organisation: Organisation
    year: int
    missing: int  # members to rate without a rating
    to_rate: int  # members to rate (full and probationary members on 31 December)


def ratings_missing(organisations, today=None):
    """Last year's member ratings still missing, by organisation, once that year is over.

    Members to rate are the full and probationary members on 31 December (members exempt from
    meetings are not rated); the year-end rating grid of the organisation resolves it.
    """
    today = today or timezone.localdate()
    year = today.year - 1
    day = datetime.date(year, 12, 31)
    # Only the members without a rating are read with their events (few, once rated).
    unrated = (
        Member.objects.filter(_subtree_q(organisations))
        .exclude(admission_date__gt=day)
        .exclude(ratings__year=year)
        .select_related("organisation")
        .prefetch_related("events")
    )
    rated = dict(
        MemberRating.objects.filter(_subtree_q(organisations, "member__organisation"), year=year)
        .order_by()
        .values("member__organisation_id")
        .annotate(n=Count("pk"))
        .values_list("member__organisation_id", "n")
    )
    by_org: dict[int, RatingsMissing] = {}
    for member in unrated:
        if category_at(member, day) not in (MemberCategory.FULL, MemberCategory.PROBATIONARY):
            continue
        entry = by_org.setdefault(
            member.organisation_id,
            RatingsMissing(member.organisation, year, 0, rated.get(member.organisation_id, 0)),
        )
        entry.missing += 1
        entry.to_rate += 1
    found = [entry for entry in by_org.values() if entry.missing]
    return sorted(found, key=lambda e: e.organisation.path)


def reminders_for(organisations, today=None) -> dict:
    today = today or timezone.localdate()
    organisations = list(organisations)
    previous, following = badge_batches_around(today)
    return {
        "badges": badges_due(organisations, today),
        "badge_batch": following,
        "absences": long_absences(organisations, today.year),
        "year": today.year,
        "without_report": meetings_without_report(organisations, today),
        "unpublished": reports_not_published(organisations, today),
        "publish_days": report_publish_days(),
        "ratings_missing": ratings_missing(organisations, today),
        "last_year": today.year - 1,
        "transfers": transfer_deadlines(transfer_events(organisations), today),
        "candidates": candidates_not_reviewed(organisations, today),
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
