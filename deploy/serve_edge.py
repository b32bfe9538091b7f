"""The deployed set-up on one machine: an unprivileged nginx (Debian's package) with the
configuration of deploy/nginx/ in front of two gunicorn instances on one upstream.

    python deploy/serve_edge.py --port 8080 --app-ports 8001,8002

runs it in the foreground until Ctrl-C (`make serve-edge`). The app servers share PostgreSQL
(DATABASE_URL), Redis (REDIS_URL) and the media folder, as several app servers do in
docs/deploy.md. Everything nginx writes (pid, logs, temporary files, the edge cache) is under
the prefix directory; no system file is touched.

The benchmark and the edge tests import it by path and use `Edge`:

    with Edge(prefix=..., nginx_port=..., app_ports=[...], env={...}, static_root=...,
              media_root=...).start() as edge:
        urllib.request.urlopen(edge.url("/"))

Standard library only, so that it imports without Django set up; run it with the project's
Python (.venv/bin/python), whose gunicorn it starts.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
NGINX_DIR = Path(__file__).resolve().parent / "nginx"
NGINX = os.environ.get("SOCHIBO_NGINX", "/usr/sbin/nginx")
MIME_TYPES = Path("/etc/nginx/mime.types")
INSTALL_HINT = "install Debian's nginx: apt-get install -y nginx-light"

# The deployed values in deploy/nginx/*.conf, replaced when rendering for a prefix.
SITE_FILE = "sochibo.conf"
SNIPPETS_DIR = "/etc/nginx/snippets/"
DEPLOYED_UPSTREAM = "    server 127.0.0.1:8000;\n"
DEPLOYED_LISTEN = "    listen 80;\n"
DEPLOYED_CACHE_DIR = "/var/cache/nginx/sochibo"
DEPLOYED_STATIC_ROOT = "/srv/sochibo/static/"
DEPLOYED_MEDIA_ROOT = "/srv/sochibo/media/"

# nginx started by root runs its workers as this user (they read static and media files and
# write the prefix's temporary and cache directories, which nginx creates for them).
ROOT_WORKER_USER = "nobody"
STARTUP_SECONDS = 60


def _replace(text: str, old: str, new: str) -> str:
    if old not in text:
        raise ValueError(f"deploy/nginx no longer contains {old.strip()!r}: update serve_edge.py")
    return text.replace(old, new)


def _inline_snippets(text: str, snippets: Path) -> str:
    """Put the snippets' text where the site file includes them (one self-contained file)."""

    def snippet(match: re.Match) -> str:
        indent, name = match.group(1), match.group(2)
        body = (snippets / name).read_text(encoding="utf-8").rstrip("\n").splitlines()
        return "\n".join(f"{indent}{line}" if line else "" for line in body)

    pattern = rf"^([ \t]*)include {re.escape(SNIPPETS_DIR)}(\S+);$"
    return re.sub(pattern, snippet, text, flags=re.MULTILINE)


def _running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _worker_user_line() -> str:
    if _running_as_root():
        return f"user {ROOT_WORKER_USER} {_group_of(ROOT_WORKER_USER)};\n"
    return ""


def _group_of(user: str) -> str:
    import grp
    import pwd

    return grp.getgrgid(pwd.getpwnam(user).pw_gid).gr_name


def render_nginx_conf(
    *,
    prefix: Path,
    nginx_port: int,
    app_ports: list[int],
    static_root: Path,
    media_root: Path,
    extra_upstreams=(),
) -> str:
    """nginx.conf for a prefix: the site file of deploy/nginx/ and its snippets, inlined, with
    this machine's port, app servers, paths and cache directory in place of the deployed ones.

    `extra_upstreams`: (location, "host:port") pairs proxied as they are, without the edge
    cache (e.g. a reference server the benchmark compares with, behind the same nginx).
    """
    prefix = Path(prefix).resolve()
    site = (NGINX_DIR / SITE_FILE).read_text(encoding="utf-8")
    servers = "".join(f"    server 127.0.0.1:{port};\n" for port in app_ports)
    site = _replace(site, DEPLOYED_UPSTREAM, servers)
    site = _replace(site, DEPLOYED_LISTEN, f"    listen 127.0.0.1:{nginx_port};\n")
    site = _replace(site, DEPLOYED_CACHE_DIR, str(prefix / "cache"))
    site = _replace(site, DEPLOYED_STATIC_ROOT, f"{Path(static_root).resolve()}/")
    site = _replace(site, DEPLOYED_MEDIA_ROOT, f"{Path(media_root).resolve()}/")
    site = _inline_snippets(site, NGINX_DIR)
    if extra_upstreams:
        extra = "".join(
            f"    location {location} {{\n        proxy_pass http://{address};\n    }}\n"
            for location, address in extra_upstreams
        )
        site = _replace(
            site,
            "    # Everything else: the public site",
            extra + "\n    # Everything else: the public site",
        )
    temp = prefix / "temp"
    logs = prefix / "logs"
    return f"""# Rendered by deploy/serve_edge.py from deploy/nginx/ for {prefix}: do not edit.
{_worker_user_line()}worker_processes 2;
daemon off;
pid {prefix}/nginx.pid;
error_log {logs}/error.log warn;

events {{
    worker_connections 1024;
}}

http {{
    include {MIME_TYPES};
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    access_log {logs}/access.log;
    client_body_temp_path {temp}/client_body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;

{site}}}
"""


