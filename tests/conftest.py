import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files of each test go to a fresh folder that is thrown away."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _vietnamese(settings):
    settings.LANGUAGE_CODE = "vi"
