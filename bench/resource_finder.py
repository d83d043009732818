"""Navigator (and HSDS API) latency and queries per request with a large directory.

Creates a throwaway database, loads the site's initial content plus N services (10,000 by
default) with a location each, spread over real ZIP code coordinates (the `zipcodes`
package), then requests resource finder URLs through Django's test Client and prints p50/p95
latency, the number of results and the number of database queries per request.

    .venv/bin/python bench/resource_finder.py                       # SQLite file in a temp dir
    .venv/bin/python bench/resource_finder.py --database-url postgres://postgres@127.0.0.1:5432/cancerhelp_bench

A PostgreSQL database named in --database-url is dropped and re-created: never point it at
a database you care about. Not run by `make test`.
"""

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

WORDS = [
    *("support", "group", "counseling", "travel", "costs", "lodging", "meals", "nutrition"),
    *("exercise", "yoga", "art", "music", "caregiver", "family", "children", "legal", "insurance"),
    *("copay", "medicine", "transport", "rides", "wigs", "housing", "peer", "mentor", "helpline"),
    *("chat", "video", "class", "workshop", "massage", "spiritual", "grief", "survivorship"),
]


def prepare_database(url):
    """Point Django at a fresh database: a temp SQLite file, or a re-created PostgreSQL one."""
    if url is None:
        directory = tempfile.mkdtemp(prefix="cancerhelp-bench-")
        url = f"sqlite:///{directory}/bench.sqlite3"
    elif url.startswith("postgres"):
        import psycopg

        base, name = url.rsplit("/", 1)
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name) or not name.endswith("bench"):
            sys.exit("Refusing: the PostgreSQL database name must end in 'bench' (it is dropped).")
        with psycopg.connect(base + "/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "cancerhelp.settings.test"
    return url


def load_services(count, seed=42):
    """Bulk-create `count` services, each with one location at a real ZIP code's position."""
    import zipcodes
    from django.db import connection
    from wagtail.models import Locale

    from cancerhelp.directory.models import (
        Location,
        Organization,
        Service,
        ServiceAtLocation,
        ServiceLanguage,
        TaxonomyTerm,
    )
    from cancerhelp.directory.vocabulary import CANCER_TYPE_TAXONOMY, KIND_OF_HELP_TAXONOMY

    rng = random.Random(seed)
    places = [z for z in zipcodes.list_all() if z["lat"] and z["long"] and z["active"]]
    english = Locale.get_default()
    kinds = list(TaxonomyTerm.objects.filter(taxonomy=KIND_OF_HELP_TAXONOMY))
    cancers = list(TaxonomyTerm.objects.filter(taxonomy=CANCER_TYPE_TAXONOMY).exclude(code="any"))
    organizations = Organization.objects.bulk_create(
        [
            Organization(name=f"Bench {rng.choice(WORDS).title()} Foundation {n}")
            for n in range(max(1, count // 20))
        ]
    )
    services, locations = [], []
    for n in range(count):
        place = rng.choice(places)
        words = rng.sample(WORDS, 3)
        services.append(
            Service(
                locale=english,
                organization=rng.choice(organizations),
                title=f"{' '.join(words).capitalize()} {n}",
                url=f"https://bench.example.org/{n}/",
                description=f"Bench resource about {' and '.join(rng.sample(WORDS, 2))} in {place['city']}.",
                online=rng.random() < 0.4,
                by_phone=rng.random() < 0.4,
                in_person=rng.random() < 0.7,
                is_free=rng.random() < 0.5,
            )
        )
        locations.append(
            Location(
                name=f"Bench site {n}",
                address_1=f"{n} Main Street",
                city=place["city"],
                state_province=place["state"],
                postal_code=place["zip_code"],
                latitude=place["lat"],
                longitude=place["long"],
            )
        )
    services = Service.objects.bulk_create(services, batch_size=1000)
    locations = Location.objects.bulk_create(locations, batch_size=1000)
    ServiceAtLocation.objects.bulk_create(
        [ServiceAtLocation(service=s, location=loc) for s, loc in zip(services, locations, strict=True)],
        batch_size=1000,
    )
    languages, kind_links, cancer_links = [], [], []
    for service in services:
        codes = ["en"] + (["es"] if rng.random() < 0.3 else []) + (["zh"] if rng.random() < 0.05 else [])
        languages += [ServiceLanguage(service=service, code=code) for code in codes]
        kind_links += [
            Service.kinds.through(service_id=service.pk, taxonomyterm_id=term.pk)
            for term in rng.sample(kinds, rng.choice([1, 1, 2]))
        ]
        if rng.random() < 0.6:
            cancer_links.append(
                Service.cancer_types.through(service_id=service.pk, taxonomyterm_id=rng.choice(cancers).pk)
            )
    ServiceLanguage.objects.bulk_create(languages, batch_size=1000)
    Service.kinds.through.objects.bulk_create(kind_links, batch_size=1000)
    Service.cancer_types.through.objects.bulk_create(cancer_links, batch_size=1000)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Fresh planner statistics and the trigram (GIN) indexes' pending entries merged,
            # as autovacuum would give a live site; before that the keyword search reads the
            # whole pending list (about 2x slower at 10,000 services).
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")


def scenarios(rare_word):
    yield "all resources (no filter)", "/resources/"
    yield "all resources, page 40", "/resources/?page=40"
    yield "kind: peer support", "/resources/?kind=peer-support"
    yield (
        "5 filters combined",
        "/resources/?kind=financial-help&language=es&format=online&free=on&cancer_type=breast",
    )
    yield "keyword: support group", "/resources/?q=support+group"
    yield "keyword: one title (small)", f"/resources/?q={rare_word}"
    yield "ZIP 10001 within 25 mi", "/resources/?near=10001&radius=25"
    yield "ZIP 10001 within 100 mi", "/resources/?near=10001&radius=100"
    yield "ZIP 59001 within 10 mi (small)", "/resources/?near=59001&radius=10"
    yield "ZIP 60601 + kind + free", "/resources/?near=60601&radius=50&kind=emotional-support&free=on"
    yield "centers page + ZIP 94110", "/community-cancer-resource-centers/?near=94110&radius=50"
    yield "unknown ZIP 00000", "/resources/?near=00000"
    yield "city: Houston, TX within 25 mi", "/resources/?near=Houston%2C+TX&radius=25"
    yield "state: Texas", "/resources/?near=Texas"
    yield "Spanish finder", "/es/recursos/?kind=peer-support"
    yield "HSDS API /services", "/api/hsds/services"
    yield "HSDS API /services?search=", "/api/hsds/services?search=support&per_page=50"
    yield "HSDS API /services/{id}", "/api/hsds/services/{service_id}"


def measure(client, path, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = client.get(path)  # warm up caches (site root, content types, templates)
    if first.status_code == 404:
        return None
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    query_count = len(queries)  # read now: the next request clears the log
    timings = []
    for _number in range(repeat):
        start = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    text = response.content.decode("utf-8", "replace")
    match = re.search(r'id="results-heading"[^>]*>\s*([\d,]+)', text)
    match = match or re.search(r'"total_items":\s*(\d+)', text)
    return {
        "status": response.status_code,
        "results": match.group(1) if match else "-",
        "queries": query_count,
        "p50": statistics.median(timings),
        "p95": timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))],
    }


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", help="PostgreSQL URL (database name must end in 'bench')")
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per URL")
    parser.add_argument(
        "--only", default="", help="comma-separated parts of request names to run, e.g. 'keyword,search='"
    )
    args = parser.parse_args()

    url = prepare_database(args.database_url)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_initial_content", verbosity=0, stdout=quiet, stderr=quiet)
    load_services(args.services)
    from cancerhelp.directory.models import Service

    sample = Service.objects.filter(title__endswith=" 4242").first() or Service.objects.first()
    rare_word = sample.title.split()[-1] if sample else "nothing"
    total = Service.objects.count()
    vendor = django.db.connection.vendor
    loaded = time.perf_counter() - started
    print(f"Database: {vendor} ({url.split('@')[-1]}); {total:,} services; loaded in {loaded:.1f} s")
    print(f"Each URL: 1 warm-up, 1 counted for queries, {args.repeat} timed requests (Django test Client).\n")
    client = Client(HTTP_HOST="localhost")
    header = f"{'request':34} {'status':>6} {'results':>8} {'queries':>8} {'p50 ms':>8} {'p95 ms':>8}"
    print(header)
    print("-" * len(header))
    wanted = [part.strip() for part in args.only.split(",") if part.strip()]
    for name, path in scenarios(rare_word):
        if wanted and not any(part in name for part in wanted):
            continue
        path = path.replace("{service_id}", str(sample.hsds_id) if sample else "")
        row = measure(client, path, args.repeat)
        if row is None:
            print(f"{name:34} {'(URL not present)':>42}")
            continue
        print(
            f"{name:34} {row['status']:>6} {row['results']:>8} {row['queries']:>8} "
            f"{row['p50']:>8.1f} {row['p95']:>8.1f}"
        )


if __name__ == "__main__":
    main()
