"""Backup and restore of a deployment: the database and the media files, with a manifest.

A backup is a folder `backups/<YYYYmmdd-HHMMSS>/` holding `database.dump` (`pg_dump -Fc`) or
`database.sqlite3` (SQLite's online backup API, consistent while the site runs),
`media.tar.gz` and `manifest.json` (engine, date and the row count of every table). Restoring
checks the row counts against the manifest.
"""

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.core.files.storage import FileSystemStorage, storages
from django.db import connection, transaction

from ..page_invalidation import invalidate_everything

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    pass


def row_counts() -> dict[str, int]:
    """Rows in every table of the database (Django's and the app's)."""
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _pg_args_and_env() -> tuple[list[str], dict]:
    db = connection.settings_dict
    args = []
    if db.get("HOST"):
        args += ["-h", db["HOST"]]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", db["USER"]]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args + ["-d", db["NAME"]], env


def _run(command: list[str], env=None):
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client)") from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} failed: {error.stderr.strip()}") from error


def _media_on_disk() -> Path | None:
    storage = storages["default"]
    return Path(storage.location) if isinstance(storage, FileSystemStorage) else None


def backup_create(*, root: Path, now: datetime.datetime | None = None) -> Path:
    """Write a backup folder under `root`, named for `now` (default: the current time)."""
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"Backups of {vendor} databases are not supported.")
    stamp = (now or datetime.datetime.now()).strftime("%Y%m%d-%H%M%S")
    folder = Path(root) / stamp
    suffix = 1
    while folder.exists():
        folder = Path(root) / f"{stamp}-{suffix}"
        suffix += 1
    folder.mkdir(parents=True)

    database_file = folder / DATABASE_FILES[vendor]
    if vendor == "postgresql":
        # Count the rows in the very snapshot pg_dump copies, so the manifest matches the
        # dump even while the site keeps writing.
        args, env = _pg_args_and_env()
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
            counts = row_counts()
            _run(
                [
                    "pg_dump",
                    "-Fc",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    "-f",
                    str(database_file),
                    *args,
                ],
                env,
            )
    else:
        connection.ensure_connection()
        target = sqlite3.connect(database_file)
        with target:
            connection.connection.backup(target)
        # Counted in the copy itself: the same rows, whatever the site wrote meanwhile.
        tables = [
            row[0]
            for row in target.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        counts = {
            table: target.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            for table in sorted(tables)
        }
        target.close()

    media_root = _media_on_disk()
    media = None
    if media_root is not None:
        media = MEDIA_ARCHIVE
        with tarfile.open(folder / MEDIA_ARCHIVE, "w:gz") as archive:
            if media_root.exists():
                archive.add(media_root, arcname="media")

    manifest = {
        "created": datetime.datetime.now(datetime.UTC).isoformat(),
        "engine": vendor,
        "database": database_file.name,
        "media": media,
        "media_note": None if media else "Media are in object storage: back up the bucket.",
        "row_counts": counts,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return folder


def backups_prune(*, root: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` newest backups under `root`; returns what was deleted."""
    backups = sorted(p for p in Path(root).iterdir() if (p / MANIFEST).exists())
    doomed = backups[:-keep] if keep else []
    for folder in doomed:
        shutil.rmtree(folder)
    return doomed


def backup_restore(*, folder: Path, force: bool = False) -> dict:
    """Restore the backup in `folder` (into an empty deployment unless `force`); returns its
    manifest once the row counts are checked."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except FileNotFoundError as error:
        raise BackupError(f"{folder} is not a backup: {MANIFEST} is missing.") from error
    vendor = connection.vendor
    if manifest["engine"] != vendor:
        raise BackupError(
            f"This backup is of a {manifest['engine']} database; DATABASE_URL points at {vendor}."
        )
    if connection.introspection.table_names() and not force:
        raise BackupError(
            "The database is not empty. Restore into a new, empty database, "
            "or pass --force to replace its contents."
        )
    media_root = _media_on_disk()
    if manifest["media"] and media_root and media_root.exists() and any(media_root.iterdir()):
        if not force:
            raise BackupError(f"The media folder {media_root} is not empty.")

    database_file = folder / manifest["database"]
    if vendor == "postgresql":
        args, env = _pg_args_and_env()
        connection.close()
        clean = ["--clean", "--if-exists"] if force else []
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                *clean,
                *args,
                str(database_file),
            ],
            env,
        )
    else:
        connection.ensure_connection()
        source = sqlite3.connect(database_file)
        source.backup(connection.connection)
        source.close()
        connection.close()

    if manifest["media"] and media_root is not None:
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(folder / manifest["media"], "r:gz") as archive:
            for member in archive.getmembers():
                if member.name == "media":
                    continue
                member.name = member.name.removeprefix("media/")
                archive.extract(member, media_root, filter="data")

    restored = row_counts()
    differences = {
        table: (count, restored.get(table))
        for table, count in manifest["row_counts"].items()
        if restored.get(table) != count
    }
    if differences:
        raise BackupError(f"Row counts differ after the restore (expected, found): {differences}")
    invalidate_everything()
    return manifest
