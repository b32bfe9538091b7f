"""The export of one meeting and of each record it carries, as the format's JSON objects.

Empty text is written as null, dates as YYYY-MM-DD, times as HH:MM, whole decimals as integers;
lists are sorted so that two exports of the same data compare equal.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from .. import models as m
from ..models.meetings import user_display_name
from .format import ATTENDANCE_COUNTS, TALLY_COUNTS, ImageSink, moment_text


def _text(value):
    return value or None


def _date(value):
    return value.isoformat() if value else None


def _time(value):
    return value.strftime("%H:%M") if value else None


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def report_of(meeting):
    try:
        return meeting.report
    except m.Report.DoesNotExist:
        return None


def title_of(meeting) -> str:
    report = report_of(meeting)
    return report.headline if report else meeting.title


def by_name(org) -> str:
    """How a file names an organisation when no other of the file has its name."""
    return org.name


def export_organisation(org, ref=by_name) -> dict:
    return {
        "name": org.name,
        "short_name": _text(org.short_name),
        "kind": org.kind,
        "parent": ref(org.parent) if org.parent_id else None,
        "valid_from": _date(org.valid_from),
        "valid_to": _date(org.valid_to),
        "code": _text(org.code),
    }


def person(name, position, member_id) -> dict:
    # A presenter known only by position has no name: null (an addition to version 1).
    return {"name": _text(name), "position": _text(position), "member": member_id is not None}


def document(doc) -> dict | None:
    if doc is None:
        return None
    return {
        "number": _text(doc.number),
        "kind": _text(doc.kind),
        "date": _date(doc.date),
        "issuer": _text(doc.issuer),
        "title": _text(doc.title),
    }


def export_meeting(meeting, number: int, images: ImageSink, ref=by_name) -> dict:
    """One MEETING; `ref` names an organisation (by its code when its name is not unique)."""
    report = report_of(meeting)
    people = list(meeting.people.all())
    taker = next((p for p in people if p.role == m.ParticipantRole.MINUTE_TAKER), None)
    body, extra_photos = export_body(report, number, images, ref)
    data = {
        "organisation": ref(meeting.organisation),
        "other_organisations": sorted(ref(o) for o in meeting.other_organisations.all()),
        "kinds": [k.kind for k in sorted(meeting.kinds.all(), key=lambda k: k.pk)],
        "title": title_of(meeting),
        "theme": _text(meeting.theme),
        "term": _text(meeting.term),
        "review_period": period(meeting.review_from, meeting.review_to),
        "plan_period": period(meeting.plan_from, meeting.plan_to),
        "date": _date(meeting.date),
        "end_date": _date(meeting.end_date),
        "start_time": _time(meeting.start_time),
        "end_time": _time(meeting.end_time),
        "part_of_day": _text(meeting.part_of_day),
        "mode": meeting.mode,
        "place": _text(meeting.place),
        "chairs": [
            person(p.name, p.position, p.member_id)
            for p in sorted(people, key=lambda p: (p.order, p.pk))
            if p.role == m.ParticipantRole.CHAIR
        ],
        "minute_taker": person(taker.name, taker.position, taker.member_id) if taker else None,
        "guests": [
            person(p.name, p.position, p.member_id)
            for p in sorted(people, key=lambda p: (p.order, p.pk))
            if p.role == m.ParticipantRole.GUEST
        ],
        "attendance": export_attendance(meeting),
        "documents": [
            document(d) for d in sorted(meeting.documents.all(), key=lambda d: (d.order, d.pk))
        ],
        "agenda": [
            export_agenda_item(item)
            for item in sorted(meeting.agenda.all(), key=lambda a: (a.order, a.pk))
        ],
        "conclusion": _text(meeting.conclusion),
        "meeting_rating": _text(meeting.meeting_rating),
        "lead": _text(report.lead) if report else None,
        "body": body,
        "targets": export_targets(meeting, ref),
        "rating_results": export_ratings(meeting, ref),
        "statistics": export_statistics(meeting, ref),
        "awards": [
            export_award(a) for a in sorted(meeting.awards.all(), key=lambda a: (a.order, a.pk))
        ],
        "member_events": [
            export_member_event(e)
            for e in sorted(
                meeting.member_events.all(),
                key=lambda e: (e.order, e.date or datetime.date.min, e.pk),
            )
        ],
        "elections": export_election(meeting),
        "author": (
            {"name": report.author_name, "organisation": _text(report.author_organisation)}
            if report and report.author_name
            else None
        ),
        "source_credit": _text(report.source_credit) if report else None,
        "category": report.category.name if report and report.category_id else None,
        "status": report.status if report else m.ReportStatus.DRAFT,
        "published_at": (
            timezone.localtime(report.published_at).isoformat(timespec="seconds")
            if report and report.published_at
            else None
        ),
        "minutes_approved_at": moment_text(meeting.minutes_approved_at),
        "addenda": export_addenda(meeting),
    }
    if extra_photos:
        data["extra_photos"] = extra_photos
    return data


def period(start, end):
    if start is None and end is None:
        return None
    return {"from": _date(start), "to": _date(end)}


def export_attendance(meeting) -> dict | None:
    # A meeting recorded as numbers only keeps no roll: rows left from before it was switched
    # to numbers are stale, not its attendance (the format has no key for the mode).
    rows = []
    if meeting.attendance_mode != m.AttendanceMode.COUNTS:
        rows = sorted(meeting.attendance.all(), key=lambda r: (r.order, r.pk))
    counts = {key: getattr(meeting, key) for key in ATTENDANCE_COUNTS}
    if not rows and all(value is None for value in counts.values()):
        return None
    absent = (m.AttendanceStatus.EXCUSED, m.AttendanceStatus.UNEXCUSED)
    return {
        **counts,
        "absent": [
            {
                "name": r.name,
                "excused": r.status == m.AttendanceStatus.EXCUSED,
                "reason": _text(r.reason),
            }
            for r in rows
            if r.status in absent
        ],
        "records": [{"name": r.name, "status": r.status, "category": r.category} for r in rows],
    }


def export_agenda_item(item) -> dict:
    return {
        "title": item.title,
        "presenter": (
            person(item.presenter_name, item.presenter_position, item.presenter_member_id)
            if item.presenter_name or item.presenter_position
            else None
        ),
        "opinions": [
            {"speaker": person(o.name, o.position, o.member_id), "summary": o.summary}
            for o in sorted(item.opinions.all(), key=lambda o: (o.order, o.pk))
        ],
        "opinion_count": item.opinion_count,
        "conclusion": _text(item.conclusion),
    }


def export_body(report, number: int, images: ImageSink, ref=None) -> tuple[list, list]:
    ref = ref or by_name
    if report is None:
        return [], []
    body, placed, photo_number = [], set(), 0
    for block in sorted(report.blocks.all(), key=lambda b: (b.order, b.pk)):
        match block.type:
            case m.BlockType.PARAGRAPH | m.BlockType.HEADING:
                body.append({"type": block.type, "text": block.text})
            case m.BlockType.LIST:
                body.append({"type": block.type, "items": list(block.items or [])})
            case m.BlockType.PHOTO:
                photo_number += 1
                placed.add(block.photo_id)
                body.append(
                    {"type": block.type, **export_photo(block.photo, number, photo_number, images)}
                )
            case m.BlockType.TARGETS:
                organisation = (
                    ref(block.targets_organisation) if block.targets_organisation_id else None
                )
                body.append(
                    {"type": block.type, "year": block.targets_year, "organisation": organisation}
                )
            case m.BlockType.AWARDS:
                body.append({"type": block.type})
    extra = []
    for photo in sorted(report.photos.all(), key=lambda p: (p.order, p.pk)):
        if photo.pk not in placed:
            photo_number += 1
            extra.append(export_photo(photo, number, photo_number, images))
    return body, extra


def export_photo(photo, number, photo_number, images: ImageSink) -> dict:
    return {
        "image": images.add(photo, number, photo_number),
        "caption": _text(photo.caption),
        "credit": _text(photo.credit),
    }


def export_targets(meeting, ref=None) -> list[dict]:
    ref = ref or by_name
    adopted = {t.pk: t for t in meeting.targets_adopted.all()}
    reviewed = {t.pk: t for t in meeting.targets_reviewed.all() if t.pk not in adopted}
    targets = [*adopted.values(), *reviewed.values()]
    targets.sort(key=lambda t: (t.organisation.name, t.year or 0, t.term, t.order, t.title, t.pk))
    return [
        {
            "organisation": ref(t.organisation)
            if t.organisation_id != meeting.organisation_id
            else None,
            "year": t.year,
            "term": _text(t.term),
            "order": t.order,
            "group": _text(t.group),
            "title": t.title,
            "planned_text": _text(t.planned_text),
            "actual_text": _text(t.actual_text),
            "value_kind": t.value_kind,
            "comparison": t.comparison,
            "planned_min": _number(t.planned_min),
            "planned_max": _number(t.planned_max),
            "actual_value": _number(t.actual_value),
            "assessment": t.assessment if t.assessment_manual else None,
            "note": _text(t.note),
            "adopted": t.pk in adopted,
        }
        for t in targets
    ]


def export_ratings(meeting, ref=None) -> list[dict]:
    ref = ref or by_name
    results = [
        {"year": r.year, "member": r.member.full_name, "level": r.level}
        for r in sorted(
            meeting.member_ratings.all(), key=lambda r: (r.year, r.member.sort_name, r.pk)
        )
    ]
    results += [
        {"year": r.year, "organisation_rated": ref(r.organisation), "level": r.level}
        for r in sorted(
            meeting.organisation_ratings.all(), key=lambda r: (r.year, r.organisation.name, r.pk)
        )
    ]
    for tally in sorted(meeting.rating_tallies.all(), key=lambda t: (t.order, t.pk)):
        results.append(
            {
                "year": tally.year,
                "scope": tally.scope,
                "organisation": other_organisation(meeting, tally, ref),
                **{key: getattr(tally, key) for key in TALLY_COUNTS},
            }
        )
    return results


def other_organisation(meeting, row, ref=None) -> str | None:
    """The organisation a tally or figures row is about, None for the meeting's own; named as
    the meeting's is (`ref`: its code when another organisation of the file has its name)."""
    if row.organisation_id in (None, meeting.organisation_id):
        return None
    return (ref or by_name)(row.organisation)


