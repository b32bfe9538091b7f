"""Production settings: refuse to start without a long random secret key; HTTPS only.

Every setting read from the environment is listed in README.md, "Serving in production".
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

# The key signs sessions, password-reset links and CSRF tokens: a short one can be guessed.
# Django's own deployment check asks for the same (at least 50 characters, 5 different ones).
MIN_SECRET_KEY_LENGTH = 50
GENERATE_SECRET_KEY = "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
_key = SECRET_KEY  # noqa: F405
if not _key:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set in production: a random string of at least "
        f"{MIN_SECRET_KEY_LENGTH} characters, made with: {GENERATE_SECRET_KEY}"
    )
if len(_key) < MIN_SECRET_KEY_LENGTH or len(set(_key)) < 5:
    raise ImproperlyConfigured(
        f"DJANGO_SECRET_KEY is too weak ({len(_key)} characters, {len(set(_key))} different): "
        f"production needs a random string of at least {MIN_SECRET_KEY_LENGTH} characters, "
        f"made with: {GENERATE_SECRET_KEY}"
    )
del _key

DEBUG = False
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)  # noqa: F405
# nginx (docs/deploy.md) terminates TLS and says so in this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))  # noqa: F405
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)  # noqa: F405
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)  # noqa: F405
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

# Static files: hashed names and gzip/brotli copies made by collectstatic, served by
# WhiteNoise straight after SecurityMiddleware (so they get the security headers too).
MIDDLEWARE.insert(  # noqa: F405
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,  # noqa: F405
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}

# Without Redis, the workers of one machine share a cache on disk, so that a change seen by
# one worker drops the cached pages of all of them.
if not REDIS_URL:  # noqa: F405
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("DJANGO_CACHE_DIR", str(BASE_DIR / ".cache")),  # noqa: F405
            "TIMEOUT": 600,
        }
    }

# Client address for django-axes behind nginx (same header as the search limit).
if RATELIMIT_IP_META_KEY:  # noqa: F405
    AXES_IPWARE_META_PRECEDENCE_ORDER = [RATELIMIT_IP_META_KEY, "REMOTE_ADDR"]  # noqa: F405

LOGGING["root"]["level"] = os.environ.get("DJANGO_LOG_LEVEL", "WARNING")  # noqa: F405

# Two-factor sign-in for administrators and secretaries: on unless SOCHIBO_REQUIRE_2FA=0.
SOCHIBO_REQUIRE_2FA = env_bool("SOCHIBO_REQUIRE_2FA", True)  # noqa: F405
