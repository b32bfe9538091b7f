"""What a report is drafted from: the publishable part of its meeting's record."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..models import ParticipantRole


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
    first = _("On %(date)s, %(organisation)s held %(title)s") % {
        "date": when,
        "organisation": meeting.organisation_name or meeting.organisation.name,
        "title": meeting.title[:1].lower() + meeting.title[1:],
    }
    if meeting.place:
        first += _(" at %(place)s") % {"place": meeting.place}
    first += "."
    if chairs:
        first += " " + _("The meeting was chaired by %(names)s.") % {"names": _join_names(chairs)}
    paragraphs = [first]
    if guests:
        paragraphs.append(_("Attending as guests: %(names)s.") % {"names": _join_names(guests)})
    if meeting.present is not None and meeting.convened:
        paragraphs.append(
            _("%(present)s of %(convened)s members attended.")
            % {"present": meeting.present, "convened": meeting.convened}
        )
    return paragraphs
