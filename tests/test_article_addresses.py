"""Article addresses keep the month ("…-thang-10-2025"), name the organisation when the
headline does not, and the addresses a report had before answer 301 to the current one."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from branchapp import models
from branchapp.text import article_slug_base, vn_slugify

from .factories import MeetingFactory, OrganisationFactory, ReportFactory

pytestmark = pytest.mark.django_db

readdressing = importlib.import_module("branchapp.migrations.0027_report_addresses")


def report_of(organisation_name, headline, **kwargs):
    organisation = OrganisationFactory(name=organisation_name)
    meeting = MeetingFactory(organisation=organisation, date=datetime.date(2025, 10, 3))
    return ReportFactory(meeting=meeting, headline=headline, **kwargs)


def test_the_month_keeps_its_dash():
    assert vn_slugify("Sinh hoạt chi bộ tháng 10/2025") == "sinh-hoat-chi-bo-thang-10-2025"
    assert vn_slugify("Nghị quyết 42-HD/BTCTW ngày 28.10.2025") == (
        "nghi-quyet-42-hd-btctw-ngay-28-10-2025"
    )


def test_address_names_the_organisation_when_the_headline_does_not(client):
    report = report_of("Chi bộ Phòng Đào tạo", "Sinh hoạt thường kỳ tháng 10/2025")
    assert report.slug == "sinh-hoat-thuong-ky-thang-10-2025-chi-bo-phong-dao-tao"
    response = client.get("/tin-tuc/sinh-hoat-thuong-ky-thang-10-2025-chi-bo-phong-dao-tao/")
    assert response.status_code == 200
    assert "Sinh hoạt thường kỳ tháng 10/2025" in response.content.decode()


def test_address_does_not_repeat_a_name_the_headline_already_has():
    report = report_of("Chi bộ Phòng Đào tạo", "Chi bộ Phòng Đào tạo sinh hoạt tháng 10/2025")
    assert report.slug == "chi-bo-phong-dao-tao-sinh-hoat-thang-10-2025"
    short = OrganisationFactory(name="Chi bộ Phòng Tổ chức - Hành chính", short_name="Phòng TCHC")
    meeting = MeetingFactory(organisation=short)
    other = ReportFactory(meeting=meeting, headline="Phòng TCHC sinh hoạt tháng 11/2025")
    assert other.slug == "phong-tchc-sinh-hoat-thang-11-2025"


def test_a_long_headline_is_shortened_but_the_organisation_stays_whole():
    base = article_slug_base("Tin " * 120, "Chi bộ Phòng Đào tạo")
    assert len(base) <= 192 and base.endswith("-chi-bo-phong-dao-tao")


def test_two_reports_with_the_same_headline_get_two_addresses():
    first = report_of("Chi bộ Một", "Sinh hoạt tháng 10/2025")
    meeting = MeetingFactory(organisation=first.meeting.organisation)
    second = ReportFactory(meeting=meeting, headline="Sinh hoạt tháng 10/2025")
    assert first.slug == "sinh-hoat-thang-10-2025-chi-bo-mot"
    assert second.slug == "sinh-hoat-thang-10-2025-chi-bo-mot-2"


def test_old_addresses_redirect_permanently_after_the_change(client):
    """Reports stored with the old rule get the new address; the old one answers 301."""
    report = report_of("Chi bộ Phòng Đào tạo", "Sinh hoạt chi bộ tháng 10/2025")
    models.Report.objects.filter(pk=report.pk).update(slug="sinh-hoat-chi-bo-thang-102025")
    keeps = report_of("Đảng bộ Trường", "Đảng bộ Trường tổng kết năm 2025")

    readdressing.readdress_reports(apps, None)

    report.refresh_from_db()
    assert report.slug == "sinh-hoat-chi-bo-thang-10-2025-chi-bo-phong-dao-tao"
    response = client.get("/tin-tuc/sinh-hoat-chi-bo-thang-102025/")
    assert response.status_code == 301
    assert response["Location"] == "/tin-tuc/sinh-hoat-chi-bo-thang-10-2025-chi-bo-phong-dao-tao/"
    assert client.get(response["Location"]).status_code == 200
    # An address already right is left alone, and run again nothing moves.
    keeps_slug = keeps.slug
    keeps.refresh_from_db()
    assert keeps.slug == keeps_slug
    readdressing.readdress_reports(apps, None)
    assert models.ReportAddress.objects.count() == 1


def test_a_changed_address_keeps_the_old_one_as_a_redirect(client):
    report = report_of("Chi bộ Hai", "Sinh hoạt tháng 9/2025")
    old = report.get_absolute_url()
    report = models.Report.objects.get(pk=report.pk)
    report.slug = "sinh-hoat-chi-bo-hai-thang-9-2025"
    report.save()
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == report.get_absolute_url()
    # Back to the first address: it is the report's own again, not a redirect to itself.
    report.slug = old.strip("/").split("/")[-1]
    report.save()
    assert client.get(old).status_code == 200
    assert client.get("/tin-tuc/sinh-hoat-chi-bo-hai-thang-9-2025/").status_code == 301


def test_a_new_report_never_takes_an_old_address_of_another():
    report = report_of("Chi bộ Ba", "Sinh hoạt tháng 8/2025")
    taken = report.slug
    report = models.Report.objects.get(pk=report.pk)
    report.slug = "dia-chi-moi"
    report.save()
    meeting = MeetingFactory(organisation=report.meeting.organisation)
    other = ReportFactory(meeting=meeting, headline="Sinh hoạt tháng 8/2025")
    assert other.slug == f"{taken}-2"


def test_old_address_of_an_unpublished_report_is_not_found(client):
    report = report_of("Chi bộ Bốn", "Sinh hoạt tháng 7/2025")
    models.ReportAddress.objects.create(report=report, slug="cu-nhap")
    models.Report.objects.filter(pk=report.pk).update(status=models.ReportStatus.DRAFT)
    assert client.get("/tin-tuc/cu-nhap/").status_code == 404
    models.Report.objects.filter(pk=report.pk).update(
        status=models.ReportStatus.PUBLISHED,
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    assert client.get("/tin-tuc/cu-nhap/").status_code == 404
    assert client.get("/tin-tuc/khong-co-dia-chi-nay/").status_code == 404


def test_sitemap_and_feeds_link_the_new_addresses(client):
    report = report_of("Chi bộ Năm", "Sinh hoạt tháng 10/2025")
    models.ReportAddress.objects.create(report=report, slug="sinh-hoat-thang-102025")
    new = "/tin-tuc/sinh-hoat-thang-10-2025-chi-bo-nam/"
    organisation = report.meeting.organisation
    for url in ("/sitemap.xml", "/tin-tuc/rss/", f"/to-chuc/{organisation.slug}/rss/"):
        body = client.get(url).content.decode()
        assert new in body, url
        assert "thang-102025" not in body, url


def test_the_admin_shows_a_reports_old_addresses(client):
    report = report_of("Chi bộ Sáu", "Sinh hoạt tháng 6/2025")
    models.ReportAddress.objects.create(report=report, slug="sinh-hoat-thang-62025")
    admin = models.User.objects.create_superuser("quantri-dia-chi", password="x-mat-khau-dai-2025")
    client.force_login(admin)
    page = client.get(reverse("admin:branchapp_report_change", args=[report.pk]))
    assert page.status_code == 200
    assert "sinh-hoat-thang-62025" in page.content.decode()
