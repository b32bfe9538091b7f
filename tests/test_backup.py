"""`make backup` / `make restore`: a backup restored into an empty deployment has the same content.

The commands run in subprocesses against their own databases, as an operator would run them:
SQLite always; PostgreSQL too when the suite runs on PostgreSQL (DATABASE_URL).
"""

import hashlib
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, database_url, media_root, check=True):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL=database_url,
        DJANGO_MEDIA_ROOT=str(media_root),
    )
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def content(database_url, media_root):
    dump = manage(
        "dumpdata",
        "branchapp",
        "auth.group",
        "--natural-foreign",
        "--indent",
        "0",
        database_url=database_url,
        media_root=media_root,
    ).stdout
    files = {
        str(path.relative_to(media_root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(Path(media_root).rglob("*"))
        if path.is_file()
    }
    return json.loads(dump), files


def backup_and_restore(tmp_path, source_url, target_url):
    source_media, target_media = tmp_path / "media-source", tmp_path / "media-target"
    manage("migrate", "-v", "0", database_url=source_url, media_root=source_media)
    manage("load_sample", database_url=source_url, media_root=source_media)

    out = manage(
        "backup",
        "--root",
        str(tmp_path / "backups"),
        database_url=source_url,
        media_root=source_media,
    ).stdout
    [folder] = list((tmp_path / "backups").iterdir())
    assert f"Backup written to {folder}" in out
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["row_counts"]["branchapp_report"] == 1
    assert (folder / "media.tar.gz").stat().st_size > 0

    restored = manage("restore", str(folder), database_url=target_url, media_root=target_media)
    assert "counts checked" in restored.stdout

    rows, files = content(source_url, source_media)
    assert any(row["model"] == "branchapp.report" for row in rows)
    assert any(name.startswith("private/photos/") for name in files)
    assert content(target_url, target_media) == (rows, files)

    # A second restore into the now filled deployment is refused, and changes nothing.
    again = manage(
        "restore", str(folder), database_url=target_url, media_root=target_media, check=False
    )
    assert again.returncode != 0
    assert "The database is not empty" in again.stderr


def test_sqlite_backup_restores_into_an_empty_deployment(tmp_path):
    backup_and_restore(
        tmp_path,
        f"sqlite:///{tmp_path / 'source.sqlite3'}",
        f"sqlite:///{tmp_path / 'target.sqlite3'}",
    )


@pytest.fixture
def postgres_databases():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("The suite runs on SQLite; set DATABASE_URL to PostgreSQL to test pg_dump")
    import psycopg2

    db = settings.DATABASES["default"]
    names = [f"sochibo_backup_{kind}_{uuid.uuid4().hex[:8]}" for kind in ("source", "target")]
    params = {
        "host": db["HOST"] or None,
        "port": db["PORT"] or None,
        "user": db["USER"] or None,
        "password": db["PASSWORD"] or None,
        "dbname": "postgres",
    }
    admin = psycopg2.connect(**params)
    admin.autocommit = True
    with admin.cursor() as cursor:
        for name in names:
            cursor.execute(f'CREATE DATABASE "{name}"')
    credentials = f"{db['USER']}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{db['USER']}@"
    address = f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
    yield [f"postgres://{credentials}{address}/{name}" for name in names]
    with admin.cursor() as cursor:
        for name in names:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def test_postgresql_backup_restores_into_an_empty_database(tmp_path, postgres_databases):
    source_url, target_url = postgres_databases
    backup_and_restore(tmp_path, source_url, target_url)
