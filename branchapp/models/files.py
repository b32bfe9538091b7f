"""The photo field of reports and members: what any upload path stores goes through it.

Whatever saves a photo (a form, the report services, the interchange import, the sample, the
admin) ends in `PhotoFieldFile.save`, which checks the file, cleans it (upright, no metadata:
`branchapp.photofiles`) and names it with a random token and the extension of its detected
type, under the private folder of the media storage. The name the uploader gave is dropped.

Files stored before this field existed keep their names (and their public folders): the
field only reads them.
"""

from django import forms
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from django.urls import reverse
from django.utils import timezone

from ..photofiles import CONTENT_TYPES, PRIVATE_PREFIX, clean_photo, is_private, random_name
from ..validators import validate_photo

REPORT_PHOTOS_DIR = PRIVATE_PREFIX + "photos"
MEMBER_PHOTOS_DIR = PRIVATE_PREFIX + "members"
PHOTO_ACCEPT = ",".join(CONTENT_TYPES.values())


def _generated_name(folder: str, filename: str) -> str:
    # `filename` is "photo.<detected extension>" (PhotoFieldFile.save), never the upload's.
    extension = filename.rpartition(".")[2].lower()
    return random_name(folder, extension)


def report_photo_name(instance, filename: str) -> str:
    """`private/photos/<year>/<month>/<random>.<ext>` (the `upload_to` of Photo.image)."""
    return _generated_name(f"{REPORT_PHOTOS_DIR}/{timezone.localdate():%Y/%m}", filename)


def member_photo_name(instance, filename: str) -> str:
    """`private/members/<year>/<random>.<ext>` (the `upload_to` of Member.photo)."""
    return _generated_name(f"{MEMBER_PHOTOS_DIR}/{timezone.localdate():%Y}", filename)


def private_media_url(name: str) -> str:
    """The app's address of a private file: it answers after checking who asks."""
    return reverse("private-media", kwargs={"path": name.removeprefix(PRIVATE_PREFIX)})


class PhotoFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        """Store the cleaned photo under a generated name; `name` (the upload's) is not used."""
        photo = clean_photo(content)
        super().save(f"photo.{photo.extension}", ContentFile(photo.data), save)

    save.alters_data = True

    @property
    def url(self):
        self._require_file()
        if is_private(self.name):
            return private_media_url(self.name)
        return super().url


class PhotoFormField(forms.FileField):
    """A file field for photos: the checks of `validate_photo`, whose messages name the file
    (Django's image field says only that "the file" is not an image)."""

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is not None:
            validate_photo(upload)
        return upload

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = PHOTO_ACCEPT
        return attrs


class PhotoField(models.ImageField):
    """An ImageField for JPEG, PNG and WebP photos, stored cleaned under generated names."""

    attr_class = PhotoFieldFile
    default_validators = [validate_photo]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PhotoFormField, **kwargs})
