"""What is stored of an uploaded photo: its pixels, upright, without metadata, under a new name.

An upload's name and metadata are the uploader's. The name may claim any type (a PNG sent as
`page.html` would be served as a web page), and a phone's photo carries its GPS position,
its camera and its times (EXIF, XMP, IPTC). So every stored photo is named here: a random,
unguessable token and the extension of the type Pillow reads from the content. And its bytes
are cleaned:

- a photo shown as it is stored (no EXIF orientation, or 1) keeps its compressed image data:
  only the container's image chunks are copied (JPEG segments, PNG chunks, WebP chunks) and
  anything after the image's end is cut off. Nothing is recompressed, so a photo loses no
  quality and cleaning a clean file changes nothing (an interchange round trip keeps bytes);
- a photo that must be turned to be upright, or whose container cannot be walked, is decoded,
  turned and encoded again.

Either way the result is opened again and refused unless it holds no EXIF, XMP, IPTC or
comment. Animated photos that must be turned keep their first frame.
"""

import io
import posixpath
import secrets
import struct
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from imagekit.cachefiles import namers
from imagekit.utils import suggest_extension
from PIL import ExifTags, Image, ImageOps

from .validators import validate_photo

# Uploads that are never served as they are (see branchapp/http/media.py) live under this
# folder of the media storage; only the app reads them, after checking who asks.
PRIVATE_PREFIX = "private/"
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
JPEG_QUALITY = 90
WEBP_QUALITY = 90


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes
    extension: str  # of the detected type: "jpg", "png" or "webp"


def random_name(folder: str, extension: str, *, types=CONTENT_TYPES) -> str:
    """`folder/<random token>.<extension>`: nothing of the uploader's name, nothing guessable.

    `types`: the extensions accepted (those of photos; documents pass theirs)."""
    if extension not in types:
        raise ValueError(f"not an accepted extension: {extension!r}")
    return f"{folder.rstrip('/')}/{secrets.token_urlsafe(18)}.{extension}"


def is_private(name: str) -> bool:
    return name.startswith(PRIVATE_PREFIX)


def rendition_name(generator) -> str:
    """The name of a web rendition (IMAGEKIT_SPEC_CACHEFILE_NAMER).

    Of a private original: `renditions/<ab>/<hash>.<ext>`, the hash of the original's name and
    the rendition's spec, so that a public rendition's address says nothing of the original's.
    Of an original stored before (a public name): imagekit's usual name, which derives from it,
    so that those renditions are still found (and deleted with their photo).
    """
    source = getattr(generator.source, "name", None) or ""
    if not is_private(source):
        return namers.source_name_as_path(generator)
    digest = generator.get_hash()
    extension = suggest_extension(source, generator.format)
    return posixpath.join(settings.IMAGEKIT_CACHEFILE_DIR, digest[:2], digest + extension)


def detected_extension(upload) -> str:
    """The extension of the type Pillow reads from the content of a checked photo."""
    upload.seek(0)
    with Image.open(upload) as image:
        image_format = image.format
    upload.seek(0)
    return EXTENSIONS[image_format]


def clean_photo(upload) -> CleanPhoto:
    """Check `upload` (as `validate_photo` does) and return its cleaned bytes and extension.

    Raises ValidationError, naming the file, for anything that is not a JPEG, PNG or WebP photo.
    """
    validate_photo(upload)
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    with Image.open(io.BytesIO(data)) as image:
        image_format = image.format
        orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
    if orientation in (None, 1):
        stripped = _STRIPPERS[image_format](data)
        if stripped is not None and _is_clean(stripped, image_format):
            return CleanPhoto(stripped, EXTENSIONS[image_format])
    try:
        encoded = _encode_upright(data)
    except (OSError, SyntaxError, ValueError):  # e.g. cut short: it cannot be decoded
        encoded = None
    if encoded is None or not _is_clean(encoded, image_format):
        raise ValidationError(
            _("The file “%(name)s” is not a valid image (JPEG, PNG or WebP).")
            % {"name": getattr(upload, "name", "") or _("(unnamed)")},
            code="photo_not_image",
        )
    return CleanPhoto(encoded, EXTENSIONS[image_format])


def _is_clean(data: bytes, image_format: str) -> bool:
    """Does `data` open as a whole `image_format` image with no metadata at all?"""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != image_format:
                return False
            image.load()
            text = getattr(image, "text", None) or {}
            metadata = {"exif", "xmp", "XML:com.adobe.xmp", "photoshop", "comment", "mp"}
            return not image.getexif() and not text and not metadata & set(image.info)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False


