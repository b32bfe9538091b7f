"""An organisation's membership on a day (after the events recorded up to it), the candidates
for admission, and the deadlines that member events set (probation, transfers)."""

import datetime
from dataclasses import dataclass

from django.db.models import Q

from ..models import Candidate, Member, MemberCategory, MemberEvent, MemberEventType

# DOMAIN §1.4: a permanent transfer is done within 60 working days of the decision, and the
# member presents the transfer letter to the receiving committee within 30 days.
TRANSFER_WORKING_DAYS = 60
TRANSFER_LETTER_DAYS = 30
# The cell reviews its list of candidates every month.
CANDIDATE_REVIEW_DAYS = 31


@dataclass(frozen=True)
class Membership:
    day: datetime.date
    full: int
    probationary: int

    @property
    def total(self) -> int:
        return self.full + self.probationary


def membership_on(organisation, day: datetime.date) -> Membership:
    """Full and probationary members of the organisation and its cells on `day`, from their
    events (members temporarily attached from elsewhere are not counted; exempt members are full
    members)."""
    full = probationary = 0
    members = Member.objects.in_subtree(organisation).prefetch_related("events")
    for member in members:
        category = member.category_on(day, events=list(member.events.all()))
        if category in (MemberCategory.FULL, MemberCategory.EXEMPT):
            full += 1
        elif category == MemberCategory.PROBATIONARY:
            probationary += 1
    return Membership(day, full, probationary)


def add_working_days(day: datetime.date, days: int) -> datetime.date:
    """`days` working days (Monday to Friday) after `day`; public holidays are not counted out."""
    while days > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


@dataclass(frozen=True)
class TransferDeadline:
    event: MemberEvent
    transfer_by: datetime.date  # 60 working days after the decision
    present_by: datetime.date  # the letter presented within 30 days (from the transfer_by day)

    @property
    def name(self) -> str:
        return self.event.member.full_name if self.event.member_id else str(self.event.count)


def transfer_deadlines(events, today: datetime.date) -> list[TransferDeadline]:
    """Deadlines of the permanent transfers out not yet past: `events` are transfer-out events
    with a date (the decision's, else the event's)."""
    result = []
    for event in events:
        start = (event.decision.date if event.decision_id and event.decision.date else None) or (
            event.date
        )
        if start is None:
            continue
        transfer_by = add_working_days(start, TRANSFER_WORKING_DAYS)
        present_by = transfer_by + datetime.timedelta(days=TRANSFER_LETTER_DAYS)
        if present_by >= today:
            result.append(TransferDeadline(event, transfer_by, present_by))
    return sorted(result, key=lambda d: d.transfer_by)


def transfer_events(organisations):
    """Transfer-out events of the organisations' subtrees, with their decision and member."""
    q = Q(pk__in=[])
    for organisation in organisations:
        q |= Q(organisation__path__startswith=organisation.path)
    return (
        MemberEvent.objects.filter(q, type=MemberEventType.TRANSFER_OUT, date__isnull=False)
        .select_related("member", "organisation", "decision")
        .order_by("date")
    )


def candidates_not_reviewed(organisations, today: datetime.date) -> list[Candidate]:
    """Candidates waiting for admission whom the cell has not reviewed for a month."""
    q = Q(pk__in=[])
    for organisation in organisations:
        q |= Q(organisation__path__startswith=organisation.path)
    since = today - datetime.timedelta(days=CANDIDATE_REVIEW_DAYS)
    return list(
        Candidate.objects.waiting()
        .filter(q)
        .filter(Q(reviewed_on__isnull=True) | Q(reviewed_on__lt=since))
        .select_related("organisation")
    )
