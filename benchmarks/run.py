"""Every figure of the README's benchmark table from one run (see benchmarks/run.sh).

Servers, all on this machine, all gunicorn with the same worker class and count:
- the reference project (../shared/bench/reference): (a) its 20 KB page `/`, (b) its 208-byte
  page `/tiny/`; and (c) the bytes of `/` saved as index.html, served by nginx as a file;
- the app on the province database, page cache off (pages as rendered);
- the app on the province database, page cache on (pages from the page cache);
- the app on the province database behind nginx (deploy/serve_edge.py), page cache on, as
  deployed (pages through nginx);
- the app on the small database (the sample + generate.py --scale 0.01), page cache off.
Each scale has its own database, Redis database and key prefix.

In each round every page is measured next to its references, one after the other:
(a), as rendered (province), as rendered (small), (b), from the page cache, (c), through nginx.
Each figure is the median over --repeat rounds; a ratio is the page's requests/s over its
reference's in the same round. Then a worker's memory over 10,000 requests (as rendered,
province), and the mixed load with and without writes (benchmarks/mixed_load.py).
"""

import argparse
import contextlib
import datetime
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.processes import (  # noqa: E402
    ROOT,
    WORKER_CLASS,
    WORKERS,
    Gunicorn,
    StaticNginx,
    clear_cache_prefix,
    edge_module,
    get_all,
    seconds,
    wrk,
)

PYTHON = str(ROOT / ".venv/bin/python")
# What one round measures for each page, in this order (the references next to their page).
STEPS = ("ref_a", "rendered", "small", "ref_b", "cached", "ref_c", "edge")
# Targets of issue 14.
TARGETS = {"rendered": 0.5, "cached": 1.0, "edge": 0.5, "p99": 2.0, "mixed": 0.8, "memory": 10}


