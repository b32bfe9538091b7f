"""The filter and search form of the public news list (read from the query string)."""

from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from ..models import Category, MeetingKind, Organisation
from ..selectors.search import MAX_QUERY_LENGTH

# Up to this many organisations, the filter lists them all; beyond (a province has thousands),
# it lists the top committees and drills down from the selected one, so the page stays light.
ALL_ORGANISATIONS_LIMIT = 150


class OrganisationSelect(forms.Select):
    """A <select> of organisations built in one pass (thousands of options are possible):
    the same markup as Django's Select, without a template rendered per option."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        selected = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option_value, mark_safe(" selected") if option_value == selected else "", label)
                for option_value, label in self.choices
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attrs), options)


class OrganisationChoiceField(forms.ModelChoiceField):
    """Any organisation by slug; the options are listed by `NewsFilterForm.__init__`."""

    widget = OrganisationSelect

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
        self.fields["to_chuc"].widget.choices = self._organisation_choices()
        for name, bound in self.fields.items():
            if name != "chuyen_muc":
                css = "form-select" if isinstance(bound.widget, forms.Select) else "form-control"
                bound.widget.attrs.setdefault("class", css)

    def _organisation_choices(self) -> list[tuple[str, str]]:
        field = self.fields["to_chuc"]
        rows = Organisation.objects.values_list("slug", "name", "depth").order_by("path")
        listed = list(rows[: ALL_ORGANISATIONS_LIMIT + 1])
        if len(listed) > ALL_ORGANISATIONS_LIMIT:
            # Drill down without JavaScript: the top committees, and for the selected
            # organisation its ancestors and the organisations directly under it.
            shown = Q(depth=0)
            selected = self.data.get("to_chuc") if self.is_bound else None
            path = (
                selected
                and Organisation.objects.filter(slug=selected)
                .values_list("path", flat=True)
                .first()
            )
            if path:
                ids = [int(part) for part in path.split("/") if part]
                shown |= Q(pk__in=ids) | Q(parent_id=ids[-1])
            listed = list(rows.filter(shown))
        # Cells indented under their committee, as in the organisation tree.
        return [("", field.empty_label)] + [
            (slug, f"{'— ' * depth}{name}") for slug, name, depth in listed
        ]

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
