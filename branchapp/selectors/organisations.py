"""An organisation's public profile: what it is, who leads it, and what its reports published.

Read from the record, in a fixed number of queries whatever the number of cells, members,
targets, awards and congresses. Only what a Party organisation makes public is read:

- its kind, parent and current cells, and its officers of today (name and title);
- its number of members, as a number (never a list of names, nor anything personal);
- the targets, awards and congresses of meetings whose report is published (and not scheduled
  for later): nothing typed in the workspace reaches the profile before an article carries it,
  and a part the secretary switched off in that article (`Report.hidden_facts`) stays off.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from .. import page_dependencies as tags
from ..models import (
    Assessment,
    Award,
    BlockType,
    ElectedPerson,
    FactPart,
    Member,
    MemberStatus,
    Organisation,
    Position,
    PositionTitle,
    Report,
    ReportBlock,
)
from ..models.members import ACTIVE_STATUSES
from .facts import person_label
from .news import public_targets

# Members counted as the organisation's own: those attached elsewhere for a while
# (sinh hoạt tạm thời) are counted by their home organisation.
COUNTED_STATUSES = tuple(s for s in ACTIVE_STATUSES if s != MemberStatus.TEMPORARY)
# Officers in the order a portal lists them: secretary first.
TITLE_ORDER = {title: rank for rank, title in enumerate(PositionTitle.values)}
# The newest awards and congresses shown (older ones are in the articles).
AWARDS_SHOWN = 20
CONGRESSES_SHOWN = 5


@dataclass
class Officer:
    name: str
    title: str
    term: str


@dataclass
class Cell:
    organisation: Organisation
    members: int


@dataclass
class TargetSummary:
    """The published targets of one year or one term, as counts by assessment."""

    year: int | None
    term: str
    count: int = 0
    exceeded: int = 0
    achieved: int = 0
    not_achieved: int = 0

    @property
    def assessed(self) -> int:
        return self.exceeded + self.achieved + self.not_achieved


@dataclass
class CongressEntry:
    report: Report
    date: datetime.date
    term: str
    committee_size: int | None
    elected: list = field(default_factory=list)


@dataclass
class OrganisationProfile:
    organisation: Organisation
    cells: list[Cell]
    officers: list[Officer]
    members: int
    targets: list[TargetSummary]
    awards: list[Award]
    congresses: list[CongressEntry]


def organisation_profile(
    organisation: Organisation, today: datetime.date | None = None
) -> OrganisationProfile:
    """Everything the organisation page shows beside its articles.

    Kept in the cache under the versions of the layout and of the organisation (every model
    read here moves one of them, see page_invalidation.py) and the day (officers and cells begin and end on given days), like the organisation tree:
    every page of the organisation's articles shows it."""
    today = today or timezone.localdate()
    key = tags.versioned_key(
        f"organisation-profile:{organisation.pk}:{today}",
        tags.LAYOUT,
        tags.organisation(organisation.pk),
    )
    profile = cache.get(key)
    if profile is None:
        profile = _organisation_profile(organisation, today)
        cache.set(key, profile, 24 * 60 * 60)
    profile.organisation = organisation
    return profile


def _organisation_profile(organisation: Organisation, today: datetime.date) -> OrganisationProfile:
    cells = list(
        Organisation.objects.active_on(today)
        .filter(parent=organisation)
        .only("name", "slug", "kind", "path", "parent_id")
        .order_by("order", "name")
    )
    members, by_cell = _member_counts(organisation, cells)
    return OrganisationProfile(
        organisation=organisation,
        cells=[Cell(cell, by_cell[cell.pk]) for cell in cells],
        officers=officers(organisation, today),
        members=members,
        targets=target_summaries(organisation),
        awards=published_awards(organisation),
        congresses=published_congresses(organisation),
    )


def _member_counts(organisation, cells) -> tuple[int, dict[int, int]]:
    """Members of the organisation and its cells in all, and of each cell (one query)."""
    rows = (
        Member.objects.filter(
            organisation__path__startswith=organisation.path, status__in=COUNTED_STATUSES
        )
        .values("organisation__path")
        .annotate(n=Count("id"))
        .order_by()
    )
    total, by_cell = 0, Counter()
    for row in rows:
        total += row["n"]
        for cell in cells:
            if row["organisation__path"].startswith(cell.path):
                by_cell[cell.pk] += row["n"]
    return total, by_cell


