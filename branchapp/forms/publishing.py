"""The publication settings screen: for each organisation, who publishes its reports."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import ReportPublishing


class PublishingForm(forms.Form):
    """One choice per organisation (`org-<id>`), in the order of the tree."""

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = list(organisations)
        for organisation in self.organisations:
            choices = list(ReportPublishing.choices)
            if organisation.parent_id is None:
                # At the top "as the organisation above" means publishing directly.
                choices[0] = (ReportPublishing.INHERIT, _("no review (publish directly)"))
            self.fields[f"org-{organisation.pk}"] = forms.ChoiceField(
                label=organisation.name,
                choices=choices,
                required=False,
                initial=organisation.report_publishing,
            )

    def rows(self):
        """(organisation, its bound field) in the order of the tree."""
        return [(o, self[f"org-{o.pk}"]) for o in self.organisations]

    def values(self) -> dict[int, str]:
        return {o.pk: self.cleaned_data.get(f"org-{o.pk}") or "" for o in self.organisations}
