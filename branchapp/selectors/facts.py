"""The public facts of a meeting as its article shows them (“Thông tin hội nghị”).

Read from the record whenever the article's body is rendered: a public article's is stored
with its report and rendered again after the commit of any change to the rows read here
(`branchapp/article_html.py`), so a correction of the minutes reaches the article at once (a
save of what is read here also moves the article's dependency tag, see `page_invalidation.py`;
a member's new name when they are on a published article).

Only what a Party organisation publishes is read: the date, times and place, the theme,
term and periods, the names and titles of chairs and guests, attendance *figures*, the
documents studied, election results, the names and decisions of those admitted or confirmed,
awards and year-end rating *tallies*. Never the roll (who was absent and why), opinions,
votes, individual ratings, agenda conclusions, tasks or members' personal data (birth date,
card number, address, phone, an award recipient's birth year).

A fixed number of queries whatever the number of rows: one per kind of row, none for a part
switched off.
"""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from ..models import (
    Award,
    BlockType,
    Document,
    ElectedPerson,
    FactPart,
    Meeting,
    MeetingMode,
    MeetingPerson,
    MemberEvent,
    MemberEventType,
    OrganisationFigures,
    ParticipantRole,
    RatingTally,
)
from .documents import is_downloadable
from .figures import MIN_MEMBERS_PUBLISHED, public_year_figures

# A tally of members' ratings covering fewer members than this is not published: with so few,
# the figures could reveal one member's rating (issue 12, item 6).
MIN_PUBLIC_MEMBER_TALLY = MIN_MEMBERS_PUBLISHED

# The attendance figures in the order printed, with the counts other parts of the app may add
# (read with getattr: a meeting without such a field simply has no such row).
ATTENDANCE_ROWS = (
    "convened",
    "present",
    "present_full",
    "present_probationary",
    "present_temporary",
    "excused",
    "unexcused",
    "exempt",
    "away_elsewhere",
)
# Labels of the counts whose field may be missing (added by another part of the app).
ATTENDANCE_LABELS = {
    "excused": _lazy("absent with reason"),
    "unexcused": _lazy("absent without reason"),
}
# Rows shown indented under "present" (its breakdown).
PRESENT_BREAKDOWN = ("present_full", "present_probationary", "present_temporary")

TALLY_LEVELS = ("excellent", "good", "completed", "not_completed")


def short_date(day: datetime.date | None) -> str:
    return date_format(day, "SHORT_DATE_FORMAT") if day else ""


def period_label(start: datetime.date | None, end: datetime.date | None) -> str:
    """A period as secretaries write it: “tháng 9/2025”, “năm 2021”, or two dates."""
    if start and end:
        if start.day == 1 and (end + datetime.timedelta(days=1)).day == 1:
            if start.year == end.year and start.month == end.month:
                return _("month %(month)s/%(year)s") % {"month": start.month, "year": start.year}
            if (start.month, end.month) == (1, 12) and start.year == end.year:
                return _("year %(year)s") % {"year": start.year}
        return _("%(start)s to %(end)s") % {"start": short_date(start), "end": short_date(end)}
    if start:
        return _("from %(start)s") % {"start": short_date(start)}
    if end:
        return _("until %(end)s") % {"end": short_date(end)}
    return ""


