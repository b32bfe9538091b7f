"""Uploaded files served by the app: every answer inert, private ones after a permission check.

Every media answer says `nosniff` and carries a sandboxing Content-Security-Policy, so a file
is never run as a page or a script whatever its name or content (files stored before names
were generated may still end in `.html`). nginx sends the same headers (docs/deploy.md).

Originals live under `private/` (branchapp/photofiles.py) and are never served as plain
files: `serve_private_media` answers only an account that may see the report or the member
the file belongs to, and 404 to anyone else (no hint that the file exists). Behind nginx it
hands the file over with `X-Accel-Redirect` (DJANGO_MEDIA_ACCEL_REDIRECT); otherwise, or on
object storage, it streams the file itself.
"""

import mimetypes
import posixpath
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.views import static

from ..models import Document, Member, Photo
from ..models.files import DOCUMENT_FILES_DIR, MEMBER_PHOTOS_DIR, REPORT_PHOTOS_DIR
from ..photofiles import PRIVATE_PREFIX, is_private
from ..scoping import scope

MEDIA_CSP = "default-src 'none'; img-src 'self'; sandbox"
# Who may read a private file: (folder, model, field, permission, path to its organisation).
PRIVATE_FILES = (
    (REPORT_PHOTOS_DIR, Photo, "image", "branchapp.view_report", "report__meeting__organisation"),
    (MEMBER_PHOTOS_DIR, Member, "photo", "branchapp.view_member", "organisation"),
    (DOCUMENT_FILES_DIR, Document, "file", "branchapp.view_meeting", "meeting__organisation"),
)


def media_headers(response):
    """nosniff and a sandboxing CSP on a media answer (also its 304 and 404)."""
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = MEDIA_CSP
    return response


def serve_public_media(request, path):
    """/media/… when the app serves the media folder itself (DEBUG or DJANGO_SERVE_MEDIA)."""
    # As static.serve will read it: "./private/…" and "x/../private/…" are private too.
    if is_private(posixpath.normpath(path).lstrip("/") + "/"):
        raise Http404
    return media_headers(static.serve(request, path, document_root=settings.MEDIA_ROOT))


def may_read(user, name: str) -> bool:
    """May `user` read the private file `name`: it is a photo of a report, or of a member,
    that the account may see (permission and organisation). Kept photos (staging) never."""
    if not user.is_authenticated:
        return False
    for folder, model, field, permission, organisation in PRIVATE_FILES:
        if name.startswith(folder + "/"):
            rows = model._default_manager.filter(**{field: name})
            return user.has_perm(permission) and scope(rows, user, organisation).exists()
    return False


def serve_private_media(request, path):
    name = PRIVATE_PREFIX + path
    if not may_read(request.user, name):
        raise Http404
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    accel = getattr(settings, "MEDIA_ACCEL_REDIRECT", "")
    if accel and isinstance(default_storage, FileSystemStorage):
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + quote(name)
    else:
        try:
            handle = default_storage.open(name, "rb")
        except OSError:
            raise Http404 from None
        response = FileResponse(handle, content_type=content_type)
    # Never kept by a shared cache: the next visitor may not be allowed.
    response["Cache-Control"] = "private, max-age=3600"
    return media_headers(response)


def document_file_response(document, *, private: bool):
    """A document's file as a download (never shown inline), inert; `private` ones are never
    kept by a shared cache."""
    stored = document.file
    try:
        handle = stored.open("rb")
    except (OSError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=stored.download_name(_document_name(document)),
        content_type=stored.content_type,
    )
    response["Cache-Control"] = "private, no-cache" if private else "no-cache"
    return media_headers(response)


def _document_name(document) -> str:
    """ "Hướng dẫn 42-HD/BTCTW 28/10/2025 Nội dung cụ thể…": its kind, number, date and title."""
    name = str(document)
    if document.title and document.title != name:
        name = f"{name} {document.title}"
    return name
