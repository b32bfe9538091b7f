"""The one-page meeting entry: every form of the page together, and what they say as plain data
for the meeting writer (`services.meetings.meeting_save`)."""

import datetime

from django.utils.translation import gettext_lazy as _

from ..models import AgendaItem, AttendanceMode, Candidate, ParticipantRole
from ..selectors.meetings import (
    attendance_initial,
    member_titles,
    roll_category,
    targets_to_review,
    timestamp_now,
)
from ..selectors.periods import period_defaults, reviewed_year, title_date_mismatch
from ..selectors.tasks import tasks_to_review
from ..services.meetings import MeetingData, RollRow, TargetReview, TaskReview
from .dates import DATE_DISPLAY_FORMAT, clean_day_first
from .meeting_attendance import AttendanceCountsForm, RollForm, VoteFormSet
from .meeting_election import ElectionPart
from .meeting_members import AwardEntryFormSet, MemberEventEntryFormSet, roll_without_admitted
from .meeting_parts import (
    AgendaItemFormSet,
    ChairFormSet,
    DocumentFormSet,
    GuestFormSet,
    MeetingForm,
    MinuteTakerFormSet,
    OpinionFormSet,
    TargetAdoptFormSet,
    TargetReviewFormSet,
)
from .meeting_tasks import TaskFormSet, TaskReviewFormSet
from .meeting_yearend import YearendPart


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
            day = clean_day_first(data.get("meeting-date")) or day
        self.day = day
        if data is None and meeting.pk is None and copy.get("meeting"):
            # A new meeting starts with the periods (and term) its kinds and date give.
            start = copy["meeting"]
            defaults = period_defaults(start.get("kinds"), day, start.get("title") or "")
            for name, value in defaults.as_initial().items():
                if value and not start.get(name):
                    start[name] = value
        self.members = roll.members
        titles = member_titles(roll.member_list, day)
        common = {"members": self.members, "titles": titles}
        self.form = MeetingForm(
            data, instance=meeting, prefix="meeting", initial=copy.get("meeting")
        )
        self._mark_period_defaults()
        if data is None:
            self.form.fields["version"].initial = meeting.version
            self.form.fields["loaded_at"].initial = timestamp_now()
        self.chairs = self._inline(ChairFormSet, data, "chairs", common, copy.get("chairs"))
        self.minute_taker = self._inline(
            MinuteTakerFormSet, data, "minute_taker", common, copy.get("minute_taker")
        )
        self.guests = self._inline(GuestFormSet, data, "guests", common, copy.get("guests"))
        self.attendance = RollForm(
            data, rows=attendance_initial(meeting, roll_without_admitted(meeting, roll), day)
        )
        self.attendance_counts = AttendanceCountsForm(data, instance=meeting)
        self.votes = VoteFormSet(data, instance=meeting, prefix="votes")
        self.documents = DocumentFormSet(data, files, instance=meeting, prefix="documents")
        self.agenda = self._inline(AgendaItemFormSet, data, "agenda", common, copy.get("agenda"))
        data = self._with_opinion_forms(data)
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
        # A new agenda item, as the page adds it (the script fills in its number), with its
        # own opinions formset: `agenda-__prefix__-opinions`.
        self.agenda_empty = (
            self.agenda.empty_form,
            OpinionFormSet(
                instance=AgendaItem(), prefix=f"{self.agenda.empty_form.prefix}-opinions", **common
            ),
        )
        self.events = MemberEventEntryFormSet(
            data,
            instance=meeting,
            prefix="events",
            candidates=Candidate.objects.waiting().filter(organisation=organisation),
            day=day,
            **common,
        )
        self.awards = AwardEntryFormSet(data, instance=meeting, prefix="awards", **common)
        self.election = ElectionPart(meeting, data)
        self.targets_reviewed = TargetReviewFormSet(
            data,
            prefix="targets_reviewed",
            queryset=targets_to_review(
                meeting, organisation, day, self.reviewed_year(), kinds=self.shown("kinds")
            ),
            meeting=meeting,
        )
        self.targets_adopted = TargetAdoptFormSet(data, instance=meeting, prefix="targets_adopted")
        self.tasks = TaskFormSet(data, instance=meeting, prefix="tasks", **common)
        self.tasks_reviewed = TaskReviewFormSet(
            data,
            prefix="tasks_reviewed",
            queryset=tasks_to_review(meeting, organisation, day),
            meeting=meeting,
        )
        self.yearend = YearendPart(
            data=data,
            meeting=meeting,
            organisation=organisation,
            day=day,
            kinds=self._kinds(data, copy),
        )

    def _kinds(self, data, copy) -> list[str]:
        """The meeting's kinds as posted, copied, or saved (which parts the page opens)."""
        if data is not None:
            return data.getlist("meeting-kinds") if hasattr(data, "getlist") else []
        if copy.get("meeting", {}).get("kinds"):
            return list(copy["meeting"]["kinds"])
        if self.meeting.pk:
            return list(self.meeting.kinds.values_list("kind", flat=True))
        return []

    def _with_opinion_forms(self, data):
        """The posted data, where an agenda item posted without its opinions' management form
        (an item added in the page by another client) has no opinions rather than an error."""
        if data is None:
            return None
        missing = [
            f"{form.prefix}-opinions"
            for form in self.agenda.forms
            if f"{form.prefix}-opinions-TOTAL_FORMS" not in data
        ]
        if not missing:
            return data
        data = data.copy()
        for prefix in missing:
            data[f"{prefix}-TOTAL_FORMS"] = "0"
            data[f"{prefix}-INITIAL_FORMS"] = "0"
        return data

    # -- periods and the date, as shown (posted, else saved or offered) ---------------------

    def shown(self, name):
        """The value of a meeting field as the page shows it: posted, else initial."""
        field = self.form[name]
        return field.data if self.bound else field.value()

    def shown_date(self, name) -> datetime.date | None:
        return clean_day_first(self.shown(name))

    def shown_defaults(self):
        return period_defaults(
            self.shown("kinds"), self.shown_date("date"), self.shown("title") or ""
        )

    def reviewed_year(self) -> int:
        return reviewed_year(
            kinds=self.shown("kinds"),
            day=self.shown_date("date") or self.day,
            title=self.shown("title") or "",
            review_from=self.shown_date("review_from"),
            review_to=self.shown_date("review_to"),
        )

    def _mark_period_defaults(self):
        """Each period box carries the value the kinds and date give (`data-default`): the
        page's script replaces a value equal to it when the kinds or date change, never one
        the secretary typed."""
        defaults = self.shown_defaults()
        for name, value in defaults.as_initial().items():
            if isinstance(value, datetime.date):
                value = value.strftime(DATE_DISPLAY_FORMAT)
            self.form.fields[name].widget.attrs["data-default"] = value or ""

    @property
    def title_warning(self) -> str:
        """A title naming another month or year than the date ("tháng 10/2025" on 04/09/2025)."""
        day = self.shown_date("date")
        periods = [self.shown_date(n) for n in ("review_from", "review_to", "plan_from", "plan_to")]
        named = title_date_mismatch(
            self.shown("title") or "", day, years={p.year for p in periods if p}
        )
        if not named:
            return ""
        return _(
            "The title names %(named)s but the meeting date is %(date)s: check the date or the title."
        ) % {"named": named, "date": day.strftime(DATE_DISPLAY_FORMAT)}

    def _inline(self, formset_class, data, prefix, common, initial):
        formset = formset_class(
            data, instance=self.meeting, prefix=prefix, initial=initial, **common
        )
        if initial and data is None:
            formset.extra = max(formset.extra, len(initial) + (0 if formset.max_num == 1 else 1))
        return formset

    def __iter__(self):
        yield self.form
        yield self.election.form
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
            self.tasks,
            self.tasks_reviewed,
            self.election.elected,
            self.election.delegates,
            *self.yearend.formsets,
            self.votes,
        ]

    def is_valid(self) -> bool:
        valid = all([part.is_valid() for part in self])  # validate every part, not just the first
        valid = self.election.is_valid() and valid
        for form, opinions in self.agenda_rows:
            typed = any(
                f.has_changed() and not f.cleaned_data.get("DELETE")
                for f in opinions.forms
                if hasattr(f, "cleaned_data")
            )
            if typed and not form.instance.pk and not form.has_changed():
                form.add_error("title", _("Write the agenda item these opinions belong to."))
                valid = False
            valid = _check_opinion_count(form, opinions) and valid
        if valid:
            valid = self.yearend.check()
        return valid

    @property
    def error_count(self) -> int:
        count = len(self.form.errors) + len(self.election.form.errors)
        count += len(self.attendance.errors)
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
            documents=document_rows(self.documents),
            agenda=agenda,
            events=entry_rows(self.events),
            awards=entry_rows(self.awards),
            targets_adopted=formset_rows(self.targets_adopted),
            targets_reviewed=[target_review(form) for form in self.targets_reviewed.forms],
            tasks=formset_rows(self.tasks),
            tasks_reviewed=[task_review(form) for form in self.tasks_reviewed.forms],
            election=self.election.to_data(),
            tallies=self.yearend.rows(self.yearend.tallies),
            figures=self.yearend.rows(self.yearend.figures),
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


