import pytest
from django.core.management import call_command

from branchapp.models import (
    Assessment,
    Award,
    BlockType,
    InspectionCase,
    Meeting,
    Member,
    MemberEvent,
    MemberRating,
    Organisation,
    Photo,
    Report,
    Target,
    User,
)
from branchapp.sample import COMMITTEE_NAME, HEADLINE

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample():
    call_command("load_sample", verbosity=0)
    return Meeting.objects.get(organisation__name=COMMITTEE_NAME)


def test_sample_meeting_facts(sample):
    assert sample.date.strftime("%d/%m/%Y") == "31/12/2021"
    assert sample.part_of_day == "afternoon"
    chairs = [(p.name, p.position) for p in sample.people.filter(role="chair")]
    assert chairs == [
        ("Nguyễn Phước Dũng", "Bí thư Đảng ủy"),
        ("Lê Minh Hiếu", "Đảng ủy viên, Chủ tịch Công đoàn cơ sở"),
    ]
    assert sample.organisation.children.count() == 4


def test_sample_report_blocks_in_order(sample):
    report = sample.report
    assert report.headline == HEADLINE
    assert report.author_name == "Mai Quang Khả"
    captions = [
        b.photo.caption for b in report.blocks.filter(type=BlockType.PHOTO).order_by("order")
    ]
    assert captions == [
        "Đ/c Nguyễn Phước Dũng, Bí thư Đảng ủy phát biểu tại Hội nghị",
        "Quang cảnh Hội nghị",
        "Đ/c Nguyễn Phước Dũng trao Giấy khen cho đảng viên đạt thành tích năm 2021",
    ]
    types = list(report.blocks.values_list("type", flat=True))
    assert types.index(BlockType.TARGETS) < types.index(BlockType.AWARDS)
    assert report.is_public
    assert "dang bo dinh ky" in report.search_document


def test_sample_targets_as_the_article_gives_them(sample):
    reviewed = Target.objects.filter(year=2021, reviewed_at=sample).order_by("order")
    assert [t.assessment for t in reviewed] == [
        Assessment.EXCEEDED,
        Assessment.EXCEEDED,
        Assessment.ACHIEVED,
        Assessment.EXCEEDED,
        Assessment.EXCEEDED,
        Assessment.EXCEEDED,
        Assessment.EXCEEDED,
    ]
    assert reviewed[4].actual_text == "Đạt 103% so với kế hoạch đào tạo, bồi dưỡng 2021."
    assert Target.objects.filter(year=2022, adopted_at=sample).count() == 9


def test_sample_year_figures(sample):
    ratings = MemberRating.objects.filter(year=2021)
    assert ratings.count() == 20
    assert ratings.filter(level="excellent").count() == 4
    assert MemberEvent.objects.filter(meeting=sample, type="admission").count() == 1
    assert MemberEvent.objects.filter(meeting=sample, type="confirmation").count() == 1
    cases = InspectionCase.objects.filter(year=2021)
    assert cases.filter(kind="inspection").count() == 2
    assert cases.filter(kind="supervision").count() == 2
    assert Award.objects.filter(meeting=sample).exists()


def test_load_sample_twice_changes_nothing(sample):
    counts = [m.objects.count() for m in (Organisation, Member, Meeting, Report, Photo, Target)]
    call_command("load_sample", verbosity=0)
    assert counts == [
        m.objects.count() for m in (Organisation, Member, Meeting, Report, Photo, Target)
    ]


def test_setup_demo_generates_passwords_once(capsys):
    call_command("setup_demo")
    first = capsys.readouterr().out
    assert "quantri /" in first and "thuky /" in first
    password = first.split("thuky / ")[1].split()[0]
    assert User.objects.get(username="thuky").check_password(password)
    assert Meeting.objects.exists()
    call_command("setup_demo")
    assert "thuky /" not in capsys.readouterr().out
