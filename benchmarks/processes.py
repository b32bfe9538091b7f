"""The servers a benchmark starts and stops: gunicorn (the app or the reference project),
nginx serving a static file (reference (c)), the app behind nginx (deploy/serve_edge.py), and
the load generator wrk with its parsed figures. No Django here: the servers are processes.
"""

import importlib.util
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(ROOT / ".venv/bin/gunicorn")
WORKERS = 2
WORKER_CLASS = "sync"


def wait_until_answers(url: str, process: subprocess.Popen | None = None, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server for {url} exited ({process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                response.read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


class Gunicorn:
    """One gunicorn master (sync workers, the app's configuration) on 127.0.0.1:port."""

    # Access log lines: address, status, time in the worker (microseconds), and whether the
    # page came from the page cache (X-Page-Cache: hit or miss; "-" for other answers).
    ACCESS_LOG_FORMAT = "%(U)s?%(q)s %(s)s %(D)s %({x-page-cache}o)s"

    def __init__(
        self,
        *,
        port: int,
        wsgi: str,
        env: dict[str, str],
        chdir: Path = ROOT,
        access_log: Path | None = None,
    ):
        self.port, self.wsgi, self.env, self.chdir = port, wsgi, env, chdir
        self.access_log = access_log
        self.process: subprocess.Popen | None = None

    def start(self, probe: str = "/") -> "Gunicorn":
        self.process = subprocess.Popen(
            [
                GUNICORN,
                self.wsgi,
                "--chdir",
                str(self.chdir),
                "--workers",
                str(WORKERS),
                "--worker-class",
                WORKER_CLASS,
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                *(
                    ["--access-logfile", str(self.access_log)]
                    + ["--access-logformat", self.ACCESS_LOG_FORMAT]
                    if self.access_log
                    else []
                ),
            ],
            cwd=self.chdir,
            env=self.env,
            start_new_session=True,
        )
        try:
            wait_until_answers(self.url(probe), self.process)
        except BaseException:
            self.stop()  # not left running (holding the caller's output) when it fails
            raise
        return self

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def worker_pids(self) -> list[str]:
        """The workers (the master's children)."""
        children = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True
        )
        return children.stdout.split()

    def worker_cpu_seconds(self) -> float:
        """The CPU time (user and system) the workers have used so far."""
        return sum(process_cpu_seconds(pid) for pid in self.worker_pids())

    def worker_rss_kb(self) -> list[int]:
        """Resident memory of each worker (the master's children)."""
        sizes = []
        for pid in self.worker_pids():
            status = Path(f"/proc/{pid}/status").read_text()
            sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)))
        return sizes

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        self.process = None


STATIC_NGINX_CONF = """\
worker_processes {workers};
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log {prefix}/access.log;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        index index.html;
    }}
}}
"""


class StaticNginx:
    """nginx serving one directory of files, unprivileged, everything under `prefix`:
    reference (c), the bytes of the reference page as a static file. As many workers as
    deploy/serve_edge.py's nginx and the app's gunicorn."""

    def __init__(self, *, prefix: Path, root: Path, port: int, workers: int = WORKERS):
        self.prefix, self.root, self.port, self.workers = prefix, root, port, workers
        self.nginx = shutil.which("nginx") or "/usr/sbin/nginx"

    def start(self) -> "StaticNginx":
        self.prefix.mkdir(parents=True, exist_ok=True)
        conf = self.prefix / "nginx.conf"
        conf.write_text(
            STATIC_NGINX_CONF.format(
                workers=self.workers, prefix=self.prefix, port=self.port, root=self.root
            )
        )
        # Run as root, nginx's workers are "nobody": they must be able to read the page.
        for path in (self.prefix, self.root, *self.root.iterdir()):
            path.chmod(0o755 if path.is_dir() else 0o644)
        subprocess.run([self.nginx, "-p", str(self.prefix), "-c", str(conf)], check=True)
        wait_until_answers(self.url("/"))
        return self

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self):
        pid_file = self.prefix / "nginx.pid"
        if pid_file.exists():
            os.kill(int(pid_file.read_text()), signal.SIGQUIT)
            for _ in range(100):
                if not pid_file.exists():
                    break
                time.sleep(0.1)


def process_cpu_seconds(pid) -> float:
    """User and system CPU time of a process so far (/proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_cpu_seconds() -> tuple[float, float]:
    """(busy, total) CPU time of the whole machine so far, every core (/proc/stat)."""
    values = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    tick = os.sysconf("SC_CLK_TCK")
    return (sum(values) - idle) / tick, sum(values) / tick


def edge_module():
    """deploy/serve_edge.py, imported by path (it is a script, not a package)."""
    path = ROOT / "deploy" / "serve_edge.py"
    spec = importlib.util.spec_from_file_location("serve_edge", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def clear_cache_prefix(redis_url: str, prefix: str) -> int:
    """Delete the keys under `prefix` in the Redis database of `redis_url`: no page stored
    by an earlier run may be served as if rendered."""
    import redis

    client = redis.Redis.from_url(redis_url)
    deleted = 0
    for keys in batched(client.scan_iter(match=f"{prefix}:*", count=1000), 1000):
        deleted += client.delete(*keys)
    return deleted


def batched(iterable, size):
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def get_all(urls, threads: int = 4):
    """GET every address of `urls` (an iterable), `threads` at a time, reading each answer."""

    def get(url):
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()

    with ThreadPoolExecutor(threads) as pool:
        for _ in pool.map(get, urls):
            pass


def to_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def wrk(url: str, *, duration: str, connections: int, script: Path | None = None, args=()):
    """Load `url` with wrk (one thread); requests/s, p50 and p99 in ms, non-2xx/3xx answers
    and socket errors."""
    # A slow answer is measured, not dropped: wrk's default timeout (2 s) leaves the requests
    # over it out of the latency figures, counted as errors only.
    command = ["wrk", "-t", "1", "-c", str(connections), "-d", duration, "--latency"]
    command += ["--timeout", "30s"]
    if script is not None:
        command += ["-s", str(script)]
    command.append(url)
    if args:
        command += ["--", *args]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": to_ms(re.search(r"\s50%\s+(\S+)", out).group(1)),
        "p99": to_ms(re.search(r"\s99%\s+(\S+)", out).group(1)),
        "errors": (int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1))) if socket_errors else 0),
    }


def seconds(duration: str) -> float:
    """wrk's duration ("3s", "1m") in seconds."""
    number, unit = re.fullmatch(r"(\d+)([smh]?)", duration).groups()
    return int(number) * {"": 1, "s": 1, "m": 60, "h": 3600}[unit]
