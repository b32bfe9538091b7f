"""Writing a meeting: one writer for the workspace, the admin and the import; minutes approval.

`meeting_save` writes a meeting's row and the parts it is given, and does in one place what
every save of a meeting needs: refuse a form opened before someone else's save (the version),
keep approved minutes locked, snapshot the organisation's name and the people's titles of the
day, take the attendance figures from the roll, and refresh the targets computed from the
meeting's records. It takes plain values (`MeetingData`), never forms.
"""

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from ..attendance import ROLL_COUNTS, roll_counts, vote_out_of
from ..models import (
    ATTENDANCE_COUNTS,
    MINUTES_FIELDS,
    AgendaItem,
    Attendance,
    AttendanceMode,
    Award,
    Candidate,
    Document,
    ElectedPerson,
    Election,
    Meeting,
    MeetingKindTag,
    MeetingPerson,
    MeetingTask,
    Member,
    MemberEvent,
    MinutesAddendum,
    Opinion,
    OrganisationFigures,
    RatingTally,
    Report,
    Target,
    Vote,
)
from ..models.candidates import PRIOR_STATUS_WORDS
from ..models.meetings import PersonRef
from ..page_invalidation import kinds_written
from ..selectors.meetings import away_elsewhere_count, changes_since
from ..text import normalise
from .reports import report_record_compare, report_record_seen
from .targets import targets_refresh_for

# The parts of `MeetingData` that belong to the minutes (locked with MINUTES_FIELDS).
MINUTES_PARTS = (
    "kinds",
    "people",
    "roll",
    "documents",
    "agenda",
    "tasks",
    "tasks_reviewed",
    "election",
    "votes",
)


class MeetingConflict(Exception):
    """Someone else saved the meeting after this user opened it."""

    def __init__(self, current_version: int, changes: list):
        super().__init__("meeting changed meanwhile")
        self.current_version = current_version
        self.changes = changes


class MinutesLocked(Exception):
    """The minutes were approved: they can only be corrected by an addendum."""


@dataclass(frozen=True)
class RollRow:
    """A member on the roll: their category that day, whether they came, and why not."""

    member: Member
    category: str
    status: str
    reason: str = ""


@dataclass(frozen=True)
class TargetReview:
    """A target of the organisation as reviewed at the meeting (or no longer reviewed there)."""

    target_id: int
    actual_text: str = ""
    actual_value: Decimal | None = None
    assessment: str = ""  # chosen by hand; empty: computed from the numbers
    reviewed: bool = False


@dataclass(frozen=True)
class TaskReview:
    """A task of an earlier meeting of the organisation as reviewed at this one."""

    task_id: int
    done: bool = False
    result: str = ""


Rows = list[dict]


@dataclass
class MeetingData:
    """What to write of a meeting, as plain values.

    `fields`: values of the meeting's own columns by name (related rows as model instances);
    columns not named stay as they are. `counts`: attendance figures given as numbers (a report
    that gives only numbers); when None, the figures come from the roll.

    A part left as None is not written. A list replaces the part's rows: each row is a dict of
    field values, with "id" for a row that exists already; listed rows are updated or added, the
    others removed. New rows are numbered in the order given unless they carry an "order". People
    rows carry their "role"; agenda rows may carry their "opinions" (rows again). The roll is kept
    by member: it adds and updates rows, it never removes one.

    Document rows may carry a "file": an uploaded file (checked by content, stored privately
    under a generated name), or "" to remove the file; without the key the file stays. `tasks`
    are the tasks the meeting assigns (description, member or assignee, due_date);
    `tasks_reviewed` what became of earlier meetings' tasks, reviewed at this one.
    """

    fields: dict = field(default_factory=dict)
    counts: dict | None = None
    kinds: list[str] | None = None
    people: Rows | None = None
    roll: list[RollRow] | None = None
    documents: Rows | None = None
    agenda: Rows | None = None
    events: Rows | None = None
    awards: Rows | None = None
    targets_adopted: Rows | None = None
    targets_reviewed: list[TargetReview] | None = None
    tasks: Rows | None = None
    tasks_reviewed: list[TaskReview] | None = None
    # A congress's results: {"committee_size": int | None, "elected": Rows, "delegates": Rows};
    # elected rows carry name, position, re_elected; delegate rows name, alternate. An empty
    # election (no size, no rows) removes the record.
    election: dict | None = None
    # The year-end figures announced: rating tallies by scope, and organisation figures; rows
    # without an "organisation" are about the meeting's own organisation.
    tallies: Rows | None = None
    figures: Rows | None = None
    votes: Rows | None = None


