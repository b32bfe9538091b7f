"""Views of the secretariat workspace (`/workspace/`)."""

from .candidates import candidate_list
from .dashboard import dashboard
from .guide import guide, guide_image
from .meetings import (
    meeting_addendum,
    meeting_approve,
    meeting_create,
    meeting_detail,
    meeting_edit,
    meeting_history,
    meeting_list,
)
from .navigation import go
from .publishing import publishing_settings_view
from .reports import (
    report_edit,
    report_history,
    report_preview,
    report_publish,
    report_return,
    report_submit,
)

__all__ = [
    "candidate_list",
    "dashboard",
    "guide",
    "go",
    "guide_image",
    "meeting_addendum",
    "meeting_approve",
    "meeting_create",
    "meeting_detail",
    "meeting_edit",
    "meeting_history",
    "meeting_list",
    "publishing_settings_view",
    "report_edit",
    "report_history",
    "report_preview",
    "report_publish",
    "report_return",
    "report_submit",
]
