"""Validation of uploaded photos: real images only, within size and pixel limits."""

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from .sizes import file_size

ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}


def validate_photo(upload) -> None:
    """Refuse anything that is not a JPEG, PNG or WebP by content, too big, or a bomb."""
    name = getattr(upload, "name", "") or _("(unnamed)")
    max_bytes = settings.PHOTO_MAX_BYTES
    max_pixels = settings.PHOTO_MAX_PIXELS
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("The file “%(name)s” is %(size)s; photos may be at most %(max)s.")
            % {"name": name, "size": file_size(size), "max": file_size(max_bytes)},
            code="photo_too_large",
        )
    position = upload.tell() if hasattr(upload, "tell") else None
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image_format = image.format
                width, height = image.size
                if width * height > max_pixels:
                    raise ValidationError(
                        _(
                            "The photo “%(name)s” is %(width)s×%(height)s pixels; "
                            "at most %(max)s megapixels are accepted."
                        )
                        % {
                            "name": name,
                            "width": width,
                            "height": height,
                            "max": max_pixels // 1_000_000,
                        },
                        code="photo_too_many_pixels",
                    )
                if image_format not in ALLOWED_IMAGE_FORMATS:
                    raise ValidationError(
                        _("The file “%(name)s” is not a JPEG, PNG or WebP photo.") % {"name": name},
                        code="photo_bad_format",
                    )
                image.verify()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("The photo “%(name)s” is too large to open safely.") % {"name": name},
            code="photo_bomb",
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("The file “%(name)s” is not a valid image (JPEG, PNG or WebP).") % {"name": name},
            code="photo_not_image",
        ) from None
    finally:
        if position is not None:
            upload.seek(0)
