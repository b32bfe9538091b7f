"""Recording a meeting: the roll, one-transaction saves, optimistic locking, minutes approval."""

import datetime
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from ..models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Award,
    Meeting,
    MeetingKind,
    MeetingKindTag,
    MeetingPerson,
    Member,
    MemberCategory,
    MemberEvent,
    MinutesAddendum,
    ParticipantRole,
    Position,
    PositionTitle,
    Target,
)
from ..selectors.history import describe_changes
from .targets import targets_refresh_for


class MeetingConflict(Exception):
    """Someone else saved the meeting after this user opened it."""

    def __init__(self, current_version: int, changes: list):
        super().__init__("meeting changed meanwhile")
        self.current_version = current_version
        self.changes = changes


class MinutesLocked(Exception):
    """The minutes were approved: they can only be corrected by an addendum."""


@dataclass
class Roll:
    """The members who can be on an organisation's roll, with what the titles need."""

    members: object  # queryset for form choices
    member_list: list = field(default_factory=list)

    @property
    def member_ids(self) -> set[int]:
        return {m.pk for m in self.member_list}


def roll_for(organisation) -> Roll:
    members = (
        Member.objects.active()
        .in_subtree(organisation)
        .prefetch_related("events", Prefetch("positions", queryset=Position.objects.all()))
    )
    return Roll(members=members, member_list=list(members))


def member_titles(members, day: datetime.date) -> dict[int, str]:
    return {m.pk: m.title_on(day, positions=m.positions.all()) for m in members}


def timestamp_now() -> str:
    return timezone.now().isoformat()


def default_status(category: str) -> str:
    return AttendanceStatus.EXEMPT if category == MemberCategory.EXEMPT else AttendanceStatus.PRESENT


def attendance_initial(meeting, roll: Roll, day: datetime.date) -> list[dict]:
    """The roll as it should be shown: rows already recorded, then every other member."""
    rows, listed = [], set()
    if meeting.pk:
        for row in meeting.attendance.all():
            if row.member_id is None:
                continue
            listed.add(row.member_id)
            rows.append({
                "member_id": row.member_id, "name": row.name, "category": row.category,
                "status": row.status, "reason": row.reason,
            })
    for member in roll.member_list:
        if member.pk in listed:
            continue
        category = member.category_on(day, events=list(member.events.all()))
        if category is None:
            continue
        rows.append({
            "member_id": member.pk, "name": member.full_name, "category": category,
            "status": default_status(category), "reason": "",
        })
    return rows


def attendance_counts(rows) -> dict[str, int]:
    """The figures written in the minutes, from (category, status) pairs of the roll.

    Temporarily attached members attend but are not counted in the cell's strength; exempt
    members count only when they come.
    """
    counts = {"convened": 0, "present": 0, "present_full": 0, "present_probationary": 0,
              "present_temporary": 0, "exempt": 0}
    for category, status in rows:
        present = status == AttendanceStatus.PRESENT
        if category == MemberCategory.EXEMPT:
            counts["exempt"] += 1
        if category in (MemberCategory.FULL, MemberCategory.PROBATIONARY) or (
            category == MemberCategory.EXEMPT and present
        ):
            counts["convened"] += 1
        if present:
            if category == MemberCategory.TEMPORARY:
                counts["present_temporary"] += 1
            else:
                counts["present"] += 1
                if category == MemberCategory.FULL:
                    counts["present_full"] += 1
                elif category == MemberCategory.PROBATIONARY:
                    counts["present_probationary"] += 1
    return counts


def targets_to_review(meeting, organisation, day: datetime.date):
    """Targets of the organisation for the year reviewed, and those already reviewed here."""
    year = meeting.review_from.year if meeting.review_from else day.year
    q = Q(organisation=organisation, year=year) & ~Q(adopted_at=meeting.pk or 0)
    if meeting.pk:
        q |= Q(reviewed_at=meeting)
    return Target.objects.filter(q).order_by("year", "order", "id")


def changes_since(meeting: Meeting, since: datetime.datetime | None) -> list:
    """What was saved to the meeting after `since`: field changes and changed parts."""
    records = list(meeting.history.select_related("history_user").order_by("history_date", "history_id"))
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
    ]
    for model, label, q in child_models:
        qs = model.history.filter(q)
        if since:
            qs = qs.filter(history_date__gt=since)
        count = qs.count()
        if count:
            parts.append((label, count))
    return [changes, parts]


def parse_loaded_at(value: str | None):
    parsed = parse_datetime(value or "")
    if parsed and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _save_people(formset, meeting, role, day):
    for form in formset.deleted_forms:
        if form.instance.pk:
            form.instance.delete()
    order = 0
    for form in formset.forms:
        if form in formset.deleted_forms or not hasattr(form, "cleaned_data"):
            continue
        if not form.cleaned_data or (form.instance.pk is None and not form.has_changed()):
            continue
        person = form.instance
        changed = person.pk is None or form.has_changed()
        if person.member_id and not person.position:
            person.position = person.member.title_on(day)
            changed = True
        if person.order != order or person.role != role:
            changed = True
        person.meeting, person.role, person.order = meeting, role, order
        if changed:
            person.save()
        order += 1


def _save_inline(formset, meeting, **attrs):
    """Save an inline formset, setting `attrs` on new rows and numbering them in order."""
    formset.instance = meeting
    instances = formset.save(commit=False)
    for obj in formset.deleted_objects:
        obj.delete()
    for index, obj in enumerate(instances):
        for name, value in attrs.items():
            field = obj._meta.get_field(name)
            if getattr(obj, field.attname) in (None, ""):
                setattr(obj, name, value(obj) if callable(value) else value)
        if hasattr(obj, "order") and obj.order == 0:
            obj.order = index + 1
        obj.save()
    return instances


