"""Photos chosen in a report form that could not be saved, kept for the next try.

A browser never puts a chosen file back into a file input, so after a save refused for some
other field the staff would have to find and choose every photo again. Instead, each chosen
photo that passed its own checks is written under `private/staging/` in the media storage,
and the form carries a signed token naming it (and the name the staff chose); the next save
takes the photo from there.

The stored name is random, with the extension of the detected type (`branchapp.photofiles`):
nothing of the chosen name reaches the storage, and the private folder is never served.
Tokens are signed (a visitor cannot name any other file) and expire after `MAX_AGE`; staged
files are removed once their photo is saved, and `sweep()` removes those left behind by forms
never sent again. The media storage is used (not a local folder) so that any app server can
answer the next try.
"""

import datetime
import posixpath

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone

from .photofiles import PRIVATE_PREFIX, detected_extension, random_name
from .validators import validate_photo

STAGING_DIR = PRIVATE_PREFIX + "staging"
# Where photos were kept before they got private, random names: swept, never read.
OLD_STAGING_DIR = "staging"
MAX_AGE = datetime.timedelta(days=1)
_SALT = "branchapp.staging"


def stage(upload) -> str:
    """Keep `upload` (already validated) and return the token that names it."""
    chosen = posixpath.basename(upload.name or "") or "photo"
    # One flat folder (storages cannot remove empty folders), a random name.
    name = default_storage.save(random_name(STAGING_DIR, detected_extension(upload)), upload)
    return signing.dumps([name, chosen], salt=_SALT, compress=True)


def _kept(token: str) -> tuple[str, str] | None:
    """(stored name, chosen name) of a valid token."""
    try:
        value = signing.loads(token, salt=_SALT, max_age=MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return None
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)):
        return None
    name, chosen = value
    if not name.startswith(STAGING_DIR + "/") or ".." in name:
        return None
    return name, chosen


def display_name(token: str | None) -> str | None:
    """The file name the staff chose, for the form to say which photo it kept."""
    kept = _kept(token) if token else None
    return kept[1] if kept else None


def staged_file(token: str) -> File | None:
    """The kept photo named by `token`, or None when the token is forged or has expired."""
    kept = _kept(token)
    if kept is None or not default_storage.exists(kept[0]):
        return None
    return File(default_storage.open(kept[0], "rb"), name=kept[1])


def discard(token: str | None) -> None:
    kept = _kept(token) if token else None
    if kept and default_storage.exists(kept[0]):
        default_storage.delete(kept[0])


def stage_valid(uploads) -> list[str]:
    """Tokens of the `uploads` that pass the photo checks (the others are dropped)."""
    tokens = []
    for upload in uploads:
        try:
            validate_photo(upload)
        except ValidationError:  # the form already says why
            continue
        tokens.append(stage(upload))
    return tokens


def sweep(now: datetime.datetime | None = None) -> int:
    """Remove staged files older than MAX_AGE; returns how many were removed."""
    now = now or timezone.now()
    removed = 0
    for folder in (STAGING_DIR, OLD_STAGING_DIR):
        try:
            _folders, files = default_storage.listdir(folder)
        except (FileNotFoundError, NotImplementedError):
            continue
        for file_name in files:
            name = f"{folder}/{file_name}"
            if now - default_storage.get_modified_time(name) > MAX_AGE:
                default_storage.delete(name)
                removed += 1
    return removed
