"""Check every outgoing address (directory entries and links in page bodies) and keep the results.

Run it on a schedule (docs/link-checking.md). Results are written in one transaction at
the end of a run, so an interrupted run leaves the previous results intact.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from cancerhelp.quality.linkcheck import CheckerConfig, check_urls, validate_url
from cancerhelp.quality.models import LinkTarget, Outcome, flag_after
from cancerhelp.quality.usages import find_usages


def positive_int(value):
    number = int(value)
    if number < 1:
        raise ValueError("must be at least 1")
    return number


def positive_float(value):
    number = float(value)
    if number <= 0:
        raise ValueError("must be more than 0")
    return number


class Command(BaseCommand):
    help = "Check outgoing links politely and record each result with its history."

    def add_arguments(self, parser):
        parser.add_argument(
            "--url",
            action="append",
            dest="urls",
            metavar="ADDRESS",
            help="Check just this address (repeat for several). Default: every address in use.",
        )
        parser.add_argument(
            "--only-broken", action="store_true", help="Re-check only the addresses broken last time."
        )
        parser.add_argument("--concurrency", type=positive_int, default=20, help="Requests in flight (20).")
        parser.add_argument(
            "--per-host", type=positive_int, default=2, help="Requests in flight per host (2)."
        )
        parser.add_argument(
            "--delay", type=float, default=0.5, help="Seconds between two requests to one host (0.5)."
        )
        parser.add_argument("--timeout", type=positive_float, default=15.0, help="Seconds per request (15).")
        parser.add_argument(
            "--retries", type=int, default=2, help="Extra tries after a timeout or server error (2)."
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar (for cron).")

    def handle(self, *args, urls=None, only_broken=False, **options):
        if options["delay"] < 0 or options["retries"] < 0:
            raise CommandError("--delay and --retries cannot be negative.")
        full_run = not urls and not only_broken
        if urls:
            problems = [f"{url}: {validate_url(url)}" for url in urls if validate_url(url)]
            if problems:
                raise CommandError("Not a web address: " + "; ".join(problems))
            targets = list(dict.fromkeys(urls))
        elif only_broken:
            targets = list(
                LinkTarget.objects.filter(outcome=Outcome.BROKEN, in_use=True).values_list("url", flat=True)
            )
        else:
            targets = find_usages().urls()
        if not targets:
            self.stdout.write("No addresses to check.")
            return
        config = CheckerConfig(
            concurrency=options["concurrency"],
            per_host=options["per_host"],
            delay=options["delay"],
            timeout=options["timeout"],
            retries=options["retries"],
            contact=getattr(settings, "LINKCHECK_CONTACT_URL", "") or settings.WAGTAILADMIN_BASE_URL,
        )
        progress = tqdm(
            total=len(targets),
            unit="link",
            desc="Checking links",
            disable=options["no_progress"],
            file=self.stderr._out,
        )
        try:
            results = check_urls(targets, config, on_result=lambda _result: progress.update())
        finally:
            progress.close()
        in_use = None if full_run else set(find_usages(targets).urls())
        self.store(results, in_use)
        self.report(results, options["verbosity"])

    @transaction.atomic
    def store(self, results, in_use):
        """Record every result; `in_use` is None on a full run (all checked addresses are in use)."""
        now = timezone.now()
        if in_use is None:
            LinkTarget.objects.update(in_use=False)
        existing = LinkTarget.objects.in_bulk([r.url for r in results], field_name="url")
        for result in results:
            target = existing.get(result.url) or LinkTarget(url=result.url)
            target.in_use = True if in_use is None else result.url in in_use
            target.record(result, when=now)

    def report(self, results, verbosity):
        counts = dict.fromkeys((Outcome.OK, Outcome.REDIRECTED, Outcome.BROKEN), 0)
        for result in results:
            counts[result.outcome] += 1
        flagged = LinkTarget.objects.filter(flagged_since__isnull=False, in_use=True).count()
        self.stdout.write(
            f"Checked {len(results)} addresses: {counts[Outcome.OK]} ok, "
            f"{counts[Outcome.REDIRECTED]} redirected, {counts[Outcome.BROKEN]} broken; "
            f"{flagged} flagged (broken {flag_after()} checks in a row)."
        )
        if verbosity >= 2:
            for result in results:
                if result.outcome != Outcome.OK:
                    detail = result.error or f"-> {result.final_url}"
                    self.stdout.write(f"  {result.outcome:10} {result.url}  {detail}")
