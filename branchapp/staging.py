"""Photos chosen in a report form that could not be saved, kept for the next try.

A browser never puts a chosen file back into a file input, so after a save refused for some
other field the staff would have to find and choose every photo again. Instead, each chosen
photo that passed its own checks is written under `staging/` in the media storage, and the
form carries a signed token naming it; the next save takes the photo from there.

Tokens are signed (a visitor cannot name any other file) and expire after `MAX_AGE`; staged
files are removed once their photo is saved, and `sweep()` removes those left behind by forms
never sent again. The media storage is used (not a local folder) so that any app server can
answer the next try.
"""

import datetime
import posixpath
import uuid

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone

from .validators import validate_photo

STAGING_DIR = "staging"
MAX_AGE = datetime.timedelta(days=1)
_SALT = "branchapp.staging"


def stage(upload) -> str:
    """Keep `upload` (already validated) and return the token that names it."""
    base = posixpath.basename(upload.name or "photo")
    upload.seek(0)
    # One flat folder: "<random>_<chosen name>" (storages cannot remove empty folders).
    name = default_storage.save(f"{STAGING_DIR}/{uuid.uuid4().hex}_{base}", upload)
    return signing.dumps(name, salt=_SALT, compress=True)


def _name(token: str) -> str | None:
    try:
        name = signing.loads(token, salt=_SALT, max_age=MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return None
    if not isinstance(name, str) or not name.startswith(STAGING_DIR + "/") or ".." in name:
        return None
    return name


def _chosen_name(name: str) -> str:
    return posixpath.basename(name).partition("_")[2] or posixpath.basename(name)


def display_name(token: str | None) -> str | None:
    """The file name the staff chose, for the form to say which photo it kept."""
    name = _name(token) if token else None
    return _chosen_name(name) if name else None


def staged_file(token: str) -> File | None:
    """The kept photo named by `token`, or None when the token is forged or has expired."""
    name = _name(token)
    if name is None or not default_storage.exists(name):
        return None
    return File(default_storage.open(name, "rb"), name=_chosen_name(name))


def discard(token: str | None) -> None:
    name = _name(token) if token else None
    if name and default_storage.exists(name):
        default_storage.delete(name)


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
    try:
        _folders, files = default_storage.listdir(STAGING_DIR)
    except (FileNotFoundError, NotImplementedError):
        return 0
    for file_name in files:
        name = f"{STAGING_DIR}/{file_name}"
        if now - default_storage.get_modified_time(name) > MAX_AGE:
            default_storage.delete(name)
            removed += 1
    return removed
