"""Congress elections, admissions and confirmations as a workflow, awards with their decisions
(issue 12, items 4 and 5), entered through the workspace's meeting page."""

import datetime
import io
import json

import pytest
from django.urls import reverse
from docx import Document as DocxDocument
from pytest_django.asserts import assertContains, assertNotContains

from branchapp.interchange import export_meetings, import_meetings
from branchapp.models import (
    Candidate,
    CandidateStage,
    ElectedPerson,
    Meeting,
    Member,
    MemberEvent,
    MemberEventType,
    MemberStatus,
)
from branchapp.scoping import SECRETARIAT_ROLE, VIEWER_ROLE

from .factories import CellFactory, MemberFactory, OrganisationFactory, user_with_role
from .test_workspace_meetings import entry_data, errors_of

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def committee():
    return OrganisationFactory(name="Đảng bộ Trường Chính trị")


@pytest.fixture
def cell(committee):
    return CellFactory(name="Chi bộ Khoa Lý luận", parent=committee)


@pytest.fixture
def secretary(committee):
    return user_with_role(SECRETARIAT_ROLE, committee, first_name="Thư", last_name="Ký")


@pytest.fixture
def members(cell):
    return [
        MemberFactory(full_name="Nguyễn Văn An", organisation=cell),
        MemberFactory(full_name="Trần Thị Bình", organisation=cell),
        MemberFactory(full_name="Lê Văn Cường", organisation=cell),
    ]


def new_url(org):
    return reverse("workspace:meeting_create") + f"?to-chuc={org.pk}"


def post_new(client, org, fields):
    url = new_url(org)
    data = entry_data(client, url)
    data.update(fields)
    return client.post(url, data)


