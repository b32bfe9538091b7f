"""Forms of the meeting page for tasks: those the conclusion assigns (what, who, by when), and
the earlier meetings' open tasks reviewed at this one (done, result)."""

from django import forms
from django.db.models import Q
from django.forms import BaseModelFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from ..models import Meeting, MeetingTask
from .common import KnownRowsMixin
from .meeting_parts import DATE_WIDGET, SHORT_TEXTAREA, MemberChoicesMixin, member_field


class TaskForm(forms.ModelForm):
    class Meta:
        model = MeetingTask
        fields = ["description", "member", "assignee", "due_date"]
        widgets = {"description": forms.Textarea(attrs=SHORT_TEXTAREA), "due_date": DATE_WIDGET}

    def __init__(self, *args, members=None, titles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"] = member_field(members, {}, label=_("Assigned to (member)"))
        self.fields["assignee"].widget.attrs["class"] = "js-person-name"

    def clean(self):
        data = super().clean()
        if data.get("member") and not data.get("assignee"):
            data["assignee"] = data["member"].full_name
            self.instance.assignee = data["assignee"]
        return data


class TaskBaseFormSet(KnownRowsMixin, MemberChoicesMixin, forms.BaseInlineFormSet):
    pass


TaskFormSet = inlineformset_factory(
    Meeting,
    MeetingTask,
    form=TaskForm,
    formset=TaskBaseFormSet,
    fk_name="meeting",
    extra=1,
    can_delete=True,
)


class TaskReviewForm(forms.ModelForm):
    class Meta:
        model = MeetingTask
        fields = ["done", "result"]
        widgets = {"result": forms.TextInput}
        labels = {"done": _("Task done"), "result": _("Result")}


class TaskReviewBaseFormSet(KnownRowsMixin, BaseModelFormSet):
    def __init__(self, *args, meeting=None, **kwargs):
        self.meeting = meeting
        super().__init__(*args, **kwargs)

    def _existing_object(self, pk):
        # The organisation's earlier tasks (the date may change) and those reviewed here.
        if not hasattr(self, "_reviewable"):
            meeting = self.meeting
            rows = MeetingTask.objects.filter(
                Q(meeting__organisation_id=meeting.organisation_id)
                | Q(reviewed_at_id=meeting.pk or 0)
            )
            if meeting.pk:
                rows = rows.exclude(meeting_id=meeting.pk)
            self._reviewable = rows.select_related("meeting").in_bulk()
        return self._reviewable.get(pk)


TaskReviewFormSet = forms.modelformset_factory(
    MeetingTask, form=TaskReviewForm, formset=TaskReviewBaseFormSet, extra=0, edit_only=True
)
