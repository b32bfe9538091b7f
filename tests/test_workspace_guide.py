import pytest
from django.urls import reverse

from branchapp.scoping import SECRETARIAT_ROLE
from branchapp.views.workspace.guide import render_guide

from .factories import OrganisationFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_guide_page_shows_the_steps_and_their_screenshots(client):
    client.force_login(user_with_role(SECRETARIAT_ROLE, OrganisationFactory()))
    response = client.get(reverse("workspace:guide"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h3>1. Đăng nhập</h3>" in html
    image = reverse("workspace:guide_image", args=["workspace-01-dang-nhap.png"])
    assert f'src="{image}"' in html
    assert client.get(image)["Content-Type"] == "image/png"


def test_guide_markup_is_escaped_and_headings_sit_under_the_page_title():
    html = render_guide("# Tiêu đề\n\n<script>alert(1)</script> **đậm**\n")
    assert "<h2>Tiêu đề</h2>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<strong>đậm</strong>" in html


def test_only_guide_screenshots_are_served(client):
    client.force_login(user_with_role(SECRETARIAT_ROLE, OrganisationFactory()))
    assert (
        client.get(reverse("workspace:guide_image", args=["workspace-khong-co.png"])).status_code
        == 404
    )
