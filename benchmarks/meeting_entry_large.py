"""Time the one-page meeting entry of a large committee (300 members on the roll by default).

Creates a throw-away test database (Django's `test_<name>` of DATABASE_URL, or SQLite in
memory), an organisation with `--members` members and a secretariat account, then through the
test client (the whole stack: middleware, forms, templates, the meeting writer):

- GET of the new-meeting page, POST creating the meeting (every member on the roll, a few
  absent);
- GET of the edit page, POST saving it again with one status changed.

Prints, for each step, the median and the slowest of `--repeat` runs, the queries, the page
size and the number of posted fields (Django refuses more than DATA_UPLOAD_MAX_NUMBER_FIELDS).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sochibo_bench \
        .venv/bin/python benchmarks/meeting_entry_large.py --members 300 --repeat 5
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from django.urls import reverse  # noqa: E402

settings.ALLOWED_HOSTS = ["testserver", "localhost"]


def loaded_form(client, url) -> dict:
    """What the browser posts after loading `url` (read from the page's forms: the template
    instrumentation this needs is on for this request only, not for the timed ones)."""
    from tests.postdata import post_data

    setup_test_environment()
    try:
        response = client.get(url)
    finally:
        teardown_test_environment()
    forms = []
    for part in response.context["entry"]:
        forms += [part] if hasattr(part, "fields") else [part.management_form, *part.forms]
    return post_data(forms)


def timed(action, repeat: int):
    """(median seconds, slowest seconds, queries of the last run, last response)."""
    times, response, queries = [], None, 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = action()
            times.append(time.perf_counter() - start)
        queries = len(captured)
    return statistics.median(times), max(times), queries, response


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args.members, args.repeat)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(size: int, repeat: int):
    from django.contrib.auth.models import Group

    from branchapp import models as m
    from branchapp.scoping import SECRETARIAT_ROLE

    committee = m.Organisation.objects.create(name="Đảng bộ Khối Cơ quan", kind="committee")
    m.Member.objects.bulk_create(
        [
            m.Member(
                full_name=f"Nguyễn Văn Thử {i:03d}",
                organisation=committee,
                admission_date=datetime.date(2010, 5, 19),
                confirmation_date=datetime.date(2011, 5, 19),
                status="full",
            )
            for i in range(size)
        ]
    )
    for member in m.Member.objects.all():  # the derived sort key, as save() writes it
        member.save()
    user = m.User.objects.create_user("thuky", password="mat-khau-thu-123", is_staff=True)
    user.groups.add(Group.objects.get(name=SECRETARIAT_ROLE))
    user.organisations.add(committee)
    client = Client()
    client.force_login(user)
    members = list(m.Member.objects.order_by("pk"))
    day = datetime.date.today().replace(day=3)

    new_url = reverse("workspace:meeting_create") + f"?to-chuc={committee.pk}"
    get_new = timed(lambda: client.get(new_url), repeat)
    data = loaded_form(client, new_url)
    data.update(
        {
            "meeting-title": f"Hội nghị Đảng bộ tháng {day.month}/{day.year}",
            "meeting-date": day.strftime("%d/%m/%Y"),
            "meeting-kinds": ["periodic"],
            f"roll-{members[1].pk}-status": "excused",
            f"roll-{members[1].pk}-reason": "Đi công tác",
            f"roll-{members[2].pk}-status": "unexcused",
        }
    )
    fields_new = sum(len(v) if isinstance(v, list) else 1 for v in data.values())
    post_new = timed(lambda: client.post(new_url, data), 1)
    assert post_new[3].status_code == 302, "the meeting was not saved"
    meeting = m.Meeting.objects.get()
    assert meeting.attendance.count() == size

    edit_url = reverse("workspace:meeting_edit", args=[meeting.pk])
    get_edit = timed(lambda: client.get(edit_url), repeat)
    times, fields_edit, response, queries = [], 0, None, 0
    for i in range(repeat):
        again = loaded_form(client, edit_url)  # opened after the previous save
        again[f"roll-{members[3 + i].pk}-status"] = "unexcused"
        fields_edit = sum(len(v) if isinstance(v, list) else 1 for v in again.values())
        median, _slowest, queries, response = timed(
            lambda data=again: client.post(edit_url, data), 1
        )
        assert response.status_code == 302, "the meeting was not saved again"
        times.append(median)
    post_edit = (statistics.median(times), max(times), queries, response)

    print(
        f"{size} members, {connection.vendor}, limit {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} "
        "posted fields"
    )
    print("| step | median ms | slowest ms | queries | page KB | posted fields |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, (median, slowest, queries, response), fields in (
        ("GET new meeting", get_new, ""),
        ("POST new meeting", post_new, fields_new),
        ("GET edit", get_edit, ""),
        ("POST edit", post_edit, fields_edit),
    ):
        size_kb = f"{len(response.content) / 1024:.0f}" if response.status_code == 200 else "–"
        print(
            f"| {name} | {median * 1000:.0f} | {slowest * 1000:.0f} | {queries} | {size_kb} "
            f"| {fields} |"
        )


if __name__ == "__main__":
    main()
