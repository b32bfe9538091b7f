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
    """Public pages are cached (branchapp.http.pagecache): no test sees another's pages."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def one_rate_limit_window(monkeypatch):
    """django-ratelimit counts in fixed windows (a minute for "3/m") starting at an offset of
    each key's own: a test's requests that straddle the end of a window start a new count and
    never reach the limit (a flaky test, about once in a hundred runs). The clock it reads
    stands still during the test."""
    import time
    from types import SimpleNamespace

    import django_ratelimit.core

    now = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: now))


# The migrations whose rows a transactional test gets back, in order (named without their
# number, which a merge of branches may change).
DATA_MIGRATIONS = ("roles_and_rating_rules", "shared_models_for_administrators")


@pytest.fixture(autouse=True)
def _rows_of_data_migrations(request):
    """Give a transactional test the rows the data migrations made (role groups, rating rules).

    A transactional test ends by emptying every table, so without this the next one (the browser
    tests, for instance) would find no "Văn phòng" group and no rating rule set.
    """
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        return
    request.getfixturevalue("transactional_db")
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    if Group.objects.exists():
        return
    loader = MigrationLoader(connection)
    numbered = {
        name.split("_", 1)[1]: name for app, name in loader.disk_migrations if app == "branchapp"
    }
    for name in (numbered[suffix] for suffix in DATA_MIGRATIONS):
        migration = loader.get_migration("branchapp", name)
        state_apps = loader.project_state(("branchapp", name)).apps
        for operation in migration.operations:
            operation.code(state_apps, None)
