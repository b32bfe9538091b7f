"""Who may do what in the admin: every registered model for every role, data shared by every
organisation, and no page telling whether another organisation's object exists."""

import importlib
import json
import re
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps as django_apps
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from branchapp import models as m
from branchapp.scoping import (
    ADMIN_ROLE,
    CELL_SECRETARY_ROLE,
    SECRETARIAT_ROLE,
    VIEWER_ROLE,
)

from .factories import (
    CellFactory,
    MeetingFactory,
    OrganisationFactory,
    ReportFactory,
    UserFactory,
    user_with_role,
)
from .test_admin import admin_url, build_world, role_user
from .test_workspace_reports import editor_data

pytestmark = pytest.mark.django_db

# --- The permission matrix -------------------------------------------------------------------
#
# For each model registered in the admin and each kind of account, what its admin pages answer
# for a row within the account's organisations:
#   v  the change list opens (200)          a  the add form opens (200)
#   c  the change form opens, editable      r  the change form opens, read-only
#   d  the delete page opens (200)          h  change and delete answer 404 (model hidden)
#   -  nothing: every page answers 403
# Columns: a superuser; the roles of migration 0002, tied to the committee that owns every row;
# and a cell secretary given every permission of the database by hand (user permissions), to
# show that a permission granted outside the roles cannot open shared or restricted models.
COLUMNS = ("superuser", "admin", "secretariat", "cell_secretary", "viewer", "hand_granted")
EXPECTED = {
    # Accounts, roles and login records: administrators only. The roles themselves (groups)
    # were never given to the “Quản trị” role: only superusers change what a role may do.
    "branchapp.user": ("vacd", "vacd", "-", "-", "-", "-"),
    "auth.group": ("vacd", "-", "-", "-", "-", "-"),
    "axes.accessattempt": ("vcd", "-", "-", "-", "-", "-"),
    "axes.accesslog": ("vcd", "-", "-", "-", "-", "-"),
    "axes.accessfailurelog": ("vcd", "-", "-", "-", "-", "-"),
    # Shared by every organisation: changed by administrators only, seen by every role.
    "branchapp.category": ("vacd", "vacd", "vr", "vr", "vr", "vr"),
    "branchapp.ratingruleset": ("vacd", "vacd", "vr", "vr", "vr", "vr"),
    "branchapp.majorityrule": ("vacd", "vacd", "vr", "vr", "vr", "vr"),
    # Records of the organisation: the secretaries write them, viewers read them.
    "branchapp.meeting": ("vacd", "vacd", "vacd", "vacd", "vr", "vacd"),
    "branchapp.meetingkindtag": ("vacd", "vacd", "vacd", "vacd", "vr", "vacd"),
    "branchapp.meetingperson": ("vacd", "vacd", "vacd", "vacd", "vr", "vacd"),
    "branchapp.attendance": ("vacd", "vacd", "vacd", "vacd", "vr", "vacd"),
    "branchapp.document": ("vacd", "vacd", "vacd", "vacd", "vr", "vacd"),
    "branchapp.agendaitem": ("vacd", "vacd", "vacd", "vacd", "vr", "vacd"),
    "branchapp.opinion": ("vacd", "vacd", "vacd", "vacd", "vr", "vacd"),
    "branchapp.election": ("vacd", "vacd", "vacd", "vacd", "vr", "vacd"),
    "branchapp.electedperson": ("vacd", "vacd", "vacd", "vacd", "vr", "vacd"),
    "branchapp.vote": ("vacd", "vacd", "vacd", "vacd", "vr", "vacd"),
    "branchapp.report": ("vacd", "vacd", "vacd", "vacd", "vr", "vacd"),
    "branchapp.reportblock": ("vacd", "vacd", "vacd", "vacd", "vr", "vacd"),
    "branchapp.photo": ("vacd", "vacd", "vacd", "vacd", "vr", "vacd"),
    "branchapp.target": ("vacd", "vacd", "vacd", "vacd", "vr", "vacd"),
    "branchapp.award": ("vacd", "vacd", "vacd", "vacd", "vr", "vacd"),
    "branchapp.memberevent": ("vacd", "vacd", "vacd", "vacd", "vr", "vacd"),
    "branchapp.memberrating": ("vacd", "vacd", "vacd", "vacd", "vr", "vacd"),
    "branchapp.organisationrating": ("vacd", "vacd", "vacd", "vacd", "vr", "vacd"),
    "branchapp.ratingtally": ("vacd", "vacd", "vacd", "vacd", "vr", "vacd"),
    "branchapp.meetingtask": ("vacd", "vacd", "vacd", "vacd", "vr", "vacd"),
    "branchapp.candidate": ("vacd", "vacd", "vacd", "vacd", "vr", "vacd"),
    "branchapp.organisationfigures": ("vacd", "vacd", "vacd", "vacd", "vr", "vacd"),
    # A minutes addendum is never changed or deleted, by anyone: a correction is a new one.
    "branchapp.minutesaddendum": ("var", "var", "var", "var", "vr", "var"),
    # Members, organisations and inspections: administrators write them, the roles read them.
    "branchapp.member": ("vacd", "vacd", "vr", "vr", "vr", "vacd"),
    "branchapp.position": ("vacd", "vacd", "vr", "vr", "vr", "vacd"),
    "branchapp.organisation": ("vacd", "vacd", "vr", "vr", "vr", "vacd"),
    "branchapp.organisationname": ("vacd", "vacd", "vr", "vr", "vr", "vacd"),
    "branchapp.inspectioncase": ("vacd", "vacd", "vr", "vr", "vr", "vacd"),
    # Discipline: administrators only; to anyone else its rows do not exist.
    "branchapp.disciplineaction": ("vacd", "vacd", "hh", "hh", "hh", "hh"),
    # The portal's settings (the featured article): administrators only; one row, kept.
    "branchapp.portalsettings": ("vac", "vac", "hh", "hh", "hh", "hh"),
}


