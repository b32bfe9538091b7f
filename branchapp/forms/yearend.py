"""Forms of the year-end pages: the rating grids, register filters and the member import."""

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from ..models import MemberCategory, MemberEventType, MemberStatus, RatingLevel


class RatingGridForm(forms.Form):
    """One level (and points, when the rule set uses them) per row of a rating grid."""

    reason = forms.CharField(
        label=_("Reason for saving despite the warnings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )

    def __init__(self, *args, grid, **kwargs):
        super().__init__(*args, **kwargs)
        self.grid = grid
        uses_points = bool(grid.rule_set and grid.rule_set.uses_points)
        for row in grid.rows:
            self.fields[f"level_{row.key}"] = forms.ChoiceField(
                label=_("Level of %(name)s") % {"name": row.label},
                choices=[("", "—"), *RatingLevel.choices],
                required=False,
                initial=row.level,
            )
            if uses_points:
                self.fields[f"points_{row.key}"] = forms.DecimalField(
                    label=_("Points of %(name)s") % {"name": row.label},
                    required=False,
                    min_value=0,
                    max_value=100,
                    max_digits=5,
                    decimal_places=2,
                    initial=row.points,
                    localize=True,
                )

    def bound_rows(self):
        """(row, level field, points field or None) for the template, section by section."""
        for name, rows in self.grid.sections:
            yield (
                name,
                [
                    (
                        row,
                        self[f"level_{row.key}"],
                        self[f"points_{row.key}"] if f"points_{row.key}" in self.fields else None,
                    )
                    for row in rows
                ],
            )

    def entries(self) -> dict:
        data = self.cleaned_data
        return {
            row.key: (data.get(f"level_{row.key}") or "", data.get(f"points_{row.key}"))
            for row in self.grid.rows
        }


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    cell = forms.TypedChoiceField(label=_("Cell"), required=False, coerce=int, empty_value=None)
    category = forms.ChoiceField(
        label=_("Category on the date"),
        required=False,
        choices=[("", _("all")), *MemberCategory.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("all")), *MemberStatus.choices]
    )
    on = forms.DateField(label=_("On date"), required=False, localize=True)

    def __init__(self, *args, cells=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cell"].choices = [("", _("all")), *((c.pk, c.name) for c in cells)]


class EventFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    type = forms.MultipleChoiceField(
        label=_("Event"), required=False, choices=MemberEventType.choices
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.CharField(required=False, widget=forms.HiddenInput)


class MemberImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (XLSX or CSV)"),
        validators=[FileExtensionValidator(["xlsx", "csv"])],
    )
