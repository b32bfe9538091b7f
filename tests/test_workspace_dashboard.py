import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from branchapp.models import MeetingKind, MeetingKindTag
from branchapp.scoping import SECRETARIAT_ROLE
from branchapp.selectors.dashboard import meeting_slots, probation_alerts

from .factories import (
    CellFactory,
    MeetingFactory,
    MemberFactory,
    OrganisationFactory,
    user_with_role,
)

M, T = MeetingKind.MONTHLY, MeetingKind.THEMATIC
TODAY = datetime.date(2026, 5, 10)


def test_monthly_meetings_missing_due_and_held():
    calendar = meeting_slots(
        [(1, "Chi bộ A")],
        [(1, datetime.date(2026, 3, 3), {M}), (1, datetime.date(2026, 4, 20), {M, T})],
        TODAY,
        months_back=2,
    )
    held = {(s.kind, s.period_start.month) for s in calendar.held}
    assert held == {(M, 3), (M, 4), (T, 4)}
    # May's meeting was due on the 3rd and is not recorded: overdue, still this month.
    assert [(s.kind, s.period_start.month, s.state(TODAY)) for s in calendar.due] == [
        (M, 5, "overdue")
    ]
    # The quarter January–March had no thematic meeting.
    assert [(s.kind, s.period_start.month) for s in calendar.missing] == [(T, 1)]


def test_meeting_day_and_quarter_deadline():
    calendar = meeting_slots([(1, "Chi bộ A")], [], datetime.date(2026, 6, 2), months_back=0)
    monthly = next(s for s in calendar.due if s.kind == M)
    thematic = next(s for s in calendar.due if s.kind == T)
    assert (
        monthly.due == datetime.date(2026, 6, 3)
        and monthly.state(datetime.date(2026, 6, 2)) == "upcoming"
    )
    assert thematic.due == datetime.date(2026, 6, 30)
    later = meeting_slots([(1, "A")], [], datetime.date(2026, 6, 2), months_back=0, meeting_day=10)
    assert next(s for s in later.due if s.kind == M).due == datetime.date(2026, 6, 10)


def test_probation_alerts_within_60_days_or_passed():
    members = [
        (1, "Ends soon", "A", TODAY + datetime.timedelta(days=60)),
        (2, "Too far", "A", TODAY + datetime.timedelta(days=61)),
        (3, "Passed", "A", TODAY - datetime.timedelta(days=5)),
        (4, "No admission date", "A", None),
    ]
    alerts = probation_alerts(members, TODAY)
    assert [(a.name, a.days_left, a.overdue) for a in alerts] == [
        ("Passed", -5, True),
        ("Ends soon", 60, False),
    ]


@pytest.mark.django_db
def test_dashboard_page_scoped(client, django_assert_max_num_queries):
    today = datetime.date.today()
    committee = OrganisationFactory()
    cell = CellFactory(name="Chi bộ Đào tạo", parent=committee)
    CellFactory(name="Chi bộ Người khác")
    admitted = today - datetime.timedelta(days=340)
    MemberFactory(
        full_name="Phan Văn Dự Bị",
        organisation=cell,
        admission_date=admitted,
        confirmation_date=None,
    )
    MemberFactory(
        full_name="Người Ngoài",
        organisation=CellFactory(),
        admission_date=admitted,
        confirmation_date=None,
    )
    for month in range(1, 4):
        meeting = MeetingFactory(
            organisation=cell, date=today - datetime.timedelta(days=30 * month)
        )
        MeetingKindTag.objects.create(meeting=meeting, kind=M)
    user = user_with_role(SECRETARIAT_ROLE, committee)
    client.force_login(user)
    # Fixed cost: session, user, scope, calendar, probation, drafts, published, reminders
    # (badges, absences, meetings without a report, unpublished reports, missing ratings),
    # reports waiting for review and returned ones, transfer deadlines, candidates to review.
    with django_assert_max_num_queries(27):
        response = client.get(reverse("workspace:dashboard"))
    assertContains(response, "Phan Văn Dự Bị")
    assertNotContains(response, "Người Ngoài")
    assertNotContains(response, "Chi bộ Người khác")
    assertContains(response, "Chi bộ Đào tạo")