def describe(database_url: str, env: dict[str, str]) -> dict:
    """The pages, their queries and the data counts of one database (benchmarks/pages.py)."""
    out = subprocess.run(
        [PYTHON, "-W", "ignore", str(ROOT / "benchmarks/pages.py")],
        env=env | {"DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def app_env(database_url: str, redis_url: str, prefix: str, page_cache: bool) -> dict[str, str]:
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="benchmarks.settings",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        DJANGO_CACHE_PREFIX=prefix,
        SOCHIBO_REQUIRE_2FA="0",
    )
    if not page_cache:
        env["DJANGO_PAGE_CACHE_SECONDS"] = "0"
    return env


def reference_env(tmp: Path) -> dict[str, str]:
    """The reference project's own settings; none of the app's variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return env | {
        "DJANGO_SETTINGS_MODULE": "blproj.settings",
        "BASELINE_DB": str(tmp / "reference.sqlite3"),
    }


def check_and_warm(url: str, connections: int):
    """The page answers 200 (a benchmark of error pages measures nothing), then 1 s of load
    warms the workers, the selectors' cache and the page cache."""
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")
    wrk(url, duration="1s", connections=connections)


def edge_status(url: str) -> str:
    """What nginx's cache did for a second GET of `url` (X-Cache-Status, if sent)."""
    for _ in range(2):
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            status = response.headers.get("X-Cache-Status", "?")
    return status


def expected_seconds(args, n_pages: int) -> float:
    measure = seconds(args.duration)
    warm = 4 * n_pages + 3  # 1 s per page and server
    rounds = args.repeat * n_pages * len(STEPS) * measure
    memory = args.memory_requests / 80  # about 80 requests/s as rendered on 2 cores
    # The mixed load: its phases, plus drawing the addresses and requesting each once.
    mixed = 0 if not args.mixed_db else args.mixed_rounds * 2 * seconds(args.mixed_duration) + 120
    return 120 + warm + rounds + memory + mixed  # 120: describing the data, starting servers


def median_rows(rounds: dict[str, list[dict]]) -> dict[str, dict]:
    return {
        name: {key: statistics.median(r[key] for r in runs) for key in runs[0]}
        for name, runs in rounds.items()
    }


def measure_pages(args, servers: dict, province: dict, small: dict) -> dict[str, dict]:
    """The rounds: every page next to its references, `args.repeat` times; medians."""
    rounds = {name: [] for name in province["pages"]}
    errors = {name: 0 for name in province["pages"]}
    for number in range(1, args.repeat + 1):
        print(f"# round {number}/{args.repeat}", file=sys.stderr, flush=True)
        for name, url in province["pages"].items():
            urls = {
                "ref_a": servers["reference"].url("/"),
                "rendered": servers["rendered"].url(url),
                "small": servers["small"].url(small["pages"][name]),
                "ref_b": servers["reference"].url("/tiny/"),
                "cached": servers["cached"].url(url),
                "ref_c": servers["static"].url("/"),
                "edge": servers["edge"].url(url),
            }
            got = {
                step: wrk(urls[step], duration=args.duration, connections=args.connections)
                for step in STEPS
            }
            errors[name] += sum(got[step]["errors"] for step in STEPS)
            rounds[name].append(
                {f"{step}_{key}": got[step][key] for step in STEPS for key in ("rps", "p50", "p99")}
                | {
                    "x_a": got["rendered"]["rps"] / got["ref_a"]["rps"],
                    "small_x_a": got["small"]["rps"] / got["ref_a"]["rps"],
                    "x_b": got["cached"]["rps"] / got["ref_b"]["rps"],
                    "x_c": got["edge"]["rps"] / got["ref_c"]["rps"],
                }
            )
    rows = median_rows(rounds)
    for name, row in rows.items():
        row["errors"] = errors[name]
        row["p99_ratio"] = row["rendered_p99"] / row["small_p99"]
    return rows


def memory_growth(args, server: Gunicorn, urls: list[str]) -> tuple[list[int], list[int]]:
    before = server.worker_rss_kb()
    get_all(itertools.islice(itertools.cycle(urls), args.memory_requests))
    return before, server.worker_rss_kb()


def mixed_load(args, tmp: Path) -> dict:
    redis_url = f"{args.redis_url}/{args.redis_dbs[0]}"
    out = tmp / "mixed.json"
    subprocess.run(
        [
            PYTHON,
            "-W",
            "ignore",
            str(ROOT / "benchmarks/mixed_load.py"),
            "--port",
            str(args.port + 7),
            "--duration",
            args.mixed_duration,
            "--rounds",
            str(args.mixed_rounds),
            "--connections",
            str(args.connections),
            "--json",
            str(out),
            # Every request logged in both phases: what the writes cost, by kind of page.
            "--diagnose",
        ],
        env=app_env(args.mixed_db, redis_url, "bench-mixed", page_cache=True),
        check=True,
    )
    return json.loads(out.read_text())


def met(value: float, target: float, at_least: bool = True) -> str:
    return "yes" if (value >= target if at_least else value <= target) else "**no**"


def print_report(args, province, small, rows, references, memory, mixed, edge_statuses):
    counts = province["counts"]
    print(
        f"# Sổ Chi bộ benchmark, {datetime.date.today():%d/%m/%Y}, {os.cpu_count()} cores, "
        f"{province['vendor']}; province: "
        + ", ".join(f"{v:,} {k}" for k, v in counts.items())
        + "; small: "
        + ", ".join(f"{v:,} {k}" for k, v in small["counts"].items())
    )
    print(
        f"# gunicorn {WORKER_CLASS}, {WORKERS} workers (app and references); wrk 1 thread, "
        f"{args.connections} connections, {args.duration} per measurement, medians of "
        f"{args.repeat} round(s)"
    )
    print(
        "\n| page | as rendered × (a) | from the page cache × (b) | through nginx × (c) | "
        "queries | p99 small ms | p99 province ms | p99 province ÷ small |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, row in rows.items():
        queries = province["queries"][name]
        if small["queries"][name] != queries:
            queries = f"{queries} ({small['queries'][name]} small)"
        print(
            f"| {name} | {row['x_a']:.2f} | {row['x_b']:.2f} | {row['x_c']:.2f} | {queries} | "
            f"{row['small_p99']:.1f} | {row['rendered_p99']:.1f} | {row['p99_ratio']:.2f} |"
        )
    print("\nRequests/s (province unless said), medians of the rounds:\n")
    print(
        "| page | as rendered | as rendered, small | from the page cache | through nginx | "
        "p50 as rendered ms | edge cache | non-2xx or socket errors |"
    )
    print("|---|---:|---:|---:|---:|---:|---|---:|")
    for name, row in rows.items():
        print(
            f"| {name} | {row['rendered_rps']:.0f} | {row['small_rps']:.0f} | "
            f"{row['cached_rps']:.0f} | {row['edge_rps']:.0f} | {row['rendered_p50']:.1f} | "
            f"{edge_statuses[name]} | {row['errors']} |"
        )
    print(
        "\nReferences, medians over the rounds (min-max): "
        + "; ".join(
            f"({label}) {statistics.median(values):,.0f} req/s ({min(values):,.0f}-{max(values):,.0f})"
            for label, values in references.items()
        )
    )
    before, after = memory
    growth = [(a - b) / b * 100 for b, a in zip(before, after, strict=True)]
    print(
        f"\nWorker memory (RSS, as rendered, province) before → after {args.memory_requests:,} "
        "requests: "
        + ", ".join(
            f"{b / 1024:.0f} → {a / 1024:.0f} MB ({g:+.1f} %)"
            for b, a, g in zip(before, after, growth, strict=True)
        )
    )
    if mixed:
        w = mixed["writer"]
        print(
            f"\nMixed load ({mixed['reports']:,} reports, {mixed['urls']:,} addresses, "
            f"page cache on, {mixed['rounds']} round(s) of {mixed['duration']} each way):\n"
        )
        print("| load | req/s | p99 ms | non-2xx or socket errors |")
        print("|---|---:|---:|---:|")
        for label, key in (("without writes", "quiet"), ("with writes", "writing")):
            print(
                f"| {label} | {mixed[key]['rps']:.0f} | {mixed[key]['p99']:.1f} | "
                f"{mixed[key]['errors']} |"
            )
        print(
            f"\nWith writes ÷ without: {mixed['ratio']:.2f}. The writer saved {w['public']} "
            f"meetings with a published report (their place), {w['private']} without one "
            f"(their conclusion), published {w['published']} new reports; "
            f"{w['failed']} writes failed; the writer used {w['cpu_seconds']:.1f} s of CPU."
        )
        print(
            "\nWhere the time went (`X-Page-Cache` of each request in gunicorn's access log; "
            "the workers' time in the worker, all rounds):\n"
        )
        print(mixed["diagnosis"])
    print("\nAgainst the targets of issue 14:\n")
    print("| target | result | met |")
    print("|---|---|---|")
    article = rows.get("article")
    if article:
        print(
            f"| article as rendered ≥ {TARGETS['rendered']} × (a) | {article['x_a']:.2f} | "
            f"{met(article['x_a'], TARGETS['rendered'])} |"
        )
    for key, label, target in (
        ("x_b", "every page from the page cache", f"≥ {TARGETS['cached']} × (b)"),
        ("x_c", "every page through nginx", f"≥ {TARGETS['edge']} × (c)"),
    ):
        low = min(rows.values(), key=lambda r: r[key])[key]
        goal = TARGETS["cached" if key == "x_b" else "edge"]
        print(f"| {label} {target} | lowest {low:.2f} | {met(low, goal)} |")
    worst = max(rows.items(), key=lambda item: item[1]["p99_ratio"])
    print(
        f"| every page's p99, province ÷ small, ≤ {TARGETS['p99']} | highest {worst[1]['p99_ratio']:.2f} "
        f"({worst[0]}) | {met(worst[1]['p99_ratio'], TARGETS['p99'], at_least=False)} |"
    )
    if mixed:
        print(
            f"| mixed load with writes ≥ {TARGETS['mixed']} × without | {mixed['ratio']:.2f} | "
            f"{met(mixed['ratio'], TARGETS['mixed'])} |"
        )
    print(
        f"| worker memory growth < {TARGETS['memory']} % | highest {max(growth):+.1f} % | "
        f"{met(max(growth), TARGETS['memory'], at_least=False)} |"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="the province: sample + --scale 1")
    parser.add_argument("--small-db", required=True, help="the sample + --scale 0.01")
    parser.add_argument("--mixed-db", help="the sample + --scale 0.025 (no mixed load without)")
    parser.add_argument(
        "--reference-dir",
        type=Path,
        default=ROOT.parent / "shared" / "bench" / "reference",
        help="the reference project (default: the project's sibling shared/bench/reference)",
    )
    parser.add_argument("--port", type=int, default=8900, help="first of 8 ports")
    parser.add_argument("--duration", default="3s", help="of each measurement (wrk -d)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; figures are medians")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--memory-requests", type=int, default=10_000)
    parser.add_argument("--mixed-duration", default="30s", help="of each mixed-load phase")
    parser.add_argument("--mixed-rounds", type=int, default=2)
    parser.add_argument("--pages", help="comma-separated page names (default: all)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379")
    parser.add_argument(
        "--redis-dbs",
        default="3,4",
        type=lambda value: value.split(","),
        help="Redis databases: province and mixed load (own prefixes), small scale",
    )
    args = parser.parse_args()
    if not (args.reference_dir / "blproj" / "wsgi.py").exists():
        parser.error(f"no reference project in {args.reference_dir} (--reference-dir)")

    province_redis = f"{args.redis_url}/{args.redis_dbs[0]}"
    small_redis = f"{args.redis_url}/{args.redis_dbs[1]}"
    rendered_env = app_env(args.db, province_redis, "bench-province", page_cache=False)
    cached_env = app_env(args.db, province_redis, "bench-province", page_cache=True)
    small_env = app_env(args.small_db, small_redis, "bench-small", page_cache=False)
    clear_cache_prefix(province_redis, "bench-province")
    clear_cache_prefix(small_redis, "bench-small")
    province = describe(args.db, rendered_env)
    small = describe(args.small_db, small_env)
    if args.pages:
        wanted = args.pages.split(",")
        for data in (province, small):
            data["pages"] = {n: u for n, u in data["pages"].items() if n in wanted}
    if set(province["pages"]) != set(small["pages"]):
        raise SystemExit(
            f"the two databases have different pages: {province['pages']} {small['pages']}"
        )
    started = time.monotonic()
    expected = expected_seconds(args, len(province["pages"]))
    print(
        f"# expected duration about {expected / 60:.0f} min (until "
        f"{datetime.datetime.now() + datetime.timedelta(seconds=expected):%H:%M})",
        file=sys.stderr,
        flush=True,
    )

    edge_api = edge_module()
    with (
        tempfile.TemporaryDirectory(prefix="sochibo-bench-") as tmp_name,
        contextlib.ExitStack() as stack,
    ):
        tmp = Path(tmp_name)
        tmp.chmod(0o755)
        servers = {}
        servers["reference"] = Gunicorn(
            port=args.port, wsgi="blproj.wsgi", env=reference_env(tmp), chdir=args.reference_dir
        ).start()
        stack.callback(servers["reference"].stop)
        static_root = tmp / "reference-static"
        static_root.mkdir()
        with urllib.request.urlopen(servers["reference"].url("/")) as response:
            (static_root / "index.html").write_bytes(response.read())
        servers["static"] = StaticNginx(
            prefix=tmp / "reference-nginx", root=static_root, port=args.port + 1
        ).start()
        stack.callback(servers["static"].stop)
        servers["rendered"] = Gunicorn(port=args.port + 2, wsgi="config.wsgi", env=rendered_env)
        stack.callback(servers["rendered"].stop)
        servers["rendered"].start()
        servers["small"] = Gunicorn(port=args.port + 3, wsgi="config.wsgi", env=small_env)
        stack.callback(servers["small"].stop)
        servers["small"].start()
        servers["cached"] = Gunicorn(port=args.port + 4, wsgi="config.wsgi", env=cached_env)
        stack.callback(servers["cached"].stop)
        servers["cached"].start()
        servers["edge"] = edge_api.Edge(
            prefix=tmp / "edge",
            nginx_port=args.port + 5,
            app_ports=[args.port + 6],
            env=cached_env,
            workers=WORKERS,
            static_root=Path(os.environ.get("DJANGO_STATIC_ROOT", ROOT / "staticfiles")),
            media_root=Path(os.environ.get("DJANGO_MEDIA_ROOT", ROOT / "media")),
            settings="benchmarks.settings",
        )
        stack.callback(servers["edge"].stop)
        servers["edge"].start()

        for url in ("/", "/tiny/"):
            check_and_warm(servers["reference"].url(url), args.connections)
        check_and_warm(servers["static"].url("/"), args.connections)
        edge_statuses = {}
        for name, url in province["pages"].items():
            check_and_warm(servers["rendered"].url(url), args.connections)
            check_and_warm(servers["small"].url(small["pages"][name]), args.connections)
            check_and_warm(servers["cached"].url(url), args.connections)
            edge_statuses[name] = edge_status(servers["edge"].url(url))
            check_and_warm(servers["edge"].url(url), args.connections)

        rows = measure_pages(args, servers, province, small)
        references = {
            label: [row[f"ref_{label}_rps"] for row in rows.values()] for label in ("a", "b", "c")
        }
        print("# memory", file=sys.stderr, flush=True)
        memory = memory_growth(
            args,
            servers["rendered"],
            [servers["rendered"].url(url) for url in province["pages"].values()],
        )
        stack.close()
        mixed = None
        if args.mixed_db:
            print("# mixed load", file=sys.stderr, flush=True)
            clear_cache_prefix(province_redis, "bench-mixed")
            mixed = mixed_load(args, tmp)
        print_report(args, province, small, rows, references, memory, mixed, edge_statuses)
    print(
        f"\n# done in {(time.monotonic() - started) / 60:.1f} min (expected {expected / 60:.0f})",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