def d(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


# -- congress elections ---------------------------------------------------------------------


def congress_fields(day=datetime.date(2025, 6, 20)):
    return {
        "meeting-title": "Đại hội Đảng bộ Trường lần thứ VI, nhiệm kỳ 2025-2030",
        "meeting-date": d(day),
        "meeting-kinds": ["congress"],
        "election-committee_size": "9",
        "elected-0-name": "Nguyễn Văn An",
        "elected-0-position": "Bí thư Đảng ủy",
        "elected-0-re_elected": "on",
        "elected-1-name": "",
        "elected-1-position": "Phó Bí thư Đảng ủy",
        "elected-2-name": "Trần Thị Bình",
        "elected-2-position": "Ủy viên Ban Chấp hành",
        "delegates-0-name": "Nguyễn Văn An",
        "delegates-1-name": "Lê Văn Cường",
        "delegates-1-alternate": "on",
    }


def test_congress_elections_saved_and_shown_on_the_record_and_the_minutes(
    client, committee, members, secretary
):
    client.force_login(secretary)
    response = post_new(client, committee, congress_fields())
    assert response.status_code == 302, errors_of(response)
    meeting = Meeting.objects.get()
    election = meeting.election
    assert election.committee_size == 9
    elected = list(election.people.filter(kind=ElectedPerson.Kind.ELECTED))
    assert [(p.name, p.position, p.re_elected) for p in elected] == [
        ("Nguyễn Văn An", "Bí thư Đảng ủy", True),
        ("", "Phó Bí thư Đảng ủy", False),
        ("Trần Thị Bình", "Ủy viên Ban Chấp hành", False),
    ]
    assert elected[1].label == "Phó Bí thư Đảng ủy" and str(elected[1]) == "Phó Bí thư Đảng ủy"
    delegates = list(election.people.filter(kind=ElectedPerson.Kind.DELEGATE))
    assert [(p.name, p.alternate) for p in delegates] == [
        ("Nguyễn Văn An", False),
        ("Lê Văn Cường", True),
    ]

    detail = client.get(reverse("workspace:meeting_detail", args=[meeting.pk]))
    assertContains(detail, "Nguyễn Văn An, Bí thư Đảng ủy")
    assertContains(detail, "Phó Bí thư Đảng ủy")
    assertContains(detail, "tái cử")  # the re-elected badge, in Vietnamese

    html = client.get(reverse("yearend:minutes", args=[meeting.pk])).content.decode()
    assert "Đại hội bầu Ban Chấp hành gồm 09 đồng chí." in html
    assert "- Đồng chí Nguyễn Văn An, Bí thư Đảng ủy (tái cử)." in html
    assert "- Phó Bí thư Đảng ủy." in html
    assert "Đại biểu chính thức đi dự Đại hội cấp trên: Nguyễn Văn An." in html
    assert "Đại biểu dự khuyết đi dự Đại hội cấp trên: Lê Văn Cường." in html

    docx = client.get(reverse("yearend:minutes_docx", args=[meeting.pk]))
    paragraphs = [p.text for p in DocxDocument(io.BytesIO(docx.content)).paragraphs]
    assert "Đại hội bầu Ban Chấp hành gồm 09 đồng chí." in paragraphs
    assert "- Phó Bí thư Đảng ủy." in paragraphs


def test_elections_edited_in_place_and_emptied(client, committee, members, secretary):
    client.force_login(secretary)
    post_new(client, committee, congress_fields())
    meeting = Meeting.objects.get()
    first = meeting.election.people.get(position="Phó Bí thư Đảng ủy")
    url = reverse("workspace:meeting_edit", args=[meeting.pk])
    data = entry_data(client, url)
    assert data["elected-1-id"] == str(first.pk)
    data["elected-1-name"] = "Phạm Thị Dung"
    data["elected-2-DELETE"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, errors_of(response)
    first.refresh_from_db()  # the same row, now named
    assert first.name == "Phạm Thị Dung"
    assert meeting.election.people.filter(kind="elected").count() == 2

    data = entry_data(client, url)
    data["election-committee_size"] = ""
    for key in list(data):
        if key.startswith(("elected-", "delegates-")) and key.endswith("-id") and data[key]:
            data[key.replace("-id", "-DELETE")] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, errors_of(response)
    assert not Meeting.objects.filter(pk=meeting.pk, election__isnull=False).exists()


def test_election_rows_need_a_name_or_a_position_and_fit_the_committee(
    client, committee, members, secretary
):
    client.force_login(secretary)
    fields = congress_fields()
    fields.update({"election-committee_size": "2", "elected-1-re_elected": "on"})
    fields["elected-1-position"] = ""
    response = post_new(client, committee, fields)
    assert response.status_code == 200
    assertContains(response, "Hãy ghi họ tên hoặc chức vụ của người trúng cử.")
    assert not Meeting.objects.exists()
    fields = congress_fields()
    fields["election-committee_size"] = "2"
    response = post_new(client, committee, fields)
    assertContains(response, "3 người được ghi là trúng cử, nhiều hơn số lượng Ban Chấp hành.")
    assert not Meeting.objects.exists()


def test_elections_are_locked_with_the_minutes(committee, members):
    from branchapp.services.meetings import MeetingData, MinutesLocked, meeting_save

    meeting = Meeting.objects.create(organisation=committee, title="Đại hội", date=TODAY)
    meeting.minutes_approved_at = datetime.datetime.now(datetime.UTC)
    meeting.save()
    with pytest.raises(MinutesLocked):
        meeting_save(
            meeting=meeting,
            data=MeetingData(election={"committee_size": 5, "elected": [], "delegates": []}),
        )


# -- admissions and confirmations ------------------------------------------------------------


def admission_fields(day):
    return {
        "meeting-title": f"Lễ kết nạp đảng viên ngày {d(day)}",
        "meeting-date": d(day),
        "meeting-kinds": ["admission"],
        "events-0-type": "admission",
        "events-0-member_name": "Võ Thị Hoa",
        "events-0-prior_status": "Quần chúng ưu tú",
        "events-0-mentor": "Nguyễn Văn An",
        "events-0-decision_number": "125-QĐ/ĐU",
        "events-0-decision_date": d(day - datetime.timedelta(days=10)),
        "events-0-decision_issuer": "Đảng ủy Trường",
        "events-1-type": "admission",
        "events-1-member_name": "Đặng Văn Khoa",
        "events-1-prior_status": "Cảm tình Đảng",
        "events-1-mentor": "Trần Thị Bình",
        "events-1-decision_number": "126-QĐ/ĐU",
        "events-1-decision_date": d(day - datetime.timedelta(days=10)),
        "events-1-decision_issuer": "Đảng ủy Trường",
    }


def test_admission_ceremony_for_two_typed_names_creates_two_probationary_members(
    client, cell, members, secretary
):
    day = TODAY - datetime.timedelta(days=3)
    client.force_login(secretary)
    response = post_new(client, cell, admission_fields(day))
    assert response.status_code == 302, errors_of(response)
    meeting = Meeting.objects.get()
    hoa = Member.objects.get(full_name="Võ Thị Hoa")
    khoa = Member.objects.get(full_name="Đặng Văn Khoa")
    for member in (hoa, khoa):
        assert member.organisation == cell
        assert member.status == MemberStatus.PROBATIONARY
        assert member.admission_date == day
        assert member.confirmation_date is None
    event = MemberEvent.objects.get(member=hoa)
    assert (event.meeting, event.date, event.prior_status, event.mentor) == (
        meeting,
        day,
        "Quần chúng ưu tú",
        "Nguyễn Văn An",
    )
    decision = event.decision
    assert (decision.kind, decision.number, decision.issuer) == (
        "Quyết định",
        "125-QĐ/ĐU",
        "Đảng ủy Trường",
    )
    assert decision.date == day - datetime.timedelta(days=10)
    assert decision.meeting is None  # a decision, not a document the meeting studied

    # Saving the page again changes nothing: no second member, the same decision.
    url = reverse("workspace:meeting_edit", args=[meeting.pk])
    page = client.get(url)
    assertContains(page, "Đảng số ngày")  # the membership after the events
    assertContains(page, "5 đảng viên (3 chính thức, 2 dự bị)")
    response = client.post(url, entry_data(client, url))
    assert response.status_code == 302, errors_of(response)
    assert Member.objects.filter(full_name="Võ Thị Hoa").count() == 1
    assert MemberEvent.objects.get(member=hoa).decision_id == decision.pk
    meeting.refresh_from_db()  # the new members are not on the roll of their own admission
    assert (meeting.convened, meeting.present) == (3, 3)
    assert not meeting.attendance.filter(member__in=[hoa, khoa]).exists()

    detail = client.get(reverse("workspace:meeting_detail", args=[meeting.pk]))
    assertContains(detail, "125-QĐ/ĐU")
    html = client.get(reverse("yearend:minutes", args=[meeting.pk])).content.decode()
    assert "Đồng chí Võ Thị Hoa (Quần chúng ưu tú; người giúp đỡ: Nguyễn Văn An; " in html
    assert "Quyết định số 125-QĐ/ĐU" in html


def test_an_admission_removed_from_the_page_takes_away_the_member_it_created(
    client, cell, members, secretary
):
    candidate = Candidate.objects.create(organisation=cell, full_name="Hồ Thị Lan")
    client.force_login(secretary)
    fields = admission_fields(TODAY)
    fields["events-1-member_name"] = ""
    fields["events-1-candidate"] = str(candidate.pk)
    response = post_new(client, cell, fields)
    assert response.status_code == 302, errors_of(response)
    meeting = Meeting.objects.get()
    url = reverse("workspace:meeting_edit", args=[meeting.pk])
    data = entry_data(client, url)
    data["events-0-DELETE"] = "on"  # "Võ Thị Hoa" was typed by mistake
    data["events-1-DELETE"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, errors_of(response)
    assert not Member.objects.filter(full_name__in=["Võ Thị Hoa", "Hồ Thị Lan"]).exists()
    assert list(Candidate.objects.waiting()) == [candidate]  # back on the list
    assert Member.objects.count() == 3


def test_a_typed_name_of_a_member_already_there_is_refused(client, cell, members, secretary):
    client.force_login(secretary)
    fields = admission_fields(TODAY)
    fields["events-0-member_name"] = " Trần Thị Bình "
    response = post_new(client, cell, fields)
    assert response.status_code == 200
    assertContains(response, "Trần Thị Bình đã là đảng viên của tổ chức này")
    assert not Meeting.objects.exists() and Member.objects.count() == 3


def test_an_admission_picks_a_candidate_from_the_list(client, cell, members, secretary):
    candidate = Candidate.objects.create(
        organisation=cell,
        full_name="Hồ Thị Lan",
        stage=CandidateStage.SYMPATHISER,
        mentor="Trần Thị Bình",
    )
    client.force_login(secretary)
    response = post_new(
        client,
        cell,
        {
            "meeting-title": "Lễ kết nạp đảng viên",
            "meeting-date": d(TODAY),
            "meeting-kinds": ["admission"],
            "events-0-type": "admission",
            "events-0-candidate": str(candidate.pk),
        },
    )
    assert response.status_code == 302, errors_of(response)
    candidate.refresh_from_db()
    member = candidate.admitted_member
    assert (member.full_name, member.status) == ("Hồ Thị Lan", MemberStatus.PROBATIONARY)
    event = member.events.get()
    assert (event.prior_status, event.mentor) == ("Cảm tình Đảng", "Trần Thị Bình")
    assert not Candidate.objects.waiting().exists()


def test_a_typed_name_is_only_for_an_admission_or_a_transfer_in(client, cell, members, secretary):
    client.force_login(secretary)
    response = post_new(
        client,
        cell,
        {
            "meeting-title": "Xét chuyển đảng chính thức",
            "meeting-date": d(TODAY),
            "meeting-kinds": ["confirmation"],
            "events-0-type": "confirmation",
            "events-0-member_name": "Người Lạ",
        },
    )
    assert response.status_code == 200
    assertContains(response, "Chỉ gõ tên mới khi kết nạp hoặc chuyển đến")
    assert not Member.objects.filter(full_name="Người Lạ").exists()


def probationary(cell, admitted):
    member = MemberFactory(
        full_name="Phan Văn Minh", organisation=cell, admission_date=None, confirmation_date=None
    )
    MemberEvent.objects.create(
        member=member, organisation=cell, type=MemberEventType.ADMISSION, date=admitted
    )
    member.refresh_from_db()
    return member


def confirmation_fields(member, day):
    return {
        "meeting-title": "Xét công nhận đảng viên chính thức",
        "meeting-date": d(day),
        "meeting-kinds": ["confirmation"],
        "events-0-type": "confirmation",
        "events-0-member": str(member.pk),
        "events-0-decision_number": "140-QĐ/ĐU",
        "events-0-decision_issuer": "Đảng ủy Trường",
    }


def test_confirmation_before_twelve_months_is_refused_with_both_dates(
    client, cell, members, secretary
):
    member = probationary(cell, datetime.date(2024, 10, 4))
    assert (member.status, member.admission_date) == (
        MemberStatus.PROBATIONARY,
        datetime.date(2024, 10, 4),
    )
    client.force_login(secretary)
    response = post_new(client, cell, confirmation_fields(member, datetime.date(2025, 9, 30)))
    assert response.status_code == 200
    assertContains(
        response, "Kết nạp ngày 04/10/2024; chỉ được xét chuyển chính thức từ ngày 04/10/2025."
    )
    assert not Meeting.objects.exists()
    member.refresh_from_db()
    assert member.status == MemberStatus.PROBATIONARY


def test_confirmation_after_twelve_months_makes_the_member_full(client, cell, members, secretary):
    member = probationary(cell, datetime.date(2024, 10, 4))
    client.force_login(secretary)
    response = post_new(client, cell, confirmation_fields(member, datetime.date(2025, 10, 6)))
    assert response.status_code == 302, errors_of(response)
    member.refresh_from_db()
    assert member.status == MemberStatus.FULL
    assert member.confirmation_date == datetime.date(2025, 10, 6)
    event = member.events.get(type=MemberEventType.CONFIRMATION)
    assert event.decision.number == "140-QĐ/ĐU"


def test_probation_reminder_fires_for_a_workspace_admission(client, cell, members, secretary):
    admitted = TODAY - datetime.timedelta(days=340)
    client.force_login(secretary)
    response = post_new(client, cell, admission_fields(admitted))
    assert response.status_code == 302, errors_of(response)
    dashboard = client.get(reverse("workspace:dashboard"))
    names = [alert.name for alert in dashboard.context["probation"]]
    assert sorted(names) == ["Võ Thị Hoa", "Đặng Văn Khoa"]
    assertContains(dashboard, "Võ Thị Hoa")


def test_probation_reminder_fires_for_an_imported_admission(tmp_path, client, cell, secretary):
    admitted = TODAY - datetime.timedelta(days=350)
    data = {
        "format": "sochibo.meetings",
        "version": 1,
        "organisations": [],
        "meetings": [
            {
                "organisation": cell.name,
                "kinds": ["admission"],
                "title": "Lễ kết nạp đảng viên mới",
                "date": admitted.isoformat(),
                "member_events": [
                    {
                        "type": "admission",
                        "member": "Quách Thị Nga",
                        "date": admitted.isoformat(),
                        "prior_status": "Quần chúng ưu tú",
                        "decision": {"number": "99-QĐ/ĐU", "issuer": "Đảng ủy Trường"},
                    }
                ],
            }
        ],
    }
    path = tmp_path / "meetings.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    import_meetings(path)
    member = Member.objects.get(full_name="Quách Thị Nga")
    assert (member.status, member.admission_date) == (MemberStatus.PROBATIONARY, admitted)
    client.force_login(secretary)
    dashboard = client.get(reverse("workspace:dashboard"))
    assert [alert.name for alert in dashboard.context["probation"]] == ["Quách Thị Nga"]


def test_removing_an_admission_forgets_its_date(cell):
    member = probationary(cell, datetime.date(2025, 1, 10))
    member.events.get().delete()
    member.refresh_from_db()
    assert member.admission_date is None


def test_transfer_deadlines_are_reminded_from_the_event(client, cell, members, secretary):
    leaving = members[2]
    decided = TODAY - datetime.timedelta(days=5)
    MemberEvent.objects.create(
        member=leaving, organisation=cell, type=MemberEventType.TRANSFER_OUT, date=decided
    )
    client.force_login(secretary)
    dashboard = client.get(reverse("workspace:dashboard"))
    [transfer] = dashboard.context["reminders"]["transfers"]
    assert transfer.name == "Lê Văn Cường"
    # 60 working days: twelve weeks of five days.
    assert transfer.transfer_by == decided + datetime.timedelta(weeks=12)
    assert transfer.present_by == transfer.transfer_by + datetime.timedelta(days=30)
    assertContains(dashboard, transfer.transfer_by.strftime("%d/%m/%Y"))


# -- awards with their decision ----------------------------------------------------------------


def test_award_entered_with_its_decision(client, cell, members, secretary):
    client.force_login(secretary)
    response = post_new(
        client,
        cell,
        {
            "meeting-title": "Sinh hoạt chi bộ tháng 12",
            "meeting-date": d(datetime.date(2025, 12, 3)),
            "meeting-kinds": ["monthly"],
            "awards-0-form": "Giấy khen",
            "awards-0-recipient_member": str(members[0].pk),
            "awards-0-count": "1",
            "awards-0-issuer": "Đảng ủy Trường",
            "awards-0-decision_number": "45-QĐ/ĐU",
            "awards-0-decision_date": "20/11/2025",
            "awards-0-reason": "Đảng viên HTXSNV tiêu biểu năm 2025",
        },
    )
    assert response.status_code == 302, errors_of(response)
    award = Meeting.objects.get().awards.get()
    assert award.recipient_name == "Nguyễn Văn An"
    assert (award.decision.number, award.decision.date, award.decision.issuer) == (
        "45-QĐ/ĐU",
        datetime.date(2025, 11, 20),
        "Đảng ủy Trường",
    )
    detail = client.get(reverse("workspace:meeting_detail", args=[award.meeting_id]))
    assertContains(detail, "45-QĐ/ĐU")


# -- the candidates page -------------------------------------------------------------------------


def test_candidates_listed_reviewed_and_kept_to_the_organisation(client, cell, secretary):
    client.force_login(secretary)
    url = reverse("workspace:candidate_list", args=[cell.pk])
    response = client.get(url)
    formset = response.context["formset"]
    data = {
        f"{formset.prefix}-TOTAL_FORMS": "2",
        f"{formset.prefix}-INITIAL_FORMS": "0",
        f"{formset.prefix}-0-full_name": "Mai Văn Tùng",
        f"{formset.prefix}-0-stage": "outstanding",
        f"{formset.prefix}-0-mentor": "Nguyễn Văn An",
        f"{formset.prefix}-1-stage": "outstanding",
        "review-reviewed": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    candidate = Candidate.objects.get()
    assert (candidate.organisation, candidate.reviewed_on) == (cell, TODAY)
    assertContains(client.get(url), "Mai Văn Tùng")

    viewer = user_with_role(VIEWER_ROLE, cell)
    client.force_login(viewer)
    response = client.post(url, {**data, f"{formset.prefix}-0-full_name": "Khác"})
    assert Candidate.objects.get().full_name == "Mai Văn Tùng"  # the viewer changes nothing

    stranger = user_with_role(SECRETARIAT_ROLE, OrganisationFactory())
    client.force_login(stranger)
    assert client.get(url).status_code == 404


def test_candidates_not_reviewed_this_month_are_reminded(client, cell, secretary):
    Candidate.objects.create(
        organisation=cell, full_name="Mai Văn Tùng", reviewed_on=TODAY - datetime.timedelta(40)
    )
    client.force_login(secretary)
    dashboard = client.get(reverse("workspace:dashboard"))
    assert [c.full_name for c in dashboard.context["reminders"]["candidates"]] == ["Mai Văn Tùng"]


# -- interchange: people known only by position ------------------------------------------------


def test_round_trip_of_an_unnamed_officer_and_an_unnamed_presenter(tmp_path):
    data = {
        "format": "sochibo.meetings",
        "version": 1,
        "organisations": [{"name": "Đảng bộ Xã An Bình", "kind": "committee"}],
        "meetings": [
            {
                "organisation": "Đảng bộ Xã An Bình",
                "kinds": ["congress"],
                "title": "Đại hội Đảng bộ Xã An Bình nhiệm kỳ 2025-2030",
                "date": "2025-06-20",
                "agenda": [
                    {
                        "title": "Báo cáo chính trị",
                        "presenter": {
                            "name": None,
                            "position": "Phó Bí thư Đảng ủy",
                            "member": False,
                        },
                    }
                ],
                "elections": {
                    "committee_size": 9,
                    "elected": [
                        {"name": "Nguyễn Văn Tư", "position": "Bí thư", "re_elected": True},
                        {"name": None, "position": "Phó Bí thư", "re_elected": False},
                    ],
                    "delegates": [{"name": "Nguyễn Văn Tư", "alternate": False}],
                },
            }
        ],
    }
    source = tmp_path / "in.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    import_meetings(source)
    meeting = Meeting.objects.get()
    item = meeting.agenda.get()
    assert (item.presenter_name, item.presenter_position) == ("", "Phó Bí thư Đảng ủy")
    unnamed = meeting.election.people.get(position="Phó Bí thư")
    assert unnamed.name == "" and unnamed.label == "Phó Bí thư"

    out = tmp_path / "out.json"
    export_meetings(out)
    exported = json.loads(out.read_text(encoding="utf-8"))["meetings"][0]
    assert exported["agenda"][0]["presenter"] == {
        "name": None,
        "position": "Phó Bí thư Đảng ủy",
        "member": False,
    }
    assert exported["elections"]["elected"][1] == {
        "name": None,
        "position": "Phó Bí thư",
        "re_elected": False,
    }
    # And back again: the same record.
    Meeting.objects.all().delete()
    import_meetings(out)
    again = Meeting.objects.get()
    assert again.election.people.get(position="Phó Bí thư").name == ""
    assert again.agenda.get().presenter_position == "Phó Bí thư Đảng ủy"


def test_an_elected_person_or_presenter_without_name_nor_position_is_refused(tmp_path):
    from branchapp.interchange import InterchangeError

    data = {
        "format": "sochibo.meetings",
        "version": 1,
        "organisations": [],
        "meetings": [
            {
                "organisation": "Đảng bộ Xã An Bình",
                "kinds": ["congress"],
                "title": "Đại hội",
                "date": "2025-06-20",
                "agenda": [{"title": "Báo cáo", "presenter": {"name": None, "position": None}}],
                "elections": {"elected": [{"name": None, "position": None}]},
            }
        ],
    }
    source = tmp_path / "in.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InterchangeError) as refused:
        import_meetings(source)
    paths = [path for path, _message in refused.value.errors]
    assert "meetings[0].agenda[0].presenter.position" in paths
    assert "meetings[0].elections.elected[0].position" in paths
    assert not Meeting.objects.exists()


def test_the_congress_part_is_on_the_page_for_the_script_to_show(client, committee, secretary):
    client.force_login(secretary)
    page = client.get(new_url(committee))
    assertContains(page, 'data-kind-part="congress"')
    assertContains(page, "js/meeting_congress.js")
    assertNotContains(page, "style=")
