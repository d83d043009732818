"""The starter directory: real places and national services that ship with the project.

Helpers gathered the records by hand from public pages into `data/sources/*.yaml`
(format: data/sources/FORMAT.md). `build()` turns them, deterministically, into an Open
Referral HSDS 3.0 data set: `data/starter-directory.json` (a list of `service` objects with
their organization, phones, languages, schedules, places and kinds of help nested) and
`data/starter-directory.es.json` (the Spanish description of each service, loaded as its
Spanish translation). Nothing is added that the sources do not state: where a place's
street is unknown its address stays empty and its coordinates are the centre of its ZIP
code (or city), from the offline `zipcodes` package; editors see it as "address to confirm".

Each record's sources (page address, date read, facts taken) travel as HSDS `metadata`
entries of the service (`last_action_type: "source"`); the importer keeps them in the
record's `hsds_extra`, the admin shows them, the export gives them back.
"""

import datetime
import json
import re
import statistics
import types
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import yaml
import zipcodes
from django.utils import translation

from .hsds import mapping
from .models import TaxonomyTerm, stable_uuid
from .vocabulary import KIND_OF_HELP_TAXONOMY, KINDS_OF_HELP, SERVICE_LANGUAGE_NAMES, SOURCE_ACTION

DATA_DIR = Path(__file__).resolve().parent / "data"
SOURCES_DIR = DATA_DIR / "sources"
DATASET = DATA_DIR / "starter-directory.json"
SPANISH_DATASET = DATA_DIR / "starter-directory.es.json"

GROUPS = {"in_person", "national"}
COORDINATES_ACTION = "approximate coordinates"
UPDATED_BY = "Cancer Help starter directory"

