"""Approved minutes in an import: what the file says of them, compared with what is stored.

The minutes of a meeting approved in the database are never rewritten by an import. To tell a
file that gives them again (a no-op) from one that would change them, the stored meeting is
exported and read back by the same validator as the file, so that both sides are normalised
the way the importer normalises (trimmed NFC text, null and empty text alike, dates and times
as values); then every key of MINUTES_KEYS is compared, down to the JSON path that differs.
"""

from django.utils.translation import gettext as _

from ..text import normalise
from .export_records import export_meeting
from .format import MINUTES_KEYS, ImageSink, ImageSource
from .validate_values import join
from .validation import Validator

# The keys a meeting needs for the validator; the report's are not the minutes.
_NOT_READ = ("body", "extra_photos")


def stored_minutes(meeting, path: str) -> dict:
    """The stored meeting as the validator reads a file's meeting (minutes keys only)."""
    exported = export_meeting(meeting, 1, ImageSink("", inline=False))
    item = {key: value for key, value in exported.items() if key not in _NOT_READ}
    clean = Validator(ImageSource()).meeting(path, item)
    return {key: clean[key] for key in MINUTES_KEYS}


def minutes_differences(meeting, data: dict) -> list[tuple[str, str]]:
    """(JSON path, what differs) for each place where the file's minutes differ."""
    stored = stored_minutes(meeting, data["path"])
    found = []
    for key in MINUTES_KEYS:
        where = join(data["path"], key)
        given, kept = data[key], stored[key]
        if key == "kinds":
            if sorted(given) != sorted(kept):
                found.append((where, "value"))
        elif key == "attendance":
            found += _attendance_differences(where, given, kept)
        else:
            found += _differences(where, given, kept)
    return found


def _differences(where: str, given, kept) -> list[tuple[str, str]]:
    if isinstance(given, dict) and isinstance(kept, dict):
        found = []
        for key in dict.fromkeys([*given, *kept]):
            if key != "path":
                found += _differences(join(where, key), given.get(key), kept.get(key))
        return found
    if isinstance(given, list) and isinstance(kept, list):
        found = []
        for index in range(min(len(given), len(kept))):
            found += _differences(join(where, index), given[index], kept[index])
        if len(given) > len(kept):
            found.append((join(where, len(kept)), "extra"))
        elif len(given) < len(kept):
            found.append((where, "fewer"))
        return found
    return [] if given == kept else [(where, "value")]


def _attendance_differences(where: str, given, kept) -> list[tuple[str, str]]:
    """Figures by their keys; the roll by member (its order is only how it is shown)."""
    if given is None or kept is None:
        empty = {"counts": {}, "rows": []}
        given, kept = given or empty, kept or empty
    found = [
        (join(where, key), "value")
        for key in dict.fromkeys([*given["counts"], *kept["counts"]])
        if given["counts"].get(key) != kept["counts"].get(key)
    ]
    given_rows = {row["name"]: row for row in given["rows"]}
    kept_rows = {row["name"]: row for row in kept["rows"]}
    for name in dict.fromkeys([*given_rows, *kept_rows]):
        if given_rows.get(name) != kept_rows.get(name):
            found.append((join(where, "records"), name))
    return found


def locked_meeting_errors(meeting, data: dict) -> list[tuple[str, str]]:
    """The errors of a file that would change the approved minutes of `meeting` (or none)."""
    named = _("the minutes of “%(title)s” (%(organisation)s, %(date)s) are approved and locked") % {
        "title": meeting.title,
        "organisation": meeting.organisation_name or meeting.organisation.name,
        "date": meeting.date.strftime("%d/%m/%Y"),
    }
    errors = []
    for where, what in minutes_differences(meeting, data):
        if what == "value":
            problem = _("differs from what they say")
        elif what == "extra":
            problem = _("is not in them")
        elif what == "fewer":
            problem = _("gives fewer entries than they have")
        else:
            problem = _("the attendance of “%(name)s” differs from what they say") % {"name": what}
        errors.append(
            (
                where,
                _("%(problem)s: %(minutes)s; record the correction as an addendum instead")
                % {"problem": problem, "minutes": named},
            )
        )
    return errors


def addenda_to_append(meeting, addenda: list[dict]) -> list[dict]:
    """The file's addenda the meeting does not have yet (the same text at the same second)."""
    recorded = {
        (normalise(addendum.text), addendum.created_at.replace(microsecond=0))
        for addendum in meeting.addenda.all()
    }
    return [
        addendum
        for addendum in addenda
        if (addendum["text"], addendum["created_at"].replace(microsecond=0)) not in recorded
    ]
