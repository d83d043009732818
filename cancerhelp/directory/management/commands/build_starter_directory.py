"""manage.py build_starter_directory: gathered records (data/sources/*.yaml) -> HSDS 3.0 data set."""

from django.core.management.base import BaseCommand, CommandError

from cancerhelp.directory import starter


class Command(BaseCommand):
    help = (
        "Build the shipped starter directory (directory/data/starter-directory.json and its "
        "Spanish descriptions) from the gathered records in directory/data/sources/*.yaml. "
        "The same records always give the same files."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail if the shipped files are out of date")

    def handle(self, *args, **options):
        try:
            services, spanish, report = starter.build()
        except starter.StarterDataError as error:
            raise CommandError(
                "The gathered records are not valid:\n  " + "\n  ".join(error.errors)
            ) from None
        if options["check"]:
            stale = [
                path.name
                for path, data in ((starter.DATASET, services), (starter.SPANISH_DATASET, spanish))
                if not path.is_file() or path.read_text(encoding="utf-8") != starter.dumps(data)
            ]
            if stale:
                raise CommandError(f"Out of date: {', '.join(stale)}. Run `make starter-directory`.")
            self.stdout.write("The starter directory is up to date.")
            return
        starter.write(services, spanish)
        self.write_report(report)

    def write_report(self, report):
        out = self.stdout.write
        in_person, national = report["in_person"], report["national"]
        out(
            f"Wrote {in_person + national} services: "
            f"{in_person} in-person places, {national} national services."
        )
        out(
            f"In-person places: {report['street_address']} with a street address, "
            f"{report['city_only']} city only."
        )
        out("By kind of help: " + ", ".join(f"{k} {n}" for k, n in sorted(report["by_kind"].items())))
        states = sorted(report["by_state"].items())
        out(f"By state ({len(states)}): " + ", ".join(f"{s} {n}" for s, n in states))
        missing = sorted(starter.STATES - set(report["by_state"]))
        out(f"States and DC without an in-person place ({len(missing)}): {', '.join(missing) or 'none'}")
        out("By source: " + ", ".join(f"{h} {n}" for h, n in report["by_source"].most_common()))
        for key, seed in report["superseded"]:
            out(f"Left out {key}: the page already lists it ({seed}).")
        for warning in report["warnings"]:
            out(self.style.WARNING(f"To fix in the sources: {warning}"))
        for key in report["no_coordinates"]:
            out(self.style.WARNING(f"No coordinates for {key}: the finder cannot place it by distance."))
