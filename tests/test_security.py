"""Security headers, production settings, admin address and rate limits."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import clear_url_caches, reverse

from tests.factories import ReportFactory, UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


def production_env(**extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "REDIS_URL", "PYTEST"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="news.example.vn",
    )
    env.update(extra)
    return env


def assert_security_headers(response):
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_check_deploy_has_no_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    "key",
    ["x", "django-insecure-0123456789abcdef", secrets.token_urlsafe(36)[:49], "x" * 64],
    ids=["one character", "short", "49 characters", "one character repeated"],
)
def test_production_refuses_to_start_with_a_weak_secret_key(key):
    """The review's case: production started with DJANGO_SECRET_KEY=x."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=production_env(DJANGO_SECRET_KEY=key),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY is too weak" in result.stderr
    assert "at least 50 characters" in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr  # how to make one
    if len(key) > 1:
        assert key not in result.stderr  # the message does not print the key


def test_production_starts_with_a_key_of_50_random_characters():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=production_env(DJANGO_SECRET_KEY=secrets.token_urlsafe(38)[:50]),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_production_cookies_are_secure_and_static_files_hashed():
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, "
        "s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_SAMESITE, s.LANGUAGE_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_SSL_REDIRECT, "
        "s.STORAGES['staticfiles']['BACKEND'].rsplit('.', 1)[1], "
        "'whitenoise.middleware.WhiteNoiseMiddleware' in s.MIDDLEWARE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "True",
        "Lax",
        "True",
        "Lax",
        "True",
        "True",
        "True",
        "CompressedManifestStaticFilesStorage",
        "True",
    ]


def test_public_page_has_security_headers(client):
    report = ReportFactory()
    response = client.get(report.get_absolute_url())
    assert response.status_code == 200
    assert_security_headers(response)


