"""The filter and search form of the public news list (read from the query string)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Category, MeetingKind, Organisation
from ..services.search import MAX_QUERY_LENGTH


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        # Cells indented under their committee, as in the organisation tree.
        return f"{'— ' * obj.depth}{obj.name}"


class NewsFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Search news, e.g. sinh hoat dang bo")}
        ),
    )
    to_chuc = OrganisationChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("path"),
        to_field_name="slug",
        required=False,
        empty_label=_("All organisations"),
    )
    nam = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    loai = forms.ChoiceField(label=_("Kind of meeting"), required=False)
    chuyen_muc = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All categories"),
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nam"].choices = [("", _("All years"))] + [(y, str(y)) for y in years]
        self.fields["loai"].choices = [("", _("All kinds"))] + list(MeetingKind.choices)
        for name, bound in self.fields.items():
            if name != "chuyen_muc":
                css = "form-select" if isinstance(bound.widget, forms.Select) else "form-control"
                bound.widget.attrs.setdefault("class", css)

    def clean_q(self):
        # A very long query is cut, not refused: the reader still gets results.
        return self.cleaned_data["q"][:MAX_QUERY_LENGTH]

    def filters(self) -> dict:
        """The valid filters; an invalid one (unknown organisation, year…) is ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "q": data.get("q") or "",
            "organisation": data.get("to_chuc"),
            "year": data.get("nam"),
            "kind": data.get("loai") or None,
            "category": data.get("chuyen_muc"),
        }

    @property
    def active(self) -> bool:
        return any(v for v in self.filters().values())