# The figures of the minutes from the roll: one definition, in `branchapp.attendance`.
attendance_counts = roll_counts


def meeting_save(
    *,
    meeting: Meeting,
    data: MeetingData,
    user=None,
    version: int | None = None,
    opened_at: datetime.datetime | None = None,
    also_write: Callable[[Meeting], object] | None = None,
) -> Meeting:
    """Write `meeting` (a new one with its organisation, or one loaded) in one transaction.

    `version` is the meeting's version when the user's form was opened (at `opened_at`); if
    someone saved it since, MeetingConflict tells what they changed. None skips the check (the
    admin, an import); every save moves the version on. A save that would change approved
    minutes (a field of MINUTES_FIELDS given with another value, or any part of MINUTES_PARTS
    given) raises MinutesLocked, whoever calls: the workspace, the admin and the import alike;
    the rest (the report, the results announced) may still be written. `also_write(meeting)`
    writes, in the same
    transaction, what the caller keeps itself (the admin's inlines, an import's report and
    ratings) before the figures computed from all of it are refreshed.
    """
    with transaction.atomic():
        current = Meeting.objects.select_for_update().get(pk=meeting.pk) if meeting.pk else None
        # What the public article showed of the record: "Cập nhật" if the save changes it.
        seen = report_record_seen(meeting_id=meeting.pk)
        locked = current is not None and current.minutes_locked
        if current is None:
            meeting.version = 1
            if user is not None and meeting.created_by_id is None:
                meeting.created_by = user
        else:
            if locked and _changes_minutes(current, data):
                raise MinutesLocked
            if version is not None and version != current.version:
                raise MeetingConflict(current.version, changes_since(current, opened_at))
            meeting.version = current.version + 1
        _assign(meeting, data.fields)
        moved = current is not None and (current.date, current.organisation_id) != (
            meeting.date,
            meeting.organisation_id,
        )
        if current is None or moved or not meeting.organisation_name:
            meeting.organisation_name = meeting.organisation.name_on(meeting.date)
        if data.counts is not None:
            _assign(meeting, {k: v for k, v in data.counts.items() if k in ATTENDANCE_COUNTS})
            if "attendance_mode" not in data.fields and not (
                data.roll or (current is not None and current.attendance.exists())
            ):
                # Numbers without a roll (an import, a report): the meeting keeps numbers only,
                # and its page opens on them rather than on a roll that would replace them.
                meeting.attendance_mode = AttendanceMode.COUNTS
        elif data.roll:
            # The figures of the minutes are a snapshot of the roll, saved with the meeting;
            # members attending elsewhere that day are off the roll and counted apart.
            _assign(meeting, attendance_counts([(row.category, row.status) for row in data.roll]))
            away = away_elsewhere_count(meeting.organisation, meeting.date)
            _assign(meeting, {"away_elsewhere": away})
        follow_roll = (
            also_write is not None
            and data.counts is None
            and data.roll is None
            and not locked
            and _counts_follow_roll(current)
        )
        meeting.save()
        _write_parts(meeting, data)
        if also_write is not None:
            also_write(meeting)
            if not locked:
                _snapshot_titles(meeting)
        if follow_roll:
            _recount(meeting)
        if data.votes is not None:
            _fill_vote_bases(meeting)
        # The report's search text holds the meeting's kinds and organisation names.
        report = Report.objects.filter(meeting=meeting).first()
        if report is not None:
            report.refresh_search_document()
        # Attendance, member events, awards and ratings feed the figures of computed targets.
        places = {(meeting.organisation_id, meeting.date.year): meeting.organisation}
        if moved and (current.organisation_id, current.date.year) not in places:
            places[current.organisation_id, current.date.year] = current.organisation
        for (_organisation_id, year), organisation in places.items():
            targets_refresh_for(organisation=organisation, year=year)
        report_record_compare(seen=seen)
    return meeting


