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


def test_sizes_are_shown_in_decimal_megabytes_as_users_count_them():
    from branchapp.sizes import file_size

    with translation.override("vi"):
        assert file_size(20_500_000) == "20,5\xa0MB"
        assert file_size(15_000_000) == "15\xa0MB"
        assert file_size(2_000_000_000) == "2\xa0GB"
        assert file_size(999) == "999\xa0byte"
    with translation.override("en"):
        assert file_size(20_500_000) == "20.5\xa0MB"


def test_a_photo_over_the_limit_is_reported_in_decimal_megabytes():
    upload = SimpleUploadedFile("anh-hoi-nghi.jpg", b"x")
    upload.size = 20_500_000
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        validate_photo(upload)
    assert error.value.messages[0] == (
        "Tệp “anh-hoi-nghi.jpg” có dung lượng 20,5\xa0MB; ảnh chỉ được tối đa 15\xa0MB."
    )


def test_a_renamed_pdf_is_refused_with_its_name():
    upload = SimpleUploadedFile("bien-ban.jpg", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        validate_photo(upload)
    assert "“bien-ban.jpg”" in error.value.messages[0]
