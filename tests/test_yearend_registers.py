"""Registers: filters, accent-free search, CSV/XLSX export, the member import, permissions."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from branchapp.models import (
    Attendance,
    AttendanceStatus,
    Award,
    DisciplineAction,
    Member,
    MemberEvent,
    MemberEventType,
)
from branchapp.selectors import reminders
from branchapp.services import member_import

from .factories import (
    CellFactory,
    MeetingFactory,
    MemberFactory,
    OrganisationFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db
Y = 2021


@pytest.fixture
def tree():
    committee = OrganisationFactory(name="Đảng bộ Trường")
    a = CellFactory(parent=committee, name="Chi bộ Khoa Xây dựng Đảng")
    b = CellFactory(parent=committee, name="Chi bộ Phòng Tổ chức - Hành chính")
    MemberFactory(
        organisation=a,
        full_name="Nguyễn Phước Dũng",
        card_number="79.001234",
        birth_date=datetime.date(1970, 3, 10),
        sex="male",
        job_title="Hiệu trưởng",
    )
    MemberFactory(
        organisation=a,
        full_name="Trần Thị Mỹ Linh",
        card_number="79.001235",
        birth_date=datetime.date(1985, 4, 2),
        sex="female",
    )
    MemberFactory(
        organisation=b,
        full_name="Đặng Thị Ngọc Ánh",
        card_number=None,
        birth_date=datetime.date(1990, 1, 5),
        sex="female",
        admission_date=datetime.date(2021, 5, 19),
        confirmation_date=None,
    )
    return committee, a, b


def url(org, name, year=Y):
    return f"/workspace/nam/{org.pk}/{year}/so/{name}/"


def test_member_register_filters_and_searches_without_accents(client, tree):
    committee, a, b = tree
    client.force_login(user_with_role("Văn phòng", committee))
    everyone = client.get(url(committee, "dang-vien")).content.decode()
    assert all(
        n in everyone for n in ("Nguyễn Phước Dũng", "Trần Thị Mỹ Linh", "Đặng Thị Ngọc Ánh")
    )
    by_cell = client.get(url(committee, "dang-vien"), {"cell": b.pk}).content.decode()
    assert "Đặng Thị Ngọc Ánh" in by_cell and "Nguyễn Phước Dũng" not in by_cell
    found = client.get(url(committee, "dang-vien"), {"q": "phuoc dung"}).content.decode()
    assert "Nguyễn Phước Dũng" in found and "Trần Thị Mỹ Linh" not in found
    probationary = client.get(
        url(committee, "dang-vien"), {"category": "probationary", "on": "31/12/2021"}
    ).content.decode()
    assert "Đặng Thị Ngọc Ánh" in probationary and "Trần Thị Mỹ Linh" not in probationary
    by_status = client.get(url(committee, "dang-vien"), {"status": "probationary"}).content.decode()
    assert "Đặng Thị Ngọc Ánh" in by_status and "Trần Thị Mỹ Linh" not in by_status


def test_member_register_and_export_in_vietnamese_order(client, tree):
    committee, a, b = tree
    Member.objects.all().delete()
    for family, given in [("Lê", "Đặng"), ("Phạm", "Dương"), ("Hồ", "Đinh")]:
        MemberFactory(organisation=a, full_name=f"{family} Văn {given}")
    for family, given in [("Vũ", "Anh"), ("Trần", "Ánh"), ("Ngô", "Bảo")]:
        MemberFactory(organisation=b, full_name=f"{family} Thị {given}")
    expected = [
        "Vũ Thị Anh", "Trần Thị Ánh", "Ngô Thị Bảo", "Phạm Văn Dương", "Lê Văn Đặng", "Hồ Văn Đinh"
    ]  # fmt: skip
    client.force_login(user_with_role("Văn phòng", committee))
    page = client.get(url(committee, "dang-vien")).content.decode()
    positions = [page.index(name) for name in expected]
    assert positions == sorted(positions)
    exported = client.get(url(committee, "dang-vien"), {"xuat": "csv"}).content
    rows = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == expected


def test_csv_export_is_utf8_with_bom_and_keeps_filters(client, tree):
    committee, a, b = tree
    client.force_login(user_with_role("Văn phòng", committee))
    response = client.get(url(committee, "dang-vien"), {"cell": a.pk, "xuat": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Họ và tên", "Giới tính", "Ngày sinh", "Số thẻ đảng viên"]
    assert sorted(r[0] for r in rows[1:]) == ["Nguyễn Phước Dũng", "Trần Thị Mỹ Linh"]
    assert rows[1][2] in ("10/03/1970", "02/04/1985")


def test_member_xlsx_round_trip(client, tree):
    committee, a, b = tree
    client.force_login(UserFactory(is_superuser=True))
    exported = client.get(url(committee, "dang-vien"), {"xuat": "xlsx"}).content
    before = {
        m.full_name: (
            m.sex,
            m.birth_date,
            m.card_number,
            m.admission_date,
            m.confirmation_date,
            m.organisation_id,
            m.job_title,
        )
        for m in Member.objects.all()
    }
    # Re-importing the export changes nothing.
    preview = member_import.members_import_preview(
        organisation=committee, filename="dang-vien.xlsx", content=exported
    )
    assert not preview.has_errors
    assert [r.action for r in preview.rows] == ["unchanged"] * 3
    # Into an empty register, the same file brings every member back as they were.
    Member.objects.all().delete()
    preview = member_import.members_import_preview(
        organisation=committee, filename="dang-vien.xlsx", content=exported
    )
    assert preview.to_create == 3
    member_import.members_import_apply(organisation=committee, preview=preview)
    after = {
        m.full_name: (
            m.sex,
            m.birth_date,
            m.card_number,
            m.admission_date,
            m.confirmation_date,
            m.organisation_id,
            m.job_title,
        )
        for m in Member.objects.all()
    }
    assert after == before


def xlsx(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


HEADER = [
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Số thẻ đảng viên",
    "Ngày vào Đảng",
    "Ngày chính thức",
    "Chi bộ",
]


def test_import_reports_errors_by_row_and_column_and_writes_nothing(client, tree):
    committee, a, b = tree
    client.force_login(UserFactory(is_superuser=True))
    content = xlsx(
        [
            HEADER,
            [
                "Lê Văn Mới",
                "Nam",
                "12/31/1990",
                "79.009999",
                "19/05/2015",
                "19/05/2016",
                "Chi bộ Khoa Xây dựng Đảng",
            ],
            ["", "Nữ", "01/02/1991", "", "", "", "Chi bộ Khoa Xây dựng Đảng"],
            ["Phạm Văn Hai", "Nam", "", "79.009999", "", "", "Chi bộ Không Có"],
            [
                "Võ Thị Ba",
                "Không rõ",
                "",
                "",
                "19/05/2016",
                "19/05/2015",
                "Chi bộ Khoa Xây dựng Đảng",
            ],
        ]
    )
    count = Member.objects.count()
    response = client.post(
        f"/workspace/nam/{committee.pk}/nhap-dang-vien/",
        {"file": SimpleUploadedFile("ds.xlsx", content)},
    )
    assert response.status_code == 200
    errors = response.context["preview"].errors
    assert errors == [
        (2, "Ngày sinh", "“12/31/1990” không phải là ngày viết theo ngày/tháng/năm."),
        (3, "Họ và tên", "Trường này là bắt buộc."),
        (4, "Chi bộ", "Không có chi bộ tên “Chi bộ Không Có” trong Đảng bộ Trường."),
        (4, "Số thẻ đảng viên", "Số thẻ đảng viên này đã có ở dòng 2."),
        (5, "Giới tính", "Ghi “Nam” hoặc “Nữ”."),
        (
            5,
            "Ngày chính thức",
            "Đảng viên không thể được công nhận chính thức trước ngày được kết nạp.",
        ),
    ]
    assert "Xác nhận nhập" not in response.content.decode()
    # Confirming without a clean preview imports nothing either.
    client.post(f"/workspace/nam/{committee.pk}/nhap-dang-vien/", {"action": "confirm"})
    assert Member.objects.count() == count


def test_import_clean_csv_after_confirmation_then_again_changes_nothing(client, tree):
    committee, a, b = tree
    client.force_login(UserFactory(is_superuser=True))
    text = (
        "\ufeff"
        + ";".join(HEADER)
        + "\n"
        + ";".join(
            [
                "Lê Văn Mới",
                "Nam",
                "05/01/1990",
                "79.009999",
                "19/05/2015",
                "19/05/2016",
                "chi bộ khoa xây dựng đảng",
            ]
        )
        + "\n"
    )
    upload = f"/workspace/nam/{committee.pk}/nhap-dang-vien/"
    preview = client.post(upload, {"file": SimpleUploadedFile("ds.csv", text.encode())})
    assert preview.context["preview"].to_create == 1
    assert not Member.objects.filter(full_name="Lê Văn Mới").exists()
    client.post(upload, {"action": "confirm"})
    member = Member.objects.get(full_name="Lê Văn Mới")
    assert member.birth_date == datetime.date(1990, 1, 5) and member.organisation == a
    again = client.post(upload, {"file": SimpleUploadedFile("ds.csv", text.encode())})
    assert again.context["preview"].unchanged == 1
    assert "không có gì để nhập" in again.content.decode()
    assert Member.objects.filter(full_name="Lê Văn Mới").count() == 1


def test_discipline_register_is_for_administrators_only(client, tree):
    committee, a, b = tree
    member = Member.objects.get(full_name="Trần Thị Mỹ Linh")
    DisciplineAction.objects.create(
        organisation=committee,
        member=member,
        form="reprimand",
        date=datetime.date(Y, 6, 1),
        reason="Vi phạm quy định",
    )
    client.force_login(user_with_role("Văn phòng", committee))
    assert client.get(url(committee, "ky-luat")).status_code == 403
    assert client.get(url(committee, "ky-luat"), {"xuat": "csv"}).status_code == 403
    assert "Kỷ luật" not in client.get(url(committee, "dang-vien")).content.decode()
    client.force_login(user_with_role("Quản trị", committee))
    page = client.get(url(committee, "ky-luat"))
    assert page.status_code == 200 and "Vi phạm quy định" in page.content.decode()


def test_registers_are_scoped(client, tree):
    committee, a, b = tree
    cell_secretary = user_with_role("Bí thư chi bộ", b)
    client.force_login(cell_secretary)
    assert client.get(url(committee, "dang-vien")).status_code == 404
    own = client.get(url(b, "dang-vien"))
    assert own.status_code == 200
    assert "Nguyễn Phước Dũng" not in own.content.decode()
    assert client.get(url(committee, "dang-vien"), {"xuat": "xlsx"}).status_code == 404
    assert client.get(f"/workspace/nam/{committee.pk}/{Y}/thong-ke.xlsx").status_code == 404
    # Members cannot be imported without the right to add them.
    assert client.get(f"/workspace/nam/{b.pk}/nhap-dang-vien/").status_code == 403


def test_award_and_event_registers_export_xlsx(client, tree):
    committee, a, b = tree
    Award.objects.create(
        form="Giấy khen",
        organisation=committee,
        year=Y,
        recipient_name="Nguyễn Phước Dũng",
        reason="HTXSNV năm 2021",
    )
    MemberEvent.objects.create(
        organisation=a,
        type=MemberEventType.ADMISSION,
        count=2,
        date=datetime.date(Y, 9, 2),
        note="Kết nạp 02 quần chúng ưu tú",
    )
    client.force_login(user_with_role("Văn phòng", committee))
    sheet = load_workbook(
        io.BytesIO(client.get(url(committee, "khen-thuong"), {"xuat": "xlsx"}).content)
    ).active
    assert [c for c in list(sheet.iter_rows(min_row=4, values_only=True))[0][:3]] == [
        "Giấy khen",
        "Nguyễn Phước Dũng",
        1,
    ]
    events = client.get(url(committee, "bien-dong"), {"type": "admission"}).content.decode()
    assert "Kết nạp 02 quần chúng ưu tú" in events


# Reminders ----------------------------------------------------------------------------------


def test_reminders(tree):
    committee, a, b = tree
    today = datetime.date(2026, 4, 20)
    # 30 years on 10/5/2026, before the 19/5 batch; 40 years on 1/6/2026, after it.
    veteran = MemberFactory(
        organisation=b, full_name="Ba Mươi Năm", admission_date=datetime.date(1996, 5, 10)
    )
    MemberFactory(
        organisation=b, full_name="Bốn Mươi Năm", admission_date=datetime.date(1986, 6, 1)
    )
    absent = MemberFactory(organisation=b, full_name="Hay Vắng")
    for month in (1, 2, 3):
        meeting = MeetingFactory(organisation=b, date=datetime.date(2026, month, 3))
        Attendance.objects.create(meeting=meeting, member=absent, status=AttendanceStatus.UNEXCUSED)
        Attendance.objects.create(
            meeting=meeting, member=veteran, status=AttendanceStatus.EXCUSED, reason="Ốm"
        )
    found = reminders.reminders_for([committee], today)
    assert found["badge_batch"] == datetime.date(2026, 5, 19)
    assert [(r.member, r.years) for r in found["badges"]] == [(veteran, 30)]
    assert [(r.member, r.months) for r in found["absences"]] == [(absent, 3)]
    # Already awarded: no reminder.
    Award.objects.create(
        form="Huy hiệu Đảng", badge_years=30, recipient_member=veteran, organisation=committee
    )
    assert reminders.reminders_for([committee], today)["badges"] == []


def test_reminders_include_renders_for_the_accounts_organisations(tree):
    from django.template.loader import render_to_string

    committee, a, b = tree
    for cell in (a, b):
        absent = cell.members.order_by("pk").first()
        for month in (1, 2, 3):
            meeting = MeetingFactory(organisation=cell, date=datetime.date(2022, month, 3))
            Attendance.objects.create(
                meeting=meeting, member=absent, status=AttendanceStatus.UNEXCUSED
            )
    user = user_with_role("Bí thư chi bộ", b)
    found = reminders.reminders_for_user(user, datetime.date(2022, 5, 1))
    html = render_to_string("yearend/includes/reminders.html", {"reminders": found})
    # Only cell B's member absent without reason for three months.
    assert "Đặng Thị Ngọc Ánh" in html
    assert "Nguyễn Phước Dũng" not in html


def test_member_register_queries_do_not_grow(client, tree, django_assert_max_num_queries):
    committee, a, b = tree
    client.force_login(user_with_role("Văn phòng", committee))
    for _ in range(20):
        MemberFactory(organisation=a)
    with django_assert_max_num_queries(20):
        assert client.get(url(committee, "dang-vien")).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(url(committee, "dang-vien"), {"xuat": "xlsx"}).status_code == 200
