"""Our directory models as HSDS 3.0 objects (the reading direction is in parse.py).

Principle: a record is exported as (defaults for required HSDS properties) + (its
`hsds_extra`: every imported property we do not model, kept verbatim) + (the fields we
model, which win). So an imported record exports as it came in, and an edit made in the
admin shows up in the export. docs/hsds.md has the full table.
"""

import dataclasses
import datetime
import uuid
from decimal import Decimal

from django.utils import timezone, translation

from ..vocabulary import CANCER_TYPE_TAXONOMY, KIND_OF_HELP_TAXONOMY, SERVICE_LANGUAGE_NAMES

HSDS_VERSION = "3.0"

# Ids we derive (attributes, our taxonomies, format terms) are uuid5 in this namespace, so
# they are the same on every export and on every copy of the site.
NAMESPACE = uuid.UUID("5b0f3c1e-8a43-4c61-9f3e-2f0e6c1a7d42")

DELIVERY_TAXONOMY = "cancerhelp-delivery"
COST_TAXONOMY = "cancerhelp-cost"

# Our vocabularies as HSDS taxonomies: code -> (name, description).
TAXONOMIES = {
    KIND_OF_HELP_TAXONOMY: ("Cancer Help: kinds of help", "What a resource offers a reader."),
    CANCER_TYPE_TAXONOMY: ("Cancer Help: cancer types", "Which cancers a resource is for."),
    DELIVERY_TAXONOMY: ("Cancer Help: how people use it", "Online, by phone or in person."),
    COST_TAXONOMY: ("Cancer Help: cost", "Whether a resource is free of charge."),
}


def derived_id(*parts):
    return uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts))


def taxonomy_id(code):
    return derived_id("taxonomy", code)


@dataclasses.dataclass(frozen=True)
class FlagTerm:
    """A term standing for one yes/no field of Service (formats, free of charge).

    These terms live in code, not in the TaxonomyTerm table: the fields are the truth.
    """

    taxonomy: str
    code: str
    name: str
    field: str

    @property
    def hsds_id(self):
        return derived_id("taxonomy_term", self.taxonomy, self.code)

    def as_hsds(self):
        return {
            "id": str(self.hsds_id),
            "code": self.code,
            "name": self.name,
            "description": "",
            "taxonomy": self.taxonomy,
            "taxonomy_id": str(taxonomy_id(self.taxonomy)),
            "taxonomy_detail": taxonomy_to_hsds(self.taxonomy),
        }


FLAG_TERMS = [
    FlagTerm(DELIVERY_TAXONOMY, "online", "Online", "online"),
    FlagTerm(DELIVERY_TAXONOMY, "by-phone", "By phone", "by_phone"),
    FlagTerm(DELIVERY_TAXONOMY, "in-person", "In person", "in_person"),
    FlagTerm(COST_TAXONOMY, "free", "Free of charge", "is_free"),
]
FLAG_TERMS_BY_ID = {term.hsds_id: term for term in FLAG_TERMS}

# Properties of each HSDS object that come from our model fields (never kept in hsds_extra).
SERVICE_KEYS = {
    "id",
    "name",
    "description",
    "url",
    "email",
    "fees_description",
    "eligibility_description",
    "assured_date",
    "last_modified",
    "organization",
    "organization_id",
    "phones",
    "languages",
    "service_at_locations",
    "attributes",
}
ORGANIZATION_KEYS = {"id", "name", "description", "website", "email", "services"}
LOCATION_KEYS = {"id", "name", "latitude", "longitude"}
ADDRESS_FIELDS = ["address_1", "city", "state_province", "postal_code", "country"]
PHONE_KEYS = {"id", "number", "description", "service_id"}
LANGUAGE_KEYS = {"id", "code", "service_id"}
SERVICE_AT_LOCATION_KEYS = {"id", "service_id", "location_id", "location", "service"}
TERM_KEYS = {"id", "code", "name", "description", "taxonomy"}


SERVICE_DEFAULTS = {"status": "active"}
LOCATION_DEFAULTS = {"location_type": "physical"}


def term_defaults(taxonomy):
    defaults = {"description": ""}
    if taxonomy in TAXONOMIES:
        defaults["taxonomy_id"] = str(taxonomy_id(taxonomy))
        defaults["taxonomy_detail"] = taxonomy_to_hsds(taxonomy)
    return defaults


def language_defaults(code):
    if code not in SERVICE_LANGUAGE_NAMES:
        return {}
    with translation.override("en"):
        return {"name": str(SERVICE_LANGUAGE_NAMES[code])}


def without_defaults(extra, defaults):
    """What an import keeps: a value equal to the export's default is not worth storing."""
    return {key: value for key, value in extra.items() if key not in defaults or defaults[key] != value}


def build(defaults, extra, modelled):
    """defaults < hsds_extra < model fields; empty model values are left out."""
    obj = dict(defaults)
    obj.update(extra or {})
    obj.update({key: value for key, value in modelled.items() if value not in (None, "", [])})
    return obj


def scalars(obj):
    """The one-to-one part of an object, as HSDS list endpoints show it."""
    return {key: value for key, value in obj.items() if not isinstance(value, list | dict)}


