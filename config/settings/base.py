"""Settings shared by every environment; safe for production.

Everything that differs between deployments is read from environment variables.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "imagekit",
    "branchapp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # LocaleMiddleware needs the session and must run before CommonMiddleware.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "branchapp.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "branchapp.User"
LOGIN_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first: the default language, with English available.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Django's "vi" locale has no input formats; ours reads dates day first.
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Bootstrap's dist files, installed from the npm registry by `make install`.
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    # The calendar picker of the date boxes (static/js/dates.js), from the npm registry too.
    ("vendor/air-datepicker", BASE_DIR / "node_modules" / "air-datepicker"),
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploaded photos: limits checked by branchapp.validators.
PHOTO_MAX_BYTES = 15_000_000  # decimal, as users count: "15 MB"
PHOTO_MAX_PIXELS = 40_000_000
# The dashboard reminds of a report still unpublished this many days after its meeting.
REPORT_PUBLISH_REMINDER_DAYS = int(os.environ.get("SOCHIBO_REPORT_PUBLISH_DAYS", "7"))
# A member list to import (XLSX or CSV), checked by branchapp.services.member_import.
MEMBER_IMPORT_MAX_BYTES = 2_000_000  # decimal: "2 MB"
# Files attached to a meeting's documents (PDF, DOCX, XLSX, images): checked by
# branchapp.validators.validate_document_file.
DOCUMENT_MAX_BYTES = 20_000_000  # decimal, as users count: "20 MB"
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Renditions are generated when a photo is saved, never while a page renders.
IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY = "imagekit.cachefiles.strategies.Optimistic"
IMAGEKIT_CACHEFILE_DIR = "renditions"
# Renditions of private originals are named by a hash: their address names no original.
IMAGEKIT_SPEC_CACHEFILE_NAMER = "branchapp.photofiles.rendition_name"

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "sochibo@localhost")

SITE_NAME = os.environ.get("SOCHIBO_SITE_NAME", "Sổ Chi bộ")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"branchapp": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# --- Workspace and accounts ---
# Staff log in through the workspace's own pages under /tai-khoan/ (LOGIN_URL above).
LOGIN_REDIRECT_URL = "workspace:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link works for one day
# Failed logins are counted by django-axes per username and address, and per address across
# all usernames (branchapp/http/logins.py): after 5 failures for one name, or 20 from one
# address whatever the names, logins are refused for 30 minutes (for that name, or for every
# name from that address). Every attempt is logged (and kept in the admin).
INSTALLED_APPS += ["axes"]
# AxesMiddleware turns a refused login into the lockout page; it must come last.
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_VERBOSE = False  # no banner on every manage.py command
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "branchapp.http.logins.LoginThrottle"
LOGIN_FAILURE_LIMIT_PER_ADDRESS = 20  # the address alone, across usernames
AXES_RESET_ON_SUCCESS = True  # a login clears its own username's failures only
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_COOLOFF_MESSAGE = _(
    "Too many failed login attempts for this account or from this address. Logging in is "
    "refused for 30 minutes; try again later or ask an administrator."
)
AXES_PERMALOCK_MESSAGE = AXES_COOLOFF_MESSAGE
LOGGING["loggers"]["axes"] = {"handlers": ["console"], "level": "INFO", "propagate": False}

# --- Production: headers, page cache, sessions, media storage ---
# Security headers
# Django sets nosniff, Referrer-Policy, Cross-Origin-Opener-Policy and X-Frame-Options (above)
# and HSTS (production.py); django-csp sets the Content-Security-Policy; our middleware adds
# Permissions-Policy and Cross-Origin-Resource-Policy.
INSTALLED_APPS += ["csp"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "csp.middleware.CSPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("csp.middleware.CSPMiddleware") + 1,
    "branchapp.http.middleware.SecurityHeadersMiddleware",
)
# Public pages from the page cache: after the headers above (cached pages get them too),
# before sessions, locale, CSRF and auth (a cached page needs none of them).
MIDDLEWARE.insert(
    MIDDLEWARE.index("branchapp.http.middleware.SecurityHeadersMiddleware") + 1,
    "branchapp.http.middleware.PublicPageCacheMiddleware",
)
# Only self-hosted scripts, styles and fonts; no inline script or style. JSON-LD blocks
# (<script type="application/ld+json">) are data that browsers never execute, so script-src
# does not apply to them and they need no nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *env_list("DJANGO_CSP_IMG_SRC")],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
CSRF_COOKIE_HTTPONLY = True  # no script reads it: forms carry the token
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

# The admin's address; set DJANGO_ADMIN_URL to something hard to guess in production.
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"

# Searches per client address (django-ratelimit's syntax). Its app is not installed on
# purpose: its system check rejects Django's own Redis cache, which does count atomically.
SEARCH_RATE_LIMIT = os.environ.get("DJANGO_SEARCH_RATE_LIMIT", "30/m")
# Password-reset requests per client address, and per e-mail address typed (whether or not an
# account has it), so that nobody can flood a mailbox or the mail server.
PASSWORD_RESET_RATE_LIMIT_PER_ADDRESS = "10/h"
PASSWORD_RESET_RATE_LIMIT_PER_EMAIL = "3/h"
RATELIMIT_USE_CACHE = "default"
# Behind nginx every request comes from 127.0.0.1: read the client address from the header
# nginx sets (e.g. HTTP_X_REAL_IP, see docs/deploy.md).
RATELIMIT_IP_META_KEY = os.environ.get("DJANGO_CLIENT_IP_HEADER") or None

# Cache and sessions
# Redis when REDIS_URL is set (shared by every app server); otherwise memory of one process.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_PREFIX", "sochibo"),
            "TIMEOUT": 600,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "sochibo",
            "TIMEOUT": 600,
        }
    }
# Sessions read from the cache and written through to the database: a Redis restart logs
# nobody out, and any app server can answer any request.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Seconds a public page stays in the page cache (it is also dropped on every change).
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "600"))
# Seconds a shared cache in front of the app (nginx's proxy cache, deploy/nginx/) may keep a
# public page: its `s-maxage`. With nginx's background update a change reaches the edge within
# this time plus one request (the first after expiry gets the stale copy and triggers the update).
PUBLIC_EDGE_CACHE_SECONDS = int(os.environ.get("DJANGO_EDGE_CACHE_SECONDS", "5"))

# Media on S3-compatible object storage (django-storages) when a bucket is configured.
if os.environ.get("DJANGO_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["DJANGO_S3_BUCKET"],
            "endpoint_url": os.environ.get("DJANGO_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("DJANGO_S3_REGION") or None,
            "access_key": os.environ.get("DJANGO_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("DJANGO_S3_SECRET_ACCESS_KEY") or None,
            "custom_domain": os.environ.get("DJANGO_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("DJANGO_S3_PREFIX", "media"),
            "default_acl": None,
            "querystring_auth": env_bool("DJANGO_S3_SIGNED_URLS", False),
            "file_overwrite": False,
        },
    }
    # Photos then come from the bucket's address, which the CSP must allow.
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(
        "https://"
        + (
            os.environ.get("DJANGO_S3_CUSTOM_DOMAIN")
            or os.environ.get("DJANGO_S3_ENDPOINT_URL", "https://*.amazonaws.com").split("://")[-1]
        )
    )
# Serve /media/ from the app (make serve on one machine); nginx or the bucket does otherwise.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", False)
# Private uploads (originals under media/private/) are always answered by the app, after a
# permission check. Behind nginx, set this to its internal location (docs/deploy.md, e.g.
# "/_private_media/") and nginx sends the file; empty: the app streams it itself.
MEDIA_ACCEL_REDIRECT = os.environ.get("DJANGO_MEDIA_ACCEL_REDIRECT", "")

# --- Two-factor sign-in (django-otp) ---
# Accounts with a workspace role and staff accounts pass a second step after the password
# (a TOTP code, or a recovery code) before the workspace or the admin serve them a page:
# branchapp/http/signin.py. On unless SOCHIBO_REQUIRE_2FA=0; dev.py and test.py turn it off.
SOCHIBO_REQUIRE_2FA = env_bool("SOCHIBO_REQUIRE_2FA", True)
INSTALLED_APPS[INSTALLED_APPS.index("django.contrib.admin")] = "config.apps.SochiboAdminConfig"
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static"]
# OTPMiddleware sets request.user.is_verified() from the session, so it follows authentication.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
OTP_TOTP_ISSUER = SITE_NAME
# Wrong codes lock the device for 1, 2, 4, 8… seconds (django-otp's throttling; 0 turns it off).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# Article views ("Lượt xem", branchapp/viewcounter.py): counted in Redis when REDIS_URL is set
# (else in the memory of each process), written to the database in batches by
# `manage.py flush_view_counts` (a timer, docs/deploy.md) and after this many views.
VIEW_COUNTER_REDIS_URL = os.environ.get("VIEW_COUNTER_REDIS_URL", REDIS_URL)
VIEW_COUNTER_PREFIX = os.environ.get("DJANGO_CACHE_PREFIX", "sochibo")
VIEW_COUNT_FLUSH_EVERY = int(os.environ.get("VIEW_COUNT_FLUSH_EVERY", "500"))
# A second view of an article from the same address within this many seconds is not counted.
VIEW_COUNT_REPEAT_SECONDS = int(os.environ.get("VIEW_COUNT_REPEAT_SECONDS", "1800"))
# View requests per client address (django-ratelimit's syntax).
VIEW_COUNT_RATE_LIMIT = os.environ.get("VIEW_COUNT_RATE_LIMIT", "60/m")
