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