def test_the_matrix_names_every_registered_model():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert set(EXPECTED) == registered


def account(column, committee):
    if column == "superuser":
        return UserFactory(is_staff=True, is_superuser=True)
    if column == "hand_granted":
        user = role_user(CELL_SECRETARY_ROLE, committee)
        user.user_permissions.set(Permission.objects.all())
        return user
    role = {
        "admin": ADMIN_ROLE,
        "secretariat": SECRETARIAT_ROLE,
        "cell_secretary": CELL_SECRETARY_ROLE,
        "viewer": VIEWER_ROLE,
    }[column]
    return role_user(role, committee)


def login_records():
    common = {"username": "ai-do", "ip_address": "10.0.0.1", "user_agent": "curl"}
    AccessAttempt.objects.create(**common, failures_since_start=1, get_data="", post_data="")
    AccessLog.objects.create(**common)
    AccessFailureLog.objects.create(**common)


def observed(client, model) -> str:
    """The letters of the legend above for what the model's admin pages answer."""
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"the world has no {model.__name__}"
    letters = ""
    status = client.get(admin_url(model, "changelist")).status_code
    assert status in (200, 403), (model, "changelist", status)
    letters += "v" if status == 200 else ""
    status = client.get(admin_url(model, "add")).status_code
    assert status in (200, 403), (model, "add", status)
    letters += "a" if status == 200 else ""
    response = client.get(admin_url(model, "change", obj.pk))
    assert response.status_code in (200, 403, 404), (model, "change", response.status_code)
    if response.status_code == 200:
        letters += "c" if response.context["has_change_permission"] else "r"
    elif response.status_code == 404:
        letters += "h"
    status = client.get(admin_url(model, "delete", obj.pk)).status_code
    assert status in (200, 403, 404), (model, "delete", status)
    letters += {200: "d", 403: "", 404: "h"}[status]
    return letters or "-"


@pytest.mark.parametrize("column", COLUMNS)
def test_permission_matrix(client, column):
    world = build_world()
    login_records()
    client.force_login(account(column, world["committee"]))
    index = COLUMNS.index(column)
    expected = {label: row[index] for label, row in EXPECTED.items()}
    actual = {model._meta.label_lower: observed(client, model) for model in admin.site._registry}
    assert actual == expected


# --- Shared data: categories -----------------------------------------------------------------


