"""Parse HSDS 3.0 (JSON objects, or rows read by tabular.py) into records for the importer.

The reading direction of mapping.py: HSDS -> the field values of our models, the HSDS
data we do not model (kept in `hsds_extra`) and the links between records. Nothing here
touches the database; importer.py checks the records and writes them.
"""

import dataclasses
import datetime
import json
import uuid
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from ..models.records import (
    Location,
    Organization,
    Service,
    ServiceLanguage,
    ServicePhone,
    TaxonomyTerm,
)
from . import mapping, validation

SIX_PLACES = Decimal("0.000001")


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


class HsdsParser:
    """Collect records from HSDS files and objects; errors name the record and the field."""

    def __init__(self):
        self.errors = []
        self.warnings = []
        self.records = {"taxonomy_term": {}, "organization": {}, "location": {}, "service": {}}
        self.child_ids = {"phone": {}, "language": {}, "service_at_location": {}}

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
        record = Record(service_id, where, obj, self.service_fields(obj, where), {})
        record.extra = mapping.without_defaults(
            {key: value for key, value in obj.items() if key not in mapping.SERVICE_KEYS},
            mapping.SERVICE_DEFAULTS,
        )
        record.organization = self.service_organization(obj, where, organization_id)
        if "phones" in obj:
            record.phones = self.service_phones(obj["phones"] or [], where)
        if "languages" in obj:
            record.languages = self.service_languages(obj["languages"] or [], where)
        if "service_at_locations" in obj:
            record.sals = [
                self.parse_sal_of_service(sal, label(f"{where}.service_at_locations[{index}]", sal.get("id")))
                for index, sal in enumerate(obj["service_at_locations"] or [])
            ]
        if "attributes" in obj:
            record.attributes = self.service_attributes(obj["attributes"] or [], where)
        return self.remember("service", record)

    def service_fields(self, obj, where):
        """A service's own field values, dates parsed (ValueError names a bad one)."""
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
            "updated_at": None,
        }
        if obj.get("assured_date"):
            fields["last_verified"] = parse_date(str(obj["assured_date"]))
            if fields["last_verified"] is None:
                raise ValueError(f"{where}: assured_date: not a date (YYYY-MM-DD): {obj['assured_date']!r}")
        if obj.get("last_modified"):
            updated_at = parse_datetime(str(obj["last_modified"]))
            if updated_at is None:
                raise ValueError(
                    f"{where}: last_modified: not a date and time (ISO 8601): {obj['last_modified']!r}"
                )
            if timezone.is_naive(updated_at):
                updated_at = timezone.make_aware(updated_at, datetime.UTC)
            fields["updated_at"] = updated_at
        return fields

    def service_organization(self, obj, where, organization_id):
        """Organization: nested, by id, or the organization_full this service sits in."""
        if isinstance(obj.get("organization"), dict):
            found = self.parse_organization(obj["organization"], f"{where}.organization")
        elif obj.get("organization_id"):
            found = self.uuid_field(obj, "organization_id", where)
        else:
            found = organization_id
        if organization_id and found != organization_id:
            self.errors.append(f"{where}: organization_id: differs from the organization it is listed in")
        if found is None:
            self.errors.append(f"{where}: organization: a service needs its organization (nested or by id)")
        return found

    def service_phones(self, phones, where):
        result = []
        for index, phone in enumerate(phones):
            at = label(f"{where}.phones[{index}]", phone.get("id"))
            phone_id = uuid.UUID(phone["id"])
            self.claim_child("phone", phone_id, at)
            fields = {
                "number": self.text(phone, "number", ServicePhone, "number", at),
                "description": self.text(phone, "description", ServicePhone, "description", at),
            }
            extra = {key: value for key, value in phone.items() if key not in mapping.PHONE_KEYS}
            result.append((phone_id, fields, extra))
        return result

    def service_languages(self, languages, where):
        result = []
        codes = set()
        for index, language in enumerate(languages):
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
            result.append((language_id, {"code": code}, extra))
        return result

    def service_attributes(self, attributes, where):
        result = []
        for index, attribute in enumerate(attributes):
            at = label(f"{where}.attributes[{index}]", attribute.get("id"))
            term_id = None
            nested = attribute.get("taxonomy_term")
            if isinstance(nested, dict):
                term_id = self.uuid_field(nested, "id", f"{at}.taxonomy_term")
                self.parse_term(nested, f"{at}.taxonomy_term")
            if attribute.get("taxonomy_term_id"):
                term_id = self.uuid_field(attribute, "taxonomy_term_id", at)
            result.append((at, term_id, attribute))
        return result

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
