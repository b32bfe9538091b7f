"""Profile the public pages as rendered (page cache off, DEBUG off) with cProfile.

    DATABASE_URL=... .venv/bin/python benchmarks/profile_pages.py [--page article] [--top 25]

Prints, per page, the mean time per request (wall clock and this process's CPU: on a machine
shared with other work the CPU time is the steadier figure) and queries, then (with --page)
the functions taking the most cumulative time, timed in CPU time with --cpu. Uses the Django
test client, not gunicorn.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-key-" + "x" * 40)

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from benchmarks.pages import public_pages  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--page", help="profile this page (a name of benchmarks.pages.public_pages)"
    )
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument(
        "--cpu", action="store_true", help="profile in CPU time (waits for the database left out)"
    )
    args = parser.parse_args()
    pages = public_pages()
    client = Client(HTTP_HOST="localhost")
    with override_settings(DEBUG=False, PUBLIC_PAGE_CACHE_SECONDS=0, RATELIMIT_ENABLE=False):
        for name, url in pages.items():
            if args.page and name != args.page:
                continue
            assert client.get(url).status_code == 200
            queries = []

            def count(run, sql, *args, queries=queries):
                queries.append(sql)
                return run(sql, *args)

            with connection.execute_wrapper(count):
                client.get(url)
            started, cpu_started = time.perf_counter(), time.process_time()
            timer = (time.process_time,) if args.cpu else ()
            profiler = cProfile.Profile(*timer) if args.page else None
            if profiler:
                profiler.enable()
            for _ in range(args.requests):
                client.get(url)
            if profiler:
                profiler.disable()
            elapsed = (time.perf_counter() - started) / args.requests * 1000
            cpu = (time.process_time() - cpu_started) / args.requests * 1000
            print(
                f"{name:28} {elapsed:7.1f} ms  {cpu:7.1f} ms CPU  {len(queries):2d} queries  {url}"
            )
            if profiler:
                pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
