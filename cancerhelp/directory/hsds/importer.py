"""Import HSDS 3.0 data: parse -> validate everything -> write everything in one transaction.

Nothing is written unless the whole file is valid: the official schema, field lengths our
database enforces, ids (unique, UUIDs) and references (every organization, location and
taxonomy term a record points at exists in the file or in the database). Errors name the
record and the field: `services[3] (id 1234…): name: 'name' is a required property`.

Matching is on the HSDS id, so importing the same file twice changes nothing the second
time. Properties we do not model are kept in each record's `hsds_extra` and exported as
they came (docs/hsds.md).
"""

import dataclasses
import datetime
import json
import sys
import uuid
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from tqdm import tqdm
from wagtail.models import Locale

from ..models import (
    Location,
    Organization,
    Service,
    ServiceAtLocation,
    ServiceLanguage,
    ServicePhone,
    TaxonomyTerm,
)
from ..vocabulary import CANCER_TYPE_TAXONOMY, KIND_OF_HELP_TAXONOMY
from . import mapping, validation

SIX_PLACES = Decimal("0.000001")
CHUNK = 500  # ids per IN (...) query: well under SQLite's variable limit


class ImportRefused(Exception):
    """The file cannot be imported; `errors` says why, record by record."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclasses.dataclass
class Record:
    """One incoming record: the model field values, the kept HSDS extras, where it came from."""

    id: uuid.UUID
    where: str
    raw: dict
    fields: dict
    extra: dict
    # services only; None = the file does not say (keep what the database has)
    organization: uuid.UUID | None = None
    phones: list | None = None
    languages: list | None = None
    sals: list | None = None
    more_sals: list = dataclasses.field(default_factory=list)
    attributes: list | None = None
    kinds: list = dataclasses.field(default_factory=list)
    cancer_types: list = dataclasses.field(default_factory=list)


def short(value):
    text = str(value)
    return text[:8] + "…" if len(text) > 9 else text


def label(where, record_id):
    return f"{where} (id {short(record_id)})" if record_id else where


def merge_extra(old, new):
    """New scalars replace old; nested lists absent from `new` are kept (list shapes omit them)."""
    merged = dict(new)
    for key, value in (old or {}).items():
        if key not in merged and isinstance(value, list | dict):
            merged[key] = value
    return merged


def json_equal(a, b):
    return json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str)


def detect_kind(obj):
    """Which HSDS object a top-level item is (documented in docs/hsds.md)."""
    if isinstance(obj.get("service"), dict) and ("location" in obj or "location_id" in obj):
        return "service_at_location"
    if "status" in obj or "organization" in obj or "service_at_locations" in obj:
        return "service"
    if "services" in obj or "website" in obj or "legal_status" in obj or "tax_status" in obj:
        return "organization"
    if "taxonomy" in obj or "code" in obj or "taxonomy_detail" in obj or "term_uri" in obj:
        return "taxonomy_term"
    return "organization"


def items_of(document):
    """A list, an HSDS page ({"contents": [...]}) or one object."""
    if isinstance(document, list):
        return document, True
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        return document["contents"], True
    if isinstance(document, dict):
        return [document], False
    raise ImportRefused(["The file must hold an HSDS object, a list of them or a page of them."])


class HsdsImport:
    """Collect records from files, check them all, then write them in one transaction."""

    def __init__(self, progress=False):
        self.progress = progress
        self.errors = []
        self.warnings = []
        self.records = {"taxonomy_term": {}, "organization": {}, "location": {}, "service": {}}
        self.child_ids = {"phone": {}, "language": {}, "service_at_location": {}}
        self.counts = {
            kind: {"created": 0, "updated": 0, "unchanged": 0}
            for kind in ["taxonomy_terms", "organizations", "locations", "services"]
        }

    # --- reading -------------------------------------------------------------------------

    def add_document(self, document, kind=None):
        items, many = items_of(document)
        for index, obj in enumerate(items):
            if not isinstance(obj, dict):
                self.errors.append(f"item {index}: must be a JSON object, not {type(obj).__name__}")
                continue
            obj_kind = kind or detect_kind(obj)
            self.add_object(obj, obj_kind, f"{obj_kind}s[{index}]" if many else obj_kind)

    def add_object(self, obj, kind, where, validate=True):
        where = label(where, obj.get("id"))
        if validate:
            schema_errors = validation.errors(obj, kind)
            if kind == "organization":
                for index, service in enumerate(obj.get("services") or []):
                    if isinstance(service, dict):
                        for path, message in validation.errors(service, "service"):
                            schema_errors.append((f"services[{index}].{path}".rstrip("."), message))
            if kind == "service_at_location" and isinstance(obj.get("service"), dict):
                for path, message in validation.errors(obj["service"], "service"):
                    schema_errors.append((f"service.{path}".rstrip("."), message))
            if schema_errors:
                for path, message in schema_errors:
                    self.errors.append(f"{where}: {path or '(record)'}: {message}")
                return
        try:
            if kind == "service":
                self.parse_service(obj, where)
            elif kind == "organization":
                self.parse_organization(obj, where)
            elif kind == "service_at_location":
                self.parse_service_at_location(obj, where)
            elif kind == "taxonomy_term":
                self.parse_term(obj, where)
            else:
                self.errors.append(f"{where}: cannot import a {kind} on its own")
        except ValueError as error:  # a value our fields cannot hold (parse helpers say which)
            self.errors.append(str(error))

    def add_json_file(self, path, kind=None):
        path = Path(path)
        if not path.is_file():
            raise ImportRefused([f"{path}: no such file"])
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            raise ImportRefused([f"{path}: not UTF-8 text"]) from None
        except json.JSONDecodeError as error:
            raise ImportRefused(
                [f"{path}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"]
            ) from None
        self.add_document(document, kind)

    def add_csv_package(self, folder):
        from .tabular import read_package

        objects, errors, warnings = read_package(folder)
        self.errors.extend(errors)
        self.warnings.extend(warnings)
        for kind, where, obj in objects:
            self.add_object(obj, kind, where, validate=False)

    # --- parsing into records ---------------------------------------------------------------

    def remember(self, kind, record):
        """Keep one record per id; a second, different copy of it is an error."""
        seen = self.records[kind].get(record.id)
        if seen is None:
            self.records[kind][record.id] = record
            return record
        if not json_equal(seen.raw, record.raw):
            self.errors.append(
                f"{record.where}: id: duplicate id {record.id}: a different {kind.replace('_', ' ')} "
                f"with this id is at {seen.where}"
            )
        elif kind == "service":
            seen.more_sals.extend(record.more_sals)
        return seen

    def claim_child(self, kind, child_id, where):
        """Phone, language and service_at_location ids belong to one service only."""
        seen = self.child_ids[kind].get(child_id)
        if seen is not None:
            self.errors.append(f"{where}: id: duplicate id {child_id}: also used at {seen}")
        self.child_ids[kind][child_id] = where

    @staticmethod
    def text(obj, key, model, field, where):
        value = obj.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            value = str(value)
        max_length = model._meta.get_field(field).max_length
        if (
            max_length
            and len(value) > max_length
            and model._meta.get_field(field).get_internal_type()
            in {
                "CharField",
                "SlugField",
            }
        ):
            raise ValueError(f"{where}: {key}: longer than {max_length} characters ({len(value)})")
        return value

    @staticmethod
    def coordinate(obj, key, where):
        value = obj.get(key)
        if value is None:
            return None
        try:
            value = Decimal(str(value)).quantize(SIX_PLACES)
        except InvalidOperation:
            raise ValueError(f"{where}: {key}: not a number") from None
        if abs(value) >= 1000:
            raise ValueError(f"{where}: {key}: out of range ({value})")
        return value

    def parse_term(self, obj, where):
        term_id = uuid.UUID(obj["id"])
        if term_id in mapping.FLAG_TERMS_BY_ID:
            return None  # formats and cost: terms that live in code, not in the table
        code = self.text(obj, "code", TaxonomyTerm, "code", where) or str(term_id)
        fields = {
            "taxonomy": self.text(obj, "taxonomy", TaxonomyTerm, "taxonomy", where),
            "code": code,
            "name": self.text(obj, "name", TaxonomyTerm, "name", where),
            "description": self.text(obj, "description", TaxonomyTerm, "description", where),
        }
        extra = mapping.without_defaults(
            {key: value for key, value in obj.items() if key not in mapping.TERM_KEYS},
            mapping.term_defaults(fields["taxonomy"]),
        )
        return self.remember("taxonomy_term", Record(term_id, where, obj, fields, extra))

    def parse_organization(self, obj, where):
        org_id = uuid.UUID(obj["id"])
        fields = {
            "name": self.text(obj, "name", Organization, "name", where),
            "description": self.text(obj, "description", Organization, "description", where),
            "website": self.text(obj, "website", Organization, "website", where),
            "email": self.text(obj, "email", Organization, "email", where),
        }
        raw = {key: value for key, value in obj.items() if key != "services"}
        extra = {key: value for key, value in obj.items() if key not in mapping.ORGANIZATION_KEYS}
        self.remember("organization", Record(org_id, where, raw, fields, extra))
        for index, service in enumerate(obj.get("services") or []):
            self.parse_service(service, label(f"{where}.services[{index}]", service.get("id")), org_id)
        return org_id

    def parse_location(self, obj, where):
        location_id = uuid.UUID(obj["id"])
        addresses = obj.get("addresses") or []
        address = addresses[mapping.primary_address_index(addresses)] if addresses else {}
        address_where = f"{where}.addresses[{mapping.primary_address_index(addresses)}]"
        fields = {
            "name": self.text(obj, "name", Location, "name", where),
            "latitude": self.coordinate(obj, "latitude", where),
            "longitude": self.coordinate(obj, "longitude", where),
        }
        for field in mapping.ADDRESS_FIELDS:
            fields[field] = self.text(address, field, Location, field, address_where)
        if not address:
            fields["country"] = "US"
        extra = mapping.without_defaults(
            {key: value for key, value in obj.items() if key not in mapping.LOCATION_KEYS},
            {
                **mapping.LOCATION_DEFAULTS,
                "addresses": [
                    mapping.generated_address(
                        str(location_id), {f: fields[f] for f in mapping.ADDRESS_FIELDS}
                    )
                ],
            },
        )
        self.remember("location", Record(location_id, where, obj, fields, extra))
        return location_id

    def parse_service(self, obj, where, organization_id=None):
        service_id = uuid.UUID(obj["id"])
        seen = self.records["service"].get(service_id)
        if seen is not None and json_equal(seen.raw, obj):
            return seen  # the same record again (e.g. one service at two locations)
        fields = {
            "title": self.text(obj, "name", Service, "title", where),
            "description": self.text(obj, "description", Service, "description", where),
            "url": self.text(obj, "url", Service, "url", where),
            "email": self.text(obj, "email", Service, "email", where),
            "fees_description": self.text(obj, "fees_description", Service, "fees_description", where),
            "eligibility_description": self.text(
                obj, "eligibility_description", Service, "eligibility_description", where
            ),
            "last_verified": None,
        }
        if obj.get("assured_date"):
            fields["last_verified"] = parse_date(str(obj["assured_date"]))
            if fields["last_verified"] is None:
                raise ValueError(f"{where}: assured_date: not a date (YYYY-MM-DD): {obj['assured_date']!r}")
        updated_at = None
        if obj.get("last_modified"):
            updated_at = parse_datetime(str(obj["last_modified"]))
            if updated_at is None:
                raise ValueError(
                    f"{where}: last_modified: not a date and time (ISO 8601): {obj['last_modified']!r}"
                )
            if timezone.is_naive(updated_at):
                updated_at = timezone.make_aware(updated_at, datetime.UTC)
        fields["updated_at"] = updated_at

        record = Record(service_id, where, obj, fields, {})
        record.extra = mapping.without_defaults(
            {key: value for key, value in obj.items() if key not in mapping.SERVICE_KEYS},
            mapping.SERVICE_DEFAULTS,
        )

        # Organization: nested, by id, or the organization_full this service sits in.
        if isinstance(obj.get("organization"), dict):
            record.organization = self.parse_organization(obj["organization"], f"{where}.organization")
        elif obj.get("organization_id"):
            record.organization = self.uuid_field(obj, "organization_id", where)
        else:
            record.organization = organization_id
        if organization_id and record.organization != organization_id:
            self.errors.append(f"{where}: organization_id: differs from the organization it is listed in")
        if record.organization is None:
            self.errors.append(f"{where}: organization: a service needs its organization (nested or by id)")

        if "phones" in obj:
            record.phones = []
            for index, phone in enumerate(obj["phones"] or []):
                at = label(f"{where}.phones[{index}]", phone.get("id"))
                phone_id = uuid.UUID(phone["id"])
                self.claim_child("phone", phone_id, at)
                record.phones.append(
                    (
                        phone_id,
                        {
                            "number": self.text(phone, "number", ServicePhone, "number", at),
                            "description": self.text(phone, "description", ServicePhone, "description", at),
                        },
                        {key: value for key, value in phone.items() if key not in mapping.PHONE_KEYS},
                    )
                )
        if "languages" in obj:
            record.languages = []
            codes = set()
            for index, language in enumerate(obj["languages"] or []):
                at = label(f"{where}.languages[{index}]", language.get("id"))
                language_id = uuid.UUID(language["id"])
                self.claim_child("language", language_id, at)
                code = self.text(language, "code", ServiceLanguage, "code", at)
                if code in codes:
                    self.errors.append(f"{at}: code: the service lists language {code!r} twice")
                codes.add(code)
                extra = mapping.without_defaults(
                    {key: value for key, value in language.items() if key not in mapping.LANGUAGE_KEYS},
                    mapping.language_defaults(code),
                )
                record.languages.append((language_id, {"code": code}, extra))
        if "service_at_locations" in obj:
            record.sals = [
                self.parse_sal_of_service(sal, label(f"{where}.service_at_locations[{index}]", sal.get("id")))
                for index, sal in enumerate(obj["service_at_locations"] or [])
            ]
        if "attributes" in obj:
            record.attributes = []
            for index, attribute in enumerate(obj["attributes"] or []):
                at = label(f"{where}.attributes[{index}]", attribute.get("id"))
                term_id = None
                nested = attribute.get("taxonomy_term")
                if isinstance(nested, dict):
                    term_id = self.uuid_field(nested, "id", f"{at}.taxonomy_term")
                    self.parse_term(nested, f"{at}.taxonomy_term")
                if attribute.get("taxonomy_term_id"):
                    term_id = self.uuid_field(attribute, "taxonomy_term_id", at)
                record.attributes.append((at, term_id, attribute))
        return self.remember("service", record)

    def uuid_field(self, obj, key, where):
        try:
            return uuid.UUID(str(obj[key]))
        except ValueError:
            raise ValueError(f"{where}: {key}: not a UUID: {obj[key]!r}") from None

    def parse_sal_of_service(self, sal, where):
        sal_id = uuid.UUID(sal["id"])
        self.claim_child("service_at_location", sal_id, where)
        if isinstance(sal.get("location"), dict):
            location_id = self.parse_location(sal["location"], f"{where}.location")
        elif sal.get("location_id"):
            location_id = self.uuid_field(sal, "location_id", where)
        else:
            raise ValueError(f"{where}: location: a service_at_location needs its location (nested or by id)")
        extra = {key: value for key, value in sal.items() if key not in mapping.SERVICE_AT_LOCATION_KEYS}
        return (sal_id, {"location": location_id, "where": where}, extra)

    def parse_service_at_location(self, obj, where):
        service = obj["service"]
        record = self.parse_service(service, f"{where}.service")
        sal = self.parse_sal_of_service(obj, where)
        if record.sals is not None and any(existing[0] == sal[0] for existing in record.sals):
            return
        record.more_sals.append(sal)

    # --- checking ------------------------------------------------------------------------------

    def existing(self, model, ids, **related):
        found = {}
        ids = list(ids)
        for start in range(0, len(ids), CHUNK):
            queryset = model.objects.filter(hsds_id__in=ids[start : start + CHUNK])
            if related.get("select"):
                queryset = queryset.select_related(*related["select"])
            if related.get("prefetch"):
                queryset = queryset.prefetch_related(*related["prefetch"])
            found.update({obj.hsds_id: obj for obj in queryset})
        return found

    def check(self):
        """References and database constraints, before anything is written."""
        self.db_terms = self.existing(TaxonomyTerm, self.records["taxonomy_term"])
        self.db_orgs = self.existing(Organization, self.records["organization"])
        self.db_locations = self.existing(Location, self.records["location"])
        self.default_locale = Locale.get_default()

        # Taxonomy terms: (taxonomy, code) is unique.
        codes = {}
        for record in self.records["taxonomy_term"].values():
            key = (record.fields["taxonomy"], record.fields["code"])
            if key in codes:
                self.errors.append(
                    f"{record.where}: code: {key[1]!r} is used twice in taxonomy {key[0]!r} "
                    f"(also at {codes[key].where})"
                )
            codes[key] = record
        for term in TaxonomyTerm.objects.filter(code__in={code for _taxonomy, code in codes}).exclude(
            hsds_id__in=list(self.records["taxonomy_term"])
        ):
            record = codes.get((term.taxonomy, term.code))
            if record:
                self.errors.append(
                    f"{record.where}: code: {term.code!r} already names another term of "
                    f"taxonomy {term.taxonomy!r} (id {term.hsds_id})"
                )

        # Referenced ids that the file does not hold must be in the database.
        services = self.records["service"]
        wanted_orgs = {r.organization for r in services.values() if r.organization} - set(
            self.records["organization"]
        )
        self.db_orgs.update(self.existing(Organization, wanted_orgs))
        sals = [sal for r in services.values() for sal in (r.sals or []) + r.more_sals]
        wanted_locations = {sal[1]["location"] for sal in sals} - set(self.records["location"])
        self.db_locations.update(self.existing(Location, wanted_locations))
        wanted_terms = {
            term_id
            for r in services.values()
            for _at, term_id, _attribute in (r.attributes or [])
            if term_id and term_id not in mapping.FLAG_TERMS_BY_ID
        } - set(self.records["taxonomy_term"])
        self.db_terms.update(self.existing(TaxonomyTerm, wanted_terms))

        for record in services.values():
            if record.organization and not (
                record.organization in self.records["organization"] or record.organization in self.db_orgs
            ):
                self.errors.append(
                    f"{record.where}: organization_id: unknown organization {record.organization}"
                )
            for _sal_id, sal_fields, _extra in (record.sals or []) + record.more_sals:
                location_id = sal_fields["location"]
                if location_id not in self.records["location"] and location_id not in self.db_locations:
                    self.errors.append(f"{sal_fields['where']}: location_id: unknown location {location_id}")
            self.resolve_attributes(record)

        self.db_services = self.existing(
            Service,
            services,
            select=["organization", "locale"],
            prefetch=mapping.service_prefetches(),
        )
        for service in self.db_services.values():
            if service.locale_id != self.default_locale.pk:
                self.errors.append(
                    f"{services[service.hsds_id].where}: id: {service.hsds_id} is a translation "
                    f"({service.locale.language_code}); only default-language services are HSDS records"
                )

    def resolve_attributes(self, record):
        """Attributes naming our vocabularies become fields; others are kept verbatim."""
        if record.attributes is None:
            return
        record.extra["attributes"] = []
        for flag in mapping.FLAG_TERMS:
            record.fields[flag.field] = False
        for at, term_id, attribute in record.attributes:
            if term_id is None:
                record.extra["attributes"].append(attribute)
                continue
            if term_id in mapping.FLAG_TERMS_BY_ID:
                record.fields[mapping.FLAG_TERMS_BY_ID[term_id].field] = True
                continue
            term = self.records["taxonomy_term"].get(term_id)
            taxonomy = (
                term.fields["taxonomy"] if term else getattr(self.db_terms.get(term_id), "taxonomy", None)
            )
            if taxonomy is None:
                self.errors.append(f"{at}: taxonomy_term_id: unknown taxonomy term {term_id}")
            elif taxonomy == KIND_OF_HELP_TAXONOMY:
                record.kinds.append(term_id)
            elif taxonomy == CANCER_TYPE_TAXONOMY:
                record.cancer_types.append(term_id)
            else:
                record.extra["attributes"].append(attribute)
        if not record.extra["attributes"]:
            del record.extra["attributes"]

    # --- writing ----------------------------------------------------------------------------------

    def count(self, kind, outcome):
        self.counts[kind][outcome] += 1

    def upsert(self, kind, model, record, existing, fields):
        """Create or update one plain record; returns the saved object."""
        extra = merge_extra(existing.hsds_extra if existing else None, record.extra)
        if existing is None:
            obj = model(hsds_id=record.id, hsds_extra=extra, **fields)
            obj.save()
            self.count(kind, "created")
            return obj
        current = {name: getattr(existing, name) for name in fields}
        if current == fields and json_equal(existing.hsds_extra, extra):
            self.count(kind, "unchanged")
            return existing
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.hsds_extra = extra
        existing.save()
        self.count(kind, "updated")
        return existing

    def run(self, dry_run=False):
        """Check, then write all or nothing. Raises ImportRefused with every error found."""
        if not self.errors:
            self.check()
        if self.errors:
            raise ImportRefused(self.errors)
        with transaction.atomic():
            terms = {}
            for record in self.records["taxonomy_term"].values():
                terms[record.id] = self.upsert(
                    "taxonomy_terms", TaxonomyTerm, record, self.db_terms.get(record.id), record.fields
                )
            terms.update({k: v for k, v in self.db_terms.items() if k not in terms})
            orgs = dict(self.db_orgs)
            for record in self.records["organization"].values():
                orgs[record.id] = self.upsert(
                    "organizations", Organization, record, self.db_orgs.get(record.id), record.fields
                )
            locations = dict(self.db_locations)
            for record in self.records["location"].values():
                locations[record.id] = self.upsert(
                    "locations", Location, record, self.db_locations.get(record.id), record.fields
                )
            services = self.records["service"].values()
            bar = tqdm(
                services,
                desc="services",
                unit="service",
                disable=not self.progress,
                file=sys.stderr,
            )
            for record in bar:
                self.write_service(record, orgs, locations, terms)
            if dry_run:
                transaction.set_rollback(True)
        return self.counts

    def write_service(self, record, orgs, locations, terms):
        existing = self.db_services.get(record.id)
        fields = {key: value for key, value in record.fields.items() if key != "updated_at"}
        organization = orgs[record.organization]
        extra = merge_extra(existing.hsds_extra if existing else None, record.extra)

        wanted_phones = [(pid, f, e) for pid, f, e in record.phones] if record.phones is not None else None
        wanted_languages = record.languages
        sals = None
        if record.sals is not None or record.more_sals:
            base = record.sals if record.sals is not None else None
            sals = (base, record.more_sals)

        if existing is not None:
            changed = (
                any(getattr(existing, name) != value for name, value in fields.items())
                or existing.organization_id != organization.pk
                or not json_equal(existing.hsds_extra, extra)
                or (
                    record.fields["updated_at"]
                    and mapping.iso_datetime(existing.updated_at)
                    != mapping.iso_datetime(record.fields["updated_at"])
                )
            )
            if wanted_phones is not None:
                current = [
                    (p.hsds_id, {"number": p.number, "description": p.description}, p.hsds_extra)
                    for p in existing.phones.all()
                ]
                changed = changed or not json_equal(current, wanted_phones)
            if wanted_languages is not None:
                current = [
                    (lang.hsds_id, {"code": lang.code}, lang.hsds_extra) for lang in existing.languages.all()
                ]
                changed = changed or not json_equal(current, wanted_languages)
            if sals is not None:
                current = {
                    str(sal.hsds_id): [str(sal.location.hsds_id), sal.hsds_extra]
                    for sal in existing.service_at_locations.all()
                }
                wanted = {str(sal_id): [str(f["location"]), e] for sal_id, f, e in (sals[0] or []) + sals[1]}
                if sals[0] is None:
                    changed = changed or any(
                        sal_id not in current or not json_equal(current[sal_id], value)
                        for sal_id, value in wanted.items()
                    )
                else:
                    changed = changed or not json_equal(current, wanted)
            if record.attributes is not None:
                changed = (
                    changed
                    or sorted(t.hsds_id for t in existing.kinds.all()) != sorted(record.kinds)
                    or sorted(t.hsds_id for t in existing.cancer_types.all()) != sorted(record.cancer_types)
                )
            if not changed:
                self.count("services", "unchanged")
                return
            service = existing
            for name, value in fields.items():
                setattr(service, name, value)
            service.organization = organization
            service.hsds_extra = extra
            self.count("services", "updated")
        else:
            service = Service(
                hsds_id=record.id,
                locale=self.default_locale,
                organization=organization,
                hsds_extra=extra,
                **fields,
            )
            self.count("services", "created")
        if record.attributes is not None:
            service.kinds.set([terms[term_id] for term_id in record.kinds])
            service.cancer_types.set([terms[term_id] for term_id in record.cancer_types])
        service.save()

        if wanted_phones is not None:
            self.replace_children(service, ServicePhone, wanted_phones)
        if wanted_languages is not None:
            self.replace_children(service, ServiceLanguage, wanted_languages)
        if sals is not None:
            resolved = [
                (sal_id, {"location": locations[f["location"]]}, e) for sal_id, f, e in (sals[0] or [])
            ]
            extra_sals = [(sal_id, {"location": locations[f["location"]]}, e) for sal_id, f, e in sals[1]]
            if sals[0] is not None:
                self.replace_children(service, ServiceAtLocation, resolved + extra_sals)
            else:
                self.replace_children(service, ServiceAtLocation, extra_sals, keep_others=True)
        if record.fields["updated_at"]:
            Service.objects.filter(pk=service.pk).update(updated_at=record.fields["updated_at"])

    @staticmethod
    def replace_children(service, model, wanted, keep_others=False):
        """Make the service's children exactly `wanted` (ids, fields, extras), in order."""
        ids = [child_id for child_id, _fields, _extra in wanted]
        if not keep_others:
            model.objects.filter(service=service).exclude(hsds_id__in=ids).delete()
        current = {child.hsds_id: child for child in model.objects.filter(hsds_id__in=ids)}
        offset = model.objects.filter(service=service).count() if keep_others else 0
        for order, (child_id, fields, extra) in enumerate(wanted):
            child = current.get(child_id) or model(hsds_id=child_id)
            child.service = service
            child.sort_order = offset + order if child.pk is None or not keep_others else child.sort_order
            child.hsds_extra = extra
            for name, value in fields.items():
                setattr(child, name, value)
            child.save()


def import_files(json_files=(), csv_folders=(), kind=None, progress=False, dry_run=False):
    """Import JSON files and CSV packages together, all or nothing. Returns (counts, warnings)."""
    job = HsdsImport(progress=progress)
    for path in json_files:
        job.add_json_file(path, kind)
    for folder in csv_folders:
        job.add_csv_package(folder)
    counts = job.run(dry_run=dry_run)
    return counts, job.warnings
