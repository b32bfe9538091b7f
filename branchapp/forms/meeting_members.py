"""The members part of the meeting page: events decided (admissions, confirmations, transfers…)
with their decision, and awards with their decision.

An admission names a new member by typing the name (or picking a candidate of the
organisation's list): the meeting writer creates the member, on probation from the event's date.
A confirmation before the 12 months of probation are complete is refused with both dates.
"""

import datetime
from dataclasses import replace

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from ..models import Award, Candidate, Meeting, MemberEvent, MemberEventType
from ..models.members import probation_end
from ..text import normalise
from .common import KnownRowsMixin
from .meeting_parts import DATE_WIDGET, AwardForm, MemberChoicesMixin, member_field

# Events whose person may be typed as a new member rather than picked (services.meetings).
NEW_MEMBER_EVENTS = (
    MemberEventType.ADMISSION,
    MemberEventType.TRANSFER_IN,
    MemberEventType.TEMPORARY_IN,
)
# The kind of document written for a decision typed on the page.
DECISION_KIND = "Quyết định"


def short_date(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


class DecisionFieldsMixin:
    """Three fields for the decision behind a row: number, date and issuer."""

    def add_decision_fields(self):
        self.fields["decision_number"] = forms.CharField(
            label=_("Decision number"), max_length=60, required=False
        )
        self.fields["decision_date"] = forms.DateField(
            label=_("Decision date"), required=False, widget=DATE_WIDGET
        )
        self.fields["decision_issuer"] = forms.CharField(
            label=_("Decision issued by"), max_length=255, required=False
        )
        decision = self.instance.decision if self.instance.decision_id else None
        if decision is not None:
            self.initial.setdefault("decision_number", decision.number)
            self.initial.setdefault("decision_date", decision.date)
            self.initial.setdefault("decision_issuer", decision.issuer)

    def decision_values(self) -> dict:
        data = self.cleaned_data
        values = {
            "number": (data.get("decision_number") or "").strip(),
            "date": data.get("decision_date"),
            "issuer": (data.get("decision_issuer") or "").strip(),
        }
        if not any(values.values()):
            return {}
        current = self.instance.decision if self.instance.decision_id else None
        return {
            **values,
            "kind": current.kind if current is not None and current.kind else DECISION_KIND,
            "title": current.title if current is not None else "",
        }


class MemberEventEntryForm(DecisionFieldsMixin, forms.ModelForm):
    member_name = forms.CharField(
        label=_("or new member's full name"),
        max_length=150,
        required=False,
        help_text=_("For an admission: type the name; the member is created on probation."),
    )

    class Meta:
        model = MemberEvent
        fields = ["type", "member", "count", "date", "prior_status", "mentor", "note"]
        widgets = {"date": DATE_WIDGET, "note": forms.TextInput}

    def __init__(self, *args, members=None, titles=None, candidates=None, day=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.day = day
        self.fields["member"] = member_field(members, {}, label=_("Member"))
        self.fields["candidate"] = forms.ModelChoiceField(
            queryset=candidates if candidates is not None else Candidate.objects.none(),
            required=False,
            label=_("or candidate from the list"),
            empty_label="—",
        )
        self.fields["prior_status"].widget.attrs["list"] = "prior-statuses"
        self.fields["prior_status"].help_text = _("e.g. Quần chúng ưu tú")
        self.add_decision_fields()
        self.order_fields(
            [
                "type",
                "member",
                "member_name",
                "candidate",
                "count",
                "date",
                "prior_status",
                "mentor",
                "decision_number",
                "decision_date",
                "decision_issuer",
                "note",
            ]
        )

    def clean(self):
        data = super().clean()
        if data.get("DELETE"):
            return data
        member, name = data.get("member"), (data.get("member_name") or "").strip()
        candidate, kind = data.get("candidate"), data.get("type")
        data["member_name"] = name
        if member and (name or candidate):
            self.add_error("member_name", _("Pick a member or type a new name, not both."))
        elif name and candidate:
            self.add_error("member_name", _("Type a new name or pick a candidate, not both."))
        elif (name or candidate) and kind and kind not in NEW_MEMBER_EVENTS:
            self.add_error(
                "member_name",
                _("A new name is typed only for an admission or a transfer in: pick the member."),
            )
        elif name and self.fields["member"].queryset.filter(full_name=normalise(name)).exists():
            self.add_error(
                "member_name",
                _("%(name)s is already a member of this organisation: pick them in the list.")
                % {"name": normalise(name)},
            )
        if (member or name or candidate) and (data.get("count") or 1) != 1:
            self.add_error("count", _("An event about a named member counts exactly one."))
        if kind == MemberEventType.CONFIRMATION and member:
            self._check_probation(member, data.get("date") or self.day)
        return data

    def _check_probation(self, member, day):
        """A confirmation is considered only once the 12 months of probation are complete."""
        admitted = member.admission_date
        earliest = probation_end(admitted)
        if earliest is not None and day is not None and day < earliest:
            self.add_error(
                "date" if self.cleaned_data.get("date") else "member",
                _(
                    "Admitted on %(admitted)s; confirmation can be considered only from "
                    "%(earliest)s."
                )
                % {"admitted": short_date(admitted), "earliest": short_date(earliest)},
            )

    def row(self) -> dict:
        """The extra values the meeting writer takes beside the model's fields."""
        data = self.cleaned_data
        return {
            "member_name": data.get("member_name") or "",
            "candidate": data.get("candidate"),
            "decision": self.decision_values(),
        }


class MemberEventEntryFormSet(KnownRowsMixin, MemberChoicesMixin, forms.BaseInlineFormSet):
    def __init__(self, *args, candidates=None, day=None, **kwargs):
        self.candidates = candidates
        self.day = day
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "candidates": self.candidates, "day": self.day}


MemberEventEntryFormSet = forms.inlineformset_factory(
    Meeting,
    MemberEvent,
    form=MemberEventEntryForm,
    formset=MemberEventEntryFormSet,
    fk_name="meeting",
    extra=2,
    can_delete=True,
)


class AwardEntryForm(DecisionFieldsMixin, AwardForm):
    """An award with its decision (number, date; its issuer is the award's issuer), as in the
    admin."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_decision_fields()
        del self.fields["decision_issuer"]
        self.fields["issuer"].label = _("Issued by")
        self.fields["issuer"].help_text = _("e.g. Đảng ủy Khối")
        self.order_fields(
            [
                "form",
                "badge_years",
                "recipient_member",
                "recipient_name",
                "recipient_collective",
                "count",
                "issuer",
                "decision_number",
                "decision_date",
                "reason",
                "year",
            ]
        )

    def decision_values(self) -> dict:
        self.cleaned_data["decision_issuer"] = self.cleaned_data.get("issuer") or ""
        if not (self.cleaned_data.get("decision_number") or self.cleaned_data.get("decision_date")):
            return {}
        return super().decision_values()

    def row(self) -> dict:
        return {"decision": self.decision_values()}


class AwardEntryBaseFormSet(KnownRowsMixin, MemberChoicesMixin, forms.BaseInlineFormSet):
    pass


AwardEntryFormSet = forms.inlineformset_factory(
    Meeting,
    Award,
    form=AwardEntryForm,
    formset=AwardEntryBaseFormSet,
    fk_name="meeting",
    extra=1,
    can_delete=True,
)


def roll_without_admitted(meeting, roll):
    """The roll less the members admitted at this very meeting: they become members there, and
    the minutes count those convened to admit them."""
    if meeting.pk is None:
        return roll
    admitted = {
        member.pk
        for member in roll.member_list
        if any(
            event.meeting_id == meeting.pk and event.type == MemberEventType.ADMISSION
            for event in member.events.all()
        )
    }
    if not admitted:
        return roll
    return replace(roll, member_list=[m for m in roll.member_list if m.pk not in admitted])
