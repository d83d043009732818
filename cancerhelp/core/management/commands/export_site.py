"""manage.py export_site OUT --base-url URL: the public site as static files (core/export.py)."""

from django.core.management.base import BaseCommand

from cancerhelp.core.export import export_site


class Command(BaseCommand):
    help = "Write the public site (both languages, sitemap, robots.txt, HSDS data) into a folder."

    def add_arguments(self, parser):
        parser.add_argument("output", help="folder to write (created if missing)")
        parser.add_argument(
            "--base-url",
            default="https://cancerhelp.example.org",
            help="the address the export will be served from (sitemap, robots.txt, hreflang)",
        )

    def handle(self, *args, **options):
        count = export_site(options["output"], options["base_url"], stdout=self.stdout)
        self.stdout.write(f"Wrote {count} files to {options['output']}/")
