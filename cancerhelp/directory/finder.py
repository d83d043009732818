"""The resource finder's query: the reader's filters, keyword search and distance from a ZIP code.

Kept apart from the page and its views so the page, the tests and bench/resource_finder.py
run the same code. Every request costs a fixed number of database queries whatever the number of
results: filters are subqueries (no joins that multiply rows), the ZIP search reads only the
coordinates inside a bounding box, and a results page is fetched with its prefetches.
"""

import math
import re
from dataclasses import dataclass

import zipcodes
from django.core.paginator import Paginator
from django.db.models import Q

from .models.records import Service, ServiceAtLocation, ServiceLanguage
from .vocabulary import CANCER_TYPE_TAXONOMY, KIND_OF_HELP_TAXONOMY

PAGE_SIZE = 20
MAX_KEYWORD_LENGTH = 100
MAX_KEYWORD_TERMS = 8
RADIUS_CHOICES = [10, 25, 50, 100]
DEFAULT_RADIUS = 25
EARTH_RADIUS_MILES = 3958.8
ZIP_PATTERN = re.compile(r"^(\d{5})(?:-\d{4})?$")
FORMAT_FIELDS = {"online": "online", "phone": "by_phone", "in-person": "in_person"}
ANY_CANCER_CODE = "any"


def haversine_miles(lat1, lon1, lat2, lon2):
    """Great-circle distance in miles between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat, lon, miles):
    """(min_lat, max_lat, min_lon, max_lon) holding every point within `miles` of (lat, lon)."""
    dlat = math.degrees(miles / EARTH_RADIUS_MILES)
    dlon = math.degrees(miles / (EARTH_RADIUS_MILES * max(math.cos(math.radians(lat)), 0.01)))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def locate_zip(code):
    """(latitude, longitude, city, state) of a 5-digit ZIP code, or None when unknown."""
    try:
        matches = zipcodes.matching(code)
    except (TypeError, ValueError):
        return None
    for match in matches:
        if match.get("lat") and match.get("long"):
            return float(match["lat"]), float(match["long"]), match.get("city", ""), match.get("state", "")
    return None


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
        queryset = queryset.filter(
            Q(title__icontains=term) | Q(description__icontains=term) | Q(organization__name__icontains=term)
        )
    return queryset


@dataclass
class Results:
    page: object
    count: int
    place: tuple | None = None
    radius: int | None = None


def nearest_services(queryset, place, radius):
    """[(miles, title, pk)] of the services with a location within `radius` miles, nearest first.

    The database returns only the coordinates inside the bounding box around the ZIP code;
    the exact distance is computed here, so it works the same on SQLite and PostgreSQL.
    """
    lat, lon = place[0], place[1]
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, radius)
    rows = (
        ServiceAtLocation.objects.filter(
            service__in=queryset.values("pk"),
            location__latitude__gte=min_lat,
            location__latitude__lte=max_lat,
            location__longitude__gte=min_lon,
            location__longitude__lte=max_lon,
        )
        .order_by()
        .values_list("service_id", "service__title", "location__latitude", "location__longitude")
    )
    best = {}
    for service_id, title, latitude, longitude in rows:
        miles = haversine_miles(lat, lon, float(latitude), float(longitude))
        if miles <= radius and (service_id not in best or miles < best[service_id][0]):
            best[service_id] = (miles, title)
    return sorted((miles, title, pk) for pk, (miles, title) in best.items())


def search(locale, filters, page_number=None, per_page=PAGE_SIZE):
    """One page of matching services, with their distances when a ZIP code was given."""
    queryset = filter_services(Service.objects.in_locale(locale), filters)
    place = filters.get("place")
    if place is None:
        ordered = queryset.with_display_data().order_by("title", "pk")
        page = Paginator(ordered, per_page).get_page(page_number)
        return Results(page=page, count=page.paginator.count)
    radius = filters.get("radius") or DEFAULT_RADIUS
    nearest = nearest_services(queryset, place, radius)
    page = Paginator(nearest, per_page).get_page(page_number)
    ids = [pk for _miles, _title, pk in page.object_list]
    services = Service.objects.filter(pk__in=ids).with_display_data().in_bulk(ids)
    distances = {pk: miles for miles, _title, pk in page.object_list}
    page.object_list = [services[pk] for pk in ids if pk in services]
    for service in page.object_list:
        service.distance_miles = distances[service.pk]
    return Results(page=page, count=len(nearest), place=place, radius=radius)
