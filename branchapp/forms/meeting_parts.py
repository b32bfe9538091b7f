"""Forms of the meeting page, one per part: the meeting, people, roll, agenda, events, targets."""

import datetime
from decimal import Decimal

from django import forms
from django.db.models import Q
from django.forms import BaseInlineFormSet, BaseModelFormSet, inlineformset_factory
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from ..models import (
    AgendaItem,
    Assessment,
    Award,
    Document,
    Meeting,
    MeetingKind,
    MeetingPerson,
    MemberEvent,
    MinutesAddendum,
    Opinion,
    Target,
)
from ..models.awards import COMMON_AWARD_FORMS
from .common import KnownRowsInlineFormSet, KnownRowsMixin
from .dates import DayFirstDateInput, DayFirstFormMixin, TwentyFourHourInput
from .meeting_targets import clean_target_period
from .member_pick import replace_picked_person

# Dates typed dd/mm/yyyy and times HH:MM in text boxes: a browser's own date box follows the
# browser's language (4/10 read as 10 April in English). Forms using them take
# DayFirstFormMixin so that they are read day-first whatever the language.
DATE_WIDGET = DayFirstDateInput()
TIME_WIDGET = TwentyFourHourInput()
SHORT_TEXTAREA = {"rows": 2}


class MemberSelect(forms.Select):
    """A member picker whose options carry the member's title that day (`data-title`)."""

    def __init__(self, *args, titles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.titles = titles or {}

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        key = getattr(value, "value", value)
        if key in self.titles:
            option["attrs"]["data-title"] = self.titles[key]
        return option

    def render(self, name, value, attrs=None, renderer=None):
        """The same HTML as Django's templates, written here: a committee's page has a dozen
        pickers of several hundred members, and a template per option took seconds."""
        widget = self.get_context(name, value, attrs)["widget"]
        if any(group_name for group_name, _choices, _index in widget["optgroups"]):
            return super().render(name, value, attrs, renderer)
        options = [
            format_html(
                '<option value="{}"{}>{}</option>', o["value"], flatatt(o["attrs"]), o["label"]
            )
            for _name, choices, _index in widget["optgroups"]
            for o in choices
        ]
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe("".join(options)),  # noqa: S308 (each option escaped by format_html)
        )


def member_field(members, titles, *, label, required=False):
    field = forms.ModelChoiceField(
        queryset=members, required=required, label=label, empty_label=_("— not a member —")
    )
    field.widget = MemberSelect(titles=titles, attrs={"class": "js-member-pick"})
    field.widget.choices = field.choices
    return field


