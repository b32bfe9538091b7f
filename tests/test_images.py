"""Photos are served as web renditions made once at upload: oriented, stripped, responsive."""

import io
import re

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pytest_django.asserts import assertContains

from branchapp import models
from branchapp.templatetags.news import rendition_set

from .factories import PhotoFactory, ReportFactory

pytestmark = pytest.mark.django_db

SPECS = ["webp_480", "webp_960", "webp_1600", "jpeg_480", "jpeg_960", "jpeg_1600"]


def camera_jpeg(name, size=(2000, 1000)):
    """A JPEG as a phone writes it: stored sideways with Orientation=6, and a GPS position."""
    image = Image.new("RGB", size, (20, 120, 200))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    exif[0x010F] = "PhoneMaker"
    gps = {1: "N", 2: (10.0, 27.0, 30.0), 3: "E", 4: (105.0, 38.0, 0.0)}
    exif[0x8825] = gps
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_optimistic_strategy_is_configured():
    assert (
        settings.IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY == "imagekit.cachefiles.strategies.Optimistic"
    )


def test_renditions_are_made_when_the_photo_is_saved():
    photo = PhotoFactory(image=camera_jpeg("luu-mot-lan.jpg"))
    for spec in SPECS:
        assert default_storage.exists(getattr(photo, spec).name), spec


def test_renditions_are_upright_and_carry_no_location():
    upload = camera_jpeg("dinh-vi.jpg")
    with Image.open(upload) as sent:
        assert sent.getexif().get_ifd(0x8825)  # the upload itself has GPS data
    photo = PhotoFactory(image=upload)
    for spec in SPECS:
        with default_storage.open(getattr(photo, spec).name) as handle, Image.open(handle) as image:
            width, height = image.size
            assert height > width, f"{spec} is not rotated upright"
            exif = image.getexif()
            assert not exif.get_ifd(0x8825), f"{spec} keeps GPS data"
            assert exif.get(0x0112, 1) == 1, f"{spec} still asks viewers to rotate it"
    with default_storage.open(photo.webp_480.name) as handle, Image.open(handle) as image:
        assert image.format == "WEBP" and image.size[0] == 480


def test_rendering_a_page_reads_no_image_file(client, monkeypatch):
    photo = PhotoFactory(image=camera_jpeg("khong-doc-lai.jpg", size=(1200, 800)))
    models.ReportBlock.objects.create(report=photo.report, order=1, type="photo", photo=photo)

    def refuse(*args, **kwargs):
        raise AssertionError("a page render opened an image file")

    monkeypatch.setattr(default_storage, "open", refuse)
    monkeypatch.setattr(default_storage, "exists", refuse)
    assert client.get(photo.report.get_absolute_url()).status_code == 200


def test_picture_markup_with_srcset_sizes_alt_and_dimensions(client):
    report = ReportFactory()
    for order in range(3):
        photo = PhotoFactory(
            report=report,
            image=camera_jpeg(f"anh-{order}.jpg", size=(2400, 1600)),
            caption=f"Chú thích ảnh {order}",
            order=order,
        )
        models.ReportBlock.objects.create(report=report, order=order, type="photo", photo=photo)
    response = client.get(report.get_absolute_url())
    html = response.content.decode()
    pictures = re.findall(r"<picture>.*?</picture>", html, re.S)
    assert len(pictures) == 3
    first, second = pictures[0], pictures[1]
    assert re.search(
        r'<source type="image/webp" srcset="[^"]+\.webp 480w, [^"]+\.webp 960w, [^"]+\.webp 1600w" sizes="[^"]+">',
        first,
    )
    assert re.search(r'srcset="[^"]+\.jpg 480w, [^"]+\.jpg 960w, [^"]+\.jpg 1600w"', first)
    assert 'alt="Chú thích ảnh 0"' in first
    assert 'loading="lazy"' not in first and 'loading="lazy"' in second
    assertContains(response, 'loading="lazy"', count=2)
    assert re.search(r'width="\d+" height="\d+"', first)


def test_small_photos_are_not_upscaled():
    photo = PhotoFactory()  # 64×48
    renditions = rendition_set(photo)
    assert renditions["jpeg_srcset"].count(" 64w") == 1 and "480w" not in renditions["jpeg_srcset"]
    assert (renditions["width"], renditions["height"]) == (64, 48)


def test_stored_size_is_the_upright_size():
    photo = PhotoFactory(image=camera_jpeg("doc.jpg", size=(2000, 1000)))
    photo.refresh_from_db()
    assert (photo.width, photo.height) == (1000, 2000)


def test_rendition_names_are_stored_when_the_photo_is_saved():
    photo = PhotoFactory(image=camera_jpeg("ten-ban-sao.jpg"))
    photo.refresh_from_db()
    for spec in SPECS:
        fmt, width = spec.split("_")
        assert photo.renditions[fmt][width] == getattr(photo, spec).name
        assert default_storage.exists(photo.renditions[fmt][width])
    # A new image gets new names.
    old = photo.renditions
    photo.image = camera_jpeg("anh-moi.jpg")
    photo.save()
    photo.refresh_from_db()
    assert photo.renditions != old
    assert photo.renditions["jpeg"]["960"] == photo.jpeg_960.name


def test_pages_name_renditions_without_imagekit(client, monkeypatch):
    """Rendition URLs come from the stored names: imagekit hashes nothing while a page renders."""
    photo = PhotoFactory(image=camera_jpeg("khong-bam.jpg", size=(1200, 800)))
    models.ReportBlock.objects.create(report=photo.report, order=1, type="photo", photo=photo)
    expected = default_storage.url(photo.renditions["jpeg"]["960"])

    import imagekit.cachefiles

    def refuse(*args, **kwargs):
        raise AssertionError("imagekit was asked for a rendition while a page rendered")

    monkeypatch.setattr(imagekit.cachefiles.ImageCacheFile, "__init__", refuse)
    for url in [photo.report.get_absolute_url(), "/", "/tin-tuc/"]:
        response = client.get(url)
        assertContains(response, expected)
    # og:image (and the JSON-LD) of the article use the 1600 rendition.
    response = client.get(photo.report.get_absolute_url())
    large = default_storage.url(photo.renditions["jpeg"]["1600"])
    assertContains(response, f'<meta property="og:image" content="http://testserver{large}">')


def test_rows_without_stored_names_fall_back_to_imagekit(client):
    photo = PhotoFactory(image=camera_jpeg("cu.jpg", size=(1200, 800)))
    models.ReportBlock.objects.create(report=photo.report, order=1, type="photo", photo=photo)
    models.Photo.objects.filter(pk=photo.pk).update(renditions={})
    response = client.get(photo.report.get_absolute_url())
    assertContains(response, photo.jpeg_960.url)


def test_migration_fills_the_names_of_existing_photos():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("branchapp.migrations.0006_performance_photo_renditions")
    photo = PhotoFactory(image=camera_jpeg("truoc-khi-nang-cap.jpg"))
    models.Photo.objects.filter(pk=photo.pk).update(renditions={})
    migration.fill_renditions(apps, None)
    photo.refresh_from_db()
    assert photo.renditions["webp"]["480"] == photo.webp_480.name
