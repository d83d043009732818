"""Export the directory: HSDS JSON and the HSDS CSV data package.

Only default-language (English) services are HSDS records; translations stay on the site.
"""

from django.db.models import Prefetch
from wagtail.models import Locale

from ..models.records import Organization, Service, TaxonomyTerm
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
