import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from branchapp.validators import validate_photo

from .factories import image_file


def test_real_jpeg_png_webp_are_accepted():
    for fmt in ("JPEG", "PNG", "WEBP"):
        validate_photo(image_file(name=f"a.{fmt.lower()}", fmt=fmt))


def test_text_renamed_jpg_is_refused_with_its_name():
    upload = SimpleUploadedFile("bien-ban.jpg", b"not an image at all", content_type="image/jpeg")
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        validate_photo(upload)
    assert "bien-ban.jpg" in error.value.messages[0]
    assert error.value.code == "photo_not_image"


def test_gif_is_refused():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "GIF")
    with pytest.raises(ValidationError) as error:
        validate_photo(SimpleUploadedFile("x.gif", buffer.getvalue()))
    assert error.value.code == "photo_bad_format"


def test_too_large_file_is_refused(settings):
    settings.PHOTO_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        validate_photo(image_file(size=(400, 400)))
    assert error.value.code == "photo_too_large"


def test_too_many_pixels_is_refused(settings):
    settings.PHOTO_MAX_PIXELS = 100 * 100
    with pytest.raises(ValidationError) as error:
        validate_photo(image_file(size=(200, 200)))
    assert error.value.code == "photo_too_many_pixels"


def test_decompression_bomb_is_refused():
    # A tiny PNG that claims 30000×30000 pixels (900 megapixels).
    buffer = io.BytesIO()
    Image.new("1", (30000, 30000)).save(buffer, "PNG")
    with pytest.raises(ValidationError) as error:
        validate_photo(SimpleUploadedFile("bomb.png", buffer.getvalue()))
    assert error.value.code in {"photo_bomb", "photo_too_many_pixels"}
