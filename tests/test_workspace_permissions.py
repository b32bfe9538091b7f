"""Every workspace URL against every role: exactly what the role allows, nothing of others'."""

import pytest
from django.urls import reverse

from branchapp.models import Report
from branchapp.scoping import ADMIN_ROLE, CELL_SECRETARY_ROLE, SECRETARIAT_ROLE, VIEWER_ROLE

from .factories import CellFactory, MeetingFactory, OrganisationFactory, UserFactory, user_with_role
from .test_workspace_meetings import entry_data

pytestmark = pytest.mark.django_db

OK, FORBIDDEN, NOT_FOUND, LOGIN = 200, 403, 404, "login"


@pytest.fixture
def world():
    committee_x = OrganisationFactory(name="Đảng bộ X")
    cell_a = CellFactory(name="Chi bộ A", parent=committee_x)
    cell_b = CellFactory(name="Chi bộ B", parent=committee_x)
    committee_y = OrganisationFactory(name="Đảng bộ Y")
    cell_y = CellFactory(name="Chi bộ Y1", parent=committee_y)
    meetings = {
        "a": MeetingFactory(organisation=cell_a, title="Họp chi bộ A"),
        "b": MeetingFactory(organisation=cell_b, title="Họp chi bộ B"),
        "y": MeetingFactory(organisation=cell_y, title="Họp chi bộ Y1"),
    }
    for meeting in meetings.values():
        Report.objects.create(meeting=meeting, headline=meeting.title)
    users = {
        "anonymous": None,
        "no_role": UserFactory(),
        "viewer": user_with_role(VIEWER_ROLE, committee_x),
        "cell_secretary_a": user_with_role(CELL_SECRETARY_ROLE, cell_a),
        "office_x": user_with_role(SECRETARIAT_ROLE, committee_x),
        "office_y": user_with_role(SECRETARIAT_ROLE, committee_y),
        "admin": user_with_role(ADMIN_ROLE),
    }
    return meetings, users


# Pages read with GET, by meeting: (name, needs write permission)
MEETING_PAGES = [
    ("workspace:meeting_detail", False),
    ("workspace:meeting_history", False),
    ("workspace:report_edit", False),
    ("workspace:report_preview", False),
    ("workspace:report_history", False),
    ("workspace:meeting_edit", True),
]

# Who sees which meeting: a (cell A), b (cell B of committee X), y (committee Y).
VISIBLE = {
    "viewer": {"a", "b"},
    "cell_secretary_a": {"a"},
    "office_x": {"a", "b"},
    "office_y": {"y"},
    "admin": {"a", "b", "y"},
}
WRITERS = {"cell_secretary_a", "office_x", "office_y", "admin"}


def expected(user_key, meeting_key, needs_write):
    if user_key == "anonymous":
        return LOGIN
    if user_key == "no_role":
        return FORBIDDEN
    if needs_write and user_key not in WRITERS:
        return FORBIDDEN
    return OK if meeting_key in VISIBLE[user_key] else NOT_FOUND


def fetch(client, users, user_key, url, method="get", data=None):
    if users[user_key] is not None:
        client.force_login(users[user_key])
    return getattr(client, method)(url, data or {})


def check(response, want):
    if want == LOGIN:
        assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]
    else:
        assert response.status_code == want


@pytest.mark.parametrize("user_key", ["anonymous", "no_role", *VISIBLE])
def test_meeting_pages(client, world, user_key):
    meetings, users = world
    for name, needs_write in MEETING_PAGES:
        for meeting_key, meeting in meetings.items():
            response = fetch(client, users, user_key, reverse(name, args=[meeting.pk]))
            check(response, expected(user_key, meeting_key, needs_write))
            if response.status_code == 200:
                others = {k for k in meetings if k not in VISIBLE[user_key]}
                for other in others:
                    assert meetings[other].title not in response.content.decode()


@pytest.mark.parametrize("user_key", ["anonymous", "no_role", *VISIBLE])
def test_lists_show_only_own_organisations(client, world, user_key):
    meetings, users = world
    for name in ("workspace:dashboard", "workspace:meeting_list", "workspace:guide"):
        response = fetch(client, users, user_key, reverse(name))
        check(
            response,
            LOGIN if user_key == "anonymous" else FORBIDDEN if user_key == "no_role" else OK,
        )
    if user_key in VISIBLE:
        content = fetch(client, users, user_key, reverse("workspace:meeting_list")).content.decode()
        for key, meeting in meetings.items():
            assert (meeting.title in content) == (key in VISIBLE[user_key])


@pytest.mark.parametrize("user_key", ["anonymous", "no_role", *VISIBLE])
def test_create_page(client, world, user_key):
    meetings, users = world
    url = reverse("workspace:meeting_create")
    response = fetch(client, users, user_key, url)
    if user_key == "anonymous":
        return check(response, LOGIN)
    if user_key not in WRITERS:
        return check(response, FORBIDDEN)
    for key, meeting in meetings.items():
        response = fetch(client, users, user_key, f"{url}?to-chuc={meeting.organisation_id}")
        check(response, OK if key in VISIBLE[user_key] else NOT_FOUND)
        response = fetch(client, users, user_key, f"{url}?sao-chep={meeting.pk}")
        check(response, OK if key in VISIBLE[user_key] else NOT_FOUND)