def when_label(meeting) -> str:
    """The day (or days) and the time or part of day: “Buổi chiều, 31/12/2021”,
    “14:00 – 16:30, 04/10/2025”, “07:30 – 11:30, từ 10/05/2025 đến 11/05/2025”."""
    day = short_date(meeting.date)
    several_days = bool(meeting.end_date and meeting.end_date != meeting.date)
    if several_days:
        day = _("%(start)s to %(end)s") % {"start": day, "end": short_date(meeting.end_date)}
    time = ""
    if meeting.start_time and meeting.end_time:
        time = "{} – {}".format(
            time_format(meeting.start_time, "H:i"), time_format(meeting.end_time, "H:i")
        )
    elif meeting.start_time and several_days:
        # One "from" only: “07:30 ngày 20/06/2025 đến ngày 21/06/2025”.
        return _("%(time)s on %(start)s to %(end)s") % {
            "time": time_format(meeting.start_time, "H:i"),
            "start": short_date(meeting.date),
            "end": short_date(meeting.end_date),
        }
    elif meeting.start_time:
        time = _("from %(time)s") % {"time": time_format(meeting.start_time, "H:i")}
    if time:
        part = meeting.get_part_of_day_display() if meeting.part_of_day else ""
        time = f"{time} ({part})" if part else time
        return f"{time}, {day}"
    if meeting.part_of_day:
        return f"{str(meeting.get_part_of_day_display()).capitalize()}, {day}"
    return day


def document_label(document) -> str:
    """“Hướng dẫn số 42-HD/BTCTW ngày 28/10/2025 của Ban Tổ chức Trung ương”."""
    parts = []
    if document.kind:
        parts.append(document.kind)
    if document.number:
        parts.append(_("no. %(number)s") % {"number": document.number})
    if document.date:
        parts.append(_("of %(date)s") % {"date": short_date(document.date)})
    if document.issuer:
        parts.append(_("by %(issuer)s") % {"issuer": document.issuer})
    return " ".join(parts)


def decision_label(document) -> str:
    """A decision as a readable line; “Quyết định” added when the kind was not written."""
    if document is None:
        return ""
    label = document_label(document)
    if document.kind or not label:
        return label
    return _("decision %(decision)s") % {"decision": label}


@dataclass
class Figure:
    """One row of a small table of figures."""

    label: str
    value: int | None
    sub: bool = False  # a breakdown of the row above it


@dataclass
class AdmissionFact:
    kind: str  # "admission" or "confirmation"
    label: str  # the event, as a heading word
    name: str  # empty when the record gives only a number
    count: int
    prior_status: str
    decision: str  # the decision, as a readable line (empty when unknown)


@dataclass
class ElectionFacts:
    committee_size: int | None
    elected: list = field(default_factory=list)
    delegates: list = field(default_factory=list)
    alternates: list = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.committee_size or self.elected or self.delegates or self.alternates)


@dataclass
class TallyFacts:
    scope: str
    scope_label: str
    year: int
    rows: list[Figure]


@dataclass
class ArticleFacts:
    """What the facts section shows; a part switched off or without data is empty."""

    when: str = ""
    place: str = ""
    mode: str = ""
    theme: str = ""
    term: str = ""
    review_period: str = ""
    plan_period: str = ""
    chairs: list = field(default_factory=list)
    guests: list = field(default_factory=list)
    attendance: list[Figure] = field(default_factory=list)
    documents: list = field(default_factory=list)
    election: ElectionFacts | None = None
    admissions: list[AdmissionFact] = field(default_factory=list)
    awards: list = field(default_factory=list)
    figures: list[TallyFacts] = field(default_factory=list)
    # The parts that have something to show (switched off or not): the editor's checkboxes.
    available: set = field(default_factory=set)
    # The meeting's awards are listed by an awards block of the body instead.
    awards_in_body: bool = False

    @property
    def shown(self) -> bool:
        return any(
            (
                self.when,
                self.place,
                self.mode,
                self.theme,
                self.term,
                self.review_period,
                self.plan_period,
                self.chairs,
                self.guests,
                self.attendance,
                self.documents,
                self.election,
                self.admissions,
                self.awards,
                self.figures,
            )
        )


def person_label(person) -> str:
    """A name and the title of the day; only the title when no name was recorded (an officer
    known by position only)."""
    name = getattr(person, "name", "") or ""
    position = getattr(person, "position", "") or ""
    if name and position:
        return f"{name}, {position}"
    return name or position