def _roll_rows(formset, day, roll: Roll) -> list[tuple]:
    """(member, category that day, status, reason) for each row of the posted roll."""
    members = {m.pk: m for m in roll.member_list}
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        member = members[data["member_id"]]
        category = member.category_on(day, events=list(member.events.all())) or data["category"]
        rows.append((member, category, data["status"], data["reason"]))
    return rows


def _save_attendance(rows, meeting):
    existing = {a.member_id: a for a in meeting.attendance.all() if a.member_id}
    for order, (member, category, status, reason) in enumerate(rows):
        row = existing.get(member.pk) or Attendance(meeting=meeting, member=member)
        new = (member.full_name, category, status, reason, order)
        old = (row.name, row.category, row.status, row.reason, row.order)
        if row.pk is None or new != old:
            row.name, row.category, row.status, row.reason, row.order = new
            row.save()


def meeting_save(*, entry, user, roll: Roll) -> Meeting:
    """Save everything typed on the meeting page in one transaction, or nothing.

    Raises MeetingConflict when the meeting was saved by someone else since the form was
    opened (its version moved on), and MinutesLocked once the minutes are approved.
    """
    form = entry.form
    with transaction.atomic():
        meeting = form.save(commit=False)
        if meeting.pk:
            current = Meeting.objects.select_for_update().get(pk=meeting.pk)
            if current.minutes_locked:
                raise MinutesLocked
            if form.cleaned_data.get("version") != current.version:
                since = parse_loaded_at(form.cleaned_data.get("loaded_at"))
                raise MeetingConflict(current.version, changes_since(current, since))
            meeting.version = current.version + 1
        else:
            meeting.organisation = entry.organisation
            meeting.created_by = user
            meeting.version = 1
        if not meeting.organisation_name or "date" in form.changed_data:
            meeting.organisation_name = meeting.organisation.name_on(meeting.date)
        roll_rows = _roll_rows(entry.attendance, meeting.date, roll)
        if roll_rows:
            # The figures of the minutes are a snapshot of the roll, saved with the meeting.
            counts = attendance_counts([(category, status) for _m, category, status, _r in roll_rows])
            for name, value in counts.items():
                setattr(meeting, name, value)
        meeting.save()

        kinds = set(form.cleaned_data["kinds"])
        current_kinds = {k.kind: k for k in meeting.kinds.all()}
        for kind, tag in current_kinds.items():
            if kind not in kinds:
                tag.delete()
        MeetingKindTag.objects.bulk_create(
            [MeetingKindTag(meeting=meeting, kind=k) for k in kinds if k not in current_kinds]
        )

        day = meeting.date
        _save_people(entry.chairs, meeting, ParticipantRole.CHAIR, day)
        _save_people(entry.minute_taker, meeting, ParticipantRole.MINUTE_TAKER, day)
        _save_people(entry.guests, meeting, ParticipantRole.GUEST, day)

        _save_attendance(roll_rows, meeting)

        _save_inline(entry.documents, meeting)
        entry.agenda.instance = meeting
        saved_items = entry.agenda.save(commit=False)
        for obj in entry.agenda.deleted_objects:
            obj.delete()
        for index, form_ in enumerate(entry.agenda.forms):
            if form_.instance in saved_items and form_ not in entry.agenda.deleted_forms:
                form_.instance.meeting = meeting
                if not form_.instance.pk:
                    form_.instance.order = index + 1
                form_.instance.save()
        for form_, opinions in entry.agenda_rows:
            if form_ in entry.agenda.deleted_forms or not form_.instance.pk:
                continue
            _save_inline(opinions, form_.instance)

        _save_inline(
            entry.events, meeting,
            organisation=lambda e: e.member.organisation if e.member_id else meeting.organisation,
            date=day,
        )
        _save_inline(entry.awards, meeting, organisation=meeting.organisation)
        _save_inline(entry.targets_adopted, meeting, organisation=meeting.organisation)
        for target_form in entry.targets_reviewed.forms:
            target = target_form.save(commit=False)
            reviewed = bool(
                target_form.cleaned_data.get("reviewed")
                or target.actual_value is not None
                or target.actual_text
            )
            was_reviewed = target.reviewed_at_id == meeting.pk
            if reviewed:
                target.reviewed_at = meeting
            elif was_reviewed:
                target.reviewed_at = None
            if target_form.has_changed() or reviewed != was_reviewed:
                target.save()
        # Attendance, member events and awards feed the figures of computed targets.
        targets_refresh_for(meeting.organisation, meeting.date.year)
    return meeting


def meeting_approve_minutes(*, meeting: Meeting, user) -> Meeting:
    with transaction.atomic():
        current = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if current.minutes_locked:
            return current
        current.minutes_approved_at = timezone.now()
        current.version += 1
        current._change_reason = _("Minutes approved")
        current.save()
    return current


def minutes_add_addendum(*, meeting: Meeting, user, text: str) -> MinutesAddendum:
    return MinutesAddendum.objects.create(meeting=meeting, text=text.strip(), created_by=user)


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
            {"title": a.title, "presenter_member": a.presenter_member_id,
             "presenter_name": a.presenter_name, "presenter_position": a.presenter_position}
            for a in source.agenda.all()
        ],
    }


def new_meeting_initial(organisation, day: datetime.date) -> dict:
    """For a new meeting: a monthly meeting on the day, chaired by the cell's secretary."""
    initial = {
        "meeting": {
            "date": day,
            "kinds": [MeetingKind.MONTHLY],
            "title": _("Monthly meeting of %(month)s/%(year)s") % {"month": day.month, "year": day.year},
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
        initial["chairs"] = [{
            "member": secretary.member_id,
            "name": secretary.member.full_name,
            "position": secretary.member.title_on(day),
        }]
    return initial