STATES = {
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ",
    "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT",
    "VA", "WA", "WV", "WI", "WY", "DC",
}  # fmt: skip
TERRITORIES = {"PR"}
TOLL_FREE = {"800", "888", "877", "866", "855", "844", "833"}
KEY_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class StarterDataError(Exception):
    """The gathered records break the format; `errors` names each record and field."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


def stable_id(*parts):
    return str(stable_uuid("starter", *parts))


def us_phone(text):
    """A US phone number as `713-792-6161` (toll-free: `1-800-422-6237`); None if not one."""
    digits = re.sub(r"\D", "", str(text))
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10 or re.sub(r"[\d\s().+-]", "", str(text)):
        return None
    area, exchange, line = digits[:3], digits[3:6], digits[6:]
    if area[0] in "01" or exchange[0] in "01" or area[1:] == "11":
        return None
    number = f"{area}-{exchange}-{line}"
    return f"1-{number}" if area in TOLL_FREE else number


def normalised_url(url):
    """Compare addresses loosely: no scheme, no `www.`, no trailing slash, lower case."""
    parts = urlsplit(url.strip().lower())
    host = parts.netloc.removeprefix("www.")
    return host + parts.path.rstrip("/") + (f"?{parts.query}" if parts.query else "")


def host_of(url):
    return urlsplit(url.strip().lower()).netloc.removeprefix("www.")


def normalised_name(name):
    return re.sub(r"[^a-z0-9]+", " ", name.casefold()).removeprefix("the ").strip()


# --- reading the gathered records ----------------------------------------------------------


def read_sources(folder=SOURCES_DIR):
    """Every gathered record as (where, record), sorted by key; format errors raise."""
    errors, records, keys = [], [], {}
    for path in sorted(Path(folder).glob("*.yaml")):
        try:
            items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        except yaml.YAMLError as error:
            errors.append(f"{path.name}: not valid YAML: {error}")
            continue
        if not isinstance(items, list):
            errors.append(f"{path.name}: must be a list of records")
            continue
        for index, record in enumerate(items):
            where = f"{path.name}[{index}]"
            if not isinstance(record, dict):
                errors.append(f"{where}: must be a mapping")
                continue
            where = f"{where} ({record.get('key', '?')})"
            problems = record_errors(record)
            errors += [f"{where}: {problem}" for problem in problems]
            key = record.get("key")
            if key in keys:
                errors.append(f"{where}: key: also used at {keys[key]}")
            keys[key] = where
            if not problems:
                records.append((where, record))
    if errors:
        raise StarterDataError(errors)
    return sorted(records, key=lambda item: item[1]["key"])


REQUIRED = ("key", "group", "organization", "name", "kinds", "description_en", "description_es")


def record_errors(record):
    """What is wrong with one gathered record, field by field (empty: nothing)."""
    missing = [f"{field}: required" for field in REQUIRED if not record.get(field)]
    if missing:
        return missing
    return value_errors(record) + source_errors(record) + address_errors(record)


def is_web_address(value):
    return str(value or "").startswith(("https://", "http://"))


def value_errors(record):
    checks = [
        (not KEY_PATTERN.match(str(record["key"])), "key: lowercase letters, digits and hyphens only"),
        (record["group"] not in GROUPS, f"group: {record['group']!r} is not one of {sorted(GROUPS)}"),
        (
            any(kind not in KINDS_OF_HELP for kind in record["kinds"]),
            f"kinds: unknown kind(s) of help {[k for k in record['kinds'] if k not in KINDS_OF_HELP]}",
        ),
        (
            bool(record.get("phone")) and us_phone(record["phone"]) is None,
            f"phone: {record.get('phone')!r} is not a US phone number",
        ),
        (
            record.get("cost") not in (None, "free"),
            f"cost: only 'free' is allowed, not {record.get('cost')!r}",
        ),
    ]
    checks += [
        (
            bool(record.get(field)) and not is_web_address(record[field]),
            f"{field}: not a web address: {record[field]!r}",
        )
        for field in ("url", "organization_url")
        if field in record
    ]
    checks += [
        (code not in SERVICE_LANGUAGE_NAMES, f"languages: unknown language code {code!r}")
        for code in record.get("languages") or []
    ]
    return [message for failed, message in checks if failed]


def source_errors(record):
    sources = record.get("sources") or []
    problems = [] if sources else ["sources: at least one source is required"]
    for index, source in enumerate(sources):
        if not isinstance(source, dict) or not is_web_address(source.get("url")):
            problems.append(f"sources[{index}].url: required, a web address")
        elif not isinstance(source.get("read"), datetime.date):
            problems.append(f"sources[{index}].read: required, a date (YYYY-MM-DD)")
    return problems


def address_errors(record):
    address = record.get("address")
    if record["group"] != "in_person":
        return ["address: a national service has no address"] if address else []
    if not isinstance(address, dict) or not address.get("city") or not address.get("state"):
        return ["address: an in-person place needs at least its city and state"]
    if str(address["state"]) not in STATES | TERRITORIES:
        return [f"address.state: {address['state']!r} is not a US state, DC or PR"]
    if address.get("postal_code") and not re.fullmatch(r"\d{5}(-\d{4})?", str(address["postal_code"])):
        return [f"address.postal_code: {address['postal_code']!r} is not a ZIP code"]
    return []


DESCRIPTION_MAX = 400  # what the admin form lets editors save (Service.description)


def record_warnings(record):
    """What editors will have to fix, though the record can ship (a test fails on them)."""
    return [
        f"{field}: longer than {DESCRIPTION_MAX} characters ({len(str(record[field]))}); "
        "editors cannot save it unchanged"
        for field in ("description_en", "description_es")
        if len(" ".join(str(record[field]).split())) > DESCRIPTION_MAX
    ]


# --- coordinates ----------------------------------------------------------------------------


CITY_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}


def city_key(city):
    """ "St. Louis" and "Saint Louis" are the same city."""
    words = re.sub(r"[^a-z0-9 ]+", " ", city.casefold()).split()
    return " ".join(CITY_ABBREVIATIONS.get(word, word) for word in words)


def coordinates(address):
    """(latitude, longitude, how) from the ZIP code, else the city; (None, None, why) if unknown."""
    postal_code = str(address.get("postal_code") or "")[:5]
    if postal_code:
        found = [z for z in zipcodes.matching(postal_code) if z.get("lat")]
        if found:
            return float(found[0]["lat"]), float(found[0]["long"]), f"centre of ZIP code {postal_code}"
    city, state = str(address["city"]), str(address["state"])
    in_state = [z for z in zipcodes.filter_by(state=state) if z.get("lat") and z.get("active")]
    named = [z for z in in_state if city_key(z["city"]) == city_key(city)]
    how = f"centre of the city of {city}, {state}"
    if not named:  # a suburb the Postal Service files under a neighbour's name
        named = [
            z
            for z in in_state
            if city_key(city) in {city_key(n) for n in z["acceptable_cities"] + z["unacceptable_cities"]}
        ]
        how = f"centre of the ZIP codes that serve {city}, {state}"
    standard = [z for z in named if z.get("zip_code_type") == "STANDARD"] or named
    if standard:
        # The median of the ZIP centres: one far-off ZIP does not pull it away.
        latitude = round(statistics.median(float(z["lat"]) for z in standard), 4)
        longitude = round(statistics.median(float(z["long"]) for z in standard), 4)
        return latitude, longitude, how
    return None, None, f"no coordinates found for {city}, {state}"


# --- building the data set ----------------------------------------------------------------------


def seed_directory():
    """The page's own entries (loaded by load_initial_content): orgs and service URLs."""
    from django.conf import settings

    # The page's entries belong to the initial content (home); the setting names their file,
    # so the directory does not import the app above it.
    resources = yaml.safe_load(Path(settings.INITIAL_RESOURCES_FILE).read_text(encoding="utf-8"))
    orgs = {}
    for item in resources["organizations"]:
        org_id = str(stable_uuid("organization", item["key"]))
        orgs[normalised_name(item["name"])] = org_id
        if item.get("website"):
            orgs[host_of(item["website"])] = org_id
    urls = {normalised_url(item["url"]): item["key"] for item in resources["services"] if item.get("url")}
    return orgs, urls


