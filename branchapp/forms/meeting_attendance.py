"""The meeting page's attendance: how it is recorded (the roll or the numbers), the roll, the
numbers, and the votes.

The roll posts two fields per member, named by the member's id (`roll-<id>-status`,
`roll-<id>-reason`): who is on it, their name and their category that day come from the
records, not from the page, so a committee of several hundred members stays within Django's
limit on the number of posted fields (DATA_UPLOAD_MAX_NUMBER_FIELDS).
"""

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from ..attendance import count_errors
from ..models import (
    ATTENDANCE_COUNTS,
    AttendanceMode,
    AttendanceStatus,
    Meeting,
    MemberCategory,
    Vote,
)
from .common import KnownRowsInlineFormSet

CATEGORY_LABELS = dict(MemberCategory.choices)


class RollRowView:
    """One member's row as the page shows it: their name, category and two fields."""

    def __init__(self, row, status, reason, statuses=()):
        self.statuses = statuses  # (value, label) of AttendanceStatus, translated once
        self.member_id = row["member_id"]
        self.name = row["name"]
        self.category = row["category"]
        self.category_label = str(CATEGORY_LABELS.get(row["category"], row["category"]))
        self.status = status
        self.reason = reason

    @property
    def choices(self) -> list[dict]:
        """The status radios as plain values (written by the template directly: a widget
        template per radio is too slow for a roll of hundreds)."""
        current = str(self.status.value() or "")
        return [
            {
                "value": value,
                "label": label,
                "id": f"{self.status.auto_id}_{index}",
                "checked": str(value) == current,
            }
            for index, (value, label) in enumerate(self.statuses)
        ]


class RollForm(forms.Form):
    """The roll: for each member listed (`rows`, from `selectors.meetings.attendance_initial`),
    whether they came and, when absent with reason, why."""

    def __init__(self, data=None, *, rows, **kwargs):
        super().__init__(data, prefix="roll", **kwargs)
        self.rows = rows
        for row in rows:
            key = str(row["member_id"])
            self.fields[f"{key}-status"] = forms.ChoiceField(
                label=_("Attendance"),
                choices=AttendanceStatus.choices,
                initial=row["status"],
                required=False,
                widget=forms.RadioSelect(attrs={"class": "js-attendance"}),
            )
            self.fields[f"{key}-reason"] = forms.CharField(
                label=_("Reason"), max_length=255, required=False, initial=row["reason"]
            )

    def clean(self):
        data = super().clean()
        for row in self.rows:
            key = str(row["member_id"])
            status = data.get(f"{key}-status") or row["status"]
            data[f"{key}-status"] = status
            reason = (data.get(f"{key}-reason") or "").strip()
            if status == AttendanceStatus.EXCUSED and not reason:
                self.add_error(f"{key}-reason", _("Write the reason for the absence."))
            data[f"{key}-reason"] = reason if status == AttendanceStatus.EXCUSED else ""
        return data

    def row_views(self):
        statuses = [(value, str(label)) for value, label in AttendanceStatus.choices]
        for row in self.rows:
            key = str(row["member_id"])
            yield RollRowView(row, self[f"{key}-status"], self[f"{key}-reason"], statuses)

    def __len__(self):
        return len(self.rows)

    def statuses(self):
        """(row, status, reason) as posted (cleaned) or as first shown."""
        for row in self.rows:
            key = str(row["member_id"])
            if self.is_bound and hasattr(self, "cleaned_data"):
                yield row, self.cleaned_data[f"{key}-status"], self.cleaned_data[f"{key}-reason"]
            else:
                field = self[f"{key}-status"]
                yield row, field.value() or row["status"], ""

    def counts(self) -> dict[str, int]:
        """The roll's tallies by status, as currently filled in."""
        counts = dict.fromkeys(AttendanceStatus.values, 0)
        for _row, status, _reason in self.statuses():
            counts[status] = counts.get(status, 0) + 1
        counts["total"] = len(self.rows)
        return counts


class AttendanceCountsForm(forms.ModelForm):
    """How attendance is recorded, and the numbers when only numbers are given."""

    class Meta:
        model = Meeting
        fields = ["attendance_mode", *ATTENDANCE_COUNTS]
        widgets = {
            "attendance_mode": forms.RadioSelect,
            **{
                name: forms.NumberInput(attrs={"min": 0, "class": "js-attendance-count"})
                for name in ATTENDANCE_COUNTS
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="counts", **kwargs)
        self.fields["attendance_mode"].label = _("Attendance recorded as")

    @property
    def counts_only(self) -> bool:
        value = self["attendance_mode"].value()
        return value == AttendanceMode.COUNTS

    def clean(self):
        data = super().clean()
        if data.get("attendance_mode") == AttendanceMode.COUNTS:
            for name, message in count_errors(data).items():
                if name not in self.errors:
                    self.add_error(name, message)
        return data

    def counts(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in ATTENDANCE_COUNTS}


class VoteForm(forms.ModelForm):
    class Meta:
        model = Vote
        fields = ["subject", "about", "in_favour", "against", "abstaining", "out_of"]
        widgets = {
            name: forms.NumberInput(attrs={"min": 0, "class": "js-vote-number"})
            for name in ("in_favour", "against", "abstaining", "out_of")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].widget.attrs["class"] = "js-vote-subject"
        self.fields["against"].required = False
        self.fields["abstaining"].required = False

    def clean(self):
        data = super().clean()
        for name in ("against", "abstaining"):
            if data.get(name) is None:
                data[name] = 0
                setattr(self.instance, name, 0)
        in_favour = data.get("in_favour")
        out_of = data.get("out_of")
        if in_favour is not None and out_of is not None:
            votes = in_favour + data["against"] + data["abstaining"]
            if votes > out_of:
                self.add_error(
                    "out_of",
                    _(
                        "%(votes)s votes (for %(for)s, against %(against)s, abstaining "
                        "%(abstaining)s) are more than the %(out_of)s voters."
                    )
                    % {
                        "votes": votes,
                        "for": in_favour,
                        "against": data["against"],
                        "abstaining": data["abstaining"],
                        "out_of": out_of,
                    },
                )
        return data


VoteFormSet = inlineformset_factory(
    Meeting,
    Vote,
    form=VoteForm,
    formset=KnownRowsInlineFormSet,
    extra=1,
    can_delete=True,
)
