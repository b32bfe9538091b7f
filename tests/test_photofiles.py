"""What is kept of an uploaded photo (branchapp/photofiles.py): its picture, upright, and nothing
else: no EXIF, XMP, IPTC, text chunk, comment or bytes after the image's end."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageChops, ImageOps, PngImagePlugin

from branchapp.photofiles import clean_photo, random_name

GPS = {1: "N", 2: (10.0, 27.0, 30.0), 3: "E", 4: (105.0, 38.0, 0.0)}
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description>Hanoi</rdf:Description></x:xmpmeta>'
TRAILER = b"<html><script>alert(1)</script></html>"


def exif(orientation=None) -> bytes:
    data = Image.Exif()
    data[0x010F] = "PhoneMaker"
    data[0x8825] = GPS
    if orientation:
        data[0x0112] = orientation
    return data.tobytes()


def picture(mode="RGB", size=(60, 40)):
    """A picture whose corners differ, so that a turn or a flip shows."""
    image = Image.new(mode, size, "white" if mode != "CMYK" else (0, 0, 0, 0))
    image.paste("red" if mode != "CMYK" else (0, 255, 255, 0), (0, 0, 20, 10))
    return image


def encode(image, fmt, **params) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


def clean(data: bytes, name="photo.bin"):
    return clean_photo(SimpleUploadedFile(name, data))


def opened(data: bytes):
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def assert_no_metadata(data: bytes):
    image = opened(data)
    assert not image.getexif()
    assert not {"exif", "xmp", "XML:com.adobe.xmp", "photoshop", "comment"} & set(image.info)
    assert not getattr(image, "text", None)
    for needle in (b"PhoneMaker", b"Hanoi", b"<script", b"Exif\x00"):
        assert needle not in data


def same_pixels(a: bytes, b: bytes) -> bool:
    first, second = opened(a), opened(b)
    return (
        first.size == second.size
        and not ImageChops.difference(first.convert("RGBA"), second.convert("RGBA")).getbbox()
    )


def test_a_jpeg_shown_as_stored_keeps_its_compressed_picture():
    sent = encode(picture(), "JPEG", exif=exif(), xmp=XMP, comment=b"<script>x</script>")
    sent += TRAILER
    kept = clean(sent)
    assert kept.extension == "jpg"
    assert_no_metadata(kept.data)
    assert same_pixels(kept.data, sent)  # not recompressed: the very same pixels
    assert clean(kept.data).data == kept.data  # cleaning a clean file changes nothing


def test_a_plain_jpeg_is_kept_byte_for_byte():
    sent = encode(picture(), "JPEG")
    assert clean(sent).data == sent
    progressive = encode(picture(size=(300, 200)), "JPEG", progressive=True, exif=exif())
    kept = clean(progressive)
    assert_no_metadata(kept.data)
    assert same_pixels(kept.data, progressive)


def red_box(image) -> tuple[int, int, int, int]:
    """Where the picture's red corner is."""
    rgb = image.convert("RGB")
    width = rgb.size[0]
    red = [i for i, (r, g, b) in enumerate(rgb.get_flattened_data()) if r > 150 and g < 100]
    xs, ys = [i % width for i in red], [i // width for i in red]
    return min(xs), min(ys), max(xs), max(ys)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_a_turned_photo_is_stored_upright(fmt, orientation):
    sent = encode(picture(), fmt, exif=exif(orientation))
    kept = clean(sent)
    assert_no_metadata(kept.data)
    image = opened(kept.data)
    assert image.size == ((40, 60) if orientation in (6, 8) else (60, 40))
    # The red corner is where a viewer applying the orientation shows it.
    expected = red_box(ImageOps.exif_transpose(opened(sent)))
    assert all(abs(a - b) <= 2 for a, b in zip(red_box(image), expected, strict=True))


def test_a_png_keeps_its_picture_and_transparency_but_no_text_or_trailer():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    image = picture("RGBA")
    image.putpixel((5, 30), (0, 0, 0, 0))
    sent = encode(image, "PNG", pnginfo=info, exif=exif()) + TRAILER
    kept = clean(sent, "page.html")
    assert kept.extension == "png"
    assert_no_metadata(kept.data)
    assert same_pixels(kept.data, sent)
    assert opened(kept.data).getpixel((5, 30))[3] == 0


def test_an_animated_png_keeps_its_frames():
    frames = [picture(), picture().rotate(180)]
    sent = encode(frames[0], "PNG", save_all=True, append_images=frames[1:], exif=exif())
    kept = clean(sent)
    assert opened(kept.data).n_frames == 2
    assert_no_metadata(kept.data)


@pytest.mark.parametrize("lossless", [False, True])
def test_a_webp_loses_its_exif_and_xmp_chunks(lossless):
    sent = encode(picture("RGBA"), "WEBP", exif=exif(), xmp=XMP, lossless=lossless) + TRAILER
    kept = clean(sent, "lib.js")
    assert kept.extension == "webp"
    assert_no_metadata(kept.data)
    assert same_pixels(kept.data, sent)
    assert clean(kept.data).data == kept.data


def test_a_cmyk_jpeg_stays_cmyk():
    sent = encode(picture("CMYK"), "JPEG", exif=exif())
    kept = clean(sent)
    assert opened(kept.data).mode == "CMYK"
    assert same_pixels(kept.data, sent)


@pytest.mark.parametrize(
    "data",
    [
        encode(picture(size=(400, 300)), "JPEG")[:-300],  # cut short
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        b"GIF89a" + encode(picture(), "GIF")[6:],
    ],
    ids=["truncated-jpeg", "svg", "gif"],
)
def test_what_is_not_a_whole_photo_is_refused_by_name(data):
    with pytest.raises(ValidationError) as refused:
        clean(data, "anh-hong.jpg")
    assert "anh-hong.jpg" in refused.value.messages[0]


def test_generated_names_are_random_and_only_of_photo_types():
    names = {random_name("private/photos/2026/05", "png") for _ in range(100)}
    assert len(names) == 100
    assert all(n.startswith("private/photos/2026/05/") and n.endswith(".png") for n in names)
    for extension in ("html", "js", "svg", ""):
        with pytest.raises(ValueError):
            random_name("private/photos", extension)
