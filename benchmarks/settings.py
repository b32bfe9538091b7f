"""Benchmark settings: production settings plus the two reference views, over plain HTTP.

The references are served by the same gunicorn configuration as the app but are not part of
the product's URLs. Search rate limiting is off (the load comes from one address).
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-key-" + "x" * 40)
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

from config.settings.production import *  # noqa: E402,F403

ROOT_URLCONF = "benchmarks.reference_urls"
TEMPLATES[0]["DIRS"].append(BASE_DIR / "benchmarks" / "templates")  # noqa: F405
RATELIMIT_ENABLE = False
# BENCH_PAGE_CACHE=0 measures the pages as rendered (no page cache).
if os.environ.get("BENCH_PAGE_CACHE", "1") == "0":
    PUBLIC_PAGE_CACHE_SECONDS = 0
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
