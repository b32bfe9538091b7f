"""Attendance, quorum and majorities: the one definition of each figure.

A meeting's attendance is kept as figures on its row (`ATTENDANCE_COUNTS`), whether it was
recorded member by member (the roll) or as numbers only; every reader (the minutes, the DOCX,
the indicators, the statistics, the public article) reads those figures. What each means:

- `convened` (triệu tập): members called to the meeting: the organisation's full and
  probationary members, and the members attached to it temporarily; not those attending
  elsewhere for a while (`away_elsewhere`), not the members exempt from meetings unless they
  come.
- `present` (có mặt) = `present_full` + `present_probationary` + `present_temporary`, as the
  minutes write it ("Có mặt: 28 đồng chí (chính thức 25; dự bị 2; sinh hoạt tạm thời 1)"); an
  exempt member who comes counts as a full member present. Temporarily attached members attend
  but are not in the organisation's strength (đảng số, DOMAIN §1.2), nor in the 9.3.2 number.
- `excused`, `unexcused`: members convened who did not come, with or without a reason:
  `present` + `excused` + `unexcused` = `convened`.
- `exempt`: members exempt from meetings (miễn sinh hoạt), whether they came or not.
- `away_elsewhere`: members attending another organisation's meetings for a while (off the roll).

The attendance rate is `present` / `convened`, as in the minutes. The number a majority is
counted from (24-QĐ/TW 9.3.2) is the full members convened, less those absent with an accepted
excuse, those exempt and absent, and those away elsewhere: the full members present plus the full
members absent without reason (`denominator`). The quorum and majorities themselves are dated
data (`MajorityRule`).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import (
    ATTENDANCE_COUNTS,
    Attendance,
    AttendanceMode,
    AttendanceStatus,
    MajorityRule,
    MeetingKind,
    MemberCategory,
    RuleBase,
    RuleSubject,
)

# The figures a roll gives; members attending elsewhere (`away_elsewhere`) are not on it.
ROLL_COUNTS = tuple(name for name in ATTENDANCE_COUNTS if name != "away_elsewhere")

# Labels of the figures, as the entry page and the messages name them.
COUNT_LABELS = {
    "convened": gettext_lazy("convened"),
    "present": gettext_lazy("present"),
    "present_full": gettext_lazy("full members present"),
    "present_probationary": gettext_lazy("probationary members present"),
    "present_temporary": gettext_lazy("temporarily attached members present"),
    "exempt": gettext_lazy("exempt from meetings"),
    "away_elsewhere": gettext_lazy("attending elsewhere temporarily"),
    "excused": gettext_lazy("absent with reason"),
    "unexcused": gettext_lazy("absent without reason"),
}


def roll_counts(rows) -> dict[str, int]:
    """The figures of the minutes from the roll's (category, status) pairs (see the module)."""
    counts = dict.fromkeys(ROLL_COUNTS, 0)
    for category, status in rows:
        present = status == AttendanceStatus.PRESENT
        if category == MemberCategory.EXEMPT or status == AttendanceStatus.EXEMPT:
            counts["exempt"] += 1
            if not present:
                continue
        counts["convened"] += 1
        if present:
            counts["present"] += 1
            if category == MemberCategory.PROBATIONARY:
                counts["present_probationary"] += 1
            elif category == MemberCategory.TEMPORARY:
                counts["present_temporary"] += 1
            else:
                counts["present_full"] += 1
        elif status == AttendanceStatus.EXCUSED:
            counts["excused"] += 1
        elif status == AttendanceStatus.UNEXCUSED:
            counts["unexcused"] += 1
    return counts