def prepare_prefix(prefix: Path) -> None:
    """The directories the rendered nginx.conf writes to (nginx makes the ones inside)."""
    for sub in ("logs", "temp", "cache"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    if _running_as_root():
        # The workers (not root) walk into the prefix to write the temp and cache paths.
        for path in (prefix, prefix / "temp", prefix / "cache"):
            path.chmod(0o755)


class Edge:
    """nginx with deploy/nginx/'s configuration in front of gunicorn instances (one upstream).

    `env` is added to this process's environment for the gunicorns (DATABASE_URL, REDIS_URL,
    DJANGO_SECRET_KEY...); they run `settings` with the static and media roots given, private
    media handed to nginx (X-Accel-Redirect) and the visitor's address read from X-Real-IP.
    """

    def __init__(
        self,
        *,
        prefix: Path,
        nginx_port: int,
        app_ports: list[int],
        env: dict[str, str],
        workers: int = 2,
        static_root: Path,
        media_root: Path,
        settings: str = "config.settings.production",
        extra_upstreams=(),
    ) -> None:
        self.prefix = Path(prefix).resolve()
        self.nginx_port = nginx_port
        self.app_ports = list(app_ports)
        self.workers = workers
        self.static_root = Path(static_root).resolve()
        self.media_root = Path(media_root).resolve()
        self.extra_upstreams = tuple(extra_upstreams)
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": settings,
            "DJANGO_STATIC_ROOT": str(self.static_root),
            "DJANGO_MEDIA_ROOT": str(self.media_root),
            "DJANGO_MEDIA_ACCEL_REDIRECT": "/_private_media/",
            "DJANGO_CLIENT_IP_HEADER": "HTTP_X_REAL_IP",
            **env,
        }
        self._apps: list[subprocess.Popen | None] = [None] * len(self.app_ports)
        self._nginx: subprocess.Popen | None = None

    # --- addresses ---
    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.nginx_port}{path}"

    def app_url(self, index: int, path: str) -> str:
        return f"http://127.0.0.1:{self.app_ports[index]}{path}"

    @property
    def conf_path(self) -> Path:
        return self.prefix / "nginx.conf"

    # --- lifecycle ---
    def start(self) -> Edge:
        """Start the gunicorns, then nginx; return once each of them answers."""
        if not Path(NGINX).exists():
            raise FileNotFoundError(f"{NGINX} not found; {INSTALL_HINT}")
        prepare_prefix(self.prefix)
        try:
            for index in range(len(self.app_ports)):
                self._spawn_app(index)  # all at once: each takes seconds to import Django
            for index in range(len(self.app_ports)):
                self._wait_for_app(index)
            self._start_nginx()
        except BaseException:
            self.stop()
            raise
        return self

    def start_app(self, index: int) -> None:
        """Start one gunicorn (again) and wait until it answers."""
        self._spawn_app(index)
        self._wait_for_app(index)

    def _spawn_app(self, index: int) -> None:
        if self._apps[index] is not None and self._apps[index].poll() is None:
            return
        port = self.app_ports[index]
        log = open(self.prefix / "logs" / f"app-{index + 1}.log", "ab")  # noqa: SIM115
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--workers",
            str(self.workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--forwarded-allow-ips",
            "127.0.0.1",
            "--timeout",
            "60",
            "--access-logfile",
            "-",
            "--no-control-socket",  # one per user by default: two instances would share it
        ]
        self._apps[index] = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()

    def _wait_for_app(self, index: int) -> None:
        self._wait_until_answering(
            self.app_url(index, "/robots.txt"), self._apps[index], f"app-{index + 1}.log"
        )

    def _start_nginx(self) -> None:
        self.conf_path.write_text(
            render_nginx_conf(
                prefix=self.prefix,
                nginx_port=self.nginx_port,
                app_ports=self.app_ports,
                static_root=self.static_root,
                media_root=self.media_root,
                extra_upstreams=self.extra_upstreams,
            ),
            encoding="utf-8",
        )
        command = [
            NGINX,
            "-p",
            f"{self.prefix}/",
            "-c",
            str(self.conf_path),
            "-e",
            str(self.prefix / "logs" / "error.log"),
        ]
        subprocess.run([*command, "-t", "-q"], check=True)
        self._nginx = subprocess.Popen(command, start_new_session=True)
        self._wait_until_answering(self.url("/robots.txt"), self._nginx, "error.log")

    def _wait_until_answering(self, url: str, process: subprocess.Popen, log_name: str) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"{url} exited at start:\n{self._tail(log_name)}")
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    response.read()
                return
            except urllib.error.HTTPError as error:
                if error.code < 500:
                    return  # answering (a refused host, a missing page): the logs tell why
                raise RuntimeError(f"{url} answers {error.code}:\n{self._tail(log_name)}") from None
            except OSError:
                time.sleep(0.2)
        raise TimeoutError(f"{url} did not answer in {STARTUP_SECONDS} s:\n{self._tail(log_name)}")

    def _tail(self, log_name: str, lines: int = 30) -> str:
        path = self.prefix / "logs" / log_name
        if not path.exists():
            return ""
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])

    def stop_app(self, index: int | None = None) -> None:
        """Stop one gunicorn (or all of them when `index` is None)."""
        indexes = range(len(self._apps)) if index is None else [index]
        _terminate([self._apps[i] for i in indexes])
        for i in indexes:
            self._apps[i] = None

    def stop(self) -> None:
        """Stop nginx and every gunicorn (again: nothing happens)."""
        _terminate([self._nginx, *self._apps])
        self._nginx = None
        self._apps = [None] * len(self.app_ports)

    def __enter__(self) -> Edge:
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()


