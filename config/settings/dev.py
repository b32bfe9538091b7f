"""Development settings: what `make run` uses."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
# A development-only key; production.py refuses to start without DJANGO_SECRET_KEY.
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# No second sign-in step on a developer's machine unless asked for.
SOCHIBO_REQUIRE_2FA = env_bool("SOCHIBO_REQUIRE_2FA", False)
# Without Redis the views wait in the memory of `runserver`, which the `flush_view_counts`
# command cannot reach: write them at once, so the counts and the most-read list show.
if not VIEW_COUNTER_REDIS_URL:  # noqa: F405
    VIEW_COUNT_FLUSH_EVERY = 1
