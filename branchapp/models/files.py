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
from ..text import vn_slugify
from ..validators import DOCUMENT_TYPES, document_file_type, validate_photo

REPORT_PHOTOS_DIR = PRIVATE_PREFIX + "photos"
MEMBER_PHOTOS_DIR = PRIVATE_PREFIX + "members"
DOCUMENT_FILES_DIR = PRIVATE_PREFIX + "documents"
DOCUMENT_ACCEPT = ",".join(
    [f".{extension}" for extension in DOCUMENT_TYPES] + list(DOCUMENT_TYPES.values())
)
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


# -- Files attached to a meeting's documents (PDF, DOCX, XLSX, images): the same mechanism.


def document_file_name(instance, filename: str) -> str:
    """`private/documents/<year>/<month>/<random>.<ext>` (the `upload_to` of Document.file)."""
    extension = filename.rpartition(".")[2].lower()
    folder = f"{DOCUMENT_FILES_DIR}/{timezone.localdate():%Y/%m}"
    return random_name(folder, extension, types=DOCUMENT_TYPES)


class DocumentFieldFile(models.fields.files.FieldFile):
    def save(self, name, content, save=True):
        """Store the checked file under a generated name of its real type; a photo is cleaned
        of its metadata first. `name` (the upload's) is not used."""
        extension = document_file_type(content)
        if extension in CONTENT_TYPES:
            photo = clean_photo(content)
            content = ContentFile(photo.data)
        super().save(f"document.{extension}", content, save)

    save.alters_data = True

    @property
    def url(self):
        """The workspace's download of the document (after a scope check), else the private
        media address (also checked)."""
        self._require_file()
        document = self.instance
        if document.pk and getattr(document, "meeting_id", None):
            return reverse(
                "workspace:meeting_document",
                kwargs={"pk": document.meeting_id, "document_id": document.pk},
            )
        return private_media_url(self.name)

    def download_name(self, title: str) -> str:
        """A readable file name for a download: the document's title and the stored type."""
        stem = vn_slugify(title.replace("/", " "), max_length=80) or "tai-lieu"
        return f"{stem}.{self.extension}"

    @property
    def extension(self) -> str:
        return self.name.rpartition(".")[2].lower() if self.name else ""

    @property
    def content_type(self) -> str:
        return DOCUMENT_TYPES.get(self.extension, "application/octet-stream")


class DocumentFormField(forms.FileField):
    """A file field for documents, checked by content (`document_file_type`); its messages
    name the file."""

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is not None:
            document_file_type(upload)
        return upload

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = DOCUMENT_ACCEPT
        return attrs


def _check_document_file(value):
    if value and not getattr(value, "_committed", True):
        document_file_type(value.file)


class DocumentFileField(models.FileField):
    """A file of a Party document, private, stored under a generated name of its real type."""

    attr_class = DocumentFieldFile
    default_validators = [_check_document_file]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": DocumentFormField, **kwargs})
