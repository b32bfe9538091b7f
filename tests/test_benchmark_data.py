"""The benchmark's data and writer (benchmarks/generate.py, benchmarks/mixed_load.py): the pages
it measures show generated reports, and its writer changes what it says it changes."""

import random

import pytest
from django.core.management import call_command

from benchmarks import generate as generator
from benchmarks.mixed_load import Writer
from benchmarks.pages import public_pages
from branchapp import models as m
from branchapp.text import fold

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated():
    call_command("load_sample", verbosity=0)
    generator.generate(scale=0.001)  # 4 cells, 480 meetings, 40 reports


def test_generated_data_fill_the_measured_lists_and_search_and_are_generated_once(
    client, generated, capsys
):
    pages = public_pages()
    generated_reports = m.Report.objects.filter(slug__startswith="bai-")
    december = generated_reports.filter(meeting__date__month=12).first()
    assert december is not None
    assert december.headline in client.get(pages["kind list"]).content.decode()
    section = m.Category.objects.get(name=generator.SECTIONS[0])
    in_section = generated_reports.filter(category=section).order_by("-published_at").first()
    assert in_section.headline in client.get(pages["section list"]).content.decode()
    # The kind ("hội nghị sơ kết, tổng kết") and the section are in the search text, as
    # Report.save() writes them.
    assert "tong ket" in december.search_document
    assert fold(december.category.name) in december.search_document

    reports = m.Report.objects.count()
    generator.generate(scale=0.001)
    assert m.Report.objects.count() == reports
    assert "nothing generated" in capsys.readouterr().out


def test_the_mixed_load_writer_changes_public_facts_minutes_and_publishes(client, generated):
    writer = Writer(random.Random(1))
    writer.save_meeting(2)  # even: a meeting with a published report, its place
    assert m.Meeting.objects.filter(place="Hội trường khu phố 2", report__isnull=False).exists()
    writer.save_meeting(3)  # odd: a meeting without a report, its conclusion
    assert m.Meeting.objects.filter(conclusion__contains="(lần 3)", report__isnull=True).exists()
    writer.publish_report(1)
    report = m.Report.objects.published().order_by("-published_at").first()
    assert report.meeting.title.endswith("(1)")
    assert report.headline in client.get("/tin-tuc/").content.decode()
    assert writer.counts == {"public": 1, "private": 1, "published": 1, "failed": 0}
