"""The admin: every model opens, change lists stay cheap, scoping, restore, minutes lock."""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from branchapp import models as m
from branchapp.scoping import ADMIN_ROLE, SECRETARIAT_ROLE

from .factories import (
    CellFactory,
    MeetingFactory,
    MemberFactory,
    OrganisationFactory,
    PhotoFactory,
    ReportFactory,
    TargetFactory,
    UserFactory,
    image_file,
    user_with_role,
)

pytestmark = pytest.mark.django_db

# The domain models (simple-history's Historical* tables are shown through each model's history).
# Kept by the app itself, not entered by anyone: history, and the search vocabulary (the words
# of the reports' text, recorded when a report is saved), and the review steps of reports
# (written by the workspace's review step, shown read-only in the report's page), and the old
# addresses of reports (kept when an address changes, shown read-only in the report's page).
INTERNAL_MODELS = {"SearchWord", "ReportReview", "ReportAddress"}
# Article views and the most-read ranking, written by the view counter's batches.
INTERNAL_MODELS |= {"ReportViews", "ReportViewDay", "MostReadReport"}
BRANCHAPP_MODELS = [
    model
    for model in apps.get_app_config("branchapp").get_models()
    if not model.__name__.startswith("Historical") and model.__name__ not in INTERNAL_MODELS
]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def build_world(organisation=None):
    """One row of every model, hanging together like a real year-end meeting."""
    committee = organisation or OrganisationFactory(name="Đảng bộ Trường Chính trị")
    cell = CellFactory(parent=committee)
    m.OrganisationName.objects.create(organisation=committee, name="Đảng bộ cũ")
    member = MemberFactory(organisation=cell, full_name="Nguyễn Thị Hoa")
    m.Position.objects.create(member=member, organisation=committee, title="secretary")
    meeting = MeetingFactory(organisation=committee, title="Sinh hoạt đảng bộ định kỳ")
    m.MeetingKindTag.objects.create(meeting=meeting, kind="periodic")
    m.MeetingPerson.objects.create(meeting=meeting, role="chair", member=member, name="")
    m.Attendance.objects.create(meeting=meeting, member=member, name="")
    document = m.Document.objects.create(meeting=meeting, number="42-HD/BTCTW", kind="Hướng dẫn")
    item = m.AgendaItem.objects.create(meeting=meeting, title="Báo cáo tổng kết")
    m.Opinion.objects.create(agenda_item=item, name="Lê Văn Nam", summary="Nhất trí.")
    m.MinutesAddendum.objects.create(meeting=meeting, text="Bổ sung tên đại biểu.")
    m.MeetingTask.objects.create(meeting=meeting, description="Thu đảng phí", assignee="Chi ủy")
    election = m.Election.objects.create(meeting=meeting, committee_size=5)
    m.ElectedPerson.objects.create(election=election, kind="elected", name="Trần Văn Bình")
    m.Vote.objects.create(meeting=meeting, subject="resolution", about="Nghị quyết", in_favour=5)
    event = m.MemberEvent.objects.create(
        member=member,
        organisation=cell,
        type="admission",
        date=datetime.date(2021, 3, 1),
        meeting=meeting,
        decision=document,
    )
    report = ReportFactory(meeting=meeting)
    photo = PhotoFactory(report=report)
    m.ReportBlock.objects.create(report=report, type="paragraph", text="Chiều ngày 31/12/2021…")
    m.ReportBlock.objects.create(report=report, type="photo", photo=photo)
    target = TargetFactory(organisation=committee, adopted_at=meeting)
    award = m.Award.objects.create(
        form="Giấy khen", recipient_member=member, organisation=committee, meeting=meeting
    )
    m.MemberRating.objects.create(member=member, organisation=cell, year=2021, level="good")
    m.OrganisationRating.objects.create(organisation=cell, year=2021, level="excellent")
    m.RatingTally.objects.create(
        meeting=meeting, organisation=committee, year=2021, scope="members", rated=10, good=8
    )
    m.OrganisationFigures.objects.create(
        meeting=meeting, organisation=committee, year=2021, branches=2, members=10
    )
    case = m.InspectionCase.objects.create(organisation=committee, year=2021, kind="inspection")
    m.DisciplineAction.objects.create(
        organisation=committee,
        member=member,
        form="reprimand",
        date=datetime.date(2021, 6, 1),
        inspection_case=case,
    )
    m.Category.objects.get_or_create(name="Tin tức - Sự kiện")
    m.Candidate.objects.create(organisation=cell, full_name="Phạm Văn Tâm", mentor="Nguyễn Thị Hoa")
    return {
        "committee": committee,
        "cell": cell,
        "member": member,
        "meeting": meeting,
        "report": report,
        "photo": photo,
        "target": target,
        "award": award,
        "event": event,
        "item": item,
    }


