"""Issue 12 item 3 through the workspace pages: rows added in the page (as the script posts
them), opinion counts, document files (private unless published with the report), tasks
assigned by a meeting and reviewed at the next one."""

import datetime
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from branchapp.models import AgendaItem, Document, Meeting, MeetingTask, Opinion, ReportStatus
from branchapp.scoping import SECRETARIAT_ROLE

from .factories import (
    CellFactory,
    MemberFactory,
    OrganisationFactory,
    ReportFactory,
    user_with_role,
)
from .postdata import post_data

pytestmark = pytest.mark.django_db

YEAR = datetime.date.today().year

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@pytest.fixture
def cell():
    return CellFactory(
        name="Chi bộ Phòng Đào tạo", parent=OrganisationFactory(name="Đảng bộ Trường")
    )


@pytest.fixture
def members(cell):
    return [
        MemberFactory(full_name=name, organisation=cell)
        for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Cường")
    ]


@pytest.fixture
def secretary(client, cell):
    user = user_with_role(SECRETARIAT_ROLE, cell.parent, first_name="Thư", last_name="Ký")
    client.force_login(user)
    return user


def page_data(client, url, **overrides):
    """The form as the browser posts it after loading the page (the agenda's own management
    form included), with `overrides`."""
    response = client.get(url)
    assert response.status_code == 200
    forms = []
    for part in response.context["entry"]:
        forms += [part] if hasattr(part, "fields") else [part.management_form, *part.forms]
    return post_data(forms, **overrides)


def new_url(cell):
    return reverse("workspace:meeting_create") + f"?to-chuc={cell.pk}"


def meeting_fields(month=11, day=3):
    return {
        "meeting-title": f"Sinh hoạt chi bộ tháng {month}/{YEAR}",
        "meeting-date": f"{day:02d}/{month:02d}/{YEAR}",
        "meeting-kinds": ["monthly"],
    }


def errors_text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# -- rows added in the page ----------------------------------------------------------------


def test_the_page_starts_with_one_empty_row_and_an_add_button_per_formset(
    client, cell, members, secretary
):
    response = client.get(new_url(cell))
    entry = response.context["entry"]
    assert len(entry.agenda.forms) == 1
    assert len(entry.guests.forms) == 1
    assert len(entry.documents.forms) == 1
    assert len(entry.opinions[0].forms) == 1
    html = response.content.decode()
    # Every formset of the page offers its empty row, numbered by the script.
    for prefix in ("guests", "documents", "agenda", "agenda-0-opinions", "events", "tasks"):
        assert f'data-prefix="{prefix}"' in html
    assert 'name="documents-__prefix__-title"' in html
    # A new agenda item brings its own opinions, numbered with it.
    assert 'data-prefix="agenda-__prefix__-opinions"' in html
    assert 'name="agenda-__prefix__-opinions-__prefix__-summary"' in html
    assert 'name="agenda-__prefix__-opinions-TOTAL_FORMS"' in html
    assertContains(response, "Thêm dòng")
    assertContains(response, "Thêm nội dung")
    assertContains(response, "js/formset-rows.js")


def test_five_agenda_items_added_in_the_page_are_saved_in_one_go(client, cell, members, secretary):
    url = new_url(cell)
    data = page_data(client, url, **meeting_fields())
    titles = [
        "Thông tin thời sự",
        "Đánh giá kết quả tháng 10",
        "Nhiệm vụ tháng 11",
        "Công tác phát triển đảng viên",
        "Tự phê bình và phê bình",
    ]
    # What formset-rows.js posts after four clicks: rows 1-4 with their opinions' forms.
    data["agenda-TOTAL_FORMS"] = "5"
    for index, title in enumerate(titles):
        data[f"agenda-{index}-title"] = title
        data.setdefault(f"agenda-{index}-opinions-TOTAL_FORMS", "1")
        data.setdefault(f"agenda-{index}-opinions-INITIAL_FORMS", "0")
    data["agenda-4-opinions-TOTAL_FORMS"] = "2"
    data["agenda-4-opinions-0-member"] = str(members[1].pk)
    data["agenda-4-opinions-0-summary"] = "Nghiêm túc nhận khuyết điểm"
    data["agenda-4-opinions-1-name"] = "Đại biểu Đảng ủy"
    data["agenda-4-opinions-1-summary"] = "Ghi nhận tinh thần tự phê bình"
    response = client.post(url, data)
    assert response.status_code == 302, errors_text(response)[:3000]
    meeting = Meeting.objects.get()
    assert list(meeting.agenda.values_list("title", flat=True)) == titles
    last = meeting.agenda.get(title="Tự phê bình và phê bình")
    assert list(last.opinions.values_list("name", "summary")) == [
        ("Trần Thị Bình", "Nghiêm túc nhận khuyết điểm"),
        ("Đại biểu Đảng ủy", "Ghi nhận tinh thần tự phê bình"),
    ]
    # Reloaded: the five items, each with one empty opinion row, and one empty item.
    response = client.get(reverse("workspace:meeting_edit", args=[meeting.pk]))
    assert len(response.context["entry"].agenda.forms) == 6


