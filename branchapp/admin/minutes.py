"""The parts of the minutes, each on an admin page of its own: agenda items and opinions, kinds,
people, attendance, documents, addenda and congress elections."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import (
    AgendaItem,
    Attendance,
    Document,
    ElectedPerson,
    Election,
    MeetingKindTag,
    MeetingPerson,
    MinutesAddendum,
    Opinion,
    Vote,
)
from .base import (
    HistoryAdmin,
    MinutesInlineMixin,
    MinutesPersonRefForm,
    MinutesRecordAdminMixin,
    PersonRefForm,
    TabularInline,
)
from .meetings import MEETING_SCOPE


class OpinionInline(MinutesInlineMixin, TabularInline):
    model = Opinion
    form = PersonRefForm
    fields = ("order", "member", "name", "position", "summary")
    autocomplete_fields = ("member",)


@admin.register(AgendaItem)
class AgendaItemAdmin(MinutesRecordAdminMixin, HistoryAdmin):
    organisation_lookup = MEETING_SCOPE
    list_display = ("title", "meeting_link", "order", "presenter_name", "opinion_count")
    list_select_related = ("meeting",)
    list_filter = (("meeting__organisation", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("title", "presenter_name", "conclusion", "meeting__title")
    date_hierarchy = "meeting__date"
    autocomplete_fields = ("meeting", "presenter_member")
    fields = (
        "meeting_link",
        "meeting",
        "order",
        "title",
        ("presenter_member", "presenter_name", "presenter_position"),
        "opinion_count",
        "conclusion",
    )
    readonly_fields = ("meeting_link",)
    inlines = [OpinionInline]

    @admin.display(description=_("meeting"), ordering="meeting__date")
    def meeting_link(self, obj):
        if obj is None or not obj.meeting_id:
            return "—"
        url = reverse("admin:branchapp_meeting_change", args=[obj.meeting_id])
        return format_html('<a href="{}">{}</a>', url, obj.meeting)


@admin.register(Opinion)
class OpinionAdmin(MinutesRecordAdminMixin, HistoryAdmin):
    organisation_lookup = "agenda_item__meeting__organisation"
    form = MinutesPersonRefForm
    list_display = ("name", "position", "agenda_item", "meeting_date", "order")
    list_select_related = ("agenda_item__meeting",)
    search_fields = ("name", "summary", "agenda_item__title")
    date_hierarchy = "agenda_item__meeting__date"
    autocomplete_fields = ("agenda_item", "member")
    fields = ("agenda_item", "order", "member", "name", "position", "summary")

    @admin.display(description=_("meeting date"), ordering="agenda_item__meeting__date")
    def meeting_date(self, obj):
        return obj.agenda_item.meeting.date


@admin.register(MeetingKindTag)
class MeetingKindTagAdmin(MinutesRecordAdminMixin, HistoryAdmin):
    organisation_lookup = MEETING_SCOPE
    list_display = ("kind", "meeting")
    list_select_related = ("meeting",)
    list_filter = ("kind",)
    search_fields = ("meeting__title",)
    date_hierarchy = "meeting__date"
    autocomplete_fields = ("meeting",)


@admin.register(MeetingPerson)
class MeetingPersonAdmin(MinutesRecordAdminMixin, HistoryAdmin):
    organisation_lookup = MEETING_SCOPE
    form = MinutesPersonRefForm
    list_display = ("name", "role", "position", "meeting", "order")
    list_select_related = ("meeting",)
    list_filter = ("role",)
    search_fields = ("name", "position", "meeting__title")
    date_hierarchy = "meeting__date"
    autocomplete_fields = ("meeting", "member")
    fields = ("meeting", "role", "member", "name", "position", "order")


@admin.register(Attendance)
class AttendanceAdmin(MinutesRecordAdminMixin, HistoryAdmin):
    organisation_lookup = MEETING_SCOPE
    form = MinutesPersonRefForm
    list_display = ("name", "meeting", "category", "status", "reason")
    list_select_related = ("meeting",)
    list_filter = (
        "status",
        "category",
        ("meeting__organisation", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("name", "member__full_name", "meeting__title")
    date_hierarchy = "meeting__date"
    autocomplete_fields = ("meeting", "member")
    fields = ("meeting", "member", "name", "category", "status", "reason", "order")


@admin.register(Document)
class DocumentAdmin(MinutesRecordAdminMixin, HistoryAdmin):
    organisation_lookup = MEETING_SCOPE
    list_display = ("__str__", "title", "issuer", "date", "meeting")
    list_select_related = ("meeting",)
    list_filter = ("kind",)
    search_fields = ("number", "title", "issuer", "kind")
    date_hierarchy = "date"
    autocomplete_fields = ("meeting",)
    fields = ("meeting", "kind", "number", "date", "issuer", "title", "file", "published", "order")


class MinutesAddendumForm(forms.ModelForm):
    """A correction is recorded beside approved minutes; before approval, the minutes change."""

    def clean(self):
        cleaned = super().clean()
        meeting = cleaned.get("meeting")
        if meeting is not None and meeting.minutes_approved_at is None:
            self.add_error(
                "meeting",
                _(
                    "The minutes of this meeting are not approved yet: correct the minutes "
                    "themselves; corrections are recorded once they are approved."
                ),
            )
        return cleaned


@admin.register(MinutesAddendum)
class MinutesAddendumAdmin(HistoryAdmin):
    """Addenda are added, never edited or deleted."""

    form = MinutesAddendumForm
    organisation_lookup = MEETING_SCOPE
    list_display = ("meeting", "short_text", "created_by", "created_at")
    list_select_related = ("meeting", "created_by")
    search_fields = ("text", "meeting__title")
    date_hierarchy = "created_at"
    autocomplete_fields = ("meeting",)
    fields = ("meeting", "text", "created_by", "author_name", "created_at")
    readonly_fields = ("created_by", "author_name", "created_at")

    @admin.display(description=_("correction"))
    def short_text(self, obj):
        return str(obj)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class ElectedPersonInline(MinutesInlineMixin, TabularInline):
    model = ElectedPerson
    form = PersonRefForm
    fields = ("kind", "order", "member", "name", "position", "re_elected", "alternate")
    autocomplete_fields = ("member",)


@admin.register(Election)
class ElectionAdmin(MinutesRecordAdminMixin, HistoryAdmin):
    organisation_lookup = MEETING_SCOPE
    list_display = ("meeting", "committee_size")
    list_select_related = ("meeting",)
    search_fields = ("meeting__title",)
    date_hierarchy = "meeting__date"
    autocomplete_fields = ("meeting",)
    inlines = [ElectedPersonInline]


@admin.register(ElectedPerson)
class ElectedPersonAdmin(MinutesRecordAdminMixin, HistoryAdmin):
    organisation_lookup = "election__meeting__organisation"
    form = MinutesPersonRefForm
    list_display = ("name", "kind", "position", "re_elected", "alternate", "election")
    list_select_related = ("election__meeting",)
    list_filter = ("kind", "re_elected", "alternate")
    search_fields = ("name", "position")
    autocomplete_fields = ("election", "member")
    fields = ("election", "kind", "order", "member", "name", "position", "re_elected", "alternate")


@admin.register(Vote)
class VoteAdmin(MinutesRecordAdminMixin, HistoryAdmin):
    organisation_lookup = MEETING_SCOPE
    list_display = ("__str__", "meeting", "in_favour", "against", "abstaining", "out_of")
    list_select_related = ("meeting",)
    list_filter = ("subject", ("meeting__organisation", admin.RelatedOnlyFieldListFilter))
    search_fields = ("about", "meeting__title")
    date_hierarchy = "meeting__date"
    autocomplete_fields = ("meeting",)
    fields = (
        "meeting",
        "subject",
        "about",
        "in_favour",
        "against",
        "abstaining",
        "out_of",
        "order",
    )
