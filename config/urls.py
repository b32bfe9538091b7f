import re

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from branchapp.admin.base import scoped_view_on_site
from branchapp.http.media import serve_private_media, serve_public_media
from branchapp.photofiles import PRIVATE_PREFIX
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
    path("", include("branchapp.urls.readership")),
]

# Uploads: private files (originals) only through the app, after a permission check; the
# others when the app serves the media folder itself (`make run`, or `make serve` on one
# machine: nginx or the bucket does otherwise). Every answer is inert (branchapp/http/media.py).
MEDIA_PREFIX = re.escape(settings.MEDIA_URL.lstrip("/"))
urlpatterns += [
    re_path(
        rf"^{MEDIA_PREFIX}{re.escape(PRIVATE_PREFIX)}(?P<path>.+)$",
        serve_private_media,
        name="private-media",
    )
]
if settings.DEBUG or settings.SERVE_MEDIA:
    urlpatterns += [re_path(rf"^{MEDIA_PREFIX}(?P<path>.*)$", serve_public_media)]
