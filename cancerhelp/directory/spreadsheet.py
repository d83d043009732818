"""The directory as a plain spreadsheet CSV (not HSDS): one row per English resource.

Served at /directory/export.csv and written by `manage.py export_directory_csv`.
"""

import csv

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .hsds.exporter import services_queryset

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
