"""Issue 12, "Done when": each kind of meeting recorded in the browser through the workspace
alone (sign in, menu → record a meeting → fill → save → public report → draft → publish), and
its public article showing the record's public facts, never the private ones.

Only the members are made on the Django side; everything about each meeting goes through the
pages. The browser and one context are shared by the whole module (one sign-in per test, as
the database is emptied between tests)."""

import datetime

import pytest
from playwright.sync_api import expect

from branchapp.models import Meeting, Member, MemberStatus, Report
from branchapp.scoping import SECRETARIAT_ROLE
from tests.factories import (
    CellFactory,
    MemberFactory,
    OrganisationFactory,
    default_majority_rules,
    user_with_role,
)

from .pages import (
    MONTHLY_COUNTS,
    fill_admissions,
    fill_counts,
    fill_date,
    fill_election,
    sign_in,
)

PERSONAL = ("0913 456 789", "Số 12 đường Nguyễn Huệ", "79.012345")  # phone, address, card
KINDS = "input[name='meeting-kinds']"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def context(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def page(context):
    context.clear_cookies()
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    page.close()


@pytest.fixture
def school():
    """A committee (Đảng bộ) with two cells; each member carries personal data that must never
    reach a public page."""
    default_majority_rules()
    committee = OrganisationFactory(name="Đảng bộ Trường Chính trị tỉnh Đồng Tháp")
    training = CellFactory(name="Chi bộ Phòng Đào tạo", parent=committee)
    theory = CellFactory(name="Chi bộ Khoa Lý luận cơ sở", parent=committee)
    people = {}
    for cell, names in (
        (training, ("Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Cường", "Phạm Thu Dung")),
        (theory, ("Nguyễn Phước Dũng", "Lê Minh Hiếu", "Võ Thị Thu", "Ngô Văn Lâm")),
    ):
        for name in names:
            number = f"{PERSONAL[2]}{len(people):02d}"
            people[name] = MemberFactory(
                full_name=name,
                organisation=cell,
                birth_date=datetime.date(1978, 3, 14),
                phone=PERSONAL[0],
                address=PERSONAL[1],
                card_number=number,
            )
    user_with_role(SECRETARIAT_ROLE, committee, username="thuky", first_name="Khả")
    return committee, training, theory, people


def new_meeting(page, base, organisation, kinds):
    """From the menu: record a meeting, choose the organisation, tick the kinds."""
    sign_in(page, base)
    page.locator("nav a[href='/workspace/cuoc-hop/them/']").first.click()
    page.click(f"a[href='?to-chuc={organisation.pk}']")
    expect(page.locator("#id_meeting-title")).to_be_visible()
    for box in page.locator(KINDS).all():
        if box.get_attribute("value") in kinds:
            box.check()
        else:
            box.uncheck()


def fill_committee_counts(page, *, present, excused):
    """The committee's 48 convened in numbers: two of those present probationary, nobody
    absent without a reason."""
    page.check("input[name='counts-attendance_mode'][value='counts']")
    fill_counts(
        page,
        convened=48,
        present=present,
        present_full=present - 2,
        present_probationary=2,
        excused=excused,
        unexcused=0,
    )


def add_row(page, prefix):
    page.locator(f"[data-prefix={prefix}]").get_by_role("button", name="Thêm dòng").first.click()


def save(page):
    page.click(".ws-actions button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu cuộc họp.")


def publish(page, base, organisation, title):
    """The report from the meeting's page: a draft generated, previewed, published. Returns
    the public article's facts section and body."""
    meeting = Meeting.objects.get(organisation=organisation, title=title)
    page.goto(f"{base}/workspace/cuoc-hop/{meeting.pk}/")
    page.click(f"a[href='/workspace/cuoc-hop/{meeting.pk}/bao-cao/']")
    page.click("button:has-text('Tạo bản nháp')")
    page.click("button[name=then][value=preview]")
    expect(page.locator(".ws-preview .article-title")).to_be_visible()
    page.click("button:has-text('Xuất bản ngay')")
    expect(page.locator(".alert-success")).to_contain_text("Đã xuất bản bản tin.")
    report = Report.objects.published().get(meeting=meeting)
    page.goto(f"{base}{report.get_absolute_url()}")
    facts = page.locator(".article-facts")
    expect(facts.get_by_role("heading", level=2)).to_have_text("Thông tin hội nghị")
    return meeting, facts, page.locator("body")


def never_public(body, *texts):
    for text in (*PERSONAL, "14/03/1978", *texts):
        expect(body).not_to_contain_text(text)


def test_monthly_meeting_with_counts_only(page, live_server, school):
    _committee, training, _theory, _people = school
    base = live_server.url
    title = "Sinh hoạt chi bộ tháng 10/2025"
    new_meeting(page, base, training, {"monthly"})
    page.fill("#id_meeting-title", title)
    fill_date(page, "#id_meeting-date", datetime.date(2025, 10, 4))
    page.fill("#id_meeting-start_time", "14:00")
    page.fill("#id_meeting-end_time", "16:30")
    page.fill("#id_meeting-place", "Phòng họp tầng 2, nhà A")
    page.select_option("#id_chairs-0-member", label="Nguyễn Văn An")
    page.fill("#id_chairs-0-position", "Bí thư Chi bộ")
    page.select_option("#id_minute_taker-0-member", label="Trần Thị Bình")
    # The report says "28 đảng viên có mặt" of 30: only four members are on record.
    page.check("input[name='counts-attendance_mode'][value='counts']")
    fill_counts(page, **MONTHLY_COUNTS)
    expect(page.locator(".js-quorum")).to_contain_text("Đủ số lượng: 25/25")
    page.fill("#id_agenda-0-title", "Kiểm điểm tháng 9, triển khai nhiệm vụ tháng 10")
    page.fill("#id_agenda-0-opinions-0-name", "Lê Minh Cường")
    page.fill("#id_agenda-0-opinions-0-summary", "Đề nghị đẩy nhanh tiến độ thu đảng phí.")
    page.fill("#id_agenda-0-opinion_count", "4")
    page.fill("#id_meeting-conclusion", "Chi bộ thống nhất triển khai nhiệm vụ tháng 10.")
    page.fill("#id_tasks-0-description", "Hoàn thành thu đảng phí quý IV")
    page.fill("#id_tasks-0-assignee", "Phạm Thu Dung")
    save(page)

    meeting, facts, body = publish(page, base, training, title)
    assert (meeting.convened, meeting.present) == (30, 28)
    # The generated draft gives the conclusion.
    expect(page.locator(".article-body")).to_contain_text(
        "Chi bộ thống nhất triển khai nhiệm vụ tháng 10."
    )
    expect(facts).to_contain_text("14:00 – 16:30, 04/10/2025")
    expect(facts).to_contain_text("Phòng họp tầng 2, nhà A")
    expect(facts).to_contain_text("đồng chí Nguyễn Văn An, Bí thư Chi bộ")
    figures = facts.locator(".facts-figures")
    expect(figures.locator("tr", has_text="Có mặt").first).to_contain_text("28")
    expect(figures).to_contain_text("30")
    # Reviewed month and planned month, from the kind and the date.
    expect(facts).to_contain_text("Tháng 9/2025")
    expect(facts).to_contain_text("Tháng 10/2025")
    never_public(body, "Đề nghị đẩy nhanh tiến độ thu đảng phí", "Hoàn thành thu đảng phí quý IV")


def test_thematic_meeting_with_a_roll(page, live_server, school):
    _committee, _training, theory, _people = school
    base = live_server.url
    title = "Sinh hoạt chuyên đề quý III/2025"
    theme = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về tinh thần tự học"
    new_meeting(page, base, theory, {"thematic"})
    page.fill("#id_meeting-title", title)
    fill_date(page, "#id_meeting-date", datetime.date(2025, 9, 20))
    page.select_option("#id_meeting-part_of_day", "morning")
    page.fill("#id_meeting-place", "Hội trường B")
    page.fill("#id_meeting-theme", theme)
    page.select_option("#id_chairs-0-member", label="Nguyễn Phước Dũng")
    page.fill("#id_chairs-0-position", "Bí thư Chi bộ")
    row = page.locator(".js-attendance-row", has_text="Ngô Văn Lâm")
    row.locator("input[value=excused]").check()
    row.locator(".js-reason").fill("Đi công tác tại Hà Nội")
    page.fill("#id_documents-0-kind", "Chỉ thị")
    page.fill("#id_documents-0-number", "05-CT/TW")
    fill_date(page, "#id_documents-0-date", datetime.date(2016, 5, 15))
    page.fill("#id_documents-0-issuer", "Bộ Chính trị")
    page.fill(
        "#id_documents-0-title",
        "về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    )
    page.fill("#id_agenda-0-title", "Trao đổi, thảo luận chuyên đề")
    page.fill("#id_agenda-0-opinions-0-name", "Võ Thị Thu")
    page.fill("#id_agenda-0-opinions-0-summary", "Cần gắn chuyên đề với nhiệm vụ giảng dạy.")
    page.fill("#id_meeting-conclusion", "Mỗi đảng viên đăng ký một việc làm theo gương Bác.")
    save(page)

    _meeting, facts, body = publish(page, base, theory, title)
    expect(facts).to_contain_text("Buổi sáng, 20/09/2025")
    expect(facts).to_contain_text(theme)
    expect(facts).to_contain_text("Hội trường B")
    expect(facts).to_contain_text("Chỉ thị số 05-CT/TW ngày 15/05/2016 của Bộ Chính trị")
    figures = facts.locator(".facts-figures")
    expect(figures.locator("tr", has_text="Có mặt").first).to_contain_text("3")
    never_public(
        body, "Ngô Văn Lâm", "Đi công tác tại Hà Nội", "Cần gắn chuyên đề với nhiệm vụ giảng dạy"
    )


def test_committee_periodic_meeting_like_the_sample(page, live_server, school):
    committee, _training, _theory, _people = school
    base = live_server.url
    title = "Đảng bộ Trường Chính trị tỉnh Đồng Tháp tổ chức sinh hoạt đảng bộ định kỳ năm 2025"
    new_meeting(page, base, committee, {"periodic"})
    page.fill("#id_meeting-title", title)
    fill_date(page, "#id_meeting-date", datetime.date(2025, 12, 31))
    page.select_option("#id_meeting-part_of_day", "afternoon")
    page.fill("#id_meeting-place", "Hội trường Trường Chính trị")
    # Two chairs, as the sample prints them: "đ/c …, Bí thư Đảng ủy; đ/c …, Đảng ủy viên…".
    page.select_option("#id_chairs-0-member", label="Nguyễn Phước Dũng")
    page.fill("#id_chairs-0-position", "Bí thư Đảng ủy")
    add_row(page, "chairs")
    page.select_option("#id_chairs-1-member", label="Lê Minh Hiếu")
    page.fill("#id_chairs-1-position", "Đảng ủy viên, Chủ tịch Công đoàn cơ sở")
    fill_committee_counts(page, present=45, excused=3)
    page.fill("#id_agenda-0-title", "Báo cáo công tác xây dựng Đảng năm 2025")
    page.fill("#id_meeting-conclusion", "Đảng ủy đề ra 09 chỉ tiêu chủ yếu năm 2026.")
    save(page)

    _meeting, facts, _body = publish(page, base, committee, title)
    expect(facts).to_contain_text("Buổi chiều, 31/12/2025")
    expect(facts).to_contain_text("đồng chí Nguyễn Phước Dũng, Bí thư Đảng ủy")
    expect(facts).to_contain_text("đồng chí Lê Minh Hiếu, Đảng ủy viên, Chủ tịch Công đoàn cơ sở")
    figures = facts.locator(".facts-figures")
    expect(figures.locator("tr", has_text="Có mặt").first).to_contain_text("45")
    expect(figures).to_contain_text("48")


def test_year_end_review_with_tallies_and_figures(page, live_server, school):
    committee, _training, _theory, _people = school
    base = live_server.url
    title = "Hội nghị tổng kết công tác xây dựng Đảng năm 2025"
    new_meeting(page, base, committee, {"review_conference", "rating"})
    page.fill("#id_meeting-title", title)
    # Held in January: it reviews last year.
    fill_date(page, "#id_meeting-date", datetime.date(2026, 1, 13))
    page.fill("#id_meeting-start_time", "07:30")
    page.fill("#id_meeting-place", "Hội trường A")
    page.select_option("#id_chairs-0-member", label="Nguyễn Phước Dũng")
    page.fill("#id_chairs-0-position", "Bí thư Đảng ủy")
    expect(page.locator("#yearend details")).to_have_attribute("open", "")
    expect(page.locator("#id_tallies-0-year")).to_have_value("2025")
    expect(page.locator("#id_tallies-0-scope")).to_have_value("members")
    for index, values in (
        (0, (46, 1, 1, 9, 33, 3, 1)),  # 48 members
        (1, (2, 0, 0, 1, 1, 0, 0)),  # the 2 cells directly under
    ):
        for name, value in zip(
            ("rated", "exempt", "not_rated", "excellent", "good", "completed", "not_completed"),
            values,
            strict=True,
        ):
            page.fill(f"#id_tallies-{index}-{name}", str(value))
    page.fill("#id_figures-0-branches", "2")
    page.fill("#id_figures-0-members", "48")
    page.fill("#id_figures-0-probationary", "2")
    page.fill("#id_meeting-conclusion", "Hội nghị thống nhất 09 chỉ tiêu năm 2026.")
    save(page)

    _meeting, facts, _body = publish(page, base, committee, title)
    expect(facts).to_contain_text("07:30")
    expect(facts).to_contain_text("13/01/2026")
    expect(facts).to_contain_text("Năm 2025")  # the period reviewed
    # The tables of the year (the attendance table comes first, its caption names no year).
    ratings = facts.locator(".facts-figures", has_text="năm 2025")
    expect(ratings.first).to_contain_text("46")
    expect(ratings.first).to_contain_text("33")
    expect(ratings.filter(has_text="Chi bộ trực thuộc").first).to_be_visible()
    expect(ratings.last).to_contain_text("48")


def test_congress_with_elections(page, live_server, school):
    committee, _training, _theory, _people = school
    base = live_server.url
    title = "Đại hội Đảng bộ Trường Chính trị tỉnh Đồng Tháp lần thứ VI, nhiệm kỳ 2025-2030"
    new_meeting(page, base, committee, {"congress"})
    expect(page.locator("#election")).to_be_visible()
    page.fill("#id_meeting-title", title)
    fill_date(page, "#id_meeting-date", datetime.date(2025, 6, 20))
    fill_date(page, "#id_meeting-end_date", datetime.date(2025, 6, 21))
    page.fill("#id_meeting-start_time", "07:30")
    page.fill("#id_meeting-place", "Hội trường A")
    page.fill("#id_meeting-term", "2025-2030")
    page.select_option("#id_chairs-0-member", label="Nguyễn Phước Dũng")
    page.fill("#id_chairs-0-position", "Bí thư Đảng ủy nhiệm kỳ 2020-2025")
    fill_committee_counts(page, present=46, excused=2)
    fill_election(
        page,
        committee_size=7,
        elected=[
            ("Nguyễn Phước Dũng", "Bí thư Đảng ủy", True),
            ("", "Phó Bí thư Đảng ủy", False),  # known only by position
            ("Lê Minh Hiếu", "Ủy viên Ban Chấp hành", False),
        ],
        delegates=[("Nguyễn Phước Dũng", False), ("Võ Thị Thu", True)],
    )
    page.select_option("#id_votes-0-subject", "resolution")
    page.fill("#id_votes-0-about", "Nghị quyết Đại hội nhiệm kỳ 2025-2030")
    page.fill("#id_votes-0-in_favour", "46")
    page.fill("#id_votes-0-against", "0")
    page.fill("#id_votes-0-abstaining", "0")
    page.fill("#id_meeting-conclusion", "Đại hội thông qua Nghị quyết nhiệm kỳ 2025-2030.")
    save(page)

    _meeting, facts, _body = publish(page, base, committee, title)
    expect(facts).to_contain_text("20/06/2025")
    expect(facts).to_contain_text("21/06/2025")
    expect(facts).to_contain_text("2025-2030")
    expect(facts).to_contain_text("Số lượng cấp ủy viên: 7 đồng chí.")
    elected = facts.locator("ol.facts-items").first
    expect(elected).to_contain_text("Nguyễn Phước Dũng, Bí thư Đảng ủy (tái cử)")
    expect(elected).to_contain_text("Phó Bí thư Đảng ủy")
    expect(elected).to_contain_text("Lê Minh Hiếu, Ủy viên Ban Chấp hành")
    expect(facts).to_contain_text("Đại biểu dự khuyết")
    expect(facts.locator("ol.facts-items").last).to_contain_text("Võ Thị Thu")
    figures = facts.locator(".facts-figures")
    expect(figures.locator("tr", has_text="Có mặt").first).to_contain_text("46")


def test_admission_ceremony_for_two_people(page, live_server, school):
    _committee, training, _theory, _people = school
    base = live_server.url
    title = "Lễ kết nạp đảng viên mới Chi bộ Phòng Đào tạo"
    day = datetime.date(2025, 11, 15)
    new_meeting(page, base, training, {"admission"})
    page.fill("#id_meeting-title", title)
    fill_date(page, "#id_meeting-date", day)
    page.fill("#id_meeting-start_time", "08:00")
    page.fill("#id_meeting-place", "Phòng truyền thống")
    page.select_option("#id_chairs-0-member", label="Nguyễn Văn An")
    page.fill("#id_chairs-0-position", "Bí thư Chi bộ")
    people = [
        ("Võ Thị Hoa", "Quần chúng ưu tú", "Trần Thị Bình", "125-QĐ/ĐU"),
        ("Đặng Văn Khoa", "Cảm tình Đảng", "Lê Minh Cường", "126-QĐ/ĐU"),
    ]
    fill_admissions(
        page,
        people,
        decision_date=datetime.date(2025, 11, 5),
        issuer="Đảng ủy Trường Chính trị",
    )
    save(page)

    _meeting, facts, _body = publish(page, base, training, title)
    for name, _prior, _mentor, number in people:
        member = Member.objects.get(full_name=name)
        assert (member.status, member.admission_date) == (MemberStatus.PROBATIONARY, day)
        line = facts.locator(".facts-items li", has_text=name)
        expect(line).to_contain_text("Kết nạp")
        expect(line).to_contain_text(f"{number} ngày 05/11/2025 của Đảng ủy Trường Chính trị")
    expect(facts).to_contain_text("08:00")
    expect(facts).to_contain_text("15/11/2025")


def test_confirmation_of_a_member_admitted_over_a_year_before(page, live_server, school):
    _committee, _training, theory, _people = school
    MemberFactory(
        full_name="Trương Thị Mai",
        organisation=theory,
        status=MemberStatus.PROBATIONARY,
        admission_date=datetime.date(2024, 9, 2),
        confirmation_date=None,
        phone=PERSONAL[0],
    )
    base = live_server.url
    title = "Hội nghị xét công nhận đảng viên chính thức"
    new_meeting(page, base, theory, {"confirmation"})
    page.fill("#id_meeting-title", title)
    fill_date(page, "#id_meeting-date", datetime.date(2025, 9, 10))
    page.fill("#id_meeting-place", "Phòng họp Khoa Lý luận cơ sở")
    page.select_option("#id_chairs-0-member", label="Nguyễn Phước Dũng")
    page.fill("#id_chairs-0-position", "Bí thư Chi bộ")
    page.select_option("#id_events-0-type", "confirmation")
    page.select_option("#id_events-0-member", label="Trương Thị Mai")
    page.fill("#id_events-0-decision_number", "210-QĐ/ĐU")
    fill_date(page, "#id_events-0-decision_date", datetime.date(2025, 9, 25))
    page.fill("#id_events-0-decision_issuer", "Đảng ủy Trường Chính trị")
    page.select_option("#id_votes-0-subject", "confirmation")
    page.fill("#id_votes-0-about", "Trương Thị Mai")
    page.fill("#id_votes-0-in_favour", "5")
    page.fill("#id_votes-0-against", "0")
    page.fill("#id_votes-0-abstaining", "0")
    save(page)

    _meeting, facts, body = publish(page, base, theory, title)
    line = facts.locator(".facts-items li", has_text="Trương Thị Mai")
    expect(line).to_contain_text("Công nhận đảng viên chính thức")
    expect(line).to_contain_text("210-QĐ/ĐU ngày 25/09/2025 của Đảng ủy Trường Chính trị")
    expect(facts).to_contain_text("10/09/2025")
    never_public(body, "02/09/2024")


def test_party_badge_ceremony(page, live_server, school):
    committee, _training, _theory, _people = school
    base = live_server.url
    title = "Lễ trao Huy hiệu Đảng đợt 7/11/2025"
    new_meeting(page, base, committee, {"badge_ceremony"})
    page.fill("#id_meeting-title", title)
    fill_date(page, "#id_meeting-date", datetime.date(2025, 11, 7))
    page.fill("#id_meeting-start_time", "09:00")
    page.fill("#id_meeting-place", "Hội trường A")
    page.select_option("#id_chairs-0-member", label="Nguyễn Phước Dũng")
    page.fill("#id_chairs-0-position", "Bí thư Đảng ủy")
    page.fill("#id_guests-0-name", "Huỳnh Văn Tài")
    page.fill("#id_guests-0-position", "Phó Bí thư Đảng ủy Khối các cơ quan tỉnh")
    page.fill("#id_awards-0-form", "Huy hiệu Đảng")
    page.fill("#id_awards-0-badge_years", "30")
    page.select_option("#id_awards-0-recipient_member", label="Lê Minh Hiếu")
    page.fill("#id_awards-0-issuer", "Tỉnh ủy Đồng Tháp")
    page.fill("#id_awards-0-decision_number", "1520-QĐ/TU")
    fill_date(page, "#id_awards-0-decision_date", datetime.date(2025, 10, 20))
    save(page)

    _meeting, facts, body = publish(page, base, committee, title)
    expect(facts).to_contain_text("09:00")
    expect(facts).to_contain_text("07/11/2025")
    expect(facts).to_contain_text(
        "đồng chí Huỳnh Văn Tài, Phó Bí thư Đảng ủy Khối các cơ quan tỉnh"
    )
    award = body.locator("li", has_text="Huy hiệu Đảng 30 năm").first
    expect(award).to_contain_text("Lê Minh Hiếu")
    expect(award).to_contain_text("1520-QĐ/TU")
    expect(award).to_contain_text("20/10/2025")
    never_public(body)
