"""`make backup`: database + media into var/backups/cancerhelp-<date>.tar.gz (core/backup.py)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand

from cancerhelp.core.backup import SECRET_NOTE, create_backup


class Command(BaseCommand):
    help = "Back up the database and uploaded media into a dated archive."

    def add_arguments(self, parser):
        parser.add_argument("--output-dir", default=str(settings.VAR_DIR / "backups"))

    def handle(self, output_dir, **options):
        started = time.monotonic()
        archive = create_backup(output_dir)
        size = archive.stat().st_size
        self.stdout.write(f"{archive} ({size / 1024:.0f} KB in {time.monotonic() - started:.1f} s)")
        self.stdout.write(f"Secret key: {SECRET_NOTE}")