@pytest.fixture
def superuser():
    return UserFactory(is_staff=True, is_superuser=True, username="root")


@pytest.fixture
def world():
    return build_world()


def role_user(role, *organisations, **kwargs):
    """An account of the role that may open the admin (is_staff)."""
    return user_with_role(role, *organisations, **{"is_staff": True, **kwargs})


# --- Every model -----------------------------------------------------------------------------


def test_every_model_is_registered():
    missing = [model.__name__ for model in BRANCHAPP_MODELS if model not in admin.site._registry]
    assert missing == []


@pytest.mark.parametrize("model", BRANCHAPP_MODELS, ids=lambda model: model._meta.model_name)
def test_changelist_add_and_change_forms_open(client, superuser, world, model):
    client.force_login(superuser)
    assert client.get(admin_url(model, "changelist")).status_code == 200
    assert client.get(admin_url(model, "changelist"), {"q": "Đảng"}).status_code == 200
    assert client.get(admin_url(model, "add")).status_code == 200
    obj = model._default_manager.first()
    assert obj is not None, f"the world has no {model.__name__}"
    response = client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200
    if hasattr(model, "history"):
        assert client.get(admin_url(model, "history", obj.pk)).status_code == 200


def test_admin_speaks_vietnamese(client, superuser, world):
    client.force_login(superuser)
    response = client.get(admin_url(m.Meeting, "changelist"))
    assert response.wsgi_request.LANGUAGE_CODE == "vi"
    assert 'lang="vi"' in response.content.decode()


# --- Constant number of queries ----------------------------------------------------------------


def _grow(model, committee, n):
    """Add `n` rows of `model` (with their usual related rows) under `committee`."""
    for i in range(n):
        cell = CellFactory(parent=committee)
        member = MemberFactory(organisation=cell)
        meeting = MeetingFactory(organisation=cell)
        m.MeetingKindTag.objects.create(meeting=meeting, kind="monthly")
        if model is m.Report:
            ReportFactory(meeting=meeting)
        elif model is m.Target:
            TargetFactory(organisation=cell, reviewed_at=meeting)
        elif model is m.Award:
            m.Award.objects.create(
                form="Giấy khen", recipient_member=member, organisation=cell, meeting=meeting
            )
        elif model is m.MemberEvent:
            m.MemberEvent.objects.create(
                member=member,
                organisation=cell,
                type="admission",
                date=datetime.date(2020, 1, i % 28 + 1),
                meeting=meeting,
            )
        elif model is m.Attendance:
            m.Attendance.objects.create(meeting=meeting, member=member, name="")


def _changelist_queries(client, model):
    with CaptureQueriesContext(connection) as context:
        response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "model",
    [m.Meeting, m.Member, m.Report, m.Target, m.Award, m.MemberEvent, m.Attendance],
    ids=lambda model: model._meta.model_name,
)
@pytest.mark.parametrize("who", ["superuser", "secretariat"])
def test_changelist_queries_do_not_grow_with_rows(
    client, django_assert_max_num_queries, model, who
):
    committee = OrganisationFactory()
    if who == "superuser":
        user = UserFactory(is_staff=True, is_superuser=True)
    else:
        user = role_user(SECRETARIAT_ROLE, committee)
    client.force_login(user)
    _grow(model, committee, 2)
    baseline = _changelist_queries(client, model)
    _grow(model, committee, 20)
    assert model._default_manager.count() >= 20
    with django_assert_max_num_queries(baseline):
        response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200


# --- Scoping ---------------------------------------------------------------------------------


@pytest.fixture
def two_committees():
    a = build_world(OrganisationFactory(name="Đảng bộ A"))
    b = build_world(OrganisationFactory(name="Đảng bộ B"))
    return a, b


