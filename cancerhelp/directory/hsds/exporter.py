"""Export the directory: HSDS JSON, the HSDS CSV data package, and a plain spreadsheet CSV.

Only default-language (English) services are HSDS records; translations stay on the site.
"""

import csv

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from ..models import Organization, Service, TaxonomyTerm
from . import mapping
from .tabular import Tables


def services_queryset():
    """Default-language services with everything an HSDS service_full shows (fixed queries)."""
    return (
        Service.objects.filter(locale=Locale.get_default())
        .select_related("organization")
        .prefetch_related(*mapping.service_prefetches())
        .order_by("title", "pk")
    )


def organizations_queryset(services=None):
    services = services if services is not None else services_queryset()
    return Organization.objects.prefetch_related(Prefetch("services", queryset=services)).order_by(
        "name", "pk"
    )


def service_objects(services=None):
    """A list of HSDS service_full objects."""
    services = services if services is not None else services_queryset()
    return [mapping.service_full(service) for service in services]


def organization_objects(organizations=None):
    """A list of HSDS organization_full objects, each with its services."""
    organizations = organizations if organizations is not None else organizations_queryset()
    return [mapping.organization_full(org, org.services.all()) for org in organizations]


def term_objects(terms=None, include_flags=True):
    terms = terms if terms is not None else TaxonomyTerm.objects.all()
    objects = [mapping.term_to_hsds(term) for term in terms]
    if include_flags:
        objects += [flag.as_hsds() for flag in mapping.FLAG_TERMS]
    return objects


def write_tables(folder, organizations=None, terms=None, include_vocabularies=True):
    """Write the HSDS CSV data package (one CSV per HSDS table plus datapackage.json)."""
    tables = Tables()
    for obj in organization_objects(organizations):
        tables.add("organization", obj)
    for obj in term_objects(terms, include_flags=include_vocabularies):
        tables.add("taxonomy_term", obj)
    if include_vocabularies:
        for code in mapping.TAXONOMIES:
            tables.add("taxonomy", mapping.taxonomy_to_hsds(code))
    return tables.write(folder)


# --- the spreadsheet CSV ----------------------------------------------------------------

DIRECTORY_COLUMNS = [
    ("title", _("Title")),
    ("organization", _("Organization")),
    ("url", _("Web address")),
    ("kinds", _("Kind of help")),
    ("cancer_types", _("Cancer types")),
    ("languages", _("Languages")),
    ("formats", _("How people use it")),
    ("phone", _("Phone")),
    ("address", _("Address")),
    ("cost", _("Cost")),
    ("eligibility", _("Who it is for")),
    ("last_verified", _("Last verified")),
    ("status", _("Status")),
    ("hsds_id", _("HSDS id")),
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(value):
    """Keep spreadsheet programs from running a cell as a formula (CSV injection)."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def directory_rows(services=None):
    """The directory as plain rows (header first), in English like the records themselves."""
    services = services if services is not None else services_queryset()
    with translation.override("en"):
        yield [str(title) for _key, title in DIRECTORY_COLUMNS]
        for service in services:
            cost = _("Free") if service.is_free else ""
            if service.fees_description:
                cost = f"{cost}; {service.fees_description}" if cost else service.fees_description
            locations = [sal.location.one_line_address for sal in service.service_at_locations.all()]
            row = {
                "title": service.title,
                "organization": service.organization.name,
                "url": service.url,
                "kinds": "; ".join(str(term.label) for term in service.kinds.all()),
                "cancer_types": "; ".join(term.name for term in service.cancer_types.all()),
                "languages": "; ".join(service.language_names),
                "formats": "; ".join(str(label) for label in service.formats),
                "phone": "; ".join(phone.number for phone in service.phones.all()),
                "address": " | ".join(location for location in locations if location),
                "cost": str(cost),
                "eligibility": service.eligibility_description,
                "last_verified": service.last_verified.isoformat() if service.last_verified else "",
                "status": str(service.get_verification_status_display()),
                "hsds_id": str(service.hsds_id),
            }
            yield [safe(row[key]) for key, _title in DIRECTORY_COLUMNS]


def write_directory_csv(handle, services=None):
    writer = csv.writer(handle)
    count = -1
    for row in directory_rows(services):
        writer.writerow(row)
        count += 1
    return count