def test_an_item_posted_without_its_opinions_forms_is_saved_without_opinions(
    client, cell, members, secretary
):
    url = new_url(cell)
    data = page_data(client, url, **meeting_fields())
    data.update({"agenda-TOTAL_FORMS": "2", "agenda-0-title": "Một", "agenda-1-title": "Hai"})
    response = client.post(url, data)
    assert response.status_code == 302, errors_text(response)[:3000]
    assert list(AgendaItem.objects.values_list("title", flat=True)) == ["Một", "Hai"]


def test_more_guests_and_documents_added_in_the_page(client, cell, members, secretary):
    url = new_url(cell)
    data = page_data(client, url, **meeting_fields())
    data["guests-TOTAL_FORMS"] = "3"
    data["documents-TOTAL_FORMS"] = "3"
    for index in range(3):
        data[f"guests-{index}-name"] = f"Khách {index + 1}"
        data[f"documents-{index}-number"] = f"{index + 1}-NQ/ĐU"
    response = client.post(url, data)
    assert response.status_code == 302, errors_text(response)[:3000]
    meeting = Meeting.objects.get()
    assert meeting.people.filter(role="guest").count() == 3
    assert meeting.documents.count() == 3


# -- opinion counts ------------------------------------------------------------------------


def test_opinion_count_is_saved_and_printed(client, cell, members, secretary):
    url = new_url(cell)
    data = page_data(client, url, **meeting_fields())
    data.update(
        {
            "agenda-0-title": "Nhiệm vụ tháng 11",
            "agenda-0-opinion_count": "7",
            "agenda-0-opinions-0-member": str(members[0].pk),
            "agenda-0-opinions-0-summary": "Tán thành",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, errors_text(response)[:3000]
    item = AgendaItem.objects.get()
    assert item.opinion_count == 7
    printed = client.get(reverse("yearend:minutes", args=[item.meeting_id]))
    assertContains(printed, "Có 07 ý kiến phát biểu, trong đó:")


def test_opinion_count_fewer_than_the_named_opinions_is_refused(client, cell, members, secretary):
    url = new_url(cell)
    data = page_data(client, url, **meeting_fields())
    data.update(
        {
            "agenda-0-title": "Nhiệm vụ tháng 11",
            "agenda-0-opinion_count": "1",
            "agenda-0-opinions-TOTAL_FORMS": "2",
            "agenda-0-opinions-0-member": str(members[0].pk),
            "agenda-0-opinions-0-summary": "Tán thành",
            "agenda-0-opinions-1-member": str(members[1].pk),
            "agenda-0-opinions-1-summary": "Bổ sung chỉ tiêu",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert Meeting.objects.count() == 0
    assertContains(response, "1 ý kiến không thể ít hơn 2 ý kiến có ghi tên")


# -- document files ------------------------------------------------------------------------


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def post_document(client, cell, upload, **extra):
    url = new_url(cell)
    data = page_data(client, url, **meeting_fields())
    data.update(
        {
            "documents-0-kind": "Hướng dẫn",
            "documents-0-number": "42-HD/BTCTW",
            "documents-0-title": "Nội dung cụ thể đối với một số loại hình chi bộ",
            "documents-0-file": upload,
            **extra,
        }
    )
    return client.post(url, data)


def test_a_pdf_document_is_stored_privately_under_a_generated_name(
    client, cell, members, secretary
):
    upload = SimpleUploadedFile("huong-dan 42.pdf", PDF, content_type="application/pdf")
    response = post_document(client, cell, upload)
    assert response.status_code == 302, errors_text(response)[:3000]
    document = Document.objects.get()
    assert re.fullmatch(r"private/documents/\d{4}/\d{2}/[\w-]{24}\.pdf", document.file.name)
    assert not document.published
    # The workspace user downloads it.
    download = client.get(document.file.url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert "huong-dan-42-hd-btctw" in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("name", "content"),
    [("chuong-trinh.pdf", EXE), ("bien-ban.pdf", "Đây là văn bản thường".encode())],
)
def test_a_file_that_is_not_what_its_name_says_is_refused_naming_it(
    client, cell, members, secretary, name, content
):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = post_document(client, cell, upload)
    assert response.status_code == 200
    assert Meeting.objects.count() == 0
    assert Document.objects.count() == 0
    assertContains(response, f"Tệp “{name}” không phải là tệp PDF")
    assertContains(response, "hãy chọn lại tệp")


def test_word_excel_and_photos_are_accepted_by_content(client, cell, members, secretary):
    from openpyxl import Workbook
    from PIL import Image

    workbook, xlsx = Workbook(), io.BytesIO()
    workbook.save(xlsx)
    png = io.BytesIO()
    Image.new("RGB", (20, 10), "red").save(png, "PNG")
    url = new_url(cell)
    data = page_data(client, url, **meeting_fields())
    data["documents-TOTAL_FORMS"] = "3"
    uploads = [
        ("ke-hoach.docx", docx_bytes()),
        ("so-lieu.xlsx", xlsx.getvalue()),
        ("anh.jpg", png.getvalue()),
    ]
    for index, (name, content) in enumerate(uploads):
        data[f"documents-{index}-title"] = name
        data[f"documents-{index}-file"] = SimpleUploadedFile(name, content)
    response = client.post(url, data)
    assert response.status_code == 302, errors_text(response)[:3000]
    names = [d.file.name.rpartition(".")[2] for d in Document.objects.order_by("order")]
    assert names == ["docx", "xlsx", "png"]  # the photo's real type, whatever its name said


def test_a_document_over_the_size_limit_is_refused_in_megabytes(
    client, cell, members, secretary, settings
):
    settings.DOCUMENT_MAX_BYTES = 100
    upload = SimpleUploadedFile("nghi-quyet.pdf", PDF + b"%" * 200)
    response = post_document(client, cell, upload)
    assert response.status_code == 200
    assert Document.objects.count() == 0
    assertContains(response, "nghi-quyet.pdf")
    assertContains(response, "100\u00a0byte")


@pytest.fixture
def document_of_report(client, cell, members, secretary):
    upload = SimpleUploadedFile("nghi-quyet.pdf", PDF)
    response = post_document(client, cell, upload, **{"documents-0-published": "on"})
    assert response.status_code == 302, errors_text(response)[:3000]
    document = Document.objects.get()
    assert document.published
    report = ReportFactory(meeting=document.meeting, status=ReportStatus.DRAFT, published_at=None)
    return document, report


def test_a_private_document_is_not_served_to_anyone_else(client, cell, members, secretary):
    response = post_document(client, cell, SimpleUploadedFile("mat.pdf", PDF))
    assert response.status_code == 302
    document = Document.objects.get()
    ReportFactory(meeting=document.meeting)  # published, but the file is not
    raw = reverse("private-media", kwargs={"path": document.file.name.removeprefix("private/")})
    assert client.get(raw).status_code == 200  # the workspace user, in scope
    public = reverse("news:document", args=[document.pk])
    other = user_with_role(SECRETARIAT_ROLE, OrganisationFactory(name="Đảng bộ khác"))
    client.force_login(other)
    assert client.get(document.file.url).status_code == 404
    assert client.get(raw).status_code == 404
    client.logout()
    anonymous = client.get(document.file.url)
    assert anonymous.status_code == 302 and "dang-nhap" in anonymous["Location"]
    assert client.get(raw).status_code == 404
    assert client.get(public).status_code == 404


def test_a_published_document_is_downloadable_once_the_report_is_public(client, document_of_report):
    document, report = document_of_report
    client.logout()
    public = reverse("news:document", args=[document.pk])
    assert client.get(public).status_code == 404  # the report is a draft
    report.status = ReportStatus.PUBLISHED
    report.save()
    response = client.get(public)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    from branchapp.selectors.documents import public_documents

    assert public_documents(report) == [document]
    document.published = False
    document.save()
    assert client.get(public).status_code == 404


# -- tasks ---------------------------------------------------------------------------------


def test_tasks_assigned_are_listed_for_review_at_the_next_meeting(client, cell, members, secretary):
    url = new_url(cell)
    data = page_data(client, url, **meeting_fields(10, 3))
    data.update(
        {
            "meeting-conclusion": "Thống nhất nhiệm vụ tháng 10.",
            "tasks-TOTAL_FORMS": "2",
            "tasks-0-description": "Hoàn thành thu đảng phí quý IV",
            "tasks-0-member": str(members[1].pk),
            "tasks-0-due_date": f"31/10/{YEAR}",
            "tasks-1-description": "Chuẩn bị hồ sơ kết nạp",
            "tasks-1-assignee": "Chi ủy",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, errors_text(response)[:3000]
    october = Meeting.objects.get()
    tasks = list(october.tasks.order_by("order"))
    assert [(t.description, t.assignee, t.due_date) for t in tasks] == [
        ("Hoàn thành thu đảng phí quý IV", "Trần Thị Bình", datetime.date(YEAR, 10, 31)),
        ("Chuẩn bị hồ sơ kết nạp", "Chi ủy", None),
    ]
    printed = client.get(reverse("yearend:minutes", args=[october.pk]))
    assertContains(printed, "Phân công thực hiện:")
    assertContains(
        printed,
        f"Hoàn thành thu đảng phí quý IV (Thực hiện: Trần Thị Bình; thời hạn: 31/10/{YEAR}).",
    )

    # The next month's meeting lists both for review; one is ticked done with its result.
    url = new_url(cell)
    response = client.get(url + f"&thang={YEAR}-11")
    assertContains(response, "Hoàn thành thu đảng phí quý IV")
    assertContains(response, "Chuẩn bị hồ sơ kết nạp")
    data = page_data(client, url, **meeting_fields(11, 3))
    reviewed = response.context["entry"].tasks_reviewed.forms
    assert [f.instance.pk for f in reviewed] == [t.pk for t in tasks]
    data["tasks_reviewed-0-done"] = "on"
    data["tasks_reviewed-0-result"] = "Thu đủ 100%"
    response = client.post(url, data)
    assert response.status_code == 302, errors_text(response)[:3000]
    november = Meeting.objects.exclude(pk=october.pk).get()
    done = MeetingTask.objects.get(pk=tasks[0].pk)
    assert (done.done, done.result, done.reviewed_at) == (True, "Thu đủ 100%", november)
    assert not MeetingTask.objects.get(pk=tasks[1].pk).done
    printed = client.get(reverse("yearend:minutes", args=[november.pk]))
    assertContains(
        printed, "Hoàn thành thu đảng phí quý IV (Trần Thị Bình): Đã hoàn thành. Thu đủ 100%"
    )

    # The meeting after: only the open task is left to review.
    response = client.get(new_url(cell) + f"&thang={YEAR}-12")
    assertContains(response, "Chuẩn bị hồ sơ kết nạp")
    assertNotContains(response, "Hoàn thành thu đảng phí quý IV")
    # The November meeting, opened again, still shows the task it reviewed.
    response = client.get(reverse("workspace:meeting_edit", args=[november.pk]))
    assert [f.instance.pk for f in response.context["entry"].tasks_reviewed.forms] == [
        t.pk for t in tasks
    ]


def test_tasks_are_locked_with_the_minutes(client, cell, members, secretary):
    url = new_url(cell)
    data = page_data(client, url, **meeting_fields())
    data.update({"tasks-0-description": "Rà soát hồ sơ đảng viên"})
    assert client.post(url, data).status_code == 302
    meeting = Meeting.objects.get()
    client.post(reverse("workspace:meeting_approve", args=[meeting.pk]))
    from branchapp.services.meetings import MeetingData, MinutesLocked, meeting_save

    with pytest.raises(MinutesLocked):
        meeting_save(meeting=meeting, data=MeetingData(tasks=[]))
    assert MeetingTask.objects.count() == 1


def test_opinions_model_is_untouched_by_a_document_only_change(client, cell, members, secretary):
    """A save that changes only a document keeps the agenda's opinions as they were."""
    url = new_url(cell)
    data = page_data(client, url, **meeting_fields())
    data.update(
        {
            "agenda-0-title": "Một",
            "agenda-0-opinions-0-name": "Đồng chí Hải",
            "agenda-0-opinions-0-summary": "Đồng ý",
        }
    )
    assert client.post(url, data).status_code == 302
    meeting = Meeting.objects.get()
    edit = reverse("workspace:meeting_edit", args=[meeting.pk])
    data = page_data(client, edit, **{"documents-0-title": "Điều lệ Đảng"})
    assert client.post(edit, data).status_code == 302
    assert Opinion.objects.get().summary == "Đồng ý"
    assert meeting.documents.get().title == "Điều lệ Đảng"


def test_a_macro_enabled_word_file_is_refused(client, cell, members, secretary):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/vbaProject.bin", b"\x00" * 64)
    upload = SimpleUploadedFile("ke-hoach.docx", buffer.getvalue())
    response = post_document(client, cell, upload)
    assert response.status_code == 200
    assert Document.objects.count() == 0
    assertContains(response, "Tệp “ke-hoach.docx” không phải là tệp PDF")


def test_a_task_review_of_another_organisation_is_a_form_error(client, cell, members, secretary):
    other = CellFactory(name="Chi bộ khác", parent=cell.parent)
    foreign = MeetingTask.objects.create(
        meeting=Meeting.objects.create(
            organisation=other, title="Họp", date=datetime.date(YEAR, 10, 3)
        ),
        description="Việc của chi bộ khác",
    )
    url = new_url(cell)
    data = page_data(client, url, **meeting_fields())
    data.update(
        {
            "tasks_reviewed-TOTAL_FORMS": "1",
            "tasks_reviewed-INITIAL_FORMS": "1",
            "tasks_reviewed-0-id": str(foreign.pk),
            "tasks_reviewed-0-done": "on",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert not MeetingTask.objects.get(pk=foreign.pk).done
    assert Meeting.objects.filter(organisation=cell).count() == 0