def test_admin_page_has_security_headers(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert_security_headers(response)


def test_not_found_page_has_security_headers(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert_security_headers(response)


def test_hsts_on_https_in_production(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(reverse("news:home"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_session_cookie_is_httponly_and_samesite(client):
    user = UserFactory(password="mật-khẩu-dài-123")
    client.post(
        reverse("accounts:login"), {"username": user.username, "password": "mật-khẩu-dài-123"}
    )
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_json_ld_needs_no_unsafe_inline(client):
    """The article's JSON-LD is a data block: the policy still forbids inline scripts."""
    report = ReportFactory()
    response = client.get(report.get_absolute_url())
    html = response.content.decode()
    if 'type="application/ld+json"' in html:
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    # No executable inline script anywhere on the page.
    for chunk in html.split("<script")[1:]:
        tag = chunk.split(">", 1)[0]
        assert "src=" in tag or "application/ld+json" in tag, tag


@pytest.fixture
def admin_at_secret_address(settings):
    settings.ADMIN_URL = "quan-tri-7f3a/"
    import importlib

    import config.urls

    clear_url_caches()
    importlib.reload(config.urls)
    yield
    settings.ADMIN_URL = "admin/"
    clear_url_caches()
    importlib.reload(config.urls)


def test_admin_url_is_configurable(client, admin_at_secret_address):
    assert reverse("admin:index") == "/quan-tri-7f3a/"
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/quan-tri-7f3a/").status_code == 200
    assert client.get("/admin/").status_code == 404


@pytest.mark.usefixtures("one_rate_limit_window")
def test_search_is_rate_limited_per_address(client, settings):
    settings.SEARCH_RATE_LIMIT = "3/m"
    url = reverse("news:list")
    statuses = [client.get(url, {"q": f"nghị quyết {i}"}).status_code for i in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get(url, {"q": "chi bộ"})
    assert "Quá nhiều yêu cầu" in limited.content.decode()
    # Browsing the list without a query is not counted.
    assert client.get(url).status_code == 200
    # Another address has its own allowance.
    assert client.get(url, {"q": "chi bộ"}, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_login_is_locked_after_repeated_failures(client, settings):
    settings.AXES_ENABLED = True
    user = UserFactory(password="mật-khẩu-đúng-123")
    url = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": user.username, "password": "sai"})
    response = client.post(url, {"username": user.username, "password": "mật-khẩu-đúng-123"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def _login(client, username, password, address="10.1.1.1"):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_one_address_cannot_try_every_user_name(client, settings):
    """The review's case: the lockout counted (name, address) pairs, so one address could try a
    password on every account name. Failures are also counted per address across names."""
    settings.AXES_ENABLED = True
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 8
    victim = UserFactory(password="mật-khẩu-đúng-123")
    limit = settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
    statuses = [_login(client, f"ten-doan-{n}", "123456").status_code for n in range(limit)]
    # One failure per name, far from each name's own limit: the address's count locks.
    assert statuses == [200] * (limit - 1) + [429]
    response = _login(client, victim.username, "mật-khẩu-đúng-123")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "từ địa chỉ mạng này" in response.content.decode()
    # Another address is not concerned.
    assert _login(client, victim.username, "mật-khẩu-đúng-123", "10.2.2.2").status_code == 302


def test_a_few_typing_mistakes_in_one_office_lock_no_one_else(client, settings):
    settings.AXES_ENABLED = True
    colleagues = [UserFactory(password="mật-khẩu-đúng-123") for _ in range(3)]
    for colleague in colleagues:
        for _ in range(2):
            assert _login(client, colleague.username, "sai").status_code == 200
    assert _login(client, colleagues[0].username, "mật-khẩu-đúng-123").status_code == 302


def test_another_accounts_login_does_not_clear_the_count(client, settings):
    """Logging in to one's own account from the address clears only one's own failures: an
    account holder cannot reset the count of someone else's name between guesses."""
    settings.AXES_ENABLED = True
    attacker = UserFactory(password="mật-khẩu-của-mình-1")
    victim = UserFactory(password="mật-khẩu-đúng-123")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, victim.username, "đoán")
    assert _login(client, attacker.username, "mật-khẩu-của-mình-1").status_code == 302
    client.logout()
    _login(client, victim.username, "đoán")
    assert _login(client, victim.username, "mật-khẩu-đúng-123").status_code == 429


def _reset(client, email, address="10.3.3.3"):
    return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_password_reset_requests_are_limited_per_email(client, settings, mailoutbox):
    """The review's case: repeated reset requests flooded a mailbox. Each address typed gets
    PASSWORD_RESET_RATE_LIMIT_PER_EMAIL requests, from whatever client address."""
    settings.PASSWORD_RESET_RATE_LIMIT_PER_EMAIL = "3/h"
    UserFactory(email="thuky@example.vn")
    statuses = [_reset(client, "thuky@example.vn", f"10.3.3.{n}").status_code for n in range(3)]
    assert statuses == [302, 302, 302]
    assert len(mailoutbox) == 3
    # The same address written otherwise counts as the same.
    limited = _reset(client, "  ThuKy@Example.VN ", "10.3.3.99")
    assert limited.status_code == 429
    assert "Đã có quá nhiều yêu cầu đặt lại mật khẩu" in limited.content.decode()
    assert len(mailoutbox) == 3
    # An address no account has is answered the same way: no hint of which accounts exist.
    unknown = [_reset(client, "khong-co@example.vn", f"10.4.4.{n}").status_code for n in range(4)]
    assert unknown == [302, 302, 302, 429]
    assert len(mailoutbox) == 3


def test_password_reset_requests_are_limited_per_client_address(client, settings, mailoutbox):
    settings.PASSWORD_RESET_RATE_LIMIT_PER_ADDRESS = "4/h"
    UserFactory(email="thuky@example.vn")
    statuses = [_reset(client, f"ai-{n}@example.vn").status_code for n in range(4)]
    assert statuses == [302] * 4
    assert _reset(client, "thuky@example.vn").status_code == 429
    assert mailoutbox == []
    assert _reset(client, "thuky@example.vn", "10.5.5.5").status_code == 302
    assert len(mailoutbox) == 1
    # Opening the form is not counted.
    assert client.get(reverse("accounts:password_reset"), REMOTE_ADDR="10.3.3.3").status_code == 200


def test_media_goes_to_s3_compatible_storage_when_a_bucket_is_configured():
    code = (
        "from django.core.files.storage import storages; d = storages['default']; "
        "from django.conf import settings as s; "
        "print(type(d).__name__, d.bucket_name, d.url('photos/2021/12/a.jpg'), "
        "'https://media.example.vn' in s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=production_env(
            DJANGO_S3_BUCKET="sochibo-media",
            DJANGO_S3_ENDPOINT_URL="https://s3.example.vn",
            DJANGO_S3_CUSTOM_DOMAIN="media.example.vn",
            DJANGO_S3_ACCESS_KEY_ID="test-access",
            DJANGO_S3_SECRET_ACCESS_KEY="test-secret",
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "S3Storage",
        "sochibo-media",
        "https://media.example.vn/media/photos/2021/12/a.jpg",
        "True",
    ]