@pytest.mark.parametrize("key", ["meeting", "member", "report", "target", "award", "event"])
def test_staff_of_committee_a_sees_nothing_of_committee_b(client, two_committees, key):
    a, b = two_committees
    user = role_user(SECRETARIAT_ROLE, a["committee"])
    client.force_login(user)
    mine, theirs = a[key], b[key]
    model = type(theirs)

    listing = client.get(admin_url(model, "changelist"))
    assert listing.status_code == 200
    shown = {obj.pk for obj in listing.context["cl"].result_list}
    assert mine.pk in shown
    assert theirs.pk not in shown

    assert client.get(admin_url(model, "change", mine.pk)).status_code == 200
    assert client.get(admin_url(model, "change", theirs.pk)).status_code == 404
    assert client.post(admin_url(model, "change", theirs.pk), {}).status_code == 404
    assert client.get(admin_url(model, "delete", theirs.pk)).status_code == 404
    assert client.get(admin_url(model, "history", theirs.pk)).status_code == 404
    history_id = model.history.filter(id=theirs.pk).first().history_id
    assert client.get(admin_url(model, "simple_history", theirs.pk, history_id)).status_code == 404
    model.objects.get(pk=theirs.pk)  # untouched


def test_autocomplete_offers_only_own_members_and_organisations(client, two_committees):
    a, b = two_committees
    client.force_login(role_user(SECRETARIAT_ROLE, a["committee"]))
    url = reverse("admin:autocomplete")
    params = {"app_label": "branchapp", "model_name": "attendance", "field_name": "member"}
    results = client.get(url, {**params, "term": "Hoa"}).json()["results"]
    assert [r["id"] for r in results] == [str(a["member"].pk)]
    params = {"app_label": "branchapp", "model_name": "meeting", "field_name": "organisation"}
    ids = {r["id"] for r in client.get(url, {**params, "term": "Đảng bộ"}).json()["results"]}
    assert str(a["committee"].pk) in ids
    assert str(b["committee"].pk) not in ids
    params = {"app_label": "branchapp", "model_name": "target", "field_name": "adopted_at"}
    ids = {r["id"] for r in client.get(url, {**params, "term": "Sinh"}).json()["results"]}
    assert ids == {str(a["meeting"].pk)}


def test_administrator_role_sees_every_committee(client, two_committees):
    a, b = two_committees
    client.force_login(role_user(ADMIN_ROLE))
    listing = client.get(admin_url(m.Meeting, "changelist"))
    shown = {obj.pk for obj in listing.context["cl"].result_list}
    assert {a["meeting"].pk, b["meeting"].pk} <= shown
    assert client.get(admin_url(m.Member, "change", b["member"].pk)).status_code == 200


def test_related_choices_refuse_another_committees_rows(client, two_committees):
    a, b = two_committees
    client.force_login(role_user(SECRETARIAT_ROLE, a["committee"]))
    response = client.post(
        admin_url(m.Attendance, "add"),
        {
            "meeting": a["meeting"].pk,
            "member": b["member"].pk,
            "name": "",
            "category": "full",
            "status": "present",
            "order": 0,
        },
    )
    assert response.status_code == 200  # the form comes back with an error
    assert "member" in response.context["adminform"].form.errors
    assert not m.Attendance.objects.filter(member=b["member"], meeting=a["meeting"]).exists()


def test_discipline_records_only_for_administrators(client, two_committees):
    a, b = two_committees
    url = admin_url(m.DisciplineAction, "changelist")
    client.force_login(role_user(SECRETARIAT_ROLE, a["committee"]))
    assert client.get(url).status_code == 403
    action = m.DisciplineAction.objects.filter(organisation=a["committee"]).get()
    assert client.get(admin_url(m.DisciplineAction, "change", action.pk)).status_code in (403, 404)

    client.force_login(role_user(ADMIN_ROLE, is_staff=True))
    response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 2  # both committees


def test_accounts_are_managed_by_administrators_only(client, two_committees):
    a, _ = two_committees
    staff = role_user(SECRETARIAT_ROLE, a["committee"])
    client.force_login(staff)
    assert client.get(admin_url(m.User, "changelist")).status_code == 403
    client.force_login(role_user(ADMIN_ROLE))
    response = client.get(admin_url(m.User, "change", staff.pk))
    assert response.status_code == 200
    assert 'name="organisations"' in response.content.decode()


