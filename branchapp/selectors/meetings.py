"""What the meeting page shows before anything is typed: the roll, titles, starting values, and
what others saved meanwhile."""

import datetime
import re
from dataclasses import dataclass, field

from django.db.models import F, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Award,
    Meeting,
    MeetingKind,
    MeetingPerson,
    Member,
    MemberCategory,
    MemberEvent,
    ParticipantRole,
    Position,
    PositionTitle,
    Target,
    Vote,
)
from .history import describe_changes
from .periods import reviewed_year
from .targets import term_years


@dataclass
class Roll:
    """The members who can be on an organisation's roll, with what the titles need."""

    members: object  # queryset for form choices
    member_list: list = field(default_factory=list)

    @property
    def member_ids(self) -> set[int]:
        return {m.pk for m in self.member_list}


def roll_for(organisation) -> Roll:
    members = Member.objects.active().in_subtree(organisation)
    listed = members.prefetch_related(
        "events", Prefetch("positions", queryset=Position.objects.all())
    )
    # The pickers' choices need no events nor positions: each picker evaluates its queryset,
    # and a large committee's page has a dozen pickers.
    return Roll(members=members, member_list=list(listed))


def member_titles(members, day: datetime.date) -> dict[int, str]:
    return {m.pk: m.title_on(day, positions=m.positions.all()) for m in members}


def timestamp_now() -> str:
    return timezone.now().isoformat()


def default_status(category: str) -> str:
    if category == MemberCategory.EXEMPT:
        return AttendanceStatus.EXEMPT
    return AttendanceStatus.PRESENT


def roll_category(member, day: datetime.date, written: str | None = None) -> str | None:
    """The member's category on `day` from their events; `written` when they were no member."""
    return member.category_on(day, events=list(member.events.all())) or written


def away_elsewhere(roll: Roll, day: datetime.date) -> list:
    """Members of the roll attending elsewhere for a while on `day`: off the roll, counted."""
    return [m for m in roll.member_list if m.away_on(day, events=list(m.events.all()))]


def away_elsewhere_count(organisation, day: datetime.date) -> int:
    return len(away_elsewhere(roll_for(organisation), day))


def attendance_initial(meeting, roll: Roll, day: datetime.date) -> list[dict]:
    """The roll as it should be shown: rows already recorded, then every other member (not
    those attending elsewhere that day)."""
    rows, listed = [], set()
    if meeting.pk:
        for row in meeting.attendance.all():
            if row.member_id is None:
                continue
            listed.add(row.member_id)
            rows.append(
                {
                    "member_id": row.member_id,
                    "name": row.name,
                    "category": row.category,
                    "status": row.status,
                    "reason": row.reason,
                }
            )
    away = {m.pk for m in away_elsewhere(roll, day)}
    for member in roll.member_list:
        if member.pk in listed or member.pk in away:
            continue
        category = roll_category(member, day)
        if category is None:
            continue
        rows.append(
            {
                "member_id": member.pk,
                "name": member.full_name,
                "category": category,
                "status": default_status(category),
                "reason": "",
            }
        )
    return rows


# Meetings that review a term's targets as well as the year's: a congress closes its term, a
# year-end review conference reviews each year of it.
TERM_REVIEW_KINDS = frozenset({MeetingKind.CONGRESS, MeetingKind.REVIEW_CONFERENCE})


def targets_to_review(
    meeting, organisation, day: datetime.date, year: int | None = None, kinds=None
):
    """Targets of the organisation for the year reviewed (`year`, else that of the meeting's
    reviewed period or of the period its kinds give), and those already reviewed here. At a
    congress or a year-end review conference (`kinds`, else the saved meeting's), also the
    targets of the terms that cover that year."""
    if kinds is None:
        kinds = meeting.kind_values if meeting.pk else ()
    if year is None:
        year = reviewed_year(
            kinds=kinds,
            day=day,
            title=meeting.title,
            review_from=meeting.review_from,
            review_to=meeting.review_to,
        )
    q = Q(organisation=organisation, year=year)
    if TERM_REVIEW_KINDS.intersection(kinds or ()):
        terms = Target.objects.filter(organisation=organisation, year__isnull=True).exclude(term="")
        covering = [
            term
            for term in terms.values_list("term", flat=True).distinct()
            if year in (term_years(term) or ())
        ]
        if covering:
            q |= Q(organisation=organisation, year__isnull=True, term__in=covering)
    q &= ~Q(adopted_at=meeting.pk or 0)
    if meeting.pk:
        q |= Q(reviewed_at=meeting)
    return Target.objects.filter(q).order_by(F("year").asc(nulls_last=True), "term", "order", "id")