def count_errors(counts: dict) -> dict[str, str]:
    """What disagrees among figures typed as numbers: {field name: message}, in Vietnamese
    through the translations. Figures left empty are not checked."""
    c = {name: counts.get(name) for name in ATTENDANCE_COUNTS}
    errors = {}

    def known(*names):
        return all(c[name] is not None for name in names)

    if c["convened"] is None:
        errors["convened"] = _("Write how many members were convened.")
    if c["present"] is None:
        errors["present"] = _("Write how many members were present.")
    parts = ("present_full", "present_probationary", "present_temporary")
    if known("present", *parts):
        total = sum(c[name] for name in parts)
        if total != c["present"]:
            errors["present"] = _(
                "Present (%(present)s) must equal full members present (%(full)s) + probationary "
                "members present (%(probationary)s) + temporarily attached members present "
                "(%(temporary)s) = %(sum)s."
            ) % {
                "present": c["present"],
                "full": c["present_full"],
                "probationary": c["present_probationary"],
                "temporary": c["present_temporary"],
                "sum": total,
            }
    elif known("present"):
        for name in parts:
            if c[name] is not None and c[name] > c["present"]:
                errors[name] = _("%(label)s (%(value)s) is more than present (%(present)s).") % {
                    "label": str(COUNT_LABELS[name]).capitalize(),
                    "value": c[name],
                    "present": c["present"],
                }
    if known("present", "convened") and c["present"] > c["convened"]:
        errors["present"] = _("Present (%(present)s) is more than convened (%(convened)s).") % {
            "present": c["present"],
            "convened": c["convened"],
        }
    elif known("present", "excused", "unexcused", "convened"):
        total = c["present"] + c["excused"] + c["unexcused"]
        if total != c["convened"]:
            errors["convened"] = _(
                "Convened (%(convened)s) must equal present (%(present)s) + absent with reason "
                "(%(excused)s) + absent without reason (%(unexcused)s) = %(sum)s."
            ) % {
                "convened": c["convened"],
                "present": c["present"],
                "excused": c["excused"],
                "unexcused": c["unexcused"],
                "sum": total,
            }
    elif known("present", "convened"):
        absent = c["convened"] - c["present"]
        for name in ("excused", "unexcused"):
            if c[name] is not None and c[name] > absent:
                errors[name] = _(
                    "%(label)s (%(value)s) is more than the members absent: convened "
                    "(%(convened)s) − present (%(present)s) = %(absent)s."
                ) % {
                    "label": str(COUNT_LABELS[name]).capitalize(),
                    "value": c[name],
                    "convened": c["convened"],
                    "present": c["present"],
                    "absent": absent,
                }
    return errors


@dataclass(frozen=True)
class Bases:
    """The numbers quorum and majorities are counted from, for one meeting."""

    denominator: int | None  # 24-QĐ/TW 9.3.2
    full_members: int | None  # full members convened
    full_present: int | None

    def of(self, base: str) -> int | None:
        return self.denominator if base == RuleBase.DENOMINATOR else self.full_members


def bases(counts: dict, rows=None) -> Bases:
    """The 9.3.2 denominator and the full members convened: from the roll's (category, status)
    pairs when there is one (exact), else from the figures: a member absent is then taken as
    a full member (the numbers do not say who was absent)."""
    if rows:
        full = [(c, s) for c, s in rows if c in (MemberCategory.FULL, MemberCategory.EXEMPT)]
        present = sum(1 for _c, s in full if s == AttendanceStatus.PRESENT)
        unexcused = sum(1 for _c, s in full if s == AttendanceStatus.UNEXCUSED)
        convened = sum(
            1
            for c, s in full
            if (c == MemberCategory.FULL and s != AttendanceStatus.EXEMPT)
            or s == AttendanceStatus.PRESENT
        )
        return Bases(present + unexcused, convened, present)
    present = counts.get("present_full")
    if present is None and counts.get("present") is not None:
        others = (counts.get("present_probationary") or 0) + (counts.get("present_temporary") or 0)
        present = max(counts["present"] - others, 0)
    denominator = None if present is None else present + (counts.get("unexcused") or 0)
    convened = counts.get("convened")
    full_members = None
    if convened is not None:
        others = (counts.get("present_probationary") or 0) + (counts.get("present_temporary") or 0)
        full_members = max(convened - others, 0)
    return Bases(denominator, full_members, present)


