"""manage.py export_directory_csv OUT.csv: the directory as a spreadsheet-friendly CSV."""

import sys

from django.core.management.base import BaseCommand, CommandError

from cancerhelp.directory.spreadsheet import write_directory_csv


class Command(BaseCommand):
    help = "Write the directory (title, organization, kinds, languages, cost, last verified…) as CSV."

    def add_arguments(self, parser):
        parser.add_argument("output", help="CSV file to write ('-' for standard output)")

    def handle(self, *args, **options):
        if options["output"] == "-":
            count = write_directory_csv(sys.stdout)
        else:
            try:
                with open(options["output"], "w", newline="", encoding="utf-8-sig") as handle:
                    count = write_directory_csv(handle)
            except OSError as error:
                raise CommandError(f"{options['output']}: cannot write ({error.strerror})") from None
        if options["output"] != "-":
            self.stdout.write(f"Wrote {count} resources to {options['output']}")
