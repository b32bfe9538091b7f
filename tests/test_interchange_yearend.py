"""The interchange's year-end additions: `statistics`, tallies of the scope "branches" kept
apart from "organisations" and "members", and targets with strict bounds ("above", "below")
and ranks (INTERCHANGE.md, "Additions to version 1")."""

import copy
from decimal import Decimal

import pytest

from branchapp import models as m

from .test_interchange import export, failing_import, row_counts, run_import, wipe, write_json

pytestmark = pytest.mark.django_db

COMMITTEE = "Đảng bộ Trường Chính trị tỉnh Đồng Tháp"
CELL = "Chi bộ Khoa Xây dựng Đảng"


def tally(scope, rated, exempt, not_rated, levels, organisation=None, year=2021):
    excellent, good, completed, not_completed = levels
    return {
        "year": year,
        "scope": scope,
        "organisation": organisation,
        "rated": rated,
        "exempt": exempt,
        "not_rated": not_rated,
        "excellent": excellent,
        "good": good,
        "completed": completed,
        "not_completed": not_completed,
    }


def target(title, planned_text, kind, comparison, planned, actual, **extra):
    return {
        "organisation": None,
        "year": 2021,
        "order": extra.pop("order", 0),
        "title": title,
        "planned_text": planned_text,
        "value_kind": kind,
        "comparison": comparison,
        "planned_min": planned,
        "actual_value": actual,
        **extra,
    }


def year_end_file() -> dict:
    return {
        "format": "sochibo.meetings",
        "version": 1,
        "organisations": [
            {"name": COMMITTEE, "kind": "committee", "parent": None},
            {"name": CELL, "kind": "branch", "parent": COMMITTEE},
        ],
        "meetings": [
            {
                "organisation": COMMITTEE,
                "kinds": ["review_conference", "rating"],
                "title": "Đảng bộ Trường tổng kết công tác xây dựng Đảng năm 2021",
                "date": "2021-12-31",
                "rating_results": [
                    tally("members", 30, 1, 1, [6, 20, 3, 1]),
                    tally("branches", 4, 0, 0, [1, 3, 0, 0]),
                    tally("organisations", 0, 0, 0, [0, 0, 0, 0]),
                    tally("members", 8, 0, 0, [1, 7, 0, 0], organisation=CELL),
                ],
                "statistics": [
                    {
                        "year": 2021,
                        "organisation": None,
                        "grassroots_organisations": 0,
                        "branches": 4,
                        "members": 32,
                        "probationary": 1,
                    },
                    {
                        "year": 2021,
                        "organisation": CELL,
                        "grassroots_organisations": None,
                        "branches": None,
                        "members": 8,
                        "probationary": 0,
                    },
                ],
                "targets": [
                    target("Xếp hạng thi đua khối", "xếp thứ 15/27", "rank", "at_least", 15, 20),
                    target(
                        "Xếp hạng năm sau",
                        "xếp thứ 15/27",
                        "rank",
                        "at_most",
                        15,
                        12,
                        order=1,
                    ),
                    target(
                        "Đảng viên HTTNV trở lên",
                        "trên 95%",
                        "percent",
                        "above",
                        95,
                        95,
                        order=2,
                    ),
                    target("Tỷ lệ vi phạm", "dưới 2%", "percent", "below", 2, 1, order=3),
                    {
                        "term": "2020-2025",
                        "title": "Kết nạp 10 đảng viên mới cả nhiệm kỳ",
                        "planned_text": "10 đảng viên",
                        "value_kind": "count",
                        "planned_min": 10,
                        "adopted": True,
                    },
                ],
            }
        ],
    }


def test_tallies_of_three_scopes_and_statistics_are_imported_apart(tmp_path):
    run_import(write_json(tmp_path, year_end_file()))
    meeting = m.Meeting.objects.get()
    committee = m.Organisation.objects.get(name=COMMITTEE)
    cell = m.Organisation.objects.get(name=CELL)
    tallies = {
        (t.organisation.name, t.scope): t
        for t in meeting.rating_tallies.select_related("organisation")
    }
    assert set(tallies) == {
        (COMMITTEE, "members"),
        (COMMITTEE, "branches"),
        (COMMITTEE, "organisations"),
        (CELL, "members"),
    }
    assert tallies[COMMITTEE, "branches"].excellent == 1
    assert tallies[CELL, "members"].good == 7
    figures = {f.organisation: f for f in m.OrganisationFigures.objects.filter(meeting=meeting)}
    assert (figures[committee].members, figures[committee].branches) == (32, 4)
    assert figures[cell].members == 8
    # Imported again: updated in place, nothing doubles.
    run_import(write_json(tmp_path, year_end_file()))
    assert m.RatingTally.objects.count() == 4
    assert m.OrganisationFigures.objects.count() == 2


