"""The size hints next to file fields come from the settings, in decimal megabytes, and say the
size the check applies (issue 16)."""

import pathlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from branchapp.models import Report
from branchapp.scoping import SECRETARIAT_ROLE

from .factories import CellFactory, MeetingFactory, OrganisationFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db
TEMPLATES = pathlib.Path(__file__).resolve().parent.parent / "templates"


def test_no_template_writes_a_size_by_hand():
    written = [
        f"{path.relative_to(TEMPLATES)}: {match}"
        for path in TEMPLATES.rglob("*.html")
        for match in re.findall(r"\d+(?:[.,]\d+)?\s?[kMG]B\b", path.read_text(encoding="utf-8"))
    ]
    assert written == []


def test_the_photo_hint_follows_the_setting(client, settings):
    settings.PHOTO_MAX_BYTES = 20_500_000
    settings.PHOTO_MAX_PIXELS = 24_000_000
    committee = OrganisationFactory()
    meeting = MeetingFactory(organisation=CellFactory(parent=committee))
    client.force_login(user_with_role(SECRETARIAT_ROLE, committee))
    client.post(reverse("workspace:report_edit", args=[meeting.pk]))
    assert Report.objects.filter(meeting=meeting).exists()
    response = client.get(reverse("workspace:report_edit", args=[meeting.pk]))
    assertContains(response, "mỗi ảnh tối đa 20,5\xa0MB và 24 megapixel")
    assertNotContains(response, "15 MB")


def test_the_member_import_hint_and_check_follow_the_setting(client, settings):
    settings.MEMBER_IMPORT_MAX_BYTES = 3_000_000
    committee = OrganisationFactory()
    client.force_login(UserFactory(is_superuser=True))
    url = reverse("yearend:member_import", args=[committee.pk])
    assertContains(client.get(url), "Tối đa 3\xa0MB và 5.000 dòng")
    big = SimpleUploadedFile("danh-sach.csv", b"x" * 3_500_000, content_type="text/csv")
    response = client.post(url, {"file": big})
    assertContains(response, "Tệp “danh-sach.csv” có dung lượng 3,5\xa0MB")
    assertContains(response, "tệp nhập chỉ được tối đa 3\xa0MB")
