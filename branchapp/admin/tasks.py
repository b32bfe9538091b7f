"""Tasks a meeting assigns (part of its minutes), and what became of them."""

from django.contrib import admin

from ..models import MeetingTask
from .base import HistoryAdmin, MinutesRecordAdminMixin
from .meetings import MEETING_SCOPE


@admin.register(MeetingTask)
class MeetingTaskAdmin(MinutesRecordAdminMixin, HistoryAdmin):
    organisation_lookup = MEETING_SCOPE
    list_display = ("description", "assignee", "due_date", "done", "meeting", "reviewed_at")
    list_select_related = ("meeting", "reviewed_at")
    list_filter = ("done",)
    search_fields = ("description", "assignee", "result", "meeting__title")
    date_hierarchy = "meeting__date"
    autocomplete_fields = ("meeting", "member", "reviewed_at")
    fields = (
        "meeting",
        "order",
        "description",
        "member",
        "assignee",
        "due_date",
        "done",
        "result",
        "reviewed_at",
    )