@pytest.mark.parametrize("user_key", ["anonymous", "no_role", *VISIBLE])
def test_actions(client, world, user_key):
    meetings, users = world
    for key, meeting in meetings.items():
        response = fetch(
            client,
            users,
            user_key,
            reverse("workspace:report_publish", args=[meeting.pk]),
            "post",
            {"action": "now"},
        )
        check(
            response, 302 if expected(user_key, key, True) == OK else expected(user_key, key, True)
        )
        report = Report.objects.get(meeting=meeting)
        assert report.is_public == (expected(user_key, key, True) == OK)
        Report.objects.filter(pk=report.pk).update(status="draft")
        response = fetch(
            client, users, user_key, reverse("workspace:meeting_approve", args=[meeting.pk]), "post"
        )
        check(
            response, 302 if expected(user_key, key, True) == OK else expected(user_key, key, True)
        )
        meeting.refresh_from_db()
        assert meeting.minutes_locked == (expected(user_key, key, True) == OK)
        meeting.minutes_approved_at = None
        meeting.save()


def test_attendance_cannot_list_another_organisations_member(client, world):
    from .factories import MemberFactory

    meetings, users = world
    outsider = MemberFactory(organisation=meetings["y"].organisation)
    MemberFactory(organisation=meetings["a"].organisation)
    client.force_login(users["cell_secretary_a"])
    url = reverse("workspace:meeting_create") + f"?to-chuc={meetings['a'].organisation_id}"
    data = entry_data(client, url, **{"meeting-title": "Họp", "meeting-date": "03/11/2026"})
    # The roll is the organisation's members from the records: a status posted for anyone
    # else is not read, and puts nobody on the roll.
    assert [key for key in data if key.startswith("roll-") and key.endswith("-status")] == [
        f"roll-{meetings['a'].organisation.members.get().pk}-status"
    ]
    data[f"roll-{outsider.pk}-status"] = "unexcused"
    assert client.post(url, data).status_code == 302
    meeting = meetings["a"].organisation.meetings.get(title="Họp")
    assert not meeting.attendance.filter(member=outsider).exists()
    assert meeting.attendance.count() == 1


# --- Year-end pages: the same access layer as every workspace page ------------------------

YEAR_END_PAGES = [
    "yearend:ratings",
    "yearend:ratings_members",
    "yearend:ratings_organisations",
    "yearend:statistics",
    "yearend:statistics_xlsx",
    "yearend:statistics_docx",
    "yearend:targets_xlsx",
    "yearend:targets_docx",
    "yearend:register_members",
    "yearend:register_events",
    "yearend:register_awards",
    "yearend:register_cases",
    "yearend:register_meetings",
]


def year_end_urls(organisation, meeting, year):
    urls = [reverse(name, args=[organisation.pk, year]) for name in YEAR_END_PAGES]
    urls.append(reverse("yearend:minutes", args=[meeting.pk]))
    urls.append(reverse("yearend:minutes_docx", args=[meeting.pk]))
    return urls


def test_office_account_without_admin_access_reaches_every_year_end_page_of_its_own(client, world):
    """A "Văn phòng" account is not staff (no admin): the year-end pages follow its role,
    like the rest of the workspace, and its organisations' scope."""
    meetings, users = world
    office_x = users["office_x"]
    assert not office_x.is_staff
    client.force_login(office_x)
    own, other = meetings["a"].organisation.parent, meetings["y"].organisation.parent
    year = meetings["a"].date.year
    for url in year_end_urls(own, meetings["a"], year):
        assert client.get(url).status_code == 200, url
    for url in year_end_urls(other, meetings["y"], year):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("user_key", ["no_role", "viewer", "office_x"])
def test_year_end_pages_refuse_accounts_without_the_role_or_the_right(client, world, user_key):
    """Members are added by administrators: the member import needs that right."""
    meetings, users = world
    client.force_login(users[user_key])
    own = meetings["a"].organisation.parent
    response = client.get(reverse("yearend:member_import", args=[own.pk]))
    assert response.status_code == 403
    if user_key == "no_role":
        url = reverse("yearend:statistics", args=[own.pk, meetings["a"].date.year])
        assert client.get(url).status_code == 403


def test_discipline_register_is_for_administrators_only(client, world):
    meetings, users = world
    own = meetings["a"].organisation.parent
    url = reverse("yearend:register_discipline", args=[own.pk, meetings["a"].date.year])
    client.force_login(users["office_x"])
    assert client.get(url).status_code == 403
    client.force_login(users["admin"])
    assert client.get(url).status_code == 200
