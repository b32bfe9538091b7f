"""Load the public pages under gunicorn (production settings, sync, 2 workers) with wrk.

Each page is measured between the two references served by the same gunicorn: (a) a 20 KB
template page and (b) a 200-byte template, neither touching the database. Run twice: pages as
rendered (page cache off) and pages from the page cache. Prints requests/s, p50, p99, the
ratios to the references, queries per request (as rendered) and a worker's memory before and
after 10,000 requests. See benchmarks/run.sh.
"""

import argparse
import datetime
import itertools
import os
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from branchapp import models as m  # noqa: E402
from branchapp.page_invalidation import invalidate_everything  # noqa: E402

REFERENCES = {
    "reference (a) 20 KB": "/bench/reference-a/",
    "reference (b) 200 B": "/bench/reference-b/",
}


def public_pages() -> dict[str, str]:
    """The pages measured. The sample's article and committee when they are loaded (they
    are at both scales, so the province run measures the same pages with more data around
    them), otherwise the latest report and its organisation."""
    from branchapp.sample import HEADLINE

    published = m.Report.objects.published()
    report = (
        published.filter(headline=HEADLINE).first() or published.order_by("-published_at").first()
    )
    organisation = report.meeting.organisation
    grassroots = m.Target.objects.filter(year=2021).select_related("organisation").first()
    targets_org = grassroots.organisation if grassroots else organisation
    return {
        "home": "/",
        "news list": "/tin-tuc/",
        "list by organisation+year": f"/tin-tuc/?to_chuc={organisation.slug}&nam=2021",
        # Words of the sample's headline: one match at both scales.
        "search": "/tin-tuc/?q=dang+bo+dinh+ky",
        # Words in every report: 40,001 matches at province scale, the newest 500 ranked.
        "search (common words)": "/tin-tuc/?q=sinh+hoat+chi+bo",
        "article": report.get_absolute_url(),
        "organisation": organisation.get_absolute_url(),
        "targets": f"/to-chuc/{targets_org.slug}/chi-tieu/2021/",
        "rss": "/tin-tuc/rss/",
    }


def queries_per_request(pages: dict[str, str]) -> dict[str, int]:
    client = Client()
    counts = {}
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=0, RATELIMIT_ENABLE=False):
        for name, url in pages.items():
            client.get(url)  # warm: the first request fills the cache version
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            counts[name] = len(captured)
    return counts


def start_gunicorn(port: int, page_cache: bool) -> subprocess.Popen:
    env = dict(os.environ, BENCH_PAGE_CACHE="1" if page_cache else "0")
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--env",
            "DJANGO_SETTINGS_MODULE=benchmarks.settings",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/reference-b/", timeout=2)
            return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def stop(process: subprocess.Popen):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def to_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def wrk(port: int, url: str, duration: str, connections: int) -> dict:
    out = subprocess.run(
        [
            "wrk",
            "-t",
            "1",
            "-c",
            str(connections),
            "-d",
            duration,
            "--latency",
            f"http://127.0.0.1:{port}{url}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": to_ms(re.search(r"\s50%\s+(\S+)", out).group(1)),
        "p99": to_ms(re.search(r"\s99%\s+(\S+)", out).group(1)),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


def worker_rss_kb(master: subprocess.Popen) -> list[int]:
    children = subprocess.run(["pgrep", "-P", str(master.pid)], capture_output=True, text=True)
    sizes = []
    for pid in children.stdout.split():
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)))
    return sizes


def hammer(port: int, urls: list[str], count: int):
    def get(url):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{url}", timeout=30) as response:
            response.read()

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(get, itertools.islice(itertools.cycle(urls), count)))


