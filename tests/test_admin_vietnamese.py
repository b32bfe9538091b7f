"""The admin in Vietnamese: a secretary's sections, no English left, names in Vietnamese order."""

import re

import pytest
from django.urls import reverse

from .factories import CellFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


ENGLISH_LEFTOVERS = [
    "Toggle theme",
    "Show counts",
    "Model name",
    "Add link",
    "Axes",
    "Access attempts",
    "Access failures",
    "Access logs",
    "Thêm vào",
    "Các mô models",
]


def test_admin_in_vietnamese_with_a_secretarys_sections(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    index = client.get(reverse("admin:index")).content.decode()
    captions = re.findall(r'class="section"[^>]*>([^<]+)</a>', index)
    # The side menu repeats none of them on the index; the page lists each section once.
    assert captions == [
        "Tổ chức",
        "Đảng viên",
        "Sinh hoạt",
        "Tin bài",
        "Thi đua - khen thưởng",
        "Kiểm tra - giám sát",
        "Tài khoản",
    ]
    accounts = index[index.index(">Tài khoản</a>") :]
    assert "model-group" in accounts and "model-accessattempt" in accounts
    pages = [
        index,
        client.get(reverse("admin:branchapp_member_changelist")).content.decode(),
        client.get(reverse("admin:branchapp_member_add")).content.decode(),
        client.get(reverse("admin:branchapp_meeting_changelist")).content.decode(),
        client.get(reverse("admin:axes_accessattempt_changelist")).content.decode(),
        client.get(reverse("admin:branchapp_user_add")).content.decode(),
    ]
    for page in pages:
        for leftover in ENGLISH_LEFTOVERS:
            assert leftover not in page, leftover
    assert "Thêm đảng viên" in pages[1]


def test_admin_member_list_in_vietnamese_order(client):
    cell = CellFactory()
    for name in ["Lê Văn Đặng", "Phạm Dương", "Hồ Đinh", "Vũ Anh", "Trần Ánh", "Ngô Bảo"]:
        MemberFactory(organisation=cell, full_name=name)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.get(reverse("admin:branchapp_member_changelist")).content.decode()
    order = ["Vũ Anh", "Trần Ánh", "Ngô Bảo", "Phạm Dương", "Lê Văn Đặng", "Hồ Đinh"]
    positions = [page.index(name) for name in order]
    assert positions == sorted(positions)