def jsonld(client, report):
    html = client.get(report.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


@pytest.mark.parametrize("by_hand", [False, True], ids=["role", "hand-granted permissions"])
def test_cell_secretary_cannot_rename_or_delete_a_category(client, by_hand):
    """The review's attack: a cell secretary renamed the category another committee's article
    uses, and the new name appeared on that article and in its JSON-LD."""
    category = m.Category.objects.create(name="Tin tức - Sự kiện")
    theirs = ReportFactory(category=category)
    cell = OrganisationFactory(name="Chi bộ Khoa Lý luận")
    secretary = role_user(CELL_SECRETARY_ROLE, cell)
    if by_hand:
        secretary.user_permissions.set(Permission.objects.filter(codename__endswith="_category"))
    client.force_login(secretary)

    rename = {"name": "Tin giả", "slug": "tin-gia"}
    assert client.post(admin_url(m.Category, "change", category.pk), rename).status_code == 403
    assert (
        client.post(admin_url(m.Category, "delete", category.pk), {"post": "yes"}).status_code
        == 403
    )
    assert client.post(admin_url(m.Category, "add"), rename).status_code == 403
    category.refresh_from_db()
    assert (category.name, category.slug) == ("Tin tức - Sự kiện", "tin-tuc-su-kien")
    assert list(m.Category.objects.all()) == [category]

    client.logout()
    assert jsonld(client, theirs)["articleSection"] == "Tin tức - Sự kiện"


def test_report_editor_picks_a_category_with_view_permission_only(client):
    """The workspace's report editor needs no right to change categories."""
    category = m.Category.objects.create(name="Xây dựng Đảng")
    meeting = MeetingFactory(organisation=CellFactory(), title="Sinh hoạt chi bộ tháng 11")
    secretary = user_with_role(CELL_SECRETARY_ROLE, meeting.organisation)
    assert not secretary.has_perm("branchapp.change_category")
    client.force_login(secretary)
    url = reverse("workspace:report_edit", args=[meeting.pk])
    client.post(url)
    data = editor_data(client, meeting, **{"report-category": str(category.pk)})
    response = client.post(url, data)
    assert response.status_code == 302
    assert m.Report.objects.get(meeting=meeting).category == category


def _migration():
    folder = Path(importlib.import_module("branchapp.migrations").__file__).parent
    (path,) = folder.glob("*_shared_models_for_administrators.py")
    return importlib.import_module(f"branchapp.migrations.{path.stem}")


def _writes_on_shared_models(group_name):
    group = Group.objects.get(name=group_name)
    return set(
        group.permissions.filter(
            content_type__model__in=["category", "ratingruleset", "searchword"],
            codename__regex=r"^(add|change|delete)_",
        ).values_list("codename", flat=True)
    )


def test_migration_takes_shared_models_from_non_admin_roles_and_gives_them_back():
    migration = _migration()
    for role in (SECRETARIAT_ROLE, CELL_SECRETARY_ROLE, VIEWER_ROLE):
        assert _writes_on_shared_models(role) == set()
        assert Group.objects.get(name=role).permissions.filter(codename="view_category").exists()
    assert "change_category" in _writes_on_shared_models(ADMIN_ROLE)

    migration.give_back(django_apps, None)
    given = {"add_category", "change_category", "delete_category"}
    assert _writes_on_shared_models(SECRETARIAT_ROLE) == given
    assert _writes_on_shared_models(CELL_SECRETARY_ROLE) == given
    assert _writes_on_shared_models(VIEWER_ROLE) == set()

    migration.take_from_non_admin_roles(django_apps, None)
    for role in (SECRETARIAT_ROLE, CELL_SECRETARY_ROLE, VIEWER_ROLE):
        assert _writes_on_shared_models(role) == set()
    assert "change_category" in _writes_on_shared_models(ADMIN_ROLE)


# --- No existence oracle ---------------------------------------------------------------------


@pytest.fixture
def two_committees():
    a = build_world(OrganisationFactory(name="Đảng bộ A"))
    b = build_world(OrganisationFactory(name="Đảng bộ B"))
    return a, b


def _answers(client, model, pk, history_id):
    return [
        client.get(admin_url(model, "change", pk)).status_code,
        client.get(admin_url(model, "delete", pk)).status_code,
        client.get(admin_url(model, "history", pk)).status_code,
        client.get(admin_url(model, "simple_history", pk, history_id)).status_code,
        client.post(admin_url(model, "simple_history", pk, history_id)).status_code,
    ]


@pytest.mark.parametrize("key", ["meeting", "member", "report", "target", "photo", "event"])
def test_another_committees_object_answers_like_a_missing_one(client, two_committees, key):
    a, b = two_committees
    client.force_login(role_user(SECRETARIAT_ROLE, a["committee"]))
    theirs = b[key]
    model = type(theirs)
    history_id = model.history.filter(id=theirs.pk).first().history_id
    missing = model.objects.order_by("-pk").first().pk + 1000
    assert _answers(client, model, theirs.pk, history_id) == [404] * 5
    assert _answers(client, model, missing, history_id) == [404] * 5
    assert _answers(client, model, "không-phải-số", history_id) == [404] * 5
    # One's own object opens, history included (read-only: a POST still answers 403; members
    # are deleted by administrators only).
    mine = a[key]
    mine_history = model.history.filter(id=mine.pk).first().history_id
    deletes = 403 if key == "member" else 200
    assert _answers(client, model, mine.pk, mine_history) == [200, deletes, 200, 200, 403]


@pytest.mark.parametrize("model", [m.Organisation, m.OrganisationName])
def test_django_history_of_another_committees_row_answers_404(client, two_committees, model):
    """Models without simple-history use Django's own history page (the admin's log)."""
    a, b = two_committees
    client.force_login(role_user(SECRETARIAT_ROLE, a["committee"]))
    lookup = "" if model is m.Organisation else "organisation__"
    theirs = model.objects.get(**{f"{lookup}pk": b["committee"].pk})
    mine = model.objects.get(**{f"{lookup}pk": a["committee"].pk})
    missing = model.objects.order_by("-pk").first().pk + 1000
    for pk in (theirs.pk, missing):
        for view in ("change", "history", "delete"):
            assert client.get(admin_url(model, view, pk)).status_code == 404, (pk, view)
    assert client.get(admin_url(model, "history", mine.pk)).status_code == 200


@pytest.mark.parametrize("key", ["meeting", "target"])
def test_history_of_a_deleted_row_opens_only_within_scope(client, two_committees, key):
    """A deleted row's history is found in its history table: only its own organisation's
    accounts see it; to others it answers 404 like an id that never existed."""
    a, b = two_committees
    client.force_login(role_user(SECRETARIAT_ROLE, a["committee"]))
    model = type(a[key])
    mine, theirs = a[key].pk, b[key].pk
    model.objects.filter(pk__in=[mine, theirs]).delete()
    assert client.get(admin_url(model, "history", mine)).status_code == 200
    assert client.get(admin_url(model, "history", theirs)).status_code == 404


def test_restricted_model_history_answers_404_to_non_administrators(client, two_committees):
    a, _b = two_committees
    action = m.DisciplineAction.objects.get(organisation=a["committee"])
    history_id = m.DisciplineAction.history.filter(id=action.pk).first().history_id
    client.force_login(role_user(SECRETARIAT_ROLE, a["committee"]))
    assert _answers(client, m.DisciplineAction, action.pk, history_id) == [404] * 5
    client.force_login(role_user(ADMIN_ROLE, is_staff=True))
    assert client.get(admin_url(m.DisciplineAction, "history", action.pk)).status_code == 200


def test_view_on_site_redirects_only_within_scope(client, two_committees):
    """Django's "view on site" would redirect to another committee's unpublished report, whose
    address is made from its headline."""
    a, b = two_committees
    for world in (a, b):
        world["report"].status = m.ReportStatus.DRAFT
        world["report"].published_at = None
        world["report"].save()
    content_type = ContentType.objects.get_for_model(m.Report)

    def view_on_site(report_pk):
        return client.get(reverse("admin:view_on_site", args=[content_type.pk, report_pk]))

    client.force_login(role_user(SECRETARIAT_ROLE, a["committee"]))
    mine = view_on_site(a["report"].pk)
    assert mine.status_code == 302 and mine["Location"].endswith(a["report"].get_absolute_url())
    theirs = view_on_site(b["report"].pk)
    assert theirs.status_code == 404
    assert b["report"].slug not in theirs.content.decode()
    assert view_on_site(b["report"].pk + 1000).status_code == 404
    assert client.get(reverse("admin:view_on_site", args=["x", "1"])).status_code == 404

    client.force_login(role_user(ADMIN_ROLE, is_staff=True))
    assert view_on_site(b["report"].pk).status_code == 302