def test_targets_with_ranks_strict_bounds_and_a_term(tmp_path):
    run_import(write_json(tmp_path, year_end_file()))
    targets = {t.title: t for t in m.Target.objects.all()}
    assert targets["Xếp hạng thi đua khối"].assessment == m.Assessment.NOT_ACHIEVED
    assert targets["Xếp hạng năm sau"].assessment == m.Assessment.EXCEEDED
    assert targets["Đảng viên HTTNV trở lên"].assessment == m.Assessment.NOT_ACHIEVED
    assert targets["Tỷ lệ vi phạm"].assessment == m.Assessment.ACHIEVED
    term = targets["Kết nạp 10 đảng viên mới cả nhiệm kỳ"]
    assert (term.year, term.term, term.planned_min) == (None, "2020-2025", Decimal(10))


def test_round_trip_keeps_statistics_scopes_and_comparisons(tmp_path):
    run_import(write_json(tmp_path / "in", year_end_file()))
    first = export(tmp_path / "out" / "first.json")
    meeting = first["meetings"][0]
    assert meeting["statistics"] == [
        {
            "year": 2021,
            "organisation": None,
            "grassroots_organisations": 0,
            "branches": 4,
            "members": 32,
            "probationary": 1,
        },
        {
            "year": 2021,
            "organisation": CELL,
            "grassroots_organisations": None,
            "branches": None,
            "members": 8,
            "probationary": 0,
        },
    ]
    assert [(r["scope"], r["organisation"]) for r in meeting["rating_results"]] == [
        ("members", None),
        ("branches", None),
        ("organisations", None),
        ("members", CELL),
    ]
    comparisons = {t["title"]: t["comparison"] for t in meeting["targets"]}
    assert comparisons["Đảng viên HTTNV trở lên"] == "above"
    assert comparisons["Tỷ lệ vi phạm"] == "below"
    assert {t["term"] for t in meeting["targets"]} >= {"2020-2025"}

    wipe()
    run_import(tmp_path / "out" / "first.json")
    assert export(tmp_path / "out" / "second.json") == first


def changed(change) -> dict:
    data = copy.deepcopy(year_end_file())
    change(data["meetings"][0])
    return data


CASES = {
    "a scope twice": (
        lambda mt: mt["rating_results"].append(tally("branches", 4, 0, 0, [2, 2, 0, 0])),
        "meetings[0].rating_results[4]: ",
    ),
    "levels that do not add up": (
        lambda mt: mt["rating_results"][0].update(good=19),
        "meetings[0].rating_results[0]: Bốn mức cộng lại được 29, nhưng có 30",
    ),
    "a total unlike the statistics": (
        lambda mt: mt["statistics"][0].update(members=40),
        "meetings[0].rating_results[0]: Được xếp loại (30) + miễn đánh giá (1)",
    ),
    "statistics twice": (
        lambda mt: mt["statistics"].append(copy.deepcopy(mt["statistics"][0])),
        "meetings[0].statistics[2]: ",
    ),
    "more probationary than members": (
        lambda mt: mt["statistics"][1].update(probationary=9),
        "meetings[0].statistics[1].probationary: ",
    ),
    "an unknown scope": (
        lambda mt: mt["rating_results"][0].update(scope="cells"),
        "meetings[0].rating_results[0].scope: “cells”",
    ),
    "an unknown comparison": (
        lambda mt: mt["targets"][2].update(comparison="over"),
        "meetings[0].targets[2].comparison: “over”",
    ),
    "statistics without a year": (
        lambda mt: mt["statistics"][0].pop("year"),
        "meetings[0].statistics[0].year: ",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_year_end_data_is_refused_by_its_path_and_nothing_written(tmp_path, case):
    change, expected = CASES[case]
    counts = row_counts()
    errors = failing_import(write_json(tmp_path, changed(change)))
    assert expected in errors
    assert row_counts() == counts
