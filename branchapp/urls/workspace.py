"""The secretariat workspace: dashboard, meeting entry, reports, history, user guide."""

from django.urls import path

from ..views import workspace as views
from ..views.workspace.documents import meeting_document

app_name = "workspace"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("cuoc-hop/", views.meeting_list, name="meeting_list"),
    path("cuoc-hop/them/", views.meeting_create, name="meeting_create"),
    path("cuoc-hop/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("cuoc-hop/<int:pk>/sua/", views.meeting_edit, name="meeting_edit"),
    path("cuoc-hop/<int:pk>/duyet-bien-ban/", views.meeting_approve, name="meeting_approve"),
    path("cuoc-hop/<int:pk>/dinh-chinh/", views.meeting_addendum, name="meeting_addendum"),
    path("cuoc-hop/<int:pk>/lich-su/", views.meeting_history, name="meeting_history"),
    path("cuoc-hop/<int:pk>/bao-cao/", views.report_edit, name="report_edit"),
    path("cuoc-hop/<int:pk>/bao-cao/xem-truoc/", views.report_preview, name="report_preview"),
    path("cuoc-hop/<int:pk>/bao-cao/xuat-ban/", views.report_publish, name="report_publish"),
    path("cuoc-hop/<int:pk>/bao-cao/lich-su/", views.report_history, name="report_history"),
    path("cuoc-hop/<int:pk>/bao-cao/gui-duyet/", views.report_submit, name="report_submit"),
    path("cuoc-hop/<int:pk>/bao-cao/tra-lai/", views.report_return, name="report_return"),
    path("di-den/", views.go, name="go"),
    path("xuat-ban-bao-cao/", views.publishing_settings_view, name="publishing_settings"),
    path("huong-dan/", views.guide, name="guide"),
    path("huong-dan/anh/<str:name>", views.guide_image, name="guide_image"),
    path(
        "cuoc-hop/<int:pk>/tai-lieu/<int:document_id>/",
        meeting_document,
        name="meeting_document",
    ),
    path("to-chuc/<int:org_id>/quan-chung-uu-tu/", views.candidate_list, name="candidate_list"),
]
