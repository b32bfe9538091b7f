"""The permission pickers of the account and role forms name the permissions in Vietnamese
(issue 16): Django stores the names it makes in English ("Can add meeting")."""

import re
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def _options(response, field):
    html = response.content.decode()
    select = re.search(rf'<select[^>]*name="{field}"[^>]*>(.*?)</select>', html, re.S)[1]
    return [unescape(label) for label in re.findall(r"<option[^>]*>([^<]*)</option>", select)]


@pytest.fixture
def administrator(client):
    user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(user)
    return user


def test_role_form_lists_permissions_in_vietnamese(client, administrator):
    group = Group.objects.get(name="Văn phòng")
    response = client.get(reverse("admin:auth_group_change", args=[group.pk]))
    labels = _options(response, "permissions")
    assert len(labels) > 100
    assert "Sổ Chi bộ | Cuộc họp | Có thể thêm cuộc họp" in labels
    assert "Sổ Chi bộ | Tin bài | Có thể đăng, hẹn giờ đăng và gỡ tin bài" in labels
    assert "Sổ Chi bộ | Lịch sử cuộc họp | Có thể xem lịch sử cuộc họp" in labels
    assert "Đăng nhập hai bước | Ứng dụng xác thực | Có thể xóa ứng dụng xác thực" in labels
    english = re.compile(r"\b(Can|add|change|delete|view|Historical|historical|device|token)\b")
    assert [label for label in labels if english.search(label)] == []


def test_account_form_lists_permissions_in_vietnamese(client, administrator):
    response = client.get(reverse("admin:branchapp_user_change", args=[administrator.pk]))
    labels = _options(response, "user_permissions")
    assert any(label.endswith("Có thể xem đảng viên") for label in labels)
    assert not [label for label in labels if "Can " in label]
