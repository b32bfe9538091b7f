"""Photos stored before uploads were cleaned: their metadata removed in place.

Photos and member photos uploaded before `PhotoField` kept the uploader's file as it came
(EXIF with the GPS position, camera, times) under its uploaded name in public folders.
`stored_photos_clean` rewrites each such file cleaned (`photofiles.clean_photo`: turned
upright, no metadata, nothing after the image's end) under the same name, so that every row,
its history and its renditions still find it; the renditions were already made upright and
without metadata. Files stored under `private/` were cleaned when uploaded and are skipped.
"""

import dataclasses

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from ..models import Member, Photo
from ..photofiles import clean_photo, is_private


@dataclasses.dataclass
class CleanResult:
    cleaned: list[str] = dataclasses.field(default_factory=list)
    already_clean: int = 0
    missing: list[str] = dataclasses.field(default_factory=list)
    not_photos: list[str] = dataclasses.field(default_factory=list)


def _stored_names():
    photos = Photo.objects.exclude(image="").values_list("image", flat=True)
    members = Member.objects.exclude(photo="").values_list("photo", flat=True)
    names = {name for name in [*photos, *members] if not is_private(name)}
    return sorted(names)


def stored_photos_clean(*, storage, dry_run: bool = False) -> CleanResult:
    """Clean, in place, every photo file stored before uploads were cleaned."""
    result = CleanResult()
    for name in _stored_names():
        try:
            with storage.open(name, "rb") as handle:
                data = handle.read()
        except OSError:
            result.missing.append(name)
            continue
        try:
            clean = clean_photo(ContentFile(data, name=name))
        except ValidationError:
            result.not_photos.append(name)
            continue
        if clean.data == data:
            result.already_clean += 1
            continue
        result.cleaned.append(name)
        if not dry_run:
            storage.delete(name)
            saved = storage.save(name, ContentFile(clean.data))
            if saved != name:  # pragma: no cover - the name was just freed
                raise RuntimeError(f"{name} was stored again as {saved}")
    return result