def measure(port, pages, page_cache, duration, connections, memory_requests, repeat=1):
    # A fresh content version: no page stored by an earlier run (of this or another
    # database sharing the cache) may be served, and the cached run fills its own pages.
    invalidate_everything()
    process = start_gunicorn(port, page_cache)
    try:
        for url in [*REFERENCES.values(), *pages.values()]:
            wrk(port, url, "1s", connections)  # warm both workers and the page cache
        # Each round measures every page between its references; with several rounds each
        # figure is the median over the rounds (p99 of a few hundred requests is noisy).
        rounds = {name: [] for name in pages}
        for _ in range(repeat):
            for name, url in pages.items():
                ref_a = wrk(port, REFERENCES["reference (a) 20 KB"], duration, connections)
                page = wrk(port, url, duration, connections)
                ref_b = wrk(port, REFERENCES["reference (b) 200 B"], duration, connections)
                rounds[name].append(
                    {
                        **page,
                        "ratio_a": page["rps"] / ref_a["rps"],
                        "ratio_b": page["rps"] / ref_b["rps"],
                        "ref_a": ref_a["rps"],
                        "ref_b": ref_b["rps"],
                    }
                )
        rows = {
            name: {key: statistics.median(r[key] for r in runs) for key in runs[0]}
            | {"errors": sum(r["errors"] for r in runs)}
            for name, runs in rounds.items()
        }
        memory = None
        if not page_cache:
            before = worker_rss_kb(process)
            hammer(port, list(pages.values()), memory_requests)
            after = worker_rss_kb(process)
            memory = (before, after)
        return rows, memory
    finally:
        stop(process)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8901)
    parser.add_argument("--duration", default="10s")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--memory-requests", type=int, default=10_000)
    parser.add_argument("--pages", help="comma-separated page names (default: all)")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="measure every page this many times, in rounds, and print the medians",
    )
    args = parser.parse_args()

    pages = public_pages()
    if args.pages:
        pages = {name: url for name, url in pages.items() if name in args.pages.split(",")}
    queries = queries_per_request(pages)
    counts = {
        "organisations": m.Organisation.objects.count(),
        "members": m.Member.objects.count(),
        "meetings": m.Meeting.objects.count(),
        "reports": m.Report.objects.count(),
        "photos": m.Photo.objects.count(),
    }
    print(
        f"# Sổ Chi bộ benchmark, {datetime.date.today():%d/%m/%Y}, {os.cpu_count()} cores, "
        f"{connection.vendor}; data: " + ", ".join(f"{v:,} {k}" for k, v in counts.items())
    )
    print(
        f"# gunicorn sync, 2 workers; wrk 1 thread, {args.connections} connections, "
        f"{args.duration} per measurement"
        + (f"; medians of {args.repeat} rounds" if args.repeat > 1 else "")
    )
    for page_cache in (False, True):
        rows, memory = measure(
            args.port,
            pages,
            page_cache,
            args.duration,
            args.connections,
            args.memory_requests,
            args.repeat,
        )
        title = "from the page cache" if page_cache else "as rendered (page cache off)"
        print(f"\n## Pages {title}\n")
        print("| page | req/s | p50 ms | p99 ms | × ref (a) | × ref (b) | queries | non-2xx |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for name, row in rows.items():
            print(
                f"| {name} | {row['rps']:.0f} | {row['p50']:.1f} | {row['p99']:.1f} | "
                f"{row['ratio_a']:.2f} | {row['ratio_b']:.2f} | {queries[name]} | "
                f"{row['errors']} |"
            )
        ref_a = sum(r["ref_a"] for r in rows.values()) / len(rows)
        ref_b = sum(r["ref_b"] for r in rows.values()) / len(rows)
        print(
            f"\nreference (a) 20 KB template: {ref_a:.0f} req/s; "
            f"reference (b) 200-byte template: {ref_b:.0f} req/s (means over the run)"
        )
        if memory:
            before, after = memory
            growth = [(a - b) / b * 100 for b, a in zip(before, after, strict=False)]
            print(
                f"worker memory (RSS) before/after {args.memory_requests:,} requests: "
                + ", ".join(
                    f"{b / 1024:.0f} → {a / 1024:.0f} MB ({g:+.1f}%)"
                    for b, a, g in zip(before, after, growth, strict=False)
                )
            )


if __name__ == "__main__":
    main()
