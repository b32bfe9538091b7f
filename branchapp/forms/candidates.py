"""The list of candidates for admission of one organisation (the workspace's candidates page)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Candidate
from .common import KnownRowsMixin
from .meeting_parts import DATE_WIDGET


class CandidateForm(forms.ModelForm):
    class Meta:
        model = Candidate
        fields = [
            "full_name",
            "stage",
            "birth_date",
            "job_title",
            "mentor",
            "listed_on",
            "course_date",
            "reviewed_on",
            "note",
        ]
        widgets = {
            "birth_date": DATE_WIDGET,
            "listed_on": DATE_WIDGET,
            "course_date": DATE_WIDGET,
            "reviewed_on": DATE_WIDGET,
            "note": forms.TextInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].widget.attrs["list"] = "candidate-mentors"


class CandidateBaseFormSet(KnownRowsMixin, forms.BaseModelFormSet):
    def rows(self) -> list[dict]:
        deleted = set(self.deleted_forms)
        rows = []
        for form in self.forms:
            if form in deleted or not (form.instance.pk or form.has_changed()):
                continue
            row = {name: form.cleaned_data.get(name) for name in CandidateForm._meta.fields}
            row["note"] = row["note"] or ""
            if form.instance.pk:
                row["id"] = form.instance.pk
            rows.append(row)
        return rows

    def removed_ids(self) -> list[int]:
        return [form.instance.pk for form in self.deleted_forms if form.instance.pk]


CandidateFormSet = forms.modelformset_factory(
    Candidate, form=CandidateForm, formset=CandidateBaseFormSet, extra=2, can_delete=True
)


class ReviewForm(forms.Form):
    reviewed = forms.BooleanField(label=_("The cell reviewed the whole list today"), required=False)