def iso_datetime(value):
    return value.astimezone(datetime.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def number(value):
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def primary_address_index(addresses):
    """Which HSDS address our Location's address fields are: the first physical one, else the first."""
    for index, address in enumerate(addresses):
        if address.get("address_type") == "physical":
            return index
    return 0


# --- taxonomy -------------------------------------------------------------------------


def term_to_hsds(term):
    return build(
        term_defaults(term.taxonomy),
        term.hsds_extra,
        {
            "id": str(term.hsds_id),
            # A term imported without a code keeps its id as code (codes are unique); not exported.
            "code": "" if term.code == str(term.hsds_id) else term.code,
            "name": term.name,
            "description": term.description,
            "taxonomy": term.taxonomy,
        },
    )


def taxonomy_to_hsds(code):
    name, description = TAXONOMIES[code]
    return {"id": str(taxonomy_id(code)), "name": name, "description": description}


def attribute(service, term_id, term_obj):
    return {
        "id": str(derived_id("attribute", service.hsds_id, term_id)),
        "link_id": str(service.hsds_id),
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": str(term_id),
        "taxonomy_term": term_obj,
    }


def service_attributes(service):
    """Kinds of help, cancer types and yes/no fields as attributes, then imported ones."""
    generated = []
    for term in list(service.kinds.all()) + list(service.cancer_types.all()):
        generated.append(attribute(service, term.hsds_id, term_to_hsds(term)))
    for flag in FLAG_TERMS:
        if getattr(service, flag.field):
            generated.append(attribute(service, flag.hsds_id, flag.as_hsds()))
    return generated + list(service.hsds_extra.get("attributes", []))


# --- organization, location -------------------------------------------------------------


def organization_to_hsds(organization):
    """The organization's own properties (with the nested lists it was imported with)."""
    return build(
        {"description": ""},
        organization.hsds_extra,
        {
            "id": str(organization.hsds_id),
            "name": organization.name,
            "description": organization.description,
            "website": organization.website,
            "email": organization.email,
        },
    )


def organization_full(organization, services):
    """organization_full: the organization and its (default-language) services."""
    obj = organization_to_hsds(organization)
    full = [service_full(service, with_organization=False) for service in services]
    if full:
        obj["services"] = full
    return obj


def generated_address(location_id, fields):
    """The one address of a location that was not imported with addresses of its own."""
    return {"id": str(derived_id("address", location_id)), **fields, "address_type": "physical"}


def location_to_hsds(location):
    extra = dict(location.hsds_extra)
    ours = {field: getattr(location, field) for field in ADDRESS_FIELDS}
    addresses = [dict(address) for address in extra.pop("addresses", [])]
    if addresses:
        addresses[primary_address_index(addresses)].update(ours)
    elif any(ours[field] for field in ADDRESS_FIELDS if field != "country"):
        addresses = [generated_address(location.hsds_id, ours)]
    return build(
        LOCATION_DEFAULTS,
        extra,
        {
            "id": str(location.hsds_id),
            "name": location.name,
            "latitude": number(location.latitude),
            "longitude": number(location.longitude),
            "addresses": addresses,
        },
    )


# --- service -------------------------------------------------------------------------


def phone_to_hsds(phone):
    return build(
        {},
        phone.hsds_extra,
        {"id": str(phone.hsds_id), "number": phone.number, "description": phone.description},
    )


def language_to_hsds(language):
    return build(
        language_defaults(language.code),
        language.hsds_extra,
        {"id": str(language.hsds_id), "code": language.code},
    )


def service_fields(service):
    """The service's own modelled fields, as HSDS names them."""
    return {
        "id": str(service.hsds_id),
        "name": service.title,
        "description": service.description,
        "url": service.url,
        "email": service.email,
        "fees_description": service.fees_description,
        "eligibility_description": service.eligibility_description,
        "assured_date": service.last_verified.isoformat() if service.last_verified else None,
        "last_modified": iso_datetime(service.updated_at) if service.updated_at else None,
    }


def service_to_hsds(service, with_organization=True):
    """The one-to-one part of a service (HSDS list shape): its fields, organization, program."""
    obj = build(
        SERVICE_DEFAULTS,
        scalars(service.hsds_extra),
        service_fields(service),
    )
    if with_organization:
        obj["organization"] = scalars(organization_to_hsds(service.organization))
    if isinstance(service.hsds_extra.get("program"), dict):
        obj["program"] = service.hsds_extra["program"]
    return obj


def service_at_location_to_hsds(sal, full=True, service=None):
    """service_at_location: its own data, its location and (for the API) its service."""
    location = location_to_hsds(sal.location)
    obj = build({}, sal.hsds_extra if full else scalars(sal.hsds_extra), {"id": str(sal.hsds_id)})
    obj["location"] = location if full else scalars(location)
    if service is not None:
        if full:
            nested = service_full(service)
            nested.pop("service_at_locations", None)
        else:
            nested = service_to_hsds(service)
        obj["service"] = nested
    return obj


def service_full(service, with_organization=True):
    """service_full: every related record nested, as /services/{id} serves it."""
    obj = build(
        SERVICE_DEFAULTS,
        service.hsds_extra,
        {
            **service_fields(service),
            "phones": [phone_to_hsds(phone) for phone in service.phones.all()],
            "languages": [language_to_hsds(language) for language in service.languages.all()],
            "service_at_locations": [
                service_at_location_to_hsds(sal) for sal in service.service_at_locations.all()
            ],
            "attributes": service_attributes(service),
        },
    )
    if with_organization:
        obj["organization"] = organization_to_hsds(service.organization)
    return obj


def service_prefetches(prefix=""):
    """What service_full reads, for prefetch_related (locations joined, not prefetched:
    a second-level prefetch of thousands of locations is too deep an expression for SQLite)."""
    from django.db.models import Prefetch

    from ..models.records import ServiceAtLocation

    return [
        f"{prefix}phones",
        f"{prefix}languages",
        f"{prefix}kinds",
        f"{prefix}cancer_types",
        Prefetch(
            f"{prefix}service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location").order_by("sort_order", "pk"),
        ),
    ]


def now_iso():
    return iso_datetime(timezone.now())
