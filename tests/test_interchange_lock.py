"""The interchange and approved minutes: approval and addenda carried, the lock kept by every
import; organisation codes keeping same-named organisations apart; the round trip of both."""

import datetime
import json
import unicodedata

import pytest
from django.urls import reverse

from branchapp import models as m
from branchapp.scoping import SECRETARIAT_ROLE

from .factories import user_with_role
from .test_interchange import (
    CELL,
    COMMITTEE,
    export,
    failing_import,
    rich_json_on_disk,
    row_counts,
    run_import,
    wipe,
    write_json,
)

pytestmark = pytest.mark.django_db

TITLE = "Đảng bộ Trường tổ chức sinh hoạt định kỳ năm 2021"
CONCLUSION_PATH = "meetings[0].conclusion"


def approve_in_workspace(client, meeting, *corrections):
    """The secretary approves the minutes on the meeting's page and records corrections."""
    user = user_with_role(SECRETARIAT_ROLE, meeting.organisation, first_name="Hoa", last_name="Lê")
    client.force_login(user)
    response = client.post(reverse("workspace:meeting_approve", args=[meeting.pk]))
    assert response.status_code == 302
    for text in corrections:
        url = reverse("workspace:meeting_addendum", args=[meeting.pk])
        assert client.post(url, {"text": text}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_locked
    return user


def approved_and_exported(client, tmp_path, *corrections) -> tuple[m.Meeting, dict]:
    run_import(rich_json_on_disk(tmp_path / "in"))
    meeting = m.Meeting.objects.get(title=TITLE)
    approve_in_workspace(client, meeting, *corrections)
    return meeting, export(tmp_path / "approved.json")


def minutes_snapshot(meeting: m.Meeting) -> dict:
    """What the minutes hold, rows by id: a no-op import leaves every value and id as it was."""
    meeting.refresh_from_db()
    return {
        "fields": {name: getattr(meeting, name) for name in m.MINUTES_FIELDS},
        "people": list(meeting.people.values_list("pk", "role", "name", "position", "member")),
        "roll": list(meeting.attendance.values_list("pk", "name", "status", "reason")),
        "documents": list(meeting.documents.values_list("pk", "number", "title")),
        "agenda": list(meeting.agenda.values_list("pk", "title", "conclusion")),
        "opinions": list(
            m.Opinion.objects.filter(agenda_item__meeting=meeting).values_list("pk", "summary")
        ),
        "kinds": sorted(meeting.kinds.values_list("pk", "kind")),
        "election": list(
            m.ElectedPerson.objects.filter(election__meeting=meeting).values_list("pk", "name")
        ),
        "approved": meeting.minutes_approved_at,
    }


def minutes_history(meeting: m.Meeting) -> dict:
    """How many change-history entries the rows of the meeting's minutes have."""
    by_meeting = (m.MeetingKindTag, m.MeetingPerson, m.Attendance, m.Document, m.AgendaItem)
    counts = {
        model.__name__: model.history.filter(meeting_id=meeting.pk).count() for model in by_meeting
    }
    items = m.AgendaItem.history.filter(meeting_id=meeting.pk).values("id")
    counts["Opinion"] = m.Opinion.history.filter(agenda_item_id__in=items).count()
    counts["MinutesAddendum"] = m.MinutesAddendum.history.filter(meeting_id=meeting.pk).count()
    return counts


# -- export ------------------------------------------------------------------------------------


def test_export_includes_the_approval_and_the_addenda(client, tmp_path):
    meeting, data = approved_and_exported(
        client, tmp_path, "Bổ sung: đồng chí Nam vắng có lý do.", "Sửa số 18 thành 19."
    )
    exported = next(x for x in data["meetings"] if x["title"] == TITLE)
    approved = datetime.datetime.fromisoformat(exported["minutes_approved_at"])
    assert approved == meeting.minutes_approved_at.replace(microsecond=0)
    assert exported["minutes_approved_at"].endswith("+07:00")  # local time, with its offset
    assert [(a["text"], a["author"]) for a in exported["addenda"]] == [
        ("Bổ sung: đồng chí Nam vắng có lý do.", "Hoa Lê"),
        ("Sửa số 18 thành 19.", "Hoa Lê"),
    ]
    assert all(a["created_at"].endswith("+07:00") for a in exported["addenda"])
    other = next(x for x in data["meetings"] if x["title"] != TITLE)
    assert other["minutes_approved_at"] is None and other["addenda"] == []
    # Organisations carry their code (none yet).
    assert {org["name"]: org["code"] for org in data["organisations"]} == {
        COMMITTEE: None,
        CELL: None,
    }


# -- the lock ------------------------------------------------------------------------------------


def test_an_import_that_changes_approved_minutes_is_refused_and_writes_nothing(client, tmp_path):
    meeting, data = approved_and_exported(client, tmp_path)
    before = minutes_snapshot(meeting)
    counts = row_counts()
    data["meetings"][0]["conclusion"] = "Kết luận viết lại sau khi đã thông qua."
    data["meetings"][0]["chairs"][0]["position"] = "Bí thư Chi bộ"
    data["meetings"][0]["lead"] = "Sapo mới."  # allowed alone, but the file is refused whole
    data["meetings"][1]["lead"] = "Sapo của cuộc họp kia."
    path = write_json(tmp_path, data, "changed.json")

    errors = failing_import(path)

    lines = errors.splitlines()
    conclusion = next(line for line in lines if line.startswith(f"{CONCLUSION_PATH}:"))
    assert f"“{TITLE}”" in conclusion and "31/12/2021" in conclusion
    assert "đã được thông qua và đã khóa" in conclusion
    assert any(line.startswith("meetings[0].chairs[0].position:") for line in lines)
    assert minutes_snapshot(meeting) == before
    assert row_counts() == counts
    assert m.Report.objects.get(meeting=meeting).lead != "Sapo mới."
    assert not m.Report.objects.filter(lead="Sapo của cuộc họp kia.").exists()


def test_a_roll_or_an_agenda_changed_in_the_file_is_named_by_its_path(client, tmp_path):
    meeting, data = approved_and_exported(client, tmp_path)
    before = minutes_snapshot(meeting)
    minutes = data["meetings"][0]
    minutes["attendance"]["present"] -= 1
    minutes["attendance"]["records"][0]["status"] = "unexcused"
    minutes["agenda"][0]["opinions"][1]["summary"] = "Ý kiến khác."
    minutes["guests"].append({"name": "Khách mới", "position": None, "member": False})
    minutes["kinds"] = ["periodic"]

    errors = failing_import(write_json(tmp_path, data, "changed.json"))

    paths = {line.split(":", 1)[0] for line in errors.splitlines() if line.startswith("meetings")}
    assert {
        "meetings[0].attendance.present",
        "meetings[0].attendance.records",
        "meetings[0].agenda[0].opinions[1].summary",
        f"meetings[0].guests[{len(minutes['guests']) - 1}]",
        "meetings[0].kinds",
    } <= paths
    name = minutes["attendance"]["records"][0]["name"]
    assert f"“{name}”" in errors
    assert minutes_snapshot(meeting) == before


def test_the_same_minutes_again_are_a_no_op(client, tmp_path):
    meeting, data = approved_and_exported(client, tmp_path, "Bổ sung: vắng 1.")
    before = minutes_snapshot(meeting)
    counts = row_counts(history=False)
    history = minutes_history(meeting)
    # The same text, typed with combining accents and spaces: the importer normalises it.
    minutes = data["meetings"][0]
    minutes["conclusion"] = "  " + unicodedata.normalize("NFD", minutes["conclusion"]) + " "
    minutes["chairs"][0]["name"] = unicodedata.normalize("NFD", minutes["chairs"][0]["name"])
    path = write_json(tmp_path, data, "again.json")

    output = run_import(path)

    assert "(0 mới, 2 cập nhật)" in output
    assert minutes_snapshot(meeting) == before
    assert row_counts(history=False) == counts
    # Not a row of the minutes was written again: their change history has no new entry.
    assert minutes_history(meeting) == history
    assert meeting.addenda.count() == 1


def test_a_new_addendum_in_the_file_is_appended_once(client, tmp_path):
    meeting, data = approved_and_exported(client, tmp_path, "Bổ sung: vắng 1.")
    before = minutes_snapshot(meeting)
    data["meetings"][0]["addenda"].append(
        {
            "text": "Đính chính: đồng chí Hiếu trình bày báo cáo.",
            "created_at": "2022-01-05T09:15:00+07:00",
            "author": "Trần Văn Bình",
        }
    )
    path = write_json(tmp_path, data, "more.json")

    assert "Đã thêm 1 đính chính" in run_import(path)
    run_import(path)

    addenda = list(meeting.addenda.order_by("pk"))
    assert [a.text for a in addenda] == [
        "Bổ sung: vắng 1.",
        "Đính chính: đồng chí Hiếu trình bày báo cáo.",
    ]
    assert addenda[1].author_name == "Trần Văn Bình" and addenda[1].created_by is None
    assert addenda[1].created_at.isoformat() == "2022-01-05T02:15:00+00:00"
    assert minutes_snapshot(meeting) == before
    # The workspace page lists it with the approved minutes.
    page = client.get(reverse("workspace:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Đính chính: đồng chí Hiếu trình bày báo cáo." in page


def test_the_report_of_a_locked_meeting_may_still_change(client, tmp_path):
    meeting, data = approved_and_exported(client, tmp_path)
    before = minutes_snapshot(meeting)
    data["meetings"][0]["lead"] = "Sapo viết lại cho bài tin."
    data["meetings"][0]["body"][0]["text"] = "Đoạn mở đầu mới."
    data["meetings"][0]["theme"] = "Chủ đề ghi lại"
    data["meetings"][0]["minutes_approved_at"] = None  # the file cannot lift the lock

    run_import(write_json(tmp_path, data, "report.json"))

    report = m.Report.objects.get(meeting=meeting)
    assert report.lead == "Sapo viết lại cho bài tin."
    assert report.blocks.order_by("order").first().text == "Đoạn mở đầu mới."
    assert minutes_snapshot(meeting) == before
    meeting.refresh_from_db()
    assert meeting.theme == "Chủ đề ghi lại" and meeting.minutes_locked


def test_a_new_meeting_with_an_approval_is_created_locked(client, tmp_path):
    _meeting, data = approved_and_exported(client, tmp_path, "Bổ sung: vắng 1.")
    wipe()
    run_import(write_json(tmp_path, data, "restore.json"))
    meeting = m.Meeting.objects.get(title=TITLE)
    assert meeting.minutes_locked
    assert meeting.addenda.get().text == "Bổ sung: vắng 1."
    assert meeting.addenda.get().author_name == "Hoa Lê"
    # The workspace keeps it locked: the entry page sends the secretary to the corrections.
    user = user_with_role(SECRETARIAT_ROLE, meeting.organisation)
    client.force_login(user)
    response = client.get(reverse("workspace:meeting_edit", args=[meeting.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:meeting_detail", args=[meeting.pk])


def test_addenda_need_approved_minutes(tmp_path):
    data = {
        "format": "sochibo.meetings",
        "version": 1,
        "organisations": [],
        "meetings": [
            {
                "organisation": "Chi bộ Ấp 3",
                "kinds": ["monthly"],
                "title": "Tháng 5",
                "date": "2022-05-03",
                "addenda": [{"text": "Sửa.", "created_at": "2022-05-04", "author": None}],
            }
        ],
    }
    errors = failing_import(write_json(tmp_path / "bad", data))
    assert "meetings[0].addenda[0].created_at:" in errors
    data["meetings"][0]["addenda"][0]["created_at"] = "2022-05-04T08:00:00+07:00"
    errors = failing_import(write_json(tmp_path / "bad", data))
    assert "meetings[0].addenda: chỉ ghi đính chính cho biên bản đã thông qua" in errors
    assert not m.Meeting.objects.exists() and not m.Organisation.objects.exists()


# -- organisation codes ----------------------------------------------------------------------------


def coded_file() -> dict:
    """Two communes each with a cell named "Chi bộ Ấp 1", kept apart by their codes."""

    def cell(code, parent):
        return {"name": "Chi bộ Ấp 1", "kind": "branch", "parent": parent, "code": code}

    return {
        "format": "sochibo.meetings",
        "version": 1,
        "organisations": [
            {"name": "Đảng bộ xã An Phong", "kind": "committee", "code": "XA-AP"},
            {"name": "Đảng bộ xã Tân Hòa", "kind": "committee", "code": "XA-TH"},
            cell("AP-01", "XA-AP"),
            cell("TH-01", "Đảng bộ xã Tân Hòa"),
        ],
        "meetings": [
            {
                "organisation": code,
                "kinds": ["monthly"],
                "title": "Chi bộ Ấp 1 sinh hoạt tháng 3",
                "date": "2024-03-05",
                "conclusion": conclusion,
                "minutes_approved_at": "2024-03-06T08:00:00+07:00",
                "addenda": [
                    {
                        "text": f"Đính chính của {code}.",
                        "created_at": "2024-03-10T10:00:00+07:00",
                        "author": None,
                    }
                ],
            }
            for code, conclusion in (("AP-01", "Kết luận An Phong"), ("TH-01", "Kết luận Tân Hòa"))
        ],
    }


def test_codes_keep_two_organisations_of_the_same_name_apart(tmp_path):
    path = write_json(tmp_path / "in", coded_file())
    run_import(path)

    cells = {org.code: org for org in m.Organisation.objects.filter(name="Chi bộ Ấp 1")}
    assert set(cells) == {"AP-01", "TH-01"}
    assert cells["AP-01"].parent.name == "Đảng bộ xã An Phong"
    assert cells["TH-01"].parent.name == "Đảng bộ xã Tân Hòa"
    assert cells["AP-01"].meetings.get().conclusion == "Kết luận An Phong"
    assert cells["TH-01"].meetings.get().conclusion == "Kết luận Tân Hòa"

    # Imported again: matched by code, nothing new (the minutes are approved: a no-op).
    counts = row_counts(history=False)
    run_import(path)
    assert row_counts(history=False) == counts

    # The export names them by code, since their names do not tell them apart.
    data = export(tmp_path / "out.json")
    assert sorted(x["organisation"] for x in data["meetings"]) == ["AP-01", "TH-01"]
    parents = {org["code"]: org["parent"] for org in data["organisations"]}
    assert parents["AP-01"] == "Đảng bộ xã An Phong"  # a name no other organisation has


def test_a_name_shared_in_the_file_must_be_given_as_a_code(tmp_path):
    data = coded_file()
    data["meetings"][0]["organisation"] = "Chi bộ Ấp 1"
    errors = failing_import(write_json(tmp_path / "in", data))
    assert "meetings[0].organisation: trong tệp có hai tổ chức cùng tên “Chi bộ Ấp 1”" in errors
    data = coded_file()
    data["organisations"][3]["code"] = "AP-01"
    errors = failing_import(write_json(tmp_path / "in", data))
    assert "organisations[3].code: mã “AP-01” được gán cho hai tổ chức" in errors
    assert not m.Organisation.objects.exists()


def test_an_organisation_without_a_code_takes_the_one_the_file_gives(tmp_path):
    commune = m.Organisation.objects.create(name="Đảng bộ xã An Phong")
    other = m.Organisation.objects.create(name="Đảng bộ xã Tân Hòa", code="TH-CU")
    run_import(write_json(tmp_path / "in", coded_file()))
    commune.refresh_from_db()
    assert commune.code == "XA-AP"
    # An organisation with another code is another organisation, though it has the name.
    assert m.Organisation.objects.filter(name="Đảng bộ xã Tân Hòa").count() == 2
    other.refresh_from_db()
    assert other.code == "TH-CU" and not other.children.exists()


def test_the_admin_refuses_a_code_another_organisation_has(client, django_user_model):
    m.Organisation.objects.create(name="Đảng bộ xã An Phong", code="XA-AP")
    admin_user = django_user_model.objects.create_superuser("quantri", "qt@example.com", "x")
    client.force_login(admin_user)
    url = reverse("admin:branchapp_organisation_add")
    data = {
        "name": "Đảng bộ xã Tân Hòa",
        "kind": "committee",
        "order": 0,
        "code": "XA-AP",
        "former_names-TOTAL_FORMS": 0,
        "former_names-INITIAL_FORMS": 0,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Mã này đã được dùng cho một tổ chức khác." in response.content.decode()
    assert not m.Organisation.objects.filter(name="Đảng bộ xã Tân Hòa").exists()
    data["code"] = "XA-TH"
    assert client.post(url, data).status_code == 302
    assert m.Organisation.objects.get(name="Đảng bộ xã Tân Hòa").code == "XA-TH"


# -- the round trip ------------------------------------------------------------------------------


def test_round_trip_keeps_approval_addenda_and_codes(client, tmp_path):
    run_import(rich_json_on_disk(tmp_path / "in"))
    run_import(write_json(tmp_path / "coded", coded_file()))
    m.Organisation.objects.filter(name=COMMITTEE).update(code="DB-TCT")
    meeting = m.Meeting.objects.get(title=TITLE)
    approve_in_workspace(client, meeting, "Bổ sung: vắng 1.", "Sửa số liệu.")
    first = export(tmp_path / "out" / "first.zip")
    assert sum(1 for x in first["meetings"] if x["minutes_approved_at"]) == 3
    assert sum(len(x["addenda"]) for x in first["meetings"]) == 4
    assert {org["code"] for org in first["organisations"]} >= {"DB-TCT", "AP-01", "TH-01"}

    wipe()
    run_import(tmp_path / "out" / "first.zip")
    second = export(tmp_path / "out" / "second.zip")

    assert second == first
    assert m.Meeting.objects.filter(minutes_approved_at__isnull=False).count() == 3
    assert json.dumps(second, ensure_ascii=False).count("Bổ sung: vắng 1.") == 1


def test_a_meeting_may_name_its_organisation_by_a_code_known_in_the_database(tmp_path):
    first = m.Organisation.objects.create(name="Chi bộ Ấp 1", code="AP-01")
    m.Organisation.objects.create(name="Chi bộ Ấp 1", code="TH-01")
    data = {
        "format": "sochibo.meetings",
        "version": 1,
        "organisations": [],
        "meetings": [
            {
                "organisation": "TH-01",
                "kinds": ["monthly"],
                "title": "Sinh hoạt tháng 4",
                "date": "2024-04-05",
            }
        ],
    }
    run_import(write_json(tmp_path, data))
    meeting = m.Meeting.objects.get()
    assert meeting.organisation.code == "TH-01" and meeting.organisation != first
    assert m.Organisation.objects.count() == 2
