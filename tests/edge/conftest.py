"""The deployed set-up in tests: deploy/serve_edge.py's Edge (nginx in front of two gunicorns
reading the test database), and a small HTTP client that keeps cookies as a browser does."""

import http.client
import importlib.util
import re
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from email.message import Message
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
REDIS_URL = "redis://127.0.0.1:6379/9"  # the edge tests' own Redis database (plan14.md)


def load_serve_edge():
    """deploy/serve_edge.py, imported by path as the benchmark does."""
    spec = importlib.util.spec_from_file_location(
        "serve_edge", BASE_DIR / "deploy" / "serve_edge.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


serve_edge = load_serve_edge()


def nginx_or_skip():
    if not Path(serve_edge.NGINX).exists():
        pytest.skip(f"{serve_edge.NGINX} not found; {serve_edge.INSTALL_HINT}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Answer:
    status: int
    headers: Message
    text: str


class Visitor:
    """One browser: keeps the cookies the site sets (its Secure ones too: the test site is plain
    HTTP on 127.0.0.1, as browsers allow) and follows no redirect."""

    def __init__(self, **cookies: str) -> None:
        self.cookies = dict(cookies)

    def get(self, url: str, **headers: str) -> Answer:
        return self.request("GET", url, headers=headers)

    def post(self, url: str, data: dict[str, str]) -> Answer:
        return self.request("POST", url, body=urlencode(data))

    def request(self, method: str, url: str, *, body=None, headers=None) -> Answer:
        parts = urlsplit(url)
        sent = {key.replace("_", "-"): value for key, value in (headers or {}).items()}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        try:
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            answer = Answer(response.status, response.headers, response.read().decode())
        finally:
            connection.close()
        for header in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] in ("0", 0) or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return answer

    def log_in(self, base_url: str, username: str, password: str) -> None:
        page = self.get(f"{base_url}/tai-khoan/dang-nhap/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        answer = self.post(
            f"{base_url}/tai-khoan/dang-nhap/",
            {"csrfmiddlewaretoken": token, "username": username, "password": password},
        )
        assert answer.status == 302, answer.text[:2000]
        assert settings.SESSION_COOKIE_NAME in self.cookies

    def submit(self, url: str, data: dict[str, str]) -> Answer:
        """A form of the workspace: the CSRF token is the cookie's (as the page's form has)."""
        return self.post(url, {"csrfmiddlewaretoken": self.cookies["csrftoken"], **data})


def _database_url(settings_dict) -> str:
    user = quote(settings_dict["USER"] or "", safe="")
    password = quote(settings_dict["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or "5432"
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"


def _redis_or_skip():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=2):
            pass
    except OSError:
        pytest.skip("Redis is not running on 127.0.0.1:6379 (the app servers share it)")


@pytest.fixture(scope="module")
def edge(request):
    """nginx (deploy/nginx/) in front of two gunicorns on the test database, one per module.

    Rows the gunicorns must read are committed: the tests using it are transactional.
    """
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip(
            "the edge tests need PostgreSQL: the gunicorns read the test database, which SQLite "
            "keeps in the test process's memory (run with DATABASE_URL=postgres://...)"
        )
    nginx_or_skip()
    _redis_or_skip()
    request.getfixturevalue("django_db_setup")
    from django.db import connection

    # Readable by nginx's workers, which run as nobody when the tests run as root (CI).
    root = Path(tempfile.mkdtemp(prefix="sochibo-edge-"))
    root.chmod(0o755)
    prefix = f"edge-test-{root.name}"
    env = {
        "DATABASE_URL": _database_url(connection.settings_dict),
        "REDIS_URL": REDIS_URL,
        "DJANGO_CACHE_PREFIX": prefix,
        "SOCHIBO_REQUIRE_2FA": "0",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECRET_KEY": f"edge-tests-only-{root.name}-" + "k3y" * 12,
        "DJANGO_CONN_MAX_AGE": "0",
    }
    edge = serve_edge.Edge(
        prefix=root / "nginx",
        nginx_port=free_port(),
        app_ports=[free_port(), free_port()],
        env=env,
        workers=1,
        static_root=root / "static",
        media_root=root / "media",
    )
    (root / "media").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=BASE_DIR,
        env=edge.env,
        check=True,
    )
    try:
        yield edge.start()
    finally:
        edge.stop()
        _forget_cache(prefix)
        shutil.rmtree(root, ignore_errors=True)


def _forget_cache(prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)
