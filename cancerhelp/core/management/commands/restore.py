"""`make restore ARCHIVE=...`: put a backup's database and media back (core/backup.py).

Stop the site first. The configured database is replaced by the archive's.
"""

import time

from django.core.management.base import BaseCommand

from cancerhelp.core.backup import SECRET_NOTE, restore_backup


class Command(BaseCommand):
    help = "Restore the database and uploaded media from a backup archive (replaces the current data)."

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, archive, **options):
        started = time.monotonic()
        manifest = restore_backup(archive)
        self.stdout.write(
            f"Restored the {manifest['engine']} backup of {manifest['created']} "
            f"in {time.monotonic() - started:.1f} s."
        )
        self.stdout.write(f"Secret key: {SECRET_NOTE}")
