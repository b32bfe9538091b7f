"""A public load with and without a secretariat writing, on the database of DATABASE_URL
(the sample + generate.py --scale 0.025: about 1,000 reports).

The load: wrk with benchmarks/mixed_load.lua, sending addresses drawn here once (so both runs
send the same requests): articles Zipf-like over the published reports (the newest read most),
lists (home, news pages, sections, kinds, an organisation's year), organisation pages and
searches. The writer, a process of its own using the app's services and signals (as the
workspace does), saves a meeting every 2 s, alternately a meeting with a published report
(its place, a public fact of the article) and one without (its conclusion, minutes text no
public page shows), and creates and publishes a new report every 30 s.

Each round runs the load without writes, then with the writer; the app is one gunicorn with
the page cache on. Prints, and writes with --json, requests/s and p99 of both and their ratio.
Called by benchmarks/run.py; alone:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sochibo_bench_mixed \\
    REDIS_URL=redis://127.0.0.1:6379/3 DJANGO_CACHE_PREFIX=bench-mixed \\
        .venv/bin/python benchmarks/mixed_load.py --duration 30s --rounds 2
"""

import argparse
import datetime
import itertools
import json
import os
import random
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarks.processes import (  # noqa: E402
    ROOT,
    Gunicorn,
    get_all,
    machine_cpu_seconds,
    seconds,
    wrk,
)
from branchapp import models as m  # noqa: E402
from branchapp.services.meetings import MeetingData, meeting_save  # noqa: E402
from branchapp.services.reports import report_create_from_meeting, report_publish  # noqa: E402

SCRIPT = ROOT / "benchmarks" / "mixed_load.lua"
ADDRESSES = 20_000
# Shares of the load (they add up to 1).
MIX = {"article": 0.6, "list": 0.2, "organisation": 0.1, "search": 0.1}
SEARCHES = [
    "dang bo dinh ky",
    "sinh hoat chi bo",
    "tong ket nam",
    "nghi quyet",
    "ket nap dang vien",
    "chi bo so 12",
    "thang 5/2021",
    "phuong huong nhiem vu",
]
MEETING_EVERY = 2.0
PUBLISH_EVERY = 30.0


def addresses(rng: random.Random) -> list[tuple[str, str]]:
    """The requests of the load, in the order sent: (kind, address)."""
    reports = list(m.Report.objects.published().order_by("-published_at").select_related("meeting"))
    articles = [report.get_absolute_url() for report in reports]
    organisations = list(
        m.Organisation.objects.filter(meetings__report__in=m.Report.objects.published())
        .distinct()
        .order_by("path")
    )
    news = reverse("news:list")
    lists = [reverse("news:home"), news, *(f"{news}?page={n}" for n in range(2, 6))]
    lists += [section.get_absolute_url() for section in m.Category.objects.all()]
    lists += [
        f"{news}?loai={kind}" for kind in (m.MeetingKind.MONTHLY, m.MeetingKind.REVIEW_CONFERENCE)
    ]
    lists += [f"{news}?to_chuc={o.slug}&nam={rng.choice(range(2016, 2026))}" for o in organisations]
    popularity = list(itertools.accumulate(1 / rank for rank in range(1, len(articles) + 1)))
    draw = {
        "article": lambda: rng.choices(articles, cum_weights=popularity)[0],
        "list": lambda: rng.choice(lists),
        "organisation": lambda: rng.choice(organisations).get_absolute_url(),
        "search": lambda: f"{news}?q={rng.choice(SEARCHES).replace(' ', '+')}",
    }
    kinds = rng.choices(list(MIX), weights=list(MIX.values()), k=ADDRESSES)
    return [(kind, draw[kind]()) for kind in kinds]


