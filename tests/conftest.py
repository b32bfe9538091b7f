import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files of each test go to a fresh folder that is thrown away."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _vietnamese(settings):
    settings.LANGUAGE_CODE = "vi"


@pytest.fixture(autouse=True)
def _no_login_lockout(settings):
    """django-axes needs the request to authenticate, which `client.login()` does not pass.

    Tests that check the lockout turn it back on with `settings.AXES_ENABLED = True`.
    """
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Public pages are cached (branchapp.services.cache): no test sees another's pages."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
