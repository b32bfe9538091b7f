"""The year-end part of the meeting page: rating tallies by scope and organisation figures.

Shown open for year-end and rating meetings (and any meeting that already has such rows),
folded away for the others. Each tally is checked on its own (the levels add up to the number
rated), the tallies and figures of the page together (one tally per scope, organisation and
year; rated + exempt + not rated agree with the figures of the same organisation and year).
"""

import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from ..models import (
    TALLY_SCOPE_FIGURE,
    Meeting,
    MeetingKind,
    Organisation,
    OrganisationFigures,
    OrganisationKind,
    RatingTally,
    tally_errors,
    tally_total_error,
)
from .common import KnownRowsInlineFormSet

# The kinds of meeting at which year-end figures are announced.
YEAREND_KINDS = (
    MeetingKind.REVIEW_CONFERENCE,
    MeetingKind.RATING,
    MeetingKind.PERIODIC,
    MeetingKind.CONGRESS,
)

TALLY_COUNT_FIELDS = ("rated", "exempt", "not_rated", *RatingTally.LEVELS)


def reviewed_year(meeting: Meeting, day: datetime.date) -> int:
    """The year a year-end meeting reviews: its reviewed period's, else last year for a meeting
    held in January, else the meeting's year."""
    if meeting.review_to:
        return meeting.review_to.year
    return day.year - 1 if day.month == 1 else day.year


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class YearendRowMixin:
    """What a tally row and a figures row share: the organisation (the meeting's own unless
    another of its subtree is chosen) and the year."""

    def __init__(self, *args, organisations=None, own=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.empty_label = None
        if organisations is not None:
            field.queryset = organisations
        if own is not None:
            field.initial = own.pk
        year = self.fields["year"]
        year.validators += [MinValueValidator(1900), MaxValueValidator(2100)]
        year.widget.attrs.update({"min": 1900, "max": 2100})
        for name in self.count_fields:
            self.fields[name].widget.attrs.update({"min": 0, "inputmode": "numeric"})
        for name, label in self.short_labels.items():
            self.fields[name].label = label
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            if not isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = f"{css} {css}-sm"

    def add_fields_css(self):
        """The DELETE box added by the formset, styled like the others."""
        if "DELETE" in self.fields:
            self.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def has_changed(self) -> bool:
        # A new row is typed when a number is: its scope, organisation and year are offered
        # filled in, and an untouched row is not a tally of zeros.
        if self.instance.pk is not None:
            return super().has_changed()
        return any(name in self.changed_data for name in self.count_fields)

    def is_kept(self) -> bool:
        return (
            hasattr(self, "cleaned_data")
            and not self.cleaned_data.get("DELETE")
            and (self.instance.pk is not None or self.has_changed())
        )


class TallyForm(YearendRowMixin, forms.ModelForm):
    count_fields = TALLY_COUNT_FIELDS
    # Short column headings for the grid; the abbreviations are those the reports use.
    short_labels = {
        "scope": _("Rated group"),
        "rated": _("Rated"),
        "exempt": _("Exempt from rating"),
        "not_rated": _("Not rated"),
        "excellent": _("HTXSNV"),
        "good": _("HTTNV"),
        "completed": _("HTNV"),
        "not_completed": _("KHTNV"),
    }

    organisation = OrganisationChoiceField(
        label=_("organisation"), queryset=Organisation.objects.none()
    )

    class Meta:
        model = RatingTally
        fields = ["scope", "organisation", "year", *TALLY_COUNT_FIELDS]

    def clean(self):
        data = super().clean()
        if not self.has_changed() or data.get("DELETE"):
            return data
        if data.get("year") is None and "year" not in self.errors:
            self.add_error("year", _("Give the year the ratings are for."))
        levels = [data.get(level) for level in RatingTally.LEVELS]
        if data.get("rated") is None and None not in levels:
            # Only the levels were typed: the number rated is what they add up to.
            data["rated"] = sum(levels)
            self.instance.rated = data["rated"]
        for message in tally_errors(data):
            self.add_error(None, message)
        return data


class FiguresForm(YearendRowMixin, forms.ModelForm):
    count_fields = OrganisationFigures.COUNTS
    short_labels = {}

    organisation = OrganisationChoiceField(
        label=_("organisation"), queryset=Organisation.objects.none()
    )

    class Meta:
        model = OrganisationFigures
        fields = ["organisation", "year", *OrganisationFigures.COUNTS]

    def clean(self):
        data = super().clean()
        if not self.has_changed() or data.get("DELETE"):
            return data
        if data.get("year") is None and "year" not in self.errors:
            self.add_error("year", _("Give the year the figures are for."))
        members, probationary = data.get("members"), data.get("probationary")
        if members is not None and probationary is not None and probationary > members:
            self.add_error(
                "probationary",
                _("%(probationary)s probationary members, but only %(members)s members.")
                % {"probationary": probationary, "members": members},
            )
        return data


class YearendFormSet(KnownRowsInlineFormSet):
    def __init__(self, *args, organisations=None, own=None, **kwargs):
        self.organisations = organisations
        self.own = own
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {
            **super().get_form_kwargs(index),
            "organisations": self.organisations,
            "own": self.own,
        }

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.add_fields_css()

    def kept_forms(self):
        return [form for form in self.forms if form.is_kept()]


TallyFormSet = inlineformset_factory(
    Meeting,
    RatingTally,
    form=TallyForm,
    formset=YearendFormSet,
    fk_name="meeting",
    extra=1,
    can_delete=True,
)

FiguresFormSet = inlineformset_factory(
    Meeting,
    OrganisationFigures,
    form=FiguresForm,
    formset=YearendFormSet,
    fk_name="meeting",
    extra=1,
    can_delete=True,
)


class YearendPart:
    """The two formsets of the year-end part, built, checked and read together."""

    def __init__(self, *, data, meeting, organisation, day, kinds=()):
        self.meeting = meeting
        self.organisation = organisation
        organisations = Organisation.objects.subtree(organisation).order_by("path")
        year = reviewed_year(meeting, day)
        has_rows = meeting.pk is not None and (
            meeting.rating_tallies.exists() or meeting.organisation_figures.exists()
        )
        self.tallies = TallyFormSet(
            data,
            instance=meeting,
            prefix="tallies",
            organisations=organisations,
            own=organisation,
            queryset=RatingTally.objects.filter(meeting=meeting).order_by("order", "id")
            if meeting.pk
            else RatingTally.objects.none(),
        )
        self.figures = FiguresFormSet(
            data,
            instance=meeting,
            prefix="figures",
            organisations=organisations,
            own=organisation,
            queryset=OrganisationFigures.objects.filter(meeting=meeting).order_by("order", "id")
            if meeting.pk
            else OrganisationFigures.objects.none(),
        )
        if data is None and not has_rows:
            # A meeting without year-end rows yet: one row per scope this organisation rates.
            scopes = [RatingTally.Scope.MEMBERS, *self.scopes_below(organisation)]
            self.tallies.extra = len(scopes)
            self.tallies.initial_extra = [
                {"scope": scope, "year": year, "organisation": organisation.pk} for scope in scopes
            ]
            self.figures.initial_extra = [{"year": year, "organisation": organisation.pk}]
        elif data is None:
            # The blank rows offered after a save are for the same year.
            self.tallies.initial_extra = [{"year": year}]
            self.figures.initial_extra = [{"year": year}]
        self.relevant = has_rows or bool(set(kinds) & set(YEAREND_KINDS))

    @staticmethod
    def scopes_below(organisation) -> list[str]:
        kinds = set(organisation.children.values_list("kind", flat=True))
        scopes = []
        if OrganisationKind.COMMITTEE in kinds:
            scopes.append(RatingTally.Scope.ORGANISATIONS)
        if OrganisationKind.BRANCH in kinds:
            scopes.append(RatingTally.Scope.BRANCHES)
        return scopes

    @property
    def kinds_attribute(self) -> str:
        """The kinds that open the part, for its script."""
        return " ".join(YEAREND_KINDS)

    @property
    def formsets(self):
        return [self.tallies, self.figures]

    @property
    def has_errors(self) -> bool:
        return any(
            formset.is_bound
            and (formset.errors and any(formset.errors))
            or formset.non_form_errors()
            for formset in self.formsets
        )

    def check(self) -> bool:
        """The checks across rows (the formsets are valid on their own): no tally or figures
        given twice, and the tallies agree with the figures of the same organisation and year."""
        valid = True
        own = self.organisation

        def key_of(form, *names):
            data = form.cleaned_data
            return ((data.get("organisation") or own).pk, *(data.get(n) for n in names))

        figures = {}
        for form in self.figures.kept_forms():
            key = key_of(form, "year")
            if key in figures:
                form.add_error(
                    "year", _("The figures of this organisation and year are given twice.")
                )
                valid = False
            figures[key] = form.cleaned_data
        seen = set()
        for form in self.tallies.kept_forms():
            key = key_of(form, "year", "scope")
            if key in seen:
                form.add_error(
                    "scope",
                    _("This organisation's tally of this scope for this year is given twice."),
                )
                valid = False
                continue
            seen.add(key)
            data = form.cleaned_data
            figure = figures.get(key[:2])
            if figure is not None and data.get("scope"):
                total = figure.get(TALLY_SCOPE_FIGURE[data["scope"]])
                message = tally_total_error(data, total, data["scope"])
                if message:
                    form.add_error(None, message)
                    valid = False
        return valid

    def rows(self, formset) -> list[dict]:
        rows = []
        for form in formset.kept_forms():
            instance = form.instance
            names = [name for name in form._meta.fields if name != formset.fk.name]
            row = {name: getattr(instance, name) for name in names}
            if instance.pk is not None:
                row["id"] = instance.pk
            rows.append(row)
        return rows
