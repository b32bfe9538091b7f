"""The organisation page as a profile: what the organisation is, who leads it, how many members
it has (a number), its targets, awards and congresses as its published reports carry them."""

import datetime
import re

import pytest
from django.utils import timezone

from branchapp import models

from .factories import (
    CellFactory,
    MeetingFactory,
    MemberFactory,
    OrganisationFactory,
    ReportFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def member(organisation, name, status=models.MemberStatus.FULL, **kwargs):
    person = MemberFactory(organisation=organisation, full_name=name, **kwargs)
    models.Member.objects.filter(pk=person.pk).update(status=status)
    return person


def meeting_with_report(organisation, *, published=True, kind="monthly", **report):
    meeting = MeetingFactory(organisation=organisation, date=datetime.date(2024, 12, 20))
    models.MeetingKindTag.objects.create(meeting=meeting, kind=kind)
    status = models.ReportStatus.PUBLISHED if published else models.ReportStatus.DRAFT
    ReportFactory(meeting=meeting, status=status, **report)
    return meeting


def section(html: str, heading_id: str) -> str:
    """The text of the <section> labelled by `heading_id`."""
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', html, re.S)
    assert match, heading_id
    return match.group(0)


@pytest.fixture
def committee():
    province = OrganisationFactory(name="Đảng bộ tỉnh Mẫu")
    return OrganisationFactory(name="Đảng bộ Trường Mẫu", parent=province)


def test_profile_shows_kind_parent_cells_and_member_count(client, committee):
    first = CellFactory(parent=committee, name="Chi bộ Phòng Đào tạo")
    second = CellFactory(parent=committee, name="Chi bộ Phòng Tổ chức")
    CellFactory(parent=committee, name="Chi bộ Đã Giải Thể", valid_to=datetime.date(2020, 1, 1))
    for n in range(3):
        member(first, f"Lê Thị Đào{n}")
    member(second, "Phạm Văn Dự", models.MemberStatus.PROBATIONARY)
    member(second, "Võ Văn Chuyển", models.MemberStatus.TRANSFERRED_OUT)
    member(second, "Hồ Văn Tạm", models.MemberStatus.TEMPORARY)

    html = client.get(committee.get_absolute_url()).content.decode()

    profile = section(html, "org-profile-title")
    assert "Đảng bộ" in profile  # the kind
    parent = re.search(r'<p class="organisation-parent">.*?</p>', html, re.S).group(0)
    assert f'href="{committee.parent.get_absolute_url()}">Đảng bộ tỉnh Mẫu<' in parent
    assert re.search(r'class="org-members">4<', profile)  # 3 full + 1 probationary
    cells = section(html, "org-cells-title")
    assert "Chi bộ Phòng Đào tạo" in cells and "3 đảng viên" in cells
    assert "Chi bộ Phòng Tổ chức" in cells and "1 đảng viên" in cells
    assert f'href="{first.get_absolute_url()}"' in cells
    assert "Đã Giải Thể" not in html
    # Members are a number, never names.
    for name in ("Lê Thị Đào0", "Phạm Văn Dự", "Võ Văn Chuyển", "Hồ Văn Tạm"):
        assert name not in html


def test_officers_of_today_with_their_titles_and_no_personal_data(client, committee):
    secretary = member(
        committee,
        "Nguyễn Văn Bí",
        birth_date=datetime.date(1970, 3, 4),
        phone="0912345678",
        address="12 Đường Số Nhà",
        card_number="93012345",
    )
    deputy = member(committee, "Trần Thị Phó")
    former = member(committee, "Đỗ Văn Cũ")
    P = models.PositionTitle
    models.Position.objects.create(
        member=deputy, organisation=committee, title=P.DEPUTY_SECRETARY, term="2020-2025"
    )
    models.Position.objects.create(
        member=secretary,
        organisation=committee,
        title=P.SECRETARY,
        title_text="Bí thư Đảng ủy",
        start_date=datetime.date(2020, 7, 1),
    )
    models.Position.objects.create(
        member=former,
        organisation=committee,
        title=P.SECRETARY,
        end_date=datetime.date(2020, 6, 30),
    )

    html = client.get(committee.get_absolute_url()).content.decode()

    profile = section(html, "org-profile-title")
    officers = re.findall(r"<li>.*?</li>", profile.split("org-officers", 1)[1], re.S)
    assert "Bí thư Đảng ủy" in officers[0] and "Nguyễn Văn Bí" in officers[0]
    assert "Phó Bí thư" in officers[1] and "Trần Thị Phó" in officers[1]
    assert "2020-2025" in officers[1]
    assert "Đỗ Văn Cũ" not in html
    for private in ("0912345678", "12 Đường Số Nhà", "93012345", "04/03/1970", "1970"):
        assert private not in html


def test_targets_by_year_and_term_only_as_published(client, committee):
    published = meeting_with_report(committee)
    draft = meeting_with_report(committee, published=False)
    A = models.Assessment
    TargetFactory(
        organisation=committee,
        year=2024,
        adopted_at=published,
        assessment=A.EXCEEDED,
        assessment_manual=True,
    )
    TargetFactory(
        organisation=committee,
        year=2024,
        reviewed_at=published,
        assessment=A.ACHIEVED,
        assessment_manual=True,
    )
    TargetFactory(organisation=committee, year=None, term="2020-2025", adopted_at=published)
    TargetFactory(organisation=committee, year=2025, adopted_at=draft)
    TargetFactory(organisation=committee, year=2023)  # typed, never published

    html = client.get(committee.get_absolute_url()).content.decode()

    targets = section(html, "org-targets-title")
    assert f'href="/to-chuc/{committee.slug}/chi-tieu/2024/"' in targets
    assert "2 chỉ tiêu" in targets and "1 vượt" in targets and "1 đạt" in targets
    assert "2020-2025" in targets
    assert "2025/" not in targets and "2023" not in targets


def test_awards_only_from_published_reports_that_show_them(client, committee):
    shown = meeting_with_report(committee)
    hidden = meeting_with_report(committee, hidden_facts=[models.FactPart.AWARDS])
    draft = meeting_with_report(committee, published=False)
    scheduled = meeting_with_report(committee)
    models.Report.objects.filter(meeting=scheduled).update(
        published_at=timezone.now() + datetime.timedelta(days=2)
    )

    def award(meeting, name, **kwargs):
        return models.Award.objects.create(
            form="Giấy khen", organisation=committee, meeting=meeting, recipient_name=name, **kwargs
        )

    award(shown, "Lý Văn Khen", recipient_birth_year=1968, year=2024)
    models.Award.objects.create(
        form="Bằng khen", organisation=committee, meeting=shown, recipient_collective="Chi bộ Tốt"
    )
    award(hidden, "Ẩn Văn Tắt")
    award(draft, "Nháp Văn Chưa")
    award(scheduled, "Hẹn Văn Sau")

    html = client.get(committee.get_absolute_url()).content.decode()

    awards = section(html, "org-awards-title")
    assert "Lý Văn Khen" in awards and "Giấy khen" in awards and "năm 2024" in awards
    assert "Bằng khen" in awards and "Chi bộ Tốt" in awards
    assert f'href="{shown.report.get_absolute_url()}"' in awards
    assert "1968" not in html
    for name in ("Ẩn Văn Tắt", "Nháp Văn Chưa", "Hẹn Văn Sau"):
        assert name not in html


def test_an_awards_block_in_the_body_shows_the_awards_even_with_the_facts_part_off(
    client, committee
):
    meeting = meeting_with_report(committee, hidden_facts=[models.FactPart.AWARDS])
    models.ReportBlock.objects.create(report=meeting.report, order=1, type=models.BlockType.AWARDS)
    models.Award.objects.create(
        form="Giấy khen", organisation=committee, meeting=meeting, recipient_name="Thân Văn Bài"
    )
    html = client.get(committee.get_absolute_url()).content.decode()
    assert "Thân Văn Bài" in section(html, "org-awards-title")


def test_congresses_only_from_published_reports(client, committee):
    congress = meeting_with_report(committee, kind="congress", headline="Đại hội Đảng bộ")
    models.Meeting.objects.filter(pk=congress.pk).update(term="2025-2030")
    election = models.Election.objects.create(meeting=congress, committee_size=7)
    models.ElectedPerson.objects.create(
        election=election, kind="elected", name="Cao Văn Cử", position="Bí thư", order=1
    )
    unpublished = meeting_with_report(committee, kind="congress", published=False)
    secret = models.Election.objects.create(meeting=unpublished, committee_size=9)
    models.ElectedPerson.objects.create(election=secret, kind="elected", name="Kín Văn Chưa")
    hidden = meeting_with_report(
        committee, kind="congress", hidden_facts=[models.FactPart.ELECTION]
    )
    quiet = models.Election.objects.create(meeting=hidden, committee_size=5)
    models.ElectedPerson.objects.create(election=quiet, kind="elected", name="Tắt Văn Bầu")

    html = client.get(committee.get_absolute_url()).content.decode()

    congresses = section(html, "org-congresses-title")
    assert "2025-2030" in congresses and "20/12/2024" in congresses
    assert f'href="{congress.report.get_absolute_url()}"' in congresses
    assert "Cao Văn Cử, Bí thư" in congresses and "7" in congresses
    # The article whose election part is off is listed, without its results.
    assert f'href="{hidden.report.get_absolute_url()}"' in congresses
    assert "Tắt Văn Bầu" not in html
    assert "Kín Văn Chưa" not in html
    assert unpublished.report.get_absolute_url() not in html


def test_profile_follows_a_change_of_the_record(client, committee):
    """The profile is cached under the public content's version: a new officer shows at once."""
    client.get(committee.get_absolute_url())
    models.Position.objects.create(
        member=member(committee, "Mới Văn Nhận"),
        organisation=committee,
        title=models.PositionTitle.SECRETARY,
    )
    assert "Mới Văn Nhận" in client.get(committee.get_absolute_url()).content.decode()


@pytest.mark.parametrize("scale", [1, 10])
def test_profile_queries_do_not_grow(client, committee, django_assert_max_num_queries, scale):
    for n in range(scale):
        cell = CellFactory(parent=committee)
        for k in range(3):
            member(cell, f"Thành Viên {n} {k}")
        models.Position.objects.create(
            member=member(committee, f"Cán Bộ {n}"),
            organisation=committee,
            title=models.PositionTitle.COMMITTEE_MEMBER,
        )
        meeting = meeting_with_report(committee, kind="congress")
        election = models.Election.objects.create(meeting=meeting, committee_size=5)
        models.ElectedPerson.objects.create(election=election, kind="elected", name=f"Bầu {n}")
        models.Award.objects.create(
            form="Giấy khen", organisation=committee, meeting=meeting, recipient_name=f"Khen {n}"
        )
        TargetFactory(organisation=committee, year=2010 + n, adopted_at=meeting)
    # The page's 8 (with the savepoint and its release) and six for the profile: cells,
    # members, officers, targets, awards, congresses and their elected committees.
    with django_assert_max_num_queries(14):
        response = client.get(committee.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count("Cán Bộ ") == scale