def kind_term(code):
    """The kind-of-help term as load_initial_content creates it (same id), as HSDS."""
    label, description = KINDS_OF_HELP[code]
    with translation.override("en"):
        term = TaxonomyTerm(
            hsds_id=stable_uuid("taxonomy_term", KIND_OF_HELP_TAXONOMY, code),
            taxonomy=KIND_OF_HELP_TAXONOMY,
            code=code,
            name=str(label),
            description=str(description),
        )
    return mapping.term_to_hsds(term)


class Build:
    def __init__(self, records):
        self.records = records
        self.seed_orgs, self.seed_urls = seed_directory()
        self.organizations = {}
        self.services = []
        self.spanish = {}
        self.superseded = []
        self.report = {
            "records": len(records),
            "in_person": 0,
            "national": 0,
            "by_kind": Counter(),
            "by_state": Counter(),
            "by_source": Counter(),
            "street_address": 0,
            "city_only": 0,
            "no_coordinates": [],
            "warnings": [],
        }

    def organization(self, record):
        """One HSDS organization per name (or the page's own, when it is the same one)."""
        name = str(record["organization"]).strip()
        website = str(record.get("organization_url") or "")
        seed_id = self.seed_orgs.get(normalised_name(name)) or (
            website and self.seed_orgs.get(host_of(website))
        )
        identity = seed_id or normalised_name(name)
        if identity not in self.organizations:
            self.organizations[identity] = mapping.build(
                {"description": ""},
                {},
                {"id": seed_id or stable_id("organization", identity), "name": name, "website": website},
            )
        return self.organizations[identity]

    def run(self):
        for where, record in self.records:
            self.report["warnings"] += [f"{where}: {warning}" for warning in record_warnings(record)]
            superseded_by = self.seed_urls.get(normalised_url(record["url"])) if record.get("url") else None
            if superseded_by:
                self.superseded.append((record["key"], superseded_by))
                continue
            self.services.append(self.service(record))
        return self

    def service(self, record):
        key = record["key"]
        service_id = stable_id("service", key)
        in_person = record["group"] == "in_person"
        reads = [source["read"] for source in record["sources"]]
        obj = {
            "id": service_id,
            "name": str(record["name"]).strip(),
            "description": " ".join(str(record["description_en"]).split()),
            "status": "active",
            "last_modified": f"{max(reads).isoformat()}T00:00:00.000Z",
            "organization": self.organization(record),
        }
        if record.get("url"):
            obj["url"] = record["url"]
        if record.get("email"):
            obj["email"] = record["email"]
        if record.get("phone"):
            obj["phones"] = [{"id": stable_id("phone", key), "number": us_phone(record["phone"])}]
        if record.get("languages"):
            obj["languages"] = [
                {"id": stable_id("language", key, code), "code": code, **mapping.language_defaults(code)}
                for code in record["languages"]
            ]
        if record.get("hours"):
            obj["schedules"] = [{"id": stable_id("schedule", key), "description": str(record["hours"])}]
        if in_person:
            obj["service_at_locations"] = [
                {"id": stable_id("service_at_location", key), "location": self.location(record)}
            ]
        flags = {"in_person": in_person, "by_phone": bool(record.get("phone")) and not in_person}
        flags["online"] = not in_person and bool(record.get("url"))
        flags["is_free"] = record.get("cost") == "free"
        holder = types.SimpleNamespace(hsds_id=uuid.UUID(service_id))
        attributes = []
        for code in dict.fromkeys(record["kinds"]):
            term = kind_term(code)
            attributes.append(mapping.attribute(holder, term["id"], term))
        for flag in mapping.FLAG_TERMS:
            if flags[flag.field]:
                attributes.append(mapping.attribute(holder, flag.hsds_id, flag.as_hsds()))
        obj["attributes"] = attributes
        obj["metadata"] = [
            {
                "id": stable_id("metadata", key, str(index)),
                "resource_id": service_id,
                "resource_type": "service",
                "last_action_date": source["read"].isoformat(),
                "last_action_type": SOURCE_ACTION,
                "field_name": ", ".join(str(fact) for fact in source.get("facts") or []),
                "previous_value": "",
                "replacement_value": source["url"],
                "updated_by": UPDATED_BY,
            }
            for index, source in enumerate(record["sources"])
        ]
        self.spanish[service_id] = {"description": " ".join(str(record["description_es"]).split())}
        self.count(record)
        return obj

    def location(self, record):
        key = record["key"]
        address = record["address"]
        location_id = stable_id("location", key)
        latitude, longitude, how = coordinates(address)
        obj = {
            "id": location_id,
            "name": str(record["name"]).strip(),
            "location_type": "physical",
            "addresses": [
                {
                    "id": str(mapping.derived_id("address", location_id)),
                    "address_1": str(address.get("street") or "").strip(),
                    "city": str(address["city"]).strip(),
                    "state_province": str(address["state"]),
                    "postal_code": str(address.get("postal_code") or ""),
                    "country": "US",
                    "address_type": "physical",
                }
            ],
        }
        if latitude is not None:
            obj["latitude"], obj["longitude"] = latitude, longitude
        else:
            self.report["no_coordinates"].append(key)
        obj["metadata"] = [
            {
                "id": stable_id("metadata", key, "coordinates"),
                "resource_id": location_id,
                "resource_type": "location",
                "last_action_date": max(source["read"] for source in record["sources"]).isoformat(),
                "last_action_type": COORDINATES_ACTION,
                "field_name": "latitude, longitude",
                "previous_value": "",
                "replacement_value": how,
                "updated_by": UPDATED_BY,
            }
        ]
        return obj

    def count(self, record):
        report = self.report
        report[record["group"]] += 1
        report["by_kind"].update(dict.fromkeys(record["kinds"], 1))
        for source in record["sources"]:
            report["by_source"][host_of(source["url"])] += 1
        if record["group"] == "in_person":
            report["by_state"][record["address"]["state"]] += 1
            report["street_address" if record["address"].get("street") else "city_only"] += 1