def _encode_upright(data: bytes) -> bytes:
    """Decode, turn upright and encode again, keeping only the colour profile (and alpha)."""
    with Image.open(io.BytesIO(data)) as image:
        image_format = image.format
        info = dict(image.info)
        lossless = image_format == "WEBP" and b"VP8L" in data
        upright = ImageOps.exif_transpose(image)
    upright.info = {}
    params: dict = {}
    if info.get("icc_profile"):
        params["icc_profile"] = info["icc_profile"]
    if image_format == "JPEG":
        params.update(quality=JPEG_QUALITY)
    elif image_format == "PNG":
        if "transparency" in info:
            params["transparency"] = info["transparency"]
    elif lossless:
        params.update(lossless=True)
    else:
        params.update(quality=WEBP_QUALITY)
    buffer = io.BytesIO()
    upright.save(buffer, image_format, **params)
    return buffer.getvalue()


# -- JPEG: segments up to the end of the image, without APPn (except JFIF, ICC, Adobe) or COM.


def _keep_jpeg_segment(marker: int, payload: bytes) -> bytes | None:
    """The segment to write for `marker` (None: leave it out)."""
    if marker == 0xE0 and payload.startswith(b"JFIF\x00") and len(payload) >= 14:
        # JFIF header only: its thumbnail (a second, older picture) is left out.
        payload = payload[:12] + b"\x00\x00"
    elif marker == 0xE2 and payload.startswith(b"ICC_PROFILE\x00"):
        pass
    elif marker == 0xEE and payload.startswith(b"Adobe"):
        pass
    elif 0xE0 <= marker <= 0xEF or marker == 0xFE:  # other APPn: EXIF, XMP, IPTC, MPF...; COM
        return None
    return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload


def _strip_jpeg(data: bytes) -> bytes | None:
    if not data.startswith(b"\xff\xd8"):
        return None
    out = [b"\xff\xd8"]
    i, n = 2, len(data)
    while i < n:
        if data[i] != 0xFF:
            return None
        while i < n and data[i] == 0xFF:  # fill bytes
            i += 1
        if i >= n:
            return None
        marker = data[i]
        i += 1
        if marker == 0xD9:  # end of image: whatever follows is not the photo's
            out.append(b"\xff\xd9")
            return b"".join(out)
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            out.append(bytes((0xFF, marker)))
            continue
        if i + 2 > n:
            return None
        (length,) = struct.unpack(">H", data[i : i + 2])
        if length < 2 or i + length > n:
            return None
        segment = _keep_jpeg_segment(marker, data[i + 2 : i + length])
        i += length
        if segment is not None:
            out.append(segment)
        if marker == 0xDA:  # start of scan: entropy-coded data up to the next real marker
            start = i
            while True:
                j = data.find(b"\xff", i)
                if j < 0 or j + 1 >= n:
                    return None
                following = data[j + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    i = j + 1 if following == 0xFF else j + 2
                    continue
                break
            out.append(data[start:j])
            i = j
    return None


# -- PNG: the chunks that make the picture, up to IEND.

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_KEEP = {
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB",
    b"pHYs", b"bKGD", b"hIST", b"cICP", b"mDCV", b"cLLI", b"acTL", b"fcTL", b"fdAT",
}  # fmt: skip


def _strip_png(data: bytes) -> bytes | None:
    if not data.startswith(_PNG_SIGNATURE):
        return None
    out = [_PNG_SIGNATURE]
    i, n = len(_PNG_SIGNATURE), len(data)
    while i + 12 <= n:
        (length,) = struct.unpack(">I", data[i : i + 4])
        kind = data[i + 4 : i + 8]
        end = i + 12 + length
        if end > n:
            return None
        if kind in _PNG_KEEP:
            out.append(data[i:end])
        if kind == b"IEND":
            return b"".join(out)
        i = end
    return None


# -- WebP: the RIFF chunks of the picture, without EXIF and XMP, and the header's flags to match.

_WEBP_KEEP = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ICCP", b"ANIM", b"ANMF"}
_VP8X_EXIF, _VP8X_XMP = 0x08, 0x04


def _strip_webp(data: bytes) -> bytes | None:
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return None
    (riff_size,) = struct.unpack("<I", data[4:8])
    n = riff_size + 8
    if n > len(data):
        return None
    chunks = []
    i = 12
    while i + 8 <= n:
        kind = data[i : i + 4]
        (length,) = struct.unpack("<I", data[i + 4 : i + 8])
        end = i + 8 + length + (length & 1)
        if end > n:
            return None
        chunk = data[i:end]
        if kind == b"VP8X" and length >= 1:
            flags = chunk[8] & ~(_VP8X_EXIF | _VP8X_XMP)
            chunk = chunk[:8] + bytes((flags,)) + chunk[9:]
        if kind in _WEBP_KEEP:
            chunks.append(chunk)
        i = end
    if i != n:
        return None
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


_STRIPPERS = {"JPEG": _strip_jpeg, "PNG": _strip_png, "WEBP": _strip_webp}
