"""Registers (lists with filters, search and export) of an organisation's records.

Each register yields rows for the page and the same rows, as plain values, for export. Search
ignores case and Vietnamese accents ("nguyen" finds "Nguyễn").
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ..models import (
    Award,
    DisciplineAction,
    InspectionCase,
    Meeting,
    Member,
    MemberEvent,
    Organisation,
    OrganisationKind,
)
from ..text import fold
from .indicators import in_year_q
from .statistics import category_at

# Columns of the member register; the import reads the same headers back (see member_import).
MEMBER_COLUMNS = [
    ("full_name", _("Full name")),
    ("sex", _("Sex")),
    ("birth_date", _("Date of birth")),
    ("card_number", _("Party card number")),
    ("admission_date", _("Date of admission")),
    ("confirmation_date", _("Date confirmed as full member")),
    ("cell", _("Cell")),
    ("job_title", _("Job title")),
    ("phone", _("Phone")),
    ("address", _("Address")),
]


def matches(query: str, *texts) -> bool:
    if not query:
        return True
    folded = fold(query).strip()
    return all(any(word in fold(t or "") for t in texts) for word in folded.split())


def cells_in(organisation: Organisation):
    """Cells (and sub-committees) below `organisation`, for the filters."""
    return list(
        Organisation.objects.subtree(organisation)
        .exclude(pk=organisation.pk)
        .exclude(kind=OrganisationKind.GROUP)
    )


def _under(organisation: Organisation, cell_id, lookup="organisation"):
    """A filter on the subtree, or on one cell's subtree when `cell_id` is given."""
    if cell_id:
        cell = Organisation.objects.subtree(organisation).filter(pk=cell_id).first()
        if cell is not None:
            organisation = cell
    return Q(**{f"{lookup}__path__startswith": organisation.path})


# Members ------------------------------------------------------------------------------------


@dataclass
class MemberRow:
    member: Member
    category: str | None

    def values(self):
        m = self.member
        return [
            m.full_name,
            capfirst(m.get_sex_display()) if m.sex else "",
            m.birth_date,
            m.card_number or "",
            m.admission_date,
            m.confirmation_date,
            m.organisation.name,
            m.job_title,
            m.phone,
            m.address,
        ]


def member_register(
    organisation: Organisation,
    *,
    cell=None,
    category: str = "",
    status: str = "",
    on: datetime.date | None = None,
    q: str = "",
) -> list[MemberRow]:
    """Members of the subtree; `category` is the category on the date `on` (default: today)."""
    on = on or datetime.date.today()
    members = (
        Member.objects.filter(_under(organisation, cell))
        .select_related("organisation")
        .prefetch_related("events")
    )
    if status:
        members = members.filter(status=status)
    rows = []
    for member in members:
        row_category = category_at(member, on)
        if category and row_category != category:
            continue
        if not matches(q, member.full_name, member.card_number, member.job_title):
            continue
        rows.append(MemberRow(member, row_category))
    return rows


def member_headers(extra=True):
    headers = [label for _key, label in MEMBER_COLUMNS]
    if extra:
        headers += [_("Status"), _("Category on the date")]
    return [capfirst(h) for h in headers]


def member_export_rows(rows: list[MemberRow]):
    from ..models import MemberCategory

    labels = dict(MemberCategory.choices)
    for row in rows:
        yield [
            *row.values(),
            capfirst(row.member.get_status_display()),
            capfirst(labels.get(row.category, "")) if row.category else "",
        ]


# Events, awards, cases, discipline, meetings ------------------------------------------------


def event_register(organisation, year, *, types=(), cell=None, q=""):
    events = (
        MemberEvent.objects.filter(_under(organisation, cell), in_year_q(year))
        .select_related("member", "organisation", "decision", "meeting")
        .order_by("date", "order", "id")
    )
    if types:
        events = events.filter(type__in=types)
    return [
        e
        for e in events
        if matches(q, e.member.full_name if e.member else "", e.note, e.prior_status, e.mentor)
    ]


def event_export(events):
    headers = [
        _("Date"),
        _("Event"),
        _("Member"),
        _("Number of members"),
        _("Organisation"),
        _("Decision"),
        _("Note"),
    ]
    rows = [
        [
            e.date or (e.meeting.date if e.meeting else None),
            e.get_type_display(),
            e.member.full_name if e.member else "",
            e.count,
            e.organisation.name,
            str(e.decision) if e.decision else "",
            e.note,
        ]
        for e in events
    ]
    return headers, rows


