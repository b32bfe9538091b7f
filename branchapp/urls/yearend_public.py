"""The public year-end summary of an organisation (aggregates only)."""

from django.urls import path

from ..views.public import statistics as views

app_name = "yearend_public"

urlpatterns = [
    path(
        "to-chuc/<slug:slug>/thong-ke/<int:year>/",
        views.statistics_public,
        name="statistics",
    ),
]
