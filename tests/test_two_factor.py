"""Two-factor sign-in (django-otp): who must pass it, enrolment, codes, recovery codes,
throttling, the admin; and the new password an account chooses after an administrator set one.
"""

import subprocess
import sys
import time

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.asserts import assertContains, assertNotContains

from branchapp.models import User
from branchapp.scoping import ADMIN_ROLE, SECRETARIAT_ROLE
from branchapp.services.accounts import totp_device_confirm, totp_device_start

from .factories import (
    MeetingFactory,
    OrganisationFactory,
    ReportFactory,
    UserFactory,
    user_with_role,
)
from .test_security import ROOT, production_env

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-thu-123"
WRONG_CODE = "Mã không đúng"
THROTTLED = "Nhập sai mã quá nhiều lần"


@pytest.fixture
def two_factor_on(settings):
    settings.SOCHIBO_REQUIRE_2FA = True


@pytest.fixture
def secretary():
    return user_with_role(SECRETARIAT_ROLE, OrganisationFactory(), is_staff=True)


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the phone shows now (or `steps_ahead` periods of 30 s later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    """A code the device refuses now (none of those its tolerance accepts)."""
    accepted = {code_for(device, steps) for steps in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in accepted)


def enrolled(user) -> tuple[TOTPDevice, list[str]]:
    device = totp_device_start(user=user)
    return device, totp_device_confirm(device=device)


def log_in(client, user):
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302, response.content
    return response


def final_path(response) -> str:
    return response.redirect_chain[-1][0].split("?")[0] if response.redirect_chain else ""


# --- With the setting on ---------------------------------------------------------------------


def test_secretary_enrols_before_reaching_the_workspace(client, secretary, two_factor_on):
    dashboard = reverse("workspace:dashboard")
    enrol = reverse("accounts:two_factor_enrol")
    assert log_in(client, secretary)["Location"] == dashboard

    # Neither the workspace nor the admin: both send the account to the enrolment.
    response = client.get(dashboard)
    assert response.status_code == 302 and response["Location"].startswith(enrol + "?next=")
    assert final_path(client.get(dashboard, follow=True)) == enrol
    admin_response = client.get(reverse("admin:index"), follow=True)
    assert final_path(admin_response) == enrol
    assert client.get(reverse("admin:branchapp_meeting_changelist")).status_code == 302

    # The enrolment page: the QR code as inline SVG, and the secret to type.
    page = client.get(response["Location"])
    assertContains(page, "<svg")
    assertContains(page, "Thiết lập đăng nhập hai bước")
    device = TOTPDevice.objects.get(user=secretary, confirmed=False)
    assertContains(page, page.context["secret"])
    assert page.context["secret"].replace(" ", "") in device.config_url

    response = client.post(enrol, {"code": wrong_code(device), "next": dashboard})
    assertContains(response, WRONG_CODE)
    device.refresh_from_db()
    device.throttle_reset()  # the failure would make the next try wait a second
    response = client.post(enrol, {"code": code_for(device), "next": dashboard})
    assert response["Location"].startswith(reverse("accounts:two_factor_recovery_codes"))
    codes_page = client.get(response["Location"])
    codes = codes_page.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    for code in codes:
        assertContains(codes_page, code)
    assertContains(codes_page, f'href="{dashboard}"')
    # Shown once only.
    assert client.get(response["Location"])["Location"] == reverse("accounts:security")

    device.refresh_from_db()
    assert device.confirmed
    assert client.get(dashboard).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200


def test_enrolled_account_enters_its_code_and_a_recovery_code_works_once(
    client, secretary, two_factor_on
):
    device, codes = enrolled(secretary)
    dashboard = reverse("workspace:dashboard")
    log_in(client, secretary)
    response = client.get(dashboard)
    verify = reverse("accounts:two_factor_verify")
    assert response["Location"] == f"{verify}?next=%2Fworkspace%2F"

    response = client.post(verify, {"code": code_for(device), "next": dashboard})
    assert response["Location"] == dashboard
    assert client.get(dashboard).status_code == 200

    # Without the phone: a recovery code (typed with a space, in capitals) works once.
    client.post(reverse("accounts:logout"))
    log_in(client, secretary)
    recovery = codes[0]
    response = client.post(verify, {"code": f" {recovery[:4].upper()} {recovery[4:]}"})
    assert response["Location"] == reverse("workspace:dashboard")
    assert client.get(dashboard).status_code == 200
    assert StaticToken.objects.filter(device__user=secretary).count() == 9

    client.post(reverse("accounts:logout"))
    log_in(client, secretary)
    response = client.post(verify, {"code": recovery})
    assert response.status_code == 200
    assertContains(response, WRONG_CODE)
    assert client.get(dashboard).status_code == 302


def test_wrong_codes_are_throttled_with_a_vietnamese_message(client, secretary, two_factor_on):
    device, _codes = enrolled(secretary)
    log_in(client, secretary)
    verify = reverse("accounts:two_factor_verify")
    response = client.post(verify, {"code": wrong_code(device)})
    assertContains(response, WRONG_CODE)
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # django-otp's throttling is on

    # After several failures even the right code is refused until the delay has passed.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=5, throttling_failure_timestamp=timezone.now()
    )
    response = client.post(verify, {"code": code_for(device)})
    assertContains(response, THROTTLED)
    assertContains(response, "16 giây")
    assert client.get(reverse("workspace:dashboard")).status_code == 302

    # Once the delay is over, the code works.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timezone.timedelta(minutes=1)
    )
    response = client.post(verify, {"code": code_for(device, steps_ahead=1)})
    assert response["Location"] == reverse("workspace:dashboard")