def officers(organisation: Organisation, today: datetime.date) -> list[Officer]:
    """Who holds a post in the organisation today, secretary first: name and title only."""
    positions = (
        Position.objects.filter(organisation=organisation, member__status__in=ACTIVE_STATUSES)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=today))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("member")
        .only("title", "title_text", "term", "member__full_name", "member__sort_name")
    )
    rows = sorted(
        positions,
        key=lambda p: (TITLE_ORDER.get(p.title, len(TITLE_ORDER)), p.member.sort_name, p.pk),
    )
    return [Officer(name=p.member.full_name, title=p.label, term=p.term) for p in rows]


def target_summaries(organisation: Organisation) -> list[TargetSummary]:
    """The published targets by year (newest first), then by term, with their results."""
    rows = (
        public_targets()
        .filter(organisation=organisation)
        .values("year", "term", "assessment")
        .annotate(n=Count("id"))
        .order_by()
    )
    summaries: dict[tuple, TargetSummary] = {}
    for row in rows:
        year, term = row["year"], "" if row["year"] else row["term"]
        if year is None and not term:
            continue
        summary = summaries.setdefault((year, term), TargetSummary(year, term))
        summary.count += row["n"]
        if row["assessment"] == Assessment.EXCEEDED:
            summary.exceeded += row["n"]
        elif row["assessment"] == Assessment.ACHIEVED:
            summary.achieved += row["n"]
        elif row["assessment"] == Assessment.NOT_ACHIEVED:
            summary.not_achieved += row["n"]
    return sorted(
        summaries.values(),
        key=lambda s: (s.year is None, -(s.year or 0), [-int(c) for c in s.term if c.isdigit()]),
    )


def _published_reports():
    return Report.objects.published()


def published_awards(organisation: Organisation) -> list[Award]:
    """The newest awards presented at the organisation's meetings or to it, from meetings whose
    report is published and shows them (its facts or an awards block of its body)."""
    reports = _published_reports().filter(meeting=OuterRef("meeting_id"))
    in_body = ReportBlock.objects.filter(
        report__meeting=OuterRef("meeting_id"), type=BlockType.AWARDS
    )
    awards = (
        Award.objects.filter(Q(organisation=organisation) | Q(meeting__organisation=organisation))
        .filter(Exists(reports))
        .annotate(in_body=Exists(in_body))
        .select_related("meeting__report")
        .only(
            "form",
            "badge_years",
            "posthumous",
            "issuer",
            "recipient_name",
            "recipient_branch",
            "recipient_collective",
            "count",
            "reason",
            "year",
            "order",
            "meeting",
            "meeting__date",
            "meeting__report",
            "meeting__report__slug",
            "meeting__report__headline",
            "meeting__report__hidden_facts",
        )
        .order_by("-meeting__date", "order", "id")
    )
    shown = []
    for award in awards[: AWARDS_SHOWN * 3]:
        report = award.meeting.report
        if award.in_body or FactPart.AWARDS not in (report.hidden_facts or ()):
            award.report = report
            shown.append(award)
        if len(shown) == AWARDS_SHOWN:
            break
    return shown


def published_congresses(organisation: Organisation) -> list[CongressEntry]:
    """The organisation's congresses whose report is published, newest first, with the
    committee elected when the article shows the election."""
    reports = list(
        _published_reports()
        .filter(meeting__organisation=organisation)
        .filter(Q(meeting__kinds__kind="congress") | Q(meeting__election__isnull=False))
        .distinct()
        .select_related("meeting__election")
        .only(
            "slug",
            "headline",
            "hidden_facts",
            "published_at",
            "meeting",
            "meeting__date",
            "meeting__term",
            "meeting__election__committee_size",
        )
        .order_by("-meeting__date", "-id")[:CONGRESSES_SHOWN]
    )
    entries, by_election = [], {}
    for report in reports:
        meeting = report.meeting
        election = getattr(meeting, "election", None)
        shown = election is not None and FactPart.ELECTION not in (report.hidden_facts or ())
        entry = CongressEntry(
            report=report,
            date=meeting.date,
            term=meeting.term,
            committee_size=election.committee_size if shown else None,
        )
        if shown:
            by_election[election.pk] = entry
        entries.append(entry)
    elected = defaultdict(list)
    if by_election:
        people = ElectedPerson.objects.filter(
            election__in=list(by_election), kind=ElectedPerson.Kind.ELECTED
        ).order_by("order", "id")
        for person in people.only("name", "position", "election_id"):
            elected[person.election_id].append(person_label(person))
    for election_id, entry in by_election.items():
        entry.elected = elected[election_id]
    return entries
