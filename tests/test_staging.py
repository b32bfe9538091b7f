"""Photos kept between a refused save and the next try (branchapp/staging.py)."""

import datetime

from django.core import signing
from django.core.files.storage import default_storage
from django.utils import timezone

from branchapp import staging

from .factories import image_file


def test_a_kept_photo_comes_back_under_its_chosen_name(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    token = staging.stage(image_file("Hội nghị.jpg"))
    assert staging.display_name(token) == "Hội nghị.jpg"
    kept = staging.staged_file(token)
    assert kept.name == "Hội nghị.jpg" and kept.read(2) == b"\xff\xd8"  # a JPEG
    kept.close()
    staging.discard(token)
    assert staging.staged_file(token) is None


def test_tokens_cannot_name_other_files_or_outlive_a_day(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "secret.txt").write_text("not a staged photo")
    forged = signing.dumps("staging/../secret.txt", salt="branchapp.staging")
    assert staging.staged_file(forged) is None
    assert staging.staged_file("secret.txt") is None
    token = staging.stage(image_file("a.jpg"))
    later = datetime.datetime.now(tz=datetime.UTC) + staging.MAX_AGE + datetime.timedelta(1)
    monkeypatch.setattr(signing.time, "time", lambda: later.timestamp())
    assert staging.staged_file(token) is None


def test_sweep_removes_kept_photos_older_than_a_day(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    staging.stage(image_file("a.jpg"))
    assert staging.sweep() == 0
    assert staging.sweep(timezone.now() + staging.MAX_AGE + datetime.timedelta(minutes=1)) == 1
    assert default_storage.listdir(staging.STAGING_DIR)[1] == []