def test_odd_input_is_refused_cleanly_and_full_width_digits_count(client, secretary, two_factor_on):
    device, _codes = enrolled(secretary)
    log_in(client, secretary)
    verify = reverse("accounts:two_factor_verify")
    for odd in ("", "   ", "\x00" * 6, "٣" * 6, "1" * 41, "<script>", "12345", "abcdefgh"):
        response = client.post(verify, {"code": odd})
        assert response.status_code == 200, odd
        assert response.context["form"].errors["code"], odd
    device.refresh_from_db()
    assert device.throttling_failure_count == 0  # none of them could be a code of the app
    full_width = "".join(chr(ord(digit) + 0xFEE0) for digit in code_for(device))
    response = client.post(verify, {"code": full_width})
    assert response["Location"] == reverse("workspace:dashboard")


def test_staff_and_superusers_without_a_role_need_it_for_the_admin(client, two_factor_on):
    for user in (UserFactory(is_staff=True), UserFactory(is_staff=True, is_superuser=True)):
        client.force_login(user)
        response = client.get(reverse("admin:index"), follow=True)
        assert final_path(response) == reverse("accounts:two_factor_enrol")
        client.post(reverse("accounts:logout"))


def test_accounts_without_role_or_staff_are_not_asked(client, two_factor_on):
    client.force_login(UserFactory())
    assert client.get(reverse("workspace:dashboard")).status_code == 403


def test_public_site_is_unaffected_but_drafts_wait_for_the_second_step(
    client, secretary, two_factor_on
):
    organisation = secretary.organisations.get()
    draft = ReportFactory(meeting=MeetingFactory(organisation=organisation), status="draft")
    client.force_login(secretary)
    assert client.get(reverse("news:home")).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404
    device, _codes = enrolled(secretary)
    client.post(reverse("accounts:two_factor_verify"), {"code": code_for(device)})
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_security_page_lists_devices_and_makes_new_recovery_codes(client, secretary, two_factor_on):
    device, old_codes = enrolled(secretary)
    security = reverse("accounts:security")
    client.force_login(secretary)
    # A password alone does not reach it.
    assert client.get(security)["Location"].startswith(reverse("accounts:two_factor_verify"))
    client.post(reverse("accounts:two_factor_verify"), {"code": code_for(device)})
    page = client.get(security)
    assertContains(page, "Ứng dụng xác thực")
    assertContains(page, "Còn 10 mã dự phòng")

    response = client.post(reverse("accounts:recovery_codes_new"))
    new_codes = client.get(response["Location"]).context["codes"]
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    assert set(
        StaticToken.objects.filter(device__user=secretary).values_list("token", flat=True)
    ) == set(new_codes)


def test_workspace_header_links_the_security_page(client, secretary):
    client.force_login(secretary)
    assertContains(client.get(reverse("workspace:dashboard")), reverse("accounts:security"))


# --- The admin -------------------------------------------------------------------------------


def test_administrator_resets_an_accounts_two_factor(client, secretary, two_factor_on):
    enrolled(secretary)
    administrator = user_with_role(ADMIN_ROLE, is_staff=True)
    admin_device, _codes = enrolled(administrator)
    client.force_login(administrator)
    client.post(reverse("accounts:two_factor_verify"), {"code": code_for(admin_device)})
    changelist = reverse("admin:branchapp_user_changelist")
    page = client.get(changelist)
    assertContains(page, "Đặt lại đăng nhập hai bước")
    page = client.get(reverse("admin:branchapp_user_change", args=[secretary.pk]))
    assertContains(page, "Đã thiết lập ứng dụng xác thực; còn 10 mã dự phòng.")
    response = client.post(
        changelist,
        {"action": "reset_two_factor", "_selected_action": [secretary.pk]},
        follow=True,
    )
    assertContains(response, "Đã đặt lại đăng nhập hai bước cho 1 tài khoản")
    assert not TOTPDevice.objects.filter(user=secretary).exists()
    assert not StaticDevice.objects.filter(user=secretary).exists()
    assert TOTPDevice.objects.filter(user=administrator).exists()


