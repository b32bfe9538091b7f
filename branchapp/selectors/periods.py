"""The periods a meeting reviews and plans, its congress term, and what its title says about
its date: starting values from the kinds, the date and the title (static/js/dates.js mirrors
these rules on the page), the year whose targets it reviews, and a title naming another month."""

import calendar
import datetime
import re
from dataclasses import dataclass

from ..models import MeetingKind
from ..text import fold

# Kinds whose meeting reviews a whole year when held around the turn of the year.
YEAR_END_KINDS = {MeetingKind.REVIEW_CONFERENCE, MeetingKind.RATING}
MONTH_KINDS = {MeetingKind.MONTHLY, MeetingKind.COMMITTEE_MEETING}
TERM_YEARS = 5  # a congress elects for five years (Điều lệ Đảng, Điều 13)

# Titles are matched folded ("tháng" -> "thang"), so typed with or without accents.
_REVIEW_WORDS = r"(?:kiem diem|danh gia|tong ket|so ket|nhin lai)"
_PLAN_WORDS = r"(?:trien khai|phuong huong|ke hoach|nhiem vu)"
_MONTH = r"thang\s*(\d{1,2})(?!\d)(?:\s*(?:/|-|nam)\s*(\d{4}))?"
_REVIEW_MONTH = re.compile(_REVIEW_WORDS + r"[^,;.]*?" + _MONTH)
_PLAN_MONTH = re.compile(_PLAN_WORDS + r"[^,;.]*?" + _MONTH)
_REVIEW_YEAR = re.compile(_REVIEW_WORDS + r"[^,;.]*?nam\s*(\d{4})")
_PLAN_YEAR = re.compile(_PLAN_WORDS + r"[^,;.]*?nam\s*(\d{4})")
_ANY_MONTH = re.compile(_MONTH)
_ANY_YEAR = re.compile(r"(?<!thang )(?<!/)\bnam\s*(\d{4})")
_TERM = re.compile(r"(\d{4})\s*[-–—]\s*(\d{4})")


@dataclass(frozen=True)
class Periods:
    review_from: datetime.date | None = None
    review_to: datetime.date | None = None
    plan_from: datetime.date | None = None
    plan_to: datetime.date | None = None
    term: str = ""

    def as_initial(self) -> dict:
        return {
            "review_from": self.review_from,
            "review_to": self.review_to,
            "plan_from": self.plan_from,
            "plan_to": self.plan_to,
            "term": self.term,
        }


def month_span(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, month, 1), datetime.date(
        year, month, calendar.monthrange(year, month)[1]
    )


def year_span(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def nearest_year(month: int, day: datetime.date) -> int:
    """The year of "tháng `month`" said at a meeting on `day`: the month closest to it."""
    if month - day.month > 6:
        return day.year - 1
    if day.month - month > 6:
        return day.year + 1
    return day.year


def _month_from(pattern, title: str, day: datetime.date) -> tuple[int, int] | None:
    match = pattern.search(title)
    if not match or not 1 <= int(match.group(1)) <= 12:
        return None
    month = int(match.group(1))
    year = int(match.group(2)) if match.group(2) else nearest_year(month, day)
    return year, month


def _year_from(pattern, title: str, day: datetime.date) -> int | None:
    match = pattern.search(title)
    if match and abs(int(match.group(1)) - day.year) <= 1:
        return int(match.group(1))
    return None


def period_defaults(kinds, day: datetime.date | None, title: str = "") -> Periods:
    """What a meeting of these kinds on this day usually reviews and plans (or as its title
    says: "Kiểm điểm tháng 9, triển khai nhiệm vụ tháng 10"), and a congress's term."""
    if day is None:
        return Periods()
    kinds, folded = set(kinds or ()), fold(title)
    spans: dict = {}
    turn_of_year = day.month in (1, 2, 3, 10, 11, 12)
    if kinds & YEAR_END_KINDS or (MeetingKind.PERIODIC in kinds and turn_of_year):
        reviewed = _year_from(_REVIEW_YEAR, folded, day) or (
            day.year - 1 if day.month <= 6 else day.year
        )
        planned = _year_from(_PLAN_YEAR, folded, day) or reviewed + 1
        spans = {"review": year_span(reviewed), "plan": year_span(planned)}
    elif MeetingKind.PERIODIC in kinds:  # the mid-year plenary: the first half, then the second
        spans = {
            "review": (datetime.date(day.year, 1, 1), datetime.date(day.year, 6, 30)),
            "plan": (datetime.date(day.year, 7, 1), datetime.date(day.year, 12, 31)),
        }
    elif kinds & MONTH_KINDS:
        previous = (day.year - 1, 12) if day.month == 1 else (day.year, day.month - 1)
        reviewed = _month_from(_REVIEW_MONTH, folded, day)
        planned = _month_from(_PLAN_MONTH, folded, day)
        if reviewed and not planned:
            year, month = reviewed
            planned = (year + 1, 1) if month == 12 else (year, month + 1)
        elif planned and not reviewed:
            year, month = planned
            reviewed = (year - 1, 12) if month == 1 else (year, month - 1)
        spans = {
            "review": month_span(*(reviewed or previous)),
            "plan": month_span(*(planned or (day.year, day.month))),
        }
    term = ""
    if MeetingKind.CONGRESS in kinds:
        match = _TERM.search(title or "")
        start, end = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
        if not (match and start < end <= start + TERM_YEARS):
            start, end = day.year, day.year + TERM_YEARS
        term = f"{start}-{end}"
    review, plan = spans.get("review", (None, None)), spans.get("plan", (None, None))
    return Periods(*review, *plan, term=term)


def reviewed_year(
    *, kinds, day: datetime.date, title: str = "", review_from=None, review_to=None
) -> int:
    """The year whose targets a meeting reviews: that of its reviewed period (its end), else of
    the period its kinds and date give (a year-end review held in January: the past year)."""
    if review_to or review_from:
        return (review_to or review_from).year
    defaults = period_defaults(kinds, day, title)
    if defaults.review_to:
        return defaults.review_to.year
    return day.year


def meeting_reviewed_year(meeting) -> int:
    """The year whose targets a saved meeting reviews (a January year-end review: the past
    year), e.g. for the targets table added to its report."""
    return reviewed_year(
        kinds=meeting.kind_values,
        day=meeting.date,
        title=meeting.title,
        review_from=meeting.review_from,
        review_to=meeting.review_to,
    )


def title_date_mismatch(title: str, day: datetime.date | None, years=()) -> str | None:
    """What the title names ("tháng 10/2025", "năm 2024") when it is another month or year than
    the meeting's date, else None. A title naming several months is right when one is the
    date's; years of the reviewed and planned periods (`years`) are right too."""
    if not title or day is None:
        return None
    folded = fold(title)
    months = [
        (int(m.group(1)), int(m.group(2)) if m.group(2) else None, m.group(0))
        for m in _ANY_MONTH.finditer(folded)
        if 1 <= int(m.group(1)) <= 12
    ]
    if months:
        if any(m == day.month and y in (None, day.year) for m, y, _text in months):
            return None
        month, year, _text = months[0]
        return f"tháng {month}/{year}" if year else f"tháng {month}"
    named = [int(m.group(1)) for m in _ANY_YEAR.finditer(folded)]
    allowed = {day.year, *years}
    if named and not any(year in allowed for year in named):
        return f"năm {named[0]}"
    return None