class MeetingForm(DayFirstFormMixin, forms.ModelForm):
    kinds = forms.MultipleChoiceField(
        label=_("Kind of meeting"),
        choices=MeetingKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one kind of meeting.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    loaded_at = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Meeting
        fields = [
            "title",
            "theme",
            "date",
            "end_date",
            "start_time",
            "end_time",
            "part_of_day",
            "mode",
            "place",
            "conclusion",
            "meeting_rating",
            "term",
            "review_from",
            "review_to",
            "plan_from",
            "plan_to",
        ]
        widgets = {
            "date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "start_time": TIME_WIDGET,
            "end_time": TIME_WIDGET,
            "conclusion": forms.Textarea(attrs={"rows": 5}),
            "review_from": DATE_WIDGET,
            "review_to": DATE_WIDGET,
            "plan_from": DATE_WIDGET,
            "plan_to": DATE_WIDGET,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["kinds"].initial = self.instance.kind_values
        for name in ("review_from", "review_to", "plan_from", "plan_to"):
            self.fields[name].widget.attrs["class"] += " js-period"
        self.fields["term"].widget.attrs["class"] = "js-period"

    def clean_loaded_at(self) -> datetime.datetime | None:
        """When the form was opened: what others saved after it is shown on a conflict."""
        try:
            parsed = parse_datetime(self.cleaned_data.get("loaded_at") or "")
        except ValueError:
            return None
        if parsed and timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        return parsed

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start and not data.get("end_date"):
            self.add_error("end_time", _("The meeting cannot end before it starts."))
        return data


class PersonForm(forms.ModelForm):
    """A chair, the minute-taker or a guest: a member picked from the list, or a name typed."""

    class Meta:
        model = MeetingPerson
        fields = ["member", "name", "position"]

    def __init__(self, *args, members=None, titles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.titles = titles or {}
        self.fields["member"] = member_field(members, titles, label=_("Member"))
        self.fields["name"].required = False
        self.fields["name"].widget.attrs["class"] = "js-person-name"
        self.fields["position"].widget.attrs["class"] = "js-person-title"

    def has_changed(self):
        # Rows pre-filled for a new meeting (copied, or the secretary as chair) are saved as shown.
        return super().has_changed() or (self.instance.pk is None and bool(self.initial))

    def clean(self):
        data = super().clean()
        replace_picked_person(self, data, "member", "name", "position")
        if not data.get("DELETE") and data.get("member") and not data.get("name"):
            data["name"] = data["member"].full_name
        if self.has_changed() and not data.get("DELETE") and not data.get("name"):
            self.add_error("name", _("Pick a member or type a name."))
        return data


class GuestForm(PersonForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].widget = forms.HiddenInput()


class MemberChoicesMixin:
    """Passes the organisation's members (and their titles that day) to every form."""

    def __init__(self, *args, members=None, titles=None, **kwargs):
        self.members = members
        self.titles = titles or {}
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs.update(members=self.members, titles=self.titles)
        return kwargs


class RoleFormSet(KnownRowsMixin, MemberChoicesMixin, BaseInlineFormSet):
    role = ""

    def get_queryset(self):
        return super().get_queryset().filter(role=self.role)


def role_formset(role, form=PersonForm, extra=1, max_num=None):
    return inlineformset_factory(
        Meeting,
        MeetingPerson,
        form=form,
        formset=type(f"{role}FormSet", (RoleFormSet,), {"role": role}),
        fields=["member", "name", "position"],
        extra=extra,
        can_delete=True,
        max_num=max_num,
        validate_max=max_num is not None,
    )


ChairFormSet = role_formset("chair", extra=1)
MinuteTakerFormSet = role_formset("minute_taker", extra=1, max_num=1)
GuestFormSet = role_formset("guest", form=GuestForm, extra=1)


class DocumentForm(DayFirstFormMixin, forms.ModelForm):
    class Meta:
        model = Document
        fields = ["kind", "number", "date", "issuer", "title", "file", "published"]
        widgets = {"date": DATE_WIDGET}


DocumentFormSet = inlineformset_factory(
    Meeting, Document, form=DocumentForm, formset=KnownRowsInlineFormSet, extra=1, can_delete=True
)


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = [
            "title",
            "presenter_member",
            "presenter_name",
            "presenter_position",
            "opinion_count",
            "conclusion",
        ]
        widgets = {"conclusion": forms.Textarea(attrs=SHORT_TEXTAREA)}

    def __init__(self, *args, members=None, titles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.titles = titles or {}
        self.fields["presenter_member"] = member_field(
            members, titles, label=_("Presenter (member)")
        )
        self.fields["presenter_name"].widget.attrs["class"] = "js-person-name"
        self.fields["presenter_position"].widget.attrs["class"] = "js-person-title"

    def has_changed(self):
        return super().has_changed() or (self.instance.pk is None and bool(self.initial))

    def clean(self):
        data = super().clean()
        replace_picked_person(
            self, data, "presenter_member", "presenter_name", "presenter_position"
        )
        if data.get("presenter_member") and not data.get("presenter_name"):
            data["presenter_name"] = data["presenter_member"].full_name
        return data


class AgendaFormSet(KnownRowsMixin, MemberChoicesMixin, BaseInlineFormSet):
    pass


AgendaItemFormSet = inlineformset_factory(
    Meeting, AgendaItem, form=AgendaItemForm, formset=AgendaFormSet, extra=1, can_delete=True
)


class OpinionForm(PersonForm):
    class Meta:
        model = Opinion
        fields = ["member", "name", "position", "summary"]
        widgets = {"summary": forms.Textarea(attrs=SHORT_TEXTAREA)}


class OpinionBaseFormSet(KnownRowsMixin, MemberChoicesMixin, BaseInlineFormSet):
    pass


OpinionFormSet = inlineformset_factory(
    AgendaItem,
    Opinion,
    form=OpinionForm,
    formset=OpinionBaseFormSet,
    fields=["member", "name", "position", "summary"],
    extra=1,
    can_delete=True,
)


class MemberEventForm(DayFirstFormMixin, forms.ModelForm):
    class Meta:
        model = MemberEvent
        fields = ["type", "member", "count", "date", "mentor", "note"]
        widgets = {"date": DATE_WIDGET, "note": forms.TextInput}

    def __init__(self, *args, members=None, titles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"] = member_field(members, {}, label=_("Member"))

    def clean(self):
        data = super().clean()
        if data.get("member") and (data.get("count") or 1) != 1:
            self.add_error("count", _("An event about a named member counts exactly one."))
        return data


class MemberEventBaseFormSet(KnownRowsMixin, MemberChoicesMixin, BaseInlineFormSet):
    pass


MemberEventFormSet = inlineformset_factory(
    Meeting,
    MemberEvent,
    form=MemberEventForm,
    formset=MemberEventBaseFormSet,
    fk_name="meeting",
    extra=1,
    can_delete=True,
)


class AwardForm(forms.ModelForm):
    class Meta:
        model = Award
        fields = [
            "form",
            "badge_years",
            "recipient_member",
            "recipient_name",
            "recipient_collective",
            "count",
            "issuer",
            "reason",
            "year",
        ]
        widgets = {"reason": forms.TextInput}

    def __init__(self, *args, members=None, titles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient_member"] = member_field(members, {}, label=_("Recipient (member)"))
        self.fields["recipient_name"].widget.attrs["class"] = "js-person-name"
        self.fields["form"].widget.attrs["list"] = "award-forms"

    def clean(self):
        data = super().clean()
        replace_picked_person(self, data, "recipient_member", "recipient_name", None)
        if data.get("recipient_member") and not data.get("recipient_name"):
            data["recipient_name"] = data["recipient_member"].full_name
            self.instance.recipient_name = data["recipient_name"]
        return data


class AwardBaseFormSet(KnownRowsMixin, MemberChoicesMixin, BaseInlineFormSet):
    pass


AwardFormSet = inlineformset_factory(
    Meeting,
    Award,
    form=AwardForm,
    formset=AwardBaseFormSet,
    fk_name="meeting",
    extra=1,
    can_delete=True,
)
AWARD_FORM_SUGGESTIONS = COMMON_AWARD_FORMS


class DecimalTextInput(forms.TextInput):
    """A decimal as typed in Vietnamese, "4,5" and "100" rather than "100,0000"."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            value = Decimal(f"{value.normalize():f}")
        return super().format_value(value)


def localize_decimal(field):
    """Vietnamese decimals ("4,5") in a text box: a number box refuses the comma and shows empty."""
    field.localize = True
    field.widget = DecimalTextInput(attrs={"inputmode": "decimal"})
    field.widget.is_localized = True


class TargetReviewForm(forms.ModelForm):
    reviewed = forms.BooleanField(label=_("Reviewed at this meeting"), required=False)
    assessment_choice = forms.ChoiceField(
        label=_("Assessment"),
        required=False,
        choices=[("", _("computed from the numbers"))] + list(Assessment.choices),
    )

    class Meta:
        model = Target
        fields = ["actual_text", "actual_value"]
        widgets = {"actual_text": forms.TextInput}

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        localize_decimal(self.fields["actual_value"])
        target = self.instance
        self.fields["reviewed"].initial = bool(
            meeting and meeting.pk and target.reviewed_at_id == meeting.pk
        )
        self.fields["assessment_choice"].initial = (
            target.assessment if target.assessment_manual else ""
        )

    def save(self, commit=True):
        target = super().save(commit=False)
        choice = self.cleaned_data.get("assessment_choice")
        target.assessment_manual = bool(choice)
        if choice:
            target.assessment = choice
        if commit:
            target.save()
        return target


class TargetReviewBaseFormSet(KnownRowsMixin, BaseModelFormSet):
    def __init__(self, *args, meeting=None, **kwargs):
        self.meeting = meeting
        super().__init__(*args, **kwargs)

    def _existing_object(self, pk):
        # The organisation's targets of any year (the date may change) and those reviewed here.
        if not hasattr(self, "_reviewable"):
            meeting = self.meeting
            self._reviewable = Target.objects.filter(
                Q(organisation_id=meeting.organisation_id) | Q(reviewed_at_id=meeting.pk or 0)
            ).in_bulk()
        return self._reviewable.get(pk)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "meeting": self.meeting}


TargetReviewFormSet = forms.modelformset_factory(
    Target, form=TargetReviewForm, formset=TargetReviewBaseFormSet, extra=0, edit_only=True
)


class TargetAdoptForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = [
            "year",
            "term",
            "group",
            "title",
            "planned_text",
            "value_kind",
            "comparison",
            "planned_min",
            "planned_max",
        ]
        widgets = {"title": forms.TextInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("planned_min", "planned_max"):
            localize_decimal(self.fields[name])

    def clean(self):
        return clean_target_period(self, super().clean())


TargetAdoptFormSet = inlineformset_factory(
    Meeting,
    Target,
    form=TargetAdoptForm,
    formset=KnownRowsInlineFormSet,
    fk_name="adopted_at",
    extra=1,
    can_delete=True,
)


class AddendumForm(forms.ModelForm):
    class Meta:
        model = MinutesAddendum
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
