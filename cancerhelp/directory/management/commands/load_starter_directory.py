"""manage.py load_starter_directory: load the shipped starter directory (idempotent, unverified)."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from cancerhelp.directory import starter
from cancerhelp.directory.hsds.importer import ImportRefused


class Command(BaseCommand):
    help = (
        "Load directory/data/starter-directory.json through the HSDS import, all or nothing. "
        "Records an editor changed since they were loaded are left alone; new ones arrive unverified."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            counts, skipped, made = starter.load(progress=sys.stderr.isatty() and options["verbosity"] > 1)
        except ImportRefused as refused:
            raise CommandError(
                "Starter directory refused, nothing was changed:\n  " + "\n  ".join(refused.errors[:50])
            ) from None
        services = counts["services"]
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"Starter directory: {services['created']} created, {services['updated']} updated, "
                f"{services['unchanged']} unchanged, {len(skipped)} left alone (changed by an editor), "
                f"{made} Spanish translations made ({time.monotonic() - started:.1f} s)."
            )