class Writer:
    """What the secretariats write during the load, through the app's services."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.user, _ = get_user_model().objects.get_or_create(
            username="bench-writer", defaults={"first_name": "Thư ký", "last_name": "Thử tải"}
        )
        published = m.Report.objects.published()
        self.public = list(
            m.Meeting.objects.filter(report__in=published, minutes_approved_at=None).values_list(
                "pk", flat=True
            )
        )
        self.private = list(
            m.Meeting.objects.filter(report__isnull=True, minutes_approved_at=None).values_list(
                "pk", flat=True
            )[:5000]
        )
        self.cells = list(m.Organisation.objects.filter(kind=m.OrganisationKind.BRANCH))
        self.counts = {"public": 0, "private": 0, "published": 0, "failed": 0}

    def save_meeting(self, number: int):
        if number % 2 == 0:
            meeting = m.Meeting.objects.get(pk=self.rng.choice(self.public))
            fields = {"place": f"Hội trường khu phố {number}"}
            kind = "public"
        else:
            meeting = m.Meeting.objects.get(pk=self.rng.choice(self.private))
            fields = {"conclusion": f"Chi bộ thống nhất các nội dung đã thảo luận (lần {number})."}
            kind = "private"
        meeting_save(meeting=meeting, data=MeetingData(fields=fields), user=self.user)
        self.counts[kind] += 1

    def publish_report(self, number: int):
        today = timezone.localdate()
        meeting = meeting_save(
            meeting=m.Meeting(
                organisation=self.rng.choice(self.cells),
                date=today,
                title=f"Sinh hoạt chi bộ chuyên đề tháng {today.month}/{today.year} ({number})",
            ),
            data=MeetingData(kinds=[m.MeetingKind.THEMATIC]),
            user=self.user,
        )
        report = report_create_from_meeting(meeting=meeting, user=self.user)
        report_publish(report=report, user=self.user)
        self.counts["published"] += 1

    def run(self, duration: float):
        started = time.monotonic()
        next_save, next_publish = started, started + PUBLISH_EVERY / 2
        saves = publishes = 0
        while (now := time.monotonic()) - started < duration:
            try:
                if now >= next_publish:
                    publishes += 1
                    next_publish += PUBLISH_EVERY
                    self.publish_report(publishes)
                elif now >= next_save:
                    saves += 1
                    next_save += MEETING_EVERY
                    self.save_meeting(saves)
            except Exception as error:  # a failed write is counted and reported, not fatal
                self.counts["failed"] += 1
                print(f"write failed: {error!r}", file=sys.stderr)
            time.sleep(max(0.0, min(next_save, next_publish) - time.monotonic()))
        return self.counts


def write(args):
    writer = Writer(random.Random(args.seed))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print("ready", flush=True)  # the load starts now (Django's start-up is not measured)
    try:
        writer.run(seconds(args.duration))
    finally:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        writer.counts["cpu_seconds"] = round(usage.ru_utime + usage.ru_stime, 2)
        Path(args.json).write_text(json.dumps(writer.counts))


class Phase:
    """One measured phase: wrk's figures and, with --diagnose, where the time went."""

    def __init__(self, app: Gunicorn, access_log: Path | None):
        self.app, self.access_log = app, access_log

    def __enter__(self):
        self.offset = self.access_log.stat().st_size if self.access_log else 0
        self.workers = self.app.worker_cpu_seconds()
        self.machine = machine_cpu_seconds()
        return self

    def __exit__(self, *exc):
        busy, total = machine_cpu_seconds()
        self.cpu = {
            "workers": self.app.worker_cpu_seconds() - self.workers,
            "machine_busy": busy - self.machine[0],
            "machine_total": total - self.machine[1],
        }
        self.lines = []
        if self.access_log:
            with self.access_log.open() as log:
                log.seek(self.offset)
                self.lines = log.read().splitlines()

    def by_kind(self, kind_of: dict[str, str]) -> dict[str, dict]:
        """Per kind of page: requests, those served from the page cache, and the seconds the
        workers spent on them all."""
        found: dict[str, dict] = {}
        for line in self.lines:
            address, _status, micros, page_cache = line.rsplit(" ", 3)
            kind = kind_of.get(address.removesuffix("?"), "other")
            row = found.setdefault(kind, {"requests": 0, "hits": 0, "seconds": 0.0})
            row["requests"] += 1
            row["hits"] += page_cache == "hit"
            row["seconds"] += int(micros) / 1_000_000
        return found


