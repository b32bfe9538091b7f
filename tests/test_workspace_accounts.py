import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains

from branchapp.scoping import SECRETARIAT_ROLE

from .factories import OrganisationFactory, user_with_role

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-thu-123"


@pytest.fixture
def user():
    return user_with_role(SECRETARIAT_ROLE, OrganisationFactory(), email="thuky@example.vn")


def test_login_page_in_vietnamese_and_redirects_to_workspace(client, user, settings):
    settings.AXES_ENABLED = True
    response = client.get(reverse("accounts:login"))
    assertContains(response, "Đăng nhập khu làm việc")
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == reverse("workspace:dashboard")
    assert client.get(reverse("workspace:dashboard")).status_code == 200


def test_anonymous_sent_to_login(client):
    response = client.get(reverse("workspace:dashboard"))
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")


def test_repeated_failures_lock_out_and_are_logged(client, user, settings):
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": user.username, "password": "sai"})
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 429
    assertContains(response, "Đăng nhập sai quá nhiều lần", status_code=429)
    assert (
        AccessAttempt.objects.get(username=user.username).failures_since_start
        >= settings.AXES_FAILURE_LIMIT
    )
    assert "_auth_user_id" not in client.session


def test_password_change(client, user):
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Chi-bo-moi-2026",
            "new_password2": "Chi-bo-moi-2026",
        },
    )
    assert response["Location"] == reverse("accounts:password_change_done")
    user.refresh_from_db()
    assert user.check_password("Chi-bo-moi-2026")


def test_password_reset_by_email(client, user):
    response = client.post(reverse("accounts:password_reset"), {"email": "thuky@example.vn"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    message = mail.outbox[0]
    assert "Đặt lại mật khẩu" in message.subject
    link = re.search(r"https?://[^/]+(/tai-khoan/dat-lai-mat-khau/\S+)", message.body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Mat-khau-moi-9", "new_password2": "Mat-khau-moi-9"}
    )
    assert response["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("Mat-khau-moi-9")


def test_logout_is_post(client, user):
    client.force_login(user)
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == reverse("accounts:login")
