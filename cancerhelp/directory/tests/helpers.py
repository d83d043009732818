"""Small builders for directory records in tests (real models, real database)."""

import itertools

from wagtail.models import Locale

from cancerhelp.directory.models import (
    Location,
    Organization,
    ResourceFinderPage,
    Service,
    ServiceAtLocation,
    ServiceLanguage,
    ServicePhone,
    TaxonomyTerm,
)
from cancerhelp.directory.vocabulary import CANCER_TYPE_TAXONOMY, KIND_OF_HELP_TAXONOMY

_counter = itertools.count(1)


def term(code, taxonomy=KIND_OF_HELP_TAXONOMY):
    return TaxonomyTerm.objects.get(taxonomy=taxonomy, code=code)


def make_service(
    title=None,
    *,
    organization=None,
    kinds=(),
    cancer_types=(),
    languages=("en",),
    online=False,
    by_phone=False,
    in_person=False,
    is_free=False,
    description="A test resource.",
    locations=(),
    phones=(),
    locale=None,
    **fields,
):
    """A service with its relations; `locations` are (name, latitude, longitude) tuples."""
    number = next(_counter)
    if organization is None:
        organization = Organization.objects.create(name=f"Test organization {number}")
    service = Service.objects.create(
        locale=locale or Locale.get_default(),
        organization=organization,
        title=title or f"Test resource {number}",
        url=f"https://example.org/{number}/",
        description=description,
        online=online,
        by_phone=by_phone,
        in_person=in_person,
        is_free=is_free,
        **fields,
    )
    service.kinds.set([term(code) for code in kinds])
    service.cancer_types.set([term(code, CANCER_TYPE_TAXONOMY) for code in cancer_types])
    service.save()  # parental many-to-many relations are written on save
    for order, code in enumerate(languages):
        ServiceLanguage.objects.create(service=service, code=code, sort_order=order)
    for order, number_text in enumerate(phones):
        ServicePhone.objects.create(service=service, number=number_text, sort_order=order)
    for order, (name, latitude, longitude) in enumerate(locations):
        location = Location.objects.create(
            name=name, city="Testville", state_province="NY", latitude=latitude, longitude=longitude
        )
        ServiceAtLocation.objects.create(service=service, location=location, sort_order=order)
    return service


def finder_page():
    return ResourceFinderPage.objects.get(locale__language_code="en", slug="resources")


def centers_page():
    return ResourceFinderPage.objects.get(
        locale__language_code="en", slug="community-cancer-resource-centers"
    )
