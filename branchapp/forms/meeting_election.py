"""The congress part of the meeting page: the committee's size, the people elected to it
(a name, or only the position when the report gives no name; re-elected or not) and the
delegates to the upper congress (official or alternate). Part of the minutes: locked with them.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import ElectedPerson, Election
from .common import UNKNOWN_ROW


class ElectionForm(forms.Form):
    committee_size = forms.IntegerField(
        label=_("Committee size (number elected)"),
        required=False,
        min_value=1,
        max_value=500,
        help_text=_("As decided by the congress, e.g. 9."),
    )


class ElectedRowForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        required=False,
        help_text=_("Leave empty when only the position is known."),
    )
    position = forms.CharField(
        label=_("Position"),
        max_length=255,
        required=False,
        help_text=_("e.g. Bí thư, Phó Bí thư, Ủy viên Ban Chấp hành"),
    )
    re_elected = forms.BooleanField(label=_("Re-elected"), required=False)

    def clean(self):
        data = super().clean()
        if self.has_changed() and not data.get("DELETE"):
            data["name"] = (data.get("name") or "").strip()
            data["position"] = (data.get("position") or "").strip()
            if not data["name"] and not data["position"]:
                self.add_error("name", _("Give the name or the position of the person elected."))
        return data


class DelegateRowForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    alternate = forms.BooleanField(label=_("Alternate delegate"), required=False)

    def clean(self):
        data = super().clean()
        if self.has_changed() and not data.get("DELETE"):
            data["name"] = (data.get("name") or "").strip()
            if not data["name"]:
                self.add_error("name", _("Write the delegate's name."))
        return data


class ElectionRowsFormSet(forms.BaseFormSet):
    """Rows of one kind of the meeting's election; a posted id of another row is an error."""

    def __init__(self, *args, known_ids=(), **kwargs):
        self.known_ids = set(known_ids)
        super().__init__(*args, **kwargs)

    def clean(self):
        for form in self.forms:
            row_id = form.cleaned_data.get("id") if hasattr(form, "cleaned_data") else None
            if row_id is not None and row_id not in self.known_ids:
                raise ValidationError(UNKNOWN_ROW, code="unknown_row")

    def rows(self, names) -> list[dict]:
        """The kept rows, as plain values, in the order shown."""
        rows = []
        for form in self.forms:
            data = form.cleaned_data
            if data.get("DELETE") or not (form.has_changed() or data.get("id")):
                continue
            row = {name: data.get(name) for name in names}
            if data.get("id"):
                row["id"] = data["id"]
            rows.append(row)
        return rows


ElectedFormSet = forms.formset_factory(
    ElectedRowForm, formset=ElectionRowsFormSet, extra=3, can_delete=True
)
DelegateFormSet = forms.formset_factory(
    DelegateRowForm, formset=ElectionRowsFormSet, extra=2, can_delete=True
)


class ElectionPart:
    """The three forms of the congress part, built from the meeting's election (if any)."""

    def __init__(self, meeting, data=None):
        election = (
            Election.objects.filter(meeting=meeting).first() if meeting.pk is not None else None
        )
        people = list(election.people.all()) if election is not None else []
        elected = [p for p in people if p.kind == ElectedPerson.Kind.ELECTED]
        delegates = [p for p in people if p.kind == ElectedPerson.Kind.DELEGATE]
        self.exists = election is not None
        self.form = ElectionForm(
            data,
            prefix="election",
            initial={"committee_size": election.committee_size if election else None},
        )
        self.elected = ElectedFormSet(
            data,
            prefix="elected",
            initial=[
                {"id": p.pk, "name": p.name, "position": p.position, "re_elected": p.re_elected}
                for p in elected
            ],
            known_ids=[p.pk for p in elected],
        )
        self.delegates = DelegateFormSet(
            data,
            prefix="delegates",
            initial=[{"id": p.pk, "name": p.name, "alternate": p.alternate} for p in delegates],
            known_ids=[p.pk for p in delegates],
        )
        if data is None:
            # Always a few empty rows after the recorded ones.
            self.elected.extra = 3 if not elected else 2
            self.delegates.extra = 2 if not delegates else 1

    def parts(self):
        return [self.form, self.elected, self.delegates]

    def is_valid(self) -> bool:
        valid = all([part.is_valid() for part in self.parts()])
        if valid:
            size = self.form.cleaned_data.get("committee_size")
            elected = self.elected.rows(["name"])
            if size is not None and len(elected) > size:
                self.form.add_error(
                    "committee_size",
                    _("%(n)s people are listed as elected, more than the committee size.")
                    % {"n": len(elected)},
                )
                valid = False
        return valid

    def to_data(self) -> dict:
        return {
            "committee_size": self.form.cleaned_data.get("committee_size"),
            "elected": self.elected.rows(["name", "position", "re_elected"]),
            "delegates": self.delegates.rows(["name", "alternate"]),
        }
