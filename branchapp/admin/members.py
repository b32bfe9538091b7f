from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import Candidate, Member, MemberEvent, Position
from ..services.restore import member_restore
from .base import HistoryAdmin, TabularInline, thumbnail
from .restore import RestoreDeletedMixin


class PositionInline(TabularInline):
    model = Position
    fields = ("title", "title_text", "organisation", "start_date", "end_date", "term")
    autocomplete_fields = ("organisation",)


class MemberEventInline(TabularInline):
    model = MemberEvent
    fk_name = "member"
    fields = ("type", "date", "end_date", "organisation", "decision", "meeting", "note")
    autocomplete_fields = ("organisation", "decision", "meeting")
    verbose_name_plural = _("history (member events)")


@admin.register(Member)
class MemberAdmin(RestoreDeletedMixin, HistoryAdmin):
    restore_function = staticmethod(member_restore)
    list_display = (
        "full_name",
        "organisation",
        "status",
        "admission_date",
        "confirmation_date",
        "job_title",
    )
    list_select_related = ("organisation",)
    list_filter = ("status", "sex", ("organisation", admin.RelatedOnlyFieldListFilter))
    search_fields = ("full_name", "card_number", "job_title")
    date_hierarchy = "admission_date"
    autocomplete_fields = ("organisation",)
    readonly_fields = ("status", "photo_preview", "created_at", "updated_at")
    inlines = [PositionInline, MemberEventInline]
    fieldsets = (
        (None, {"fields": ("full_name", "sex", "organisation", "job_title", "status")}),
        (
            _("Party membership"),
            {
                "fields": ("card_number", "admission_date", "confirmation_date"),
            },
        ),
        (
            _("Private details"),
            {
                "fields": ("birth_date", "address", "phone", "photo", "photo_preview", "note"),
                "description": _("Personal data: never shown on public pages."),
            },
        ),
        (_("Record"), {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )
    change_list_template = "admin/branchapp/change_list_with_deleted.html"

    @admin.display(description=_("photo"))
    def photo_preview(self, obj):
        return thumbnail(obj.photo, obj.full_name, height=120)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.refresh_status()


@admin.register(MemberEvent)
class MemberEventAdmin(HistoryAdmin):
    list_display = ("type", "member", "count", "organisation", "date", "decision", "meeting")
    list_select_related = ("member", "organisation", "decision", "meeting")
    list_filter = ("type", ("organisation", admin.RelatedOnlyFieldListFilter))
    search_fields = ("member__full_name", "note", "mentor", "prior_status")
    date_hierarchy = "date"
    autocomplete_fields = ("member", "organisation", "decision", "meeting")
    fieldsets = (
        (None, {"fields": ("type", "member", "count", "organisation", "date", "end_date")}),
        (_("Decision and meeting"), {"fields": ("decision", "meeting", "order")}),
        (_("Details"), {"fields": ("prior_status", "mentor", "note")}),
    )


@admin.register(Position)
class PositionAdmin(HistoryAdmin):
    list_display = ("member", "title_label", "organisation", "start_date", "end_date", "term")
    list_select_related = ("member", "organisation")
    list_filter = ("title", ("organisation", admin.RelatedOnlyFieldListFilter))
    search_fields = ("member__full_name", "title_text", "term")
    date_hierarchy = "start_date"
    autocomplete_fields = ("member", "organisation")

    @admin.display(description=_("position"), ordering="title")
    def title_label(self, obj):
        return obj.label


@admin.register(Candidate)
class CandidateAdmin(HistoryAdmin):
    """The candidates for admission (the workspace's list, per organisation)."""

    list_display = (
        "full_name",
        "stage",
        "organisation",
        "mentor",
        "reviewed_on",
        "admitted_member",
    )
    list_select_related = ("organisation", "admitted_member")
    list_filter = ("stage", ("organisation", admin.RelatedOnlyFieldListFilter))
    search_fields = ("full_name", "mentor", "note")
    autocomplete_fields = ("organisation", "admitted_member")
