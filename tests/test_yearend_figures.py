"""Year-end figures on the meeting page: rating tallies by scope, organisation figures, and
what of them may be published (issue 12, item 6)."""

import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from branchapp.models import Meeting, OrganisationFigures, RatingTally
from branchapp.scoping import SECRETARIAT_ROLE
from branchapp.selectors.figures import public_year_figures
from branchapp.selectors.indicators import organisation_rating_counts

from .factories import CellFactory, MeetingFactory, OrganisationFactory, user_with_role
from .postdata import post_data

pytestmark = pytest.mark.django_db

YEAR = 2024


@pytest.fixture
def committee():
    school = OrganisationFactory(name="Đảng bộ Trường Chính trị tỉnh Đồng Tháp")
    CellFactory(name="Chi bộ Phòng Đào tạo", parent=school)
    CellFactory(name="Chi bộ Khoa Lý luận", parent=school)
    return school


@pytest.fixture
def secretary(client, committee):
    user = user_with_role(SECRETARIAT_ROLE, committee, first_name="Thư", last_name="Ký")
    client.force_login(user)
    return user


def page_data(client, url, **overrides):
    response = client.get(url)
    assert response.status_code == 200
    forms = []
    for part in response.context["entry"]:
        forms += [part] if hasattr(part, "fields") else [part.management_form, *part.forms]
    return post_data(forms, **overrides)


def errors_of(response):
    entry = response.context["entry"]
    return [
        (getattr(p, "prefix", ""), p.errors, getattr(p, "non_form_errors", list)())
        for p in entry
        if (any(p.errors) if isinstance(p.errors, list) else p.errors)
        or getattr(p, "non_form_errors", list)()
    ]


def new_conference_url(committee):
    return (
        reverse("workspace:meeting_create")
        + f"?to-chuc={committee.pk}&loai=review_conference&thang={YEAR + 1}-01"
    )


CONFERENCE = {
    "meeting-title": f"Hội nghị tổng kết công tác xây dựng Đảng năm {YEAR}",
    "meeting-date": f"10/01/{YEAR + 1}",
    "meeting-place": "Hội trường A",
    "meeting-kinds": ["review_conference", "rating"],
}


def tally(index, scope, *counts, year=YEAR):
    keys = ("rated", "exempt", "not_rated", "excellent", "good", "completed", "not_completed")
    data = {f"tallies-{index}-scope": scope, f"tallies-{index}-year": str(year)}
    for key, value in zip(keys, counts, strict=True):
        data[f"tallies-{index}-{key}"] = "" if value is None else str(value)
    return data