def _terminate(processes: list[subprocess.Popen | None], timeout: float = 10) -> None:
    running = [process for process in processes if process and process.poll() is None]
    for process in running:
        process.send_signal(signal.SIGINT)  # gunicorn and nginx: quick shutdown
    deadline = time.monotonic() + timeout
    for process in running:
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8080, help="nginx's port (127.0.0.1)")
    parser.add_argument(
        "--app-ports", default="8001,8002", help="the gunicorns' ports, one upstream"
    )
    parser.add_argument("--workers", type=int, default=2, help="workers per gunicorn")
    parser.add_argument(
        "--prefix", type=Path, default=BASE_DIR / ".edge", help="nginx's own directory"
    )
    parser.add_argument("--no-prepare", action="store_true", help="skip collectstatic/migrate")
    options = parser.parse_args(argv)
    if not Path(NGINX).exists():
        sys.exit(f"{NGINX} not found; {INSTALL_HINT}")

    env = {"DJANGO_SECURE_SSL_REDIRECT": os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "0")}
    if not os.environ.get("DJANGO_SECRET_KEY"):
        env["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
        print("DJANGO_SECRET_KEY is not set: a random one for this run (sessions end with it).")
    static_root = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
    media_root = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
    media_root.mkdir(parents=True, exist_ok=True)
    edge = Edge(
        prefix=options.prefix,
        nginx_port=options.port,
        app_ports=[int(port) for port in options.app_ports.split(",")],
        env=env,
        workers=options.workers,
        static_root=static_root,
        media_root=media_root,
    )
    if not options.no_prepare:
        _manage(edge.env, "collectstatic", "--noinput", "-v", "0")
        _manage(edge.env, "migrate", "--noinput", "-v", "0")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with edge.start():
        print(
            f"nginx on {edge.url('/')} in front of",
            ", ".join(edge.app_url(i, "") for i in range(len(edge.app_ports))),
        )
        print(f"Logs and the edge cache under {edge.prefix}; Ctrl-C stops everything.")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            print()


if __name__ == "__main__":
    main()
