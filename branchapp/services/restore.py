"""Bring back a deleted meeting or member from the history django-simple-history keeps.

A deletion leaves a last historical record (type "-") holding the row as it was. Restoring
re-creates the row with its old id from that record, then the rows deleted with it in the same
cascade (children whose own last record is a deletion made just before the parent's), and finally
re-attaches the rows whose link was set to empty by the deletion (targets, awards, member events,
attendance… whose last recorded state still points at the restored row).

The list of what can be restored is read by `selectors/restore.py`.
"""

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..models import (
    AgendaItem,
    Attendance,
    Award,
    DisciplineAction,
    Document,
    ElectedPerson,
    Election,
    InspectionCase,
    Meeting,
    MeetingKindTag,
    MeetingPerson,
    MeetingTask,
    Member,
    MemberEvent,
    MemberRating,
    MinutesAddendum,
    Opinion,
    OrganisationFigures,
    OrganisationRating,
    Photo,
    Position,
    RatingTally,
    Report,
    ReportBlock,
    Target,
    Vote,
)

# Rows of one cascade are deleted within one request; this bounds how far back we look.
CASCADE_WINDOW = datetime.timedelta(minutes=5)


class RestoreError(Exception):
    pass


@dataclass
class RestoreResult:
    obj: object
    restored: dict = field(default_factory=dict)  # verbose_name_plural -> count
    relinked: int = 0


def _reason() -> str:
    return _("Restored after deletion")


def _recreate(record):
    instance = record.instance
    instance._change_reason = _reason()
    instance.save(force_insert=True)
    model = type(instance)
    # auto_now_add fields would otherwise take the time of the restore.
    kept = {
        f.attname: getattr(record, f.attname)
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now_add", False) and hasattr(record, f.attname)
    }
    if kept:
        model._default_manager.filter(pk=instance.pk).update(**kept)
        for name, value in kept.items():
            setattr(instance, name, value)
    return instance


def _last_deletion(model, pk):
    history = model.history.model
    record = history.objects.filter(id=pk).order_by("-history_date", "-history_id").first()
    if record is None or record.history_type != "-":
        raise RestoreError(_("There is no deleted record to restore."))
    if model._default_manager.filter(pk=pk).exists():
        raise RestoreError(_("This record exists already."))
    return record


def _restore_children(model, parent_field: str, parent_ids, since, until, result) -> list:
    """Re-create rows of `model` deleted with their parents (ids in `parent_ids`)."""
    if not parent_ids:
        return []
    history = model.history.model
    candidates = history.objects.filter(
        history_type="-",
        history_date__gte=since,
        history_date__lte=until,
        **{f"{parent_field}_id__in": list(parent_ids)},
    ).order_by("history_date", "history_id")
    live = set(
        model._default_manager.filter(pk__in=[c.id for c in candidates]).values_list(
            "pk", flat=True
        )
    )
    restored = []
    for record in candidates:
        if record.id in live:
            continue
        latest = history.objects.filter(id=record.id).order_by("-history_date", "-history_id")[0]
        if latest.history_id != record.history_id:
            continue
        restored.append(_recreate(record))
        live.add(record.id)
    if restored:
        key = str(model._meta.verbose_name_plural)
        result.restored[key] = result.restored.get(key, 0) + len(restored)
    return restored


def _relink(model, field_name: str, pk, result):
    """Point back at `pk` the rows whose link the deletion emptied (SET_NULL writes no history)."""
    history = model.history.model
    attname = f"{field_name}_id"
    ids = set(history.objects.filter(**{attname: pk}).values_list("id", flat=True))
    for obj in model._default_manager.filter(pk__in=ids, **{f"{field_name}__isnull": True}):
        latest = history.objects.filter(id=obj.pk).order_by("-history_date", "-history_id")[0]
        if getattr(latest, attname) == pk:
            setattr(obj, attname, pk)
            obj._change_reason = _reason()
            obj.save()
            result.relinked += 1


@transaction.atomic
def meeting_restore(pk) -> RestoreResult:
    record = _last_deletion(Meeting, pk)
    try:
        with transaction.atomic():
            meeting = _recreate(record)
            result = RestoreResult(meeting)
            since = record.history_date - CASCADE_WINDOW
            until = record.history_date + datetime.timedelta(seconds=1)
            ids = [meeting.pk]
            for model in (
                MeetingKindTag,
                MeetingPerson,
                Attendance,
                Document,
                MinutesAddendum,
                RatingTally,
                MeetingTask,
                OrganisationFigures,
                Vote,
            ):
                _restore_children(model, "meeting", ids, since, until, result)
            agenda = _restore_children(AgendaItem, "meeting", ids, since, until, result)
            _restore_children(Opinion, "agenda_item", [a.pk for a in agenda], since, until, result)
            elections = _restore_children(Election, "meeting", ids, since, until, result)
            _restore_children(
                ElectedPerson, "election", [e.pk for e in elections], since, until, result
            )
            reports = _restore_children(Report, "meeting", ids, since, until, result)
            report_ids = [r.pk for r in reports]
            _restore_children(Photo, "report", report_ids, since, until, result)
            _restore_children(ReportBlock, "report", report_ids, since, until, result)
            for report in reports:
                report.refresh_search_document()
            for model, field_name in (
                (Target, "adopted_at"),
                (Target, "reviewed_at"),
                (Award, "meeting"),
                (MemberEvent, "meeting"),
                (InspectionCase, "meeting"),
                (MemberRating, "meeting"),
                (OrganisationRating, "meeting"),
            ):
                _relink(model, field_name, meeting.pk, result)
    except IntegrityError as error:
        raise RestoreError(
            _("The record cannot be restored: %(error)s") % {"error": error}
        ) from error
    return result


@transaction.atomic
def member_restore(pk) -> RestoreResult:
    record = _last_deletion(Member, pk)
    try:
        with transaction.atomic():
            member = _recreate(record)
            result = RestoreResult(member)
            since = record.history_date - CASCADE_WINDOW
            until = record.history_date + datetime.timedelta(seconds=1)
            for model in (Position, MemberEvent, MemberRating):
                _restore_children(model, "member", [member.pk], since, until, result)
            for model, field_name in (
                (Attendance, "member"),
                (MeetingPerson, "member"),
                (Opinion, "member"),
                (ElectedPerson, "member"),
                (AgendaItem, "presenter_member"),
                (Award, "recipient_member"),
                (InspectionCase, "subject_member"),
                (DisciplineAction, "member"),
                (MeetingTask, "member"),
            ):
                _relink(model, field_name, member.pk, result)
            member.refresh_status()
    except IntegrityError as error:
        raise RestoreError(
            _("The record cannot be restored: %(error)s") % {"error": error}
        ) from error
    return result