def rule_on(subject: str, day: datetime.date) -> MajorityRule | None:
    """The rule in force on `day` for `subject` (the latest one starting on or before it)."""
    return (
        MajorityRule.objects.filter(subject=subject, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from", "-id")
        .first()
    )


@dataclass(frozen=True)
class Check:
    """A count against its rule: whether it is met, and the sentence that says so."""

    rule: MajorityRule
    count: int
    base: int
    needed: int
    met: bool
    message: str


def need_words(rule: MajorityRule, base: int) -> str:
    """ "more than 10" when the share of the base is whole and the rule strict, else "at least 14"."""
    exact, remainder = divmod(rule.numerator * base, rule.denominator)
    if rule.strict and not remainder:
        return _("more than %(n)s") % {"n": exact}
    return _("at least %(n)s") % {"n": rule.needed(base)}


def check(rule: MajorityRule, count: int, base: int, what: str) -> Check:
    needed = rule.needed(base)
    message = _("%(count)s/%(base)s %(what)s, %(need)s needed") % {
        "count": count,
        "base": base,
        "what": what,
        "need": need_words(rule, base),
    }
    return Check(rule, count, base, needed, count >= needed, message)


def quorum(counts: dict, kinds, day: datetime.date, rows=None) -> Check | None:
    """The meeting's quorum: a congress needs its full members convened present (> ⅔), any
    other meeting enough members present to pass a resolution (> ½ of the 9.3.2 number)."""
    congress = MeetingKind.CONGRESS in (kinds or ())
    subject = RuleSubject.CONGRESS_QUORUM if congress else RuleSubject.MEETING_QUORUM
    rule = rule_on(subject, day)
    figures = bases(counts, rows)
    if rule is None or figures.full_present is None:
        return None
    base = figures.of(rule.base)
    if not base:
        return None
    return check(rule, figures.full_present, base, _("full members present"))


def vote_out_of(subject: str, day: datetime.date, counts: dict, rows=None) -> int | None:
    """The number a vote on `subject` is counted out of when none is written."""
    rule = rule_on(subject, day)
    if rule is None:
        return None
    return bases(counts, rows).of(rule.base)


def vote_check(subject: str, day: datetime.date, in_favour: int, out_of: int | None):
    """A vote's result against its rule, or None without a rule or a number to count from."""
    rule = rule_on(subject, day)
    if rule is None or not out_of:
        return None
    return check(rule, in_favour, out_of, _("for"))


# -- a saved meeting -----------------------------------------------------------------------


def meeting_figures(meeting) -> dict:
    """The meeting's figures as stored; a roll written without them (rows added one by one)
    gives them by the same definition."""
    figures = {name: getattr(meeting, name) for name in ATTENDANCE_COUNTS}
    if figures["present"] is None and figures["convened"] is None:
        rows = meeting_rows(meeting)
        if rows:
            figures.update(roll_counts(rows))
    return figures


def meeting_rows(meeting):
    """The roll's (category, status) pairs when the meeting keeps a roll, else None."""
    if meeting.pk is None or meeting.attendance_mode != AttendanceMode.ROLL:
        return None
    return [(row.category, row.status) for row in meeting.attendance.all()] or None


def meeting_quorum(meeting) -> Check | None:
    """The saved meeting's quorum against the rule in force on its date."""
    if meeting.pk is None or meeting.present is None:
        return None
    figures, rows = meeting_figures(meeting), meeting_rows(meeting)
    return quorum(figures, meeting.kind_values, meeting.date, rows)


@dataclass(frozen=True)
class VoteResult:
    vote: object
    check: Check | None

    @property
    def passed(self) -> bool | None:
        return None if self.check is None else self.check.met


def vote_results(meeting) -> list[VoteResult]:
    """The meeting's votes, each against the rule of its kind in force on the meeting date."""
    if meeting.pk is None:
        return []
    return [
        VoteResult(vote, vote_check(vote.subject, meeting.date, vote.in_favour, vote.out_of))
        for vote in meeting.votes.all()
    ]


def rules_on(day: datetime.date) -> dict[str, MajorityRule]:
    """Every rule in force on `day`, by subject (for the entry page's live figures)."""
    return {subject: rule for subject in RuleSubject.values if (rule := rule_on(subject, day))}


# -- many saved meetings at once ------------------------------------------------------------


def _rule_among(rules, subject: str, day: datetime.date) -> MajorityRule | None:
    """`rule_on` over rules already read: the latest in force on `day` for `subject`."""
    found = None
    for rule in rules:
        if rule.subject != subject or rule.valid_from > day:
            continue
        if rule.valid_to is not None and rule.valid_to < day:
            continue
        if found is None or (rule.valid_from, rule.pk) > (found.valid_from, found.pk):
            found = rule
    return found


def meetings_quorums(meetings) -> dict[int, Check | None]:
    """`meeting_quorum` of each saved meeting, {pk: check}, in a fixed number of queries
    whatever their number (a list page): the rules read once, the rolls in one query. The
    meetings' kinds should be prefetched (`prefetch_related("kinds")`)."""
    meetings = [m for m in meetings if m.pk is not None]
    result: dict[int, Check | None] = {m.pk: None for m in meetings}
    counted = [m for m in meetings if m.present is not None]
    if not counted:
        return result
    rules = list(MajorityRule.objects.filter(subject__in=QUORUM_SUBJECTS))
    with_roll = [m.pk for m in counted if m.attendance_mode == AttendanceMode.ROLL]
    rolls: dict[int, list] = {}
    if with_roll:
        rows = Attendance.objects.filter(meeting_id__in=with_roll).values_list(
            "meeting_id", "category", "status"
        )
        for meeting_id, category, status in rows.order_by("meeting_id", "order", "id"):
            rolls.setdefault(meeting_id, []).append((category, status))
    for meeting in counted:
        figures = {name: getattr(meeting, name) for name in ATTENDANCE_COUNTS}
        congress = MeetingKind.CONGRESS in meeting.kind_values
        subject = RuleSubject.CONGRESS_QUORUM if congress else RuleSubject.MEETING_QUORUM
        rule = _rule_among(rules, subject, meeting.date)
        numbers = bases(figures, rolls.get(meeting.pk))
        if rule is None or numbers.full_present is None:
            continue
        base = numbers.of(rule.base)
        if base:
            result[meeting.pk] = check(rule, numbers.full_present, base, _("full members present"))
    return result


QUORUM_SUBJECTS = (RuleSubject.CONGRESS_QUORUM, RuleSubject.MEETING_QUORUM)