def diagnosis_table(phases: dict[str, list[Phase]], kind_of: dict[str, str]) -> str:
    """Markdown: per kind of page, with and without writes, summed over the rounds."""
    totals = {}
    for name, runs in phases.items():
        merged: dict[str, dict] = {}
        for phase in runs:
            for kind, row in phase.by_kind(kind_of).items():
                into = merged.setdefault(kind, {"requests": 0, "hits": 0, "seconds": 0.0})
                for key in into:
                    into[key] += row[key]
        totals[name] = merged
    lines = [
        "| page kind | load | requests | from the page cache | rendered | workers' s |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for kind in sorted({k for merged in totals.values() for k in merged}):
        for name, label in (("quiet", "without writes"), ("writing", "with writes")):
            row = totals[name].get(kind)
            if row is None:
                continue
            rendered = row["requests"] - row["hits"]
            lines.append(
                f"| {kind} | {label} | {row['requests']:,} | {row['hits'] / row['requests']:.1%} "
                f"| {rendered:,} | {row['seconds']:.1f} |"
            )
    for name, label in (("quiet", "without writes"), ("writing", "with writes")):
        workers = sum(p.cpu["workers"] for p in phases[name])
        busy = sum(p.cpu["machine_busy"] for p in phases[name])
        total = sum(p.cpu["machine_total"] for p in phases[name])
        lines.append(
            f"\nCPU {label}: machine busy {busy / total:.0%} of {total:.0f} core-seconds; "
            f"the app's workers {workers:.0f} s, everything else (wrk, Redis, PostgreSQL, the "
            f"writer) {busy - workers:.0f} s"
        )
    return "\n".join(lines)


def load(args):
    rng = random.Random(args.seed)
    drawn = addresses(rng)
    kind_of = {address: kind for kind, address in drawn}
    reports = m.Report.objects.published().count()
    connection.close()
    env = dict(os.environ)
    results = {"quiet": [], "writing": []}
    phases: dict[str, list[Phase]] = {"quiet": [], "writing": []}
    writer_counts = {"public": 0, "private": 0, "published": 0, "failed": 0, "cpu_seconds": 0}
    with tempfile.TemporaryDirectory(prefix="sochibo-mixed-") as tmp_name:
        tmp = Path(tmp_name)
        paths = tmp / "addresses.txt"
        paths.write_text("\n".join(address for _kind, address in drawn) + "\n")
        access_log = tmp / "access.log" if args.diagnose else None
        app = Gunicorn(port=args.port, wsgi="config.wsgi", env=env, access_log=access_log)
        app.start()

        def measure(name):
            with Phase(app, access_log) as phase:
                results[name].append(
                    wrk(
                        base,
                        duration=args.duration,
                        connections=args.connections,
                        script=SCRIPT,
                        args=[str(paths)],
                    )
                )
            phases[name].append(phase)

        try:
            base = app.url("")
            # Warm: every address once (workers, selectors' cache, page cache).
            get_all(app.url(path) for path in sorted(kind_of))
            for number in range(args.rounds):
                measure("quiet")
                counts_file = tmp / f"writer-{number}.json"
                writer = subprocess.Popen(
                    [
                        sys.executable,
                        "-W",
                        "ignore",
                        __file__,
                        "--write",
                        "--duration",
                        args.duration,
                        "--seed",
                        str(args.seed + number + 1),
                        "--json",
                        str(counts_file),
                    ],
                    env=env,
                    stdout=subprocess.PIPE,
                    text=True,
                )
                try:
                    writer.stdout.readline()
                    measure("writing")
                finally:
                    writer.terminate()
                    writer.wait(timeout=60)
                for key, value in json.loads(counts_file.read_text()).items():
                    writer_counts[key] += value
        finally:
            app.stop()
    summary = {
        "reports": reports,
        "urls": len(kind_of),
        "rounds": args.rounds,
        "duration": args.duration,
        "writer": writer_counts,
    }
    for key, runs in results.items():
        summary[key] = {
            "rps": statistics.mean(r["rps"] for r in runs),
            "p99": statistics.median(r["p99"] for r in runs),
            "errors": sum(r["errors"] for r in runs),
            "each": [round(r["rps"]) for r in runs],
        }
    summary["ratio"] = summary["writing"]["rps"] / summary["quiet"]["rps"]
    print(
        f"{datetime.datetime.now():%H:%M} mixed load: without writes {summary['quiet']['rps']:.0f} "
        f"req/s, with writes {summary['writing']['rps']:.0f} req/s "
        f"(× {summary['ratio']:.2f}); writer {writer_counts}",
        file=sys.stderr,
    )
    if args.diagnose:
        summary["diagnosis"] = diagnosis_table(phases, kind_of)
        print(summary["diagnosis"], file=sys.stderr)
    if args.json:
        Path(args.json).write_text(json.dumps(summary))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8906)
    parser.add_argument("--duration", default="30s", help="of each phase (wrk -d)")
    parser.add_argument("--rounds", type=int, default=2, help="each: without, then with writes")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--write", action="store_true", help="be the writer (used by the load)")
    parser.add_argument(
        "--diagnose",
        action="store_true",
        help="log every request: page-cache hits and rendering time by kind of page, CPU",
    )
    args = parser.parse_args()
    if args.write:
        write(args)
    else:
        load(args)


if __name__ == "__main__":
    main()
