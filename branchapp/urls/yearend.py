"""Year-end pages of the workspace, under /workspace/nam/ (nam: year)."""

from django.urls import path

from ..views.workspace import yearend as views

app_name = "yearend"

urlpatterns = [
    path("<int:org_id>/<int:year>/danh-gia/", views.ratings_overview, name="ratings"),
    path(
        "<int:org_id>/<int:year>/danh-gia/dang-vien/",
        views.ratings_members,
        name="ratings_members",
    ),
    path(
        "<int:org_id>/<int:year>/danh-gia/chi-bo/",
        views.ratings_organisations,
        name="ratings_organisations",
    ),
]

urlpatterns += [
    path("<int:org_id>/<int:year>/thong-ke/", views.statistics, name="statistics"),
    path(
        "<int:org_id>/<int:year>/thong-ke.xlsx",
        views.statistics_export,
        {"fmt": "xlsx"},
        name="statistics_xlsx",
    ),
    path(
        "<int:org_id>/<int:year>/thong-ke.docx",
        views.statistics_export,
        {"fmt": "docx"},
        name="statistics_docx",
    ),
    path(
        "<int:org_id>/<int:year>/chi-tieu.xlsx",
        views.targets_export,
        {"fmt": "xlsx"},
        name="targets_xlsx",
    ),
    path(
        "<int:org_id>/<int:year>/chi-tieu.docx",
        views.targets_export,
        {"fmt": "docx"},
        name="targets_docx",
    ),
    path("bien-ban/<int:meeting_id>/", views.minutes_print, name="minutes"),
    path("bien-ban/<int:meeting_id>.docx", views.minutes_docx, name="minutes_docx"),
]

# Registers: /workspace/nam/<org>/<year>/so/<name>/ (add ?xuat=xlsx or ?xuat=csv to export).
REGISTER_PATHS = {
    "members": "dang-vien",
    "events": "bien-dong",
    "awards": "khen-thuong",
    "cases": "kiem-tra-giam-sat",
    "discipline": "ky-luat",
    "meetings": "cuoc-hop",
}
urlpatterns += [
    path(
        f"<int:org_id>/<int:year>/so/{segment}/",
        views.register,
        {"name": name},
        name=f"register_{name}",
    )
    for name, segment in REGISTER_PATHS.items()
]

urlpatterns += [
    path("<int:org_id>/nhap-dang-vien/", views.member_import, name="member_import"),
]
