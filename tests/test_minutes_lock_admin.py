"""The minutes lock in the admin: every writer of a part of the minutes refuses approved
minutes with a Vietnamese message, and nothing is saved; corrections go to an addendum."""

from html.parser import HTMLParser

import pytest
from django.utils import timezone

from branchapp import models as m
from branchapp.scoping import SECRETARIAT_ROLE
from branchapp.services.meetings import MeetingData, MinutesLocked, meeting_save

from .postdata import post_data
from .test_admin import _inline_management, admin_url, build_world, role_user

pytestmark = pytest.mark.django_db

LOCKED = "biên bản cuộc họp này đã được thông qua và đã khóa: chưa lưu gì cả"


@pytest.fixture
def world():
    return build_world()


def approve(meeting):
    meeting.minutes_approved_at = timezone.now()
    meeting.save()


def test_a_meeting_page_opened_before_the_approval_saves_nothing(client, world):
    meeting = world["meeting"]
    user = role_user(SECRETARIAT_ROLE, world["committee"])
    client.force_login(user)
    url = admin_url(m.Meeting, "change", meeting.pk)
    page = client.get(url)  # opened while the minutes are still open
    data = _inline_management(page)
    data.update(post_data([page.context["adminform"].form]))
    data.update(
        {
            "date": "31/12/2021",
            "conclusion": "Kết luận sửa sau khi thông qua.",
            "theme": "Chủ đề mới",
        }
    )
    approve(meeting)  # someone approves meanwhile

    response = client.post(url, data, follow=True)

    assert LOCKED in response.content.decode().lower()
    meeting.refresh_from_db()
    assert meeting.conclusion != "Kết luận sửa sau khi thông qua."
    assert meeting.theme != "Chủ đề mới"  # nothing of that form, not even the rest


@pytest.mark.parametrize(
    ("model", "key", "values"),
    [
        (m.AgendaItem, "item", {"title": "Mục sửa", "order": 0}),
        (m.Document, "document", {"number": "99-QĐ/TW", "order": 0}),
        (m.MeetingPerson, "chair", {"role": "chair", "name": "Người khác", "order": 0}),
    ],
)
def test_a_part_of_approved_minutes_cannot_be_changed_or_deleted_on_its_own_page(
    client, world, model, key, values
):
    meeting = world["meeting"]
    row = world.get(key) or model.objects.filter(meeting=meeting).first()
    before = model.objects.filter(pk=row.pk).values().get()
    approve(meeting)
    client.force_login(role_user(SECRETARIAT_ROLE, world["committee"]))

    changed = client.post(
        admin_url(model, "change", row.pk), {"meeting": meeting.pk, **values}, follow=True
    )
    deleted = client.post(admin_url(model, "delete", row.pk), {"post": "yes"}, follow=True)

    assert LOCKED in changed.content.decode().lower()
    assert LOCKED in deleted.content.decode().lower()
    assert model.objects.filter(pk=row.pk).values().get() == before


def test_deleting_locked_rows_from_a_list_is_refused(client, world):
    meeting = world["meeting"]
    approve(meeting)
    client.force_login(role_user(SECRETARIAT_ROLE, world["committee"]))
    item = world["item"]
    response = client.post(
        admin_url(m.AgendaItem, "changelist"),
        {"action": "delete_selected", "_selected_action": [item.pk], "post": "yes"},
    )
    assert response.status_code == 403  # Django's refusal: rows the account may not delete
    assert m.AgendaItem.objects.filter(pk=item.pk).exists()


def test_an_addendum_is_for_approved_minutes_only(client, world):
    meeting = world["meeting"]
    user = role_user(SECRETARIAT_ROLE, world["committee"], first_name="Hoa", last_name="Lê")
    client.force_login(user)
    url = admin_url(m.MinutesAddendum, "add")
    data = {"meeting": meeting.pk, "text": "Đính chính: thêm tên đại biểu."}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "chưa được thông qua" in response.content.decode()
    assert not m.MinutesAddendum.objects.filter(text=data["text"]).exists()

    approve(meeting)
    assert client.post(url, data).status_code == 302
    addendum = m.MinutesAddendum.objects.get(text=data["text"])
    assert (addendum.created_by, addendum.author_name) == (user, "Hoa Lê")


def test_the_meeting_writer_refuses_every_caller_alike(world):
    """No caller may pass approved minutes: not the admin, not the import, not the workspace."""
    meeting = world["meeting"]
    approve(meeting)
    for data in (
        MeetingData(fields={"conclusion": "Viết lại."}),
        MeetingData(kinds=["monthly"]),
        MeetingData(people=[]),
    ):
        with pytest.raises(MinutesLocked):
            meeting_save(meeting=m.Meeting.objects.get(pk=meeting.pk), data=data)
    saved = meeting_save(meeting=meeting, data=MeetingData(fields={"theme": "Chủ đề"}))
    assert saved.theme == "Chủ đề" and saved.minutes_locked


class _Inputs(HTMLParser):
    """The fields a browser would post from a page: inputs, selects (first or selected
    option) and text areas, by name."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.values.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            if "selected" in attrs or self._select not in self.values:
                self.values[self._select] = [attrs.get("value") or ""]
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][0] += data


def test_the_page_of_approved_minutes_as_shown_takes_an_addendum(client, world):
    """What the page shows for approved minutes is not taken for an attempt to change them."""
    meeting = world["meeting"]
    approve(meeting)
    user = role_user(SECRETARIAT_ROLE, world["committee"])
    client.force_login(user)
    url = admin_url(m.Meeting, "change", meeting.pk)
    parser = _Inputs()
    parser.feed(client.get(url).content.decode())
    data = dict(parser.values)
    existing = meeting.addenda.count()
    data[f"addenda-{existing}-text"] = ["Đính chính: thêm tên đại biểu."]

    response = client.post(url, data)

    assert response.status_code == 302
    assert meeting.addenda.filter(text="Đính chính: thêm tên đại biểu.").exists()
