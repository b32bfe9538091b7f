"""Readable change history from django-simple-history records: who, when, before and after."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.formats import date_format, localize
from django.utils.translation import gettext as _

from ..models import (
    AgendaItem,
    Attendance,
    Award,
    Document,
    MeetingPerson,
    MeetingTask,
    MemberEvent,
    Opinion,
    Photo,
    ReportBlock,
    Target,
    Vote,
)

ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
# Bookkeeping columns that say nothing to the reader.
HIDDEN_FIELDS = {
    "id",
    "updated_at",
    "created_at",
    "search_document",
    "sort_name",
    "path",
    "depth",
    "width",
    "height",
    "uploaded_at",
    "order",
}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: object
    user: str
    action: str  # created / changed / deleted
    subject: str  # what was changed: "the meeting", "attendance: Nguyễn Văn A"…
    reason: str = ""
    changes: list[FieldChange] = field(default_factory=list)


def _display(model, field_name: str, value) -> str:
    if value in (None, ""):
        return "—"
    try:
        model_field = model._meta.get_field(field_name)
    except Exception:  # noqa: BLE001 - a column the model no longer has
        return str(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if hasattr(value, "year") and hasattr(value, "hour"):
        return date_format(value, "SHORT_DATETIME_FORMAT")
    if hasattr(value, "year"):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(localize(value))


def _user_label(record) -> str:
    user = record.history_user
    if user is None:
        return _("(system)")
    return user.get_full_name() or user.get_username()


def describe_changes(record, previous) -> HistoryEntry:
    """One history record as a HistoryEntry, diffed against the record before it."""
    model = record.instance_type
    changes = []
    if previous is not None and record.history_type == "~":
        delta = record.diff_against(previous)
        for change in delta.changes:
            if change.field in HIDDEN_FIELDS:
                continue
            label = str(model._meta.get_field(change.field).verbose_name)
            changes.append(
                FieldChange(
                    label=label[:1].upper() + label[1:],
                    old=_display(model, change.field, change.old),
                    new=_display(model, change.field, change.new),
                )
            )
    elif record.history_type == "+":
        for model_field in model._meta.concrete_fields:
            if model_field.name in HIDDEN_FIELDS or model_field.is_relation:
                continue
            value = getattr(record, model_field.attname, None)
            if value in (None, "", [], False):
                continue
            label = str(model_field.verbose_name)
            changes.append(
                FieldChange(
                    label[:1].upper() + label[1:], "—", _display(model, model_field.name, value)
                )
            )
    return HistoryEntry(
        when=record.history_date,
        user=_user_label(record),
        action=ACTIONS.get(record.history_type, "changed"),
        subject=str(model._meta.verbose_name),
        reason=getattr(record, "history_change_reason", "") or "",
        changes=changes,
    )


def history_entries(records, *, label=None) -> list[HistoryEntry]:
    """Entries for records of one model (any objects), each diffed against its own previous."""
    records = sorted(records, key=lambda r: (r.history_date, r.history_id))
    last_seen = {}
    entries = []
    for record in records:
        entry = describe_changes(record, last_seen.get(record.id))
        if label:
            entry.subject = label(record)
        last_seen[record.id] = record
        if entry.action != "changed" or entry.changes:
            entries.append(entry)
    return entries


def _short(record) -> str:
    """A label for a history row that needs no query (no related objects are loaded)."""
    for name in (
        "name",
        "title",
        "recipient_name",
        "recipient_collective",
        "caption",
        "form",
        "text",
    ):
        value = getattr(record, name, "")
        if value:
            return str(value)[:80]
    type_field = getattr(record, "type", "")
    if type_field:
        return _display(record.instance_type, "type", type_field)
    return f"#{record.id}"


def _label(model):
    return lambda r: f"{str(model._meta.verbose_name).capitalize()}: {_short(r)}"


def _records(model, q):
    return list(model.history.filter(q).select_related("history_user"))


def meeting_history(meeting) -> list[HistoryEntry]:
    """Every recorded change to the meeting and what hangs on it, newest first."""
    entries = history_entries(
        _records(type(meeting), Q(id=meeting.pk)), label=lambda r: _("Meeting record")
    )
    agenda_ids = set(AgendaItem.history.filter(meeting_id=meeting.pk).values_list("id", flat=True))
    parts = [
        (MeetingPerson, Q(meeting_id=meeting.pk)),
        (Attendance, Q(meeting_id=meeting.pk)),
        (AgendaItem, Q(meeting_id=meeting.pk)),
        (Opinion, Q(agenda_item_id__in=agenda_ids)),
        (MemberEvent, Q(meeting_id=meeting.pk)),
        (Award, Q(meeting_id=meeting.pk)),
        (Target, Q(reviewed_at_id=meeting.pk) | Q(adopted_at_id=meeting.pk)),
        (Document, Q(meeting_id=meeting.pk)),
        (MeetingTask, Q(meeting_id=meeting.pk) | Q(reviewed_at_id=meeting.pk)),
        (Vote, Q(meeting_id=meeting.pk)),
    ]
    for model, q in parts:
        entries += history_entries(
            _records(model, q),
            label=_label(model),
        )
    return sorted(entries, key=lambda e: e.when, reverse=True)


def report_history(report) -> list[HistoryEntry]:
    entries = history_entries(_records(type(report), Q(id=report.pk)), label=lambda r: _("Report"))
    for model in (ReportBlock, Photo):
        entries += history_entries(
            _records(model, Q(report_id=report.pk)),
            label=_label(model),
        )
    return sorted(entries, key=lambda e: e.when, reverse=True)
