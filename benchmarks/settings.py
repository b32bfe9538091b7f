"""Benchmark settings: production settings over plain HTTP, from one address.

Search rate limiting is off (the load comes from one address). The page cache is turned off
the usual way, DJANGO_PAGE_CACHE_SECONDS=0 (benchmarks/run.py does for the pages as rendered).
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-key-" + "x" * 40)
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

from config.settings.production import *  # noqa: E402,F403

RATELIMIT_ENABLE = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
