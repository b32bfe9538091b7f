"""What a report is drafted from (the publishable part of its meeting's record), and what
others saved to it while someone had the editor open."""

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from ..models import ParticipantRole, Photo, ReportBlock
from .history import HistoryEntry, describe_changes


def _join_names(people) -> str:
    return ", ".join(f"{p.name} – {p.position}" if p.position else p.name for p in people)


def report_draft_paragraphs(meeting) -> list[str]:
    """Opening paragraphs written from the record, with only what may be published.

    Names of chairs and guests and the attendance figures are public; absences, reasons and
    opinions stay in the minutes.
    """
    people = list(meeting.people.all())
    chairs = [p for p in people if p.role == ParticipantRole.CHAIR]
    guests = [p for p in people if p.role == ParticipantRole.GUEST]
    when = date_format(meeting.date, "SHORT_DATE_FORMAT")
    values = {
        "date": when,
        "organisation": meeting.organisation_name or meeting.organisation.name,
        "title": meeting.title[:1].lower() + meeting.title[1:],
    }
    if meeting.end_date and meeting.end_date != meeting.date:
        values["end"] = date_format(meeting.end_date, "SHORT_DATE_FORMAT")
        first = _("From %(date)s to %(end)s, %(organisation)s held %(title)s") % values
    elif meeting.part_of_day:
        part = str(meeting.get_part_of_day_display())
        values["part"] = part[:1].upper() + part[1:]
        first = _("%(part)s of %(date)s, %(organisation)s held %(title)s") % values
    else:
        first = _("On %(date)s, %(organisation)s held %(title)s") % values
    if meeting.place:
        first += _(" at %(place)s") % {"place": meeting.place}
    first += "."
    times = _draft_times(meeting)
    if times:
        first += " " + times
    if chairs:
        first += " " + _("The meeting was chaired by %(names)s.") % {"names": _join_names(chairs)}
    paragraphs = [first]
    if meeting.theme:
        paragraphs.append(_("Theme of the meeting: %(theme)s.") % {"theme": meeting.theme})
    if guests:
        paragraphs.append(_("Attending as guests: %(names)s.") % {"names": _join_names(guests)})
    if meeting.present is not None and meeting.convened:
        paragraphs.append(
            _("%(present)s of %(convened)s members attended.")
            % {"present": meeting.present, "convened": meeting.convened}
        )
    return paragraphs


def _draft_times(meeting) -> str:
    """The sentence giving the meeting's hours, when they were recorded."""
    if meeting.start_time and meeting.end_time:
        return _("The meeting ran from %(start)s to %(end)s.") % {
            "start": time_format(meeting.start_time, "H:i"),
            "end": time_format(meeting.end_time, "H:i"),
        }
    if meeting.start_time:
        return _("The meeting began at %(start)s.") % {
            "start": time_format(meeting.start_time, "H:i")
        }
    return ""


def report_draft_closing(meeting) -> list[str]:
    """The paragraphs that close a draft report: the meeting's conclusion (its resolution as
    adopted; the agenda items' own conclusions and the opinions stay in the minutes)."""
    conclusion = (meeting.conclusion or "").strip()
    if not conclusion:
        return []
    return [_("Concluding the meeting: %(conclusion)s") % {"conclusion": conclusion}]


# What the report editor does not write: saves that changed only these do not conflict with it.
PUBLICATION_FIELDS = frozenset({"status", "published_at", "updated_at", "review_state"})


def report_version(report) -> str:
    """The version the editor is opened at: the time of the report's last save (`updated_at`)."""
    return report.updated_at.isoformat()


@dataclass
class ReportChanges:
    """What others saved to a report after a version of it, as the conflict message shows it."""

    entries: list[HistoryEntry]  # each save of the report since, with its field changes
    parts: list[tuple[str, int]]  # (label, number of changes) of its blocks and photos since
    edited: bool  # they changed what the editor writes, not only the publication

    def as_list(self) -> list:
        return [self.entries, self.parts]


def report_changes_since(report, since: datetime.datetime | None) -> ReportChanges:
    """What was saved to the report after the version `since` (None: ever).

    Every save moves `updated_at` on, and each report save writes the report's row before its
    blocks and photos: the parts' changes since the first later save of the row are those of
    the later saves.
    """
    records = list(
        report.history.select_related("history_user").order_by("history_date", "history_id")
    )
    newer = [
        (previous, record)
        for previous, record in zip([None, *records], records, strict=False)
        if since is None or record.updated_at > since
    ]
    edited = not newer  # the version moved and no record says how: take it for an edit
    for previous, record in newer:
        if previous is None or record.history_type != "~":
            edited = True
        elif {c.field for c in record.diff_against(previous).changes} - PUBLICATION_FIELDS:
            edited = True
    start = newer[0][1].updated_at if newer else since
    parts = []
    for model in (ReportBlock, Photo):
        changes = model.history.filter(report_id=report.pk)
        if start is not None:
            changes = changes.filter(history_date__gte=start)
        count = changes.count()
        if count:
            parts.append((str(model._meta.verbose_name_plural), count))
    return ReportChanges(
        entries=[describe_changes(record, previous) for previous, record in newer],
        parts=parts,
        edited=edited or bool(parts),
    )