def test_year_end_conference_saves_tallies_of_every_scope_and_the_figures(
    client, committee, secretary
):
    url = new_conference_url(committee)
    response = client.get(url)
    part = response.context["entry"].yearend
    # A new year-end conference held in January offers last year, one row per scope.
    assert part.relevant
    assert [f.initial["scope"] for f in part.tallies.forms] == ["members", "branches"]
    assert {f.initial["year"] for f in part.tallies.forms} == {YEAR}
    data = page_data(client, url, **CONFERENCE)
    data.update(tally(0, "members", 30, 1, 1, 6, 20, 3, 1))
    data.update(tally(1, "branches", 2, 0, 0, 1, 1, 0, 0))
    data["tallies-TOTAL_FORMS"] = "3"
    data["tallies-2-organisation"] = str(committee.pk)
    data.update(tally(2, "organisations", 0, 0, 0, 0, 0, 0, 0))
    data.update(
        {
            "figures-0-year": str(YEAR),
            "figures-0-organisation": str(committee.pk),
            "figures-0-grassroots_organisations": "0",
            "figures-0-branches": "2",
            "figures-0-members": "32",
            "figures-0-probationary": "1",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, errors_of(response)
    meeting = Meeting.objects.get()
    tallies = {t.scope: t for t in meeting.rating_tallies.all()}
    assert set(tallies) == {"members", "branches", "organisations"}
    assert all(t.organisation == committee and t.year == YEAR for t in tallies.values())
    members = tallies["members"]
    assert (members.rated, members.exempt, members.excellent, members.good) == (30, 1, 6, 20)
    assert tallies["branches"].excellent == 1
    figures = OrganisationFigures.objects.get(meeting=meeting)
    assert (figures.organisation, figures.year, figures.members, figures.branches) == (
        committee,
        YEAR,
        32,
        2,
    )
    # Saved again from the page as loaded: nothing doubles, nothing collides.
    edit = reverse("workspace:meeting_edit", args=[meeting.pk])
    response = client.post(edit, page_data(client, edit))
    assert response.status_code == 302, errors_of(response)
    assert RatingTally.objects.count() == 3
    assert OrganisationFigures.objects.count() == 1


def test_only_the_levels_typed_give_the_number_rated(client, committee, secretary):
    url = new_conference_url(committee)
    data = page_data(client, url, **CONFERENCE)
    data.update(tally(0, "members", None, None, None, 5, 20, 4, 1))
    response = client.post(url, data)
    assert response.status_code == 302, errors_of(response)
    assert RatingTally.objects.get(scope="members").rated == 30


def test_levels_that_do_not_add_up_are_refused_with_a_message(client, committee, secretary):
    url = new_conference_url(committee)
    data = page_data(client, url, **CONFERENCE)
    data.update(tally(0, "members", 30, 0, 0, 6, 20, 3, 0))
    response = client.post(url, data)
    assert response.status_code == 200
    assert Meeting.objects.count() == 0
    assert RatingTally.objects.count() == 0
    assertContains(response, "Bốn mức cộng lại được 29, nhưng có 30 được đánh giá")


def test_rated_exempt_and_not_rated_must_match_the_members_of_the_figures(
    client, committee, secretary
):
    url = new_conference_url(committee)
    data = page_data(client, url, **CONFERENCE)
    data.update(tally(0, "members", 30, 1, 0, 6, 20, 4, 0))
    data.update({"figures-0-year": str(YEAR), "figures-0-members": "33"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert Meeting.objects.count() == 0
    assertContains(response, "= 31, nhưng số liệu của cùng tổ chức và năm là 33 đảng viên")


def test_the_same_scope_twice_is_refused(client, committee, secretary):
    url = new_conference_url(committee)
    data = page_data(client, url, **CONFERENCE)
    data.update(tally(0, "members", 30, 0, 0, 6, 20, 4, 0))
    data.update(tally(1, "members", 10, 0, 0, 1, 9, 0, 0))
    response = client.post(url, data)
    assert response.status_code == 200
    assert RatingTally.objects.count() == 0
    assertContains(response, "được nhập hai lần")


def test_monthly_meeting_keeps_the_part_folded_and_saves_nothing_of_it(
    client, committee, secretary
):
    cell = committee.children.first()
    url = reverse("workspace:meeting_create") + f"?to-chuc={cell.pk}"
    response = client.get(url)
    assert not response.context["entry"].yearend.relevant
    data = page_data(
        client,
        url,
        **{"meeting-title": "Sinh hoạt chi bộ tháng 11", "meeting-date": f"03/11/{YEAR}"},
    )
    response = client.post(url, data)
    assert response.status_code == 302, errors_of(response)
    assert RatingTally.objects.count() == 0
    assert OrganisationFigures.objects.count() == 0


# What may be published --------------------------------------------------------------------


def make_tally(meeting, scope, rated, levels, **kw):
    excellent, good, completed, not_completed = levels
    return RatingTally.objects.create(
        meeting=meeting,
        organisation=meeting.organisation,
        year=YEAR,
        scope=scope,
        rated=rated,
        excellent=excellent,
        good=good,
        completed=completed,
        not_completed=not_completed,
        **kw,
    )


def test_a_members_tally_of_fewer_than_five_is_withheld_and_five_are_shown(committee):
    cell = committee.children.order_by("name").first()
    small = MeetingFactory(organisation=cell, date=datetime.date(YEAR, 12, 20))
    make_tally(small, "members", 4, (1, 2, 1, 0))
    row = public_year_figures(small).tallies[0]
    assert row.withheld
    assert row.counts == dict.fromkeys(row.counts, None)
    assert row.levels == []

    five = MeetingFactory(organisation=committee, date=datetime.date(YEAR, 12, 28))
    make_tally(five, "members", 5, (1, 3, 1, 0))
    make_tally(five, "branches", 2, (1, 1, 0, 0))
    OrganisationFigures.objects.create(
        meeting=five, organisation=committee, year=YEAR, branches=2, members=5, probationary=1
    )
    figures = public_year_figures(five)
    members, branches = figures.tallies
    assert not members.withheld
    assert (members.rated, members.counts["excellent"], members.counts["good"]) == (5, 1, 3)
    assert members.label == "đảng viên"
    # Ratings of organisations are not personal: shown whatever their number.
    assert not branches.withheld and branches.counts["excellent"] == 1
    assert branches.label == "chi bộ trực thuộc"
    assert figures.figures[0].members == 5
    assert figures.figures[0].organisation == committee.name


def test_a_members_tally_of_unknown_size_is_withheld(committee):
    meeting = MeetingFactory(organisation=committee, date=datetime.date(YEAR, 12, 28))
    make_tally(meeting, "members", None, (None, 3, None, 0))
    assert public_year_figures(meeting).tallies[0].withheld


def test_a_members_tally_whose_given_levels_reach_five_is_shown(committee):
    # Blank levels: the levels given are at least how many were rated, 6 here.
    meeting = MeetingFactory(organisation=committee, date=datetime.date(YEAR, 12, 28))
    make_tally(meeting, "members", None, (1, 5, None, None))
    row = public_year_figures(meeting).tallies[0]
    assert not row.withheld and row.counts["good"] == 5


def test_an_organisations_tally_of_one_is_shown(committee):
    meeting = MeetingFactory(organisation=committee, date=datetime.date(YEAR, 12, 28))
    make_tally(meeting, "organisations", 1, (0, 1, 0, 0))
    row = public_year_figures(meeting).tallies[0]
    assert not row.withheld and row.counts["good"] == 1


def test_the_cells_indicator_reads_a_tally_of_the_cells_directly_under(committee):
    meeting = MeetingFactory(organisation=committee, date=datetime.date(YEAR, 12, 28))
    make_tally(meeting, "members", 30, (6, 20, 4, 0))
    make_tally(meeting, "branches", 2, (1, 1, 0, 0))
    counts = organisation_rating_counts(committee, YEAR)
    assert (counts["rated"], counts["excellent"], counts["good"]) == (2, 1, 1)


def test_the_record_page_shows_the_tallies_and_figures(client, committee, secretary):
    meeting = MeetingFactory(organisation=committee, date=datetime.date(YEAR, 12, 28))
    make_tally(meeting, "members", 3, (1, 2, 0, 0))
    OrganisationFigures.objects.create(
        meeting=meeting, organisation=committee, year=YEAR, members=3
    )
    response = client.get(reverse("workspace:meeting_detail", args=[meeting.pk]))
    # The workspace is not public: even a tally of three members is shown there.
    assertContains(response, "Tổng hợp đánh giá, xếp loại")
    assertContains(response, "Số liệu tổ chức")
    assertContains(response, "<td>2</td>", html=False)


def test_a_year_outside_the_records_is_refused(client, committee, secretary):
    url = new_conference_url(committee)
    data = page_data(client, url, **CONFERENCE)
    data.update(tally(0, "members", 30, 0, 0, 6, 20, 4, 0, year=24))
    response = client.post(url, data)
    assert response.status_code == 200
    assert not Meeting.objects.exists()
    assertContains(response, "1900")
