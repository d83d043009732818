"""manage.py import_hsds FILE_OR_FOLDER...: load Open Referral HSDS 3.0 data, all or nothing."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cancerhelp.directory.hsds.importer import ImportRefused, import_files
from cancerhelp.directory.hsds.messages import count_lines, refused_lines

KINDS = ["service", "organization", "service_at_location", "taxonomy_term"]


class Command(BaseCommand):
    help = (
        "Import HSDS 3.0 JSON files (a list or a page of service, organization, "
        "service_at_location or taxonomy_term objects) and CSV data packages (folders). "
        "Everything is checked first; nothing is written unless all of it is valid."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="JSON files and/or CSV data package folders")
        parser.add_argument("--kind", choices=KINDS, help="Object kind of every JSON item (default: detect)")
        parser.add_argument("--dry-run", action="store_true", help="Check and count, then write nothing")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar")

    def handle(self, *args, **options):
        json_files, folders = [], []
        for raw in options["paths"]:
            path = Path(raw)
            if path.is_dir():
                folders.append(path)
            elif path.is_file():
                json_files.append(path)
            else:
                raise CommandError(f"{path}: no such file or folder")
        progress = not options["no_progress"] and sys.stderr.isatty()
        try:
            counts, warnings = import_files(
                json_files, folders, kind=options["kind"], progress=progress, dry_run=options["dry_run"]
            )
        except ImportRefused as refused:
            raise CommandError("\n".join(refused_lines(refused.errors)).replace("\n", "\n  ")) from None
        for warning in warnings:
            self.stderr.write(self.style.WARNING(f"warning: {warning}"))
        for line in count_lines(counts, dry_run=options["dry_run"]):
            self.stdout.write(line)