def award_register(organisation, year, *, form="", cell=None, q=""):
    awards = (
        Award.objects.filter(_under(organisation, cell))
        .filter(Q(year=year) | Q(year__isnull=True, meeting__date__year=year))
        .select_related("organisation", "decision", "meeting")
        .order_by("form", "order", "id")
    )
    if form:
        awards = awards.filter(form=form)
    return [
        a
        for a in awards
        if matches(q, a.recipient_name, a.recipient_collective, a.reason, a.issuer, a.form)
    ]


def award_export(awards):
    headers = [
        _("Form"),
        _("Recipient"),
        _("Number"),
        _("Reason"),
        _("Issuer"),
        _("Decision"),
        _("Batch"),
        _("Year of merit"),
        _("Organisation"),
    ]
    rows = [
        [
            a.form_label,
            a.recipient_label,
            a.count,
            a.reason,
            a.issuer,
            str(a.decision) if a.decision else "",
            a.batch,
            a.year,
            a.organisation.name,
        ]
        for a in awards
    ]
    return headers, rows


def case_register(organisation, year, *, kind="", cell=None, q=""):
    cases = (
        InspectionCase.objects.filter(_under(organisation, cell), year=year)
        .select_related("organisation", "subject_member", "subject_organisation")
        .order_by("kind", "start_date", "id")
    )
    if kind:
        cases = cases.filter(kind=kind)
    return [
        c
        for c in cases
        if matches(
            q,
            c.content,
            c.conclusion,
            c.conducted_by_text,
            c.subject_member.full_name if c.subject_member else "",
            c.subject_organisation.name if c.subject_organisation else "",
        )
    ]


def case_subject(case) -> str:
    if case.subject_member:
        return case.subject_member.full_name
    if case.subject_organisation:
        return case.subject_organisation.name
    return ""


def case_export(cases):
    headers = [
        _("Kind"),
        _("Subtype"),
        _("Conducted by"),
        _("Subject"),
        _("Number of subjects"),
        _("Content"),
        _("Start"),
        _("End"),
        _("Result"),
        _("Conclusion"),
    ]
    rows = [
        [
            c.get_kind_display(),
            c.get_subtype_display() if c.subtype else "",
            c.conducted_by_text or c.organisation.name,
            case_subject(c),
            c.subject_count,
            c.content,
            c.start_date,
            c.end_date,
            c.get_result_display(),
            c.conclusion,
        ]
        for c in cases
    ]
    return headers, rows


def discipline_register(organisation, year, *, cell=None, q=""):
    actions = (
        DisciplineAction.objects.filter(_under(organisation, cell), date__year=year)
        .select_related("organisation", "member", "subject_organisation", "decision")
        .order_by("date", "id")
    )
    return [
        d
        for d in actions
        if matches(
            q,
            d.member.full_name if d.member else "",
            d.subject_organisation.name if d.subject_organisation else "",
            d.reason,
        )
    ]


def discipline_export(actions):
    headers = [_("Date"), _("Form"), _("Subject"), _("Decision"), _("Reason"), _("Organisation")]
    rows = [
        [
            d.date,
            d.get_form_display(),
            d.member.full_name
            if d.member
            else (d.subject_organisation.name if d.subject_organisation else ""),
            str(d.decision) if d.decision else "",
            d.reason,
            d.organisation.name,
        ]
        for d in actions
    ]
    return headers, rows


def meeting_register(organisation, year, *, kind="", cell=None, q=""):
    meetings = (
        Meeting.objects.filter(_under(organisation, cell), date__year=year)
        .select_related("organisation")
        .prefetch_related("kinds")
        .order_by("date", "id")
    )
    if kind:
        meetings = meetings.filter(kinds__kind=kind).distinct()
    return [m for m in meetings if matches(q, m.title, m.place, m.organisation_name)]


def meeting_export(meetings):
    headers = [
        _("Date"),
        _("Organisation"),
        _("Title"),
        _("Kinds"),
        _("Present"),
        _("Members convened"),
    ]
    rows = [
        [
            m.date,
            m.organisation_name or m.organisation.name,
            m.title,
            ", ".join(str(k.get_kind_display()) for k in m.kinds.all()),
            m.present,
            m.convened,
        ]
        for m in meetings
    ]
    return headers, rows
