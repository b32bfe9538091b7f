#!/usr/bin/env bash
# Every figure of the README's benchmark table from one run (benchmarks/run.py): the public
# pages as rendered, from the page cache and through nginx, each next to its reference from
# ../shared/bench/reference; p99 at two scales; a worker's memory; the mixed load with writes.
#
#   benchmarks/run.sh [--db URL] [--small-db URL] [--mixed-db URL] [--skip-generate]
#                     [--duration 3s] [--repeat 3] [--reference-dir DIR] [run.py's options]
#
# Three PostgreSQL databases (the defaults below; create them once):
#   createdb -h 127.0.0.1 -U postgres sochibo_bench_province   # sample + generate.py --scale 1
#   createdb -h 127.0.0.1 -U postgres sochibo_bench_small      # sample + generate.py --scale 0.01
#   createdb -h 127.0.0.1 -U postgres sochibo_bench_mixed      # sample + generate.py --scale 0.025
# Each is migrated, given the sample and generated on the first run (about 2 min for the
# province; a database generated already is left as it is); --skip-generate only migrates.
# Redis databases 3 (province, mixed load) and 4 (small scale) of REDIS_BASE, own key prefixes.
set -euo pipefail
cd "$(dirname "$0")/.."
PG=postgres://postgres@127.0.0.1:5432
db=$PG/sochibo_bench_province
small_db=$PG/sochibo_bench_small
mixed_db=$PG/sochibo_bench_mixed
generate=1
passed=()
while (($#)); do
  case "$1" in
    --db) db=$2; shift 2 ;;
    --small-db) small_db=$2; shift 2 ;;
    --mixed-db) mixed_db=$2; shift 2 ;;
    --skip-generate) generate=0; shift ;;
    *) passed+=("$1"); shift ;;
  esac
done
for tool in wrk nginx; do
  command -v $tool >/dev/null || [ -x /usr/sbin/$tool ] || {
    echo "$tool is missing: apt-get install -y wrk nginx-light"; exit 1; }
done
export DJANGO_SETTINGS_MODULE=benchmarks.settings
export DJANGO_STATIC_ROOT="${DJANGO_STATIC_ROOT:-/tmp/sochibo-bench-static}"
export DJANGO_MEDIA_ROOT="${DJANGO_MEDIA_ROOT:-/tmp/sochibo-bench-media}"
REDIS_BASE="${REDIS_BASE:-redis://127.0.0.1:6379}"

prepare() {  # database URL, scale, Redis database, key prefix
  local url=$1 scale=$2
  if ! psql "$url" -qAtc "select 1" >/dev/null 2>&1; then
    echo "Cannot reach $url. Create it: createdb -h 127.0.0.1 -U postgres ${url##*/}"
    exit 1
  fi
  (
    export DATABASE_URL=$url REDIS_URL=$REDIS_BASE/$3 DJANGO_CACHE_PREFIX=$4
    .venv/bin/python manage.py migrate --noinput -v 0
    if ((generate)); then
      echo "# ${url##*/}: the sample and generate.py --scale $scale" >&2
      .venv/bin/python manage.py load_sample >/dev/null
      .venv/bin/python benchmarks/generate.py --scale "$scale" >&2
    fi
  )
}
prepare "$small_db" 0.01 4 bench-small
prepare "$mixed_db" 0.025 3 bench-mixed
prepare "$db" 1 3 bench-province
.venv/bin/python manage.py collectstatic --noinput -v 0
exec .venv/bin/python -W ignore benchmarks/run.py --db "$db" --small-db "$small_db" \
  --mixed-db "$mixed_db" --redis-url "$REDIS_BASE" "${passed[@]}"