def _differs(obj, name: str, value) -> bool:
    model_field = obj._meta.get_field(name)
    if model_field.many_to_one or model_field.one_to_one:
        return getattr(obj, model_field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


def _assign(obj, values: dict) -> bool:
    """Set `values` on `obj`; whether any of them changed."""
    changed = False
    for name, value in values.items():
        if _differs(obj, name, value):
            setattr(obj, name, value)
            changed = True
    return changed


def _changes_minutes(current: Meeting, data: MeetingData) -> bool:
    if any(getattr(data, part) is not None for part in MINUTES_PARTS):
        return True
    given = {**data.fields, **(data.counts or {})}
    return any(
        _differs(current, name, value) for name, value in given.items() if name in MINUTES_FIELDS
    )


def _counts_follow_roll(current: Meeting | None) -> bool:
    """Whether the figures are those of the roll (or none were given): then they follow it.

    Figures typed from a report that gives only numbers are kept beside a partial roll.
    """
    if current is None:
        return True
    if current.attendance_mode == AttendanceMode.COUNTS:
        return False
    rows = list(current.attendance.values_list("category", "status"))
    figures = {name: getattr(current, name) for name in ROLL_COUNTS}
    if not rows:
        return all(value is None for value in figures.values())
    computed = attendance_counts(rows)
    # Meetings saved before the absences were counted have none: they still follow the roll.
    return all(
        figures[name] == computed[name]
        or (name in ("excused", "unexcused") and figures[name] is None)
        for name in ROLL_COUNTS
    )


def _recount(meeting: Meeting):
    rows = list(meeting.attendance.values_list("category", "status"))
    if rows and _assign(meeting, attendance_counts(rows)):
        meeting.save()


def _snapshot_titles(meeting: Meeting):
    """Members written by the caller without a title get their title of the meeting day."""
    owners = ((MeetingPerson, Q(meeting=meeting)), (Opinion, Q(agenda_item__meeting=meeting)))
    for model, owner in owners:
        people = model.objects.filter(owner, member__isnull=False, position="")
        for person in people.select_related("member"):
            if _snapshot_title(person, meeting.date):
                person.save()


def _snapshot_title(person: PersonRef, day: datetime.date) -> bool:
    """A member named without a title keeps the title they had that day; whether it was set."""
    if not person.member_id or person.position:
        return False
    person.position = person.member.title_on(day)
    return bool(person.position)


def _write_parts(meeting: Meeting, data: MeetingData):
    day = meeting.date
    if data.kinds is not None:
        _write_kinds(meeting, data.kinds)
    if data.people is not None:
        numbers = Counter()
        people = []
        for row in data.people:
            people.append({**row, "order": numbers[row["role"]]})
            numbers[row["role"]] += 1
        _sync(meeting.people.all(), people, lambda: MeetingPerson(meeting=meeting), day)
    if data.roll is not None:
        _write_roll(meeting, data.roll)
    if data.documents is not None:
        _sync(meeting.documents.all(), data.documents, lambda: Document(meeting=meeting), day)
    if data.agenda is not None:
        items = _sync(meeting.agenda.all(), data.agenda, lambda: AgendaItem(meeting=meeting), day)
        for item, row in items:
            if row.get("opinions") is not None:
                new = lambda item=item: Opinion(agenda_item=item)  # noqa: E731
                _sync(item.opinions.all(), row["opinions"], new, day)
    if data.events is not None:
        dropped = _admitted_by_removed_rows(meeting, data.events)
        _sync(
            meeting.member_events.all(),
            _event_rows(meeting, data.events),
            lambda: MemberEvent(meeting=meeting),
            day,
            defaults={"organisation": lambda e: _event_organisation(e, meeting), "date": day},
        )
        _forget_bare_members(dropped)
    if data.awards is not None:
        _sync(
            meeting.awards.all(),
            _with_decisions(meeting.awards.all(), data.awards),
            lambda: Award(meeting=meeting),
            day,
            defaults={"organisation": meeting.organisation},
        )
    if data.targets_adopted is not None:
        _sync(
            meeting.targets_adopted.all(),
            data.targets_adopted,
            lambda: Target(adopted_at=meeting),
            day,
            defaults={"organisation": meeting.organisation},
        )
    if data.targets_reviewed is not None:
        _review_targets(meeting, data.targets_reviewed)
    if data.tasks is not None:
        _sync(meeting.tasks.all(), data.tasks, lambda: MeetingTask(meeting=meeting), day)
    if data.tasks_reviewed is not None:
        _review_tasks(meeting, data.tasks_reviewed)
    if data.election is not None:
        _write_election(meeting, data.election, day)
    if data.tallies is not None:
        _sync(
            meeting.rating_tallies.all(),
            data.tallies,
            lambda: RatingTally(meeting=meeting),
            day,
            defaults={"organisation": meeting.organisation},
        )
    if data.figures is not None:
        _sync(
            meeting.organisation_figures.all(),
            data.figures,
            lambda: OrganisationFigures(meeting=meeting),
            day,
            defaults={"organisation": meeting.organisation},
        )
    if data.votes is not None:
        _sync(meeting.votes.all(), data.votes, lambda: Vote(meeting=meeting), day)


def _fill_vote_bases(meeting: Meeting):
    """Votes written without "out of" are counted out of their rule's number that day."""
    votes = [vote for vote in meeting.votes.all() if vote.out_of is None]
    if not votes:
        return
    counts = {name: getattr(meeting, name) for name in ATTENDANCE_COUNTS}
    rows = None
    if meeting.attendance_mode == AttendanceMode.ROLL:
        rows = list(meeting.attendance.values_list("category", "status"))
    for vote in votes:
        vote.out_of = vote_out_of(vote.subject, meeting.date, counts, rows)
        if vote.out_of is not None:
            vote.save(update_fields=["out_of"])


def _event_organisation(event: MemberEvent, meeting: Meeting):
    return event.member.organisation if event.member_id else meeting.organisation


def _sync(existing, rows: Rows, new: Callable, day: datetime.date, defaults=None) -> list:
    """Bring the rows of one part to `rows` (see MeetingData); [(row object, row)] in order."""
    kept = {row.get("id") for row in rows}
    current = {}
    for obj in existing:
        if obj.pk in kept:
            current[obj.pk] = obj
        else:
            obj.delete()  # first, so that a new minute-taker can take the old one's place
    written = []
    for position, row in enumerate(rows, start=1):
        obj = current.pop(row.get("id"), None)
        changed = obj is None
        if obj is None:
            obj = new()
            if "order" not in row and hasattr(obj, "order"):
                obj.order = position
        values = {name: value for name, value in row.items() if name not in ("id", "opinions")}
        changed = _assign(obj, values) or changed
        for name, default in (defaults or {}).items():
            if getattr(obj, obj._meta.get_field(name).attname) in (None, ""):
                setattr(obj, name, default(obj) if callable(default) else default)
                changed = True
        if isinstance(obj, PersonRef):
            changed = _snapshot_title(obj, day) or changed
        if changed:
            obj.save()
        written.append((obj, row))
    return written


def _write_kinds(meeting: Meeting, kinds: list[str]):
    wanted = list(dict.fromkeys(kinds))
    current = {tag.kind: tag for tag in meeting.kinds.all()}
    for kind, tag in current.items():
        if kind not in wanted:
            tag.delete()
    added = MeetingKindTag.objects.bulk_create(
        [MeetingKindTag(meeting=meeting, kind=kind) for kind in wanted if kind not in current]
    )
    if added:
        kinds_written(meeting.pk, [tag.kind for tag in added])  # bulk_create sends no signal


def _write_roll(meeting: Meeting, rows: list[RollRow]):
    existing = {a.member_id: a for a in meeting.attendance.all() if a.member_id}
    added = []
    for order, row in enumerate(rows):
        record = existing.get(row.member.pk) or Attendance(meeting=meeting, member=row.member)
        new = (normalise(row.member.full_name), row.category, row.status, row.reason, order)
        old = (record.name, record.category, record.status, record.reason, record.order)
        if record.pk is None:
            record.name, record.category, record.status, record.reason, record.order = new
            added.append(record)
        elif new != old:
            record.name, record.category, record.status, record.reason, record.order = new
            record.save()
    # A new meeting of a large committee adds hundreds of rows: in a few queries, each with
    # its history record as save() would write it.
    bulk_create_with_history(added, Attendance, batch_size=500)


def _review_targets(meeting: Meeting, reviews: list[TargetReview]):
    targets = Target.objects.filter(pk__in=[review.target_id for review in reviews]).filter(
        Q(organisation_id=meeting.organisation_id) | Q(reviewed_at=meeting)
    )
    by_id = {target.pk: target for target in targets}
    for review in reviews:
        target = by_id.get(review.target_id)
        if target is None:
            continue
        values = {
            "actual_text": review.actual_text,
            "actual_value": review.actual_value,
            "assessment_manual": bool(review.assessment),
        }
        if review.assessment:
            values["assessment"] = review.assessment
        changed = _assign(target, values)
        reviewed = review.reviewed or review.actual_value is not None or bool(review.actual_text)
        was_reviewed = target.reviewed_at_id == meeting.pk
        if reviewed != was_reviewed:
            target.reviewed_at = meeting if reviewed else None
        if changed or reviewed != was_reviewed:
            target.save()


def _review_tasks(meeting: Meeting, reviews: list[TaskReview]):
    """Done and result of earlier tasks of the organisation, as reviewed at `meeting`."""
    tasks = MeetingTask.objects.filter(
        pk__in=[review.task_id for review in reviews],
        meeting__organisation_id=meeting.organisation_id,
    ).exclude(meeting=meeting)
    by_id = {task.pk: task for task in tasks}
    for review in reviews:
        task = by_id.get(review.task_id)
        if task is None:
            continue
        result = review.result.strip()
        if not _assign(task, {"done": review.done, "result": result}):
            continue  # as it was: it stays with the meeting that reviewed it, if any
        task.reviewed_at = meeting if review.done or result else None
        task.save()


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
    # `save` signs it with the account's name of the day.
    return MinutesAddendum.objects.create(meeting=meeting, text=text.strip(), created_by=user)


# -- elections, admissions and decisions --------------------------------------------------------


def _write_election(meeting: Meeting, data: dict, day: datetime.date):
    """The congress's results; an election left empty on the page is removed."""
    elected, delegates = data.get("elected") or [], data.get("delegates") or []
    size = data.get("committee_size")
    election = Election.objects.filter(meeting=meeting).first()
    if size is None and not elected and not delegates:
        if election is not None:
            election.delete()
        return
    if election is None:
        election = Election(meeting=meeting)
    if election.pk is None or election.committee_size != size:
        election.committee_size = size
        election.save()
    for kind, rows in (
        (ElectedPerson.Kind.ELECTED, elected),
        (ElectedPerson.Kind.DELEGATE, delegates),
    ):
        _sync(
            election.people.filter(kind=kind),
            rows,
            lambda kind=kind: ElectedPerson(election=election, kind=kind),
            day,
        )


def _decision(current: Document | None, values: dict | None) -> Document | None:
    """The decision document (number, date, issuer…) of an event or award, written in place."""
    values = {k: v for k, v in (values or {}).items() if v not in (None, "")}
    if not values:
        return None
    document = current or Document(meeting=None)
    fields = {name: values.get(name, "" if name != "date" else None) for name in DECISION_FIELDS}
    if _assign(document, fields) or document.pk is None:
        document.save()
    return document


DECISION_FIELDS = ("kind", "number", "date", "issuer", "title")


def _with_decisions(existing, rows: Rows) -> Rows:
    """Rows whose "decision" is given as values get the Document (the same one when editing);
    a decision emptied on the page is removed."""
    current = {obj.pk: obj for obj in existing.select_related("decision")}
    result = []
    for row in rows:
        if "decision" not in row or isinstance(row["decision"], Document | None):
            result.append(row)
            continue
        old = current.get(row.get("id"))
        old_decision = old.decision if old is not None else None
        decision = _decision(old_decision, row["decision"])
        if old_decision is not None and decision is None:
            transaction.on_commit(
                lambda d=old_decision: Document.objects.filter(
                    pk=d.pk, meeting__isnull=True
                ).delete()
            )
        result.append({**row, "decision": decision})
    return result


# Events whose typed name makes a new member of the organisation (the others name a member).
NEW_MEMBER_EVENTS = ("admission", "transfer_in", "temporary_in")


def _event_rows(meeting: Meeting, rows: Rows) -> Rows:
    """Member-event rows as model values: a typed name (or a candidate picked) for an
    admission becomes a member of the organisation, on probation once the event is saved."""
    prepared = []
    for row in _with_decisions(meeting.member_events.all(), rows):
        row = dict(row)
        name = (row.pop("member_name", "") or "").strip()
        candidate = row.pop("candidate", None)
        if row.get("member") is None and (name or candidate is not None):
            row["member"] = _new_member(meeting, name, candidate, row)
            row["count"] = 1
        prepared.append(row)
    return prepared


def _new_member(meeting: Meeting, name: str, candidate: Candidate | None, row: dict) -> Member:
    """The member an admission (or a transfer in) brings to the meeting's organisation."""
    if candidate is not None and candidate.admitted_member_id:
        return candidate.admitted_member
    member = Member(
        full_name=name or candidate.full_name,
        organisation=meeting.organisation,
        birth_date=candidate.birth_date if candidate is not None else None,
        job_title=candidate.job_title if candidate is not None else "",
    )
    member.save()
    if candidate is not None:
        candidate.admitted_member = member
        candidate.save()
        if not row.get("prior_status"):
            row["prior_status"] = PRIOR_STATUS_WORDS.get(candidate.stage, "")
        if not row.get("mentor"):
            row["mentor"] = candidate.mentor
    return member


def _admitted_by_removed_rows(meeting: Meeting, rows: Rows) -> list[Member]:
    """Members of the meeting's admissions that `rows` no longer list."""
    kept = [row["id"] for row in rows if row.get("id") is not None]
    removed = meeting.member_events.filter(type="admission", member__isnull=False).exclude(
        pk__in=kept
    )
    return [event.member for event in removed.select_related("member")]


def _forget_bare_members(members: list[Member]):
    """An admission removed from the page takes away the member it created when nothing else is
    recorded of them (a name typed by mistake); their candidate goes back to the list."""
    for member in members:
        relations = [
            rel
            for rel in Member._meta.get_fields(include_hidden=True)
            if rel.auto_created
            and not rel.concrete
            and not rel.many_to_many
            and rel.related_model is not Candidate
            and not hasattr(rel.related_model, "history_id")  # change history, not records
        ]
        recorded = any(
            rel.related_model._default_manager.filter(**{rel.field.name: member}).exists()
            for rel in relations
        )
        if not recorded:
            member.delete()
