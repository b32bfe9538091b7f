"""The report editor's switches of the article's facts section (“Hiện trên bài: ☑ Thời gian…”).

Each part of the facts (selectors/facts.py) is shown unless the secretary unticks it for this
report. A part the meeting has no data for is offered disabled and keeps its stored setting:
when the record later gets that data (a correction), the part appears as the default says.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import FactPart


class FactsForm(forms.Form):
    shown = forms.MultipleChoiceField(
        label=_("Shown on the article"),
        choices=FactPart.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Present when the switches were on the page: a post without them changes nothing.
    switches = forms.CharField(widget=forms.HiddenInput, initial="1", required=False)

    def __init__(self, data=None, *, report, facts):
        """`facts`: the report's facts with every part read (selectors.facts
        .available_fact_parts), which tells the parts that have data."""
        super().__init__(data, prefix="facts")
        self.stored_hidden = list(report.hidden_facts or ())
        self.available = set(facts.available)
        self.awards_in_body = facts.awards_in_body
        self.fields["shown"].initial = [
            part for part in FactPart.values if part not in self.stored_hidden
        ]

    def switches_list(self) -> list[dict]:
        """The checkboxes as the template draws them: value, label, ticked, has data."""
        if self.is_bound and self.is_valid():
            ticked = set(self.cleaned_data["shown"])
        else:
            ticked = set(self.fields["shown"].initial)
        return [
            {
                "value": value,
                "label": label,
                "ticked": value in ticked,
                "available": value in self.available,
                "note": (
                    _("listed by the awards block of the body")
                    if value == FactPart.AWARDS and self.awards_in_body
                    else ""
                    if value in self.available
                    else _("nothing recorded")
                ),
                "id": f"id_facts-shown_{index}",
            }
            for index, (value, label) in enumerate(FactPart.choices)
        ]

    def hidden_facts(self) -> tuple[str, ...] | None:
        """The parts switched off, in FactPart's order; None when the switches were not posted."""
        if not self.cleaned_data.get("switches"):
            return None
        shown = set(self.cleaned_data["shown"])
        return tuple(
            part
            for part in FactPart.values
            if (part not in shown if part in self.available else part in self.stored_hidden)
        )
