"""manage.py export_hsds OUT: the directory as Open Referral HSDS 3.0 (JSON or CSV package)."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cancerhelp.directory.hsds import exporter


class Command(BaseCommand):
    help = (
        "Export the directory (default-language services) as HSDS 3.0: a JSON list of "
        "service_full objects (or organization_full with --shape organizations), or with "
        "--format csv the tabular data package (a folder of CSV files + datapackage.json)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "output", help="JSON file ('-' for standard output) or, with --format csv, a folder"
        )
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--shape", choices=["services", "organizations"], default="services")

    def handle(self, *args, **options):
        output = options["output"]
        if options["format"] == "csv":
            if output == "-":
                raise CommandError("--format csv writes a folder: give its path")
            folder = Path(output)
            if folder.exists() and not folder.is_dir():
                raise CommandError(f"{folder}: exists and is not a folder")
            counts = exporter.write_tables(folder)
            self.stdout.write(
                f"Wrote {folder}/ ("
                + ", ".join(f"{name} {count}" for name, count in counts.items() if count)
                + ")"
            )
            return
        if options["shape"] == "organizations":
            objects = exporter.organization_objects()
        else:
            objects = exporter.service_objects()
        text = json.dumps(objects, indent=2, ensure_ascii=False) + "\n"
        if output == "-":
            sys.stdout.write(text)
            return
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{output}: cannot write ({error.strerror})") from None
        self.stdout.write(f"Wrote {len(objects)} {options['shape']} to {output}")
