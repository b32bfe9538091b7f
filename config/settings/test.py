"""Test settings: fast hashing, in-memory email, media in a temporary folder."""

import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="sochibo-test-media-")
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Tests that check the second sign-in step turn it on with the `settings` fixture.
SOCHIBO_REQUIRE_2FA = False
VIEW_COUNTER_REDIS_URL = ""  # the memory counter; Redis tests set their own