# --- Vietnamese dates ------------------------------------------------------------------------


def _inline_management(response):
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": 0,
                f"{prefix}-INITIAL_FORMS": 0,
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
    return data


def test_dates_are_typed_day_first(client, superuser):
    committee = OrganisationFactory()
    client.force_login(superuser)
    url = admin_url(m.Meeting, "add")
    data = _inline_management(client.get(url))
    data.update(
        {
            "organisation": committee.pk,
            "title": "Sinh hoạt chi bộ tháng 4",
            "date": "03/04/2025",
            "mode": "in_person",
            "attendance_mode": "roll",
            "kinds-TOTAL_FORMS": 1,
            "kinds-0-kind": "monthly",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    meeting = m.Meeting.objects.get(title="Sinh hoạt chi bộ tháng 4")
    assert meeting.date == datetime.date(2025, 4, 3)
    assert meeting.created_by == superuser
    assert meeting.kind_values == ["monthly"]
    page = client.get(admin_url(m.Meeting, "change", meeting.pk)).content.decode()
    assert 'value="03/04/2025"' in page


# --- Restore ---------------------------------------------------------------------------------


def test_administrator_restores_a_deleted_meeting_with_its_rows(client, superuser, world):
    meeting, target = world["meeting"], world["target"]
    pk = meeting.pk
    people = list(meeting.people.values_list("name", flat=True))
    client.force_login(superuser)
    response = client.post(admin_url(m.Meeting, "delete", pk), {"post": "yes"})
    assert response.status_code == 302
    assert not m.Meeting.objects.filter(pk=pk).exists()
    target.refresh_from_db()
    assert target.adopted_at is None

    listing = client.get(admin_url(m.Meeting, "deleted"))
    assert listing.status_code == 200
    assert [r.id for r in listing.context["records"]] == [pk]
    assert "Sinh hoạt đảng bộ định kỳ" in listing.content.decode()

    response = client.post(admin_url(m.Meeting, "restore", pk))
    assert response.status_code == 302
    assert response["Location"] == admin_url(m.Meeting, "change", pk)
    meeting = m.Meeting.objects.get(pk=pk)
    assert meeting.title == "Sinh hoạt đảng bộ định kỳ"
    assert meeting.kind_values == ["periodic"]
    assert list(meeting.people.values_list("name", flat=True)) == people
    assert meeting.attendance.count() == 1
    assert meeting.documents.count() == 1
    assert meeting.agenda.get().opinions.count() == 1
    assert meeting.addenda.count() == 1
    assert meeting.election.people.count() == 1
    assert meeting.report.photos.count() == 1
    assert meeting.report.blocks.count() == 2
    assert meeting.report.blocks.get(type="photo").photo == meeting.report.photos.get()
    target.refresh_from_db()
    assert target.adopted_at == meeting
    assert m.Award.objects.get(pk=world["award"].pk).meeting == meeting
    assert m.Meeting.history.filter(id=pk).first().history_user == superuser
    assert client.get(admin_url(m.Meeting, "deleted")).context["records"] == []
    # Restoring twice is refused with a message, not an error page.
    response = client.post(admin_url(m.Meeting, "restore", pk), follow=True)
    assert response.status_code == 200
    assert m.Meeting.objects.filter(pk=pk).count() == 1


def test_rows_deleted_earlier_stay_deleted(client, superuser, world):
    meeting = world["meeting"]
    old = m.Attendance.objects.create(meeting=meeting, name="Người đã xóa trước")
    old_pk = old.pk
    old.delete()
    m.Attendance.history.filter(id=old_pk).update(
        history_date=timezone.now() - datetime.timedelta(days=3)
    )
    client.force_login(superuser)
    client.post(admin_url(m.Meeting, "delete", meeting.pk), {"post": "yes"})
    client.post(admin_url(m.Meeting, "restore", meeting.pk))
    assert not m.Attendance.objects.filter(pk=old_pk).exists()
    assert m.Attendance.objects.filter(meeting_id=meeting.pk).count() == 1


def test_administrator_restores_a_deleted_member(client, superuser, world):
    member, meeting = world["member"], world["meeting"]
    pk = member.pk
    client.force_login(superuser)
    m.DisciplineAction.objects.filter(member=member).delete()
    assert client.post(admin_url(m.Member, "delete", pk), {"post": "yes"}).status_code == 302
    assert not m.Member.objects.filter(pk=pk).exists()
    assert meeting.attendance.get().member is None

    assert pk in [r.id for r in client.get(admin_url(m.Member, "deleted")).context["records"]]
    assert client.post(admin_url(m.Member, "restore", pk)).status_code == 302
    member = m.Member.objects.get(pk=pk)
    assert member.full_name == "Nguyễn Thị Hoa"
    assert member.positions.count() == 1
    assert member.events.get().type == "admission"
    assert member.ratings.count() == 1
    assert meeting.attendance.get().member == member
    assert m.Award.objects.get(pk=world["award"].pk).recipient_member == member


def test_only_administrators_may_restore(client, world):
    user = role_user(SECRETARIAT_ROLE, world["committee"])
    pk = world["meeting"].pk
    world["meeting"].delete()
    client.force_login(user)
    assert client.get(admin_url(m.Meeting, "deleted")).status_code == 403
    assert client.post(admin_url(m.Meeting, "restore", pk)).status_code == 403
    assert not m.Meeting.objects.filter(pk=pk).exists()
    assert "deleted/" not in client.get(admin_url(m.Meeting, "changelist")).content.decode()


# --- Minutes lock ----------------------------------------------------------------------------


def test_approved_minutes_are_read_only_and_take_addenda(client, world):
    meeting = world["meeting"]
    meeting.conclusion = "Thống nhất nghị quyết."
    meeting.minutes_approved_at = timezone.now()
    meeting.save()
    user = role_user(SECRETARIAT_ROLE, world["committee"])
    client.force_login(user)
    url = admin_url(m.Meeting, "change", meeting.pk)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="conclusion"' not in page
    assert 'name="date"' not in page
    assert 'name="minutes_approved_at"' not in page
    assert "Thống nhất nghị quyết." in page
    inlines = {i.formset.prefix: i for i in response.context["inline_admin_formsets"]}
    for prefix in ("people", "attendance", "agenda", "documents", "kinds"):
        assert not inlines[prefix].has_change_permission, prefix
        assert not inlines[prefix].has_add_permission, prefix
    assert inlines["addenda"].has_add_permission
    assert not inlines["addenda"].has_change_permission
    existing = meeting.addenda.count()
    assert f'name="addenda-{existing}-text"' in page

    data = _inline_management(response)
    data.update(
        {
            "title": meeting.title,
            "conclusion": "Sửa lén",
            "meeting_rating": "",
            "attendance-TOTAL_FORMS": 1,
            "attendance-INITIAL_FORMS": 1,
            "attendance-0-id": meeting.attendance.get().pk,
            "attendance-0-status": "unexcused",
            "addenda-TOTAL_FORMS": existing + 1,
            "addenda-INITIAL_FORMS": existing,
            f"addenda-{existing}-text": "Bổ sung: đồng chí Nam vắng có lý do.",
        }
    )
    # Minutes posted anyway (a page opened before the approval): refused, nothing saved.
    response = client.post(url, data, follow=True)
    assert "biên bản cuộc họp này đã được thông qua và đã khóa" in response.content.decode().lower()
    meeting.refresh_from_db()
    assert meeting.conclusion == "Thống nhất nghị quyết."
    assert meeting.attendance.get().status == "present"
    assert meeting.addenda.count() == existing

    # The page as shown for approved minutes takes the correction.
    for key in ("conclusion", "attendance-0-status"):
        data.pop(key)
    response = client.post(url, data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.addenda.count() == existing + 1
    addendum = meeting.addenda.latest("created_at")
    assert addendum.text == "Bổ sung: đồng chí Nam vắng có lý do."
    assert addendum.created_by == user

    # The separate admins of minutes rows are locked too.
    attendance = meeting.attendance.get()
    response = client.post(
        admin_url(m.Attendance, "change", attendance.pk),
        {
            "meeting": meeting.pk,
            "name": "X",
            "category": "full",
            "status": "unexcused",
            "order": 0,
        },
        follow=True,
    )
    assert "biên bản cuộc họp này đã được thông qua và đã khóa" in response.content.decode().lower()
    attendance.refresh_from_db()
    assert (attendance.name, attendance.status) != ("X", "unexcused")
    response = client.post(
        admin_url(m.Attendance, "add"),
        {
            "meeting": meeting.pk,
            "name": "Người mới",
            "category": "full",
            "status": "present",
            "order": 0,
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    assert meeting.attendance.count() == 1
    opinion = world["item"].opinions.get()
    response = client.post(admin_url(m.Opinion, "change", opinion.pk), {}, follow=True)
    assert "biên bản cuộc họp này đã được thông qua và đã khóa" in response.content.decode().lower()
    response = client.post(admin_url(m.Opinion, "delete", opinion.pk), {"post": "yes"})
    assert response.status_code == 302
    assert m.Opinion.objects.filter(pk=opinion.pk).exists()


# --- Organisation tree -----------------------------------------------------------------------


def test_organisation_cannot_go_under_its_own_cell(client, superuser):
    committee = OrganisationFactory(name="Đảng bộ cha")
    cell = CellFactory(parent=committee)
    client.force_login(superuser)
    url = admin_url(m.Organisation, "change", committee.pk)
    data = _inline_management(client.get(url))
    data.update({"name": committee.name, "kind": "committee", "parent": cell.pk, "order": 0})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors
    committee.refresh_from_db()
    assert committee.parent is None


def test_slug_is_made_on_the_server(client, superuser):
    client.force_login(superuser)
    url = admin_url(m.Organisation, "add")
    response = client.get(url)
    assert "dependency_ids" not in response.content.decode()  # no prepopulated (JS) slug
    data = _inline_management(response)
    data.update({"name": "Đảng bộ Đồng Tháp", "kind": "committee", "order": 0, "slug": ""})
    assert client.post(url, data).status_code == 302
    assert m.Organisation.objects.get(name="Đảng bộ Đồng Tháp").slug == "dang-bo-dong-thap"


def test_report_photos_show_thumbnails_with_captions(client, superuser, world):
    client.force_login(superuser)
    page = client.get(admin_url(m.Report, "change", world["report"].pk)).content.decode()
    assert world["photo"].image.url in page
    assert world["photo"].caption in page


def test_photo_upload_in_report_records_uploader(client, superuser, world):
    client.force_login(superuser)
    report = world["report"]
    url = admin_url(m.Report, "change", report.pk)
    response = client.get(url)
    data = _inline_management(response)
    form = response.context["adminform"].form
    for name, _field in form.fields.items():
        value = form.initial.get(name)
        if value is not None:
            data[name] = value.pk if hasattr(value, "pk") else value
    data.pop("published_at", None)
    data.update(
        {
            "headline": report.headline,
            "status": "draft",
            "meeting": report.meeting_id,
            "photos-TOTAL_FORMS": 1,
            "photos-0-image": image_file("moi.jpg"),
            "photos-0-caption": "Ảnh mới",
            "photos-0-order": 5,
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    photo = report.photos.get(caption="Ảnh mới")
    assert photo.uploaded_by == superuser
    report.refresh_from_db()
    assert "anh moi" in report.search_document


def test_history_shows_who_changed_what(client, superuser, world):
    member = world["member"]
    client.force_login(superuser)
    member.job_title = "Giảng viên"
    member._history_user = superuser
    member.save()
    response = client.get(admin_url(m.Member, "history", member.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Giảng viên" in page
    assert superuser.username in page
    # History is for reading: reverting is not offered.
    history_id = m.Member.history.filter(id=member.pk).last().history_id
    url = admin_url(m.Member, "simple_history", member.pk, history_id)
    assert client.get(url).status_code == 200
    assert client.post(url, {"full_name": "Khác"}).status_code == 403


def test_meeting_list_filters_by_kind_and_organisation(client, superuser, world):
    client.force_login(superuser)
    url = admin_url(m.Meeting, "changelist")
    response = client.get(url, {"kinds__kind": "periodic"})
    assert [o.pk for o in response.context["cl"].result_list] == [world["meeting"].pk]
    assert client.get(url, {"kinds__kind": "monthly"}).context["cl"].result_list.count() == 0