def entry_rows(formset) -> list[dict]:
    """Rows of a formset whose forms add values of their own (`form.row()`: a typed name, a
    decision) to the model's fields."""
    return [form_row(formset, form, **form.row()) for form in kept_forms(formset)]


def target_review(form) -> TargetReview:
    target, data = form.instance, form.cleaned_data
    return TargetReview(
        target_id=target.pk,
        actual_text=target.actual_text,
        actual_value=target.actual_value,
        assessment=data.get("assessment_choice") or "",
        reviewed=bool(data.get("reviewed")),
    )


def _check_opinion_count(form, opinions) -> bool:
    """The number of opinions given on an item cannot be fewer than the named ones typed."""
    count = getattr(form, "cleaned_data", {}).get("opinion_count")
    if count is None or form.cleaned_data.get("DELETE") or not opinions.is_valid():
        return True
    named = sum(1 for _form in kept_forms(opinions))
    if count >= named:
        return True
    form.add_error(
        "opinion_count",
        _(
            "%(count)s opinions cannot be fewer than the %(named)s named opinions written "
            "below: raise the number or leave it empty."
        )
        % {"count": count, "named": named},
    )
    return False


def document_rows(formset) -> list[dict]:
    """The documents' rows; a row's "file" only when the file was chosen or removed."""
    rows = []
    for form in kept_forms(formset):
        row = form_row(formset, form)
        row.pop("file", None)
        if "file" in form.changed_data:
            row["file"] = form.cleaned_data.get("file") or ""
        rows.append(row)
    return rows


def task_review(form) -> TaskReview:
    data = form.cleaned_data
    return TaskReview(
        task_id=form.instance.pk, done=bool(data.get("done")), result=data.get("result") or ""
    )