def export_statistics(meeting, ref=None) -> list[dict]:
    return [
        {
            "year": figures.year,
            "organisation": other_organisation(meeting, figures, ref),
            **{key: getattr(figures, key) for key in m.OrganisationFigures.COUNTS},
        }
        for figures in sorted(meeting.organisation_figures.all(), key=lambda f: (f.order, f.pk))
    ]


def export_award(award) -> dict:
    if award.recipient_name or award.recipient_member_id:
        recipient = {
            "member": award.recipient_name or award.recipient_member.full_name,
            "birth_year": award.recipient_birth_year,
            "branch": _text(award.recipient_branch),
        }
    elif award.recipient_collective:
        recipient = {"collective": award.recipient_collective}
    else:
        recipient = None
    return {
        "form": award.form,
        "badge_years": award.badge_years,
        "batch": _text(award.batch),
        "posthumous": award.posthumous,
        "issuer": _text(award.issuer),
        "decision": document(award.decision),
        "recipient": recipient,
        "count": award.count,
        "reason": _text(award.reason),
        "year": award.year,
    }


def export_member_event(event) -> dict:
    return {
        "type": event.type,
        "member": event.member.full_name if event.member_id else None,
        "count": event.count,
        "date": _date(event.date),
        "prior_status": _text(event.prior_status),
        "decision": document(event.decision),
        "mentor": _text(event.mentor),
        "note": _text(event.note),
    }


def export_election(meeting) -> dict | None:
    try:
        election = meeting.election
    except m.Election.DoesNotExist:
        return None
    people = sorted(election.people.all(), key=lambda p: (p.order, p.pk))
    return {
        "committee_size": election.committee_size,
        "elected": [
            {"name": _text(p.name), "position": _text(p.position), "re_elected": p.re_elected}
            for p in people
            if p.kind == m.ElectedPerson.Kind.ELECTED
        ],
        "delegates": [
            {"name": p.name, "alternate": p.alternate}
            for p in people
            if p.kind == m.ElectedPerson.Kind.DELEGATE
        ],
    }


def export_addenda(meeting) -> list[dict]:
    """Corrections to the approved minutes, in the order they were recorded."""
    return [
        {
            "text": addendum.text,
            "created_at": moment_text(addendum.created_at),
            "author": _text(addendum.author_name)
            or (user_display_name(addendum.created_by) if addendum.created_by_id else None),
        }
        for addendum in sorted(meeting.addenda.all(), key=lambda a: (a.created_at, a.pk))
    ]
