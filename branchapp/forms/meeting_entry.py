"""The one-page meeting entry: every form of the page together, and what they say as plain data
for the meeting writer (`services.meetings.meeting_save`)."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import AgendaItem, AttendanceMode, ParticipantRole
from ..selectors.meetings import (
    attendance_initial,
    member_titles,
    roll_category,
    targets_to_review,
    timestamp_now,
)
from ..services.meetings import MeetingData, RollRow, TargetReview
from .meeting_attendance import AttendanceCountsForm, RollForm, VoteFormSet
from .meeting_parts import (
    DATE_WIDGET,
    AgendaItemFormSet,
    AwardFormSet,
    ChairFormSet,
    DocumentFormSet,
    GuestFormSet,
    MeetingForm,
    MemberEventFormSet,
    MinuteTakerFormSet,
    OpinionFormSet,
    TargetAdoptFormSet,
    TargetReviewFormSet,
)


class MeetingEntry:
    """Every form of the one-page meeting entry, built, validated and rendered together."""

    def __init__(self, *, meeting, organisation, roll, data=None, files=None, copy=None):
        self.meeting = meeting
        self.organisation = organisation
        self.roll = roll
        self.bound = data is not None
        copy = copy or {}
        day = meeting.date or copy.get("meeting", {}).get("date") or datetime.date.today()
        if data is not None:
            try:
                day = forms.DateField(widget=DATE_WIDGET).clean(data.get("meeting-date")) or day
            except ValidationError:
                pass
        self.day = day
        self.members = roll.members
        titles = member_titles(roll.member_list, day)
        common = {"members": self.members, "titles": titles}
        self.form = MeetingForm(
            data, instance=meeting, prefix="meeting", initial=copy.get("meeting")
        )
        if data is None:
            self.form.fields["version"].initial = meeting.version
            self.form.fields["loaded_at"].initial = timestamp_now()
        self.chairs = self._inline(ChairFormSet, data, "chairs", common, copy.get("chairs"))
        self.minute_taker = self._inline(
            MinuteTakerFormSet, data, "minute_taker", common, copy.get("minute_taker")
        )
        self.guests = self._inline(GuestFormSet, data, "guests", common, copy.get("guests"))
        self.attendance = RollForm(data, rows=attendance_initial(meeting, roll, day))
        self.attendance_counts = AttendanceCountsForm(data, instance=meeting)
        self.votes = VoteFormSet(data, instance=meeting, prefix="votes")
        self.documents = DocumentFormSet(data, instance=meeting, prefix="documents")
        self.agenda = self._inline(AgendaItemFormSet, data, "agenda", common, copy.get("agenda"))
        self.opinions = [
            OpinionFormSet(
                data,
                instance=form.instance if form.instance.pk else AgendaItem(),
                prefix=f"{form.prefix}-opinions",
                **common,
            )
            for form in self.agenda.forms
        ]
        self.agenda_rows = list(zip(self.agenda.forms, self.opinions, strict=True))
        self.events = MemberEventFormSet(data, instance=meeting, prefix="events", **common)
        self.awards = AwardFormSet(data, instance=meeting, prefix="awards", **common)
        self.targets_reviewed = TargetReviewFormSet(
            data,
            prefix="targets_reviewed",
            queryset=targets_to_review(meeting, organisation, day),
            meeting=meeting,
        )
        self.targets_adopted = TargetAdoptFormSet(data, instance=meeting, prefix="targets_adopted")

    def _inline(self, formset_class, data, prefix, common, initial):
        formset = formset_class(
            data, instance=self.meeting, prefix=prefix, initial=initial, **common
        )
        if initial and data is None:
            formset.extra = max(formset.extra, len(initial) + (0 if formset.max_num == 1 else 1))
        return formset

    def __iter__(self):
        yield self.form
        yield self.attendance_counts
        yield self.attendance
        yield from self.formsets()

    def formsets(self):
        return [
            self.chairs,
            self.minute_taker,
            self.guests,
            self.documents,
            self.agenda,
            *self.opinions,
            self.events,
            self.awards,
            self.targets_reviewed,
            self.targets_adopted,
            self.votes,
        ]

    def is_valid(self) -> bool:
        valid = all([part.is_valid() for part in self])  # validate every part, not just the first
        for form, opinions in self.agenda_rows:
            typed = any(
                f.has_changed() and not f.cleaned_data.get("DELETE")
                for f in opinions.forms
                if hasattr(f, "cleaned_data")
            )
            if typed and not form.instance.pk and not form.has_changed():
                form.add_error("title", _("Write the agenda item these opinions belong to."))
                valid = False
        return valid

    @property
    def error_count(self) -> int:
        count = len(self.form.errors) + len(self.attendance.errors)
        count += len(self.attendance_counts.errors)
        for formset in self.formsets():
            count += len(formset.non_form_errors()) + sum(len(e) for e in formset.errors)
        return count

    # -- what the page says, once valid ------------------------------------------------------

    @property
    def version(self) -> int:
        # A form posted without the version it was opened at counts as opened before any save.
        return self.form.cleaned_data.get("version") or 0

    @property
    def opened_at(self) -> datetime.datetime | None:
        return self.form.cleaned_data.get("loaded_at")

    def to_data(self) -> MeetingData:
        """Everything typed on the page, as the plain values the meeting writer takes."""
        meeting = self.form.cleaned_data
        opinions = dict(self.agenda_rows)
        agenda = [
            form_row(self.agenda, item, opinions=formset_rows(opinions[item]))
            for item in kept_forms(self.agenda)
        ]
        counts_only = self.attendance_counts.cleaned_data["attendance_mode"] == (
            AttendanceMode.COUNTS
        )
        return MeetingData(
            fields={
                **{name: meeting[name] for name in MeetingForm._meta.fields},
                "attendance_mode": self.attendance_counts.cleaned_data["attendance_mode"],
            },
            counts=self.attendance_counts.counts() if counts_only else None,
            kinds=list(meeting["kinds"]),
            people=[
                *formset_rows(self.chairs, role=ParticipantRole.CHAIR),
                *formset_rows(self.minute_taker, role=ParticipantRole.MINUTE_TAKER),
                *formset_rows(self.guests, role=ParticipantRole.GUEST),
            ],
            roll=None if counts_only else self.roll_rows(meeting["date"]),
            documents=formset_rows(self.documents),
            agenda=agenda,
            events=formset_rows(self.events),
            awards=formset_rows(self.awards),
            targets_adopted=formset_rows(self.targets_adopted),
            targets_reviewed=[target_review(form) for form in self.targets_reviewed.forms],
            votes=formset_rows(self.votes),
        )

    def roll_rows(self, day: datetime.date) -> list[RollRow]:
        """(member, category that day, status, reason) for each row of the posted roll."""
        members = {m.pk: m for m in self.roll.member_list}
        rows = []
        for row, status, reason in self.attendance.statuses():
            member = members.get(row["member_id"])
            if member is None:  # no longer a member of the organisation: their row stays
                continue
            category = roll_category(member, day, written=row["category"])
            rows.append(RollRow(member, category, status, reason))
        return rows


def kept_forms(formset):
    """The forms of a valid model formset whose rows are kept: saved ones not deleted, new ones
    typed."""
    deleted = set(formset.deleted_forms)
    for form in formset.forms:
        if form not in deleted and (form.instance.pk is not None or form.has_changed()):
            yield form


def form_row(formset, form, **extra) -> dict:
    """A row's field values (with its "id" once saved), as form.save() would save them: the
    validation put the cleaned values on the instance. The row it hangs on is left out."""
    instance, parent = form.instance, getattr(formset, "fk", None)
    names = [name for name in form._meta.fields if parent is None or name != parent.name]
    row = {name: getattr(instance, name) for name in names}
    if instance.pk is not None:
        row["id"] = instance.pk
    return {**row, **extra}


def formset_rows(formset, **extra) -> list[dict]:
    return [form_row(formset, form, **extra) for form in kept_forms(formset)]


def target_review(form) -> TargetReview:
    target, data = form.instance, form.cleaned_data
    return TargetReview(
        target_id=target.pk,
        actual_text=target.actual_text,
        actual_value=target.actual_value,
        assessment=data.get("assessment_choice") or "",
        reviewed=bool(data.get("reviewed")),
    )
