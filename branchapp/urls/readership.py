"""The article's view request: not a public page (it counts), so not in `urls/news.py`."""

from django.urls import path

from ..http.viewcounts import count_view

urlpatterns = [
    path("luot-xem/<int:pk>/", count_view, name="view-count"),
]