def attendance_figures(meeting) -> list[Figure]:
    """The stored attendance counts (those given), in the minutes' order."""
    rows = []
    for name in ATTENDANCE_ROWS:
        value = getattr(meeting, name, None)
        if value is None:
            continue
        label = ATTENDANCE_LABELS.get(name)
        label = str(label or Meeting._meta.get_field(name).verbose_name)
        if name in PRESENT_BREAKDOWN:
            label = label.split(":", 1)[-1].strip()
        rows.append(
            Figure(label=label[:1].upper() + label[1:], value=value, sub=name in PRESENT_BREAKDOWN)
        )
    return rows


def _figure(model, name, value, *, sub=False) -> Figure:
    label = str(model._meta.get_field(name).verbose_name)
    return Figure(label=label[:1].upper() + label[1:], value=value, sub=sub)


def public_figures(meeting) -> list[TallyFacts]:
    """The year's figures of a meeting as the article shows them: what
    `figures.public_year_figures` allows (members' tallies under 5 members withheld), each
    table without the rows never given."""
    year_figures = public_year_figures(meeting)
    own_name = meeting.organisation_name or meeting.organisation.name
    result = []
    for tally in year_figures.tallies:
        if tally.withheld:
            continue
        counts = tally.counts
        rows = [
            _figure(RatingTally, name, counts[name], sub=name in TALLY_LEVELS)
            for name in ("rated", *TALLY_LEVELS, "exempt", "not_rated")
            if counts.get(name) is not None
        ]
        if rows:
            label = tally.label
            if tally.organisation != own_name:
                label = f"{label} ({tally.organisation})"
            result.append(
                TallyFacts(scope=tally.scope, scope_label=label, year=tally.year, rows=rows)
            )
    for figures in year_figures.figures:
        rows = [
            _figure(OrganisationFigures, name, getattr(figures, name))
            for name in OrganisationFigures.COUNTS
            if getattr(figures, name) is not None
        ]
        if rows:
            result.append(
                TallyFacts(
                    scope="figures",
                    scope_label=_("figures of %(organisation)s")
                    % {"organisation": figures.organisation},
                    year=figures.year,
                    rows=rows,
                )
            )
    return result


def _admission(event) -> AdmissionFact:
    # A name typed for someone not (yet) in the member list, where the event keeps one.
    name = event.member.full_name if event.member_id else getattr(event, "name", "") or ""
    decision = decision_label(event.decision) if event.decision_id else ""
    return AdmissionFact(
        kind=event.type,
        label=str(event.get_type_display()),
        name=name,
        count=event.count,
        prior_status="" if name else event.prior_status,
        decision=decision,
    )


