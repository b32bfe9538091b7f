"""A congress with its elections and an admission ceremony for two people, entered in a browser
through the workspace alone (issue 12, items 4 and 5)."""

import datetime

import pytest
from playwright.sync_api import expect

from branchapp.models import ElectedPerson, Meeting, Member, MemberStatus
from branchapp.scoping import SECRETARIAT_ROLE
from tests.factories import CellFactory, MemberFactory, OrganisationFactory, user_with_role

from .pages import fill_admissions, fill_date, fill_election, sign_in


@pytest.fixture
def school():
    committee = OrganisationFactory(name="Đảng bộ Trường Chính trị")
    cell = CellFactory(name="Chi bộ Khoa Lý luận", parent=committee)
    for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"):
        MemberFactory(full_name=name, organisation=cell)
    user_with_role(SECRETARIAT_ROLE, committee, username="thuky", first_name="Thư")
    return committee, cell


@pytest.mark.django_db(transaction=True)
def test_a_congress_with_its_elections(page, live_server, school):
    committee, _cell = school
    base = live_server.url
    sign_in(page, base)
    page.goto(f"{base}/workspace/cuoc-hop/them/?to-chuc={committee.pk}")
    election = page.locator("#election")
    # The congress part waits for the kind of meeting to be a congress.
    expect(election).to_be_hidden()
    page.check("input[name='meeting-kinds'][value='congress']")
    page.uncheck("input[name='meeting-kinds'][value='monthly']")
    expect(election).to_be_visible()

    page.fill(
        "#id_meeting-title", "Đại hội Đảng bộ Trường Chính trị lần thứ VI, nhiệm kỳ 2025-2030"
    )
    fill_date(page, "#id_meeting-date", datetime.date(2025, 6, 20))
    page.fill("#id_meeting-place", "Hội trường A")
    fill_election(
        page,
        committee_size=9,
        elected=[
            ("Nguyễn Văn An", "Bí thư Đảng ủy", True),
            ("", "Phó Bí thư Đảng ủy", False),  # the name not known yet
            ("Trần Thị Bình", "Ủy viên Ban Chấp hành", False),
        ],
        delegates=[("Nguyễn Văn An", False), ("Lê Văn Cường", True)],
    )
    page.click(".ws-actions button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu cuộc họp.")

    meeting = Meeting.objects.get(organisation=committee)
    people = list(meeting.election.people.all())
    assert meeting.election.committee_size == 9
    assert [
        (p.name, p.position, p.re_elected) for p in people if p.kind == ElectedPerson.Kind.ELECTED
    ] == [
        ("Nguyễn Văn An", "Bí thư Đảng ủy", True),
        ("", "Phó Bí thư Đảng ủy", False),
        ("Trần Thị Bình", "Ủy viên Ban Chấp hành", False),
    ]
    assert [(p.name, p.alternate) for p in people if p.kind == ElectedPerson.Kind.DELEGATE] == [
        ("Nguyễn Văn An", False),
        ("Lê Văn Cường", True),
    ]
    # Opened again, the congress part shows what was saved.
    expect(page.locator("#election")).to_be_visible()
    expect(page.locator("#id_elected-1-position")).to_have_value("Phó Bí thư Đảng ủy")

    page.goto(f"{base}/workspace/cuoc-hop/{meeting.pk}/")
    record = page.locator("section#election")
    expect(record).to_contain_text("Ban Chấp hành gồm 9 đồng chí.")
    expect(record).to_contain_text("Nguyễn Văn An, Bí thư Đảng ủy")
    expect(record).to_contain_text("Phó Bí thư Đảng ủy")
    expect(record).to_contain_text("dự khuyết")


@pytest.mark.django_db(transaction=True)
def test_an_admission_ceremony_for_two_people(page, live_server, school):
    _committee, cell = school
    base = live_server.url
    day = datetime.date.today() - datetime.timedelta(days=2)
    sign_in(page, base)
    page.goto(f"{base}/workspace/cuoc-hop/them/?to-chuc={cell.pk}")
    page.check("input[name='meeting-kinds'][value='admission']")
    page.uncheck("input[name='meeting-kinds'][value='monthly']")
    page.fill("#id_meeting-title", "Lễ kết nạp đảng viên mới")
    fill_date(page, "#id_meeting-date", day)
    people = [
        ("Võ Thị Hoa", "Quần chúng ưu tú", "Nguyễn Văn An", "125-QĐ/ĐU"),
        ("Đặng Văn Khoa", "Cảm tình Đảng", "Trần Thị Bình", "126-QĐ/ĐU"),
    ]
    fill_admissions(
        page,
        people,
        decision_date=day - datetime.timedelta(days=7),
        issuer="Đảng ủy Trường Chính trị",
    )
    page.click(".ws-actions button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu cuộc họp.")
    expect(page.locator("#membership")).to_contain_text("5 đảng viên (3 chính thức, 2 dự bị)")

    for name, prior, mentor, number in people:
        member = Member.objects.get(full_name=name)
        assert (member.organisation, member.status, member.admission_date) == (
            cell,
            MemberStatus.PROBATIONARY,
            day,
        )
        event = member.events.get()
        assert (event.prior_status, event.mentor, event.decision.number) == (prior, mentor, number)

    meeting = Meeting.objects.get(organisation=cell)
    page.goto(f"{base}/workspace/cuoc-hop/{meeting.pk}/")
    events = page.locator("section#member-events")
    expect(events).to_contain_text("Võ Thị Hoa")
    expect(events).to_contain_text("125-QĐ/ĐU")
    expect(events).to_contain_text("Đặng Văn Khoa")