def test_admin_does_not_show_device_secrets(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:index"))
    assert page.status_code == 200
    assertNotContains(page, "totpdevice")
    assertNotContains(page, "staticdevice")


# --- With the setting off (development and the rest of the suite) ----------------------------


def test_setting_off_login_goes_straight_in(client, secretary, settings):
    assert settings.SOCHIBO_REQUIRE_2FA is False
    enrolled(secretary)  # even an account that has an authenticator
    assert log_in(client, secretary)["Location"] == reverse("workspace:dashboard")
    assert client.get(reverse("workspace:dashboard")).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200


def test_setting_off_force_login_reaches_workspace_and_admin(client):
    user = user_with_role(ADMIN_ROLE, is_staff=True, is_superuser=True)
    client.force_login(user)
    assert client.get(reverse("workspace:dashboard")).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200


def _setting_in(settings_module: str, **env) -> str:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.SOCHIBO_REQUIRE_2FA, 'django_otp.middleware.OTPMiddleware' in s.MIDDLEWARE)",
        ],
        cwd=ROOT,
        env=production_env(DJANGO_SETTINGS_MODULE=settings_module, **env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_requires_it_by_default_and_development_does_not():
    assert _setting_in("config.settings.production") == "True True"
    assert _setting_in("config.settings.production", SOCHIBO_REQUIRE_2FA="0") == "False True"
    assert _setting_in("config.settings.dev") == "False True"


# --- A password set by someone else ----------------------------------------------------------


def change_password(client, old=PASSWORD, new="Chi-bo-rieng-2026"):
    return client.post(
        reverse("accounts:password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def test_account_created_in_the_admin_must_change_its_password(client):
    administrator = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(administrator)
    response = client.post(
        reverse("admin:branchapp_user_add"),
        {
            "username": "thuky2",
            "usable_password": "true",
            "password1": "Tam-thoi-2026",
            "password2": "Tam-thoi-2026",
            "groups": [Group.objects.get(name=SECRETARIAT_ROLE).pk],
            "is_staff": "on",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="thuky2")
    assert user.must_change_password

    client.post(reverse("accounts:logout"))
    client.post(reverse("accounts:login"), {"username": "thuky2", "password": "Tam-thoi-2026"})
    dashboard = reverse("workspace:dashboard")
    response = client.get(dashboard)
    assert response["Location"].startswith(reverse("accounts:password_change"))
    page = client.get(response["Location"])
    assertContains(page, "Mật khẩu của bạn do quản trị viên đặt")
    assert final_path(client.get(reverse("admin:index"), follow=True)) == reverse(
        "accounts:password_change"
    )

    response = change_password(client, old="Tam-thoi-2026")
    assert response["Location"] == reverse("accounts:password_change_done")
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get(dashboard).status_code == 200


def test_password_reset_in_the_admin_sets_the_flag_again(client, secretary):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        reverse("admin:auth_user_password_change", args=[secretary.pk]),
        {"usable_password": "true", "password1": "Dat-lai-2026", "password2": "Dat-lai-2026"},
    )
    assert response.status_code == 302
    secretary.refresh_from_db()
    assert secretary.check_password("Dat-lai-2026") and secretary.must_change_password


def test_with_two_factor_the_code_comes_before_the_new_password(client, secretary, two_factor_on):
    User.objects.filter(pk=secretary.pk).update(must_change_password=True)
    device, _codes = enrolled(secretary)
    log_in(client, secretary)
    dashboard = reverse("workspace:dashboard")
    assert client.get(dashboard)["Location"].startswith(reverse("accounts:two_factor_verify"))
    client.post(reverse("accounts:two_factor_verify"), {"code": code_for(device)})
    assert client.get(dashboard)["Location"].startswith(reverse("accounts:password_change"))
    change_password(client)
    assert client.get(dashboard).status_code == 200


def test_demo_accounts_must_change_their_generated_passwords(capsys):
    call_command("setup_demo")
    assert set(
        User.objects.filter(must_change_password=True).values_list("username", flat=True)
    ) == {
        "quantri",
        "thuky",
    }