def article_facts(
    report, *, awards_in_body: bool = False, hidden=None, public: bool | None = None
) -> ArticleFacts:
    """The facts section of `report`'s article, from its meeting's record as it is now.

    `public`: show it as a public article shows it (a published document's link), by default
    if the report is public now (the stored HTML of a scheduled report is rendered public).

    Parts listed in `hidden` (by default `report.hidden_facts`, what the secretary switched
    off) are left empty, and not read. The awards part is
    left out when the article's body has an awards block (`awards_in_body`): the same list
    twice would only repeat itself.
    """
    hidden = set((report.hidden_facts or ()) if hidden is None else hidden)
    shown = {part for part in FactPart.values if part not in hidden}
    meeting = Meeting.objects.select_related("election").get(pk=report.meeting_id)
    facts = ArticleFacts(awards_in_body=awards_in_body)
    available = facts.available

    facts_when = when_label(meeting)
    available.add(FactPart.WHEN)
    if meeting.place or meeting.mode != MeetingMode.IN_PERSON:
        available.add(FactPart.PLACE)
    if meeting.theme:
        available.add(FactPart.THEME)
    if meeting.term:
        available.add(FactPart.TERM)
    review = period_label(meeting.review_from, meeting.review_to)
    plan = period_label(meeting.plan_from, meeting.plan_to)
    if review or plan:
        available.add(FactPart.PERIODS)
    attendance = attendance_figures(meeting)
    if attendance:
        available.add(FactPart.ATTENDANCE)

    if FactPart.WHEN in shown:
        facts.when = facts_when
    if FactPart.PLACE in shown:
        facts.place = meeting.place
        facts.mode = str(meeting.get_mode_display()) if meeting.mode else ""
    if FactPart.THEME in shown:
        facts.theme = meeting.theme
    if FactPart.TERM in shown:
        facts.term = meeting.term
    if FactPart.PERIODS in shown:
        facts.review_period, facts.plan_period = review, plan
    if FactPart.ATTENDANCE in shown:
        facts.attendance = attendance

    roles = []
    if FactPart.CHAIRS in shown:
        roles.append(ParticipantRole.CHAIR)
    if FactPart.GUESTS in shown:
        roles.append(ParticipantRole.GUEST)
    if roles:
        people = MeetingPerson.objects.filter(meeting=meeting, role__in=roles).only(
            "name", "position", "role", "order"
        )
        for person in people.order_by("order", "id"):
            if person.role == ParticipantRole.CHAIR:
                facts.chairs.append(person_label(person))
            else:
                facts.guests.append(person_label(person))
    for part, rows in ((FactPart.CHAIRS, facts.chairs), (FactPart.GUESTS, facts.guests)):
        if rows:
            available.add(part)

    if FactPart.DOCUMENTS in shown:
        documents = Document.objects.filter(meeting=meeting).order_by("order", "id")
        # A file is linked only when the secretary published it with the report, and the
        # report is public (the rule of `documents.public_documents`, read from the same rows:
        # no query more); an unpublished file never is.
        facts.documents = [
            {
                "label": document_label(d),
                "title": d.title,
                "url": reverse("news:document", args=[d.pk])
                if is_downloadable(d, report, public=public)
                else "",
            }
            for d in documents.only(
                "meeting", "kind", "number", "date", "issuer", "title", "file", "published"
            )
        ]
        if facts.documents:
            available.add(FactPart.DOCUMENTS)

    election = getattr(meeting, "election", None)
    if election is not None and FactPart.ELECTION in shown:
        result = ElectionFacts(committee_size=election.committee_size)
        for person in ElectedPerson.objects.filter(election=election).order_by(
            "kind", "order", "id"
        ):
            entry = {"label": person_label(person), "re_elected": person.re_elected}
            if person.kind == ElectedPerson.Kind.ELECTED:
                result.elected.append(entry)
            elif person.alternate:
                result.alternates.append(entry)
            else:
                result.delegates.append(entry)
        if result:
            facts.election = result
            available.add(FactPart.ELECTION)

    if FactPart.ADMISSIONS in shown:
        events = (
            MemberEvent.objects.filter(
                meeting=meeting,
                type__in=[MemberEventType.ADMISSION, MemberEventType.CONFIRMATION],
            )
            .select_related("member", "decision")
            .order_by("type", "order", "date", "id")
        )
        facts.admissions = [_admission(event) for event in events]
        if facts.admissions:
            available.add(FactPart.ADMISSIONS)

    if FactPart.AWARDS in shown and not awards_in_body:
        awards = Award.objects.filter(meeting=meeting).select_related("decision")
        facts.awards = [
            {"award": award, "decision": decision_label(award.decision)}
            for award in awards.order_by("order", "id")
        ]
        if facts.awards:
            available.add(FactPart.AWARDS)

    if FactPart.FIGURES in shown:
        facts.figures = public_figures(meeting)
        if facts.figures:
            available.add(FactPart.FIGURES)
    return facts


def available_fact_parts(report) -> ArticleFacts:
    """Every part of the facts section that has data for `report`'s meeting, whatever is
    switched off (`.available`), and whether the body lists the awards (`.awards_in_body`):
    what the report editor offers to switch."""
    in_body = report.blocks.filter(type=BlockType.AWARDS).exists()
    return article_facts(report, hidden=(), awards_in_body=in_body)
