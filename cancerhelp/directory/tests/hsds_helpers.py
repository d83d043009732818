"""Shared bits of the HSDS tests: the official examples and a way to build many services."""

import copy
import json
import uuid
from pathlib import Path

from wagtail.models import Locale

from cancerhelp.directory.models import (
    Location,
    Organization,
    Service,
    ServiceAtLocation,
    ServiceLanguage,
    ServicePhone,
    TaxonomyTerm,
)
from cancerhelp.directory.vocabulary import KIND_OF_HELP_TAXONOMY

DATA = Path(__file__).resolve().parent / "data" / "hsds"
MODELS = [Organization, Service, ServicePhone, ServiceLanguage, ServiceAtLocation, Location, TaxonomyTerm]


def example(name):
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


def row_counts():
    """Rows of every directory table, to prove a refused import changed nothing."""
    counts = {model.__name__: model.objects.count() for model in MODELS}
    counts["extras"] = sorted(json.dumps(s.hsds_extra, sort_keys=True) for s in Service.objects.all())
    counts["titles"] = sorted(Service.objects.values_list("title", flat=True))
    return counts


def write_json(tmp_path, data, name="data.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def new_service(name="A new service", organization=None, **extra):
    """A minimal valid HSDS service with a nested organization."""
    obj = {
        "id": str(uuid.uuid4()),
        "name": name,
        "description": "Help for people with metastatic cancer.",
        "status": "active",
        "organization": organization
        or {"id": str(uuid.uuid4()), "name": "New organization", "description": "Runs a service."},
    }
    obj.update(extra)
    return obj


def clone(obj):
    return copy.deepcopy(obj)


def build_services(count, prefix="Bench"):
    """`count` default-language services, each with a phone, a language, a location and a kind."""
    locale = Locale.get_default()
    organization = Organization.objects.create(name=f"{prefix} organization")
    kind = TaxonomyTerm.objects.filter(taxonomy=KIND_OF_HELP_TAXONOMY).first()
    services = []
    for number in range(count):
        service = Service(
            locale=locale,
            organization=organization,
            title=f"{prefix} service {number:03d}",
            description="Support for people with metastatic cancer.",
            url=f"https://example.org/{prefix.lower()}/{number}",
            online=True,
            is_free=number % 2 == 0,
        )
        service.save()
        service.kinds.set([kind])
        service.save()
        ServicePhone.objects.create(service=service, number=f"1-800-555-{number:04d}")
        ServiceLanguage.objects.create(service=service, code="en")
        location = Location.objects.create(
            name=f"{prefix} center {number}",
            address_1=f"{number} Main Street",
            city="Springfield",
            state_province="IL",
            postal_code="62701",
            latitude="39.781721",
            longitude="-89.650148",
        )
        ServiceAtLocation.objects.create(service=service, location=location)
        services.append(service)
    return services