def build(folder=SOURCES_DIR):
    """(HSDS services, Spanish descriptions by service id, report) from the gathered records."""
    job = Build(read_sources(folder)).run()
    job.report["superseded"] = job.superseded
    return job.services, job.spanish, job.report


def dumps(data):
    """Stable JSON text: the same records always give the same bytes."""
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def write(services, spanish, dataset=DATASET, spanish_dataset=SPANISH_DATASET):
    Path(dataset).write_text(dumps(services), encoding="utf-8")
    Path(spanish_dataset).write_text(dumps(spanish), encoding="utf-8")


def source_entries(obj_or_extra):
    """The sources of a record (HSDS metadata with last_action_type "source")."""
    return [
        entry
        for entry in (obj_or_extra or {}).get("metadata") or []
        if isinstance(entry, dict) and entry.get("last_action_type") == SOURCE_ACTION
    ]


# --- loading ----------------------------------------------------------------------------------


def load(dataset=None, spanish_dataset=None, progress=False):
    """Load the shipped data set through the HSDS import (validated, all or nothing).

    Idempotent, and an editor's work is never overwritten: taxonomy terms, organizations
    and places already in the database are left as they are, and a service is only
    (re)written when nobody changed it after the shipped record's `last_modified`.
    Everything arrives unverified. Then each service without a Spanish twin gets one,
    made with wagtail-localize as the rest of the shipped content (topics/translation.py).
    Returns (counts, skipped service ids, number of Spanish twins made).
    """
    from django.db import transaction

    from .hsds.importer import HsdsImport
    from .models import Location, Organization, Service

    dataset, spanish_dataset = dataset or DATASET, spanish_dataset or SPANISH_DATASET
    job = HsdsImport(progress=progress)
    job.add_json_file(dataset, kind="service")
    if job.errors:
        from .hsds.importer import ImportRefused

        raise ImportRefused(job.errors)
    records = job.records
    for kind, model in (
        ("taxonomy_term", TaxonomyTerm),
        ("organization", Organization),
        ("location", Location),
    ):
        for hsds_id in set(
            model.objects.filter(hsds_id__in=list(records[kind])).values_list("hsds_id", flat=True)
        ):
            del records[kind][hsds_id]
    skipped = []
    changed_at = dict(
        Service.objects.filter(hsds_id__in=list(records["service"])).values_list("hsds_id", "updated_at")
    )
    for hsds_id, updated_at in changed_at.items():
        shipped = records["service"][hsds_id].fields["updated_at"]
        if shipped is None or updated_at > shipped:
            skipped.append(hsds_id)
            del records["service"][hsds_id]
    spanish = json.loads(Path(spanish_dataset).read_text(encoding="utf-8"))
    with transaction.atomic():
        counts = job.run()
        made = make_spanish_twins(spanish)
    return counts, skipped, made


def make_spanish_twins(spanish):
    """The Spanish translation of each shipped service that has none, made by the initial
    content's translation step (named by a setting: the directory does not import home)."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    return import_string(settings.STARTER_DIRECTORY_TRANSLATOR)(spanish)
