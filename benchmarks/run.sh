#!/usr/bin/env bash
# Load the public pages and the two references under gunicorn (production settings, sync,
# 2 workers) with wrk, and print the table for the README.
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/sochibo_bench benchmarks/run.sh [--duration 10s]
# Generate the data first: benchmarks/generate.py --scale 1 (province) or --scale 0.01.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk"; exit 1; }
export DJANGO_SETTINGS_MODULE=benchmarks.settings
export DJANGO_STATIC_ROOT="${DJANGO_STATIC_ROOT:-/tmp/sochibo-bench-static}"
export DJANGO_CACHE_DIR="${DJANGO_CACHE_DIR:-/tmp/sochibo-bench-cache}"
rm -rf "$DJANGO_CACHE_DIR"
.venv/bin/python manage.py collectstatic --noinput -v 0
exec .venv/bin/python -W ignore benchmarks/run.py "$@"
