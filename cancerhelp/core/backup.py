"""Backups: the database and uploaded media in one dated archive (`make backup`/`make restore`).

An archive `cancerhelp-YYYYMMDD-HHMMSS.tar.gz` holds:
- `database.sqlite3` (SQLite's online backup API: consistent while the site runs) or
  `database.pgdump` (pg_dump's custom format, for pg_restore);
- `media/`, the uploaded images and documents;
- `manifest.json`: when, which engine, how many rows per table, and where the secret key is.

The secret key is NOT in the archive (whoever holds a backup should not be able to forge
sessions): it lives in var/secret_key for `make run`, or in the SECRET_KEY environment
variable in production. Keep it with the backups, separately.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

SECRET_NOTE = (
    "Not in this archive. `make run` keeps it in var/secret_key; production reads the SECRET_KEY "
    "environment variable. Restore it too, or every session and password-reset link is invalidated."
)


def _pg_env(settings_dict):
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env


def _pg_args(settings_dict):
    args = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if settings_dict.get(key):
            args += [flag, str(settings_dict[key])]
    return args


def table_counts():
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in sorted(tables):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def create_backup(directory):
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    archive = directory / f"cancerhelp-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            dump = work / "database.sqlite3"
            target = sqlite3.connect(dump)
            connection.connection.backup(target)
            target.close()
        elif connection.vendor == "postgresql":
            dump = work / "database.pgdump"
            settings_dict = connection.settings_dict
            subprocess.run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-acl",
                    *_pg_args(settings_dict),
                    "-f",
                    str(dump),
                    settings_dict["NAME"],
                ],
                check=True,
                env=_pg_env(settings_dict),
            )
        else:
            raise RuntimeError(f"No backup method for {connection.vendor}")
        manifest = {
            "created": datetime.now().astimezone().isoformat(),
            "engine": connection.vendor,
            "database": dump.name,
            "rows": table_counts(),
            "secret_key": SECRET_NOTE,
        }
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(work / "manifest.json", "manifest.json")
            tar.add(dump, dump.name)
            media = Path(settings.MEDIA_ROOT)
            if media.exists():
                tar.add(media, "media")
    return archive


def restore_backup(archive):
    """Restore into the configured (empty or existing) database and MEDIA_ROOT."""
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work, filter="data")
        manifest = json.loads((work / "manifest.json").read_text(encoding="utf-8"))
        if manifest["engine"] != connection.vendor:
            raise RuntimeError(
                f"The archive holds a {manifest['engine']} database; this site uses {connection.vendor}."
            )
        dump = work / manifest["database"]
        if connection.vendor == "sqlite":
            connection.close()
            source = sqlite3.connect(dump)
            target = sqlite3.connect(connection.settings_dict["NAME"])
            source.backup(target)
            source.close()
            target.close()
        else:
            settings_dict = connection.settings_dict
            connection.close()
            subprocess.run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-acl",
                    "--single-transaction",
                    *_pg_args(settings_dict),
                    "-d",
                    settings_dict["NAME"],
                    str(dump),
                ],
                check=True,
                env=_pg_env(settings_dict),
            )
        media = work / "media"
        if media.exists():
            shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    return manifest
