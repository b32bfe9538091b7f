import re

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from branchapp.admin.base import scoped_view_on_site
from branchapp.views.public.news import switch_language

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # The header's language switch (a GET form: public pages carry no CSRF token).
    path("ngon-ngu/", switch_language, name="switch-language"),
    # The admin's "view on site" redirect, answering 404 outside the account's organisations
    # (before the admin's own, which would redirect to any object's address).
    path(
        f"{settings.ADMIN_URL}r/<path:content_type_id>/<path:object_id>/",
        admin.site.admin_view(scoped_view_on_site),
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    path("tai-khoan/", include("branchapp.urls.accounts")),
    path("workspace/nam/", include("branchapp.urls.yearend")),
    path("workspace/", include("branchapp.urls.workspace")),
    path("", include("branchapp.urls.yearend_public")),
    path("", include("branchapp.urls.news")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if settings.SERVE_MEDIA and not settings.DEBUG:
    # `make serve` on one machine: the app serves uploads; nginx or the bucket does otherwise.
    urlpatterns += [
        re_path(
            r"^{}(?P<path>.*)$".format(re.escape(settings.MEDIA_URL.lstrip("/"))),
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
