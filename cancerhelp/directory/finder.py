"""The resource finder's query: the reader's filters, keyword search and place.

Kept apart from the page and its views so the page, the tests and bench/resource_finder.py
run the same code. Every request costs a fixed number of database queries whatever the number of
results: filters are subqueries (no joins that multiply rows), a search near a place reads only
the coordinates inside a bounding box (nearby.py), and a results page is fetched with its
prefetches.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Q

from .addresses import place_facts
from .models.records import Service, ServiceLanguage, keyword_condition
from .nearby import bounding_box, haversine_miles, search_near  # noqa: F401 (part of the finder's API)
from .vocabulary import CANCER_TYPE_TAXONOMY, KIND_OF_HELP_TAXONOMY

PAGE_SIZE = 20
MAX_KEYWORD_LENGTH = 100
MAX_KEYWORD_TERMS = 8
RADIUS_CHOICES = [10, 25, 50, 100]
DEFAULT_RADIUS = 25
MAX_PLACE_LENGTH = 60
FORMAT_FIELDS = {"online": "online", "phone": "by_phone", "in-person": "in_person"}
ANY_CANCER_CODE = "any"


def filter_services(queryset, filters):
    """Narrow a service queryset by the finder's filters, with subqueries only."""
    kinds = filters.get("kind") or []
    if kinds:
        tagged = Service.kinds.through.objects.filter(
            taxonomyterm__taxonomy=KIND_OF_HELP_TAXONOMY, taxonomyterm__code__in=kinds
        ).values("service_id")
        queryset = queryset.filter(pk__in=tagged)
    if filters.get("language"):
        spoken = ServiceLanguage.objects.filter(code=filters["language"]).values("service_id")
        queryset = queryset.filter(pk__in=spoken)
    formats = filters.get("format") or []
    if formats:
        condition = Q()
        for name in formats:
            condition |= Q(**{FORMAT_FIELDS[name]: True})
        queryset = queryset.filter(condition)
    if filters.get("free"):
        queryset = queryset.filter(is_free=True)
    if filters.get("cancer_type"):
        through = Service.cancer_types.through.objects
        tagged = through.filter(
            taxonomyterm__taxonomy=CANCER_TYPE_TAXONOMY,
            taxonomyterm__code__in=[filters["cancer_type"], ANY_CANCER_CODE],
        ).values("service_id")
        # A service with no cancer type is for people with any cancer.
        queryset = queryset.filter(Q(pk__in=tagged) | ~Q(pk__in=through.values("service_id")))
    for term in (filters.get("q") or "").split()[:MAX_KEYWORD_TERMS]:
        queryset = queryset.filter(keyword_condition(term))
    return queryset


@dataclass
class Results:
    page: object
    count: int
    place: object = None


def search(locale, filters, page_number=None, per_page=PAGE_SIZE):
    """One page of matching services; near a place, the in-person ones by distance (or in
    the state), the nearest beyond the distance, and the first phone/online ones
    (nearby.search_near)."""
    queryset = filter_services(Service.objects.in_locale(locale), filters)
    place = filters.get("place")
    if place is not None:
        radius = filters.get("radius") or DEFAULT_RADIUS
        # On a page of in-person places only (the centers page) there is no phone/online list.
        remote = filters.get("format") != ["in-person"]
        return search_near(queryset, place, radius, page_number, per_page, with_anywhere=remote)
    ordered = queryset.with_display_data().order_by("title", "pk")
    page = Paginator(ordered, per_page).get_page(page_number)
    if 0 < page.paginator.count <= per_page:
        # Everything fits on one page: read it without a LIMIT. With `LIMIT 1` PostgreSQL
        # may walk the title index through every service for a keyword only one matches
        # (it expects more matches) instead of reading the few the trigram indexes find.
        page.object_list = list(ordered)
    else:
        page.object_list = list(page.object_list)
    for service in page.object_list:
        service.places = place_facts(service)
    return Results(page=page, count=page.paginator.count)