def changes_since(meeting: Meeting, since: datetime.datetime | None) -> list:
    """What was saved to the meeting after `since`: field changes and changed parts."""
    records = list(
        meeting.history.select_related("history_user").order_by("history_date", "history_id")
    )
    changes = []
    for previous, record in zip([None, *records], records, strict=False):
        if since and record.history_date <= since:
            continue
        changes.append(describe_changes(record, previous))
    if not changes and records:
        changes.append(describe_changes(records[-1], records[-2] if len(records) > 1 else None))
    parts = []
    child_models = [
        (MeetingPerson, _("chairs, minute-taker and guests"), Q(meeting_id=meeting.pk)),
        (Attendance, _("attendance"), Q(meeting_id=meeting.pk)),
        (AgendaItem, _("agenda"), Q(meeting_id=meeting.pk)),
        (MemberEvent, _("member events"), Q(meeting_id=meeting.pk)),
        (Award, _("awards"), Q(meeting_id=meeting.pk)),
        (Target, _("targets"), Q(reviewed_at_id=meeting.pk) | Q(adopted_at_id=meeting.pk)),
        (Vote, _("votes"), Q(meeting_id=meeting.pk)),
    ]
    for model, label, q in child_models:
        qs = model.history.filter(q)
        if since:
            qs = qs.filter(history_date__gt=since)
        count = qs.count()
        if count:
            parts.append((label, count))
    return [changes, parts]


_MONTH_RE = re.compile(r"(tháng\s+)(\d{1,2})(\s*/\s*|\s+năm\s+)?(\d{4})?", re.IGNORECASE)


def next_meeting_date(day: datetime.date, meeting_day: int = 3) -> datetime.date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return datetime.date(year, month, meeting_day)


def retitle_for(title: str, day: datetime.date) -> str:
    """Move "tháng 5/2025" or "tháng 5 năm 2025" in a title to the new month."""

    def repl(match):
        sep = match.group(3)
        if match.group(4):
            return f"{match.group(1)}{day.month}{sep}{day.year}"
        return f"{match.group(1)}{day.month}{sep or ''}"

    new, count = _MONTH_RE.subn(repl, title, count=1)
    return new if count else title


def copy_initial(source: Meeting) -> dict:
    """A starting point from an earlier meeting: kinds, place, times, chairs, agenda titles."""
    day = next_meeting_date(source.date)
    people = list(source.people.select_related("member").prefetch_related("member__positions"))

    def person(p):
        title = p.member.title_on(day) if p.member_id else p.position
        return {"member": p.member_id, "name": p.name, "position": title}

    return {
        "meeting": {
            "title": retitle_for(source.title, day),
            "date": day,
            "kinds": source.kind_values,
            "start_time": source.start_time,
            "end_time": source.end_time,
            "part_of_day": source.part_of_day,
            "mode": source.mode,
            "place": source.place,
        },
        "chairs": [person(p) for p in people if p.role == ParticipantRole.CHAIR],
        "minute_taker": [person(p) for p in people if p.role == ParticipantRole.MINUTE_TAKER],
        "agenda": [
            {
                "title": a.title,
                "presenter_member": a.presenter_member_id,
                "presenter_name": a.presenter_name,
                "presenter_position": a.presenter_position,
            }
            for a in source.agenda.all()
        ],
    }


def new_meeting_initial(organisation, day: datetime.date, kind: str = MeetingKind.MONTHLY) -> dict:
    """For a new meeting: a monthly meeting on the day (also of `kind`, when another kind is
    asked for; a thematic meeting alone), chaired by the cell's secretary."""
    if kind == MeetingKind.THEMATIC:
        kinds = [MeetingKind.THEMATIC]
        title = _("Thematic meeting of %(month)s/%(year)s")
    else:
        kinds = list(dict.fromkeys([MeetingKind.MONTHLY, kind]))
        title = _("Monthly meeting of %(month)s/%(year)s")
    initial = {
        "meeting": {
            "date": day,
            "kinds": kinds,
            "title": title % {"month": day.month, "year": day.year},
        },
    }
    secretary = (
        Position.objects.filter(organisation=organisation, title=PositionTitle.SECRETARY)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=day))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .select_related("member")
        .first()
    )
    if secretary:
        initial["chairs"] = [
            {
                "member": secretary.member_id,
                "name": secretary.member.full_name,
                "position": secretary.member.title_on(day),
            }
        ]
    return initial
