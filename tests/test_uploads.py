"""Uploaded files cannot become pages or scripts, and originals give away no one's position.

Each test replays an attack of the security review (issue 13) through one way in: the report
editor's single and bulk fields, the photos kept after a refused save, a member's photo in
the admin, and the interchange import.
"""

import datetime
import importlib
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import clear_url_caches, reverse
from django.utils import timezone
from PIL import Image
from pytest_django.asserts import assertContains

from branchapp import staging
from branchapp.models import Member, Photo, ReportBlock
from branchapp.scoping import SECRETARIAT_ROLE, VIEWER_ROLE

from .factories import (
    CellFactory,
    MeetingFactory,
    MemberFactory,
    PhotoFactory,
    ReportFactory,
    image_file,
    user_with_role,
)
from .test_images import camera_jpeg
from .test_interchange import rich_file, run_import
from .test_workspace_reports import editor_data, kept_tokens

pytestmark = pytest.mark.django_db

HTML = b"<!doctype html><script>alert(document.cookie)</script>"
MEDIA_CSP = "default-src 'none'; img-src 'self'; sandbox"
GENERATED = re.compile(r"^private/photos/\d{4}/\d{2}/[A-Za-z0-9_-]{24}\.(jpg|png|webp)$")


def png_polyglot(name="page.html"):
    """A valid PNG with a web page after its end, sent under an HTML name."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 160, 60)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue() + HTML, content_type="text/html")


def jpeg_script_polyglot(name="lib.js"):
    """A valid JPEG that also reads as JavaScript: `ÿØÿà/*…*/=alert(1);/*…*/`.

    Its JFIF segment's length bytes are "/*", a comment segment closes the comment and runs
    the script, and the bytes after the image's end close the last comment.
    """
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "JPEG")
    data = buffer.getvalue()
    assert data[2:4] == b"\xff\xe0"
    rest = data[4 + int.from_bytes(data[4:6], "big") :]
    length = int.from_bytes(b"/*", "big")
    jfif = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00".ljust(length - 2, b"\x00")
    script = b"*/=alert(1);/*"
    comment = b"\xff\xfe" + (len(script) + 2).to_bytes(2, "big") + script
    polyglot = b"\xff\xd8\xff\xe0" + b"/*" + jfif + comment + rest + b"*/"
    with Image.open(io.BytesIO(polyglot)) as image:
        assert image.format == "JPEG"
    return SimpleUploadedFile(name, polyglot, content_type="text/javascript")


def svg(name="logo.svg"):
    content = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'
    return SimpleUploadedFile(name, content, content_type="image/svg+xml")


def stored_files(settings) -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return (
        {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
        if root.exists()
        else set()
    )


@pytest.fixture
def meeting():
    return MeetingFactory(organisation=CellFactory(name="Chi bộ Khoa Lý luận"))


@pytest.fixture
def secretary(meeting):
    return user_with_role(SECRETARIAT_ROLE, meeting.organisation.parent)


@pytest.fixture
def edit_url(client, meeting, secretary):
    client.force_login(secretary)
    url = reverse("workspace:report_edit", args=[meeting.pk])
    client.post(url)  # the draft report
    return url


def assert_stored_inert(client, photo, extension, *, forbidden=(b"<script", b"alert(")):
    """Stored under a random private name ending in the detected type, without the attacker's
    bytes, and served only through the app, inert."""
    name = photo.image.name
    assert GENERATED.match(name), name
    assert name.endswith(f".{extension}")
    with default_storage.open(name, "rb") as handle:
        data = handle.read()
    assert not any(part in data for part in forbidden)
    for rendition in rendition_names(photo):
        assert re.match(r"^renditions/[0-9a-f]{2}/[0-9a-f]{32}\.(jpg|webp)$", rendition), rendition
    response = client.get(photo.image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == f"image/{'jpeg' if extension == 'jpg' else extension}"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == MEDIA_CSP
    assert b"".join(response.streaming_content) == data


# -- the report editor ------------------------------------------------------------------------


def test_bulk_upload_of_an_html_polyglot_is_stored_as_a_png(client, meeting, edit_url):
    data = editor_data(client, meeting, **{"bulk-photos": [png_polyglot(), jpeg_script_polyglot()]})
    assert client.post(edit_url, data).status_code == 302
    png, jpeg = Photo.objects.order_by("order")
    assert_stored_inert(client, png, "png")
    assert_stored_inert(client, jpeg, "jpg")
    # Nobody else fetches the original.
    client.logout()
    assert client.get(png.image.url).status_code == 404


def test_single_upload_of_an_html_polyglot_is_stored_as_a_png(client, meeting, edit_url):
    data = editor_data(client, meeting, **{"new_photos-0-image": png_polyglot("anh.html")})
    assert client.post(edit_url, data).status_code == 302
    assert_stored_inert(client, Photo.objects.get(), "png")


def test_a_kept_photo_is_stored_privately_and_then_as_a_png(
    client, meeting, edit_url, settings, django_capture_on_commit_callbacks
):
    refused = client.post(
        edit_url,
        editor_data(
            client,
            meeting,
            **{
                "report-headline": "",
                "new_photos-0-image": png_polyglot(),
                "bulk-photos": [jpeg_script_polyglot()],
            },
        ),
    )
    assert refused.status_code == 200 and Photo.objects.count() == 0
    assertContains(refused, "page.html")  # the form still says which photo it kept
    kept = sorted(f for f in stored_files(settings) if f.startswith("private/staging/"))
    assert sorted(f.rsplit(".", 1)[1] for f in kept) == ["jpg", "png"]
    assert not any("page" in f or "lib" in f for f in stored_files(settings))
    # A kept file is never served, not even to its uploader.
    for name in kept:
        assert client.get(f"/media/{name}").status_code == 404

    again = editor_data(client, meeting, **{"report-headline": "Hội nghị", **kept_tokens(refused)})
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(edit_url, again).status_code == 302
    first, second = Photo.objects.order_by("order")
    assert_stored_inert(client, first, "png")
    assert_stored_inert(client, second, "jpg")
    assert not any(f.startswith("private/staging/") for f in stored_files(settings))


def test_a_phone_photo_is_stored_upright_without_its_position(client, meeting, edit_url):
    upload = camera_jpeg("IMG_2041.jpg", size=(800, 400))
    with Image.open(upload) as sent:
        assert sent.getexif().get_ifd(0x8825)  # GPS position in the upload
    upload.seek(0)
    data = editor_data(client, meeting, **{"new_photos-0-image": upload})
    assert client.post(edit_url, data).status_code == 302
    photo = Photo.objects.get()
    assert "IMG_2041" not in photo.image.name
    with default_storage.open(photo.image.name, "rb") as handle:
        raw = handle.read()
    with Image.open(io.BytesIO(raw)) as original:
        assert original.size == (400, 800)  # turned upright
        assert not original.getexif()  # no EXIF at all: no GPS, camera, orientation
        assert not {"exif", "xmp", "photoshop", "comment"} & set(original.info)
    assert b"PhoneMaker" not in raw and b"Exif" not in raw
    assert (photo.width, photo.height) == (400, 800)


@pytest.mark.parametrize("field", ["new_photos-0-image", "bulk-photos"])
def test_an_svg_is_refused_by_name_and_nothing_is_stored(
    client, meeting, edit_url, settings, field
):
    before = stored_files(settings)
    data = editor_data(client, meeting, **{field: svg("logo.svg")})
    response = client.post(edit_url, data)
    assert response.status_code == 200
    assertContains(response, "Tệp “logo.svg” không phải là ảnh hợp lệ (JPEG, PNG hoặc WebP).")
    assert Photo.objects.count() == 0
    assert stored_files(settings) == before


# -- a member's photo (admin) -----------------------------------------------------------------


def member_add(client, organisation, upload):
    return client.post(
        reverse("admin:branchapp_member_add"),
        {
            "full_name": "Trần Thị Mai",
            "organisation": organisation.pk,
            "photo": upload,
            "positions-TOTAL_FORMS": "0",
            "positions-INITIAL_FORMS": "0",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
        },
    )


def test_a_member_photo_is_stored_privately_under_a_generated_name(admin_client, client):
    cell = CellFactory()
    assert member_add(admin_client, cell, png_polyglot()).status_code == 302
    member = Member.objects.get()
    name = member.photo.name
    assert re.match(r"^private/members/\d{4}/[A-Za-z0-9_-]{24}\.png$", name), name
    with default_storage.open(name, "rb") as handle:
        assert b"<script" not in handle.read()
    response = admin_client.get(member.photo.url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == MEDIA_CSP
    # Personal data: not for visitors, nor for an account of another organisation.
    assert client.get(member.photo.url).status_code == 404
    client.force_login(user_with_role(SECRETARIAT_ROLE, CellFactory()))
    assert client.get(member.photo.url).status_code == 404
    client.force_login(user_with_role(SECRETARIAT_ROLE, cell.parent))
    assert client.get(member.photo.url).status_code == 200


def test_a_member_svg_is_refused_by_name(admin_client, settings):
    response = member_add(admin_client, CellFactory(), svg("chan-dung.svg"))
    assert response.status_code == 200
    assertContains(response, "Tệp “chan-dung.svg” không phải là ảnh hợp lệ (JPEG, PNG hoặc WebP).")
    assert not Member.objects.exists()
    assert stored_files(settings) == set()


# -- the interchange import -------------------------------------------------------------------


def test_imported_images_named_html_or_js_are_stored_as_their_type(tmp_path, client):
    archive = tmp_path / "meetings.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("x.html", png_polyglot().read())
        out.writestr("anh/lib.js", jpeg_script_polyglot().read())
        out.writestr("ba.jpg", image_file().read())
        data = rich_file({"first": "x.html", "second": "anh/lib.js", "extra": "ba.jpg"})
        out.writestr("meetings.json", json.dumps(data, ensure_ascii=False))
    run_import(archive)
    photos = {p.caption or p.order: p for p in Photo.objects.all()}
    assert len(photos) == 3
    client.force_login(
        user_with_role(VIEWER_ROLE, *{p.report.meeting.organisation for p in Photo.objects.all()})
    )
    extensions = sorted(p.image.name.rsplit(".", 1)[1] for p in photos.values())
    assert extensions == ["jpg", "jpg", "png"]
    for photo in photos.values():
        assert_stored_inert(client, photo, photo.image.name.rsplit(".", 1)[1])


# -- what is served, and to whom ---------------------------------------------------------------


@pytest.fixture
def app_serves_media(settings):
    """The app serves /media/ itself (DJANGO_SERVE_MEDIA=1, as `make serve` does)."""
    import config.urls

    settings.SERVE_MEDIA = True
    importlib.reload(config.urls)
    clear_url_caches()
    yield
    settings.SERVE_MEDIA = False
    importlib.reload(config.urls)
    clear_url_caches()


def test_media_the_app_serves_are_inert(client, settings, app_serves_media):
    # A file stored before names were generated, still under its uploaded name.
    old = Path(settings.MEDIA_ROOT) / "photos" / "2024" / "05" / "page.html"
    old.parent.mkdir(parents=True)
    old.write_bytes(png_polyglot().read())
    response = client.get("/media/photos/2024/05/page.html")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == MEDIA_CSP  # sandbox: no script runs
    # Renditions are public; originals and kept photos are not, even at a known address.
    photo = PhotoFactory()
    rendition = photo.renditions["jpeg"]["480"]
    response = client.get(f"/media/{rendition}")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Content-Security-Policy"] == MEDIA_CSP
    assert client.get(f"/media/{photo.image.name}").status_code == 404
    for disguised in (f"./{photo.image.name}", f"renditions/../{photo.image.name}", "private"):
        assert client.get(f"/media/{disguised}").status_code == 404, disguised
    kept = staging.stage(image_file("kept.jpg"))
    staged_name = next(f for f in stored_files(settings) if f.startswith("private/staging/"))
    assert kept and client.get(f"/media/{staged_name}").status_code == 404


def test_behind_nginx_a_private_file_is_handed_over_with_x_accel_redirect(client, settings):
    settings.MEDIA_ACCEL_REDIRECT = "/_private_media/"
    photo = PhotoFactory()
    client.force_login(user_with_role(VIEWER_ROLE, photo.report.meeting.organisation))
    response = client.get(photo.image.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_private_media/{photo.image.name}"
    assert response.content == b""
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]


def test_the_photos_of_drafts_and_scheduled_reports_are_on_no_public_page(client):
    draft = ReportFactory(status="draft", published_at=None)
    later = ReportFactory(published_at=timezone.now() + datetime.timedelta(days=2))
    hidden = [PhotoFactory(report=draft), PhotoFactory(report=later)]
    for photo in hidden:
        ReportBlock.objects.create(report=photo.report, order=1, type="photo", photo=photo)
    shown = PhotoFactory()
    ReportBlock.objects.create(report=shown.report, order=1, type="photo", photo=shown)
    pages = ["/", "/tin-tuc/", "/tin-tuc/rss/", "/sitemap.xml", "/tin-tuc/?q=sinh+hoat"]
    pages += [
        reverse("news:organisation", args=[r.meeting.organisation.slug]) for r in (draft, later)
    ]
    html = "".join(client.get(url).content.decode() for url in pages)
    assert any(name in html for name in rendition_names(shown))  # the public one is there
    for photo in hidden:
        assert not any(name in html for name in rendition_names(photo))
        assert Path(photo.image.name).stem not in html
        assert client.get(photo.image.url).status_code == 404
        assert client.get(photo.report.get_absolute_url()).status_code == 404
    # Not even the public report's original: only its renditions are public.
    assert shown.image.url not in html
    assert Path(shown.image.name).stem not in html  # nor does a rendition's name give it away
    assert client.get(shown.image.url).status_code == 404


def rendition_names(photo) -> list[str]:
    return [name for names in photo.renditions.values() for name in names.values()]


def test_files_stored_before_keep_their_names(client, settings):
    photo = PhotoFactory()
    old_name = "photos/2024/05/IMG_0001.jpg"
    default_storage.save(old_name, image_file())
    Photo.objects.filter(pk=photo.pk).update(image=old_name)
    photo.refresh_from_db()
    assert photo.image.url == f"{settings.MEDIA_URL}{old_name}" or photo.image.url.endswith(
        old_name
    )
    photo.caption = "Chú thích mới"
    photo.save()
    photo.refresh_from_db()
    assert photo.image.name == old_name and default_storage.exists(old_name)


def test_photos_stored_before_can_be_cleaned_in_place(settings):
    """`manage.py clean_stored_photos`: the GPS position leaves the old originals, their
    names stay (rows, history and renditions still find them)."""
    photo = PhotoFactory()
    member = MemberFactory()
    old_names = ["photos/2024/05/IMG_0002.jpg", "members/2024/chan-dung.jpg"]
    for name in old_names:
        default_storage.save(name, camera_jpeg("x.jpg", size=(300, 200)))
    Photo.objects.filter(pk=photo.pk).update(image=old_names[0])
    Member.objects.filter(pk=member.pk).update(photo=old_names[1])
    new = PhotoFactory(image=camera_jpeg("moi.jpg"))

    out = io.StringIO()
    call_command("clean_stored_photos", stdout=out)
    assert "Cleaned 2 file(s)" in out.getvalue()
    for name in old_names:
        with default_storage.open(name, "rb") as handle, Image.open(handle) as image:
            assert not image.getexif() and image.size == (200, 300)
    assert Photo.objects.get(pk=photo.pk).image.name == old_names[0]
    assert new.image.name not in out.getvalue()  # cleaned when uploaded: left alone
    again = io.StringIO()
    call_command("clean_stored_photos", stdout=again)
    assert "Cleaned 0 file(s); 2 already clean" in again.getvalue()
